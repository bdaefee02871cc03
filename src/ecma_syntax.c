/* ecma_syntax.c — the ECMA-262 (2025) Pattern grammar under the u flag, with its early errors:
 * a recogniser, no program. One pass over the pattern with an explicit group stack; references
 * (\1, \k<name>) and duplicate names are resolved at the end. */
#include "ecma_syntax.h"
#include "unicode.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct altpos {
    uint32_t disj, alt;   /* which disjunction (one per group, 0 = the pattern), which alternative */
} altpos;

typedef struct gname {
    uint32_t off, len;    /* decoded UTF-8 name in the name buffer */
    uint32_t path, depth; /* its enclosing alternatives in the path pool (named groups only) */
    size_t at;            /* byte offset of the name (or of \k) in the pattern */
} gname;

typedef struct ck {
    const unsigned char *p;
    size_t len, pos;
    hub_error *err;
    int ok;
    uint32_t ngroups, ndisj, depth;
    uint32_t max_ref;     /* largest \N seen */
    size_t max_ref_at;
    struct { uint32_t disj, alt; size_t open; uint8_t assertion; } stack[ECMA_MAX_DEPTH + 1];
    char *nbuf;           /* decoded names */
    size_t nbuf_len, nbuf_cap;
    gname *names, *refs;
    uint32_t nnames, nrefs;
    size_t names_cap, refs_cap;
    altpos *paths;
    size_t npaths, paths_cap;
    uint32_t *ids, *idc;  /* ID_Start / ID_Continue ranges, loaded on the first non-ASCII name */
    long nids, nidc;
} ck;

static int bad_code(ck *c, hub_code code, const char *msg, size_t at) {
    if (c->ok) {
        c->ok = 0;
        if (c->err) {
            c->err->code = code;
            c->err->message = msg;
            c->err->offset = at;
        }
    }
    return 0;
}

static int bad(ck *c, const char *msg, size_t at) { return bad_code(c, HUB_ERR_SCHEMA_REGEX, msg, at); }

static int nomem(ck *c) { return bad_code(c, HUB_ERR_NOMEM, "out of memory", c->pos); }

/* Returns buf grown to hold `need` elements of `size` (capacity in *cap), or NULL with the error
 * set and buf left as it was (still the caller's to free). */
static void *grow(ck *c, void *buf, size_t *cap, size_t need, size_t size) {
    if (need <= *cap) return buf;
    size_t nc = *cap ? *cap * 2 : 16;
    while (nc < need) nc *= 2;
    void *nb = nc > SIZE_MAX / size ? NULL : realloc(buf, nc * size);
    if (!nb) return nomem(c), NULL;
    *cap = nc;
    return nb;
}

static int hexval(int ch) {
    if (ch >= '0' && ch <= '9') return ch - '0';
    ch |= 0x20;
    return ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
}

/* Exactly n hex digits at pos: their value, or -1 (pos unchanged). */
static int32_t hex_fixed(ck *c, int n) {
    if (c->len - c->pos < (size_t)n) return -1;
    int32_t v = 0;
    for (int i = 0; i < n; i++) {
        int h = hexval(c->p[c->pos + (size_t)i]);
        if (h < 0) return -1;
        v = v * 16 + h;
    }
    c->pos += (size_t)n;
    return v;
}

/* RegExpUnicodeEscapeSequence[+UnicodeMode] after "\u": its code point, or -1. */
static int32_t escape_u(ck *c) {
    if (c->pos < c->len && c->p[c->pos] == '{') {
        size_t q = c->pos + 1;
        int32_t v = 0;
        while (q < c->len && hexval(c->p[q]) >= 0) {
            v = v * 16 + hexval(c->p[q++]);
            if (v > 0x10FFFF) return -1;
        }
        if (q == c->pos + 1 || q >= c->len || c->p[q] != '}') return -1;
        c->pos = q + 1;
        return v;
    }
    int32_t v = hex_fixed(c, 4);
    if (v >= 0xD800 && v <= 0xDBFF && c->len - c->pos >= 6 && c->p[c->pos] == '\\' && c->p[c->pos + 1] == 'u') {
        size_t save = c->pos;
        c->pos += 2;
        int32_t lo = hex_fixed(c, 4);
        if (lo >= 0xDC00 && lo <= 0xDFFF) return 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00);
        c->pos = save;
    }
    return v;
}

