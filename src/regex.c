/* regex.c — ECMA-262 (u flag) patterns compiled to an NFA program, matched by a DFA or NFA in linear time. */
#include "regex.h"
#include "ecma_syntax.h"
#include "unicode.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Limits. Counted repetition copies its operand, so the program cap is what stops a{1000}-style
 * blow-ups; the depth cap bounds the explicit group stack. */
#ifndef RE_MAX_PROGRAM
#define RE_MAX_PROGRAM 10000     /* instructions after expanding {n,m} */
#endif
#ifndef RE_MAX_DEPTH
#define RE_MAX_DEPTH 256         /* nesting of groups */
#endif
#ifndef RE_DFA_STATES
#define RE_DFA_STATES 1024       /* DFA states built at compile time; beyond: NFA */
#endif
#define DFA_MAX_INST 4000               /* larger programs skip the DFA (build cost) */
#define DFA_MAX_BOUNDS 256              /* distinct non-ASCII range edges the alphabet may have */
#define DFA_MAX_CELLS 0xFFF0            /* states × alphabet, so row offsets fit uint16_t */
#define DFA_WORK 50000                  /* threads stepped while building: bounds compile time */
#define DFA_HASH 4096                   /* state hash slots, a power of two >= 2 × states */
#define NFA_STACK_WORDS 1024            /* programs up to 256 instructions match without malloc */

#define CP_INVALID 0xFFFFFFFFu          /* a byte that is not UTF-8: matches nothing */
#define INF UINT32_MAX                  /* no upper bound in a quantifier */
#define NONE UINT32_MAX

/* ---- Program ------------------------------------------------------------------------------ */

enum {
    OP_CHAR,   /* x = code point */
    OP_CLASS,  /* x = class index */
    OP_SPLIT,  /* fork to pc+x and pc+y (priority is irrelevant: test() only asks "any match?") */
    OP_JMP,    /* go to pc+x; jumps are relative so a block can be copied for {n,m} */
    OP_BOL, OP_EOL, OP_WORDB, OP_NWORDB, /* assertions: ^ $ \b \B */
    OP_MATCH
};

typedef struct inst {
    uint8_t op;
    int32_t x, y;
} inst;

typedef struct rclass {
    uint32_t ascii[4];    /* U+0000..U+007F membership, negation already applied */
    uint32_t cats;        /* bit g: general category g is in the class (before negation) */
    uint32_t first, n;    /* ranges[2*first ..] holds n sorted, disjoint [lo, hi] pairs */
    uint8_t neg;
} rclass;

#define DFA_DEAD 0xFFFFu
#define DFA_ACCEPT 0xFFFEu
#define DFA_FALLBACK 0xFFFDu  /* transition not built: rerun the subject on the NFA */

struct re_prog {
    inst *prog;
    rclass *cls;
    uint32_t *ranges;
    uint32_t ninst, ncls;
    uint8_t anchored;     /* every path starts with ^: never restart at a later position */
    uint8_t has_word;     /* \b or \B present: DFA states remember if the last char was \w */
    uint8_t uses_cats;    /* some class tests general categories */
    /* DFA, or trans == NULL. States are named by row offset (index × nalpha). */
    uint16_t *trans;
    uint8_t *accept_end;  /* per state: 1 if the subject may end here, 0 if not, 2 unknown */
    uint32_t *bounds;     /* non-ASCII alphabet: sorted interval starts, bounds[0] = 0x80 */
    uint16_t *nmap;       /* interval (× category when uses_cats) → alphabet symbol */
    uint32_t nalpha, nbounds;
    uint16_t inv_sym;     /* symbol of a byte that is not UTF-8 */
    uint8_t amap[128];    /* ASCII byte → alphabet symbol */
};

/* ---- Character sets ----------------------------------------------------------------------- */

static const uint32_t R_DIGIT[] = {0x30, 0x39};
static const uint32_t R_WORD[] = {0x30, 0x39, 0x41, 0x5A, 0x5F, 0x5F, 0x61, 0x7A};
static const uint32_t R_SPACE[] = {0x09, 0x0D, 0x20, 0x20, 0xA0, 0xA0, 0x1680, 0x1680,
                                   0x2000, 0x200A, 0x2028, 0x2029, 0x202F, 0x202F,
                                   0x205F, 0x205F, 0x3000, 0x3000, 0xFEFF, 0xFEFF};
static const uint32_t R_LINE_TERM[] = {0x0A, 0x0A, 0x0D, 0x0D, 0x2028, 0x2029};

static int is_word(uint32_t c) {
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '_';
}

/* A symbol being matched; cat < 0 until a class needs the general category. */
typedef struct sym {
    uint32_t cp;
    int cat;
} sym;

static int class_has(const re_prog *re, const rclass *k, sym *s) {
    uint32_t c = s->cp;
    if (c < 0x80) return (int)(k->ascii[c >> 5] >> (c & 31) & 1);
    if (c > 0x10FFFF) return 0;
    size_t lo = k->first, hi = k->first + k->n;
    int in = 0;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c < re->ranges[2 * mid]) hi = mid;
        else if (c > re->ranges[2 * mid + 1]) lo = mid + 1;
        else { in = 1; break; }
    }
    if (!in && k->cats) {
        if (s->cat < 0) s->cat = (int)uni_category(c);
        in = (int)(k->cats >> s->cat & 1);
    }
    return in ^ k->neg;
}

#define G(x) (1u << UNI_GC_##x)
#define GC_ALL ((1u << UNI_GC_COUNT) - 1)

/* ---- Compiler ----------------------------------------------------------------------------- */

typedef struct frame {
    uint32_t start;   /* pc where the group's code begins */
    uint32_t alt;     /* pc where the current alternative begins */
    uint32_t jmps;    /* pending jumps to the group's end, chained through their x field */
    uint32_t atom;    /* pc of the last quantifiable atom, NONE after an assertion/quantifier */
    size_t open;      /* offset of the '(' for "unterminated group" */
} frame;

typedef struct comp {
    const unsigned char *p;
    size_t len, pos;
    hub_error *err;
    inst *prog;
    uint32_t n, cap;
    rclass *cls;
    uint32_t ncls, clscap;
    uint32_t *rng, nrng, rngcap;    /* pool of class ranges, in uint32 words */
    uint32_t *tmp, ntmp, tmpcap;    /* ranges of the class being parsed, in words */
    uint32_t stdcls[8];             /* class index for \d \D \w \W \s \S . or NONE */
    frame stack[RE_MAX_DEPTH + 1];
} comp;

