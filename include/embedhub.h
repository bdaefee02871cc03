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

/* Stable error codes, one row each: the enum member, its value (never changes once released)
 * and its name on the wire (hub_code_name, the `code` of error bodies). */
#define HUB_CODES(X) \
    X(HUB_OK, 0, "ok") \
    /* the text is empty or only white space */ \
    X(HUB_ERR_JSON_EMPTY, 1, "json_empty") \
    /* unexpected character or end of text */ \
    X(HUB_ERR_JSON_SYNTAX, 2, "json_syntax") \
    /* unterminated string, raw control character */ \
    X(HUB_ERR_JSON_STRING, 3, "json_string") \
    /* invalid escape or \u sequence, lone surrogate */ \
    X(HUB_ERR_JSON_ESCAPE, 4, "json_escape") \
    /* the bytes are not valid UTF-8 */ \
    X(HUB_ERR_JSON_UTF8, 5, "json_utf8") \
    /* malformed number */ \
    X(HUB_ERR_JSON_NUMBER, 6, "json_number") \
    /* nesting deeper than HUB_JSON_MAX_DEPTH */ \
    X(HUB_ERR_JSON_DEPTH, 7, "json_depth") \
    /* something after the value */ \
    X(HUB_ERR_JSON_TRAILING, 8, "json_trailing") \
    /* an object has the same member name twice */ \
    X(HUB_ERR_JSON_DUPLICATE_KEY, 9, "json_duplicate_key") \
    /* text longer than HUB_JSON_MAX_BYTES */ \
    X(HUB_ERR_JSON_TOO_LARGE, 10, "json_too_large") \
    /* an allocation failed */ \
    X(HUB_ERR_NOMEM, 20, "out_of_memory") \
    /* a NULL or out-of-range argument */ \
    X(HUB_ERR_ARGUMENT, 21, "bad_argument") \
    /* the schema is not a valid schema (pointer says where) */ \
    X(HUB_ERR_SCHEMA, 30, "schema_invalid") \
    /* a $ref that resolves to nothing */ \
    X(HUB_ERR_SCHEMA_REF, 31, "schema_ref") \
    /* a pattern that is not a supported ECMA-262 regex */ \
    X(HUB_ERR_SCHEMA_REGEX, 32, "schema_regex") \
    /* the schema exceeds a documented size or depth limit */ \
    X(HUB_ERR_SCHEMA_LIMIT, 33, "schema_limit") \
    /* the instance is nested deeper than the evaluator allows */ \
    X(HUB_ERR_INSTANCE_DEPTH, 40, "instance_depth") \
    /* a domain input has the wrong shape (fields[0].field says where) */ \
    X(HUB_ERR_INPUT, 60, "input_invalid") \
    /* a page query parameter is of the wrong type or out of bounds */ \
    X(HUB_ERR_QUERY, 61, "query_invalid") \
    /* a cursor not minted with this key: edited, truncated, not base64url */ \
    X(HUB_ERR_CURSOR_INVALID, 62, "cursor_invalid") \
    /* a genuine cursor used with other filters or in the other direction */ \
    X(HUB_ERR_CURSOR_MISMATCH, 63, "cursor_mismatch") \
    /* the connection's status does not accept the event */ \
    X(HUB_ERR_ILLEGAL_TRANSITION, 64, "illegal_transition") \
    /* a connection status that is not one of the five */ \
    X(HUB_ERR_UNKNOWN_STATUS, 65, "unknown_status") \
    /* a connection event that is not one of the eight */ \
    X(HUB_ERR_UNKNOWN_EVENT, 66, "unknown_event") \
    /* a variablesSchema that does not describe an object */ \
    X(HUB_ERR_SCHEMA_NOT_OBJECT, 67, "schema_not_object") \
    /* hub_model_validate: no built-in model has that name */ \
    X(HUB_ERR_UNKNOWN_MODEL, 68, "unknown_model") \
    /* activation: the payload does not match ActivationCreate */ \
    X(HUB_ERR_PAYLOAD_INVALID, 69, "payload_invalid") \
    /* activation: both `variables` and `dynamicVariables` */ \
    X(HUB_ERR_VARIABLES_CONFLICT, 70, "variables_conflict") \
    /* activation: two `variables` entries with the same name */ \
    X(HUB_ERR_VARIABLE_DUPLICATE, 71, "variable_duplicate") \
    /* activation: userId/userIdType do not name the user */ \
    X(HUB_ERR_USER_MISMATCH, 72, "user_mismatch") \
    /* activation: integrationId is not the integration's id */ \
    X(HUB_ERR_INTEGRATION_MISMATCH, 73, "integration_mismatch") \
    /* activation: the integration is not deployed */ \
    X(HUB_ERR_NOT_DEPLOYED, 74, "integration_not_deployed") \
    /* activation: the user already activated it (HTTP 409) */ \
    X(HUB_ERR_ALREADY_ACTIVATED, 75, "already_activated") \
    /* activation: a connection template has no connection */ \
    X(HUB_ERR_TEMPLATE_UNBOUND, 76, "template_unbound") \
    /* activation: a template is bound more than once */ \
    X(HUB_ERR_TEMPLATE_BOUND_TWICE, 77, "template_bound_twice") \
    /* activation: a templateId the integration does not have */ \
    X(HUB_ERR_TEMPLATE_UNKNOWN, 78, "template_unknown") \
    /* activation: no such connection among the user's */ \
    X(HUB_ERR_CONNECTION_NOT_FOUND, 79, "connection_not_found") \
    /* activation: the connection is for another connector */ \
    X(HUB_ERR_CONNECTOR_MISMATCH, 80, "connector_mismatch") \
    /* activation: the connection's status is not active */ \
    X(HUB_ERR_CONNECTION_INACTIVE, 81, "connection_not_active") \
    /* activation: a sandbox connection for a template that writes */ \
    X(HUB_ERR_SANDBOX_WRITE, 82, "sandbox_write") \
    /* activation: dynamicVariables fail the variablesSchema */ \
    X(HUB_ERR_VARIABLES_INVALID, 83, "variables_invalid") \
    /* activation: the variablesSchema is not a valid schema */ \
    X(HUB_ERR_VARIABLES_SCHEMA, 84, "variables_schema_invalid")

