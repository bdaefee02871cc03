/* test_schema.c — the JSON Schema engine: compile errors and their pointers, messages and paths,
 * first-error and all-errors modes, limits ($ref loops, depth, huge enums), exact numbers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fixture.h"
#include "schema.h"

static const char *shared_dir = "../shared";

static char *read_shared(const char *rel, size_t *len) {
    char path[2048];
    snprintf(path, sizeof path, "%s/%s", shared_dir, rel);
    char *s = read_all(path, len);
    if (!s) fprintf(stderr, "cannot read %s\n", path);
    return s;
}

static hub_schema *compile(hub_ctx *ctx, const char *json, unsigned flags, hub_error *err) {
    return hub_schema_compile(ctx, json, strlen(json), flags, err);
}

/* Compiles `json`, which must fail with `code` at `pointer`. */
static void expect_compile_error(const char *json, unsigned flags, hub_code code, const char *pointer) {
    hub_error err;
    hub_schema *s = compile(NULL, json, flags, &err);
    CHECK(s == NULL);
    hub_schema_free(s);
    if (err.code != code || strcmp(err.pointer, pointer) != 0)
        fprintf(stderr, "schema %s: got %s at '%s' (%s)\n", json, hub_code_name(err.code), err.pointer, err.message);
    CHECK_EQ_INT(err.code, code);
    CHECK_EQ_STR(err.pointer, pointer);
    CHECK(err.message && err.message[0]);
}

/* Validates `data` against `schema` and returns the result (1, 0 or -1). */
static int check_value(const char *schema, unsigned flags, const char *data, hub_result *res) {
    hub_error err;
    hub_schema *s = compile(NULL, schema, flags, &err);
    if (!s) {
        fprintf(stderr, "schema %s does not compile: %s at %s\n", schema, err.message, err.pointer);
        return -2;
    }
    int r = hub_schema_validate_json(s, data, strlen(data), res, &err);
    hub_schema_free(s);
    return r;
}

static void schema_rejects_invalid_keywords_with_their_pointer(void) {
    expect_compile_error("{\"type\": 12}", 0, HUB_ERR_SCHEMA, "/type");
    /*                    ^ /type */
    expect_compile_error("{\"properties\": {\"a\": {\"minLength\": -1}}}", 0, HUB_ERR_SCHEMA, "/properties/a/minLength");
    expect_compile_error("{\"properties\": {\"a\": {\"maxItems\": 1.5}}}", 0, HUB_ERR_SCHEMA, "/properties/a/maxItems");
    expect_compile_error("{\"required\": \"a\"}", 0, HUB_ERR_SCHEMA, "/required");
    expect_compile_error("{\"required\": [\"a\", \"a\"]}", 0, HUB_ERR_SCHEMA, "/required/1");
    expect_compile_error("{\"type\": [\"string\", \"nope\"]}", 0, HUB_ERR_SCHEMA, "/type/1");
    expect_compile_error("{\"properties\": {\"a~b/c\": 3}}", 0, HUB_ERR_SCHEMA, "/properties/a~0b~1c");
    expect_compile_error("{\"allOf\": []}", 0, HUB_ERR_SCHEMA, "/allOf");
    expect_compile_error("{\"anyOf\": [{}, {\"multipleOf\": 0}]}", 0, HUB_ERR_SCHEMA, "/anyOf/1/multipleOf");
    expect_compile_error("{\"$defs\": {\"x\": {\"enum\": 3}}}", 0, HUB_ERR_SCHEMA, "/$defs/x/enum");
    expect_compile_error("{\"dependentRequired\": {\"a\": [\"b\", 2]}}", 0, HUB_ERR_SCHEMA, "/dependentRequired/a/1");
    expect_compile_error("{\"$anchor\": \"1x\"}", 0, HUB_ERR_SCHEMA, "/$anchor");
    expect_compile_error("{\"$id\": \"http://example.com/s#frag\"}", 0, HUB_ERR_SCHEMA, "/$id");
    expect_compile_error("{\"items\": [{}]}", 0, HUB_ERR_SCHEMA, "/items");
    expect_compile_error("{\"title\": 1}", 0, HUB_ERR_SCHEMA, "/title");
    expect_compile_error("3", 0, HUB_ERR_SCHEMA, "");
    /* Keywords of another dialect, and unknown keywords, are not checked: they are not keywords. */
    hub_error err;
    hub_schema *s = compile(NULL, "{\"prefixItems\": 3, \"x-hint\": {\"type\": 12}}", HUB_DRAFT7, &err);
    CHECK(s != NULL);
    hub_schema_free(s);
    /* Draft-07: $ref makes its siblings ignored, even invalid ones. */
    s = compile(NULL, "{\"definitions\": {\"a\": {}}, \"properties\": {\"x\": {\"$ref\": \"#/definitions/a\", \"type\": 3}}}",
                HUB_DRAFT7, &err);
    CHECK(s != NULL);
    hub_schema_free(s);
}

