/* unicode.h — internal: Unicode 17.0 data (general categories, ECMA-262's \p{…} sets) from the
 * tables scripts/gen-unicode.mjs generates into src/unicode_tables.c. */
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

/* The Unicode version of the tables, e.g. "17.0.0". */
extern const char hub_unicode_version[];

/* Returns the General_Category mask (bit g for category g) named by s[0..n) in any ECMA-262
 * alias ("L", "Letter", "Lu", "digit", "punct", "Combining_Mark", …), 0 if it names none. */
uint32_t hub_unicode_gc_lookup(const unsigned char *s, size_t n);

/* What \p{…} names under the u flag: a General_Category mask (set < 0), or a code point set. */
typedef struct hub_uprop {
    uint32_t gc_mask;
    int set;
} hub_uprop;

/* Resolves the text between \p{ and } (s[0..n)) as ECMA-262 (u flag) does: a General_Category
 * value ("Lu", "gc=Lu", "General_Category=Lu"), a binary property ("Alphabetic", "Alpha",
 * "Any", "ASCII", "Assigned", …), or Script / Script_Extensions (also "sc", "scx") with a
 * script value in any alias ("Greek", "Grek"). Names are case-sensitive and exact. Returns 1
 * with *out filled, or 0 if the name is not one ECMA-262 allows (properties of strings such as
 * RGI_Emoji need the v flag: 0). */
int hub_unicode_prop(const unsigned char *s, size_t n, hub_uprop *out);

/* Materialises set `set` as sorted, disjoint, inclusive [lo, hi] pairs in a malloc'd array
 * (*out, which the caller frees; it may be NULL when there are none). Returns the number of ranges, -1 if out of
 * memory. */
long hub_unicode_set_ranges(int set, uint32_t **out);

/* Returns 1 if cp is in ID_Start (start != 0) or ID_Continue (ECMA-262's identifier classes,
 * Other_ID_Start and Other_ID_Continue included), 0 if not, -1 if out of memory. */
int hub_unicode_is_id(uint32_t cp, int start);

/* Decodes one UTF-8 code point from s[0..len) (len >= 1) into *cp and returns its byte length
 * (1..4); an invalid or truncated sequence yields *cp = 0xFFFFFFFF and length 1. */
size_t hub_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);

/* The generated tables (src/unicode_tables.c). */
#define HUB_USET_GC 0x80000000u
extern const unsigned char hub_uset_data[];
extern const uint16_t hub_uset_off[];
extern const uint32_t hub_uset_base[];
extern const uint16_t hub_uset_count, hub_uset_first_script, hub_uset_first_scx;
extern const uint16_t hub_uset_id_start, hub_uset_id_continue;
extern const char hub_uset_binary_names[], hub_uset_script_names[];
extern const uint16_t hub_uset_binary_set[], hub_uset_script_index[];
extern const uint16_t hub_uset_binary_name_count, hub_uset_script_name_count;
size_t hub_unicode_gc_ranges(uint32_t mask, uint32_t *out);

#endif
