/* json_binary.h — internal: JS values in the compact binary encoding web/src/core/encode.mjs
 * writes straight into linear memory, decoded into the tree json_parse builds from their text. */
#ifndef JSON_BINARY_H
#define JSON_BINARY_H

#include <stddef.h>

#include "arena.h"
#include "cJSON.h"
#include "embedhub.h"

/* The encoding, little-endian, no padding. A value is a tag byte and its payload:
 *   JB_NULL, JB_FALSE, JB_TRUE     nothing
 *   JB_INT      int32              an integer in int32 range
 *   JB_NUMBER   f64, u32 n, n bytes, NUL
 *                                  any other finite number: its double and its shortest decimal
 *                                  text (String(n) in JS), which must be a JSON number token
 *   JB_STRING   u32 n, n bytes, NUL    UTF-8
 *   JB_ARRAY    u32 count, count values
 *   JB_OBJECT   u32 count, count × (u32 n, n bytes of the name, NUL, value)
 * Nothing follows the root value. */
enum { JB_NULL = 0, JB_FALSE = 1, JB_TRUE = 2, JB_INT = 3, JB_NUMBER = 4, JB_STRING = 5, JB_ARRAY = 6, JB_OBJECT = 7 };

/* Decodes `len` bytes of the encoding into the cJSON tree json_parse builds from the value's
 * JSON text (same node types, number tokens in valuestring, string lengths in valueint), in
 * arena `a`. Strings and names are not copied: they point into `bytes`, which must stay
 * unchanged as long as the tree is used. Every byte is checked: tags, lengths and counts against
 * the end of the input, UTF-8, number tokens, names without U+0000, nesting at most
 * HUB_JSON_MAX_DEPTH. Member names are not checked for duplicates (JS objects have none).
 * *text_len gets the byte length of the value's JSON text as JSON.stringify writes it, so the
 * evaluator's work budget and the HUB_JSON_MAX_BYTES limit are those of the text path.
 * Returns the root, or NULL with `err` filled (HUB_ERR_ARGUMENT for malformed bytes). */
cJSON *json_binary_decode(arena_t *a, const unsigned char *bytes, size_t len, size_t *text_len, hub_error *err);

#endif