/* A CharacterEscape (pos at the letter after the backslash at `at`): its code point, or -1. */
static int32_t char_escape(ck *c, size_t at, int in_class) {
    int ch = c->p[c->pos++];
    int32_t v;
    switch (ch) {
    case 't': return 9;
    case 'n': return 10;
    case 'v': return 11;
    case 'f': return 12;
    case 'r': return 13;
    case 'c':
        if (c->pos < c->len && (c->p[c->pos] | 0x20) >= 'a' && (c->p[c->pos] | 0x20) <= 'z')
            return c->p[c->pos++] & 31;
        return bad(c, "invalid \\c escape: a letter must follow", at), -1;
    case '0':
        if (c->pos < c->len && c->p[c->pos] >= '0' && c->p[c->pos] <= '9')
            return bad(c, "invalid escape: octal escapes are not allowed", at), -1;
        return 0;
    case 'x':
        v = hex_fixed(c, 2);
        return v >= 0 ? v : (bad(c, "invalid \\x escape: two hex digits must follow", at), -1);
    case 'u':
        v = escape_u(c);
        return v >= 0 ? v : (bad(c, "invalid \\u escape", at), -1);
    case '-':
        if (in_class) return '-';
        break;
    default:
        if (ch && strchr("^$\\.*+?()[]{}|/", ch)) return ch;
    }
    return bad(c, "invalid escape", at), -1;
}

/* \p{…} or \P{…} with pos after the letter; `at` is the backslash. */
static int property(ck *c, size_t at) {
    size_t b = c->pos, e = b + 1;
    if (b >= c->len || c->p[b] != '{') return bad(c, "invalid \\p escape: expected \\p{Name}", at);
    while (e < c->len && c->p[e] != '}') e++;
    if (e >= c->len) return bad(c, "invalid \\p escape: missing }", at);
    uni_property prop;
    if (!uni_prop(c->p + b + 1, e - b - 1, &prop))
        return bad(c, "unknown Unicode property (ECMA-262 allows General_Category, Script, "
                      "Script_Extensions and its binary properties)", at);
    c->pos = e + 1;
    return 1;
}

static int in_ranges(const uint32_t *r, long n, uint32_t cp) {
    for (long lo = 0, hi = n; lo < hi;) {
        long mid = (lo + hi) / 2;
        if (cp < r[2 * mid]) hi = mid;
        else if (cp > r[2 * mid + 1]) lo = mid + 1;
        else return 1;
    }
    return 0;
}

/* IdentifierStartChar / IdentifierPartChar of RegExpIdentifierName: 1, 0, or -1 (no memory). */
static int ident_char(ck *c, uint32_t cp, int first) {
    if (cp == '$' || cp == '_' || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')) return 1;
    if (cp < 0x80) return !first && cp >= '0' && cp <= '9';
    if (!first && (cp == 0x200C || cp == 0x200D)) return 1;
    if (!c->ids) {
        if ((c->nids = uni_set_ranges(uni_set_id_start, &c->ids)) < 0 ||
            (c->nidc = uni_set_ranges(uni_set_id_continue, &c->idc)) < 0)
            return -1;
        if (!c->ids) c->ids = c->idc; /* never: ID_Start is not empty; keeps the "loaded" test simple */
    }
    return first ? in_ranges(c->ids, c->nids, cp) : in_ranges(c->idc, c->nidc, cp);
}

static int put_utf8(ck *c, uint32_t cp) {
    char *nb = grow(c, c->nbuf, &c->nbuf_cap, c->nbuf_len + 4, 1);
    if (!nb) return 0;
    c->nbuf = nb;
    unsigned char *o = (unsigned char *)c->nbuf + c->nbuf_len;
    if (cp < 0x80) { o[0] = (unsigned char)cp; c->nbuf_len += 1; }
    else if (cp < 0x800) { o[0] = (unsigned char)(0xC0 | cp >> 6); o[1] = (unsigned char)(0x80 | (cp & 63)); c->nbuf_len += 2; }
    else if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | cp >> 12); o[1] = (unsigned char)(0x80 | (cp >> 6 & 63));
        o[2] = (unsigned char)(0x80 | (cp & 63)); c->nbuf_len += 3;
    } else {
        o[0] = (unsigned char)(0xF0 | cp >> 18); o[1] = (unsigned char)(0x80 | (cp >> 12 & 63));
        o[2] = (unsigned char)(0x80 | (cp >> 6 & 63)); o[3] = (unsigned char)(0x80 | (cp & 63)); c->nbuf_len += 4;
    }
    return 1;
}