static int fail(comp *c, hub_code code, const char *msg, size_t off) {
    if (c->err && c->err->code == HUB_OK) {
        c->err->code = code;
        c->err->message = msg;
        c->err->offset = off;
    }
    return -1;
}

/* Returns buf grown to at least `need` elements (capacity in *cap). On failure frees buf, sets
 * *cap to 0 and the error, and returns NULL, so callers can assign the result directly. */
static void *grow(comp *c, void *buf, uint32_t *cap, uint64_t need, size_t elem) {
    uint64_t nc = *cap ? *cap : 16;
    while (nc < need) nc *= 2;
    void *nb = need > UINT32_MAX / 2 || nc > SIZE_MAX / elem ? NULL : realloc(buf, (size_t)nc * elem);
    if (!nb) {
        free(buf);
        *cap = 0;
        fail(c, HUB_ERR_NOMEM, "out of memory", c->pos);
        return NULL;
    }
    *cap = (uint32_t)nc;
    return nb;
}

static int emit(comp *c, int op, int32_t x, int32_t y) {
    if (c->n + 1 >= RE_MAX_PROGRAM)
        return fail(c, HUB_ERR_SCHEMA_LIMIT, "pattern too large: its program exceeds the limit", c->pos);
    if (c->n + 1 > c->cap && !(c->prog = grow(c, c->prog, &c->cap, c->n + 1, sizeof(inst)))) return -1;
    c->prog[c->n++] = (inst){(uint8_t)op, x, y};
    return 0;
}

/* Inserts an instruction at pc `at`, shifting the tail; relative jumps inside it stay valid. */
static int insert(comp *c, uint32_t at, int op, int32_t x, int32_t y) {
    if (emit(c, OP_JMP, 0, 0)) return -1;
    memmove(c->prog + at + 1, c->prog + at, (c->n - 1 - at) * sizeof(inst));
    c->prog[at] = (inst){(uint8_t)op, x, y};
    return 0;
}

static int tmp_add(comp *c, uint32_t lo, uint32_t hi) {
    if (c->ntmp + 2 > c->tmpcap && !(c->tmp = grow(c, c->tmp, &c->tmpcap, c->ntmp + 2, sizeof(uint32_t))))
        return -1;
    c->tmp[c->ntmp++] = lo;
    c->tmp[c->ntmp++] = hi;
    return 0;
}

/* Adds the sorted range list r[0..n) (words), or its complement over U+0000..U+10FFFF. */
static int tmp_add_set(comp *c, const uint32_t *r, size_t n, int negate) {
    if (!negate) {
        for (size_t i = 0; i < n; i += 2)
            if (tmp_add(c, r[i], r[i + 1])) return -1;
        return 0;
    }
    uint32_t next = 0;
    for (size_t i = 0; i < n; i += 2) {
        if (r[i] > next && tmp_add(c, next, r[i] - 1)) return -1;
        next = r[i + 1] + 1;
    }
    return next <= 0x10FFFF ? tmp_add(c, next, 0x10FFFF) : 0;
}

static int cmp_range(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Turns the ranges in tmp plus `cats` into a class; returns its index or -1. */
static int64_t class_finish(comp *c, uint32_t cats, int neg) {
    if (c->ntmp) qsort(c->tmp, c->ntmp / 2, 2 * sizeof(uint32_t), cmp_range);
    uint32_t w = 0; /* merge overlapping and adjacent ranges in place */
    for (uint32_t i = 0; i < c->ntmp; i += 2) {
        if (w && c->tmp[i] <= c->tmp[w - 1] + 1) {
            if (c->tmp[i + 1] > c->tmp[w - 1]) c->tmp[w - 1] = c->tmp[i + 1];
        } else {
            c->tmp[w++] = c->tmp[i];
            c->tmp[w++] = c->tmp[i + 1];
        }
    }
    if ((c->nrng + w > c->rngcap && !(c->rng = grow(c, c->rng, &c->rngcap, c->nrng + w, sizeof(uint32_t)))) ||
        (c->ncls + 1 > c->clscap && !(c->cls = grow(c, c->cls, &c->clscap, c->ncls + 1, sizeof(rclass)))))
        return -1;
    if (w) memcpy(c->rng + c->nrng, c->tmp, w * sizeof(uint32_t));
    rclass *k = &c->cls[c->ncls];
    memset(k, 0, sizeof *k);
    k->cats = cats;
    k->first = c->nrng / 2;
    k->n = w / 2;
    k->neg = (uint8_t)neg;
    c->nrng += w;
    for (uint32_t i = 0; i < w; i += 2)
        for (uint32_t ch = c->tmp[i]; ch <= c->tmp[i + 1] && ch < 0x80; ch++)
            k->ascii[ch >> 5] |= 1u << (ch & 31);
    for (uint32_t ch = 0; cats && ch < 0x80; ch++) /* ASCII categories, resolved now */
        if (cats >> uni_category(ch) & 1) k->ascii[ch >> 5] |= 1u << (ch & 31);
    if (neg)
        for (int i = 0; i < 4; i++) k->ascii[i] = ~k->ascii[i];
    c->ntmp = 0;
    return c->ncls++;
}

static int hexval(int ch) {
    if (ch >= '0' && ch <= '9') return ch - '0';
    ch |= 0x20;
    return ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
}

/* Reads exactly `n` hex digits at pos; returns the value or -1. */
static int64_t hex_fixed(comp *c, int n) {
    if (c->len - c->pos < (size_t)n) return -1;
    int64_t v = 0;
    for (int i = 0; i < n; i++) {
        int h = hexval(c->p[c->pos + (size_t)i]);
        if (h < 0) return -1;
        v = v * 16 + h;
    }
    c->pos += (size_t)n;
    return v;
}

static int64_t escape_u(comp *c) {
    if (c->pos < c->len && c->p[c->pos] == '{') { /* \u{H…}: any number of digits, ≤ 10FFFF */
        size_t p = c->pos + 1;
        int64_t v = 0;
        while (p < c->len && hexval(c->p[p]) >= 0) {
            v = v * 16 + hexval(c->p[p++]);
            if (v > 0x10FFFF) return -1;
        }
        if (p == c->pos + 1 || p >= c->len || c->p[p] != '}') return -1;
        c->pos = p + 1;
        return v;
    }
    int64_t v = hex_fixed(c, 4);
    /* Under the u flag a \uD83D\uDE00 surrogate pair names one code point. */
    if (v >= 0xD800 && v <= 0xDBFF && c->len - c->pos >= 6 && c->p[c->pos] == '\\' &&
        c->p[c->pos + 1] == 'u') {
        size_t save = c->pos;
        c->pos += 2;
        int64_t lo = hex_fixed(c, 4);
        if (lo >= 0xDC00 && lo <= 0xDFFF) return 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00);
        c->pos = save;
    }
    return v;
}