static void schema_rejects_bad_patterns_and_refs(void) {
    expect_compile_error("{\"properties\": {\"x\": {\"pattern\": \"(a\"}}}", 0, HUB_ERR_SCHEMA_REGEX, "/properties/x/pattern");
    expect_compile_error("{\"pattern\": \"a(?=b)\"}", 0, HUB_ERR_SCHEMA_REGEX, "/pattern");
    expect_compile_error("{\"patternProperties\": {\"[\": {}}}", 0, HUB_ERR_SCHEMA_REGEX, "/patternProperties/[");
    expect_compile_error("{\"properties\": {\"a\": {\"$ref\": \"#/$defs/missing\"}}}", 0, HUB_ERR_SCHEMA_REF, "/properties/a/$ref");
    expect_compile_error("{\"$ref\": \"other.json\"}", 0, HUB_ERR_SCHEMA_REF, "/$ref");
    expect_compile_error("{\"$ref\": \"#nowhere\"}", 0, HUB_ERR_SCHEMA_REF, "/$ref");
    expect_compile_error("{\"$schema\": \"http://example.com/unknown-meta\"}", 0, HUB_ERR_SCHEMA_REF, "/$schema");
    expect_compile_error("{\"$ref\": \"#/enum/0\", \"enum\": [1]}", 0, HUB_ERR_SCHEMA_REF, "/$ref");
}

/* An error inside a registered document is reported with the document's URI. */
static void schema_error_in_registered_document_names_it(void) {
    hub_ctx *ctx = hub_ctx_new();
    hub_error err;
    const char *doc = "{\"$defs\": {\"bad\": {\"minimum\": \"1\"}}}";
    CHECK_EQ_INT(hub_ctx_add_schema(ctx, "http://example.com/doc.json", doc, strlen(doc), &err), HUB_OK);
    hub_schema *s = compile(ctx, "{\"$ref\": \"http://example.com/doc.json#/$defs/bad\"}", 0, &err);
    CHECK(s == NULL);
    CHECK_EQ_INT(err.code, HUB_ERR_SCHEMA);
    CHECK_EQ_STR(err.pointer, "http://example.com/doc.json#/$defs/bad/minimum");
    CHECK_EQ_INT(hub_ctx_add_schema(ctx, "relative.json", doc, strlen(doc), &err), HUB_ERR_ARGUMENT);
    CHECK_EQ_INT(hub_ctx_add_schema(ctx, "http://example.com/x", "{", 1, &err), HUB_ERR_JSON_SYNTAX);
    hub_ctx_free(ctx);
}

static void schema_refs_registered_and_builtin_documents(void) {
    hub_ctx *ctx = hub_ctx_new();
    hub_result *res = hub_result_new();
    hub_error err;
    const char *doc = "{\"$id\": \"http://example.com/root.json\", \"$defs\": {\"pos\": {\"$id\": \"pos.json\", "
                      "\"type\": \"integer\", \"minimum\": 1}}}";
    CHECK_EQ_INT(hub_ctx_add_schema(ctx, "http://example.com/root.json", doc, strlen(doc), &err), HUB_OK);
    /* The embedded resource is found by its own id, before anything else used the document. */
    hub_schema *s = compile(ctx, "{\"items\": {\"$ref\": \"http://example.com/pos.json\"}}", 0, &err);
    CHECK(s != NULL);
    CHECK_EQ_INT(hub_schema_validate_json(s, "[1, 2]", 6, res, &err), 1);
    CHECK_EQ_INT(hub_schema_validate_json(s, "[1, 0]", 6, res, &err), 0);
    CHECK_EQ_STR(hub_result_schema_path(res, 0), "/items/$ref/minimum");
    CHECK_EQ_STR(hub_result_instance_path(res, 0), "/1");
    hub_schema_free(s);
    /* The meta-schemas are built in; a NULL ctx knows them too. */
    s = compile(NULL, "{\"$ref\": \"https://json-schema.org/draft/2020-12/schema\"}", 0, &err);
    CHECK(s != NULL);
    CHECK_EQ_INT(hub_schema_validate_json(s, "{\"minLength\": 1}", 16, res, &err), 1);
    CHECK_EQ_INT(hub_schema_validate_json(s, "{\"minLength\": -1}", 17, res, &err), 0);
    CHECK_EQ_STR(hub_result_instance_path(res, 0), "/minLength");
    hub_schema_free(s);
    s = compile(ctx, "{\"$ref\": \"http://json-schema.org/draft-07/schema#\"}", 0, &err);
    CHECK(s != NULL);
    CHECK_EQ_INT(hub_schema_validate_json(s, "{\"type\": \"nope\"}", 16, res, &err), 0);
    hub_schema_free(s);
    hub_result_free(res);
    hub_ctx_free(ctx);
}

/* ---- the bench fixture: messages and paths ---- */

typedef struct want_error {
    const char *ipath, *spath, *keyword, *message;
} want_error;

static void check_errors(const hub_result *res, const want_error *want, size_t n) {
    CHECK_EQ_INT(hub_result_count(res), n);
    for (size_t i = 0; i < n && i < hub_result_count(res); i++) {
        CHECK_EQ_STR(hub_result_instance_path(res, i), want[i].ipath);
        CHECK_EQ_STR(hub_result_schema_path(res, i), want[i].spath);
        CHECK_EQ_STR(hub_result_keyword(res, i), want[i].keyword);
        CHECK_EQ_STR(hub_result_message(res, i), want[i].message);
    }
}

