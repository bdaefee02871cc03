/* lifo.c — a LIFO scratch allocator: chunks kept for reuse, released by restoring a mark. */
#include "lifo.h"

#include <stdint.h>
#include <stdlib.h>

#define CHUNK_HDR ((sizeof(lifo_chunk) + 7u) & ~(size_t)7u)

void *lifo_alloc(lifo_t *st, size_t n) {
    if (n > SIZE_MAX / 2) return NULL;
    n = (n + 7u) & ~(size_t)7u;
    lifo_chunk *c = st->cur;
    if (!c || c->size - c->used < n) {
        /* On to the next chunk, dropping kept ones too small for this request. */
        lifo_chunk **link = c ? &c->next : &st->first;
        while (*link && (*link)->size < n) {
            lifo_chunk *small = *link;
            *link = small->next;
            free(small);
        }
        if (!*link) {
            size_t size = c ? c->size * 2 : 4096;
            if (size < n) size = n;
            lifo_chunk *fresh = malloc(CHUNK_HDR + size);
            if (!fresh) return NULL;
            fresh->next = NULL;
            fresh->size = size;
            *link = fresh;
        }
        c = *link;
        c->used = 0;
        st->cur = c;
    }
    void *p = (char *)c + CHUNK_HDR + c->used;
    c->used += n;
    return p;
}

void lifo_free(lifo_t *st) {
    for (lifo_chunk *c = st->first; c;) {
        lifo_chunk *next = c->next;
        free(c);
        c = next;
    }
    st->first = st->cur = NULL;
}
