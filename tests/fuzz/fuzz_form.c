/* fuzz_form.c — libFuzzer target: arbitrary text as a variablesSchema; every answer must be JSON. */

/* A form within its limits with unique keys, or an Error body naming the returned code. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *out = NULL;
    size_t len = 0;
    hub_code code = hub_form_build((const char *)data, size, &out, &len);
    if (!out || hub_json_check(out, len, NULL) != HUB_OK) abort();
    if (code != HUB_OK) {
        if (!strstr(out, hub_code_name(code))) abort();
    } else {
        hub_arena *a = hub_arena_new(len);
        const cJSON *form = a ? hub_json_parse(a, out, len, NULL) : NULL;
        const cJSON *fields = form ? cJSON_GetObjectItemCaseSensitive(form, "fields") : NULL;
        if (!cJSON_IsArray(fields) || cJSON_GetArraySize(fields) > HUB_FORM_MAX_FIELDS) abort();
        /* Keys are unique: a renderer indexes fields by key. */
        for (const cJSON *f = fields->child; f; f = f->next) {
            const cJSON *key = cJSON_GetObjectItemCaseSensitive(f, "key");
            if (!cJSON_IsString(key) || !key->valuestring[0]) abort();
            for (const cJSON *g = f->next; g; g = g->next)
                if (!strcmp(key->valuestring, cJSON_GetObjectItemCaseSensitive(g, "key")->valuestring)) abort();
        }
        hub_arena_free(a);
    }
    free(out);
    return 0;
}
