/* field.h — internal: the one rule that names a place in a JSON value as a field path
 * `a.b[0].c`, for error bodies and error objects (hub_result_field, activation errors, the
 * server's `fields`).
 *
 * The rule: an array index is `[i]`; a member name is `.name` (no dot at the start of the
 * path), except a name that is empty, all ASCII digits (so it never reads as an index), or holds
 * one of  . [ ] " ' \  or a control character, which is written `["name"]`, the name as a JSON
 * string. Every field therefore reads back unambiguously: `dynamicVariables[0]` is an item,
 * `dynamicVariables["0"]` a member named 0, `dynamicVariables["it's"]` a member named it's. */
#ifndef FIELD_H
#define FIELD_H

#include <stddef.h>

#include "buf.h"
#include "json.h"

/* 1 if member `name` (`n` bytes) is written `.name`, 0 if `["name"]`. */
int fld_plain(const char *name, size_t n);
/* Appends member `name` (`n` bytes) to the field in `b`. */
void fld_member(buf_t *b, const char *name, size_t n);
/* Appends array index `i`. */
void fld_index(buf_t *b, size_t i);
/* Appends the relative field `rel` (as hub_result_field gives) to the field in `b`. */
void fld_join(buf_t *b, const char *rel);
/* The field `f` without its first step: "b[0]" for "a.b[0]", "[1].c" for "[\"x\"][1].c". */
const char *fld_rest(const char *f);
/* Reads the next token of the JSON Pointer at *p into `tok` (unescaping ~0 and ~1) and moves *p
 * past it; 0 at the end of the pointer (or when `tok` failed to grow). */
int fld_token(const char **p, buf_t *tok);
/* The pointer→field function: appends the field of JSON Pointer `ptr` inside `node`. The value
 * tells indices from names (a member named "0" of an object is `["0"]`); past the value's end
 * a token of digits is read as an index. `tok` is scratch. */
void fld_pointer(buf_t *b, buf_t *tok, const cJSON *node, const char *ptr);

#endif
