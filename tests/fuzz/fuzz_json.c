/* fuzz_json.c — libFuzzer target: the checker and the tree parser agree on every input, and
 * what parses prints back to text that parses again. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    hub_error checked, parsed;
    hub_code code = hub_json_check((const char *)data, size, &checked);
    arena_t *a = arena_new(0);
    if (!a) return 0;
    cJSON *root = json_parse(a, (const char *)data, size, &parsed);
    if ((code == HUB_OK) != (root != NULL)) abort();
    if (!root && (parsed.code != checked.code || parsed.offset != checked.offset)) abort();
    if (!root && (checked.offset > size || checked.line < 1 || checked.column < 1 || !checked.message)) abort();
    if (root) {
        arena_t *prev = json_scope_begin(a);
        char *text = cJSON_PrintUnformatted(root);
        json_scope_end(prev);
        /* cJSON prints non-finite numbers as null, still valid JSON. */
        if (text && hub_json_check(text, strlen(text), &checked) != HUB_OK) abort();
    }
    arena_free(a);
    return 0;
}
