/* buf.h — internal: a growable byte buffer with JSON-writing helpers (for results and the CLI). */
#ifndef BUF_H
#define BUF_H

#include <stddef.h>
#include "embedhub.h"

/* A zeroed buf_t is empty and ready. On allocation failure `failed` is set and further writes
 * are dropped, so callers check once at the end. `data` is always NUL-terminated when len > 0. */
typedef struct buf_t {
    char *data;
    size_t len, cap;
    int failed;
} buf_t;

void buf_put(buf_t *b, const char *s, size_t n);
void buf_puts(buf_t *b, const char *s);
void buf_putc(buf_t *b, char c);
void buf_put_uint(buf_t *b, unsigned long long v);
/* Writes `s` (`n` bytes of UTF-8) as a quoted JSON string, escaping what JSON requires. */
void buf_json_string(buf_t *b, const char *s, size_t n);
/* Writes `"key":` (key is a plain literal needing no escapes). */
void buf_json_key(buf_t *b, const char *key);
/* Writes `"offset":N,"line":N,"column":N` (a position in a text, for error bodies). */
void buf_json_position(buf_t *b, size_t offset, size_t line, size_t column);
/* Writes {"code","message","offset","line","column"[,"pointer"]} for `err`. */
void buf_json_error(buf_t *b, const hub_error *err);
/* Empties the buffer, keeping its memory. */
void buf_clear(buf_t *b);
/* Releases the memory; the buffer is empty and usable again. */
void buf_free(buf_t *b);

#endif
