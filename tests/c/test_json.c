/* test_json.c — hub_json_check and json_parse: the shared fixture table, limits, the tree. */
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

static size_t unhex(const char *hex, char *out) {
    size_t n = 0;
    for (; hex[0] && hex[1]; hex += 2) {
        unsigned v;
        sscanf(hex, "%2x", &v);
        out[n++] = (char)v;
    }
    return n;
}

/* Every case of tests/fixtures/json-cases.json: code, offset, line, column, message word. */
static void json_check_matches_fixture_table(void) {
    size_t len;
    char *text = read_all(TEST_SOURCE_DIR "/tests/fixtures/json-cases.json", &len);
    CHECK(text != NULL);
    if (!text) return;
    arena_t *a = arena_new(0);
    hub_error err;
    cJSON *root = json_parse(a, text, len, &err);
    CHECK(root != NULL);
    int cases = 0;
    cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(root, "cases")) {
        const char *name = cJSON_GetObjectItemCaseSensitive(c, "name")->valuestring;
        cJSON *in = cJSON_GetObjectItemCaseSensitive(c, "input");
        cJSON *hex = cJSON_GetObjectItemCaseSensitive(c, "hex");
        cJSON *want = cJSON_GetObjectItemCaseSensitive(c, "error");
        char buf[512];
        size_t n = in ? strlen(in->valuestring) : unhex(hex->valuestring, buf);
        const char *input = in ? in->valuestring : buf;
        hub_error e;
        hub_code code = hub_json_check(input, n, &e);
        cases++;
        if (cJSON_IsNull(want)) {
            if (code != HUB_OK) fprintf(stderr, "case '%s': unexpected %s: %s\n", name, hub_code_name(code), e.message);
            CHECK_EQ_INT(code, HUB_OK);
            continue;
        }
        const char *wcode = cJSON_GetObjectItemCaseSensitive(want, "code")->valuestring;
        if (strcmp(hub_code_name(code), wcode) != 0 ||
            e.offset != (size_t)cJSON_GetObjectItemCaseSensitive(want, "offset")->valueint ||
            e.line != (size_t)cJSON_GetObjectItemCaseSensitive(want, "line")->valueint ||
            e.column != (size_t)cJSON_GetObjectItemCaseSensitive(want, "column")->valueint ||
            !strstr(e.message, cJSON_GetObjectItemCaseSensitive(want, "says")->valuestring)) {
            fprintf(stderr, "case '%s': got %s at %zu (%zu:%zu) \"%s\"\n", name, hub_code_name(code),
                    e.offset, e.line, e.column, e.message);
            CHECK(0);
        } else {
            CHECK(1);
        }
        /* The tree parser must agree with the checker on every case. */
        hub_error pe;
        cJSON *tree = json_parse(a, input, n, &pe);
        CHECK(tree == NULL && pe.code == code && pe.offset == e.offset);
    }
    CHECK(cases >= 30);
    arena_free(a);
    free(text);
}

static char *repeat(const char *open, size_t n, const char *close) {
    size_t lo = strlen(open), lc = strlen(close);
    char *s = malloc(n * (lo + lc) + 1);
    for (size_t i = 0; i < n; i++) memcpy(s + i * lo, open, lo);
    for (size_t i = 0; i < n; i++) memcpy(s + n * lo + i * lc, close, lc);
    s[n * (lo + lc)] = '\0';
    return s;
}

static void json_depth_limit_is_an_error_not_a_crash(void) {
    hub_error e;
    char *ok = repeat("[", HUB_JSON_MAX_DEPTH, "]");
    CHECK_EQ_INT(hub_json_check(ok, strlen(ok), &e), HUB_OK);
    free(ok);
    char *deep = repeat("[", HUB_JSON_MAX_DEPTH + 1, "]");
    CHECK_EQ_INT(hub_json_check(deep, strlen(deep), &e), HUB_ERR_JSON_DEPTH);
    CHECK_EQ_INT(e.offset, HUB_JSON_MAX_DEPTH);
    free(deep);
    char *hostile = repeat("{\"a\":", 100000, "}");
    CHECK_EQ_INT(hub_json_check(hostile, strlen(hostile), &e), HUB_ERR_JSON_DEPTH);
    free(hostile);
    char *arrays = repeat("[", 100000, "");
    arena_t *a = arena_new(0);
    CHECK(json_parse(a, arrays, strlen(arrays), &e) == NULL);
    CHECK_EQ_INT(e.code, HUB_ERR_JSON_DEPTH);
    arena_free(a);
    free(arrays);
}

