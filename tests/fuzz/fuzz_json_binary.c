/* fuzz_json_binary.c — libFuzzer target: json_binary_decode on any bytes, and every tree it
 * accepts validated (both modes) against a schema that walks all of it, so the evaluator meets
 * whatever the decoder lets through. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json_binary.h"
#include "schema.h"

static const char schema[] =
    "{\"$defs\": {\"any\": {\"anyOf\": [{\"type\": \"object\", \"additionalProperties\": {\"$ref\": \"#/$defs/any\"},"
    "\"propertyNames\": {\"pattern\": \"^[a-z]*$\"}, \"required\": [\"a\"]},"
    "{\"type\": \"array\", \"items\": {\"$ref\": \"#/$defs/any\"}, \"uniqueItems\": true},"
    "{\"type\": \"string\", \"maxLength\": 3, \"format\": \"email\"}, {\"type\": \"number\", \"multipleOf\": 0.1, \"maximum\": 1e300},"
    "{\"enum\": [null, true, [1, \"a\"], {\"a\": 1}]}]}}, \"$ref\": \"#/$defs/any\"}";

static hub_schema *compiled[2];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    hub_error err;
    /* an exact-size copy, so reading past the end is caught */
    unsigned char *bytes = malloc(size ? size : 1);
    if (!bytes) return 0;
    if (size) memcpy(bytes, data, size);
    arena_t *a = arena_new(0);
    size_t text_len = 0;
    cJSON *root = a ? json_binary_decode(a, bytes, size, &text_len, &err) : NULL;
    if (root && text_len == 0) __builtin_trap(); /* every JSON text has a byte */
    arena_free(a);
    hub_result *res = hub_result_new();
    for (unsigned mode = 0; root && res && mode < 2; mode++) {
        if (!compiled[mode]) {
            compiled[mode] = hub_schema_compile(NULL, schema, sizeof schema - 1,
                                                mode ? HUB_ALL_ERRORS | HUB_FORMAT_ASSERT : 0, &err);
            if (!compiled[mode]) __builtin_trap();
        }
        int r = eval_validate_binary(compiled[mode], bytes, size, res, &err);
        if (r < -1 || r > 1) __builtin_trap();
        if (r == 0 && hub_result_count(res) == 0) __builtin_trap();
    }
    hub_result_free(res);
    free(bytes);
    return 0;
}