/* A CharacterEscape after the backslash (c->pos at the letter); returns the code point or -1. */
static int64_t escape_char(comp *c, int in_class) {
    size_t at = c->pos - 1;
    int ch = c->p[c->pos++];
    int64_t v;
    switch (ch) {
    case 't': return 9;
    case 'n': return 10;
    case 'v': return 11;
    case 'f': return 12;
    case 'r': return 13;
    case 'c':
        if (c->pos < c->len && ((c->p[c->pos] | 0x20) >= 'a' && (c->p[c->pos] | 0x20) <= 'z'))
            return c->p[c->pos++] & 31;
        return fail(c, HUB_ERR_SCHEMA_REGEX, "invalid \\c escape: a letter must follow", at);
    case '0':
        if (c->pos < c->len && c->p[c->pos] >= '0' && c->p[c->pos] <= '9')
            return fail(c, HUB_ERR_SCHEMA_REGEX, "invalid escape: octal escapes are not allowed", at);
        return 0;
    case 'x':
        v = hex_fixed(c, 2);
        return v >= 0 ? v : fail(c, HUB_ERR_SCHEMA_REGEX, "invalid \\x escape: two hex digits must follow", at);
    case 'u':
        v = escape_u(c);
        return v >= 0 ? v : fail(c, HUB_ERR_SCHEMA_REGEX, "invalid \\u escape", at);
    case '-':
        if (in_class) return '-';
        break;
    default:
        if (strchr("^$\\.*+?()[]{}|/", ch) && ch) return ch;
        if (ch >= '1' && ch <= '9' && !in_class)
            return fail(c, HUB_ERR_SCHEMA_REGEX, "backreference is valid ECMA-262 but not supported in pattern: it needs backtracking", at);
        if (ch == 'k' && !in_class)
            return fail(c, HUB_ERR_SCHEMA_REGEX, "named backreference is valid ECMA-262 but not supported in pattern: it needs backtracking", at);
    }
    return fail(c, HUB_ERR_SCHEMA_REGEX, "invalid escape", at);
}

/* Adds the set of \d \D \w \W \s \S \p{…} \P{…} (letter at c->pos - 1) to tmp; its categories to
 * *cats. Returns 1 if the letter names a set, 0 if not, -1 on error. */
static int escape_set(comp *c, int letter, uint32_t *cats) {
    int neg = letter >= 'A' && letter <= 'Z';
    switch (letter | 0x20) {
    case 'd': return tmp_add_set(c, R_DIGIT, 2, neg) ? -1 : 1;
    case 'w': return tmp_add_set(c, R_WORD, 8, neg) ? -1 : 1;
    case 's': return tmp_add_set(c, R_SPACE, sizeof R_SPACE / sizeof R_SPACE[0], neg) ? -1 : 1;
    case 'p': break;
    default: return 0;
    }
    size_t at = c->pos - 2, b = c->pos, e = b + 1;
    if (b >= c->len || c->p[b] != '{')
        return fail(c, HUB_ERR_SCHEMA_REGEX, "invalid \\p escape: expected \\p{Name}", at);
    while (e < c->len && c->p[e] != '}') e++;
    if (e >= c->len) return fail(c, HUB_ERR_SCHEMA_REGEX, "invalid \\p escape: missing }", at);
    uni_property prop;
    if (!uni_prop(c->p + b + 1, e - b - 1, &prop))
        return fail(c, HUB_ERR_SCHEMA_REGEX, "unknown Unicode property (ECMA-262 allows General_Category, "
                    "Script, Script_Extensions and its binary properties)", at);
    c->pos = e + 1;
    if (prop.set < 0) {
        *cats |= neg ? GC_ALL & ~prop.gc_mask : prop.gc_mask;
        return 1;
    }
    uint32_t *r;
    long n = uni_set_ranges(prop.set, &r);
    if (n < 0) return fail(c, HUB_ERR_NOMEM, "out of memory", at);
    int rc = tmp_add_set(c, r, (size_t)n * 2, neg);
    free(r);
    return rc ? -1 : 1;
}

/* Decodes the pattern's next code point as a literal. */
static int64_t literal(comp *c) {
    uint32_t cp;
    size_t n = uni_utf8_decode(c->p + c->pos, c->len - c->pos, &cp);
    if (cp == CP_INVALID) return fail(c, HUB_ERR_SCHEMA_REGEX, "invalid UTF-8 in pattern", c->pos);
    c->pos += n;
    return cp;
}

/* One ClassAtom; returns its code point, or -2 if it was a set escape (added to tmp and *cats). */
static int64_t class_atom(comp *c, uint32_t *cats) {
    if (c->p[c->pos] != '\\') return literal(c);
    if (++c->pos >= c->len) return fail(c, HUB_ERR_SCHEMA_REGEX, "\\ at end of pattern", c->pos - 1);
    int ch = c->p[c->pos];
    if (ch == 'b') { c->pos++; return 8; }
    if (ch == 'B') return fail(c, HUB_ERR_SCHEMA_REGEX, "invalid escape \\B in a class", c->pos - 1);
    c->pos++;
    int r = escape_set(c, ch, cats);
    if (r) return r < 0 ? -1 : -2;
    c->pos--;
    return escape_char(c, 1);
}

/* Parses [...] (c->pos at '['); returns the class index or -1. */
static int64_t parse_class(comp *c) {
    size_t open = c->pos++;
    int neg = c->pos < c->len && c->p[c->pos] == '^';
    uint32_t cats = 0;
    c->pos += (size_t)neg;
    c->ntmp = 0;
    for (;;) {
        if (c->pos >= c->len)
            return fail(c, HUB_ERR_SCHEMA_REGEX, "unterminated character class: missing ]", open);
        if (c->p[c->pos] == ']') break;
        size_t at = c->pos;
        int64_t lo = class_atom(c, &cats);
        if (lo == -1) return -1;
        if (c->pos + 1 < c->len && c->p[c->pos] == '-' && c->p[c->pos + 1] != ']') {
            c->pos++;
            size_t at_hi = c->pos;
            int64_t hi = class_atom(c, &cats);
            if (hi == -1) return -1;
            if (lo == -2 || hi == -2)
                return fail(c, HUB_ERR_SCHEMA_REGEX, "a class escape like \\d cannot bound a range",
                            lo == -2 ? at : at_hi);
            if (hi < lo) return fail(c, HUB_ERR_SCHEMA_REGEX, "class range out of order", at);
            if (tmp_add(c, (uint32_t)lo, (uint32_t)hi)) return -1;
        } else if (lo >= 0 && tmp_add(c, (uint32_t)lo, (uint32_t)lo)) {
            return -1;
        }
    }
    c->pos++;
    return class_finish(c, cats, neg);
}

