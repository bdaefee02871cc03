/* unicode.c — strict UTF-8 decoding, and the names and sets of ECMA-262's \p{…} over the
 * generated Unicode tables; shared by the regex engine, its syntax checker and the formats. */
#include "unicode.h"

#include <stdlib.h>
#include <string.h>

size_t uni_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp) {
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

/* ---- Property names and sets (ECMA-262 \p{…}, u flag) ---------------------------------------- */

#define G(x) (1u << UNI_GC_##x)

/* General_Category values with every alias ECMA-262 accepts (PropertyValueAliases.txt), so
 * \p{digit} is Nd as the JSON Schema test suite expects. */
static const struct { uint32_t mask; const char *names; } GC_NAMES[] = {
    {G(Lu) | G(Ll) | G(Lt) | G(Lm) | G(Lo), "L Letter"},
    {G(Lu) | G(Ll) | G(Lt), "LC Cased_Letter"},
    {G(Lu), "Lu Uppercase_Letter"}, {G(Ll), "Ll Lowercase_Letter"},
    {G(Lt), "Lt Titlecase_Letter"}, {G(Lm), "Lm Modifier_Letter"}, {G(Lo), "Lo Other_Letter"},
    {G(Mn) | G(Mc) | G(Me), "M Mark Combining_Mark"},
    {G(Mn), "Mn Nonspacing_Mark"}, {G(Mc), "Mc Spacing_Mark"}, {G(Me), "Me Enclosing_Mark"},
    {G(Nd) | G(Nl) | G(No), "N Number"},
    {G(Nd), "Nd Decimal_Number digit"}, {G(Nl), "Nl Letter_Number"}, {G(No), "No Other_Number"},
    {G(Pc) | G(Pd) | G(Ps) | G(Pe) | G(Pi) | G(Pf) | G(Po), "P Punctuation punct"},
    {G(Pc), "Pc Connector_Punctuation"}, {G(Pd), "Pd Dash_Punctuation"},
    {G(Ps), "Ps Open_Punctuation"}, {G(Pe), "Pe Close_Punctuation"},
    {G(Pi), "Pi Initial_Punctuation"}, {G(Pf), "Pf Final_Punctuation"},
    {G(Po), "Po Other_Punctuation"},
    {G(Sm) | G(Sc) | G(Sk) | G(So), "S Symbol"},
    {G(Sm), "Sm Math_Symbol"}, {G(Sc), "Sc Currency_Symbol"}, {G(Sk), "Sk Modifier_Symbol"},
    {G(So), "So Other_Symbol"},
    {G(Zs) | G(Zl) | G(Zp), "Z Separator"},
    {G(Zs), "Zs Space_Separator"}, {G(Zl), "Zl Line_Separator"}, {G(Zp), "Zp Paragraph_Separator"},
    {G(Cc) | G(Cf) | G(Cs) | G(Co) | G(Cn), "C Other"},
    {G(Cc), "Cc Control cntrl"}, {G(Cf), "Cf Format"}, {G(Cs), "Cs Surrogate"},
    {G(Co), "Co Private_Use"}, {G(Cn), "Cn Unassigned"},
};

uint32_t uni_gc_lookup(const unsigned char *s, size_t n) {
    for (size_t i = 0; i < sizeof GC_NAMES / sizeof GC_NAMES[0]; i++) {
        for (const char *a = GC_NAMES[i].names; *a;) {
            size_t len = strcspn(a, " ");
            if (len == n && !memcmp(a, s, n)) return GC_NAMES[i].mask;
            a += len + (a[len] == ' ');
        }
    }
    return 0;
}

/* Index of s[0..n) in a run of `count` NUL-terminated names, or -1. */
static int name_index(const char *names, uint16_t count, const unsigned char *s, size_t n) {
    for (int i = 0; i < count; i++) {
        size_t len = strlen(names);
        if (len == n && !memcmp(names, s, n)) return i;
        names += len + 1;
    }
    return -1;
}

static int is_name(const unsigned char *s, size_t n, const char *lit) {
    return strlen(lit) == n && !memcmp(s, lit, n);
}

int uni_prop(const unsigned char *s, size_t n, uni_property *out) {
    const unsigned char *eq = n ? memchr(s, '=', n) : NULL;
    out->gc_mask = 0;
    out->set = -1;
    if (!eq) {
        if ((out->gc_mask = uni_gc_lookup(s, n)) != 0) return 1;
        int i = name_index(uni_set_binary_names, uni_set_binary_name_count, s, n);
        if (i < 0) return 0;
        out->set = uni_set_binary_set[i];
        return 1;
    }
    size_t kn = (size_t)(eq - s), vn = n - kn - 1;
    const unsigned char *v = eq + 1;
    if (is_name(s, kn, "gc") || is_name(s, kn, "General_Category"))
        return (out->gc_mask = uni_gc_lookup(v, vn)) != 0;
    int scx = is_name(s, kn, "scx") || is_name(s, kn, "Script_Extensions");
    if (!scx && !is_name(s, kn, "sc") && !is_name(s, kn, "Script")) return 0;
    int i = name_index(uni_set_script_names, uni_set_script_name_count, v, vn);
    if (i < 0) return 0;
    out->set = (scx ? uni_set_first_scx : uni_set_first_script) + uni_set_script_index[i];
    return 1;
}

static uint32_t read_varint(const unsigned char **p) {
    uint32_t v = 0;
    for (unsigned shift = 0;; shift += 7) {
        v |= (uint32_t)(**p & 127u) << shift;
        if (!(*(*p)++ & 128u)) return v;
    }
}

/* Symmetric difference of two range lists (na, nb ranges) into a new array; returns its count. */
static long range_xor(const uint32_t *a, long na, const uint32_t *b, long nb, uint32_t **out) {
    /* As half-open edges each list is strictly increasing; an edge in both cancels out. */
    uint32_t *r = malloc((size_t)(na + nb) * 2 * sizeof(uint32_t) + 1);
    if (!r) return -1;
    long i = 0, j = 0, k = 0, ea = 2 * na, eb = 2 * nb;
#define EDGE(x, t) ((t) & 1 ? (x)[t] + 1 : (x)[t])
    while (i < ea || j < eb) {
        uint32_t x = i < ea ? EDGE(a, i) : UINT32_MAX, y = j < eb ? EDGE(b, j) : UINT32_MAX;
        if (x == y) { i++; j++; continue; }
        r[k++] = x < y ? x : y;
        if (x < y) i++; else j++;
    }
#undef EDGE
    for (long t = 1; t < k; t += 2) r[t]--; /* back to inclusive */
    *out = r;
    return k / 2;
}

long uni_set_ranges(int set, uint32_t **out) {
    *out = NULL;
    if (set < 0 || set >= uni_set_count) return 0;
    uint32_t *base = NULL, *own = NULL;
    long nb = 0, no = 0;
    uint32_t b = uni_set_base[set];
    if (b & UNI_SET_GC) {
        nb = (long)uni_gc_ranges(b & ~UNI_SET_GC, NULL);
        if (!(base = malloc((size_t)nb * 2 * sizeof(uint32_t) + 1))) return -1;
        uni_gc_ranges(b & ~UNI_SET_GC, base);
    } else if (b) {
        if ((nb = uni_set_ranges((int)b - 1, &base)) < 0) return -1;
    }
    const unsigned char *p = uni_set_data + uni_set_off[set], *end = uni_set_data + uni_set_off[set + 1];
    for (const unsigned char *q = p; q < end; q++) no += !(*q & 128u); /* varints end in a byte < 128 */
    no /= 2;
    if (!(own = malloc((size_t)no * 2 * sizeof(uint32_t) + 1))) { free(base); return -1; }
    uint32_t next = 0;
    for (long i = 0; i < no; i++) {
        own[2 * i] = next + read_varint(&p);
        own[2 * i + 1] = own[2 * i] + read_varint(&p);
        next = own[2 * i + 1] + 1;
    }
    long n = range_xor(base, nb, own, no, out);
    free(base);
    free(own);
    return n;
}

int uni_is_id(uint32_t cp, int start) {
    uint32_t *r;
    long n = uni_set_ranges(start ? uni_set_id_start : uni_set_id_continue, &r);
    if (n < 0) return -1;
    int in = 0;
    for (long lo = 0, hi = n; lo < hi;) {
        long mid = (lo + hi) / 2;
        if (cp < r[2 * mid]) hi = mid;
        else if (cp > r[2 * mid + 1]) lo = mid + 1;
        else { in = 1; break; }
    }
    free(r);
    return in;
}