/* Objects past the small-object threshold switch to hashing; duplicates are still found. */
static void json_duplicate_keys_in_large_objects(void) {
    size_t cap = 1 << 20, n = 0;
    char *s = malloc(cap);
    n += (size_t)sprintf(s + n, "{");
    for (int i = 0; i < 20000; i++) n += (size_t)sprintf(s + n, "%s\"k%d\":%d", i ? "," : "", i, i);
    size_t good_len = n;
    memcpy(s + good_len, "}", 2);
    hub_error e;
    CHECK_EQ_INT(hub_json_check(s, good_len + 1, &e), HUB_OK);
    n += (size_t)sprintf(s + n, ",\"k777\":0}");
    CHECK_EQ_INT(hub_json_check(s, n, &e), HUB_ERR_JSON_DUPLICATE_KEY);
    CHECK_EQ_INT(e.offset, good_len + 1);
    free(s);
}

static void json_parse_builds_the_tree(void) {
    const char *text = "{\"s\":\"x\\u00e9\\ud83d\\ude00\\\"\",\"n\":[0,-12,2.5e-3,1e400,12345678901234567890],"
                       "\"t\":true,\"f\":false,\"z\":null,\"o\":{}}";
    arena_t *a = arena_new(64); /* tiny first chunk: forces growth */
    hub_error e;
    cJSON *root = json_parse(a, text, strlen(text), &e);
    CHECK(root && cJSON_IsObject(root));
    CHECK_EQ_STR(cJSON_GetObjectItemCaseSensitive(root, "s")->valuestring, "x\xc3\xa9\xf0\x9f\x98\x80\"");
    cJSON *n = cJSON_GetObjectItemCaseSensitive(root, "n");
    CHECK_EQ_INT(cJSON_GetArraySize(n), 5);
    CHECK(cJSON_GetArrayItem(n, 1)->valuedouble == -12.0);
    CHECK_EQ_INT(cJSON_GetArrayItem(n, 1)->valueint, -12);
    CHECK(cJSON_GetArrayItem(n, 2)->valuedouble == 2.5e-3);
    CHECK(cJSON_GetArrayItem(n, 3)->valuedouble > 1e308); /* overflow is +inf, as strtod says */
    CHECK(cJSON_GetArrayItem(n, 4)->valuedouble == 12345678901234567890.0);
    CHECK_EQ_STR(cJSON_GetArrayItem(n, 2)->valuestring, "2.5e-3"); /* the exact source token */
    CHECK(n->child->prev == cJSON_GetArrayItem(n, 4)); /* cJSON's invariant: first->prev is last */
    CHECK_EQ_INT(cJSON_GetObjectItemCaseSensitive(root, "s")->valueint, 8); /* x é 😀 " */
    cJSON *nul = json_parse(a, "\"a\\u0000b\"", 10, &e);
    CHECK(nul && nul->valueint == 3 && memcmp(nul->valuestring, "a\0b", 4) == 0);
    CHECK(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(root, "t")));
    CHECK(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(root, "f")));
    CHECK(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(root, "z")));
    CHECK(cJSON_GetObjectItemCaseSensitive(root, "o")->child == NULL);
    /* cJSON's own printer works on our trees inside an arena scope. */
    arena_t *prev = json_scope_begin(a);
    char *printed = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(root, "n"));
    json_scope_end(prev);
    CHECK_EQ_STR(printed, "[0,-12,0.0025,null,1.2345678901234567e+19]");
    arena_reset(a);
    root = json_parse(a, "[1]", 3, &e);
    CHECK(root && root->child && root->child->valueint == 1);
    arena_free(a);
}

/* The string scanner reads eight bytes at a time: every kind of byte that ends the plain run
 * (quote, backslash, control, non-ASCII, invalid UTF-8) is found at every position of a block. */