/* Emits a class for one of the built-in sets, compiled once per pattern. */
static int emit_std(comp *c, int which, const uint32_t *r, size_t n, int neg) {
    if (c->stdcls[which] == NONE) {
        if (tmp_add_set(c, r, n, 0)) return -1;
        int64_t k = class_finish(c, 0, neg);
        if (k < 0) return -1;
        c->stdcls[which] = (uint32_t)k;
    }
    return emit(c, OP_CLASS, (int32_t)c->stdcls[which], 0);
}

/* Parses {n}, {n,}, {n,m} at c->pos; returns 1 with min/max set, 0 if it is not a quantifier. */
static int parse_braces(comp *c, uint32_t *min, uint32_t *max) {
    size_t p = c->pos + 1;
    uint32_t v[2] = {0, 0};
    int got[2] = {0, 0}, i = 0;
    for (;; p++) {
        if (p >= c->len) return 0;
        int ch = c->p[p];
        if (ch >= '0' && ch <= '9') {
            got[i] = 1; /* saturate: the program cap rejects huge counts anyway */
            v[i] = v[i] > (INF - 10) / 10 ? INF - 1 : v[i] * 10 + (uint32_t)(ch - '0');
        } else if (ch == ',' && i == 0 && got[0]) {
            i = 1;
        } else if (ch == '}' && got[0]) {
            break;
        } else {
            return 0;
        }
    }
    *min = v[0];
    *max = i == 0 ? v[0] : got[1] ? v[1] : INF;
    c->pos = p + 1;
    return 1;
}

/* Applies {min,max} to the last atom of frame f by rebuilding it from a saved copy. */
static int quantify(comp *c, frame *f, uint32_t min, uint32_t max, size_t at) {
    if (f->atom == NONE) return fail(c, HUB_ERR_SCHEMA_REGEX, "nothing to repeat", at);
    if (max < min) return fail(c, HUB_ERR_SCHEMA_REGEX, "numbers out of order in {} quantifier", at);
    uint32_t s = f->atom, k = c->n - s;
    f->atom = NONE;
    if (c->pos < c->len && c->p[c->pos] == '?') c->pos++; /* lazy: same answer for test() */
    if (k == 0) return 0;
    uint64_t total = max == INF ? (min == 0 ? k + 2 : (uint64_t)min * k + 1)
                                : (uint64_t)min * k + (uint64_t)(max - min) * (k + 1);
    if (s + total + 1 >= RE_MAX_PROGRAM)
        return fail(c, HUB_ERR_SCHEMA_LIMIT, "pattern too large: repetition exceeds the program limit", at);
    if (s + total > c->cap && !(c->prog = grow(c, c->prog, &c->cap, s + total, sizeof(inst)))) return -1;
    inst *block = malloc(k * sizeof(inst));
    if (!block) return fail(c, HUB_ERR_NOMEM, "out of memory", at);
    memcpy(block, c->prog + s, k * sizeof(inst));
    inst *o = c->prog + s;
    for (uint32_t i = 0; i < min; i++, o += k) memcpy(o, block, k * sizeof(inst));
    if (max == INF && min == 0) { /* L: split L+1, end; block; jmp L */
        *o++ = (inst){OP_SPLIT, 1, (int32_t)k + 2};
        memcpy(o, block, k * sizeof(inst));
        o += k;
        *o = (inst){OP_JMP, -(int32_t)k - 1, 0};
        o++;
    } else if (max == INF) { /* last copy loops back: split back-to-copy, next */
        *o = (inst){OP_SPLIT, -(int32_t)k, 1};
        o++;
    } else {
        inst *end = c->prog + s + total;
        for (uint32_t i = min; i < max; i++, o += k) { /* each optional copy may skip to the end */
            *o = (inst){OP_SPLIT, 1, (int32_t)(end - o)};
            memcpy(++o, block, k * sizeof(inst));
        }
    }
    free(block);
    c->n = (uint32_t)(o - c->prog);
    return 0;
}

/* Closes the alternation of frame f: patches the pending jumps to the current end. */
static void close_alts(comp *c, frame *f) {
    for (uint32_t j = f->jmps; j != NONE;) {
        uint32_t next = (uint32_t)c->prog[j].x;
        c->prog[j].x = (int32_t)(c->n - j);
        j = next;
    }
}

/* Parses what follows '(' and pushes a frame; lookaround and unknown (? forms are errors. */
static int open_group(comp *c, uint32_t *depth) {
    size_t open = c->pos++;
    const unsigned char *p = c->p;
    if (c->pos < c->len && p[c->pos] == '?') {
        int a = c->pos + 1 < c->len ? p[c->pos + 1] : 0, b = c->pos + 2 < c->len ? p[c->pos + 2] : 0;
        if (a == ':') {
            c->pos += 2;
        } else if (a == '=' || a == '!') {
            return fail(c, HUB_ERR_SCHEMA_REGEX, "lookahead is valid ECMA-262 but not supported in pattern: it needs backtracking", open);
        } else if (a == '<' && (b == '=' || b == '!')) {
            return fail(c, HUB_ERR_SCHEMA_REGEX, "lookbehind is valid ECMA-262 but not supported in pattern: it needs backtracking", open);
        } else if (a == '<') { /* (?<name>: ecma_regex_check has checked the name */
            c->pos += 2;
            while (c->pos < c->len && p[c->pos] != '>') c->pos++;
            c->pos++;
        } else {
            return fail(c, HUB_ERR_SCHEMA_REGEX, "modifiers (?ims-ims:…) are valid ECMA-262 but not supported in pattern", open);
        }
    }
    if (*depth >= RE_MAX_DEPTH)
        return fail(c, HUB_ERR_SCHEMA_LIMIT, "groups nested too deeply", open);
    c->stack[++*depth] = (frame){c->n, c->n, NONE, NONE, open};
    return 0;
}