typedef enum hub_code {
#define HUB_CODE_ENUM_(id, value, name) id = value,
    HUB_CODES(HUB_CODE_ENUM_)
#undef HUB_CODE_ENUM_
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
 * threads at once. A hub_ctx is not thread-safe (compiling parses built-in documents into it on
 * first use): one per thread, or compile under a lock. A hub_result is a per-call workspace
 * (instance parse arena + error list); reuse one across calls, one per thread.
 * Dialects: 2020-12 (default), draft-07 (by $schema or HUB_DRAFT7), 2019-09 by $schema (without
 * $recursiveRef); a custom meta-schema's $vocabulary is honoured (an unknown required vocabulary
 * is a compile error). `dependencies` is also accepted in 2020-12, for compatibility. Content
 * keywords are annotations, except in draft-07 where contentEncoding "base64" and
 * contentMediaType "application/json" assert. Every JSON value is compared as JSON Schema says
 * (1 == 1.0, objects unordered); multipleOf is exact on decimal numbers (0.07 is a multiple of
 * 0.01). Schema paths are evaluation paths: they go through "$ref" ("/items/$ref/type"). */
typedef struct hub_ctx hub_ctx;
typedef struct hub_schema hub_schema;
typedef struct hub_result hub_result;

/* Compile flags. */
#define HUB_FORMAT_ASSERT 1u  /* `format` fails invalid strings (default: annotation only) */
#define HUB_ALL_ERRORS 2u     /* collect every error (default: stop at the first) */
#define HUB_DRAFT7 4u         /* the default dialect is draft-07 instead of 2020-12: it applies to
                               * the schema and to registered documents it references when they
                               * have no $schema (an explicit $schema always wins) */

/* Limits of the evaluator and compiler. */
#ifndef HUB_SCHEMA_MAX_DEPTH
#define HUB_SCHEMA_MAX_DEPTH 256        /* deepest subschema nesting a schema may have */
#endif
#ifndef HUB_SCHEMA_MAX_ERRORS
#define HUB_SCHEMA_MAX_ERRORS 1000      /* errors kept in all-errors mode; more are counted only */
#endif
/* The evaluator's own recursion limit: nested subschema applications (each $ref, each property
 * or item step, each combinator branch counts one). It bounds the C stack whatever the schema
 * does; a recursive schema over an instance nested HUB_JSON_MAX_DEPTH deep stays well below. */
#ifndef HUB_SCHEMA_MAX_EVAL_DEPTH
#define HUB_SCHEMA_MAX_EVAL_DEPTH 2048
#endif

