/* ecma_syntax.h — internal: is a string an ECMA-262 regular expression (u flag)? */
#ifndef ECMA_SYNTAX_H
#define ECMA_SYNTAX_H

#include <stddef.h>
#include "embedhub.h"

/* Limits that keep the check linear and bounded. */
#define ECMA_MAX_DEPTH 256          /* nested groups (as the regex engine) */
#define ECMA_MAX_NAMES 1000         /* named groups in one pattern */
#define ECMA_MAX_REFS 10000         /* \k<name> references in one pattern */

/* Checks that the UTF-8 `pattern` (`len` bytes, may hold U+0000) is a Pattern of ECMA-262
 * (2025) under the u flag, with every early error: what `new RegExp(pattern, "u")` accepts,
 * whether or not a linear-time engine can run it — lookahead, lookbehind, backreferences \1
 * (at most the number of groups) and \k<name> (to a group that exists), named groups whose names
 * are RegExpIdentifierNames (ID_Start / ID_Continue, `$`, `_`, ZWNJ, ZWJ, \u escapes), a name
 * used twice only in different alternatives, modifiers (?ims-ims:…), \p{…} with the names
 * unicode.h knows, classes with ranges in order and no class escape as a range end, quantifiers
 * only after quantifiable atoms and {n,m} with n <= m. Returns 1 if valid, 0 if not with `err`
 * (may be NULL) filled: HUB_ERR_SCHEMA_REGEX and the byte offset of the offending construct,
 * HUB_ERR_SCHEMA_LIMIT past ECMA_MAX_DEPTH nested groups, ECMA_MAX_NAMES names or
 * ECMA_MAX_REFS named references, or HUB_ERR_NOMEM. Time is linear in len, plus
 * (names + references) × names name comparisons: at most about 10^7. */
int ecma_regex_check(const char *pattern, size_t len, hub_error *err);

#endif
