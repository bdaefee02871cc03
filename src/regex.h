/* regex.h — internal: ECMA-262 patterns (u-flag semantics) matched in linear time, no backtracking. */
#ifndef REGEX_H
#define REGEX_H

#include <stddef.h>
#include "embedhub.h"

/* What is accepted (ECMA-262 with the u flag, as `new RegExp(p, "u")` in JS engines):
 * literals; escapes \n \t \r \f \v \0 \cX \xHH \uHHHH (surrogate pairs joined) \u{H…} and the
 * identity escapes of syntax characters and /; `.` (not \n \r U+2028 U+2029); classes [...] and
 * [^...] with ranges; \d \w (ASCII) \s (ECMA white space and line terminators) and their
 * negations; \b \B; ^ $ (whole subject, no multiline); * + ? {n} {n,} {n,m} and lazy forms;
 * ( ), (?: ), (?<name> ); alternation; \p{…} \P{…} for General_Category values in every ECMA
 * alias (L, Letter, Lu, …, digit, punct, cntrl, Combining_Mark, also as gc=… and
 * General_Category=…), Script=… / sc=… and Script_Extensions=… / scx=… in every value alias,
 * and ECMA-262's binary properties (Alphabetic, Any, ASCII, Assigned, ID_Start, …), all from
 * the Unicode 17.0 tables (unicode.h).
 * What is rejected (HUB_ERR_SCHEMA_REGEX): anything ECMA-262 rejects under the u flag, plus
 * what needs backtracking (backreferences \1 \k<name>, lookahead, lookbehind) and modifiers.
 * The syntax is checked first by ecma_regex_check (ecma_syntax.h), so every error of a
 * pattern that is not ECMA-262 is the checker's; then what needs backtracking (lookaround,
 * backreferences) and modifiers fail with "valid ECMA-262 but not supported in pattern".
 * Limits (HUB_ERR_SCHEMA_LIMIT): RE_MAX_PROGRAM instructions after expanding counted
 * repetition (10000), RE_MAX_DEPTH nested groups (256). */
typedef struct re_prog re_prog;

/* Compiles the UTF-8 `pattern` (`len` bytes). Returns NULL on error with `err` filled:
 * code HUB_ERR_SCHEMA_REGEX (or HUB_ERR_SCHEMA_LIMIT when the program would be too large, or
 * HUB_ERR_NOMEM), a static message naming the construct (a syntax error from
 * ecma_regex_check, or "lookahead is valid ECMA-262 but not supported in pattern: it needs
 * backtracking"), and err->offset the byte offset in the pattern. The caller frees the result
 * with re_free. `err` may be NULL; `pattern` may be NULL when len is 0. Compiling also
 * builds a DFA (bounded states and work), so it costs microseconds to about a millisecond.
 * A compiled regex is immutable: it may be shared and used concurrently. */
re_prog *re_compile(const char *pattern, size_t len, hub_error *err);

/* Returns 1 if the regex matches anywhere in the UTF-8 `subject` (like RegExp.prototype.test
 * with the u flag: unanchored unless the pattern anchors), 0 if not, -1 on allocation failure.
 * `re` must not be NULL; `subject` may be NULL when len is 0. Time is O(len) on the DFA built at
 * compile time and O(len × program size) at worst; only programs over 256 instructions that
 * leave the DFA allocate. Invalid UTF-8 bytes each count as one code unit that matches nothing
 * (not even `.` or a negated class) and is not a word character. */
int re_test(const re_prog *re, const char *subject, size_t len);

/* Releases the regex. NULL is a no-op. */
void re_free(re_prog *re);

/* 1 if re_test decides `subject` on the DFA alone — one table step per code point, never the
 * NFA fallback — 0 if not. For tests: typical patterns must stay on the linear fast path. */
int re_decided_by_dfa(const re_prog *re, const char *subject, size_t len);

#endif
