/* schema_cache.h — internal: a bounded cache of compiled schemas keyed by their JSON text, so
 * that the same variablesSchema is compiled once, not on every hub_activation_validate (issue
 * 14). Entries are found by a 64-bit hash of the text and confirmed by comparing the bytes, so
 * a hash collision costs a compile, never a wrong program. The bounds are an entry count and a
 * byte budget (text bytes); the least recently used entry goes first. Not thread-safe by itself:
 * sc_try_lock/sc_unlock let one caller at a time use it (the others compile without it). */
#ifndef SCHEMA_CACHE_H
#define SCHEMA_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "embedhub.h"

typedef struct sc_cache sc_cache;
typedef uint64_t (*sc_hash_fn)(const char *text, size_t len);

/* The default hash: 64 bits over `len` bytes, eight at a time (see schema_cache.c). */
uint64_t sc_hash(const char *text, size_t len);

/* A cache of at most `max_entries` entries whose texts hold at most `max_bytes` bytes together;
 * `hash` NULL picks sc_hash (tests pass one that collides). NULL on OOM or a zero bound. */
sc_cache *sc_new(size_t max_entries, size_t max_bytes, sc_hash_fn hash);
/* Frees the cache and every schema it holds. NULL is a no-op. */
void sc_free(sc_cache *c);

/* The program compiled from exactly the `len` bytes of `text`, or NULL. It stays owned by the
 * cache and valid until the next sc_put or sc_free. */
const hub_schema *sc_get(sc_cache *c, const char *text, size_t len);
/* Hands `schema`, compiled from the `len` bytes of `text`, to the cache (the text is copied),
 * evicting the least recently used entries to stay within the bounds. Returns 1 when the cache
 * took it; 0 when it did not (OOM, a text larger than the whole budget, or a text already
 * there): then the caller still owns `schema`. Entries handed out by sc_get are evicted too,
 * so use them before the next sc_put. */
int sc_put(sc_cache *c, const char *text, size_t len, hub_schema *schema);

/* Entries and text bytes held (for tests and diagnostics). */
size_t sc_count(const sc_cache *c);
size_t sc_bytes(const sc_cache *c);

/* Takes the cache for this caller: 1 when it got it (release with sc_unlock), 0 when another
 * caller holds it (then do without it: never wait). */
int sc_try_lock(sc_cache *c);
void sc_unlock(sc_cache *c);

/* The variablesSchema cache of a hub_models (models.c); NULL for NULL. */
sc_cache *models_variables_cache(const hub_models *m);

#endif
