/* test_json_binary.c — json_binary_decode: the tree json_parse builds from the same value's text,
 * the text's length, the validator's answers, and malformed bytes (truncated, bad tags, counts
 * and lengths past the end, bad UTF-8, U+0000 in names, bad number tokens, nesting). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "json_binary.h"
#include "schema.h"

/* ---- a tiny encoder, as web/src/core/encode.mjs writes ---------------------------------------- */

typedef struct enc {
    unsigned char *b;
    size_t n, cap;
} enc;

static void put(enc *e, const void *p, size_t n) {
    if (e->n + n > e->cap) {
        e->cap = (e->n + n) * 2 + 64;
        e->b = realloc(e->b, e->cap);
    }
    memcpy(e->b + e->n, p, n);
    e->n += n;
}
static void put_byte(enc *e, unsigned v) { unsigned char c = (unsigned char)v; put(e, &c, 1); }
static void put_u32(enc *e, uint32_t v) {
    unsigned char b[4] = { (unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16), (unsigned char)(v >> 24) };
    put(e, b, 4);
}
static void put_text(enc *e, const char *s, size_t n) {
    put_u32(e, (uint32_t)n);
    put(e, s, n);
    put_byte(e, 0);
}
static void put_f64(enc *e, double v) {
    uint64_t bits;
    memcpy(&bits, &v, 8);
    for (int i = 0; i < 8; i++) put_byte(e, (unsigned)(bits >> (8 * i)) & 0xFF);
}

/* Encodes a tree made by json_parse: integral tokens in int32 range as JB_INT (as JS does for
 * (v | 0) === v), other numbers with their token. */
static void encode(enc *e, const cJSON *v) {
    if (v->string) put_text(e, v->string, strlen(v->string));
    if (cJSON_IsNull(v)) put_byte(e, JB_NULL);
    else if (cJSON_IsFalse(v)) put_byte(e, JB_FALSE);
    else if (cJSON_IsTrue(v)) put_byte(e, JB_TRUE);
    else if (cJSON_IsString(v)) { put_byte(e, JB_STRING); put_text(e, v->valuestring, (size_t)v->valueint); }
    else if (cJSON_IsNumber(v)) {
        if (!strpbrk(v->valuestring, ".eE") && v->valuedouble == (double)(int32_t)v->valuedouble && strcmp(v->valuestring, "-0")) {
            put_byte(e, JB_INT);
            put_u32(e, (uint32_t)(int32_t)v->valuedouble);
        } else {
            put_byte(e, JB_NUMBER);
            put_f64(e, v->valuedouble);
            put_text(e, v->valuestring, strlen(v->valuestring));
        }
    } else {
        put_byte(e, cJSON_IsArray(v) ? JB_ARRAY : JB_OBJECT);
        put_u32(e, (uint32_t)cJSON_GetArraySize(v));
        for (const cJSON *c = v->child; c; c = c->next) encode(e, c);
    }
}

/* ---- tree comparison ------------------------------------------------------------------------- */

static int same_tree(const cJSON *a, const cJSON *b) {
    if (!a || !b) return a == b;
    if (a->type != b->type) return 0;
    if ((a->string == NULL) != (b->string == NULL) || (a->string && strcmp(a->string, b->string))) return 0;
    if (cJSON_IsString(a) && (a->valueint != b->valueint || memcmp(a->valuestring, b->valuestring, (size_t)a->valueint + 1)))
        return 0;
    if (cJSON_IsNumber(a) && (strcmp(a->valuestring, b->valuestring) || a->valueint != b->valueint ||
                              memcmp(&a->valuedouble, &b->valuedouble, sizeof(double))))
        return 0;
    const cJSON *x = a->child, *y = b->child;
    if (x && (!y || x->prev == NULL || y->prev == NULL)) return 0;
    for (; x && y; x = x->next, y = y->next)
        if (!same_tree(x, y)) return 0;
    return x == NULL && y == NULL;
}

/* Texts as JSON.stringify writes them (no spaces, its escapes), so the lengths must match too. */
static const char *const texts[] = {
    "null", "true", "false", "0", "-1", "2147483647", "-2147483648", "2147483648", "-2147483649", "0.1", "1e+21",
    "5e-324", "1.7976931348623157e+308", "-1.5", "9007199254740993", "\"\"", "\"a\\\"b\\\\c\\n\\t\\b\\f\\r\\u0001\\u001f\"",
    "\"\\u0000x\"", "\"h\xc3\xa9llo \xf0\x9f\x98\x80\"", "[]", "{}", "[[],{},[[]]]",
    "{\"a\":1,\"b\":[true,false,null,\"x\"],\"c\":{\"d\":{\"e\":0.5}},\"\":\"empty\",\"__proto__\":{}}",
    "{\"k\\\"\\\\\":[1,2,3,-4,5.25,\"\xe2\x82\xac\"]}",
};

