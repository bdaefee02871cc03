/* fuzz_schema_compile.c — libFuzzer target: compile any text as a schema (three flag sets); if it
 * compiles, validate a few fixed instances and render the errors; free everything. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "embedhub.h"

static const char *const instances[] = {
    "null", "true", "0", "-1.5", "1e400", "\"\"", "\"abc\"", "\"\\u00e9t\\u00e9\"", "[]",
    "[1, \"a\", [null], {\"b\": 2}]", "{}", "{\"a\": 1, \"b\": [{}], \"$ref\": \"#\", \"c\": {\"d\": \"e\"}}",
    "[[[[[[[[[[1]]]]]]]]]]", "{\"foo\": {\"foo\": {\"foo\": {\"bar\": true}}}}",
};

/* A registered document with anchors and a dynamic anchor, for fuzzed schemas to reach. */
static const char remote[] =
    "{\"$id\": \"http://example.com/r.json\", \"$dynamicAnchor\": \"node\", \"$defs\": {"
    "\"s\": {\"$anchor\": \"s\", \"type\": \"string\"}, \"n\": {\"$id\": \"n.json\", \"type\": \"number\"},"
    "\"t\": {\"items\": {\"$dynamicRef\": \"#node\"}}}}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const unsigned flag_sets[] = { 0, HUB_ALL_ERRORS | HUB_FORMAT_ASSERT, HUB_DRAFT7 | HUB_ALL_ERRORS };
    hub_ctx *ctx = hub_ctx_new();
    if (!ctx) return 0;
    hub_error err;
    if (hub_ctx_add_schema(ctx, "http://example.com/r.json", remote, sizeof remote - 1, &err) != HUB_OK) __builtin_trap();
    hub_result *res = hub_result_new();
    for (size_t f = 0; f < sizeof flag_sets / sizeof flag_sets[0]; f++) {
        hub_schema *s = hub_schema_compile(ctx, (const char *)data, size, flag_sets[f], &err);
        if (!s) {
            /* A rejected schema says why, with a NUL-terminated pointer. */
            if (err.code == HUB_OK || !err.message || memchr(err.pointer, 0, sizeof err.pointer) == NULL) __builtin_trap();
            continue;
        }
        for (size_t i = 0; i < sizeof instances / sizeof instances[0]; i++) {
            int r = hub_schema_validate_json(s, instances[i], strlen(instances[i]), res, &err);
            if (r < -1 || r > 1) __builtin_trap();
            if (r == 0 && hub_result_count(res) == 0) __builtin_trap();
            if (r == 1 && hub_result_count(res) != 0) __builtin_trap();
            size_t len;
            const char *json = hub_result_json(res, &len);
            if (json && strlen(json) != len) __builtin_trap();
        }
        hub_schema_free(s);
    }
    hub_result_free(res);
    hub_ctx_free(ctx);
    return 0;
}
