/* wasm_api.c — the WebAssembly boundary: UTF-8 (pointer, length) in, codes and JSON text out. */
#include <emscripten/emmalloc.h>
#include <stdlib.h>

#include "buf.h"
#include "embedhub.h"

/* Convention: a function returns a hub_code and, where it has something to report, stores a
 * malloc'd NUL-terminated JSON text in *out, which the caller (web/src/core.mjs) frees with
 * free(). *out is NULL when there is nothing to report. If that text cannot be allocated the
 * function returns HUB_ERR_NOMEM with *out NULL. */

static int finish(hub_buf *b, int code, char **out) {
    if (b->failed) {
        hub_buf_free(b);
        *out = NULL;
        return HUB_ERR_NOMEM;
    }
    *out = b->data;
    return code;
}

/* Checks `text`; on failure *out is the error {code, message, offset, line, column}. */
int hub_wasm_json_check(const char *text, size_t len, char **out) {
    hub_error err;
    *out = NULL;
    hub_code code = hub_json_check(text, len, &err);
    if (code == HUB_OK) return HUB_OK;
    hub_buf b = { 0 };
    hub_buf_json_error(&b, &err);
    return finish(&b, code, out);
}

/* The library version, static. */
const char *hub_wasm_version(void) { return HUB_VERSION; }

/* Bytes of the heap in use: lets the JS tests prove that repeated calls leak nothing. */
size_t hub_wasm_heap_used(void) {
    return emmalloc_dynamic_heap_size() - emmalloc_free_dynamic_memory();
}
