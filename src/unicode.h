/* unicode.h — internal: Unicode general categories from tables generated at build time. */
#ifndef HUB_UNICODE_H
#define HUB_UNICODE_H

#include <stdint.h>
#include <stddef.h>

/* General categories (UnicodeData.txt field 2). */
typedef enum hub_gc {
    HUB_GC_Cn = 0, /* unassigned (default) */
    HUB_GC_Lu, HUB_GC_Ll, HUB_GC_Lt, HUB_GC_Lm, HUB_GC_Lo,
    HUB_GC_Mn, HUB_GC_Mc, HUB_GC_Me,
    HUB_GC_Nd, HUB_GC_Nl, HUB_GC_No,
    HUB_GC_Pc, HUB_GC_Pd, HUB_GC_Ps, HUB_GC_Pe, HUB_GC_Pi, HUB_GC_Pf, HUB_GC_Po,
    HUB_GC_Sm, HUB_GC_Sc, HUB_GC_Sk, HUB_GC_So,
    HUB_GC_Zs, HUB_GC_Zl, HUB_GC_Zp,
    HUB_GC_Cc, HUB_GC_Cf, HUB_GC_Cs, HUB_GC_Co,
    HUB_GC_COUNT
} hub_gc;

/* Returns the general category of code point `cp` (HUB_GC_Cn above U+10FFFF). */
hub_gc hub_unicode_category(uint32_t cp);

/* Decodes one UTF-8 code point from s[0..len) (len >= 1) into *cp and returns its byte length
 * (1..4); an invalid or truncated sequence yields *cp = 0xFFFFFFFF and length 1. */
size_t hub_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);

#endif
