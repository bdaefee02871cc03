/* maps.h — internal: the schema compiler's containers: growable vectors and open-addressing maps
 * from strings or pointers to uint32_t. */
#ifndef MAPS_H
#define MAPS_H

#include <stddef.h>
#include <stdint.h>

/* A growable vector: grow `v` to `need` elements with vgrow before writing v[n]. */
#define VEC(T) struct { T *v; uint32_t n, cap; }

/* Grows the array *v of `size`-byte elements to hold at least `need` (doubling); 0 on OOM or
 * overflow, *v unchanged. */
int vgrow(void **v, uint32_t *cap, uint32_t need, size_t size);

/* String-keyed open-addressing map to uint32_t. Keys are not copied: they must outlive the map.
 * A zeroed smap is empty and ready. */
typedef struct smap_slot {
    const char *key;
    uint32_t len, hash, val;
} smap_slot;

typedef struct smap {
    smap_slot *t;
    uint32_t mask, n;
} smap;

/* The value of key k (`len` bytes), or NULL. */
uint32_t *smap_get(const smap *m, const char *k, size_t len);
/* Sets k → val (replacing an existing value); 0 on OOM. */
int smap_put(smap *m, const char *k, size_t len, uint32_t val);
/* Releases the table; the map is empty and usable again. */
void smap_free(smap *m);

/* Pointer-keyed map to uint32_t (cJSON node → index). A zeroed pmap is empty and ready. */
typedef struct pmap_slot {
    const void *key;
    uint32_t val;
} pmap_slot;

typedef struct pmap {
    pmap_slot *t;
    uint32_t mask, n;
} pmap;

uint32_t *pmap_get(const pmap *m, const void *k);
/* Adds k → val (k must not be in the map yet); 0 on OOM. */
int pmap_put(pmap *m, const void *k, uint32_t val);
void pmap_free(pmap *m);

#endif
