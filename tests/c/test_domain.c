/* test_domain.c — rules shared by every domain call: field paths (tests/fixtures/domain/field.json
 * through hub_result_field, and the field.h helpers the activation checks use). */
#include <stdlib.h>
#include <string.h>

#include "field.h"
#include "fold.h"
#include "fixture.h"

/* Every case of field.json: the errors, in order, with the members each must have. */
static void fields_match_fixture(void) {
    arena_t *a = arena_new(0);
    const cJSON *fx = load_fixture(a, "field.json");
    hub_result *r = hub_result_new();
    buf_t b = { 0 };
    int n = 0;
    for (const cJSON *c = member(fx, "cases") ? member(fx, "cases")->child : NULL; c; c = c->next, n++) {
        const char *name = member(c, "name")->valuestring;
        hub_error err;
        buf_clear(&b);
        dom_write(&b, member(c, "schema"));
        hub_schema *s = hub_schema_compile(NULL, b.data, b.len, HUB_ALL_ERRORS, &err);
        CHECK(s != NULL);
        buf_clear(&b);
        dom_write(&b, member(c, "instance"));
        int rc = s ? hub_schema_validate_json(s, b.data, b.len, r, &err) : -1;
        const cJSON *want = member(c, "errors");
        int ok = rc == 0 && hub_result_count(r) == (size_t)cJSON_GetArraySize(want);
        size_t i = 0;
        for (const cJSON *w = want->child; ok && w; w = w->next, i++) {
            static const char *const keys[] = { "keyword", "instancePath", "field", "property" };
            const char *got[] = { hub_result_keyword(r, i), hub_result_instance_path(r, i), hub_result_field(r, i),
                                  hub_result_property(r, i) };
            for (int k = 0; k < 4; k++) {
                const cJSON *v = member(w, keys[k]);
                if (v && (!got[k] || strcmp(v->valuestring, got[k]) != 0)) {
                    fprintf(stderr, "case '%s' error %zu: %s is '%s', want '%s'\n", name, i, keys[k],
                            got[k] ? got[k] : "(null)", v->valuestring);
                    ok = 0;
                }
            }
        }
        if (!ok) fprintf(stderr, "case '%s': %s\n", name, rc == 0 ? hub_result_json(r, NULL) : "no errors");
        CHECK(ok);
        hub_schema_free(s);
    }
    CHECK(n >= 10); /* a fixture that lost its cases must fail */
    CHECK(hub_result_field(r, 999) == NULL);
    CHECK(hub_result_field(NULL, 0) == NULL);
    buf_free(&b);
    hub_result_free(r);
    arena_free(a);
}

/* The helpers: one step at a time, joining, skipping the first step, following a pointer. */
static void field_helpers(void) {
    buf_t b = { 0 }, tok = { 0 };
    CHECK(fld_plain("a", 1) && fld_plain("0a", 2) && fld_plain("b c", 3) && fld_plain("x~/y", 4));
    CHECK(!fld_plain("", 0) && !fld_plain("0", 1) && !fld_plain("12", 2) && !fld_plain("it's", 4));
    CHECK(!fld_plain("a.b", 3) && !fld_plain("a]", 2) && !fld_plain("\x7f", 1) && !fld_plain("a\\", 2));
    fld_member(&b, "a", 1);
    fld_index(&b, 10);
    fld_member(&b, "0", 1);
    fld_member(&b, "b", 1);
    CHECK_EQ_STR(b.data, "a[10][\"0\"].b");
    buf_clear(&b);
    buf_puts(&b, "dynamicVariables");
    fld_join(&b, "x.y");
    fld_join(&b, "[2]");
    fld_join(&b, "");
    CHECK_EQ_STR(b.data, "dynamicVariables.x.y[2]");
    CHECK_EQ_STR(fld_rest("a.b[0]"), "b[0]");
    CHECK_EQ_STR(fld_rest("a"), "");
    CHECK_EQ_STR(fld_rest("[\"x.\\\"]\"][1].c"), "[1].c");
    CHECK_EQ_STR(fld_rest("[3].c"), "c");
    CHECK_EQ_STR(fld_rest("a[\"0\"]"), "[\"0\"]");
    arena_t *a = arena_new(0);
    hub_error err;
    const char *doc = "{\"l\":[{\"0\":{\"a/b\":[1]}}],\"m\":{}}";
    const cJSON *v = json_parse(a, doc, strlen(doc), &err);
    buf_clear(&b);
    fld_pointer(&b, &tok, v, "/l/0/0/a~1b/0");
    CHECK_EQ_STR(b.data, "l[0][\"0\"].a/b[0]");
    buf_clear(&b);
    fld_pointer(&b, &tok, v, "/m/7/q/7"); /* in an object "7" is a name; past the value's end an index */
    CHECK_EQ_STR(b.data, "m[\"7\"].q[7]");
    buf_clear(&b);
    fld_pointer(&b, &tok, v, "");
    CHECK(b.len == 0);
    arena_free(a);
    buf_free(&b);
    buf_free(&tok);
}

/* Search folding: case- and accent-insensitive, one pass (fold.h). */
static void search_folding(void) {
    static const struct { const char *in, *out; } cases[] = {
        { "Hello, World 42", "hello, world 42" },
        { "Caf\xc3\xa9", "cafe" },                      /* é composed */
        { "Cafe\xcc\x81", "cafe" },                     /* e + U+0301 */
        { "STRASSE Stra\xc3\x9f" "e", "strasse strasse" },  /* ß folds to ss */
        { "\xc3\x85ngstr\xc3\xb6m", "angstrom" },
        { "\xef\xac\x81le", "file" },                     /* the fi ligature */
        { "\xc4\xb0stanbul", "istanbul" },                 /* İ: i + U+0307, the mark dropped */
        { "\xce\xa3\xce\xaf\xcf\x83\xcf\x85\xcf\x86\xce\xbf\xcf\x82", "\xcf\x83\xce\xb9\xcf\x83\xcf\x85\xcf\x86\xce\xbf\xcf\x83" },
        { "\xed\x95\x9c\xea\xb5\xad", "\xed\x95\x9c\xea\xb5\xad" }, /* Hangul stays whole */
        { "\xcc\x81\xcc\x88", "" },                       /* marks only */
        { "\xe1\xba\x9e", "ss" },                          /* capital sharp s */
        { "\xe2\x84\xab", "a" },                           /* ANGSTROM SIGN: canonical singleton to Å */
        { "\xf0\x90\x90\x80", "\xf0\x90\x90\xa8" },       /* Deseret capital long I: + 0x28 */
        { "a\xff" "b", "a\xff" "b" },                       /* not UTF-8: copied */
    };
    buf_t b = { 0 };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        buf_clear(&b);
        buf_put(&b, "", 0);
        fold_text(&b, cases[i].in, strlen(cases[i].in));
        CHECK_EQ_STR(b.data, cases[i].out);
        /* Folding a folded text changes nothing. */
        buf_t c = { 0 };
        buf_put(&c, "", 0);
        fold_text(&c, b.data, b.len);
        CHECK_EQ_STR(c.data, b.data);
        buf_free(&c);
    }
    buf_t scratch = { 0 };
    CHECK(fold_contains(&scratch, "Caf\xc3\xa9 Sync", 10, "e s", 3));
    CHECK(!fold_contains(&scratch, "Caf\xc3\xa9", 5, "cafes", 5));
    CHECK(!fold_contains(&scratch, "", 0, "a", 1));
    buf_free(&scratch);
    buf_free(&b);
}

int main(void) {
    fields_match_fixture();
    field_helpers();
    search_folding();
    return check_summary("test_domain");
}
