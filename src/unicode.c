/* unicode.c — strict UTF-8 decoding shared by the regex engine and the format checks. */
#include "unicode.h"

size_t hub_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp) {
    unsigned c = s[0];
    if (c < 0x80) { *cp = c; return 1; }
    size_t n;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) { n = 2; v = c & 0x1Fu; min = 0x80; }      /* C0, C1: overlong */
    else if (c >= 0xE0 && c <= 0xEF) { n = 3; v = c & 0x0Fu; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 4; v = c & 0x07u; min = 0x10000; } /* F5+: > U+10FFFF */
    else goto bad;
    if (len < n) goto bad;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0u) != 0x80) goto bad;
        v = v << 6 | (s[i] & 0x3Fu);
    }
    /* Overlong forms, UTF-16 surrogates and values past U+10FFFF are not UTF-8 (RFC 3629). */
    if (v < min || (v >= 0xD800 && v <= 0xDFFF) || v > 0x10FFFF) goto bad;
    *cp = v;
    return n;
bad:
    *cp = 0xFFFFFFFFu;
    return 1;
}