static void json_string_scan_at_every_position(void) {
    static const struct { const char *insert; hub_code code; const char *decoded; } kinds[] = {
        { "\\n", HUB_OK, "\n" },           { "\\\"", HUB_OK, "\"" },
        { "\xc3\xa9", HUB_OK, "\xc3\xa9" }, { "\x01", HUB_ERR_JSON_STRING, NULL },
        { "\x7f", HUB_OK, "\x7f" },         { "\xff", HUB_ERR_JSON_UTF8, NULL },
    };
    arena_t *a = arena_new(0);
    char text[64], want[64];
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
        for (size_t before = 0; before < 20; before++) {
            size_t n = 0, w = 0;
            text[n++] = '"';
            for (size_t i = 0; i < before; i++) text[n++] = want[w++] = (char)('a' + i);
            size_t at = n;
            for (const char *c = kinds[k].insert; *c; c++) text[n++] = *c;
            if (kinds[k].decoded)
                for (const char *c = kinds[k].decoded; *c; c++) want[w++] = *c;
            for (size_t i = 0; i < 9; i++) text[n++] = want[w++] = 'z';
            text[n++] = '"';
            want[w] = '\0';
            hub_error e;
            arena_reset(a);
            cJSON *v = json_parse(a, text, n, &e);
            if (kinds[k].code == HUB_OK) {
                CHECK(v && cJSON_IsString(v));
                if (v) CHECK_EQ_STR(v->valuestring, want);
            } else {
                CHECK(!v);
                CHECK_EQ_INT(e.code, kinds[k].code);
                CHECK_EQ_INT(e.offset, at);
            }
        }
    }
    /* Small objects compare names through a tag of length, first and last byte: names that share
     * it are still told apart, and a true duplicate is still found. */
    const char *distinct = "{\"ab1b\":1,\"ac2b\":2,\"a\":3}", *dup = "{\"ab1b\":1,\"ac2b\":2,\"a\":3,\"ab1b\":4}";
    hub_error e;
    CHECK(json_parse(a, distinct, strlen(distinct), &e) != NULL);
    CHECK(json_parse(a, dup, strlen(dup), &e) == NULL);
    CHECK_EQ_INT(e.code, HUB_ERR_JSON_DUPLICATE_KEY);
    CHECK_EQ_INT(e.offset, 25);
    arena_free(a);
}

/* Numbers convert to the nearest double without libc's strtod: the hard cases, checked
 * against the bit patterns of correctly rounded results. */
static void json_numbers_round_correctly(void) {
    static const struct { const char *text; unsigned long long bits; } cases[] = {
        { "0.1", 0x3FB999999999999AULL },
        { "1e23", 0x44B52D02C7E14AF6ULL },
        { "9007199254740993", 0x4340000000000000ULL },          /* halfway: to even */
        { "9007199254740995", 0x4340000000000002ULL },          /* halfway: to even, up */
        { "2.2250738585072011e-308", 0x000FFFFFFFFFFFFFULL },  /* largest subnormal */
        { "2.2250738585072014e-308", 0x0010000000000000ULL },  /* smallest normal */
        { "4.9e-324", 0x0000000000000001ULL },
        { "2.4703282292062327e-324", 0x0000000000000000ULL },  /* just below half the minimum */
        { "2.4703282292062328e-324", 0x0000000000000001ULL },
        { "1.7976931348623157e308", 0x7FEFFFFFFFFFFFFFULL },
        { "1.7976931348623159e308", 0x7FF0000000000000ULL },   /* rounds to infinity */
        { "-0", 0x8000000000000000ULL },
        { "1e-400", 0x0000000000000000ULL },
        { "123456789012345678901234567890", 0x45F8EE90FF6C373EULL },
        /* 1 + 2^-53 + 2^-105: the digit tail past the halfway point must round up */
        { "1.00000000000000011102230246251565404236316680908203126", 0x3FF0000000000001ULL },
        { "1.00000000000000011102230246251565404236316680908203125", 0x3FF0000000000000ULL },
    };
    arena_t *a = arena_new(0);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        hub_error e;
        cJSON *n = json_parse(a, cases[i].text, strlen(cases[i].text), &e);
        unsigned long long bits = 0;
        if (n) memcpy(&bits, &n->valuedouble, sizeof bits);
        if (bits != cases[i].bits) fprintf(stderr, "%s -> %016llx, want %016llx\n", cases[i].text, bits, cases[i].bits);
        CHECK(n && bits == cases[i].bits);
    }
    arena_free(a);
}

