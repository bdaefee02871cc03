/* domain.c — what the domain modules share for errors: wire Error bodies, built once per call. */
#include <string.h>

#include "domain.h"
#include "unicode.h"

/* ---- errors as wire bodies -------------------------------------------------------------------- */

int dom_fail(dom_err *e, hub_code code, const char *field, const char *a, const char *b, const char *c) {
    if (e->code != HUB_OK) return 0;
    e->code = code;
    size_t n = field ? strlen(field) : 0;
    if (n >= sizeof e->field) n = sizeof e->field - 1;
    if (n) memcpy(e->field, field, n);
    e->field[n] = '\0';
    dom_more(e, a, b, c);
    return 1;
}

void dom_more(dom_err *e, const char *a, const char *b, const char *c) {
    const char *p[3] = { a, b, c };
    for (int i = 0; i < 3; i++)
        if (p[i]) buf_puts(&e->msg, p[i]);
}

const char *dom_path(char out[128], const char *prefix, size_t index, const char *suffix) {
    char digits[24];
    size_t d = sizeof digits;
    do { digits[--d] = (char)('0' + index % 10); index /= 10; } while (index);
    size_t lp = strlen(prefix), ls = strlen(suffix), ld = sizeof digits - d;
    if (lp > 64) lp = 64;
    if (ls > 32) ls = 32;
    memcpy(out, prefix, lp);
    out[lp] = '[';
    memcpy(out + lp + 1, digits + d, ld);
    out[lp + 1 + ld] = ']';
    memcpy(out + lp + 2 + ld, suffix, ls);
    out[lp + 2 + ld + ls] = '\0';
    return out;
}

const char *dom_clip(char out[80], const char *s) {
    size_t n = strlen(s);
    if (n < 80) return memcpy(out, s, n + 1);
    n = 64;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--; /* never split a character */
    memcpy(out, s, n);
    memcpy(out + n, "\xe2\x80\xa6", 4);                          /* "…" and the NUL */
    return out;
}

/* Whether any string value under `v` contains U+0000. Domain inputs are ids, names, cursors and
 * statuses, which C reads up to the first NUL: refusing the NUL keeps C and JS in agreement.
 * Recursion is bounded by the parser's depth limit. */
static int has_nul(const cJSON *v) {
    if (cJSON_IsString(v)) return strlen(v->valuestring) != (size_t)v->valueint;
    for (const cJSON *c = v->child; c; c = c->next)
        if (has_nul(c)) return 1;
    return 0;
}

cJSON *dom_parse(arena_t *a, const char *text, size_t len, const char *what, dom_err *e) {
    hub_error pe;
    cJSON *root = json_parse(a, text, len, &pe);
    if (root && has_nul(root)) {
        dom_fail(e, HUB_ERR_INPUT, what, what, " has a string containing U+0000", NULL);
        return NULL;
    }
    if (root) return root;
    dom_fail(e, pe.code, what, what, " is not valid JSON: ", pe.message);
    e->has_pos = pe.code != HUB_ERR_NOMEM && pe.line > 0;
    e->offset = pe.offset;
    e->line = pe.line;
    e->column = pe.column;
    return NULL;
}

const cJSON *dom_begin(arena_t **a, const char *json, size_t len, const char *shape, dom_err *e) {
    *a = arena_new(len + 256);
    const cJSON *in = *a ? dom_parse(*a, json, len, "input", e) : NULL;
    if (!*a) dom_fail(e, HUB_ERR_NOMEM, NULL, "out of memory", NULL, NULL);
    if (!in || cJSON_IsObject(in)) return in;
    dom_fail(e, HUB_ERR_INPUT, "input", "input must be an object ", shape, NULL);
    return NULL;
}

hub_code dom_finish(dom_err *e, buf_t *ok, char **out, size_t *out_len) {
    hub_code code = e->code;
    if (code == HUB_OK && ok->failed) code = HUB_ERR_NOMEM;
    if (code != HUB_OK) {
        const char *msg = e->msg.failed || !e->msg.data ? "out of memory" : e->msg.data;
        buf_free(ok);
        buf_puts(ok, "{\"code\":\"");
        buf_puts(ok, hub_code_name(code));
        buf_puts(ok, "\",\"message\":");
        dom_str(ok, msg);
        if (e->field[0]) {
            buf_puts(ok, ",\"fields\":[{\"field\":");
            dom_str(ok, e->field);
            buf_puts(ok, ",\"message\":");
            dom_str(ok, msg);
            buf_puts(ok, "}]");
        }
        if (e->has_pos) {
            buf_puts(ok, ",\"details\":{");
            buf_json_position(ok, e->offset, e->line, e->column);
            buf_putc(ok, '}');
        }
        buf_putc(ok, '}');
    }
    buf_free(&e->msg);
    if (ok->failed || !ok->data) {
        buf_free(ok);
        *out = NULL;
        if (out_len) *out_len = 0;
        return HUB_ERR_NOMEM;
    }
    *out = ok->data;
    if (out_len) *out_len = ok->len;
    return code;
}
