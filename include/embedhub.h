/* embedhub.h — the whole public C API of the embedhub core (JSON, JSON Schema, domain rules). */
#ifndef EMBEDHUB_H
#define EMBEDHUB_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HUB_VERSION "0.1.0"

/* Limits. Each can be overridden at build time (-DHUB_JSON_MAX_DEPTH=…). */
#ifndef HUB_JSON_MAX_DEPTH
#define HUB_JSON_MAX_DEPTH 512          /* deepest nesting of arrays/objects a JSON text may have */
#endif
#ifndef HUB_JSON_MAX_BYTES
#define HUB_JSON_MAX_BYTES 67108864     /* largest JSON text accepted (64 MiB) */
#endif

/* Stable error codes. Values never change once released. */
typedef enum hub_code {
    HUB_OK = 0,
    HUB_ERR_JSON_EMPTY = 1,          /* the text is empty or only white space */
    HUB_ERR_JSON_SYNTAX = 2,         /* unexpected character or end of text */
    HUB_ERR_JSON_STRING = 3,         /* unterminated string, raw control character */
    HUB_ERR_JSON_ESCAPE = 4,         /* invalid escape or \u sequence, lone surrogate */
    HUB_ERR_JSON_UTF8 = 5,           /* the bytes are not valid UTF-8 */
    HUB_ERR_JSON_NUMBER = 6,         /* malformed number */
    HUB_ERR_JSON_DEPTH = 7,          /* nesting deeper than HUB_JSON_MAX_DEPTH */
    HUB_ERR_JSON_TRAILING = 8,       /* something after the value */
    HUB_ERR_JSON_DUPLICATE_KEY = 9,  /* an object has the same member name twice */
    HUB_ERR_JSON_TOO_LARGE = 10,     /* text longer than HUB_JSON_MAX_BYTES */
    HUB_ERR_NOMEM = 20,              /* an allocation failed */
    HUB_ERR_ARGUMENT = 21,           /* a NULL or out-of-range argument */
    HUB_ERR_SCHEMA = 30,             /* the schema is not a valid schema (pointer says where) */
    HUB_ERR_SCHEMA_REF = 31,         /* a $ref that resolves to nothing */
    HUB_ERR_SCHEMA_REGEX = 32,       /* a pattern that is not a supported ECMA-262 regex */
    HUB_ERR_SCHEMA_LIMIT = 33,       /* the schema exceeds a documented size or depth limit */
    HUB_ERR_INSTANCE_DEPTH = 40      /* the instance is nested deeper than the evaluator allows */
} hub_code;

/* An error is a value. `message` is static text, never freed. For JSON parse errors `offset`
 * is the byte offset into the UTF-8 text, `line` and `column` are 1-based (column counts code
 * points). For schema errors `pointer` is the JSON Pointer of the offending keyword; for a
 * regex error `offset` is the byte offset inside the pattern. */
typedef struct hub_error {
    hub_code code;
    const char *message;
    size_t offset;
    size_t line;
    size_t column;
    char pointer[256];
} hub_error;

/* Returns the static name of a code ("json_syntax", …); never NULL. */
const char *hub_code_name(hub_code code);

/* ---- JSON ---------------------------------------------------------------------------------- */

/* Checks that `text` (`len` bytes, need not be NUL-terminated) is one well-formed JSON value:
 * RFC 8259 grammar, valid UTF-8, no lone surrogates in escapes, no duplicate member names,
 * nesting at most HUB_JSON_MAX_DEPTH. Returns HUB_OK, or the error code with `err` filled in
 * (`err` may be NULL). Never allocates more than O(len) and never recurses. */
hub_code hub_json_check(const char *text, size_t len, hub_error *err);

/* ---- JSON Schema ----------------------------------------------------------------------------
 * Compile once, validate many. A hub_ctx is a registry of schema documents by URI (the official
 * 2020-12 and draft-07 meta-schemas are built in; nothing is ever fetched). A hub_schema is a
 * compiled, immutable program: it does not refer back to the ctx, and it may be used by several
 * threads at once. A hub_result is a per-call workspace (instance parse arena + error list);
 * reuse one across calls, one per thread. */
typedef struct hub_ctx hub_ctx;
typedef struct hub_schema hub_schema;
typedef struct hub_result hub_result;

/* Compile flags. */
#define HUB_FORMAT_ASSERT 1u  /* `format` fails invalid strings (default: annotation only) */
#define HUB_ALL_ERRORS 2u     /* collect every error (default: stop at the first) */

/* Limits of the evaluator and compiler. */
#ifndef HUB_SCHEMA_MAX_DEPTH
#define HUB_SCHEMA_MAX_DEPTH 256        /* deepest subschema nesting a schema may have */
#endif
#ifndef HUB_SCHEMA_MAX_ERRORS
#define HUB_SCHEMA_MAX_ERRORS 1000      /* errors kept in all-errors mode; more are counted only */
#endif

/* Returns a new registry (caller frees with hub_ctx_free), NULL on OOM. */
hub_ctx *hub_ctx_new(void);
/* Frees the registry. Schemas compiled from it stay valid. NULL is a no-op. */
void hub_ctx_free(hub_ctx *ctx);
/* Registers the schema `json` (`len` bytes) under the absolute `uri` (NUL-terminated) so that
 * other schemas can $ref it; ids inside it are registered too. Returns HUB_OK or an error. */
hub_code hub_ctx_add_schema(hub_ctx *ctx, const char *uri, const char *json, size_t len,
                            hub_error *err);

/* Compiles the schema `json` (`len` bytes) with `flags`. Returns the program (caller frees with
 * hub_schema_free) or NULL with `err` filled: err->pointer is the JSON Pointer of the offending
 * keyword. $schema picks the dialect (2020-12 when absent). */
hub_schema *hub_schema_compile(hub_ctx *ctx, const char *json, size_t len, unsigned flags,
                               hub_error *err);
/* Frees a compiled schema. NULL is a no-op. */
void hub_schema_free(hub_schema *schema);

/* Returns a new workspace (caller frees with hub_result_free), NULL on OOM. */
hub_result *hub_result_new(void);
/* Frees the workspace and every string it handed out. NULL is a no-op. */
void hub_result_free(hub_result *res);

/* Validates the JSON text `text` (`len` bytes) against `schema`. Returns 1 if valid, 0 if not
 * (the errors are in `res`), or -1 if the text is not JSON or too deep (`err` filled; `res`
 * cleared). Previous contents of `res` are discarded. */
int hub_schema_validate_json(const hub_schema *schema, const char *text, size_t len,
                             hub_result *res, hub_error *err);

/* The errors of the last validation: count, then each error's parts. Strings belong to `res`
 * and stay valid until its next use. instance_path and schema_path are JSON Pointers
 * (schema_path is the evaluation path through keywords, e.g. "/properties/a/maxLength");
 * keyword is the failing keyword; message is a sentence naming expected and actual values. */
size_t hub_result_count(const hub_result *res);
const char *hub_result_instance_path(const hub_result *res, size_t i);
const char *hub_result_schema_path(const hub_result *res, size_t i);
const char *hub_result_keyword(const hub_result *res, size_t i);
const char *hub_result_message(const hub_result *res, size_t i);
/* All errors as one JSON array text of {instancePath, schemaPath, keyword, message} objects,
 * NUL-terminated; `len` (may be NULL) receives its length. Owned by `res`. */
const char *hub_result_json(hub_result *res, size_t *len);

/* ---- Domain: pagination, connection status, tile state, settings form ----------------------- */

#ifdef __cplusplus
}
#endif
#endif
