/* buf.h — internal: a growable byte buffer with JSON-writing helpers (for results and the CLI). */
#ifndef HUB_BUF_H
#define HUB_BUF_H

#include <stddef.h>
#include "embedhub.h"

/* A zeroed hub_buf is empty and ready. On allocation failure `failed` is set and further writes
 * are dropped, so callers check once at the end. `data` is always NUL-terminated when len > 0. */
typedef struct hub_buf {
    char *data;
    size_t len, cap;
    int failed;
} hub_buf;

void hub_buf_put(hub_buf *b, const char *s, size_t n);
void hub_buf_puts(hub_buf *b, const char *s);
void hub_buf_putc(hub_buf *b, char c);
void hub_buf_put_uint(hub_buf *b, unsigned long long v);
/* Writes `s` (`n` bytes of UTF-8) as a quoted JSON string, escaping what JSON requires. */
void hub_buf_json_string(hub_buf *b, const char *s, size_t n);
/* Writes `"key":` (key is a plain literal needing no escapes). */
void hub_buf_json_key(hub_buf *b, const char *key);
/* Writes `"offset":N,"line":N,"column":N` (a position in a text, for error bodies). */
void hub_buf_json_position(hub_buf *b, size_t offset, size_t line, size_t column);
/* Writes {"code","message","offset","line","column"[,"pointer"]} for `err`. */
void hub_buf_json_error(hub_buf *b, const hub_error *err);
/* Empties the buffer, keeping its memory. */
void hub_buf_clear(hub_buf *b);
/* Releases the memory; the buffer is empty and usable again. */
void hub_buf_free(hub_buf *b);

#endif
