/* maps.c — growable vectors and open-addressing hash maps for the schema compiler. */
#include "maps.h"

#include <stdlib.h>
#include <string.h>

#include "json_value.h"

int vgrow(void **v, uint32_t *cap, uint32_t need, size_t size) {
    if (need <= *cap) return 1;
    uint32_t nc = *cap ? *cap : 8;
    while (nc < need) {
        if (nc > UINT32_MAX / 2) return 0;
        nc *= 2;
    }
    if ((size_t)nc > SIZE_MAX / size) return 0;
    void *p = realloc(*v, (size_t)nc * size);
    if (!p) return 0;
    *v = p;
    *cap = nc;
    return 1;
}

uint32_t *smap_get(const smap *m, const char *k, size_t len) {
    if (!m->t) return NULL;
    uint32_t h = json_name_hash(k, len);
    for (uint32_t i = h & m->mask; m->t[i].key; i = (i + 1) & m->mask)
        if (m->t[i].hash == h && m->t[i].len == len && memcmp(m->t[i].key, k, len) == 0) return &m->t[i].val;
    return NULL;
}

static void smap_insert(smap_slot *t, uint32_t mask, smap_slot s) {
    uint32_t i = s.hash & mask;
    while (t[i].key) i = (i + 1) & mask;
    t[i] = s;
}

int smap_put(smap *m, const char *k, size_t len, uint32_t val) {
    uint32_t *old = smap_get(m, k, len);
    if (old) { *old = val; return 1; }
    if (len > UINT32_MAX) return 0;
    if (!m->t || (m->n + 1) * 2 > m->mask + 1) {
        uint32_t cap = m->t ? (m->mask + 1) * 2 : 16;
        smap_slot *t = calloc(cap, sizeof *t);
        if (!t) return 0;
        if (m->t)
            for (uint32_t i = 0; i <= m->mask; i++)
                if (m->t[i].key) smap_insert(t, cap - 1, m->t[i]);
        free(m->t);
        m->t = t;
        m->mask = cap - 1;
    }
    smap_insert(m->t, m->mask, (smap_slot){ k, (uint32_t)len, json_name_hash(k, len), val });
    m->n++;
    return 1;
}

void smap_free(smap *m) { free(m->t); m->t = NULL; m->n = m->mask = 0; }

static uint32_t ptr_hash(const void *p) {
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    return (uint32_t)x;
}

uint32_t *pmap_get(const pmap *m, const void *k) {
    if (!m->t) return NULL;
    for (uint32_t i = ptr_hash(k) & m->mask; m->t[i].key; i = (i + 1) & m->mask)
        if (m->t[i].key == k) return &m->t[i].val;
    return NULL;
}

int pmap_put(pmap *m, const void *k, uint32_t val) {
    if (!m->t || (m->n + 1) * 2 > m->mask + 1) {
        uint32_t cap = m->t ? (m->mask + 1) * 2 : 64;
        pmap_slot *t = calloc(cap, sizeof *t);
        if (!t) return 0;
        if (m->t)
            for (uint32_t i = 0; i <= m->mask; i++)
                if (m->t[i].key) {
                    uint32_t j = ptr_hash(m->t[i].key) & (cap - 1);
                    while (t[j].key) j = (j + 1) & (cap - 1);
                    t[j] = m->t[i];
                }
        free(m->t);
        m->t = t;
        m->mask = cap - 1;
    }
    uint32_t i = ptr_hash(k) & m->mask;
    while (m->t[i].key) i = (i + 1) & m->mask;
    m->t[i] = (pmap_slot){ k, val };
    m->n++;
    return 1;
}

void pmap_free(pmap *m) { free(m->t); m->t = NULL; m->n = m->mask = 0; }
