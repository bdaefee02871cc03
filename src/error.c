/* error.c — errors as values: filling a hub_error, and the stable names of the error codes. */
#include "error.h"

void err_set(hub_error *err, hub_code code, const char *message) {
    if (!err) return;
    err->code = code;
    err->message = message;
    err->offset = 0;
    err->line = 0;
    err->column = 0;
    err->pointer[0] = '\0';
}

void err_at(hub_error *err, hub_code code, const char *message,
            const char *text, size_t len, size_t offset) {
    if (!err) return;
    err_set(err, code, message);
    if (offset > len) offset = len;
    size_t line = 1, column = 1;
    for (size_t i = 0; i < offset; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\n') { line++; column = 1; }
        else if ((c & 0xC0) != 0x80) column++; /* count code points, not continuation bytes */
    }
    err->offset = offset;
    err->line = line;
    err->column = column;
}

const char *hub_code_name(hub_code code) {
    switch (code) {
#define CODE_NAME(id, value, name) case id: return name;
    HUB_CODES(CODE_NAME)
#undef CODE_NAME
    }
    return "unknown";
}
