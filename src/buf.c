/* buf.c — a growable byte buffer with JSON-writing helpers. */
#include "buf.h"

#include <stdlib.h>
#include <string.h>

static int reserve(hub_buf *b, size_t extra) {
    if (b->failed) return 0;
    if (extra < b->cap - b->len) return 1; /* keep one byte for the NUL */
    size_t cap = b->cap ? b->cap : 256;
    while (cap - b->len <= extra) {
        if (cap > (size_t)-1 / 2) { b->failed = 1; return 0; }
        cap *= 2;
    }
    char *d = realloc(b->data, cap);
    if (!d) { b->failed = 1; return 0; }
    b->data = d;
    b->cap = cap;
    return 1;
}

void hub_buf_put(hub_buf *b, const char *s, size_t n) {
    if (!reserve(b, n)) return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void hub_buf_puts(hub_buf *b, const char *s) { hub_buf_put(b, s, strlen(s)); }

void hub_buf_putc(hub_buf *b, char c) {
    if (!reserve(b, 1)) return;
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

void hub_buf_put_uint(hub_buf *b, unsigned long long v) {
    char tmp[24];
    size_t i = sizeof tmp;
    do { tmp[--i] = (char)('0' + v % 10); v /= 10; } while (v);
    hub_buf_put(b, tmp + i, sizeof tmp - i);
}

void hub_buf_json_string(hub_buf *b, const char *s, size_t n) {
    static const char hex[] = "0123456789abcdef";
    hub_buf_putc(b, '"');
    size_t run = 0; /* copy unescaped stretches in one go */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') { run++; continue; }
        hub_buf_put(b, s + i - run, run);
        run = 0;
        char esc[6] = { '\\', 0 };
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
            esc[1] = 'u'; esc[2] = '0'; esc[3] = '0'; esc[4] = hex[c >> 4]; esc[5] = hex[c & 15];
            hub_buf_put(b, esc, 6);
            continue;
        }
        hub_buf_put(b, esc, 2);
    }
    hub_buf_put(b, s + n - run, run);
    hub_buf_putc(b, '"');
}

void hub_buf_json_key(hub_buf *b, const char *key) {
    hub_buf_putc(b, '"');
    hub_buf_puts(b, key);
    hub_buf_put(b, "\":", 2);
}

void hub_buf_json_position(hub_buf *b, size_t offset, size_t line, size_t column) {
    hub_buf_puts(b, "\"offset\":");
    hub_buf_put_uint(b, offset);
    hub_buf_puts(b, ",\"line\":");
    hub_buf_put_uint(b, line);
    hub_buf_puts(b, ",\"column\":");
    hub_buf_put_uint(b, column);
}

void hub_buf_json_error(hub_buf *b, const hub_error *err) {
    const char *msg = err->message ? err->message : "";
    hub_buf_puts(b, "{\"code\":\"");
    hub_buf_puts(b, hub_code_name(err->code));
    hub_buf_puts(b, "\",\"message\":");
    hub_buf_json_string(b, msg, strlen(msg));
    hub_buf_putc(b, ',');
    hub_buf_json_position(b, err->offset, err->line, err->column);
    if (err->pointer[0]) {
        hub_buf_puts(b, ",\"pointer\":");
        hub_buf_json_string(b, err->pointer, strlen(err->pointer));
    }
    hub_buf_putc(b, '}');
}

void hub_buf_clear(hub_buf *b) {
    b->len = 0;
    b->failed = 0;
    if (b->data) b->data[0] = '\0';
}

void hub_buf_free(hub_buf *b) {
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = 0;
}
