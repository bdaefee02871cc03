/* json.h — internal: strict JSON parsing into cJSON trees that live in a bump arena. */
#ifndef JSON_H
#define JSON_H

#include "embedhub.h"
#include "cJSON.h"
#include "arena.h"
#include "error.h"

#define STRINGIFY_(x) #x
#define STRINGIFY(x) STRINGIFY_(x)  /* a macro's value as a string literal */

/* Parses `text` strictly (everything hub_json_check checks) into a cJSON tree allocated in `a`.
 * Returns the root, or NULL with `err` filled. The tree is valid until `a` is reset or freed;
 * never call cJSON_Delete on it. Any other cJSON call that allocates (printing, creating items)
 * must happen inside json_scope_begin/end with an arena. Number nodes also carry their exact
 * source token in `valuestring` (e.g. "0.10", "1e400"), for exact decimal arithmetic; string
 * nodes carry their decoded byte length in `valueint` (strings may contain U+0000). */
cJSON *json_parse(arena_t *a, const char *text, size_t len, hub_error *err);

/* As json_parse, and each node also records where its value starts in `text`: read it with
 * json_offset. The nodes are larger, so this is for the few texts whose errors are shown
 * with positions (the CLI's text and github output), never for the validator's own parse. */
cJSON *json_parse_positions(arena_t *a, const char *text, size_t len, hub_error *err);
/* The byte offset of the first character of `node`'s value (its '{', '[', '"', digit or sign,
 * or literal). Only for nodes of a tree made by json_parse_positions. */
size_t json_offset(const cJSON *node);
/* The value that the JSON Pointer `pointer` (`len` bytes, RFC 6901, "" is the root) names in
 * the tree, or NULL when it names nothing (a missing member or index, or a malformed pointer). */
const cJSON *json_pointer_get(const cJSON *root, const char *pointer, size_t len);
/* The 1-based line and column (in code points, as parse errors count) of byte `offset`. */
void json_line_column(const char *text, size_t len, size_t offset, size_t *line, size_t *column);

/* The index of the first byte from s[j] on (or len) that a JSON string cannot hold as it is:
 * not printable ASCII, or '"' or '\\' (eight bytes at a time where the byte order allows). */
size_t json_scan_plain(const unsigned char *s, size_t j, size_t len);

/* Routes cJSON's allocator to `a` until the matching end (scopes nest; state is thread-local,
 * because cJSON's hooks are process-wide). */
arena_t *json_scope_begin(arena_t *a);
void json_scope_end(arena_t *previous);

/* Appends `child` to container `node` whose last child is `*last` (NULL for none), as cJSON links
 * them (the first child's prev points at the last); for the parsers building trees in place. */
static inline void json_append(cJSON *node, cJSON **last, cJSON *child) {
    if (!*last) {
        node->child = child;
    } else {
        (*last)->next = child;
        child->prev = *last;
    }
    node->child->prev = child;
    *last = child;
}

#endif