/* Returns a new registry (caller frees with hub_ctx_free), NULL on OOM. */
hub_ctx *hub_ctx_new(void);
/* Frees the registry. Schemas compiled from it stay valid. NULL is a no-op. */
void hub_ctx_free(hub_ctx *ctx);
/* Registers the schema `json` (`len` bytes) under the absolute `uri` (NUL-terminated) so that
 * other schemas can $ref it; ids inside it are registered too. The text is copied. A second
 * document under the same URI replaces the first for later compiles. Returns HUB_OK, or
 * HUB_ERR_ARGUMENT (NULL or relative uri), a JSON parse error, HUB_ERR_SCHEMA (not an object
 * or boolean) or HUB_ERR_NOMEM. The document is checked when a compile first uses it. */
hub_code hub_ctx_add_schema(hub_ctx *ctx, const char *uri, const char *json, size_t len,
                            hub_error *err);

/* Compiles the schema `json` (`len` bytes) with `flags`. Returns the program (caller frees with
 * hub_schema_free) or NULL with `err` filled: err->pointer is the JSON Pointer of the offending
 * keyword (prefixed with "URI#" when it is in another registered document). $schema picks the
 * dialect (2020-12 when absent, or draft-07 with HUB_DRAFT7). `ctx` may be NULL: then only the
 * built-in meta-schemas are known (parsed anew for this call). Codes: HUB_ERR_SCHEMA (a keyword
 * has the wrong shape), HUB_ERR_SCHEMA_REF (a $ref, $dynamicRef or $schema that resolves to
 * nothing, or a cycle of $ref/allOf/… that would apply a schema to the same value forever),
 * HUB_ERR_SCHEMA_REGEX (a pattern we cannot run; err->offset is inside the pattern),
 * HUB_ERR_SCHEMA_LIMIT (nesting deeper than HUB_SCHEMA_MAX_DEPTH), or a JSON parse error.
 * The shape checks are those of the official meta-schemas (with format as annotation), made
 * while compiling each keyword; keywords unknown to the dialect or to the enabled vocabularies
 * are ignored, and constraints a custom meta-schema adds are not checked. Every subschema is
 * checked, $defs included, also those no $ref uses. */
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
 * cleared). Previous contents of `res` are discarded. -1 also ends an evaluation that would not
 * end or would take exponential time: HUB_ERR_INSTANCE_DEPTH (more than
 * HUB_SCHEMA_MAX_EVAL_DEPTH nested subschema applications, or a $dynamicRef that comes back to
 * the same schema and value without end) and HUB_ERR_SCHEMA_LIMIT (a work budget of 16
 * applications per compiled subschema and instance value, plus a million, exceeded: schemas
 * that nest anyOf/allOf over shared $refs).
 * In first-error mode evaluation stops at the first error. In all-errors mode every failing
 * keyword is reported, except inside anyOf/oneOf/not/if/contains/propertyNames branches whose
 * failure is expected: there only the combinator's own error appears (e.g. "must match at
 * least one schema in anyOf"). No heap allocation happens once `res` has grown to the size a
 * given schema and instance shape need. */
int hub_schema_validate_json(const hub_schema *schema, const char *text, size_t len,
                             hub_result *res, hub_error *err);

/* The errors of the last validation: count, then each error's parts (NULL when i is out of
 * range). Strings belong to `res` and stay valid until its next use. instance_path and
 * schema_path are JSON Pointers
 * (schema_path is the evaluation path through keywords, e.g. "/properties/a/maxLength");
 * keyword is the failing keyword; message is a sentence naming expected and actual values. */
size_t hub_result_count(const hub_result *res);
/* The number of errors found, including those beyond HUB_SCHEMA_MAX_ERRORS that were not kept. */
size_t hub_result_total(const hub_result *res);
const char *hub_result_instance_path(const hub_result *res, size_t i);
const char *hub_result_schema_path(const hub_result *res, size_t i);
const char *hub_result_keyword(const hub_result *res, size_t i);
const char *hub_result_message(const hub_result *res, size_t i);
/* The member an error is about, for programs (messages are for people): the missing one for
 * required, dependentRequired and dependencies, the unexpected one for additionalProperties and
 * unevaluatedProperties; NULL for other keywords. */