/* GroupName after '<' (pos at the name): decodes it into the name buffer, consumes '>'.
 * Fills *g's off, len, at. */
static int group_name(ck *c, gname *g) {
    size_t start = c->pos;
    g->at = start;
    g->off = (uint32_t)c->nbuf_len;
    while (c->pos < c->len && c->p[c->pos] != '>') {
        uint32_t cp;
        if (c->p[c->pos] == '\\') {
            c->pos++;
            if (c->pos >= c->len || c->p[c->pos] != 'u') return bad(c, "invalid group name", start);
            c->pos++;
            int32_t v = escape_u(c);
            if (v < 0) return bad(c, "invalid group name", start);
            cp = (uint32_t)v;
        } else {
            c->pos += uni_utf8_decode(c->p + c->pos, c->len - c->pos, &cp);
        }
        int ok = ident_char(c, cp, c->nbuf_len == g->off);
        if (ok < 0) return nomem(c);
        if (!ok) return bad(c, "invalid group name", start);
        if (!put_utf8(c, cp)) return 0;
    }
    if (c->pos >= c->len || c->nbuf_len == g->off) return bad(c, "invalid group name", start);
    c->pos++;
    g->len = (uint32_t)(c->nbuf_len - g->off);
    return 1;
}

/* (?<name> : records the name with the alternatives enclosing it. */
static int named_group(ck *c) {
    if (c->nnames >= ECMA_MAX_NAMES)
        return bad_code(c, HUB_ERR_SCHEMA_LIMIT, "too many named groups", c->pos);
    gname *ng = grow(c, c->names, &c->names_cap, c->nnames + 1, sizeof(gname));
    if (!ng) return 0;
    c->names = ng;
    gname *g = &c->names[c->nnames];
    if (!group_name(c, g)) return 0;
    altpos *np = grow(c, c->paths, &c->paths_cap, c->npaths + c->depth + 1, sizeof(altpos));
    if (!np) return 0;
    c->paths = np;
    g->path = (uint32_t)c->npaths;
    g->depth = c->depth + 1;
    for (uint32_t i = 0; i <= c->depth; i++) c->paths[c->npaths++] = (altpos){c->stack[i].disj, c->stack[i].alt};
    c->nnames++;
    return 1;
}

/* Modifiers (?ims-ims: with pos after "(?"; `open` is the parenthesis. */
static int modifiers(ck *c, size_t open) {
    unsigned seen = 0, add = 0, rem = 0;
    int dash = 0;
    for (; c->pos < c->len && c->p[c->pos] != ':'; c->pos++) {
        int ch = c->p[c->pos];
        unsigned bit = ch == 'i' ? 1u : ch == 'm' ? 2u : ch == 's' ? 4u : 0u;
        if (ch == '-' && !dash) { dash = 1; continue; }
        if (!bit) return bad(c, "invalid group: (? must be followed by :, =, !, <=, <!, <name> or modifiers", open);
        if (seen & bit) return bad(c, "invalid modifiers: a flag appears twice", open);
        seen |= bit;
        if (dash) rem |= bit; else add |= bit;
    }
    if (c->pos >= c->len) return bad(c, "unterminated group: missing )", open);
    if (dash && !add && !rem) return bad(c, "invalid modifiers: (?-: names no flag", open);
    c->pos++;
    return 1;
}

static int open_group(ck *c) {
    size_t open = c->pos++;
    uint8_t assertion = 0;
    if (c->pos < c->len && c->p[c->pos] == '?') {
        int a = c->pos + 1 < c->len ? c->p[c->pos + 1] : 0, b = c->pos + 2 < c->len ? c->p[c->pos + 2] : 0;
        if (a == ':') c->pos += 2;
        else if (a == '=' || a == '!') { c->pos += 2; assertion = 1; }
        else if (a == '<' && (b == '=' || b == '!')) { c->pos += 3; assertion = 1; }
        else if (a == '<') {
            c->pos += 2;
            if (!named_group(c)) return 0;
            c->ngroups++;
        } else {
            c->pos++;
            if (!modifiers(c, open)) return 0;
        }
    } else {
        c->ngroups++;
    }
    if (c->depth >= ECMA_MAX_DEPTH)
        return bad_code(c, HUB_ERR_SCHEMA_LIMIT, "groups nested too deeply", open);
    c->depth++;
    c->stack[c->depth].disj = c->ndisj++;
    c->stack[c->depth].alt = 0;
    c->stack[c->depth].open = open;
    c->stack[c->depth].assertion = assertion;
    return 1;
}