/* Parses an escape outside a class (c->pos at the backslash). */
static int parse_escape(comp *c, frame *f) {
    size_t at = c->pos++;
    if (c->pos >= c->len) return fail(c, HUB_ERR_SCHEMA_REGEX, "\\ at end of pattern", at);
    int ch = c->p[c->pos];
    if (ch == 'b' || ch == 'B') {
        c->pos++;
        f->atom = NONE;
        return emit(c, ch == 'b' ? OP_WORDB : OP_NWORDB, 0, 0);
    }
    f->atom = c->n;
    c->pos++;
    uint32_t cats = 0;
    c->ntmp = 0;
    switch (ch) { /* the common sets share one class each */
    case 'd': return emit_std(c, 0, R_DIGIT, 2, 0);
    case 'D': return emit_std(c, 1, R_DIGIT, 2, 1);
    case 'w': return emit_std(c, 2, R_WORD, 8, 0);
    case 'W': return emit_std(c, 3, R_WORD, 8, 1);
    case 's': return emit_std(c, 4, R_SPACE, sizeof R_SPACE / sizeof R_SPACE[0], 0);
    case 'S': return emit_std(c, 5, R_SPACE, sizeof R_SPACE / sizeof R_SPACE[0], 1);
    case 'p': case 'P': {
        if (escape_set(c, ch, &cats) < 0) return -1;
        int64_t k = class_finish(c, cats, 0);
        return k < 0 ? -1 : emit(c, OP_CLASS, (int32_t)k, 0);
    }
    }
    c->pos--;
    int64_t v = escape_char(c, 0);
    return v < 0 ? -1 : emit(c, OP_CHAR, (int32_t)v, 0);
}

static int parse(comp *c) {
    uint32_t depth = 0;
    c->stack[0] = (frame){0, 0, NONE, NONE, 0};
    while (c->pos < c->len) {
        frame *f = &c->stack[depth];
        size_t at = c->pos;
        int ch = c->p[c->pos], r = 0;
        switch (ch) {
        case '|': /* split cur-alt, next-alt; cur-alt; jmp end */
            c->pos++;
            if (insert(c, f->alt, OP_SPLIT, 1, 0) || emit(c, OP_JMP, (int32_t)f->jmps, 0)) return -1;
            f->jmps = c->n - 1;
            c->prog[f->alt].y = (int32_t)(c->n - f->alt);
            f->alt = c->n;
            f->atom = NONE;
            break;
        case '(':
            r = open_group(c, &depth);
            break;
        case ')':
            if (depth == 0) return fail(c, HUB_ERR_SCHEMA_REGEX, "unmatched )", at);
            c->pos++;
            close_alts(c, f);
            depth--;
            c->stack[depth].atom = f->start;
            break;
        case '*': case '+': case '?':
            c->pos++;
            r = quantify(c, f, ch == '+', ch == '?' ? 1 : INF, at);
            break;
        case '{': {
            uint32_t min, max;
            if (!parse_braces(c, &min, &max))
                return fail(c, HUB_ERR_SCHEMA_REGEX, "lone { must be escaped as \\{", at);
            r = quantify(c, f, min, max, at);
            break;
        }
        case '}': case ']':
            return fail(c, HUB_ERR_SCHEMA_REGEX, ch == '}' ? "lone } must be escaped as \\}"
                                                           : "lone ] must be escaped as \\]", at);
        case '^': case '$':
            c->pos++;
            f->atom = NONE;
            r = emit(c, ch == '^' ? OP_BOL : OP_EOL, 0, 0);
            break;
        case '.':
            c->pos++;
            f->atom = c->n;
            r = emit_std(c, 6, R_LINE_TERM, sizeof R_LINE_TERM / sizeof R_LINE_TERM[0], 1);
            break;
        case '[': {
            f->atom = c->n;
            int64_t k = parse_class(c);
            r = k < 0 ? -1 : emit(c, OP_CLASS, (int32_t)k, 0);
            break;
        }
        case '\\':
            r = parse_escape(c, f);
            break;
        default: {
            f->atom = c->n;
            int64_t v = literal(c);
            r = v < 0 ? -1 : emit(c, OP_CHAR, (int32_t)v, 0);
        }
        }
        if (r) return -1;
    }
    if (depth > 0)
        return fail(c, HUB_ERR_SCHEMA_REGEX, "unterminated group: missing )", c->stack[depth].open);
    close_alts(c, &c->stack[0]);
    return emit(c, OP_MATCH, 0, 0);
}

/* ---- NFA simulation ----------------------------------------------------------------------- */

/* A thread list: the pcs of consuming, assertion and MATCH instructions reached, each once. */
typedef struct list {
    uint32_t *pc;
    uint32_t n;
    uint8_t asserts, match;
} list;

typedef struct nfa {
    const re_prog *re;
    uint32_t *mark;   /* mark[pc] == gen: pc already reached for the list being built */
    uint32_t *stack;
    uint32_t gen;
} nfa;

enum { AT_START = 1, PREV_WORD = 2, NEXT_WORD = 4, AT_END = 8 };

/* Adds pc and everything reachable from it through jumps and splits (explicit stack). */
static void add(nfa *m, list *l, uint32_t pc) {
    const inst *prog = m->re->prog;
    uint32_t sp = 0;
    if (m->mark[pc] == m->gen) return;
    m->mark[pc] = m->gen;
    m->stack[sp++] = pc;
    while (sp) {
        pc = m->stack[--sp];
        const inst *in = &prog[pc];
        uint32_t t[2] = {pc + (uint32_t)in->x, pc + (uint32_t)in->y};
        int nt = in->op == OP_SPLIT ? 2 : in->op == OP_JMP;
        if (!nt) {
            l->pc[l->n++] = pc;
            l->asserts |= in->op >= OP_BOL && in->op <= OP_NWORDB;
            l->match |= in->op == OP_MATCH;
        }
        for (int i = nt - 1; i >= 0; i--) {
            if (m->mark[t[i]] != m->gen) {
                m->mark[t[i]] = m->gen;
                m->stack[sp++] = t[i];
            }
        }
    }
}

/* Follows the assertions of l that hold in context ctx (they need the next symbol). */
static void resolve(nfa *m, list *l, unsigned ctx) {
    for (uint32_t i = 0; i < l->n; i++) {
        uint32_t pc = l->pc[i];
        int op = m->re->prog[pc].op, ok;
        switch (op) {
        case OP_BOL: ok = ctx & AT_START; break;
        case OP_EOL: ok = ctx & AT_END; break;
        case OP_WORDB: ok = !(ctx & PREV_WORD) != !(ctx & NEXT_WORD); break;
        case OP_NWORDB: ok = !(ctx & PREV_WORD) == !(ctx & NEXT_WORD); break;
        default: ok = 0;
        }
        if (ok) add(m, l, pc + 1);
    }
}

