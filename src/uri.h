/* uri.h — internal: RFC 3986 reference resolution and normalisation for JSON Schema ids and refs. */
#ifndef URI_H
#define URI_H

#include <stddef.h>
#include "buf.h"

/* Resolves the reference `ref` (`ref_len` bytes) against `base` (NUL-terminated; normally an
 * absolute URI without fragment, but any reference works, "" included) as RFC 3986 §5.2 says,
 * then normalises the result (§6.2.2: lower-case scheme and host, upper-case percent-escape
 * hex digits, unreserved characters unescaped, dot segments removed, empty path of an
 * authority URI written as "/"). Appends the result, fragment included, to `out`. */
void uri_resolve(buf_t *out, const char *base, const char *ref, size_t ref_len);

/* Returns the byte offset of the '#' that starts the fragment of `uri` (`len` bytes), or `len`
 * when it has none. `uri` may be NULL when `len` is 0. */
size_t uri_fragment_at(const char *uri, size_t len);

/* Returns 1 if `uri` (`len` bytes) starts with a scheme ("http:", "urn:", …), 0 if not. */
int uri_is_absolute(const char *uri, size_t len);

#endif
