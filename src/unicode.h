/* unicode.h — internal: Unicode 17.0 data (general categories, ECMA-262's \p{…} sets) from the
 * tables scripts/gen-unicode.mjs generates into src/unicode_tables.c. */
#ifndef UNICODE_H
#define UNICODE_H

#include <stdint.h>
#include <stddef.h>

/* General categories (UnicodeData.txt field 2). */
typedef enum uni_gc {
    UNI_GC_Cn = 0, /* unassigned (default) */
    UNI_GC_Lu, UNI_GC_Ll, UNI_GC_Lt, UNI_GC_Lm, UNI_GC_Lo,
    UNI_GC_Mn, UNI_GC_Mc, UNI_GC_Me,
    UNI_GC_Nd, UNI_GC_Nl, UNI_GC_No,
    UNI_GC_Pc, UNI_GC_Pd, UNI_GC_Ps, UNI_GC_Pe, UNI_GC_Pi, UNI_GC_Pf, UNI_GC_Po,
    UNI_GC_Sm, UNI_GC_Sc, UNI_GC_Sk, UNI_GC_So,
    UNI_GC_Zs, UNI_GC_Zl, UNI_GC_Zp,
    UNI_GC_Cc, UNI_GC_Cf, UNI_GC_Cs, UNI_GC_Co,
    UNI_GC_COUNT
} uni_gc;

/* Returns the general category of code point `cp` (UNI_GC_Cn above U+10FFFF). */
uni_gc uni_category(uint32_t cp);

/* The Unicode version of the tables, e.g. "17.0.0". */
extern const char uni_version[];

/* Returns the General_Category mask (bit g for category g) named by s[0..n) in any ECMA-262
 * alias ("L", "Letter", "Lu", "digit", "punct", "Combining_Mark", …), 0 if it names none. */
uint32_t uni_gc_lookup(const unsigned char *s, size_t n);

/* What \p{…} names under the u flag: a General_Category mask (set < 0), or a code point set. */
typedef struct uni_property {
    uint32_t gc_mask;
    int set;
} uni_property;

/* Resolves the text between \p{ and } (s[0..n)) as ECMA-262 (u flag) does: a General_Category
 * value ("Lu", "gc=Lu", "General_Category=Lu"), a binary property ("Alphabetic", "Alpha",
 * "Any", "ASCII", "Assigned", …), or Script / Script_Extensions (also "sc", "scx") with a
 * script value in any alias ("Greek", "Grek"). Names are case-sensitive and exact. Returns 1
 * with *out filled, or 0 if the name is not one ECMA-262 allows (properties of strings such as
 * RGI_Emoji need the v flag: 0). */
int uni_prop(const unsigned char *s, size_t n, uni_property *out);

/* Materialises set `set` as sorted, disjoint, inclusive [lo, hi] pairs in a malloc'd array
 * (*out, which the caller frees; it may be NULL when there are none). Returns the number of ranges, -1 if out of
 * memory. */
long uni_set_ranges(int set, uint32_t **out);

/* Returns 1 if cp is in ID_Start (start != 0) or ID_Continue (ECMA-262's identifier classes,
 * Other_ID_Start and Other_ID_Continue included), 0 if not, -1 if out of memory. */
int uni_is_id(uint32_t cp, int start);

/* Decodes one UTF-8 code point from s[0..len) (len >= 1) into *cp and returns its byte length
 * (1..4); an invalid or truncated sequence yields *cp = 0xFFFFFFFF and length 1. */
size_t uni_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);

/* The generated tables (src/unicode_tables.c). */
#define UNI_SET_GC 0x80000000u
extern const unsigned char uni_set_data[];
extern const uint16_t uni_set_off[];
extern const uint32_t uni_set_base[];
extern const uint16_t uni_set_count, uni_set_first_script, uni_set_first_scx;
extern const uint16_t uni_set_id_start, uni_set_id_continue;
extern const char uni_set_binary_names[], uni_set_script_names[];
extern const uint16_t uni_set_binary_set[], uni_set_script_index[];
extern const uint16_t uni_set_binary_name_count, uni_set_script_name_count;
size_t uni_gc_ranges(uint32_t mask, uint32_t *out);

#endif