/* A ClassAtom: its code point, -2 for a class escape (\d, \p{…}, …), -1 on error. */
static int32_t class_atom(ck *c) {
    if (c->p[c->pos] != '\\') {
        uint32_t cp;
        size_t n = uni_utf8_decode(c->p + c->pos, c->len - c->pos, &cp);
        if (cp == 0xFFFFFFFFu) return bad(c, "invalid UTF-8 in pattern", c->pos), -1;
        c->pos += n;
        return (int32_t)cp;
    }
    size_t at = c->pos++;
    if (c->pos >= c->len) return bad(c, "\\ at end of pattern", at), -1;
    int ch = c->p[c->pos];
    switch (ch) {
    case 'b': c->pos++; return 8;
    case 'd': case 'D': case 's': case 'S': case 'w': case 'W': c->pos++; return -2;
    case 'p': case 'P': c->pos++; return property(c, at) ? -2 : -1;
    case 'B': return bad(c, "invalid escape \\B in a class", at), -1;
    }
    return char_escape(c, at, 1);
}

static int char_class(ck *c) {
    size_t open = c->pos++;
    if (c->pos < c->len && c->p[c->pos] == '^') c->pos++;
    for (;;) {
        if (c->pos >= c->len) return bad(c, "unterminated character class: missing ]", open);
        if (c->p[c->pos] == ']') break;
        size_t at = c->pos;
        int32_t lo = class_atom(c);
        if (lo == -1) return 0;
        if (c->pos + 1 < c->len && c->p[c->pos] == '-' && c->p[c->pos + 1] != ']') {
            c->pos++;
            size_t at_hi = c->pos;
            int32_t hi = class_atom(c);
            if (hi == -1) return 0;
            if (lo == -2 || hi == -2)
                return bad(c, "a class escape like \\d cannot bound a range", lo == -2 ? at : at_hi);
            if (hi < lo) return bad(c, "class range out of order", at);
        }
    }
    c->pos++;
    return 1;
}

/* An escape outside a class (pos at the backslash); *quant says if a quantifier may follow. */
static int atom_escape(ck *c, int *quant) {
    size_t at = c->pos++;
    if (c->pos >= c->len) return bad(c, "\\ at end of pattern", at);
    int ch = c->p[c->pos];
    *quant = 1;
    switch (ch) {
    case 'b': case 'B': c->pos++; *quant = 0; return 1;
    case 'd': case 'D': case 's': case 'S': case 'w': case 'W': c->pos++; return 1;
    case 'p': case 'P': c->pos++; return property(c, at);
    case 'k': {
        c->pos++;
        if (c->pos >= c->len || c->p[c->pos] != '<') return bad(c, "invalid named reference: \\k must be followed by <name>", at);
        c->pos++;
        if (c->nrefs >= ECMA_MAX_REFS)
            return bad_code(c, HUB_ERR_SCHEMA_LIMIT, "too many named references", at);
        gname *nr = grow(c, c->refs, &c->refs_cap, c->nrefs + 1, sizeof(gname));
        if (!nr) return 0;
        c->refs = nr;
        if (!group_name(c, &c->refs[c->nrefs])) return 0;
        c->refs[c->nrefs++].at = at;
        return 1;
    }
    }
    if (ch >= '1' && ch <= '9') { /* DecimalEscape: checked against the number of groups at the end */
        uint32_t v = 0;
        while (c->pos < c->len && c->p[c->pos] >= '0' && c->p[c->pos] <= '9') {
            v = v > 100000000u ? v : v * 10 + (uint32_t)(c->p[c->pos] - '0');
            c->pos++;
        }
        if (v > c->max_ref) { c->max_ref = v; c->max_ref_at = at; }
        return 1;
    }
    return char_escape(c, at, 0) >= 0;
}

/* {n}, {n,}, {n,m} at pos: 1 with *min and *max (max = UINT32_MAX for none), 0 if not a quantifier. */
static int braces(ck *c, uint32_t *min, uint32_t *max) {
    size_t q = c->pos + 1;
    uint32_t v[2] = {0, 0};
    int got[2] = {0, 0}, i = 0;
    for (;; q++) {
        if (q >= c->len) return 0;
        int ch = c->p[q];
        if (ch >= '0' && ch <= '9') {
            got[i] = 1;
            v[i] = v[i] > (UINT32_MAX - 10) / 10 ? UINT32_MAX - 1 : v[i] * 10 + (uint32_t)(ch - '0');
        } else if (ch == ',' && i == 0 && got[0]) {
            i = 1;
        } else if (ch == '}' && got[0]) {
            break;
        } else {
            return 0;
        }
    }
    *min = v[0];
    *max = i == 0 ? v[0] : got[1] ? v[1] : UINT32_MAX;
    c->pos = q + 1;
    return 1;
}

