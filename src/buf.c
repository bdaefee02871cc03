/* buf.c — a growable byte buffer with JSON-writing helpers. */
#include "buf.h"

#include <stdlib.h>
#include <string.h>

static int reserve(buf_t *b, size_t extra) {
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

void buf_put(buf_t *b, const char *s, size_t n) {
    if (!reserve(b, n)) return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void buf_puts(buf_t *b, const char *s) { buf_put(b, s, strlen(s)); }

void buf_putc(buf_t *b, char c) {
    if (!reserve(b, 1)) return;
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

void buf_put_uint(buf_t *b, unsigned long long v) {
    char tmp[24];
    size_t i = sizeof tmp;
    do { tmp[--i] = (char)('0' + v % 10); v /= 10; } while (v);
    buf_put(b, tmp + i, sizeof tmp - i);
}

void buf_json_string(buf_t *b, const char *s, size_t n) {
    static const char hex[] = "0123456789abcdef";
    buf_putc(b, '"');
    size_t run = 0; /* copy unescaped stretches in one go */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') { run++; continue; }
        buf_put(b, s + i - run, run);
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
            buf_put(b, esc, 6);
            continue;
        }
        buf_put(b, esc, 2);
    }
    buf_put(b, s + n - run, run);
    buf_putc(b, '"');
}

void buf_json_key(buf_t *b, const char *key) {
    buf_putc(b, '"');
    buf_puts(b, key);
    buf_put(b, "\":", 2);
}

void buf_json_position(buf_t *b, size_t offset, size_t line, size_t column) {
    buf_puts(b, "\"offset\":");
    buf_put_uint(b, offset);
    buf_puts(b, ",\"line\":");
    buf_put_uint(b, line);
    buf_puts(b, ",\"column\":");
    buf_put_uint(b, column);
}

void buf_json_error(buf_t *b, const hub_error *err) {
    const char *msg = err->message ? err->message : "";
    buf_puts(b, "{\"code\":\"");
    buf_puts(b, hub_code_name(err->code));
    buf_puts(b, "\",\"message\":");
    buf_json_string(b, msg, strlen(msg));
    buf_putc(b, ',');
    buf_json_position(b, err->offset, err->line, err->column);
    if (err->pointer[0]) {
        buf_puts(b, ",\"pointer\":");
        buf_json_string(b, err->pointer, strlen(err->pointer));
    }
    buf_putc(b, '}');
}

void buf_clear(buf_t *b) {
    b->len = 0;
    b->failed = 0;
    if (b->data) b->data[0] = '\0';
}

void buf_free(buf_t *b) {
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = 0;
}
