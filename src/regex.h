/* regex.h — internal: ECMA-262 patterns (u-flag semantics) matched in linear time, no backtracking. */
#ifndef HUB_REGEX_H
#define HUB_REGEX_H

#include <stddef.h>
#include "embedhub.h"

typedef struct hub_regex hub_regex;

/* Compiles the UTF-8 `pattern` (`len` bytes). Returns NULL on error with `err` filled:
 * code HUB_ERR_SCHEMA_REGEX (or HUB_ERR_SCHEMA_LIMIT when the program would be too large, or
 * HUB_ERR_NOMEM), a static message naming the construct ("lookahead is not supported: it needs
 * backtracking"), and err->offset the byte offset in the pattern. The caller frees the result
 * with hub_regex_free. A compiled regex is immutable: it may be shared and used concurrently. */
hub_regex *hub_regex_compile(const char *pattern, size_t len, hub_error *err);

/* Returns 1 if the regex matches anywhere in the UTF-8 `subject` (like RegExp.prototype.test
 * with the u flag: unanchored unless the pattern anchors), 0 if not, -1 on allocation failure.
 * Time is O(len × program size); invalid UTF-8 bytes each count as one unmatched code unit. */
int hub_regex_test(const hub_regex *re, const char *subject, size_t len);

/* Releases the regex. NULL is a no-op. */
void hub_regex_free(hub_regex *re);

#endif