static void decodes_as_the_text_parses(void) {
    arena_t *a = arena_new(0), *b = arena_new(0);
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        hub_error err;
        size_t len = strlen(texts[i]);
        cJSON *want = json_parse(a, texts[i], len, &err);
        CHECK(want != NULL);
        if (!want) continue;
        enc e = { 0 };
        encode(&e, want);
        size_t text_len = 0;
        cJSON *got = json_binary_decode(b, e.b, e.n, &text_len, &err);
        CHECK(got != NULL);
        if (!same_tree(want, got)) fprintf(stderr, "tree differs: %s\n", texts[i]);
        CHECK(same_tree(want, got));
        CHECK_EQ_INT(text_len, len);
        /* every proper prefix is refused, never read past */
        for (size_t n = 0; n < e.n; n++) {
            unsigned char *copy = malloc(n ? n : 1);
            memcpy(copy, e.b, n);
            CHECK(json_binary_decode(b, copy, n, NULL, &err) == NULL);
            free(copy);
        }
        free(e.b);
        arena_reset(a);
        arena_reset(b);
    }
    arena_free(a);
    arena_free(b);
}

/* ---- malformed input ------------------------------------------------------------------------- */

static hub_code decode_code(const enc *e) {
    arena_t *a = arena_new(0);
    hub_error err;
    cJSON *root = json_binary_decode(a, e->b, e->n, NULL, &err);
    hub_code code = root ? HUB_OK : err.code;
    arena_free(a);
    return code;
}

static void refuses_malformed_bytes(void) {
    enc e = { 0 };
    put_byte(&e, 8); /* unknown tag */
    CHECK_EQ_INT(decode_code(&e), HUB_ERR_ARGUMENT);
    e.n = 0;
    put_byte(&e, 0xFF);
    CHECK_EQ_INT(decode_code(&e), HUB_ERR_ARGUMENT);
    e.n = 0;
    put_byte(&e, JB_ARRAY); put_u32(&e, 0xFFFFFFFFu); put_byte(&e, JB_NULL); /* count overflow */
    CHECK_EQ_INT(decode_code(&e), HUB_ERR_ARGUMENT);
    e.n = 0;
    put_byte(&e, JB_ARRAY); put_u32(&e, 2); put_byte(&e, JB_NULL); put_byte(&e, JB_NULL); put_byte(&e, JB_NULL);
    CHECK_EQ_INT(decode_code(&e), HUB_ERR_ARGUMENT); /* a byte after the value */
    e.n = 0;
    put_byte(&e, JB_STRING); put_u32(&e, 0xFFFFFFF0u); put_byte(&e, 'a'); put_byte(&e, 0);
    CHECK_EQ_INT(decode_code(&e), HUB_ERR_ARGUMENT); /* length past the end */
    e.n = 0;
    put_byte(&e, JB_STRING); put_u32(&e, 1); put_byte(&e, 'a'); put_byte(&e, 'b');
    CHECK_EQ_INT(decode_code(&e), HUB_ERR_ARGUMENT); /* no NUL after it */
    const char *bad_utf8[] = { "\xc0\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x82", "\x80" };
    for (size_t i = 0; i < sizeof bad_utf8 / sizeof *bad_utf8; i++) {
        e.n = 0;
        put_byte(&e, JB_STRING); put_text(&e, bad_utf8[i], strlen(bad_utf8[i]));
        CHECK_EQ_INT(decode_code(&e), HUB_ERR_ARGUMENT);
    }
    e.n = 0; /* U+0000 in a member name, fine in a value */
    put_byte(&e, JB_OBJECT); put_u32(&e, 1); put_text(&e, "a\0b", 3); put_byte(&e, JB_STRING); put_text(&e, "a\0b", 3);
    CHECK_EQ_INT(decode_code(&e), HUB_ERR_ARGUMENT);
    e.n = 0;
    put_byte(&e, JB_OBJECT); put_u32(&e, 1); put_text(&e, "ab", 2); put_byte(&e, JB_STRING); put_text(&e, "a\0b", 3);
    CHECK_EQ_INT(decode_code(&e), HUB_OK);
    const char *bad_tokens[] = { "", "1.", "01", "-", "1e", "NaN", "Infinity", ".5", "1 ", "0x10", "1e+" };
    for (size_t i = 0; i < sizeof bad_tokens / sizeof *bad_tokens; i++) {
        e.n = 0;
        put_byte(&e, JB_NUMBER); put_f64(&e, 1); put_text(&e, bad_tokens[i], strlen(bad_tokens[i]));
        CHECK_EQ_INT(decode_code(&e), HUB_ERR_ARGUMENT);
    }
    e.n = 0;
    put_byte(&e, JB_NUMBER); put_f64(&e, INFINITY); put_text(&e, "1", 1);
    CHECK_EQ_INT(decode_code(&e), HUB_ERR_ARGUMENT);
    e.n = 0;
    put_byte(&e, JB_NUMBER); put_f64(&e, 0.5); put_text(&e, "0.5", 3);
    CHECK_EQ_INT(decode_code(&e), HUB_OK);
    arena_t *a = arena_new(0);
    hub_error err;
    CHECK(json_binary_decode(a, NULL, 0, NULL, &err) == NULL);
    CHECK(json_binary_decode(a, NULL, 5, NULL, &err) == NULL);
    arena_free(a);
    free(e.b);
}

