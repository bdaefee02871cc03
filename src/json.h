/* json.h — internal: strict JSON parsing into cJSON trees that live in a bump arena. */
#ifndef HUB_JSON_H
#define HUB_JSON_H

#include "embedhub.h"
#include "cJSON.h"

#define HUB_STR_(x) #x
#define HUB_STR(x) HUB_STR_(x)  /* a macro's value as a string literal */

/* A bump arena: many small allocations, freed all at once by reset or free. */
typedef struct hub_arena hub_arena;

/* Returns a new arena whose first chunk holds `initial` bytes (0 picks a default); NULL on OOM.
 * The caller frees it with hub_arena_free. */
hub_arena *hub_arena_new(size_t initial);
/* Returns `size` bytes aligned to 8 that stay valid until the next reset or free; NULL on OOM. */
void *hub_arena_alloc(hub_arena *a, size_t size);
/* Copies `len` bytes of `s` and a NUL into the arena; NULL on OOM. */
char *hub_arena_strndup(hub_arena *a, const char *s, size_t len);
/* Forgets every allocation; keeps the largest chunk for reuse. NULL is a no-op. */
void hub_arena_reset(hub_arena *a);
/* Releases the arena and everything allocated from it. NULL is a no-op. */
void hub_arena_free(hub_arena *a);

/* Parses `text` strictly (everything hub_json_check checks) into a cJSON tree allocated in `a`.
 * Returns the root, or NULL with `err` filled. The tree is valid until `a` is reset or freed;
 * never call cJSON_Delete on it. Any other cJSON call that allocates (printing, creating items)
 * must happen inside hub_json_scope_begin/end with an arena. Number nodes also carry their exact
 * source token in `valuestring` (e.g. "0.10", "1e400"), for exact decimal arithmetic; string
 * nodes carry their decoded byte length in `valueint` (strings may contain U+0000). */
cJSON *hub_json_parse(hub_arena *a, const char *text, size_t len, hub_error *err);

/* As hub_json_parse, and each node also records where its value starts in `text`: read it with
 * hub_json_offset. The nodes are larger, so this is for the few texts whose errors are shown
 * with positions (the CLI's text and github output), never for the validator's own parse. */
cJSON *hub_json_parse_positions(hub_arena *a, const char *text, size_t len, hub_error *err);
/* The byte offset of the first character of `node`'s value (its '{', '[', '"', digit or sign,
 * or literal). Only for nodes of a tree made by hub_json_parse_positions. */
size_t hub_json_offset(const cJSON *node);
/* The value that the JSON Pointer `pointer` (`len` bytes, RFC 6901, "" is the root) names in
 * the tree, or NULL when it names nothing (a missing member or index, or a malformed pointer). */
const cJSON *hub_json_pointer_get(const cJSON *root, const char *pointer, size_t len);
/* The 1-based line and column (in code points, as parse errors count) of byte `offset`. */
void hub_json_line_column(const char *text, size_t len, size_t offset, size_t *line, size_t *column);

/* Routes cJSON's allocator to `a` until the matching end (scopes nest; state is thread-local,
 * because cJSON's hooks are process-wide). */
hub_arena *hub_json_scope_begin(hub_arena *a);
void hub_json_scope_end(hub_arena *previous);

/* Fills `err` (if not NULL) with `code`, static `message` and the position of byte `offset` in
 * `text` (line and column computed from the text). */
void hub_error_at(hub_error *err, hub_code code, const char *message,
                  const char *text, size_t len, size_t offset);
/* Fills `err` (if not NULL) with `code` and static `message`, no position. */
void hub_error_set(hub_error *err, hub_code code, const char *message);

#endif