const char *hub_result_property(const hub_result *res, size_t i);
/* Where error `i` is, as a field path for people and forms (NULL when i is out of range; owned
 * by `res` like the others): the instance path written `a.b[0].c`, then the member from
 * hub_result_property when there is one, so a missing required "apiKey" of /auth is
 * "auth.apiKey". Array items are `[i]`; a member name is `.name`, except one that is empty, all
 * ASCII digits, or holds . [ ] " ' \ or a control character, which is `["name"]` (a JSON
 * string): `list[0]` is an item, `map["0"]` a member named 0, `map["it's"]` a member named it's.
 * The root is "". Every field of the domain calls (Error bodies, activation errors) follows the
 * same rule. */
const char *hub_result_field(const hub_result *res, size_t i);
/* All errors as one JSON array text of {instancePath, schemaPath, keyword, message, field, property?}
 * objects, NUL-terminated; `len` (may be NULL) receives its length. Owned by `res`, valid until
 * its next use. NULL if `res` is NULL or on OOM. */
const char *hub_result_json(hub_result *res, size_t *len);

/* ---- Domain: pagination, connection status, tile state, settings form -----------------------
 * Every domain function takes UTF-8 JSON text (pointer and length; no NUL needed) and answers
 * with JSON text. It returns HUB_OK and stores in *out a malloc'd NUL-terminated JSON text, or
 * returns an error code and stores in *out the wire Error body
 *     {"code": "<hub_code_name>", "message": "…", "fields": [{"field": "a.b[0].c", "message": "…"}],
 *      "details": {"offset", "line", "column"}}      (details only for JSON syntax errors)
 * Either way the caller frees *out with free(). *out_len (NULL allowed) receives the length.
 * If `out` is NULL the call returns HUB_ERR_ARGUMENT; if the answer cannot be allocated it
 * returns HUB_ERR_NOMEM with *out NULL. In inputs, an optional member that is JSON null counts
 * as absent. No function reads a clock or a random source: times and keys are inputs. */

#define HUB_CURSOR_KEY_BYTES 16     /* a cursor key is a 128-bit SipHash-2-4 key */
#ifndef HUB_PAGE_DEFAULT_FIRST
#define HUB_PAGE_DEFAULT_FIRST 20   /* page size when the query has no `first` */
#endif
#ifndef HUB_PAGE_MAX_FIRST
#define HUB_PAGE_MAX_FIRST 100      /* largest `first` accepted */
#endif
#ifndef HUB_PAGE_NAME_MAX
#define HUB_PAGE_NAME_MAX 512       /* longest integration name (bytes) a cursor can carry */
#endif
#ifndef HUB_PAGE_ID_MAX
#define HUB_PAGE_ID_MAX 256         /* longest integration id (bytes) a cursor can carry */
#endif
#ifndef HUB_PAGE_Q_MAX
#define HUB_PAGE_Q_MAX 256          /* longest search text `q` (bytes) */
#endif
#ifndef HUB_FORM_MAX_FIELDS
#define HUB_FORM_MAX_FIELDS 512     /* more fields than this is HUB_ERR_SCHEMA_LIMIT */
#endif
#ifndef HUB_FORM_MAX_DEPTH
#define HUB_FORM_MAX_DEPTH 8        /* nested groups deeper than this become "json" fields */
#endif

/* Page query (the `query` argument below), members all optional:
 *     {"first": 1..100 or "1".."100" (default 20), "after": cursor, "before": cursor (not both),
 *      "deployed": true|false|"true"|"false", "q": search text (at most HUB_PAGE_Q_MAX bytes),
 *      "identifierType": "internal"|"external" (default external), "userId": string,
 *      "hubId": string}
 * Strings are accepted for `first` and `deployed` because query strings are text; `first` as
 * a string must be canonical decimal (no sign, no leading zero). Unknown members are errors.
 * `q` keeps the rows whose name or description contains it, case- and accent-insensitively:
 * both sides are folded (Unicode 17.0: canonical decomposition, nonspacing marks dropped, full
 * case folding; so "cafe" finds "Café", "STRASSE" finds "Straße"); white space at its ends is
 * ignored, and a `q` that folds to nothing is no search.
 * Cursors are opaque base64url tokens: a keyset position (name, id), its direction, and a
 * SipHash-2-4 MAC bound to `deployed`, the folded `q`, `identifierType`, `userId` and `hubId`
 * (a cursor used with another search is HUB_ERR_CURSOR_MISMATCH). They are
 * tamper-evident, not secret: the position inside is readable. A `next` cursor goes in `after`
 * and a `prev` cursor in `before`. `key` is HUB_CURSOR_KEY_BYTES bytes (`key_len` must equal it);
 * cursors minted with one key fail with any other. `query` may be NULL or empty: all defaults. */