static void next_gen(nfa *m) {
    if (++m->gen == 0) { /* wrapped after 2^32 steps: old marks could look current */
        memset(m->mark, 0, m->re->ninst * sizeof(uint32_t));
        m->gen = 1;
    }
}

/* Moves the threads of cur that accept symbol s into nxt (a fresh generation). */
static void consume(nfa *m, const list *cur, list *nxt, sym *s) {
    const re_prog *re = m->re;
    next_gen(m);
    nxt->n = 0;
    nxt->asserts = nxt->match = 0;
    for (uint32_t i = 0; i < cur->n; i++) {
        uint32_t pc = cur->pc[i];
        const inst *in = &re->prog[pc];
        if ((in->op == OP_CHAR && s->cp == (uint32_t)in->x) ||
            (in->op == OP_CLASS && class_has(re, &re->cls[in->x], s)))
            add(m, nxt, pc + 1);
    }
    if (!re->anchored) add(m, nxt, 0); /* a match may start at the next position too */
}

/* Runs the NFA over the whole subject; work arrays live on the stack for small programs. */
static int nfa_run(const re_prog *re, const unsigned char *s, size_t len) {
    uint32_t buf[NFA_STACK_WORDS], n = re->ninst;
    uint32_t *w = (size_t)n * 4 <= NFA_STACK_WORDS ? buf : malloc((size_t)n * 4 * sizeof(uint32_t));
    if (!w) return -1;
    memset(w, 0, n * sizeof(uint32_t));
    nfa m = {re, w, w + n, 1};
    list a = {w + 2 * (size_t)n, 0, 0, 0}, b = {w + 3 * (size_t)n, 0, 0, 0};
    add(&m, &a, 0);
    unsigned ctx = AT_START;
    size_t i = 0;
    int r;
    for (;;) {
        sym sy = {CP_INVALID, -1};
        if (i < len) {
            i += uni_utf8_decode(s + i, len - i, &sy.cp);
            ctx |= is_word(sy.cp) ? NEXT_WORD : 0;
        } else {
            ctx |= AT_END;
        }
        if (a.asserts) resolve(&m, &a, ctx);
        if (a.match || (ctx & AT_END)) { r = a.match; break; }
        consume(&m, &a, &b, &sy);
        if (!b.n) { r = 0; break; }
        list t = a;
        a = b;
        b = t;
        ctx = ctx & NEXT_WORD ? PREV_WORD : 0;
    }
    if (w != buf) free(w);
    return r;
}

/* ---- DFA ---------------------------------------------------------------------------------- */

/* The DFA is built at compile time by running the NFA on every (state, symbol) pair, where the
 * alphabet is the partition of all code points by which instructions accept them. */

static int cmp_u32(const void *a, const void *b) { return cmp_range(a, b); }

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

typedef struct dstate {
    uint32_t off, n;   /* its sorted pc list in the pool */
    unsigned flags;    /* AT_START, PREV_WORD */
} dstate;

typedef struct dfa_build {
    nfa m;
    list cur, nxt;
    dstate *st;
    uint32_t nst, maxst;
    uint32_t *pool, npool, poolcap;
    uint32_t *hash, hmask;
} dfa_build;

static uint32_t list_hash(const uint32_t *pc, uint32_t n, unsigned flags) {
    uint32_t h = 2166136261u ^ flags;
    for (uint32_t i = 0; i < n; i++) h = (h ^ pc[i]) * 16777619u;
    return h;
}

/* Returns the index of the state (nxt, flags), adding it if new; NONE when full or out of memory. */
static uint32_t intern(dfa_build *d, unsigned flags) {
    list *l = &d->nxt;
    qsort(l->pc, l->n, sizeof(uint32_t), cmp_u32);
    uint32_t h = list_hash(l->pc, l->n, flags) & d->hmask;
    for (; d->hash[h]; h = (h + 1) & d->hmask) {
        dstate *s = &d->st[d->hash[h] - 1];
        if (s->flags == flags && s->n == l->n && !memcmp(d->pool + s->off, l->pc, l->n * sizeof(uint32_t)))
            return d->hash[h] - 1;
    }
    if (d->nst >= d->maxst) return NONE;
    if (d->npool + l->n > d->poolcap) {
        uint32_t nc = (d->npool + l->n) * 2;
        uint32_t *np = realloc(d->pool, nc * sizeof(uint32_t));
        if (!np) return NONE;
        d->pool = np;
        d->poolcap = nc;
    }
    memcpy(d->pool + d->npool, l->pc, l->n * sizeof(uint32_t));
    d->st[d->nst] = (dstate){d->npool, l->n, flags};
    d->npool += l->n;
    d->hash[h] = ++d->nst;
    return d->nst - 1;
}

static void load(dfa_build *d, uint32_t s) {
    const dstate *ds = &d->st[s];
    const inst *prog = d->m.re->prog;
    next_gen(&d->m);
    d->cur.n = ds->n;
    d->cur.asserts = d->cur.match = 0;
    for (uint32_t i = 0; i < ds->n; i++) {
        uint32_t pc = d->pool[ds->off + i];
        d->cur.pc[i] = pc;
        d->m.mark[pc] = d->m.gen;
        d->cur.asserts |= prog[pc].op >= OP_BOL && prog[pc].op <= OP_NWORDB;
        d->cur.match |= prog[pc].op == OP_MATCH;
    }
}

/* The representative of alphabet input i: ASCII bytes, then (interval × category), then a
 * non-UTF-8 byte. */
static sym input_sym(const re_prog *re, uint32_t i, uint32_t ncat) {
    if (i < 128) return (sym){i, -1};
    i -= 128;
    if (i >= re->nbounds * ncat) return (sym){CP_INVALID, -1};
    return (sym){re->bounds[i / ncat], (int)(i % ncat)};
}

/* The alphabet's tests into *tests_out (malloc'd, the caller frees it; each class once, each
 * distinct character, and "is \w" when the pattern has \b), and re->bounds: the interval edges
 * above ASCII. 0 when memory runs out or there are too many edges. */
