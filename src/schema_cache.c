/* schema_cache.c — compiled schemas by the hash and bytes of their text, bounded, LRU. */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "schema_cache.h"

typedef struct entry {
    uint64_t hash;
    uint64_t used;      /* the tick of the last sc_get hit or sc_put: least is evicted first */
    char *text;
    size_t len;
    hub_schema *schema;
} entry;

struct sc_cache {
    sc_hash_fn hash;
    size_t max_entries, max_bytes, bytes, n;
    uint64_t tick;
    atomic_flag busy;
    entry v[];          /* n live entries, unordered; a handful, so a scan beats a table */
};

/* Eight bytes per step (a multiply and a shift each), the tail byte by byte, then murmur3's
 * finaliser: a schema's few kilobytes hash in a few hundred multiplies. A collision costs only
 * a byte comparison, never a wrong program. */
uint64_t sc_hash(const char *text, size_t len) {
    const uint64_t k = 0x9e3779b97f4a7c15u;
    uint64_t h = 0xcbf29ce484222325u ^ (len * k);
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, text + i, 8);
        h = (h ^ w) * k;
        h ^= h >> 29;
    }
    for (; i < len; i++) h = (h ^ (unsigned char)text[i]) * 0x100000001b3u;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdu;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53u;
    h ^= h >> 33;
    return h;
}

sc_cache *sc_new(size_t max_entries, size_t max_bytes, sc_hash_fn hash) {
    if (!max_entries || !max_bytes || max_entries > 4096) return NULL;
    sc_cache *c = calloc(1, sizeof *c + max_entries * sizeof c->v[0]);
    if (!c) return NULL;
    c->hash = hash ? hash : sc_hash;
    c->max_entries = max_entries;
    c->max_bytes = max_bytes;
    atomic_flag_clear(&c->busy);
    return c;
}

static void drop(sc_cache *c, size_t i) {
    c->bytes -= c->v[i].len;
    free(c->v[i].text);
    hub_schema_free(c->v[i].schema);
    c->v[i] = c->v[--c->n];
}

void sc_free(sc_cache *c) {
    if (!c) return;
    while (c->n) drop(c, c->n - 1);
    free(c);
}

static entry *find(sc_cache *c, uint64_t h, const char *text, size_t len) {
    for (size_t i = 0; i < c->n; i++) {
        entry *e = &c->v[i];
        if (e->hash == h && e->len == len && memcmp(e->text, text, len) == 0) return e;
    }
    return NULL;
}

const hub_schema *sc_get(sc_cache *c, const char *text, size_t len) {
    if (!c || (!text && len)) return NULL;
    entry *e = find(c, c->hash(text, len), text, len);
    if (!e) return NULL;
    e->used = ++c->tick;
    return e->schema;
}

int sc_put(sc_cache *c, const char *text, size_t len, hub_schema *schema) {
    if (!c || !schema || (!text && len) || len > c->max_bytes) return 0;
    uint64_t h = c->hash(text, len);
    if (find(c, h, text, len)) return 0;
    char *copy = malloc(len ? len : 1);
    if (!copy) return 0;
    if (len) memcpy(copy, text, len);
    while (c->n && (c->n == c->max_entries || c->bytes + len > c->max_bytes)) {
        size_t lru = 0;
        for (size_t i = 1; i < c->n; i++)
            if (c->v[i].used < c->v[lru].used) lru = i;
        drop(c, lru);
    }
    c->v[c->n++] = (entry){ h, ++c->tick, copy, len, schema };
    c->bytes += len;
    return 1;
}

size_t sc_count(const sc_cache *c) { return c ? c->n : 0; }
size_t sc_bytes(const sc_cache *c) { return c ? c->bytes : 0; }

int sc_try_lock(sc_cache *c) { return c && !atomic_flag_test_and_set(&c->busy); }
void sc_unlock(sc_cache *c) {
    if (c) atomic_flag_clear(&c->busy);
}