/* Builds one page of integrations. `items` is a JSON array of integration summaries
 *     {"id": non-empty string, "name": string, "imageUrl": string, "description": string,
 *      "isDeployed": bool, "isActivated": bool, "variablesSchema"?: object}
 * (ids unique; other members ignored). Rows matching `deployed` are ordered by (name, id)
 * byte-wise; `after` gives the rows strictly after the cursor's position, `before` the last
 * `first` rows strictly before it, so pages stay consistent while rows come and go. Answer:
 *     {"totalCount": rows matching the filter and the search, "next"?: cursor, "prev"?: cursor,
 *      "integrations": [summaries, only the members above], "totalConnected": activated rows}
 * `next`/`prev` are absent when no row lies beyond the page in that direction. A page left empty
 * by deletions pages on from the cursor's own position. O(n log n) in the number of items. */
hub_code hub_page_build(const char *items, size_t items_len, const char *query, size_t query_len,
                        const unsigned char *key, size_t key_len, char **out, size_t *out_len);

/* Checks and normalises a page query, verifying its cursor, for hosts that page in SQL:
 *     {"first": n, "identifierType": "…", "deployed"?: bool, "q"?: folded search text,
 *      "userId"?: "…", "hubId"?: "…",
 *      "position"?: {"name": "…", "id": "…", "direction": "after"|"before"}}
 * `position` is present when the query has a cursor. */
hub_code hub_page_query_parse(const char *query, size_t query_len, const unsigned char *key,
                              size_t key_len, char **out, size_t *out_len);

/* Mints a cursor for `position` {"name", "id", "direction": "after"|"before"} under the filters
 * of `query` (its cursors are not checked). Answer: {"cursor": "…"}. */
hub_code hub_cursor_encode(const char *position, size_t position_len, const char *query,
                           size_t query_len, const unsigned char *key, size_t key_len,
                           char **out, size_t *out_len);

/* Connection status state machine (seed 003):
 *     (new) --create--> connecting
 *     connecting --validated--> active | --validation_failed--> validation_error
 *                --post_install_failed--> post_install_error
 *     active --credentials_invalid | refresh_failed--> needs_reauth
 *     needs_reauth | post_install_error | validation_error --reauthorize | retry--> connecting
 * Input {"status": "…" (absent or null for a new connection), "event": "…"};
 * answer {"status": "…"}. */
hub_code hub_status_transition(const char *json, size_t len, char **out, size_t *out_len);

/* What the user can do about a connection in a status: the one status→action table that tile
 * state, activation errors and binding options also read. Input {"status": "…"}; answer
 * {"status", "action"}: active → manage, connecting → wait, post_install_error and
 * validation_error → retry, needs_reauth → reconnect. Errors: HUB_ERR_INPUT (status missing or
 * not a string), HUB_ERR_UNKNOWN_STATUS. */
hub_code hub_status_action(const char *json, size_t len, char **out, size_t *out_len);

/* Applies an event to a whole connection object. Input
 *     {"connection": {… seed 003 …}, "event": "…", "now": RFC 3339 date-time, "error"?: "…"}
 * Answer: the connection with every member kept in order and `status`, `updated_at` (= now),
 * `last_error` and `last_action_result` ({"event", "status", "at"}) rewritten (appended when
 * missing). `last_error` becomes `error` (or a default sentence for the event) on entering
 * post_install_error, validation_error or needs_reauth, null on entering active, and is kept on
 * entering connecting. `create` needs a connection without status and sets `created_at` if
 * absent. `error` longer than 1000 bytes is cut at a character boundary. */
hub_code hub_connection_transition(const char *json, size_t len, char **out, size_t *out_len);

/* Derives a tile's state and action. Input
 *     {"integration": {"isDeployed": bool, "isActivated": bool, …},
 *      "connections"?: [{"status": "…", …}, …]}
 * (the connections bound to the activation, or those being connected). Answer
 * {"state": unavailable|available|connecting|connected|needs_reauth|error,
 *  "action": none|activate|wait|manage|reconnect|retry}; the precedence table is in tile.c, and a
 * state that comes from a connection status has that status's action (hub_status_action). */