static void json_error_codes_have_names(void) {
    CHECK_EQ_STR(hub_code_name(HUB_OK), "ok");
    CHECK_EQ_STR(hub_code_name(HUB_ERR_JSON_DUPLICATE_KEY), "json_duplicate_key");
    CHECK_EQ_STR(hub_code_name((hub_code)999), "unknown");
    hub_error e;
    CHECK_EQ_INT(hub_json_check(NULL, 0, &e), HUB_ERR_JSON_EMPTY);
    CHECK_EQ_INT(hub_json_check(NULL, 5, &e), HUB_ERR_ARGUMENT);
    CHECK_EQ_INT(hub_json_check("[1]", 3, NULL), HUB_OK);
}

/* Positions (for the CLI's text output): each value's offset, found through a JSON Pointer. */
static void json_positions_through_pointers(void) {
    arena_t *a = arena_new(0);
    hub_error e;
    const char *text = "{\"a\": [10, {\"b~/c\": \"x\"}],\n \"\xC3\xA9\": null, \"\": {\"\": true}, \"n\": [0,1,2,3,4,5,6,7,8,9,10]}";
    size_t len = strlen(text);
    cJSON *root = json_parse_positions(a, text, len, &e);
    CHECK(root != NULL);
    struct { const char *pointer; long offset; size_t line, column; } cases[] = {
        { "", 0, 1, 1 }, { "/a", 6, 1, 7 }, { "/a/0", 7, 1, 8 }, { "/a/1", 11, 1, 12 },
        { "/a/1/b~0~1c", 20, 1, 21 }, { "/\xC3\xA9", 34, 2, 7 }, { "//", 49, 2, 22 },
        { "/n/10", -1, 0, 0 }, /* computed below */
        { "/a/2", -2, 0, 0 }, { "/a/01", -2, 0, 0 }, { "/a/-", -2, 0, 0 }, { "/a/0/x", -2, 0, 0 },
        { "/b~2", -2, 0, 0 }, { "a", -2, 0, 0 }, { "/zz", -2, 0, 0 }, { "/n/99999999999", -2, 0, 0 },
    };
    for (size_t i = 0; root && i < sizeof cases / sizeof cases[0]; i++) {
        const cJSON *v = json_pointer_get(root, cases[i].pointer, strlen(cases[i].pointer));
        if (cases[i].offset == -2) { CHECK(v == NULL); continue; }
        CHECK(v != NULL);
        if (!v) continue;
        size_t at = json_offset(v), line, column;
        if (cases[i].offset == -1) { CHECK(memcmp(text + at, "10]", 3) == 0); continue; }
        CHECK_EQ_INT(at, cases[i].offset);
        json_line_column(text, len, at, &line, &column);
        CHECK_EQ_INT(line, cases[i].line);
        CHECK_EQ_INT(column, cases[i].column);
    }
    /* Member names of any length (the pointer's tokens are compared in place). */
    char long_text[1200], long_pointer[1100];
    memset(long_text, 'k', sizeof long_text);
    memcpy(long_text, "{\"x\": 1, \"", 10);
    memcpy(long_text + 1010, "\": [true]}", 11);
    long_pointer[0] = '/';
    memset(long_pointer + 1, 'k', 1000);
    memcpy(long_pointer + 1001, "/0", 3);
    arena_reset(a);
    cJSON *long_root = json_parse_positions(a, long_text, strlen(long_text), &e);
    const cJSON *deep = long_root ? json_pointer_get(long_root, long_pointer, strlen(long_pointer)) : NULL;
    CHECK(deep != NULL && json_offset(deep) == 1014);
    CHECK(long_root && !json_pointer_get(long_root, long_pointer, 1000)); /* a prefix of the name */
    /* The plain parse builds the same tree (positions cost nothing when not asked for). */
    arena_reset(a);
    cJSON *plain = json_parse(a, text, len, &e);
    CHECK(plain != NULL && json_pointer_get(plain, "/a/1/b~0~1c", 11) != NULL);
    arena_free(a);
}

int main(void) {
    json_check_matches_fixture_table();
    json_depth_limit_is_an_error_not_a_crash();
    json_duplicate_keys_in_large_objects();
    json_parse_builds_the_tree();
    json_string_scan_at_every_position();
    json_numbers_round_correctly();
    json_error_codes_have_names();
    json_positions_through_pointers();
    return check_summary("test_json");
}
