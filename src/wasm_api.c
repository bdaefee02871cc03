/* wasm_api.c — the WebAssembly boundary: UTF-8 (pointer, length) in, codes and JSON text out. */
#include <emscripten/emmalloc.h>
#include <stdlib.h>

#include "buf.h"
#include "embedhub.h"
#include "result.h"
#include "schema.h"

/* Convention: a function returns a hub_code and, where it has something to report, stores a
 * malloc'd NUL-terminated JSON text in *out, which the caller (web/src/core.mjs) frees with
 * free(). *out is NULL when there is nothing to report. If that text cannot be allocated the
 * function returns HUB_ERR_NOMEM with *out NULL. */

static int finish(buf_t *b, int code, char **out) {
    if (b->failed) {
        buf_free(b);
        *out = NULL;
        return HUB_ERR_NOMEM;
    }
    *out = b->data;
    return code;
}

/* Checks `text`; on failure *out is the error {code, message, offset, line, column}. */
int wasm_json_check(const char *text, size_t len, char **out) {
    hub_error err;
    *out = NULL;
    hub_code code = hub_json_check(text, len, &err);
    if (code == HUB_OK) return HUB_OK;
    buf_t b = { 0 };
    buf_json_error(&b, &err);
    return finish(&b, code, out);
}

/* The library version, static. */
const char *wasm_version(void) { return HUB_VERSION; }

/* Bytes of the heap in use: lets the JS tests prove that repeated calls leak nothing. */
size_t wasm_heap_used(void) {
    return emmalloc_dynamic_heap_size() - emmalloc_free_dynamic_memory();
}
/* ---- JSON Schema ------------------------------------------------------------------------------
 * The JS hub owns one hub_ctx (the registry) and one hub_result (the reused workspace); a
 * validator owns its hub_schema. Handles are plain pointers to JS. */

hub_ctx *wasm_ctx_new(void) { return hub_ctx_new(); }
hub_result *wasm_result_new(void) { return hub_result_new(); }
void wasm_schema_free(hub_schema *schema) { hub_schema_free(schema); }

static int error_out(const hub_error *err, char **out) {
    buf_t b = { 0 };
    buf_json_error(&b, err);
    return finish(&b, err->code, out);
}

/* Registers `json` under the NUL-terminated `uri`; on failure *out is the error JSON. */
int wasm_add_schema(hub_ctx *ctx, const char *uri, const char *json, size_t len, char **out) {
    hub_error err;
    *out = NULL;
    hub_code code = hub_ctx_add_schema(ctx, uri, json, len, &err);
    return code == HUB_OK ? HUB_OK : error_out(&err, out);
}

/* Compiles `json`; returns the program, or NULL with the error JSON (with `pointer`) in *out. */
hub_schema *wasm_compile(hub_ctx *ctx, const char *json, size_t len, unsigned flags, char **out) {
    hub_error err;
    *out = NULL;
    hub_schema *schema = hub_schema_compile(ctx, json, len, flags, &err);
    if (!schema) error_out(&err, out);
    return schema;
}

/* Validates the JSON text: 1 valid, 0 invalid (errors via wasm_result_errors), or -1 when the
 * text is not JSON, with the parse error JSON in *out. */
int wasm_validate(const hub_schema *schema, hub_result *res, const char *text, size_t len, char **out) {
    hub_error err;
    *out = NULL;
    int valid = hub_schema_validate_json(schema, text, len, res, &err);
    if (valid < 0 && error_out(&err, out) == HUB_ERR_NOMEM) return -2;
    return valid;
}

/* The last validation's errors as NUL-separated strings (see result_strings), so JS builds
 * its error objects without a JSON round trip; the byte length goes to *len. */
const char *wasm_result_errors(hub_result *res, size_t *len) { return result_strings(res, len); }

/* As wasm_validate, for a value in the binary encoding of src/json_binary.h (web/src/core/encode.mjs). */
int wasm_validate_binary(const hub_schema *schema, hub_result *res, const unsigned char *bytes, size_t len, char **out) {
    hub_error err;
    *out = NULL;
    int valid = eval_validate_binary(schema, bytes, len, res, &err);
    if (valid < 0 && error_out(&err, out) == HUB_ERR_NOMEM) return -2;
    return valid;
}