hub_code hub_tile_state(const char *json, size_t len, char **out, size_t *out_len);

/* Builds the settings form of a `variablesSchema` (JSON Schema 2020-12 object schema). Answer
 *     {"fields": [field…], "dependencies": [action…], "notes": [{"key", "message"}…]}
 * where each field is an integrationSettings entry plus what a renderer needs:
 *     {"configkey", "configvalue" (default or null), "configtype" (= control), "alignment"
 *      (left|right|full), "group" (x-group, else the enclosing object's key, else null),
 *      "dependencyaction" ([action…] whose condition reads this field), "key" (dot path),
 *      "label", "help" (description or null), "control", "required", "default",
 *      "options"? ([{"value", "label"}] for select), "item"? ({"control", "constraints",
 *      "options"?} for list), "constraints" ({keyword: value}), "order", "parent",
 *      "visibleWhen" (condition or null), "requiredWhen" (condition or null), "note"?}
 * Controls: text, secret (writeOnly or format password; never guessed from the name), number,
 * integer, checkbox, select, date, datetime, email, url, list, group, json (fallback for shapes
 * a form cannot show, with a note). An action is {"when": condition, "action": "require"|
 * "show", "keys": [...]}; a condition is {"key", "equals"|"notEquals"|"in"|"notIn"|"present"}
 * or {"all": [...]} or {"any": [...]}. Local $refs are followed. Errors: the schema is not JSON,
 * HUB_ERR_SCHEMA_NOT_OBJECT, HUB_ERR_SCHEMA_LIMIT (more than HUB_FORM_MAX_FIELDS fields). */
hub_code hub_form_build(const char *schema, size_t len, char **out, size_t *out_len);

/* Builds the saved settings record of an activation: the UserIntegrationMap's
 * `integrationSettings` (seed 000), one entry per field of hub_form_build's form, in its order.
 * Input {"variablesSchema": object, "values"?: object (the activation's dynamicVariables),
 * "secrets"?: "mask" (default) | "omit" | "keep"}; answer
 *     {"integrationSettings": [{"configkey", "configvalue", "configtype", "alignment", "group",
 *                               "dependencyaction"}…]}
 * configvalue is the value at the field's key in `values` (a dot path, each step an own member of
 * an object; a null that is there stays null), else the field's default, else null; a group's is
 * its default. Secret fields (configtype "secret") have "********" instead of a value that is not
 * null with "mask", are left out with "omit", and keep their value with "keep" (for a host that
 * seals them itself: never show that record). Errors: as hub_form_build (fields name
 * "variablesSchema"), and HUB_ERR_INPUT for values that are not an object, an unknown `secrets`,
 * or an unknown member. */
hub_code hub_settings_build(const char *json, size_t len, char **out, size_t *out_len);

/* ---- Domain: models and activation ----------------------------------------------------------
 * The built-in models are JSON Schemas (2020-12, the files of src/models, $id urn:embedhub:model:NAME):
 * EndUserIntegrationPage, EndUserIntegration, EmbeddedIntegration, ConnectionTemplate,
 * ActivationCreate, Activation, EndUser, Connection, UserIntegrationMap, IntegrationSetting,
 * Error. Requests (ActivationCreate) reject unknown members; responses and stored records allow
 * them. A hub_models holds them compiled (format assertion, all errors): create it once, keep
 * it, share it between threads (it is immutable), free it at the end. */
typedef struct hub_models hub_models;

#ifndef HUB_ACTIVATION_MAX_ERRORS
#define HUB_ACTIVATION_MAX_ERRORS 100  /* errors listed by hub_activation_validate; more are counted */
#endif

/* Compiles every built-in model. Returns the handle (caller frees with hub_models_free), or
 * NULL with `err` (may be NULL) filled: HUB_ERR_NOMEM, or a compile error (a build defect). */
hub_models *hub_models_new(hub_error *err);
/* Frees the handle and its compiled schemas. NULL is a no-op. */
void hub_models_free(hub_models *models);
/* The compiled schema of model `name` (NUL-terminated), owned by `models`: valid until
 * hub_models_free. NULL when `models` or `name` is NULL or no model has that name. */
const hub_schema *hub_models_schema(const hub_models *models, const char *name);