static int dfa_alphabet(re_prog *re, uint64_t **tests_out, uint32_t *ntest_out) {
    uint32_t n = re->ninst, nb = 1, ntest = 0;
    uint32_t nedge = 1 + 2 * n;
    for (uint32_t i = 0; i < re->ncls; i++) nedge += 2 * re->cls[i].n;
    uint32_t *bounds = malloc(nedge * sizeof(uint32_t));
    uint64_t *tests = *tests_out = malloc((n + re->ncls + 1) * sizeof(uint64_t));
    if (!bounds || !tests) { free(bounds); return 0; }
    bounds[0] = 0x80;
    for (uint32_t i = 0; i < re->ncls; i++) {
        const rclass *k = &re->cls[i];
        re->uses_cats |= k->cats != 0;
        for (uint32_t j = 0; j < k->n; j++) {
            uint32_t lo = re->ranges[2 * (k->first + j)], hi = re->ranges[2 * (k->first + j) + 1];
            if (hi < 0x80) continue;
            bounds[nb++] = lo < 0x80 ? 0x80 : lo;
            bounds[nb++] = hi + 1;
        }
        tests[ntest++] = (uint64_t)OP_CLASS << 32 | i;
    }
    for (uint32_t pc = 0; pc < n; pc++) {
        const inst *in = &re->prog[pc];
        if (in->op != OP_CHAR) continue;
        if ((uint32_t)in->x >= 0x80) { bounds[nb++] = (uint32_t)in->x; bounds[nb++] = (uint32_t)in->x + 1; }
        tests[ntest++] = (uint64_t)OP_CHAR << 32 | (uint32_t)in->x;
    }
    qsort(bounds, nb, sizeof(uint32_t), cmp_u32);
    uint32_t u = 0;
    for (uint32_t i = 0; i < nb; i++)
        if (bounds[i] <= 0x10FFFF && (u == 0 || bounds[i] != bounds[u - 1])) bounds[u++] = bounds[i];
    if (u > DFA_MAX_BOUNDS) { free(bounds); return 0; }
    re->bounds = bounds;
    re->nbounds = u;
    qsort(tests, ntest, sizeof(uint64_t), cmp_u64);
    u = 0;
    for (uint32_t i = 0; i < ntest; i++)
        if (u == 0 || tests[i] != tests[u - 1]) tests[u++] = tests[i];
    ntest = u;
    if (re->has_word) tests[ntest++] = (uint64_t)OP_MATCH << 32; /* stands for "is \w" */
    *ntest_out = ntest;
    return 1;
}

/* Partition refinement: inputs that no test tells apart share a symbol. Fills symcls[0..nin)
 * (zeroed by the caller) with each input's symbol; returns the number of symbols, 0 when there
 * would be more than 256 or memory runs out. */
static uint32_t dfa_symbols(const re_prog *re, const uint64_t *tests, uint32_t ntest, uint32_t ncat, uint32_t nin,
                            uint32_t *symcls) {
    uint16_t *map = malloc(2 * 256 * sizeof(uint16_t));
    uint32_t nsym = map ? 1 : 0;
    for (uint32_t t = 0; map && t < ntest; t++) {
        int op = (int)(tests[t] >> 32);
        uint32_t x = (uint32_t)tests[t], nn = 0;
        memset(map, 0xFF, 2 * nsym * sizeof(uint16_t));
        for (uint32_t i = 0; i < nin && nsym; i++) {
            sym s = input_sym(re, i, ncat);
            int in = op == OP_CHAR ? s.cp == x : op == OP_CLASS ? class_has(re, &re->cls[x], &s) : is_word(s.cp);
            uint16_t *slot = &map[2 * symcls[i] + (uint32_t)in];
            if (*slot == 0xFFFF) {
                if (nn == 256) nsym = 0;
                else *slot = (uint16_t)nn++;
            }
            symcls[i] = *slot;
        }
        if (!nsym) break;
        nsym = nn;
    }
    free(map);
    return nsym;
}

/* Builds the states breadth-first (a state is a sorted thread list plus context flags) into
 * re->trans and re->accept_end, sized for d->maxst states; `rep` holds an input of each symbol.
 * 0 if not even the start state could be made. */
static int dfa_states(re_prog *re, dfa_build *d, const uint32_t *rep, uint32_t ncat) {
    uint32_t A = re->nalpha;
    next_gen(&d->m);
    d->nxt.n = 0;
    add(&d->m, &d->nxt, 0);
    if (intern(d, AT_START) == NONE) return 0;
    uint64_t work = 0;
    for (uint32_t s = 0; s < d->nst; s++) {
        uint16_t *row = re->trans + (size_t)s * A;
        if (work > DFA_WORK) { /* out of budget: this state hands over to the NFA */
            for (uint32_t k = 0; k < A; k++) row[k] = DFA_FALLBACK;
            re->accept_end[s] = 2;
            continue;
        }
        for (uint32_t k = 0; k < A; k++) {
            sym sy = input_sym(re, rep[k], ncat);
            unsigned nw = is_word(sy.cp) ? NEXT_WORD : 0;
            load(d, s);
            if (d->cur.asserts) resolve(&d->m, &d->cur, d->st[s].flags | nw);
            work += d->cur.n + 1;
            if (d->cur.match) { row[k] = DFA_ACCEPT; continue; }
            consume(&d->m, &d->cur, &d->nxt, &sy);
            work += d->nxt.n;
            if (!d->nxt.n) { row[k] = DFA_DEAD; continue; }
            uint32_t t = intern(d, re->has_word && nw ? PREV_WORD : 0);
            row[k] = t == NONE ? DFA_FALLBACK : (uint16_t)(t * A);
        }
        load(d, s);
        resolve(&d->m, &d->cur, d->st[s].flags | AT_END);
        re->accept_end[s] = d->cur.match;
    }
    /* Keep only the rows that were used. */
    uint16_t *t = realloc(re->trans, (size_t)d->nst * A * sizeof(uint16_t));
    uint8_t *ae = realloc(re->accept_end, d->nst);
    if (t) re->trans = t;
    if (ae) re->accept_end = ae;
    return 1;
}

/* Builds re's DFA if the pattern suits one. The DFA is only a speed-up: when the program is too
 * big, the alphabet too wide, a cap is hit or memory runs out, what was not built falls back to
 * the NFA (re->trans stays NULL, or the transition says DFA_FALLBACK). */
