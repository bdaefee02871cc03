/* fuzz_form.c — libFuzzer target: arbitrary text as a variablesSchema; every answer must be JSON. */

/* A form within its limits with unique keys, or an Error body naming the returned code. When the
 * form builds, so does the settings record (hub_settings_build): one entry per field, in order,
 * and no secret entry holding anything but null or the mask. */
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
        arena_t *a = arena_new(len);
        const cJSON *form = a ? json_parse(a, out, len, NULL) : NULL;
        const cJSON *fields = form ? cJSON_GetObjectItemCaseSensitive(form, "fields") : NULL;
        if (!cJSON_IsArray(fields) || cJSON_GetArraySize(fields) > HUB_FORM_MAX_FIELDS) abort();
        /* Keys are unique: a renderer indexes fields by key. */
        for (const cJSON *f = fields->child; f; f = f->next) {
            const cJSON *key = cJSON_GetObjectItemCaseSensitive(f, "key");
            if (!cJSON_IsString(key) || !key->valuestring[0]) abort();
            for (const cJSON *g = f->next; g; g = g->next)
                if (!strcmp(key->valuestring, cJSON_GetObjectItemCaseSensitive(g, "key")->valuestring)) abort();
        }
        buf_t in = { 0 };
        buf_puts(&in, "{\"variablesSchema\":");
        buf_put(&in, (const char *)data, size);
        buf_puts(&in, ",\"values\":{\"a\":{\"b\":1},\"apiKey\":\"s3cr3t\",\"x\":[1]}}");
        char *rec = NULL;
        size_t rlen = 0;
        if (hub_settings_build(in.data, in.len, &rec, &rlen) != HUB_OK || hub_json_check(rec, rlen, NULL) != HUB_OK) abort();
        arena_t *ra = arena_new(rlen);
        const cJSON *r = ra ? json_parse(ra, rec, rlen, NULL) : NULL;
        const cJSON *list = r ? cJSON_GetObjectItemCaseSensitive(r, "integrationSettings") : NULL;
        if (cJSON_GetArraySize(list) != cJSON_GetArraySize(fields)) abort();
        const cJSON *f = fields->child;
        for (const cJSON *e = list->child; e; e = e->next, f = f->next) {
            const cJSON *k = cJSON_GetObjectItemCaseSensitive(e, "configkey"), *t = cJSON_GetObjectItemCaseSensitive(e, "configtype");
            const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, "configvalue");
            if (strcmp(k->valuestring, cJSON_GetObjectItemCaseSensitive(f, "key")->valuestring) != 0) abort();
            if (!strcmp(t->valuestring, "secret") && !cJSON_IsNull(v) && strcmp(v->valuestring, "********") != 0) abort();
        }
        arena_free(ra);
        free(rec);
        buf_free(&in);
        arena_free(a);
    }
    free(out);
    return 0;
}