static void fixture_invalid_instance_lists_every_error(void) {
    size_t slen, vlen, ilen;
    char *schema = read_shared("bench-fixtures/variables-schema.json", &slen);
    char *valid = read_shared("bench-fixtures/dynamic-variables-valid.json", &vlen);
    char *invalid = read_shared("bench-fixtures/dynamic-variables-invalid.json", &ilen);
    CHECK(schema && valid && invalid);
    if (!schema || !valid || !invalid) goto out;
    hub_error err;
    hub_result *res = hub_result_new();
    static const want_error all[] = {
        { "/retryCount", "/properties/retryCount/maximum", "maximum", "must be <= 10, got 12" },
        { "/auth/scopes", "/properties/auth/properties/scopes/uniqueItems", "uniqueItems",
          "must not have duplicate items (items 0 and 1 are equal)" },
        { "/auth", "/properties/auth/then/required", "required", "must have required property 'tokenUrl'" },
        { "/endpoints/1/url", "/properties/endpoints/items/properties/url/format", "format",
          "must be a valid uri (format)" },
        { "/endpoints/2/method", "/properties/endpoints/items/properties/method/enum", "enum",
          "must be equal to one of the allowed values: \"GET\", \"POST\", \"PUT\", \"PATCH\", \"DELETE\"" },
        { "/notification", "/properties/notification/oneOf", "oneOf",
          "must match exactly one schema in oneOf, matched none" },
        { "", "/additionalProperties", "additionalProperties", "must not have additional property 'debug'" },
    };
    /* All errors, formats asserted. */
    hub_schema *s = hub_schema_compile(NULL, schema, slen, HUB_ALL_ERRORS | HUB_FORMAT_ASSERT, &err);
    CHECK(s != NULL);
    CHECK_EQ_INT(hub_schema_validate_json(s, invalid, ilen, res, &err), 0);
    check_errors(res, all, sizeof all / sizeof all[0]);
    CHECK_EQ_INT(hub_result_total(res), 7);
    /* The same workspace, reused for a valid instance, is empty afterwards. */
    CHECK_EQ_INT(hub_schema_validate_json(s, valid, vlen, res, &err), 1);
    CHECK_EQ_INT(hub_result_count(res), 0);
    CHECK_EQ_STR(hub_result_json(res, NULL), "[]");
    hub_schema_free(s);
    /* All errors, format as annotation: the uri error is gone. */
    s = hub_schema_compile(NULL, schema, slen, HUB_ALL_ERRORS, &err);
    CHECK_EQ_INT(hub_schema_validate_json(s, invalid, ilen, res, &err), 0);
    want_error noformat[6];
    memcpy(noformat, all, 3 * sizeof all[0]);
    memcpy(noformat + 3, all + 4, 3 * sizeof all[0]);
    check_errors(res, noformat, 6);
    hub_schema_free(s);
    /* First error: only the first. */
    s = hub_schema_compile(NULL, schema, slen, HUB_FORMAT_ASSERT, &err);
    CHECK_EQ_INT(hub_schema_validate_json(s, invalid, ilen, res, &err), 0);
    check_errors(res, all, 1);
    CHECK_EQ_INT(hub_result_total(res), 1);
    size_t jlen;
    const char *json = hub_result_json(res, &jlen);
    CHECK_EQ_STR(json, "[{\"instancePath\":\"/retryCount\",\"schemaPath\":\"/properties/retryCount/maximum\","
                       "\"keyword\":\"maximum\",\"message\":\"must be <= 10, got 12\",\"field\":\"retryCount\"}]");
    CHECK_EQ_INT(jlen, strlen(json));
    hub_schema_free(s);
    hub_result_free(res);
out:
    free(schema);
    free(valid);
    free(invalid);
}

