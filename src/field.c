/* field.c — field paths `a.b[0].c`: the one rule, in one place (see field.h). */
#include <string.h>

#include "field.h"

int fld_plain(const char *name, size_t n) {
    size_t digits = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c < 0x20 || c == 0x7F || c == '.' || c == '[' || c == ']' || c == '"' || c == '\'' || c == '\\') return 0;
        digits += c >= '0' && c <= '9';
    }
    return n > 0 && digits < n;
}

void fld_member(buf_t *b, const char *name, size_t n) {
    if (fld_plain(name, n)) {
        if (b->len) buf_putc(b, '.');
        buf_put(b, name, n);
    } else {
        buf_putc(b, '[');
        buf_json_string(b, name, n);
        buf_putc(b, ']');
    }
}

void fld_index(buf_t *b, size_t i) {
    buf_putc(b, '[');
    buf_put_uint(b, i);
    buf_putc(b, ']');
}

void fld_join(buf_t *b, const char *rel) {
    if (!*rel) return;
    if (b->len && *rel != '[') buf_putc(b, '.');
    buf_puts(b, rel);
}

const char *fld_rest(const char *f) {
    if (f[0] == '[' && f[1] == '"') { /* a JSON string, then ] */
        for (f += 2; *f && *f != '"'; f++)
            if (*f == '\\' && f[1]) f++;
        if (*f) f++;
        if (*f == ']') f++;
    } else if (f[0] == '[') {
        f = strchr(f, ']');
        f = f ? f + 1 : "";
    } else {
        f += strcspn(f, ".[");
    }
    return *f == '.' ? f + 1 : f;
}

int fld_token(const char **p, buf_t *tok) {
    if (**p != '/') return 0;
    buf_clear(tok);
    buf_put(tok, "", 0);
    const char *s = ++*p;
    for (; *s && *s != '/'; s++) {
        if (*s == '~' && (s[1] == '0' || s[1] == '1')) buf_putc(tok, *++s == '0' ? '~' : '/');
        else buf_putc(tok, *s);
    }
    *p = s;
    return !tok->failed;
}

void fld_pointer(buf_t *b, buf_t *tok, const cJSON *node, const char *ptr) {
    while (fld_token(&ptr, tok)) {
        const char *t = tok->data;
        size_t n = tok->len, digits = strspn(t, "0123456789");
        if (n && digits == n && (!node || cJSON_IsArray(node))) {
            size_t i = 0;
            for (size_t k = 0; k < n; k++) i = i * 10 + (size_t)(t[k] - '0');
            fld_index(b, i);
            const cJSON *item = node ? node->child : NULL;
            for (size_t k = 0; item && k < i; k++) item = item->next;
            node = item;
        } else {
            fld_member(b, t, n);
            node = cJSON_IsObject(node) ? cJSON_GetObjectItemCaseSensitive(node, t) : NULL;
        }
    }
}