/* Two groups of the same name may both take part in a match unless some disjunction has them
 * in different alternatives. */
static int both_participate(const ck *c, const gname *a, const gname *b) {
    for (uint32_t i = 0; i < a->depth && i < b->depth; i++) {
        altpos x = c->paths[a->path + i], y = c->paths[b->path + i];
        if (x.disj != y.disj) return 1;
        if (x.alt != y.alt) return 0;
    }
    return 1;
}

static int finish(ck *c) {
    if (c->depth > 0) return bad(c, "unterminated group: missing )", c->stack[c->depth].open);
    if (c->max_ref > c->ngroups)
        return bad(c, "backreference to a group that does not exist", c->max_ref_at);
    for (uint32_t i = 1; i < c->nnames; i++) {
        const gname *b = &c->names[i];
        for (uint32_t j = 0; j < i; j++) {
            const gname *a = &c->names[j];
            if (a->len == b->len && !memcmp(c->nbuf + a->off, c->nbuf + b->off, a->len) && both_participate(c, a, b))
                return bad(c, "duplicate group name", b->at);
        }
    }
    for (uint32_t i = 0; i < c->nrefs; i++) {
        const gname *r = &c->refs[i];
        uint32_t j = 0;
        while (j < c->nnames && !(c->names[j].len == r->len && !memcmp(c->nbuf + c->names[j].off, c->nbuf + r->off, r->len)))
            j++;
        if (j == c->nnames) return bad(c, "named reference to a group that does not exist", r->at);
    }
    return 1;
}

static int parse(ck *c) {
    int quant = 0; /* the last term is a quantifiable atom */
    c->stack[0].disj = c->ndisj++;
    c->stack[0].alt = 0;
    while (c->pos < c->len) {
        size_t at = c->pos;
        int ch = c->p[at];
        switch (ch) {
        case '|':
            c->pos++;
            c->stack[c->depth].alt++;
            quant = 0;
            break;
        case '(':
            if (!open_group(c)) return 0;
            quant = 0;
            break;
        case ')':
            if (c->depth == 0) return bad(c, "unmatched )", at);
            c->pos++;
            quant = !c->stack[c->depth].assertion; /* u flag: lookarounds take no quantifier */
            c->depth--;
            break;
        case '*': case '+': case '?': case '{': {
            uint32_t min = 0, max = 0;
            if (ch == '{' && !braces(c, &min, &max)) return bad(c, "lone { must be escaped as \\{", at);
            if (ch != '{') c->pos++;
            if (!quant) return bad(c, "nothing to repeat", at);
            if (max < min) return bad(c, "numbers out of order in {} quantifier", at);
            if (c->pos < c->len && c->p[c->pos] == '?') c->pos++;
            quant = 0;
            break;
        }
        case '}': return bad(c, "lone } must be escaped as \\}", at);
        case ']': return bad(c, "lone ] must be escaped as \\]", at);
        case '^': case '$':
            c->pos++;
            quant = 0;
            break;
        case '.':
            c->pos++;
            quant = 1;
            break;
        case '[':
            if (!char_class(c)) return 0;
            quant = 1;
            break;
        case '\\':
            if (!atom_escape(c, &quant)) return 0;
            break;
        default: {
            uint32_t cp;
            c->pos += uni_utf8_decode(c->p + at, c->len - at, &cp);
            if (cp == 0xFFFFFFFFu) return bad(c, "invalid UTF-8 in pattern", at);
            quant = 1;
        }
        }
    }
    return finish(c);
}

int ecma_regex_check(const char *pattern, size_t len, hub_error *err) {
    ck *c = calloc(1, sizeof *c);
    if (!c) {
        if (err) { err->code = HUB_ERR_NOMEM; err->message = "out of memory"; err->offset = 0; }
        return 0;
    }
    c->p = (const unsigned char *)(pattern ? pattern : "");
    c->len = pattern ? len : 0;
    c->err = err;
    c->ok = 1;
    int ok = parse(c) && c->ok;
    if (c->idc != c->ids) free(c->idc);
    free(c->ids);
    free(c->nbuf);
    free(c->names);
    free(c->refs);
    free(c->paths);
    free(c);
    return ok;
}
