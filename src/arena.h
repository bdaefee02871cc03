/* arena.h — internal: a bump arena, where parsed trees and per-call data live. */
#ifndef ARENA_H
#define ARENA_H

#include <stddef.h>

/* A bump arena: many small allocations, freed all at once by reset or free. */
typedef struct arena_t arena_t;

/* Returns a new arena whose first chunk holds `initial` bytes (0 picks a default); NULL on OOM.
 * The caller frees it with arena_free. */
arena_t *arena_new(size_t initial);
/* Returns `size` bytes aligned to 8 that stay valid until the next reset or free; NULL on OOM. */
void *arena_alloc(arena_t *a, size_t size);
/* Copies `len` bytes of `s` and a NUL into the arena; NULL on OOM. */
char *arena_strndup(arena_t *a, const char *s, size_t len);
/* Forgets every allocation; keeps the largest chunk for reuse. NULL is a no-op. */
void arena_reset(arena_t *a);
/* Releases the arena and everything allocated from it. NULL is a no-op. */
void arena_free(arena_t *a);

#endif
