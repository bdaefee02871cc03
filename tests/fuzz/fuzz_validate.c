/* fuzz_validate.c — libFuzzer target: validate any text against a schema, in both modes.
 * The input is "schema NUL instance"; without a NUL, its first byte picks one of the built-in
 * schemas below and the rest is the instance. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "embedhub.h"

static const char *const schemas[] = {
    /* the shape of an integration's variablesSchema */
    "{\"type\": \"object\", \"additionalProperties\": false, \"required\": [\"apiKey\"], \"properties\": {"
    "\"apiKey\": {\"type\": \"string\", \"minLength\": 2, \"maxLength\": 64, \"pattern\": \"^[A-Za-z0-9_-]+$\"},"
    "\"email\": {\"type\": \"string\", \"format\": \"email\"}, \"url\": {\"format\": \"uri\"},"
    "\"region\": {\"enum\": [\"us\", \"eu\", 1, null, [1], {\"a\": 1}]}, \"n\": {\"type\": \"integer\", \"multipleOf\": 0.5},"
    "\"tags\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}, \"uniqueItems\": true, \"maxItems\": 20},"
    "\"auth\": {\"if\": {\"properties\": {\"type\": {\"const\": \"oauth2\"}}}, \"then\": {\"required\": [\"id\"]},"
    "\"else\": {\"oneOf\": [{\"required\": [\"user\"]}, {\"required\": [\"key\"]}]}}}}",
    /* every 2020-12 schema is an instance of the meta-schema ($dynamicRef all the way down) */
    "{\"$ref\": \"https://json-schema.org/draft/2020-12/schema\"}",
    "{\"$ref\": \"http://json-schema.org/draft-07/schema#\"}",
    /* annotations: unevaluated* through every applicator */
    "{\"prefixItems\": [{\"type\": \"integer\"}], \"contains\": {\"type\": \"string\"}, \"unevaluatedItems\": {\"type\": \"boolean\"},"
    "\"properties\": {\"a\": true}, \"patternProperties\": {\"^x-\": {}}, \"anyOf\": [{\"properties\": {\"b\": true}}, true],"
    "\"dependentSchemas\": {\"c\": {\"properties\": {\"d\": true}}}, \"unevaluatedProperties\": {\"not\": {\"type\": \"null\"}}}",
    /* recursion through $dynamicRef */
    "{\"$id\": \"http://example.com/tree\", \"$dynamicAnchor\": \"node\", \"type\": [\"object\", \"array\"],"
    "\"properties\": {\"children\": {\"items\": {\"$dynamicRef\": \"#node\"}}}, \"items\": {\"$ref\": \"#\"},"
    "\"unevaluatedProperties\": false, \"propertyNames\": {\"pattern\": \"^[a-z]*$\"}}",
    /* draft-07 tuples and dependencies */
    "{\"$schema\": \"http://json-schema.org/draft-07/schema#\", \"items\": [{\"type\": \"string\"}, {\"minimum\": 0}],"
    "\"additionalItems\": {\"type\": \"array\", \"items\": {\"$ref\": \"#\"}}, \"dependencies\": {\"a\": [\"b\"], \"c\": {\"required\": [\"d\"]}},"
    "\"contentMediaType\": \"application/json\", \"contentEncoding\": \"base64\"}",
};

#define NSCHEMAS (sizeof schemas / sizeof schemas[0])

static hub_schema *compiled[NSCHEMAS][2]; /* built on first use, kept for the whole run */

static void check(const hub_schema *s, const char *text, size_t len, hub_result *res) {
    hub_error err;
    int r = hub_schema_validate_json(s, text, len, res, &err);
    if (r < -1 || r > 1) __builtin_trap();
    if (r == 0 && hub_result_count(res) == 0) __builtin_trap();
    size_t jlen;
    const char *json = hub_result_json(res, &jlen);
    if (json && strlen(json) != jlen) __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    hub_result *res = hub_result_new();
    if (!res) return 0;
    const uint8_t *nul = memchr(data, 0, size);
    hub_error err;
    if (nul) {
        size_t slen = (size_t)(nul - data);
        for (unsigned mode = 0; mode < 2; mode++) {
            hub_schema *s = hub_schema_compile(NULL, (const char *)data, slen, mode ? HUB_ALL_ERRORS | HUB_FORMAT_ASSERT : 0, &err);
            if (!s) break;
            check(s, (const char *)nul + 1, size - slen - 1, res);
            hub_schema_free(s);
        }
    } else if (size > 0) {
        size_t k = data[0] % NSCHEMAS;
        for (unsigned mode = 0; mode < 2; mode++) {
            if (!compiled[k][mode]) {
                compiled[k][mode] = hub_schema_compile(NULL, schemas[k], strlen(schemas[k]),
                                                       mode ? HUB_ALL_ERRORS | HUB_FORMAT_ASSERT : 0, &err);
                if (!compiled[k][mode]) __builtin_trap();
            }
            check(compiled[k][mode], (const char *)data + 1, size - 1, res);
        }
    }
    hub_result_free(res);
    return 0;
}
