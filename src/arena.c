/* arena.c — a bump arena: many small allocations, freed all at once. */
#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct arena_chunk {
    struct arena_chunk *prev;
    size_t size, used;
    /* payload follows, 8-aligned */
} arena_chunk;

struct arena_t {
    arena_chunk *head;
    size_t initial;
};

#define ARENA_HDR ((sizeof(arena_chunk) + 7u) & ~(size_t)7u)

static arena_chunk *chunk_new(size_t size, arena_chunk *prev) {
    arena_chunk *c = malloc(ARENA_HDR + size);
    if (!c) return NULL;
    c->prev = prev;
    c->size = size;
    c->used = 0;
    return c;
}

arena_t *arena_new(size_t initial) {
    arena_t *a = malloc(sizeof *a);
    if (!a) return NULL;
    a->initial = initial ? initial : 16384;
    a->head = chunk_new(a->initial, NULL);
    if (!a->head) { free(a); return NULL; }
    return a;
}

void *arena_alloc(arena_t *a, size_t size) {
    size = (size + 7u) & ~(size_t)7u;
    arena_chunk *c = a->head;
    if (size > c->size - c->used) {
        /* Grow geometrically so that the number of chunks stays logarithmic in the total. */
        size_t want = c->size * 2;
        if (want < size) want = size;
        if (want < size || want > SIZE_MAX - ARENA_HDR) return NULL;
        arena_chunk *n = chunk_new(want, c);
        if (!n) return NULL;
        a->head = c = n;
    }
    void *p = (char *)c + ARENA_HDR + c->used;
    c->used += size;
    return p;
}

char *arena_strndup(arena_t *a, const char *s, size_t len) {
    char *p = arena_alloc(a, len + 1);
    if (!p) return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

void arena_reset(arena_t *a) {
    if (!a) return;
    /* Keep the newest chunk (the largest): the next request of the same shape fits in it. */
    arena_chunk *c = a->head->prev;
    while (c) { arena_chunk *p = c->prev; free(c); c = p; }
    a->head->prev = NULL;
    a->head->used = 0;
}

void arena_free(arena_t *a) {
    if (!a) return;
    arena_chunk *c = a->head;
    while (c) { arena_chunk *p = c->prev; free(c); c = p; }
    free(a);
}
