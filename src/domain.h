/* domain.h — internal: what the domain modules (cursor, status, tile, form) share. */
#ifndef DOMAIN_H
#define DOMAIN_H

#include <stdint.h>

#include "buf.h"
#include "json.h"

/* ---- errors as wire bodies (domain.c) ---------------------------------------------------------
 * A domain call reports its first problem only: later dom_fail calls are ignored, so a caller
 * can fail and unwind without checking at every level. */

typedef struct dom_err {
    hub_code code;      /* HUB_OK until the first failure */
    char field[128];    /* `a.b[0].c` path of the offending input, "" when none */
    buf_t msg;        /* the sentence for `message` */
    int has_pos;        /* JSON parse errors also carry offset/line/column in `details` */
    size_t offset, line, column;
} dom_err;

/* Records `code` with `field` (NULL for none) and a message made of the pieces a, b, c (NULL for
 * none). Returns 1, or 0 and does nothing when `e` already holds an error. Three fixed pieces
 * rather than varargs: a variadic call costs about twice the code in WebAssembly. */
int dom_fail(dom_err *e, hub_code code, const char *field, const char *a, const char *b, const char *c);
/* Appends pieces (NULL for none) to the message dom_fail just recorded. */
void dom_more(dom_err *e, const char *a, const char *b, const char *c);
/* Writes `prefix[index]suffix` (suffix may be "" or ".name") into `out` (128 bytes), for fields. */
const char *dom_path(char out[128], const char *prefix, size_t index, const char *suffix);
/* Copies `s` into `out` (80 bytes), cut at a UTF-8 boundary with "…" when longer, so messages
 * quoting caller strings stay short. */
const char *dom_clip(char out[80], const char *s);
/* Parses `text` into a tree in `a`; on failure fills `e` (field = `what`) and returns NULL. */
cJSON *dom_parse(arena_t *a, const char *text, size_t len, const char *what, dom_err *e);
/* Starts a call that takes one JSON object: a new arena in *a and the parsed input, or NULL with
 * `e` filled (`shape` completes "input must be an object …"). Free *a in any case. */
const cJSON *dom_begin(arena_t **a, const char *json, size_t len, const char *shape, dom_err *e);
/* Ends a domain call: on success hands `ok`'s text to the caller, otherwise writes the Error
 * body for `e`. Frees what the caller must not see, releases e->msg. Returns the call's code. */
hub_code dom_finish(dom_err *e, buf_t *ok, char **out, size_t *out_len);

/* ---- JSON helpers (domain_json.c) ------------------------------------------------------------ */

/* The member `key` of `obj`, or NULL when `obj` is not an object, the member is absent or null:
 * optional inputs treat null as absent, which is what JS callers mean by `x: null`. */
const cJSON *dom_get(const cJSON *obj, const char *key);
/* Writes `v` as compact JSON; numbers keep their exact source token. */
void dom_write(buf_t *b, const cJSON *v);
/* Writes the NUL-terminated `s` as a JSON string. */
void dom_str(buf_t *b, const char *s);
/* 1 if the `n` bytes at `s` are valid UTF-8 (by uni_utf8_decode, the one validator) without
 * NUL bytes. */
int dom_utf8_ok(const unsigned char *s, size_t n);

/* ---- connection statuses (status.c), shared with tile.c --------------------------------------- */

/* The five statuses, one row each: the enum's name and the status on the wire (seed 003). The
 * enum and status.c's names are both made from this list. */
#define DOM_STATUSES(X) \
    X(ACTIVE, "active") \
    X(CONNECTING, "connecting") \
    X(POST_INSTALL_ERROR, "post_install_error") \
    X(VALIDATION_ERROR, "validation_error") \
    X(NEEDS_REAUTH, "needs_reauth")

enum {
#define ST_ENUM_ROW(id, name) ST_##id,
    DOM_STATUSES(ST_ENUM_ROW)
#undef ST_ENUM_ROW
    ST_COUNT
};
/* The index of a status name, or -1. */
int dom_status_index(const char *name);
/* The name of status index `st`, or NULL when out of range. */
const char *dom_status_name(int st);
/* What the user can do about a connection in status `st` (the status→action table of status.c):
 * manage, wait, retry or reconnect; NULL when out of range. */
const char *dom_status_action(int st);

/* ---- cursors (cursor.c), exposed for tests and fuzzing ---------------------------------------- */

/* SipHash-2-4 of `n` bytes with the 128-bit `key`. */
uint64_t dom_siphash24(const unsigned char key[16], const unsigned char *in, size_t n);
/* Seals raw payload bytes with a valid MAC as base64url text into `b`: lets the fuzzer reach the
 * checks that run after the MAC, which it could never forge. */
void dom_cursor_seal(buf_t *b, const unsigned char key[16], const unsigned char *payload, size_t n);

#endif