static void messages_name_expected_and_actual(void) {
    hub_result *res = hub_result_new();
    static const struct { const char *schema, *data, *ipath, *spath, *keyword, *message; } cases[] = {
        { "{\"type\": \"integer\"}", "\"x\"", "", "/type", "type", "must be of type integer, got string" },
        { "{\"type\": [\"string\", \"null\"]}", "1.5", "", "/type", "type", "must be of type null or string, got number" },
        { "{\"properties\": {\"k\": {\"maxLength\": 64}}}",
          "{\"k\": \"0123456789012345678901234567890123456789012345678901234567890123456789\"}", "/k",
          "/properties/k/maxLength", "maxLength", "must be at most 64 characters, got 70" },
        { "{\"minLength\": 2}", "\"\xc3\xa9\"", "", "/minLength", "minLength", "must be at least 2 characters, got 1" },
        { "{\"required\": [\"apiKey\"]}", "{}", "", "/required", "required", "must have required property 'apiKey'" },
        { "{\"pattern\": \"^[a-z]+$\"}", "\"A\"", "", "/pattern", "pattern", "must match pattern ^[a-z]+$" },
        { "{\"additionalProperties\": false}", "{\"x\": 1}", "", "/additionalProperties", "additionalProperties",
          "must not have additional property 'x'" },
        { "{\"enum\": [\"GET\", \"POST\"]}", "\"PUT\"", "", "/enum", "enum",
          "must be equal to one of the allowed values: \"GET\", \"POST\"" },
        { "{\"const\": {\"a\": [1]}}", "{\"a\": [2]}", "", "/const", "const", "must be equal to the constant {\"a\":[1]}" },
        { "{\"exclusiveMinimum\": 0}", "0", "", "/exclusiveMinimum", "exclusiveMinimum", "must be > 0, got 0" },
        { "{\"multipleOf\": 0.01}", "0.015", "", "/multipleOf", "multipleOf", "must be a multiple of 0.01, got 0.015" },
        { "{\"minItems\": 1}", "[]", "", "/minItems", "minItems", "must have at least 1 item, got 0" },
        { "{\"maxProperties\": 1}", "{\"a\": 1, \"b\": 2}", "", "/maxProperties", "maxProperties",
          "must have at most 1 property, got 2" },
        { "{\"prefixItems\": [{}], \"items\": false}", "[1, 2]", "", "/items", "items", "must have at most 1 item, got 2" },
        { "{\"contains\": {\"type\": \"string\"}}", "[1]", "", "/contains", "contains",
          "must contain at least 1 item matching the contains schema, got 0" },
        { "{\"anyOf\": [{\"type\": \"string\"}, {\"minimum\": 3}]}", "1", "", "/anyOf", "anyOf",
          "must match at least one schema in anyOf" },
        { "{\"oneOf\": [{}, true]}", "1", "", "/oneOf", "oneOf", "must match exactly one schema in oneOf, matched both 0 and 1" },
        { "{\"not\": {}}", "1", "", "/not", "not", "must not match the schema in not" },
        { "{\"dependentRequired\": {\"a\": [\"b\"]}}", "{\"a\": 1}", "", "/dependentRequired", "dependentRequired",
          "must have property 'b' when property 'a' is present" },
        { "{\"propertyNames\": {\"maxLength\": 1}}", "{\"ab\": 1}", "", "/propertyNames", "propertyNames",
          "property name 'ab' does not match the propertyNames schema" },
        { "{\"unevaluatedProperties\": false, \"properties\": {\"a\": true}}", "{\"a\": 1, \"b\": 2}", "",
          "/unevaluatedProperties", "unevaluatedProperties", "must not have unevaluated property 'b'" },
        { "{\"items\": {\"$ref\": \"#/$defs/s\"}, \"$defs\": {\"s\": {\"type\": \"string\"}}}", "[\"a\", 2]", "/1",
          "/items/$ref/type", "type", "must be of type string, got integer" },
        { "{\"allOf\": [true, {\"if\": {\"type\": \"string\"}, \"then\": {\"minLength\": 3}}]}", "\"ab\"", "",
          "/allOf/1/then/minLength", "minLength", "must be at least 3 characters, got 2" },
        { "{\"properties\": {\"a/b~\": false}}", "{\"a/b~\": 0}", "/a~1b~0", "/properties/a~1b~0", "false",
          "no value is allowed here (the schema is false)" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int r = check_value(cases[i].schema, 0, cases[i].data, res);
        CHECK_EQ_INT(r, 0);
        if (r != 0 || hub_result_count(res) != 1) {
            fprintf(stderr, "case %zu (%s): result %d, %zu errors\n", i, cases[i].schema, r, hub_result_count(res));
            CHECK(0);
            continue;
        }
        CHECK_EQ_STR(hub_result_instance_path(res, 0), cases[i].ipath);
        CHECK_EQ_STR(hub_result_schema_path(res, 0), cases[i].spath);
        CHECK_EQ_STR(hub_result_keyword(res, 0), cases[i].keyword);
        CHECK_EQ_STR(hub_result_message(res, 0), cases[i].message);
    }
    hub_result_free(res);
}

/* Inside anyOf/oneOf/not/if the branches' own errors stay out of the result. */
static void branch_errors_do_not_leak(void) {
    hub_result *res = hub_result_new();
    const char *schema = "{\"anyOf\": [{\"type\": \"string\", \"minLength\": 5}, {\"type\": \"integer\"}],"
                         " \"not\": {\"const\": 1}, \"if\": {\"required\": [\"x\"]}}";
    CHECK_EQ_INT(check_value(schema, HUB_ALL_ERRORS, "\"abcdef\"", res), 1);
    CHECK_EQ_INT(check_value(schema, HUB_ALL_ERRORS, "1.5", res), 0);
    CHECK_EQ_INT(hub_result_count(res), 1);
    CHECK_EQ_STR(hub_result_keyword(res, 0), "anyOf");
    CHECK_EQ_INT(check_value(schema, HUB_ALL_ERRORS, "1", res), 0);
    CHECK_EQ_INT(hub_result_count(res), 1);
    CHECK_EQ_STR(hub_result_keyword(res, 0), "not");
    hub_result_free(res);
}

static void first_and_all_modes_agree_on_validity(void) {
    hub_result *res = hub_result_new();
    const char *schema = "{\"properties\": {\"a\": {\"type\": \"string\"}, \"b\": {\"minimum\": 0}}, \"required\": [\"c\"]}";
    CHECK_EQ_INT(check_value(schema, 0, "{\"a\": 1, \"b\": -1}", res), 0);
    CHECK_EQ_INT(hub_result_count(res), 1);
    CHECK_EQ_INT(check_value(schema, HUB_ALL_ERRORS, "{\"a\": 1, \"b\": -1}", res), 0);
    CHECK_EQ_INT(hub_result_count(res), 3);
    CHECK_EQ_STR(hub_result_instance_path(res, 0), "/a");
    CHECK_EQ_STR(hub_result_instance_path(res, 1), "/b");
    CHECK_EQ_STR(hub_result_keyword(res, 2), "required");
    /* Beyond HUB_SCHEMA_MAX_ERRORS errors are counted, not kept. */
    buf_t b = { 0 };
    buf_putc(&b, '[');
    for (int i = 0; i < HUB_SCHEMA_MAX_ERRORS + 500; i++) buf_puts(&b, i ? ",1" : "1");
    buf_putc(&b, ']');
    hub_error err;
    hub_schema *s = compile(NULL, "{\"items\": {\"type\": \"string\"}}", HUB_ALL_ERRORS, &err);
    CHECK_EQ_INT(hub_schema_validate_json(s, b.data, b.len, res, &err), 0);
    CHECK_EQ_INT(hub_result_count(res), HUB_SCHEMA_MAX_ERRORS);
    CHECK_EQ_INT(hub_result_total(res), HUB_SCHEMA_MAX_ERRORS + 500);
    hub_schema_free(s);
    buf_free(&b);
    hub_result_free(res);
}

/* ---- limits ---- */

static char *nested(const char *open, const char *mid, const char *close, int depth) {
    buf_t b = { 0 };
    for (int i = 0; i < depth; i++) buf_puts(&b, open);
    buf_puts(&b, mid);
    for (int i = 0; i < depth; i++) buf_puts(&b, close);
    return b.data;
}

static void ref_loops_end_in_errors(void) {
    expect_compile_error("{\"$ref\": \"#\"}", 0, HUB_ERR_SCHEMA_REF, "/$ref");
    expect_compile_error("{\"$defs\": {\"a\": {\"$ref\": \"#/$defs/a\"}}, \"$ref\": \"#/$defs/a\"}", 0, HUB_ERR_SCHEMA_REF,
                         "/$defs/a/$ref");
    expect_compile_error("{\"$defs\": {\"a\": {\"allOf\": [{\"$ref\": \"#/$defs/b\"}]}, \"b\": {\"anyOf\": [{\"$ref\": \"#/$defs/a\"}]}},"
                         " \"$ref\": \"#/$defs/a\"}", 0, HUB_ERR_SCHEMA_REF, "/$defs/b/anyOf/0/$ref");
    expect_compile_error("{\"$ref\": \"#\"}", HUB_DRAFT7, HUB_ERR_SCHEMA_REF, "/$ref");
    /* then without if is never applied: no cycle. */
    hub_error err0;
    hub_schema *t = compile(NULL, "{\"then\": {\"$ref\": \"#\"}, \"else\": {\"$ref\": \"#\"}}", 0, &err0);
    CHECK(t != NULL);
    hub_schema_free(t);
    /* A $dynamicRef loop can only be seen while evaluating: it ends the validation with -1. */
    hub_error err;
    hub_result *res = hub_result_new();
    hub_schema *s = compile(NULL, "{\"$dynamicAnchor\": \"x\", \"$dynamicRef\": \"#x\"}", 0, &err);
    CHECK(s != NULL);
    CHECK_EQ_INT(hub_schema_validate_json(s, "1", 1, res, &err), -1);
    CHECK_EQ_INT(err.code, HUB_ERR_INSTANCE_DEPTH);
    CHECK_EQ_INT(hub_result_count(res), 0);
    hub_schema_free(s);
    /* Recursion that consumes the instance is fine, however deep the instance. */
    s = compile(NULL, "{\"items\": {\"$ref\": \"#\"}, \"properties\": {\"a\": {\"$ref\": \"#\"}}}", 0, &err);
    char *deep = nested("[", "1", "]", HUB_JSON_MAX_DEPTH);
    CHECK_EQ_INT(hub_schema_validate_json(s, deep, strlen(deep), res, &err), 1);
    free(deep);
    deep = nested("{\"a\":", "{\"a\": \"x\"}", "}", HUB_JSON_MAX_DEPTH - 1);
    CHECK_EQ_INT(hub_schema_validate_json(s, deep, strlen(deep), res, &err), 1);
    free(deep);
    hub_schema_free(s);
    hub_result_free(res);
}

static void depth_limits_are_errors(void) {
    hub_error err;
    /* 100 000 nested arrays: the JSON parser stops them. */
    char *deep = nested("[", "", "]", 100000);
    hub_schema *s = hub_schema_compile(NULL, deep, strlen(deep), 0, &err);
    CHECK(s == NULL);
    CHECK_EQ_INT(err.code, HUB_ERR_JSON_DEPTH);
    free(deep);
    /* A schema within the parser's limit but nested deeper than HUB_SCHEMA_MAX_DEPTH. */
    deep = nested("{\"items\":", "true", "}", HUB_SCHEMA_MAX_DEPTH + 10);
    s = hub_schema_compile(NULL, deep, strlen(deep), 0, &err);
    CHECK(s == NULL);
    CHECK_EQ_INT(err.code, HUB_ERR_SCHEMA_LIMIT);
    CHECK(strncmp(err.pointer, "/items/items/items", 18) == 0);
    free(deep);
    deep = nested("{\"items\":", "true", "}", HUB_SCHEMA_MAX_DEPTH);
    s = hub_schema_compile(NULL, deep, strlen(deep), 0, &err);
    CHECK(s != NULL);
    hub_schema_free(s);
    free(deep);
    /* Instances: the parser's limit, then the evaluator's own. */
    hub_result *res = hub_result_new();
    s = compile(NULL, "{\"items\": {\"$ref\": \"#\"}}", 0, &err);
    deep = nested("[", "", "]", HUB_JSON_MAX_DEPTH + 1);
    CHECK_EQ_INT(hub_schema_validate_json(s, deep, strlen(deep), res, &err), -1);
    CHECK_EQ_INT(err.code, HUB_ERR_JSON_DEPTH);
    free(deep);
    hub_schema_free(s);
    s = compile(NULL, "{\"$defs\": {\"a\": {\"allOf\": [{\"allOf\": [{\"allOf\": [{\"items\": {\"$ref\": \"#/$defs/a\"}}]}]}]}},"
                      " \"$ref\": \"#/$defs/a\"}", 0, &err);
    CHECK(s != NULL);
    deep = nested("[", "", "]", HUB_JSON_MAX_DEPTH);
    CHECK_EQ_INT(hub_schema_validate_json(s, deep, strlen(deep), res, &err), -1);
    CHECK_EQ_INT(err.code, HUB_ERR_INSTANCE_DEPTH);
    free(deep);
    hub_schema_free(s);
    hub_result_free(res);
}

/* allOf/anyOf over the same $ref, nested 40 deep, would apply the innermost schema 2^40 times. */
static void exponential_schemas_hit_the_work_budget(void) {
    buf_t b = { 0 };
    buf_puts(&b, "{\"$ref\": \"#/$defs/a0\", \"$defs\": {");
    for (int i = 0; i < 40; i++) {
        char d[160];
        snprintf(d, sizeof d, "\"a%d\": {\"%s\": [{\"$ref\": \"#/$defs/a%d\"}, {\"$ref\": \"#/$defs/a%d\"}]}, ",
                 i, i % 2 ? "anyOf" : "allOf", i + 1, i + 1);
        buf_puts(&b, d);
    }
    buf_puts(&b, "\"a40\": {\"type\": \"integer\"}}}");
    hub_error err;
    hub_result *res = hub_result_new();
    hub_schema *s = hub_schema_compile(NULL, b.data, b.len, 0, &err);
    CHECK(s != NULL);
    clock_t t0 = clock();
    CHECK_EQ_INT(hub_schema_validate_json(s, "1", 1, res, &err), -1);
    CHECK_EQ_INT(err.code, HUB_ERR_SCHEMA_LIMIT);
    CHECK((double)(clock() - t0) / CLOCKS_PER_SEC < 2.0);
    hub_schema_free(s);
    hub_result_free(res);
    buf_free(&b);
}

static void huge_enum_is_hashed(void) {
    buf_t b = { 0 };
    buf_puts(&b, "{\"enum\": [");
    for (int i = 0; i < 10000; i++) {
        char item[64];
        snprintf(item, sizeof item, "%s\"value-%d\", %d", i ? ", " : "", i, i * 3);
        buf_puts(&b, item);
    }
    buf_puts(&b, ", {\"k\": [1, 2]}]}");
    hub_error err;
    clock_t t0 = clock();
    hub_schema *s = hub_schema_compile(NULL, b.data, b.len, 0, &err);
    CHECK(s != NULL);
    hub_result *res = hub_result_new();
    int hits = 0;
    for (int i = 0; i < 20000; i++) {
        char v[64];
        snprintf(v, sizeof v, i % 2 ? "\"value-%d\"" : "%d.0", i);
        hits += hub_schema_validate_json(s, v, strlen(v), res, &err);
    }
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    /* Odd i: "value-i" for i < 10000 (5000 hits); even i: i.0 is a multiple of 3 below 30000. */
    CHECK_EQ_INT(hits, 5000 + 3334);
    CHECK_EQ_INT(hub_schema_validate_json(s, "{\"k\": [1, 2.0]}", 15, res, &err), 1);
    CHECK_EQ_INT(hub_schema_validate_json(s, "{\"k\": [2, 1]}", 13, res, &err), 0);
    CHECK(secs < 2.0); /* a linear scan would take minutes */
    hub_result_free(res);
    hub_schema_free(s);
    buf_free(&b);
}

/* Hostile shapes that a naive evaluator handles in quadratic time. */
static void large_values_compare_in_linear_time(void) {
    enum { N = 20000 };
    buf_t b = { 0 };
    buf_puts(&b, "[{");
    for (int i = 0; i < N; i++) {
        char m[48];
        snprintf(m, sizeof m, "%s\"k%d\": %d", i ? ", " : "", i, i);
        buf_puts(&b, m);
    }
    buf_puts(&b, "}, {");
    for (int i = N - 1; i >= 0; i--) {
        char m[48];
        snprintf(m, sizeof m, "\"k%d\": %d%s", i, i, i ? ", " : "");
        buf_puts(&b, m);
    }
    buf_puts(&b, "}]");
    hub_error err;
    hub_result *res = hub_result_new();
    clock_t t0 = clock();
    hub_schema *s = compile(NULL, "{\"uniqueItems\": true, \"items\": {\"required\": [\"a\", \"k1\", \"b\"]}}", HUB_ALL_ERRORS, &err);
    CHECK_EQ_INT(hub_schema_validate_json(s, b.data, b.len, res, &err), 0);
    CHECK_EQ_INT(hub_result_count(res), 5); /* a and b missing twice, one duplicate */
    CHECK_EQ_STR(hub_result_keyword(res, 0), "uniqueItems");
    CHECK_EQ_STR(hub_result_instance_path(res, 2), "/0");
    CHECK_EQ_STR(hub_result_message(res, 2), "must have required property 'b'");
    CHECK((double)(clock() - t0) / CLOCKS_PER_SEC < 1.0);
    hub_schema_free(s);
    hub_result_free(res);
    buf_free(&b);
}

static void numbers_are_exact(void) {
    hub_result *res = hub_result_new();
    static const struct { const char *schema, *data; int valid; } cases[] = {
        { "{\"type\": \"integer\"}", "1.0", 1 },
        { "{\"type\": \"integer\"}", "1e2", 1 },
        { "{\"type\": \"integer\"}", "1.5", 0 },
        { "{\"type\": \"integer\"}", "1e400", 1 },
        { "{\"multipleOf\": 0.01}", "0.07", 1 },
        { "{\"multipleOf\": 0.01}", "19.99", 1 },
        { "{\"multipleOf\": 0.01}", "1e-2", 1 },
        { "{\"multipleOf\": 0.01}", "0.075", 0 },
        { "{\"multipleOf\": 0.1}", "0.3", 1 },
        { "{\"multipleOf\": 1.5}", "4.5", 1 },
        { "{\"multipleOf\": 1.5}", "35", 0 },
        { "{\"multipleOf\": 0.5}", "1e308", 1 },
        { "{\"multipleOf\": 3}", "-9", 1 },
        { "{\"multipleOf\": 3}", "10", 0 },
        { "{\"multipleOf\": 1e-9}", "0.000000003", 1 },
        { "{\"multipleOf\": 0.0001}", "0.00751", 0 },
        { "{\"maximum\": 10}", "10.0", 1 },
        { "{\"const\": 1}", "1.0", 1 },
        { "{\"uniqueItems\": true}", "[1, 1.0]", 0 },
        { "{\"uniqueItems\": true}", "[{\"a\": 1, \"b\": 2}, {\"b\": 2, \"a\": 1}]", 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int r = check_value(cases[i].schema, 0, cases[i].data, res);
        if (r != cases[i].valid) fprintf(stderr, "%s with %s: got %d\n", cases[i].schema, cases[i].data, r);
        CHECK_EQ_INT(r, cases[i].valid);
    }
    hub_result_free(res);
}

/* Strings may hold U+0000: their length is in valueint (json_parse records it there; 0 means
 * strlen, as for cJSON_CreateString). */
static void strings_with_nul_use_their_length(void) {
    hub_error err;
    hub_result *res = hub_result_new();
    hub_schema *s = compile(NULL, "{\"maxLength\": 1}", 0, &err);
    static char text[] = { 'a', '\0', 'b', '\0' };
    cJSON node;
    memset(&node, 0, sizeof node);
    node.type = cJSON_String;
    node.valuestring = text;
    node.valueint = 3;
    CHECK_EQ_INT(eval_validate_tree(s, &node, res, &err), 0);
    node.valueint = 0; /* a node made by cJSON_CreateString: strlen applies */
    CHECK_EQ_INT(eval_validate_tree(s, &node, res, &err), 1);
    hub_schema_free(s);
    /* Through the parser, and through a constant compiled from the schema text. */
    CHECK_EQ_INT(check_value("{\"maxLength\": 2}", 0, "\"a\\u0000b\"", res), 0);
    CHECK_EQ_STR(hub_result_message(res, 0), "must be at most 2 characters, got 3");
    CHECK_EQ_INT(check_value("{\"const\": \"a\\u0000b\"}", 0, "\"a\\u0000b\"", res), 1);
    CHECK_EQ_INT(check_value("{\"const\": \"a\\u0000b\"}", 0, "\"a\\u0000c\"", res), 0);
    CHECK_EQ_INT(check_value("{\"enum\": [\"a\\u0000b\", 1]}", 0, "\"a\"", res), 0);
    s = compile(NULL, "{\"const\": \"a\"}", 0, &err);
    node.valueint = 3;
    CHECK_EQ_INT(eval_validate_tree(s, &node, res, &err), 0);
    hub_schema_free(s);
    hub_result_free(res);
}

/* Trees built in C carry no number tokens: numbers are compared and printed from their value. */
static void numbers_without_tokens(void) {
    hub_error err;
    hub_result *res = hub_result_new();
    hub_schema *s = compile(NULL, "{\"maximum\": 1, \"multipleOf\": 0.5, \"type\": \"integer\"}", HUB_ALL_ERRORS, &err);
    cJSON node;
    memset(&node, 0, sizeof node);
    node.type = cJSON_Number;
    node.valuedouble = 2.25;
    CHECK_EQ_INT(eval_validate_tree(s, &node, res, &err), 0);
    CHECK_EQ_INT(hub_result_count(res), 3);
    CHECK_EQ_STR(hub_result_message(res, 0), "must be of type integer, got number");
    CHECK_EQ_STR(hub_result_message(res, 1), "must be a multiple of 0.5, got 2.25");
    CHECK_EQ_STR(hub_result_message(res, 2), "must be <= 1, got 2.25");
    node.valuedouble = -2.5e-9;
    CHECK_EQ_INT(eval_validate_tree(s, &node, res, &err), 0);
    CHECK_EQ_STR(hub_result_message(res, 1), "must be a multiple of 0.5, got -2.5e-9");
    node.valuedouble = 1.0;
    CHECK_EQ_INT(eval_validate_tree(s, &node, res, &err), 1);
    hub_schema_free(s);
    hub_result_free(res);
}

static void draft7_by_flag_or_schema(void) {
    hub_result *res = hub_result_new();
    const char *tuple = "{\"items\": [{\"type\": \"string\"}], \"additionalItems\": false}";
    CHECK_EQ_INT(check_value(tuple, HUB_DRAFT7, "[\"a\"]", res), 1);
    CHECK_EQ_INT(check_value(tuple, HUB_DRAFT7, "[\"a\", 1]", res), 0);
    CHECK_EQ_STR(hub_result_schema_path(res, 0), "/additionalItems");
    CHECK_EQ_INT(check_value("{\"$schema\": \"http://json-schema.org/draft-07/schema#\", \"dependencies\": {\"a\": [\"b\"]}}", 0,
                             "{\"a\": 1}", res), 0);
    CHECK_EQ_STR(hub_result_keyword(res, 0), "dependencies");
    /* An explicit $schema beats the flag. */
    CHECK_EQ_INT(check_value("{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\", \"prefixItems\": [{\"type\": \"string\"}]}",
                             HUB_DRAFT7, "[1]", res), 0);
    hub_result_free(res);
}

static void format_asserts_only_when_asked(void) {
    hub_result *res = hub_result_new();
    CHECK_EQ_INT(check_value("{\"format\": \"email\"}", 0, "\"nope\"", res), 1);
    CHECK_EQ_INT(check_value("{\"format\": \"email\"}", HUB_FORMAT_ASSERT, "\"nope\"", res), 0);
    CHECK_EQ_STR(hub_result_message(res, 0), "must be a valid email (format)");
    CHECK_EQ_INT(check_value("{\"format\": \"email\"}", HUB_FORMAT_ASSERT, "12", res), 1);
    CHECK_EQ_INT(check_value("{\"format\": \"x-unknown\"}", HUB_FORMAT_ASSERT, "\"anything\"", res), 1);
    hub_result_free(res);
}

static void bad_arguments_are_reported(void) {
    hub_error err;
    CHECK(hub_schema_compile(NULL, NULL, 3, 0, &err) == NULL);
    CHECK_EQ_INT(err.code, HUB_ERR_ARGUMENT);
    hub_result *res = hub_result_new();
    CHECK_EQ_INT(hub_schema_validate_json(NULL, "1", 1, res, &err), -1);
    CHECK_EQ_INT(err.code, HUB_ERR_ARGUMENT);
    hub_schema *s = compile(NULL, "{}", 0, &err);
    CHECK_EQ_INT(hub_schema_validate_json(s, "[1,", 3, res, &err), -1);
    CHECK_EQ_INT(err.code, HUB_ERR_JSON_SYNTAX);
    CHECK_EQ_INT(hub_result_count(res), 0);
    CHECK(hub_result_message(res, 0) == NULL);
    hub_schema_free(s);
    hub_result_free(res);
    hub_schema_free(NULL);
    hub_result_free(NULL);
    hub_ctx_free(NULL);
}

/* Errors about one member name it apart from the message: required, dependentRequired,
 * additionalProperties, unevaluatedProperties; other keywords have none. */
static void schema_errors_name_their_member(void) {
    const char *schema = "{\"type\":\"object\",\"required\":[\"a\",\"it's\"],\"properties\":{\"a\":{},\"n\":{\"maximum\":1}},"
                         "\"dependentRequired\":{\"n\":[\"m\"]},\"additionalProperties\":false}";
    hub_error err;
    hub_schema *s = hub_schema_compile(NULL, schema, strlen(schema), HUB_ALL_ERRORS, &err);
    CHECK(s != NULL);
    hub_result *r = hub_result_new();
    const char *inst = "{\"n\":2,\"zz\":1}";
    CHECK_EQ_INT(hub_schema_validate_json(s, inst, strlen(inst), r, &err), 0);
    int seen = 0;
    for (size_t i = 0; i < hub_result_count(r); i++) {
        const char *kw = hub_result_keyword(r, i), *p = hub_result_property(r, i);
        if (strcmp(kw, "required") == 0) { CHECK(p && (strcmp(p, "a") == 0 || strcmp(p, "it's") == 0)); seen++; }
        else if (strcmp(kw, "dependentRequired") == 0) { CHECK_EQ_STR(p, "m"); seen++; }
        else if (strcmp(kw, "additionalProperties") == 0) { CHECK_EQ_STR(p, "zz"); seen++; }
        else CHECK(p == NULL);
    }
    CHECK_EQ_INT(seen, 4);
    CHECK(strstr(hub_result_json(r, NULL), "\"property\":\"it's\"") != NULL);
    CHECK(hub_result_property(r, 999) == NULL);
    hub_result_free(r);
    hub_schema_free(s);
}

int main(int argc, char **argv) {
    if (argc > 1) shared_dir = argv[1];
    schema_rejects_invalid_keywords_with_their_pointer();
    schema_rejects_bad_patterns_and_refs();
    schema_error_in_registered_document_names_it();
    schema_refs_registered_and_builtin_documents();
    fixture_invalid_instance_lists_every_error();
    messages_name_expected_and_actual();
    branch_errors_do_not_leak();
    first_and_all_modes_agree_on_validity();
    ref_loops_end_in_errors();
    depth_limits_are_errors();
    exponential_schemas_hit_the_work_budget();
    huge_enum_is_hashed();
    large_values_compare_in_linear_time();
    numbers_are_exact();
    strings_with_nul_use_their_length();
    numbers_without_tokens();
    draft7_by_flag_or_schema();
    format_asserts_only_when_asked();
    bad_arguments_are_reported();
    schema_errors_name_their_member();
    return check_summary("test_schema");
}
