/* test_form.c — the settings form: the fixture cases, the shared bench schema, hostile schemas. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fixture.h"

static void form_matches_fixture_cases(void) {
    arena_t *a = arena_new(0);
    const cJSON *fx = load_fixture(a, "form.json");
    CHECK(run_cases(member(fx, "cases"), hub_form_build) >= 40);
    arena_free(a);
}

/* The saved settings record (hub_settings_build): tests/fixtures/domain/settings.json. */
static void settings_match_fixture_cases(void) {
    arena_t *a = arena_new(0);
    const cJSON *fx = load_fixture(a, "settings.json");
    CHECK(run_cases(member(fx, "cases"), hub_settings_build) >= 20);
    arena_free(a);
    CHECK_EQ_INT(hub_settings_build("{}", 2, NULL, NULL), HUB_ERR_ARGUMENT);
}

/* The fixture embeds a copy of ../shared/bench-fixtures/variables-schema.json: same form from both. */
static void form_of_shared_bench_schema_matches_the_copy(const char *shared) {
    char path[512];
    snprintf(path, sizeof path, "%s/bench-fixtures/variables-schema.json", shared);
    size_t len;
    char *text = read_all(path, &len);
    if (!text) {
        fprintf(stderr, "note: %s not found, skipped\n", path);
        return;
    }
    arena_t *a = arena_new(0);
    const cJSON *fx = load_fixture(a, "form.json");
    buf_t copy = { 0 };
    dom_write(&copy, member(member(fx, "cases")->child, "input"));
    char *mine = NULL, *theirs = NULL;
    CHECK_EQ_INT(hub_form_build(text, len, &theirs, NULL), HUB_OK);
    CHECK_EQ_INT(hub_form_build(copy.data, copy.len, &mine, NULL), HUB_OK);
    CHECK_EQ_STR(mine, theirs);
    free(mine);
    free(theirs);
    buf_free(&copy);
    arena_free(a);
    free(text);
}

/* $defs whose every level refers twice to the next would expand to 2^depth fields. */
static void form_stops_exponential_refs(void) {
    buf_t b = { 0 };
    buf_puts(&b, "{\"$ref\":\"#/$defs/d0\",\"$defs\":{");
    for (int i = 0; i < 40; i++) {
        char s[160];
        snprintf(s, sizeof s, "%s\"d%d\":{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/$defs/d%d\"},"
                 "\"b\":{\"$ref\":\"#/$defs/d%d\"}}}", i ? "," : "", i, i + 1, i + 1);
        buf_puts(&b, s);
    }
    buf_puts(&b, ",\"d40\":{\"type\":\"string\"}}}");
    clock_t t0 = clock();
    char *out = NULL;
    CHECK_EQ_INT(hub_form_build(b.data, b.len, &out, NULL), HUB_ERR_SCHEMA_LIMIT);
    CHECK((clock() - t0) < CLOCKS_PER_SEC / 2);
    free(out);
    buf_free(&b);
}

/* An `if` testing a property 200 objects deep, and 200 else-ifs: no crash, bounded work. */
static void form_survives_deep_conditions(void) {
    buf_t b = { 0 };
    buf_puts(&b, "{\"properties\":{\"a\":{\"type\":\"string\"}},\"if\":");
    for (int i = 0; i < 200; i++) buf_puts(&b, "{\"properties\":{\"a\":");
    buf_puts(&b, "{\"const\":1}");
    for (int i = 0; i < 200; i++) buf_puts(&b, "}}");
    buf_puts(&b, ",\"then\":{\"required\":[\"a\"]}");
    for (int i = 0; i < 200; i++) buf_puts(&b, ",\"else\":{\"if\":{\"properties\":{\"a\":{\"const\":2}}}");
    for (int i = 0; i < 200; i++) buf_puts(&b, "}");
    buf_puts(&b, "}");
    char *out = NULL;
    CHECK_EQ_INT(hub_form_build(b.data, b.len, &out, NULL), HUB_OK);
    /* The deep test is a.a.a…: a property path the form has no field for, which is fine. */
    CHECK(out && strstr(out, "\"key\":\"a.a.a.a") && strstr(out, "nested deeper than 8 levels is not shown"));
    free(out);
    buf_free(&b);
    CHECK_EQ_INT(hub_form_build("{}", 2, NULL, NULL), HUB_ERR_ARGUMENT);
}

int main(int argc, char **argv) {
    form_matches_fixture_cases();
    settings_match_fixture_cases();
    form_of_shared_bench_schema_matches_the_copy(argc > 1 ? argv[1] : TEST_SOURCE_DIR "/../shared");
    form_stops_exponential_refs();
    form_survives_deep_conditions();
    return check_summary("test_form");
}
