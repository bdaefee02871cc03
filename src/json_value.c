/* json_value.c — JSON values as JSON Schema compares them: equality, a consistent hash, name hashing. */
#include "json_value.h"

#include <string.h>

uint32_t json_name_hash(const char *s, size_t n) {
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

/* ---- equality and hashing ----------------------------------------------------------------------- */

int json_equal(const cJSON *a, const cJSON *b, lifo_t *st) {
    int t = json_type(a);
    if (t != json_type(b)) return 0;
    switch (t) {
    case cJSON_Number: return a->valuedouble == b->valuedouble;
    case cJSON_String: {
        if (a->valuestring[0] != b->valuestring[0]) return 0; /* the common mismatch, cheaply */
        size_t n = json_str_len(a);
        return n == json_str_len(b) && memcmp(a->valuestring, b->valuestring, n) == 0;
    }
    case cJSON_Array: {
        const cJSON *x = a->child, *y = b->child;
        for (; x && y; x = x->next, y = y->next)
            if (!json_equal(x, y, st)) return 0;
        return !x && !y;
    }
    case cJSON_Object: {
        size_t na = 0, nb = 0;
        for (const cJSON *x = a->child; x; x = x->next) na++;
        for (const cJSON *y = b->child; y; y = y->next) nb++;
        if (na != nb) return 0;
        /* Members usually come in the same order: pair them up directly while they do. */
        const cJSON *x = a->child, *y = b->child;
        for (; x && strcmp(x->string, y->string) == 0; x = x->next, y = y->next, na--)
            if (!json_equal(x, y, st)) return 0;
        if (!x) return 1;
        /* The rest, in another order: index b's remaining members by name when there are many,
         * so that large objects never cost n² comparisons. */
        uint32_t cap = 32;
        while (cap < 2 * na && cap < (1u << 30)) cap *= 2;
        lifo_mark mark = lifo_save(st);
        const cJSON **table = na > 16 ? lifo_alloc(st, cap * sizeof *table) : NULL;
        if (table) {
            memset(table, 0, cap * sizeof *table);
            for (const cJSON *m = y; m; m = m->next) {
                uint32_t i = json_name_hash(m->string, strlen(m->string)) & (cap - 1);
                while (table[i]) i = (i + 1) & (cap - 1);
                table[i] = m;
            }
        }
        for (; x; x = x->next) {
            const cJSON *m = NULL;
            if (table) {
                uint32_t i = json_name_hash(x->string, strlen(x->string)) & (cap - 1);
                for (; table[i]; i = (i + 1) & (cap - 1))
                    if (strcmp(table[i]->string, x->string) == 0) { m = table[i]; break; }
            } else {
                m = json_member(b, x->string, strlen(x->string));
            }
            if (!m || !json_equal(x, m, st)) break;
        }
        lifo_restore(st, mark);
        return x == NULL;
    }
    default: return 1;
    }
}

static uint32_t mix(uint32_t h) {
    h ^= h >> 16;
    h *= 0x7feb352du;
    h ^= h >> 15;
    h *= 0x846ca68bu;
    h ^= h >> 16;
    return h;
}

uint32_t json_hash(const cJSON *v) {
    int t = json_type(v);
    switch (t) {
    case cJSON_Number: {
        double d = v->valuedouble;
        if (d == 0) d = 0; /* -0 equals 0 */
        uint64_t bits;
        memcpy(&bits, &d, sizeof bits);
        return mix((uint32_t)bits ^ (uint32_t)(bits >> 32) ^ 0x5bd1e995u);
    }
    case cJSON_String: return mix(json_name_hash(v->valuestring, json_str_len(v)) ^ 0x27d4eb2fu);
    case cJSON_Array: {
        uint32_t h = 0x165667b1u;
        for (const cJSON *x = v->child; x; x = x->next) h = mix(h * 31u + json_hash(x));
        return h;
    }
    case cJSON_Object: {
        /* A sum of per-member hashes: members in any order hash alike. */
        uint32_t h = 0x3c6ef372u;
        for (const cJSON *x = v->child; x; x = x->next)
            h += mix(json_name_hash(x->string, strlen(x->string)) * 0x9e3779b1u ^ json_hash(x));
        return h;
    }
    default: return mix((uint32_t)t * 0x85ebca6bu);
    }
}
