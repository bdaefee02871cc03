/* json_value.h — internal: JSON values compared and hashed as JSON Schema defines them. */
#ifndef JSON_VALUE_H
#define JSON_VALUE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cJSON.h"
#include "lifo.h"

/* The node's type without cJSON's flag bits. */
static inline int json_type(const cJSON *v) { return v->type & 0xFF; }

/* The byte length of a string node: json_parse records it in `valueint` (a JSON string may
 * contain U+0000, which ends a C string early); nodes made by cJSON_CreateString have 0 there,
 * and are measured with strlen. */
static inline size_t json_str_len(const cJSON *v) {
    return v->valueint > 0 ? (size_t)v->valueint : strlen(v->valuestring);
}

/* The member `name` (`len` bytes) of object `obj`, or NULL. */
static inline const cJSON *json_member(const cJSON *obj, const char *name, size_t len) {
    for (const cJSON *m = obj->child; m; m = m->next)
        if (m->string[0] == name[0] && strlen(m->string) == len && memcmp(m->string, name, len) == 0) return m;
    return NULL;
}

/* JSON equality as JSON Schema defines it: numbers by value (1 == 1.0), objects unordered.
 * Large objects whose members come in different orders are matched through a table allocated
 * on `st` (and released before returning); if that fails, pairwise. */
int json_equal(const cJSON *a, const cJSON *b, lifo_t *st);
/* A hash consistent with json_equal. */
uint32_t json_hash(const cJSON *v);
/* FNV-1a over `n` bytes (hash maps of URIs and other long strings with shared prefixes). */
uint32_t json_name_hash(const char *s, size_t n);

#endif
