/* format.h — internal: the JSON Schema `format` checks (date-time, email, hostname, uri, …). */
#ifndef FORMAT_H
#define FORMAT_H

#include <stddef.h>

/* The formats we know, one row each: the enum's name and the format's name in schemas. UNKNOWN is
 * not a format we know: it always passes (annotation only). The enum and format_name's table are
 * both made from this list. */
#define FORMATS(X) \
    X(UNKNOWN, "") \
    X(DATE_TIME, "date-time") \
    X(DATE, "date") \
    X(TIME, "time") \
    X(DURATION, "duration") \
    X(EMAIL, "email") \
    X(IDN_EMAIL, "idn-email") \
    X(HOSTNAME, "hostname") \
    X(IDN_HOSTNAME, "idn-hostname") \
    X(IPV4, "ipv4") \
    X(IPV6, "ipv6") \
    X(URI, "uri") \
    X(URI_REFERENCE, "uri-reference") \
    X(IRI, "iri") \
    X(IRI_REFERENCE, "iri-reference") \
    X(URI_TEMPLATE, "uri-template") \
    X(UUID, "uuid") \
    X(JSON_POINTER, "json-pointer") \
    X(RELATIVE_JSON_POINTER, "relative-json-pointer") \
    X(REGEX, "regex") \
    X(ULID, "ulid")

typedef enum format_id {
#define FMT_ENUM_ROW(id, name) FMT_##id,
    FORMATS(FMT_ENUM_ROW)
#undef FMT_ENUM_ROW
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