/* 512 nested arrays decode, 513 are json_depth, as in the text parser (empty or not). */
static void nesting_limit(void) {
    for (int extra = 0; extra < 2; extra++) {
        for (int empty = 0; empty < 2; empty++) {
            enc e = { 0 };
            int n = HUB_JSON_MAX_DEPTH + extra;
            for (int i = 0; i < n; i++) { put_byte(&e, JB_ARRAY); put_u32(&e, (i == n - 1 && empty) ? 0 : 1); }
            if (!empty) put_byte(&e, JB_NULL);
            CHECK_EQ_INT(decode_code(&e), extra ? HUB_ERR_JSON_DEPTH : HUB_OK);
            free(e.b);
        }
    }
}

/* The same answers as the text: a schema with many keywords, instances valid and not. */
static void validates_as_the_text(void) {
    const char *schema = "{\"type\":\"object\",\"required\":[\"a\"],\"properties\":{\"a\":{\"type\":\"integer\",\"maximum\":3},"
                         "\"b\":{\"type\":\"array\",\"items\":{\"type\":\"string\",\"minLength\":2},\"uniqueItems\":true},"
                         "\"c\":{\"multipleOf\":0.1},\"d\":{\"const\":{\"x\":[1,2.5]}}},\"additionalProperties\":{\"type\":\"null\"}}";
    const char *instances[] = { "{\"a\":1}", "{\"a\":4}", "{\"a\":1.5}", "{\"b\":[\"xx\",\"xx\",\"y\"]}", "{\"a\":1,\"c\":0.30000000000000004}",
                                "{\"a\":1,\"c\":0.3}", "{\"a\":1,\"d\":{\"x\":[1,2.5]}}", "{\"a\":1,\"d\":{\"x\":[1,2.4]}}",
                                "{\"a\":1,\"z\":null,\"y\":0}", "[]", "\"s\"" };
    hub_error err;
    hub_schema *s = hub_schema_compile(NULL, schema, strlen(schema), HUB_ALL_ERRORS, &err);
    CHECK(s != NULL);
    hub_result *r1 = hub_result_new(), *r2 = hub_result_new();
    arena_t *a = arena_new(0);
    for (size_t i = 0; s && i < sizeof instances / sizeof *instances; i++) {
        size_t len = strlen(instances[i]);
        cJSON *tree = json_parse(a, instances[i], len, &err);
        enc e = { 0 };
        encode(&e, tree);
        int v1 = hub_schema_validate_json(s, instances[i], len, r1, &err);
        int v2 = eval_validate_binary(s, e.b, e.n, r2, &err);
        CHECK_EQ_INT(v1, v2);
        size_t l1, l2;
        const char *j1 = hub_result_json(r1, &l1), *j2 = hub_result_json(r2, &l2);
        CHECK(j1 && j2 && l1 == l2 && memcmp(j1, j2, l1) == 0);
        free(e.b);
        arena_reset(a);
    }
    arena_free(a);
    hub_result_free(r1);
    hub_result_free(r2);
    hub_schema_free(s);
}

int main(void) {
    decodes_as_the_text_parses();
    refuses_malformed_bytes();
    nesting_limit();
    validates_as_the_text();
    return check_summary("test_json_binary");
}
