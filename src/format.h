/* format.h — internal: the JSON Schema `format` checks (date-time, email, hostname, uri, …). */
#ifndef HUB_FORMAT_H
#define HUB_FORMAT_H

#include <stddef.h>

typedef enum hub_format {
    HUB_FMT_UNKNOWN = 0,  /* not a format we know: always passes (annotation only) */
    HUB_FMT_DATE_TIME, HUB_FMT_DATE, HUB_FMT_TIME, HUB_FMT_DURATION,
    HUB_FMT_EMAIL, HUB_FMT_IDN_EMAIL, HUB_FMT_HOSTNAME, HUB_FMT_IDN_HOSTNAME,
    HUB_FMT_IPV4, HUB_FMT_IPV6, HUB_FMT_URI, HUB_FMT_URI_REFERENCE, HUB_FMT_IRI,
    HUB_FMT_IRI_REFERENCE, HUB_FMT_URI_TEMPLATE, HUB_FMT_UUID, HUB_FMT_JSON_POINTER,
    HUB_FMT_RELATIVE_JSON_POINTER, HUB_FMT_REGEX, HUB_FMT_ULID,
    HUB_FMT_COUNT
} hub_format;

/* Maps a format name (`len` bytes, e.g. "date-time") to its id; HUB_FMT_UNKNOWN if unknown. */
hub_format hub_format_lookup(const char *name, size_t len);

/* Returns the canonical name of a format id ("date-time"); "" for HUB_FMT_UNKNOWN. */
const char *hub_format_name(hub_format f);

/* Returns 1 if the UTF-8 string `s` (`len` bytes) is valid for format `f`, 0 if not.
 * HUB_FMT_UNKNOWN always returns 1. `s` may hold NUL bytes and invalid UTF-8 (invalid for every
 * format that restricts its characters); NULL with len 0 is the empty string, NULL with len > 0
 * is invalid. Linear in len, no heap beyond small bounded buffers, except HUB_FMT_REGEX, which
 * checks ECMA-262 syntax with the u flag (hub_ecma_regex_check: lookaround, backreferences and
 * every \p{…} ECMA-262 names are valid, whether or not `pattern` can run them). */
int hub_format_check(hub_format f, const char *s, size_t len);

#endif