static void dfa_build_all(re_prog *re, nfa *m, uint32_t *lists) {
    uint32_t n = re->ninst, ntest = 0, nin = 0;
    uint32_t *symcls = NULL, *rep = NULL;
    uint64_t *tests = NULL;
    dfa_build d = {*m, {lists, 0, 0, 0}, {lists + n, 0, 0, 0}, NULL, 0, 0, NULL, 0, 0, NULL, DFA_HASH - 1};
    if (n > DFA_MAX_INST) return;
    if (!dfa_alphabet(re, &tests, &ntest)) goto done;
    uint32_t ncat = re->uses_cats ? UNI_GC_COUNT : 1;
    nin = 128 + re->nbounds * ncat + 1;
    if ((uint64_t)nin * ntest > 300000) goto done; /* bounds compile time */
    symcls = calloc(nin, sizeof(uint32_t));
    rep = malloc(256 * sizeof(uint32_t));
    if (!symcls || !rep) goto done;
    uint32_t A = dfa_symbols(re, tests, ntest, ncat, nin, symcls);
    if (!A) goto done;
    for (uint32_t i = nin; i-- > 0;) rep[symcls[i]] = i;

    d.maxst = RE_DFA_STATES < DFA_MAX_CELLS / A ? RE_DFA_STATES : DFA_MAX_CELLS / A;
    d.st = malloc(d.maxst * sizeof(dstate));
    d.hash = calloc(d.hmask + 1, sizeof(uint32_t));
    re->nmap = malloc((nin - 129) * sizeof(uint16_t));
    re->trans = malloc((size_t)d.maxst * A * sizeof(uint16_t));
    re->accept_end = malloc(d.maxst);
    if (!re->nmap || !d.st || !d.hash || !re->trans || !re->accept_end) goto done;
    re->nalpha = A;
    for (uint32_t i = 0; i < 128; i++) re->amap[i] = (uint8_t)symcls[i];
    for (uint32_t i = 128; i < nin - 1; i++) re->nmap[i - 128] = (uint16_t)symcls[i];
    re->inv_sym = (uint16_t)symcls[nin - 1];
    if (dfa_states(re, &d, rep, ncat)) d.maxst = 0; /* built */
done:
    if (d.maxst) { /* not built: drop what was allocated */
        free(re->trans);
        free(re->nmap);
        re->trans = NULL;
        re->nmap = NULL;
    }
    free(tests);
    free(symcls);
    free(rep);
    free(d.st);
    free(d.pool);
    free(d.hash);
}

/* Runs the DFA; returns 1 / 0, or -2 when it reaches a transition it did not build. */
static int dfa_run(const re_prog *re, const unsigned char *s, size_t len) {
    const uint16_t *trans = re->trans;
    uint32_t st = 0;
    size_t i = 0;
    while (i < len) {
        unsigned b = s[i], k;
        if (b < 0x80) {
            k = re->amap[b];
            i++;
        } else {
            uint32_t cp;
            i += uni_utf8_decode(s + i, len - i, &cp);
            if (cp == CP_INVALID) {
                k = re->inv_sym;
            } else {
                size_t lo = 0, hi = re->nbounds; /* last interval start <= cp */
                while (hi - lo > 1) {
                    size_t mid = (lo + hi) / 2;
                    if (re->bounds[mid] <= cp) lo = mid; else hi = mid;
                }
                k = re->nmap[re->uses_cats ? lo * UNI_GC_COUNT + uni_category(cp) : lo];
            }
        }
        uint32_t t = trans[st + k];
        if (t >= DFA_FALLBACK) return t == DFA_ACCEPT ? 1 : t == DFA_DEAD ? 0 : -2;
        st = t;
    }
    int end = re->accept_end[st / re->nalpha];
    return end == 2 ? -2 : end;
}

/* ---- Public API --------------------------------------------------------------------------- */

void re_free(re_prog *re) {
    if (!re) return;
    free(re->prog);
    free(re->cls);
    free(re->ranges);
    free(re->trans);
    free(re->accept_end);
    free(re->bounds);
    free(re->nmap);
    free(re);
}

re_prog *re_compile(const char *pattern, size_t len, hub_error *err) {
    hub_error scratch;
    if (!err) err = &scratch;
    memset(err, 0, sizeof *err);
    comp *c = calloc(1, sizeof *c);
    re_prog *re = calloc(1, sizeof *re);
    uint32_t *work = NULL;
    if (!c || !re) {
        err->code = HUB_ERR_NOMEM;
        err->message = "out of memory";
        goto fail;
    }
    c->p = (const unsigned char *)(pattern ? pattern : "");
    c->len = pattern ? len : 0;
    c->err = err;
    memset(c->stdcls, 0xFF, sizeof c->stdcls);
    /* Syntax first (ECMA-262's grammar and early errors), then what this engine cannot run. */
    if (!ecma_regex_check(pattern, len, err) || parse(c)) goto fail;

    re->prog = c->prog;
    re->cls = c->cls;
    re->ranges = c->rng;
    re->ninst = c->n;
    re->ncls = c->ncls;
    c->prog = NULL;
    c->cls = NULL;
    c->rng = NULL;
    for (uint32_t pc = 0; pc < re->ninst; pc++)
        re->has_word |= re->prog[pc].op == OP_WORDB || re->prog[pc].op == OP_NWORDB;

    /* Anchored: every thread at the start waits on ^, so none can start later. */
    work = calloc((size_t)re->ninst * 4, sizeof(uint32_t));
    if (!work) {
        fail(c, HUB_ERR_NOMEM, "out of memory", 0);
        goto fail;
    }
    nfa m = {re, work, work + re->ninst, 1};
    list l = {work + 2 * (size_t)re->ninst, 0, 0, 0};
    add(&m, &l, 0);
    re->anchored = 1;
    for (uint32_t i = 0; i < l.n; i++) re->anchored &= re->prog[l.pc[i]].op == OP_BOL;
    dfa_build_all(re, &m, work + 2 * (size_t)re->ninst);
    free(work);
    free(c->tmp);
    free(c);
    return re;
fail:
    free(work);
    if (c) {
        free(c->prog);
        free(c->cls);
        free(c->rng);
        free(c->tmp);
        free(c);
    }
    re_free(re);
    return NULL;
}

int re_test(const re_prog *re, const char *subject, size_t len) {
    const unsigned char *s = (const unsigned char *)(subject ? subject : "");
    if (!subject) len = 0;
    if (re->trans) {
        int r = dfa_run(re, s, len);
        if (r != -2) return r;
    }
    return nfa_run(re, s, len);
}

int re_decided_by_dfa(const re_prog *re, const char *subject, size_t len) {
    const unsigned char *s = (const unsigned char *)(subject ? subject : "");
    return re->trans && dfa_run(re, s, subject ? len : 0) != -2;
}
