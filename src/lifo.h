/* lifo.h — internal: a LIFO scratch allocator for the evaluator (marks and restores). */
#ifndef LIFO_H
#define LIFO_H

#include <stddef.h>

/* A LIFO scratch allocator: what was allocated after a mark is released by restoring the mark,
 * so memory follows the current nesting of the evaluation, not the total work done. Chunks are
 * kept for reuse. A zeroed lifo_t is empty and ready. */
typedef struct lifo_chunk {
    struct lifo_chunk *next;
    size_t size, used;   /* payload bytes, after the header */
} lifo_chunk;
typedef struct lifo_t {
    lifo_chunk *first, *cur;
} lifo_t;
typedef struct lifo_mark {
    lifo_chunk *chunk;
    size_t used;
} lifo_mark;

/* Marks and restores are inline: the evaluator takes one per subschema application. */
static inline lifo_mark lifo_save(const lifo_t *st) {
    lifo_mark m = { st->cur, st->cur ? st->cur->used : 0 };
    return m;
}
static inline void lifo_restore(lifo_t *st, lifo_mark m) {
    st->cur = m.chunk;
    if (m.chunk) m.chunk->used = m.used;
}
/* Returns `n` bytes aligned to 8, valid until a mark taken before is restored; NULL on OOM. */
void *lifo_alloc(lifo_t *st, size_t n);
/* Releases every chunk; the stack is empty and usable again. */
void lifo_free(lifo_t *st);

#endif