/* Validates a value against a model. Input {"model": NAME, "value": any JSON (null included)};
 * answer {"valid": bool, "errors": [{"instancePath", "schemaPath", "keyword", "message",
 * "field", "property"?}…]}
 * (every error, in evaluation order; pointers relative to `value`). `models` may be NULL: then
 * they are compiled for this call only (slow: keep a handle). Errors: not JSON, HUB_ERR_INPUT
 * (input not {model, value}, or a string holding U+0000), HUB_ERR_UNKNOWN_MODEL (the message
 * lists the names), HUB_ERR_INSTANCE_DEPTH (the value is nested too deep for the evaluator). */
hub_code hub_model_validate(const hub_models *models, const char *json, size_t len, char **out,
                            size_t *out_len);

/* Checks an activation request. Input:
 *     {"payload": ActivationCreate (what the end user sent, any JSON),
 *      "integration": EmbeddedIntegration, "connections"?: [Connection…] (the user's),
 *      "user": {"id": internal id, "externalId": …}, "activated"?: bool (the user already has
 *      an activation of it; absent: integration.isActivated)}
 * Answer: {"valid": bool, "errors": [error…], "omitted"?: n, "normalized"?: {…}} where an error
 * is {"code": hub_code_name, "message", "field": "a.b[0].c" (relative to the payload, "" for the
 * payload as a whole)} plus, for connection_not_active, "status" and "action" (wait, reconnect
 * or retry, as a tile would offer), for template_unbound "templateId", and for
 * variables_schema_invalid "pointer" (JSON Pointer inside variablesSchema; its field starts
 * with "integration.variablesSchema"). Fields follow the rule of hub_result_field. Fields and pointers longer than 256
 * bytes are cut with "…". At most HUB_ACTIVATION_MAX_ERRORS errors are listed; `omitted` counts
 * the rest. Errors come in this order: payload shape, variables spelling, user, integration
 * (mismatch, not deployed, already activated), then per payload connection in order (template
 * unknown or bound twice, then its connection: not found, else connector, else status and
 * sandbox), then unbound templates in the integration's order, then the variablesSchema, then
 * the variables. When integrationId names another integration, the checks against the
 * integration stop there. A connection of another user reads as not found. `normalized` (only
 * when valid) is {userId, userIdType (filled in), integrationId, connections, dynamicVariables}:
 * the variables from either spelling with the variablesSchema's `default`s added where a
 * property is missing (through nested `properties` of objects present, never replacing a value,
 * null included; `$ref`s are not followed); the variables are validated with the defaults in
 * place, with format assertion. Without a variablesSchema any variables are accepted.
 * Problems of the user's payload are `errors` (HUB_OK). Problems of what the host passed
 * (integration, connections, user, activated; the variablesSchema excepted) mean a host bug and
 * fail the call with HUB_ERR_INPUT and the Error body, field relative to the input
 * ("integration.connectionTemplates[1].id"); so do JSON errors and, as in every domain call, a
 * string holding U+0000 anywhere in the input. `models` may be NULL (slow). */
hub_code hub_activation_validate(const hub_models *models, const char *json, size_t len, char **out,
                                 size_t *out_len);

/* Which of the user's connections may serve each connection template of an integration, for a
 * wizard to offer: the same rule, in the same code, as hub_activation_validate applies to each
 * binding. Input
 *     {"integration": EmbeddedIntegration, "connections"?: [Connection…],
 *      "user"?: {"id": internal id, "externalId": …}}
 * Answer, templates in the integration's order and connections in the input's:
 *     {"templates": [{"templateId", "name", "connectorId", "writes": bool,
 *                     "eligible": [connection id…],
 *                     "ineligible": [{"connectionId", "code", "message", "reasons": [reason…]}…]}…]}
 * where a reason is {"code", "message"} plus, for connection_not_active, "status" and "action",
 * and code/message repeat the first reason. Codes, in the activation's order:
 * connection_not_found (another user's connection, when `user` is given), else
 * connector_mismatch, else connection_not_active and/or sandbox_write (a sandbox connection for
 * a template that writes). Without `user` every connection counts as the user's. Host input that
 * is wrong (the integration or a connection not matching its model, duplicate ids, unknown
 * members) fails with HUB_ERR_INPUT and the Error body, as in hub_activation_validate; problems
 * inside variablesSchema are not looked at. `models` may be NULL (slow). */
hub_code hub_binding_options(const hub_models *models, const char *json, size_t len, char **out,
                             size_t *out_len);

#ifdef __cplusplus
}
#endif
#endif
