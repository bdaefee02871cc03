/* format.h — internal: the JSON Schema `format` checks (date-time, email, hostname, uri, …). */
#ifndef FORMAT_H
#define FORMAT_H

#include <stddef.h>

typedef enum format_id {
    FMT_UNKNOWN = 0,  /* not a format we know: always passes (annotation only) */
    FMT_DATE_TIME, FMT_DATE, FMT_TIME, FMT_DURATION,
    FMT_EMAIL, FMT_IDN_EMAIL, FMT_HOSTNAME, FMT_IDN_HOSTNAME,
    FMT_IPV4, FMT_IPV6, FMT_URI, FMT_URI_REFERENCE, FMT_IRI,
    FMT_IRI_REFERENCE, FMT_URI_TEMPLATE, FMT_UUID, FMT_JSON_POINTER,
    FMT_RELATIVE_JSON_POINTER, FMT_REGEX, FMT_ULID,
    FMT_COUNT
} format_id;

/* Maps a format name (`len` bytes, e.g. "date-time") to its id; FMT_UNKNOWN if unknown. */
format_id format_lookup(const char *name, size_t len);

/* Returns the canonical name of a format id ("date-time"); "" for FMT_UNKNOWN. */
const char *format_name(format_id f);

/* Returns 1 if the UTF-8 string `s` (`len` bytes) is valid for format `f`, 0 if not.
 * FMT_UNKNOWN always returns 1. `s` may hold NUL bytes and invalid UTF-8 (invalid for every
 * format that restricts its characters); NULL with len 0 is the empty string, NULL with len > 0
 * is invalid. Linear in len, no heap beyond small bounded buffers, except FMT_REGEX, which
 * checks ECMA-262 syntax with the u flag (ecma_regex_check: lookaround, backreferences and
 * every \p{…} ECMA-262 names are valid, whether or not `pattern` can run them). */
int format_check(format_id f, const char *s, size_t len);

#endif
