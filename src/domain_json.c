/* domain_json.c — JSON helpers of the domain modules: optional members, compact writing with the
 * source's number tokens, and the UTF-8 check of domain strings. */
#include <string.h>

#include "domain.h"
#include "unicode.h"

const cJSON *dom_get(const cJSON *obj, const char *key) {
    if (!cJSON_IsObject(obj)) return NULL;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsNull(v) ? NULL : v;
}

void dom_str(buf_t *b, const char *s) { buf_json_string(b, s, strlen(s)); }

void dom_write(buf_t *b, const cJSON *v) {
    const cJSON *c;
    switch (v->type & 0xFF) {
    case cJSON_False: buf_puts(b, "false"); return;
    case cJSON_True: buf_puts(b, "true"); return;
    case cJSON_Number: buf_puts(b, v->valuestring); return; /* the exact source token */
    case cJSON_String: buf_json_string(b, v->valuestring, (size_t)v->valueint); return;
    case cJSON_Array:
        buf_putc(b, '[');
        for (c = v->child; c; c = c->next) {
            if (c != v->child) buf_putc(b, ',');
            dom_write(b, c);
        }
        buf_putc(b, ']');
        return;
    case cJSON_Object:
        buf_putc(b, '{');
        for (c = v->child; c; c = c->next) {
            if (c != v->child) buf_putc(b, ',');
            dom_str(b, c->string);
            buf_putc(b, ':');
            dom_write(b, c);
        }
        buf_putc(b, '}');
        return;
    default: buf_puts(b, "null"); return;
    }
}

int dom_utf8_ok(const unsigned char *s, size_t n) {
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += uni_utf8_decode(s + i, n - i, &cp); /* the core's one UTF-8 validator (unicode.c) */
        if (cp == 0 || cp == 0xFFFFFFFFu) return 0;
    }
    return 1;
}
