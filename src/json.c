/* json.c — strict, non-recursive JSON parsing into arena-allocated cJSON trees, with exact errors. */
#include "json.h"
#include "unicode.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- cJSON allocator scope -------------------------------------------------------------------
 * cJSON's hooks are process-wide; they forward to the arena of the innermost open scope of this
 * thread. Outside any scope they are plain malloc/free. */

static _Thread_local arena_t *scope_arena;

static void *scope_malloc(size_t size) {
    return scope_arena ? arena_alloc(scope_arena, size) : malloc(size);
}

static void scope_free(void *p) {
    if (!scope_arena) free(p);
}

arena_t *json_scope_begin(arena_t *a) {
    static cJSON_Hooks hooks = { scope_malloc, scope_free };
    cJSON_InitHooks(&hooks); /* idempotent: always installs the same two functions */
    arena_t *previous = scope_arena;
    scope_arena = a;
    return previous;
}

void json_scope_end(arena_t *previous) { scope_arena = previous; }

/* ---- parser ------------------------------------------------------------------------------------
 * One pass over the bytes with an explicit stack of open containers. In build mode it creates the
 * cJSON nodes itself (cJSON's own parser is lenient about numbers, UTF-8 and surrogates, reports
 * no reason, and recurses); in check mode it creates nothing but the decoded member names, which
 * duplicate detection needs. */

typedef struct key_entry {
    const char *name;
    size_t len;
    uint32_t hash;
} key_entry;

typedef struct frame {
    cJSON *node;        /* the container (build mode) */
    cJSON *last;        /* its last child so far */
    size_t key_base;    /* first of its member names in the key stack */
    int32_t *table;     /* open-addressing index into the key stack, once the object is large */
    uint32_t table_cap;
    uint8_t is_object;
} frame;

typedef struct parser {
    const unsigned char *s;
    char *w;            /* a copy of the text in the arena, where decoded strings and number
                         * tokens end up in place (NUL-terminated over the byte after them) */
    size_t len, pos;
    arena_t *arena;
    hub_error *err;
    int build;
    int positions;      /* build mode: each node is followed by the offset where its value starts */
    frame *frames;
    size_t depth;
    key_entry *keys;
    size_t nkeys, keys_cap;
    char *scratch;      /* the string just decoded */
    size_t scratch_len;
    char *member;       /* the member name the next value takes (build mode) */
} parser;

/* Records an error at byte `at`; returns 0 so callers can `return fail_at(…)`. Cold and never
 * inlined: there are dozens of call sites, and none is on the fast path. */
__attribute__((cold, noinline)) static int fail_at(parser *p, hub_code code, const char *msg, size_t at) {
    err_at(p->err, code, msg, (const char *)p->s, p->len, at);
    return 0;
}

__attribute__((cold, noinline)) static int fail_nomem(parser *p) {
    err_set(p->err, HUB_ERR_NOMEM, "out of memory while parsing JSON");
    return 0;
}

static void skip_ws(parser *p) {
    while (p->pos < p->len) {
        unsigned char c = p->s[p->pos];
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t') break;
        p->pos++;
    }
}

static int hexval(unsigned char c) {
    if (c >= '0' && c <= '9') return c - '0';
    c |= 0x20;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

static int read_hex4(parser *p, size_t at, uint32_t *out) {
    if (at + 4 > p->len) return 0;
    uint32_t v = 0;
    for (size_t i = 0; i < 4; i++) {
        int h = hexval(p->s[at + i]);
        if (h < 0) return 0;
        v = v << 4 | (uint32_t)h;
    }
    *out = v;
    return 1;
}

/* Length of the valid UTF-8 sequence starting at s[i] (first byte >= 0x80), 0 if invalid: the
 * core's one UTF-8 validator, uni_utf8_decode (unicode.c), decides. */
static size_t utf8_seq(const unsigned char *s, size_t len, size_t i) {
    uint32_t cp;
    size_t n = uni_utf8_decode(s + i, len - i, &cp);
    return cp == 0xFFFFFFFFu ? 0 : n;
}

static size_t put_utf8(char *d, uint32_t cp) {
    if (cp < 0x80) { d[0] = (char)cp; return 1; }
    if (cp < 0x800) { d[0] = (char)(0xC0 | cp >> 6); d[1] = (char)(0x80 | (cp & 0x3F)); return 2; }
    if (cp < 0x10000) {
        d[0] = (char)(0xE0 | cp >> 12); d[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        d[2] = (char)(0x80 | (cp & 0x3F)); return 3;
    }
    d[0] = (char)(0xF0 | cp >> 18); d[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    d[2] = (char)(0x80 | (cp >> 6 & 0x3F)); d[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Bytes a string holds as they are: printable ASCII other than '"' and '\\'. */
static const unsigned char plain_byte[256] = { /* 32 bytes a row, from 0x00 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* The index of the first byte from s[j] on that is not plain (or len): eight bytes at a time
 * where the byte order allows, with the usual has-zero-byte tricks (the lowest flagged byte is
 * always exact; flags above it may be spurious, which is harmless). */
size_t json_scan_plain(const unsigned char *s, size_t j, size_t len) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    while (len - j >= 8) {
        uint64_t v;
        memcpy(&v, s + j, 8);
        uint64_t q = v ^ (ones * '"'), b = v ^ (ones * '\\');
        uint64_t special = ((q - ones) & ~q) | ((b - ones) & ~b) | ((v - ones * 0x20) & ~v) | v;
        special &= highs;
        if (special) return j + ((size_t)__builtin_ctzll(special) >> 3);
        j += 8;
    }
#endif
    while (j < len && plain_byte[s[j]]) j++;
    return j;
}

/* Reads the \\u escape at s[i] (the backslash), joining a surrogate pair: the code point in *cp
 * and the bytes used (6 or 12), or 0 with the error recorded. `member`: in a member name. */
static size_t read_u_escape(parser *p, size_t i, int member, uint32_t *cp) {
    const unsigned char *s = p->s;
    if (!read_hex4(p, i + 2, cp))
        return (size_t)fail_at(p, HUB_ERR_JSON_ESCAPE, "invalid \\u escape: expected 4 hex digits", i);
    size_t used = 6;
    if (*cp >= 0xDC00 && *cp <= 0xDFFF)
        return (size_t)fail_at(p, HUB_ERR_JSON_ESCAPE, "invalid \\u escape: lone low surrogate", i);
    if (*cp >= 0xD800 && *cp <= 0xDBFF) {
        uint32_t lo;
        if (i + 7 >= p->len || s[i + 6] != '\\' || s[i + 7] != 'u' || !read_hex4(p, i + 8, &lo) || lo < 0xDC00 ||
            lo > 0xDFFF)
            return (size_t)fail_at(p, HUB_ERR_JSON_ESCAPE,
                                   "invalid \\u escape: high surrogate not followed by a low surrogate", i);
        *cp = 0x10000 + ((*cp - 0xD800) << 10) + (lo - 0xDC00);
        used = 12;
    }
    /* A NUL inside a member name would make C (which ends names at NUL) and JS see different
     * keys: a validation bypass. Values keep it; their length is exact. */
    if (*cp == 0 && member) return (size_t)fail_at(p, HUB_ERR_JSON_ESCAPE, "member names must not contain \\u0000", i);
    return used;
}

/* Parses the string at p->pos (on the opening quote); `member` when it is a member name. When
 * `decode` is set, the decoded bytes go to p->scratch / p->scratch_len: NUL-terminated, in place
 * in the text's copy (decoding never lengthens a string, and the closing quote is past it). */
static int parse_string(parser *p, int decode, int member) {
    const unsigned char *s = p->s;
    size_t open = p->pos, i = p->pos + 1, len = p->len;
    /* Fast scan: the common string has no escapes and is ASCII. */
    size_t j = json_scan_plain(s, i, len);
    char *d = decode ? p->w + i : NULL;
    if (j < len && s[j] == '"') {
        if (decode) {
            d[j - i] = '\0';
            p->scratch = d;
            p->scratch_len = j - i;
        }
        p->pos = j + 1;
        return 1;
    }
    size_t n = j - i;
    i = j;
    for (;;) {
        if (i >= len) return fail_at(p, HUB_ERR_JSON_STRING, "unterminated string: no closing quote", open);
        unsigned char c = s[i];
        if (c == '"') break;
        if (c < 0x20) return fail_at(p, HUB_ERR_JSON_STRING, "control character in string must be escaped", i);
        if (c == '\\') {
            if (i + 1 >= len) return fail_at(p, HUB_ERR_JSON_STRING, "unterminated string: no closing quote", open);
            unsigned char e = s[i + 1];
            char out;
            switch (e) {
            case '"': out = '"'; break;
            case '\\': out = '\\'; break;
            case '/': out = '/'; break;
            case 'b': out = '\b'; break;
            case 'f': out = '\f'; break;
            case 'n': out = '\n'; break;
            case 'r': out = '\r'; break;
            case 't': out = '\t'; break;
            case 'u': {
                uint32_t cp = 0;
                size_t used = read_u_escape(p, i, member, &cp);
                if (!used) return 0;
                if (decode) n += put_utf8(d + n, cp);
                i += used;
                continue;
            }
            default:
                return fail_at(p, HUB_ERR_JSON_ESCAPE, "invalid escape sequence in string", i);
            }
            if (decode) d[n++] = out;
            i += 2;
            continue;
        }
        if (c >= 0x80) {
            size_t m = utf8_seq(s, len, i);
            if (!m) return fail_at(p, HUB_ERR_JSON_UTF8, "invalid UTF-8 byte sequence", i);
            if (decode) { memcpy(d + n, s + i, m); n += m; }
            i += m;
            continue;
        }
        if (decode) d[n++] = (char)c;
        i++;
    }
    if (decode) {
        d[n] = '\0';
        p->scratch = d;
        p->scratch_len = n;
    }
    p->pos = i + 1;
    return 1;
}

/* ---- decimal to double --------------------------------------------------------------------
 * Correctly rounded, without libc's strtod: musl's pulls in 128-bit soft-float arithmetic that
 * was 40% of the WebAssembly module. Common numbers take Clinger's exact fast path; the rest go
 * through a big decimal scaled by powers of two (the method of Go's strconv), which is slow but
 * exact and needs no tables. */

#define DEC_DIGITS 800 /* digits kept; beyond them only "something nonzero was dropped" counts */

typedef struct decimal {
    unsigned char d[DEC_DIGITS]; /* digit values 0..9, most significant first */
    int nd;                      /* digits used */
    int dp;                      /* decimal point position: value = 0.d[0]d[1]… × 10^dp */
    int trunc;                   /* nonzero digits were dropped past DEC_DIGITS */
} decimal;

static void dec_trim(decimal *a) {
    while (a->nd > 0 && a->d[a->nd - 1] == 0) a->nd--;
    if (a->nd == 0) a->dp = 0;
}

/* Multiplies by 2^k, k <= 60: digits right to left into a scratch array, then back. */
static void dec_left_shift(decimal *a, unsigned k) {
    unsigned char tmp[DEC_DIGITS + 20];
    int w = a->nd + 19; /* 2^60 adds at most 19 digits */
    uint64_t n = 0;
    for (int r = a->nd - 1; r >= 0; r--) {
        n += (uint64_t)a->d[r] << k;
        tmp[--w] = (unsigned char)(n % 10);
        n /= 10;
    }
    while (n > 0) {
        tmp[--w] = (unsigned char)(n % 10);
        n /= 10;
    }
    int nd = a->nd + 19 - w;
    a->dp += nd - a->nd;
    if (nd > DEC_DIGITS) {
        for (int i = DEC_DIGITS; i < nd; i++) a->trunc |= tmp[w + i] != 0;
        nd = DEC_DIGITS;
    }
    memcpy(a->d, tmp + w, (size_t)nd);
    a->nd = nd;
    dec_trim(a);
}

/* Divides by 2^k, k <= 60 (Go's rightShift). */
static void dec_right_shift(decimal *a, unsigned k) {
    int r = 0, w = 0;
    uint64_t n = 0, mask = ((uint64_t)1 << k) - 1;
    for (; n >> k == 0; r++) {
        if (r >= a->nd) {
            if (n == 0) { a->nd = 0; return; }
            while (n >> k == 0) { n *= 10; r++; }
            break;
        }
        n = n * 10 + a->d[r];
    }
    a->dp -= r - 1;
    for (; r < a->nd; r++) {
        uint64_t c = a->d[r];
        a->d[w++] = (unsigned char)(n >> k);
        n = (n & mask) * 10 + c;
    }
    while (n > 0) {
        uint64_t dig = n >> k;
        n &= mask;
        if (w < DEC_DIGITS) a->d[w++] = (unsigned char)dig;
        else if (dig > 0) a->trunc = 1;
        n *= 10;
    }
    a->nd = w;
    dec_trim(a);
}

static void dec_shift(decimal *a, int k) {
    if (a->nd == 0) return;
    for (; k > 60; k -= 60) dec_left_shift(a, 60);
    for (; k < -60; k += 60) dec_right_shift(a, 60);
    if (k > 0) dec_left_shift(a, (unsigned)k);
    else if (k < 0) dec_right_shift(a, (unsigned)-k);
}

/* The integer part, rounded half to even (a dropped nonzero tail breaks ties upward). */
static uint64_t dec_rounded_integer(const decimal *a) {
    uint64_t n = 0;
    int i = 0;
    for (; i < a->dp && i < a->nd; i++) n = n * 10 + a->d[i];
    for (; i < a->dp; i++) n *= 10;
    int up = 0;
    if (a->dp >= 0 && a->dp < a->nd) {
        if (a->d[a->dp] == 5 && a->dp + 1 == a->nd) up = a->trunc || (a->dp > 0 && (a->d[a->dp - 1] & 1));
        else up = a->d[a->dp] >= 5;
    }
    return n + (uint64_t)up;
}

/* The IEEE double nearest to the decimal (Go's decimal.floatBits for float64). */
static double dec_to_double(decimal *a, int neg) {
    static const unsigned char powtab[] = { 1, 3, 6, 9, 13, 16, 19, 23, 26 };
    const int bias = -1023;
    uint64_t mant = 0;
    int exp = bias;
    if (a->nd == 0 || a->dp < -330) goto out;
    if (a->dp > 310) goto overflow;
    exp = 0;
    while (a->dp > 0) {
        int n = a->dp >= (int)sizeof powtab ? 27 : powtab[a->dp];
        dec_shift(a, -n);
        exp += n;
    }
    while (a->dp < 0 || (a->dp == 0 && a->d[0] < 5)) {
        int n = -a->dp >= (int)sizeof powtab ? 27 : powtab[-a->dp];
        dec_shift(a, n);
        exp -= n;
    }
    exp--; /* [0.5, 1) to [1, 2) */
    if (exp < bias + 1) {
        dec_shift(a, -(bias + 1 - exp));
        exp = bias + 1;
    }
    if (exp - bias >= 0x7FF) goto overflow;
    dec_shift(a, 53);
    mant = dec_rounded_integer(a);
    if (mant == (uint64_t)2 << 52) {
        mant >>= 1;
        if (++exp - bias >= 0x7FF) goto overflow;
    }
    if (!(mant & ((uint64_t)1 << 52))) exp = bias; /* subnormal */
    goto out;
overflow:
    mant = 0;
    exp = 0x7FF + bias;
out:;
    uint64_t bits = (mant & (((uint64_t)1 << 52) - 1)) | (uint64_t)((exp - bias) & 0x7FF) << 52 |
                    (uint64_t)(neg != 0) << 63;
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}

/* Converts a JSON number token (already checked by the grammar) to the nearest double. */
static double number_value(const unsigned char *s, size_t n) {
    static const double pow10[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };
    size_t i = 0;
    int neg = s[0] == '-';
    i += (size_t)neg;
    uint64_t mant = 0;
    int digits = 0, dropped = 0; /* significant digits in mant; nonzero digits not in mant */
    long exp10 = 0;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
        if (digits < 19) { mant = mant * 10 + (s[i] - '0'); digits += mant != 0; }
        else { exp10++; dropped |= s[i] != '0'; }
    }
    if (i < n && s[i] == '.')
        for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
            if (digits < 19) { mant = mant * 10 + (s[i] - '0'); digits += mant != 0; exp10--; }
            else dropped |= s[i] != '0';
        }
    if (i < n) { /* exponent; capped so that absurd ones saturate instead of overflowing */
        int eneg = s[++i] == '-';
        i += s[i] == '-' || s[i] == '+';
        long e = 0;
        for (; i < n; i++) if (e < 100000) e = e * 10 + (s[i] - '0');
        exp10 += eneg ? -e : e;
    }
    /* Clinger: a mantissa below 2^53 and a power of ten that is exact make one rounding. */
    if (!dropped && mant < ((uint64_t)1 << 53) && exp10 >= -22 && exp10 <= 22) {
        double v = (double)mant;
        v = exp10 < 0 ? v / pow10[-exp10] : v * pow10[exp10];
        return neg ? -v : v;
    }
    decimal a;
    a.nd = 0;
    a.dp = 0;
    a.trunc = 0;
    long dp = 0;
    int seen_dot = 0;
    for (i = (size_t)neg; i < n && s[i] != 'e' && s[i] != 'E'; i++) {
        if (s[i] == '.') { seen_dot = 1; continue; }
        int c = s[i] - '0';
        if (c == 0 && a.nd == 0) { if (seen_dot) dp--; continue; } /* leading zeros */
        if (!seen_dot) dp++;
        if (a.nd < DEC_DIGITS) a.d[a.nd++] = (unsigned char)c;
        else a.trunc |= c != 0;
    }
    if (i < n) {
        int eneg = s[++i] == '-';
        i += s[i] == '-' || s[i] == '+';
        long x = 0;
        for (; i < n; i++) if (x < 100000) x = x * 10 + (s[i] - '0');
        dp += eneg ? -x : x;
    }
    if (dp > 100000) dp = 100000;
    if (dp < -100000) dp = -100000;
    a.dp = (int)dp;
    dec_trim(&a);
    return dec_to_double(&a, neg);
}

static int parse_number(parser *p, double *out) {
    const unsigned char *s = p->s;
    size_t start = p->pos, i = p->pos, len = p->len;
    if (s[i] == '-') i++;
    if (i >= len || s[i] < '0' || s[i] > '9')
        return fail_at(p, HUB_ERR_JSON_NUMBER, "invalid number: expected a digit", i);
    if (s[i] == '0') {
        i++;
        if (i < len && s[i] >= '0' && s[i] <= '9')
            return fail_at(p, HUB_ERR_JSON_NUMBER, "invalid number: leading zeros are not allowed", start);
    } else {
        while (i < len && s[i] >= '0' && s[i] <= '9') i++;
    }
    if (i < len && s[i] == '.') {
        i++;
        if (i >= len || s[i] < '0' || s[i] > '9')
            return fail_at(p, HUB_ERR_JSON_NUMBER, "invalid number: expected a digit after the decimal point", i);
        while (i < len && s[i] >= '0' && s[i] <= '9') i++;
    }
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-')) i++;
        if (i >= len || s[i] < '0' || s[i] > '9')
            return fail_at(p, HUB_ERR_JSON_NUMBER, "invalid number: expected a digit in the exponent", i);
        while (i < len && s[i] >= '0' && s[i] <= '9') i++;
    }
    p->pos = i;
    if (out) *out = number_value(s + start, i - start);
    return 1;
}

static uint32_t hash_bytes(const char *s, size_t n) {
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static int key_equal(const key_entry *k, const char *name, size_t len, uint32_t hash) {
    return k->hash == hash && k->len == len && memcmp(k->name, name, len) == 0;
}

/* Inserts index `idx` of the key stack into the frame's table (which has room). */
static void table_put(frame *f, const key_entry *keys, size_t idx) {
    uint32_t mask = f->table_cap - 1, h = keys[idx].hash & mask;
    while (f->table[h] >= 0) h = (h + 1) & mask;
    f->table[h] = (int32_t)idx;
}

/* A cheap filter for comparing the names of small objects: length and first and last byte (a
 * byte-serial hash of every name was a quarter of the parse). */
static uint32_t name_tag(const char *s, size_t n) {
    return n ? (uint32_t)n << 16 ^ (uint32_t)(unsigned char)s[0] << 8 ^ (unsigned char)s[n - 1] : 0;
}

/* Records the member name in p->scratch for the innermost object; fails on a duplicate.
 * Small objects compare linearly, filtered by name_tag; from 16 members on, a hash table keeps
 * it linear overall (each key_entry's `hash` is then the real hash). */
static int add_key(parser *p, frame *f, size_t at) {
    const char *name = p->scratch;
    size_t len = p->scratch_len, count = p->nkeys - f->key_base;
    uint32_t hash = f->table ? hash_bytes(name, len) : name_tag(name, len);
    if (f->table) {
        uint32_t mask = f->table_cap - 1, h = hash & mask;
        for (; f->table[h] >= 0; h = (h + 1) & mask)
            if (key_equal(&p->keys[f->table[h]], name, len, hash))
                return fail_at(p, HUB_ERR_JSON_DUPLICATE_KEY, "duplicate member name in object", at);
    } else {
        for (size_t k = f->key_base; k < p->nkeys; k++)
            if (key_equal(&p->keys[k], name, len, hash))
                return fail_at(p, HUB_ERR_JSON_DUPLICATE_KEY, "duplicate member name in object", at);
    }
    if (p->nkeys == p->keys_cap) {
        size_t cap = p->keys_cap ? p->keys_cap * 2 : 64;
        key_entry *k = arena_alloc(p->arena, cap * sizeof *k);
        if (!k) return fail_nomem(p);
        if (p->nkeys) memcpy(k, p->keys, p->nkeys * sizeof *k);
        p->keys = k;
        p->keys_cap = cap;
    }
    p->keys[p->nkeys] = (key_entry){ name, len, hash };
    p->nkeys++;
    count++;
    if (count >= 16 && (!f->table || count * 2 > f->table_cap)) {
        uint32_t cap = f->table ? f->table_cap * 2 : 64;
        int32_t *t = arena_alloc(p->arena, cap * sizeof *t);
        if (!t) return fail_nomem(p);
        memset(t, 0xFF, cap * sizeof *t);
        if (!f->table)
            for (size_t k = f->key_base; k < p->nkeys; k++) p->keys[k].hash = hash_bytes(p->keys[k].name, p->keys[k].len);
        f->table = t;
        f->table_cap = cap;
        for (size_t k = f->key_base; k < p->nkeys; k++) table_put(f, p->keys, k);
    } else if (f->table) {
        table_put(f, p->keys, p->nkeys - 1);
    }
    return 1;
}

/* In positions mode a node is allocated with room for its value's byte offset right after it
 * (arena allocations are 8-aligned and sizeof(cJSON) is a multiple of 8, as it holds a double). */
#define POS_SLOT(n) ((unsigned char *)(n) + sizeof(cJSON))

static cJSON *new_node(parser *p, int type, size_t at) {
    cJSON *n = arena_alloc(p->arena, p->positions ? sizeof *n + sizeof at : sizeof *n);
    if (!n) return NULL;
    memset(n, 0, sizeof *n);
    n->type = type;
    if (p->positions) memcpy(POS_SLOT(n), &at, sizeof at);
    return n;
}


static int literal(parser *p, const char *word, size_t n) {
    if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n) != 0)
        return fail_at(p, HUB_ERR_JSON_SYNTAX, "invalid literal: expected true, false or null", p->pos);
    p->pos += n;
    return 1;
}

/* What open_container says the parser expects next. */
enum { P_ERROR, P_VALUE, P_MEMBER, P_AFTER };

/* Build mode: the node for the value that starts with `c` at byte `at`, named by the pending
 * member name when its parent is an object; NULL on OOM. */
static cJSON *value_node(parser *p, unsigned char c, size_t at) {
    int type = c == '{' ? cJSON_Object : c == '[' ? cJSON_Array : c == '"' ? cJSON_String
             : c == 't' ? cJSON_True : c == 'f' ? cJSON_False : c == 'n' ? cJSON_NULL : cJSON_Number;
    cJSON *node = new_node(p, type, at);
    if (node && p->depth > 0 && p->frames[p->depth - 1].is_object) node->string = p->member;
    return node;
}

/* Parses the value at `at` that is not a container (its first byte `c`) into `node` (NULL in
 * check mode); 0 on error. */
static int parse_scalar(parser *p, unsigned char c, size_t at, cJSON *node) {
    switch (c) {
    case '"':
        if (!parse_string(p, p->build, 0)) return 0;
        if (node) {
            node->valuestring = p->scratch;
            node->valueint = (int)p->scratch_len; /* exact length: the text may hold \u0000 */
        }
        return 1;
    case 't': return literal(p, "true", 4);
    case 'f': return literal(p, "false", 5);
    case 'n': return literal(p, "null", 4);
    default: break;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
        double v;
        if (!parse_number(p, node ? &v : NULL)) return 0;
        if (node) {
            node->valuestring = p->w + at;
            p->w[p->pos] = '\0';
            node->valuedouble = v;
            node->valueint = v >= 2147483647.0 ? 2147483647 : v <= -2147483648.0 ? -2147483647 - 1 : (int)v;
        }
        return 1;
    }
    if (c == ']' || c == '}')
        return fail_at(p, HUB_ERR_JSON_SYNTAX, "trailing comma or missing value before closing bracket", at);
    if (c >= 0x80 && !utf8_seq(p->s, p->len, at))
        return fail_at(p, HUB_ERR_JSON_UTF8, "invalid UTF-8 byte sequence", at);
    return fail_at(p, HUB_ERR_JSON_SYNTAX, "unexpected character: expected a value", at);
}

/* Opens the container `node` (an object when `c` is '{') just past its bracket: P_MEMBER or
 * P_VALUE for its first member or item, P_AFTER when it was empty (and is closed again). */
static int open_container(parser *p, cJSON *node, unsigned char c) {
    if (p->depth % 64 == 0) {
        frame *nf = arena_alloc(p->arena, (p->depth + 64) * sizeof *nf);
        if (!nf) return fail_nomem(p);
        if (p->depth) memcpy(nf, p->frames, p->depth * sizeof *nf);
        p->frames = nf;
    }
    frame *f = &p->frames[p->depth++];
    memset(f, 0, sizeof *f);
    f->node = node;
    f->is_object = c == '{';
    f->key_base = p->nkeys;
    skip_ws(p);
    if (p->pos < p->len && p->s[p->pos] == (f->is_object ? '}' : ']')) {
        p->pos++; /* empty container: close it right away */
        p->nkeys = f->key_base;
        p->depth--;
        return P_AFTER;
    }
    return f->is_object ? P_MEMBER : P_VALUE;
}

/* A member name and its colon; the name waits in p->member for its value. 0 on error. */
static int member_name(parser *p) {
    frame *f = &p->frames[p->depth - 1];
    skip_ws(p);
    if (p->pos >= p->len)
        return fail_at(p, HUB_ERR_JSON_SYNTAX, "unexpected end of input: expected a member name", p->pos);
    if (p->s[p->pos] != '"')
        return fail_at(p, HUB_ERR_JSON_SYNTAX, p->s[p->pos] == '}' ? "trailing comma before '}'"
                                                                   : "expected a member name in double quotes", p->pos);
    size_t key_at = p->pos;
    if (!parse_string(p, 1, 1) || !add_key(p, f, key_at)) return 0;
    skip_ws(p);
    if (p->pos >= p->len || p->s[p->pos] != ':')
        return fail_at(p, HUB_ERR_JSON_SYNTAX, "expected ':' after a member name", p->pos);
    p->pos++;
    p->member = p->scratch;
    return 1;
}

/* The parser's steps are small functions, compiled back into the one loop of parse(): as calls
 * they cost 3% more instructions per parse (measured on the bench fixtures). */
#if defined(__GNUC__)
#define FLATTEN __attribute__((flatten))
#else
#define FLATTEN
#endif

/* Parses the whole text; returns 1 and the root in *out (NULL in check mode), or 0 on error. One
 * loop over the values, an explicit stack of open containers (no recursion). */
FLATTEN static int parse(parser *p, cJSON **out) {
    cJSON *root = NULL;
    skip_ws(p);
    if (p->pos >= p->len) return fail_at(p, HUB_ERR_JSON_EMPTY, "empty input: expected a JSON value", p->pos);
    for (;;) {
        /* Here a value is expected: parse it (or open a container). */
        skip_ws(p);
        if (p->pos >= p->len) return fail_at(p, HUB_ERR_JSON_SYNTAX, "unexpected end of input: expected a value", p->pos);
        size_t at = p->pos;
        unsigned char c = p->s[at];
        cJSON *node = NULL;
        if (p->build && !(node = value_node(p, c, at))) return fail_nomem(p);
        int opened = c == '{' || c == '[';
        if (opened) {
            if (p->depth >= HUB_JSON_MAX_DEPTH)
                return fail_at(p, HUB_ERR_JSON_DEPTH, "nesting deeper than " STRINGIFY(HUB_JSON_MAX_DEPTH) " levels", at);
            p->pos++;
        } else if (!parse_scalar(p, c, at, node)) {
            return 0;
        }
        /* Attach the value to its parent (the member name is already in p->scratch). */
        if (p->depth > 0) {
            if (node) json_append(p->frames[p->depth - 1].node, &p->frames[p->depth - 1].last, node);
        } else {
            root = node;
        }
        if (opened) {
            int next = open_container(p, node, c);
            if (next == P_ERROR) return 0;
            if (next == P_VALUE) continue;
            if (next == P_MEMBER) goto member;
        }
        /* After a value: a comma (next value or member), a closing bracket, or the end. */
        for (;;) {
            skip_ws(p);
            if (p->depth == 0) {
                if (p->pos < p->len) return fail_at(p, HUB_ERR_JSON_TRAILING, "unexpected data after the JSON value", p->pos);
                *out = root;
                return 1;
            }
            frame *f = &p->frames[p->depth - 1];
            if (p->pos >= p->len)
                return fail_at(p, HUB_ERR_JSON_SYNTAX, f->is_object ? "unexpected end of input: expected ',' or '}'"
                                                                    : "unexpected end of input: expected ',' or ']'", p->pos);
            unsigned char d = p->s[p->pos];
            if (d == ',') {
                p->pos++;
                if (f->is_object) goto member;
                break; /* next array element */
            }
            if (d != (f->is_object ? '}' : ']'))
                return fail_at(p, HUB_ERR_JSON_SYNTAX, f->is_object ? "expected ',' or '}' after an object member"
                                                                    : "expected ',' or ']' after an array element", p->pos);
            p->pos++;
            p->nkeys = f->key_base;
            p->depth--;
        }
        continue;
    member:
        if (!member_name(p)) return 0;
    }
}

static cJSON *run(arena_t *a, const char *text, size_t len, hub_error *err, int build, int positions) {
    if (!text && len) { err_set(err, HUB_ERR_ARGUMENT, "text is NULL"); return NULL; }
    if (len > HUB_JSON_MAX_BYTES) {
        err_set(err, HUB_ERR_JSON_TOO_LARGE, "JSON text larger than HUB_JSON_MAX_BYTES (" STRINGIFY(HUB_JSON_MAX_BYTES) " bytes)");
        return NULL;
    }
    parser p;
    memset(&p, 0, sizeof p);
    p.s = (const unsigned char *)(text ? text : "");
    p.len = len;
    p.arena = a;
    p.err = err;
    p.build = build;
    p.positions = build && positions;
    /* Member names are decoded in check mode too (duplicates are errors), so always copy. */
    p.w = arena_alloc(a, len + 1);
    if (!p.w) { err_set(err, HUB_ERR_NOMEM, "out of memory while parsing JSON"); return NULL; }
    memcpy(p.w, p.s, len);
    p.w[len] = '\0';
    cJSON *root = NULL;
    int ok = parse(&p, &root);
    if (ok && err) err_set(err, HUB_OK, "ok");
    return ok ? (build ? root : (cJSON *)1) : NULL;
}

cJSON *json_parse(arena_t *a, const char *text, size_t len, hub_error *err) {
    return run(a, text, len, err, 1, 0);
}

cJSON *json_parse_positions(arena_t *a, const char *text, size_t len, hub_error *err) {
    return run(a, text, len, err, 1, 1);
}

size_t json_offset(const cJSON *node) {
    size_t at;
    memcpy(&at, POS_SLOT(node), sizeof at);
    return at;
}

/* Whether the pointer token `tok` (`n` bytes, still escaped: ~0 is '~', ~1 is '/') spells the
 * member name `name` (member names hold no U+0000); -1 if the token has a bad escape. */
static int token_is(const char *tok, size_t n, const char *name) {
    for (size_t i = 0; i < n; i++, name++) {
        char c = tok[i];
        if (c == '~') {
            if (i + 1 >= n || (tok[i + 1] != '0' && tok[i + 1] != '1')) return -1;
            c = tok[++i] == '0' ? '~' : '/';
        }
        if (*name != c) return 0;
    }
    return *name == '\0';
}

const cJSON *json_pointer_get(const cJSON *root, const char *pointer, size_t len) {
    const cJSON *v = root;
    size_t i = 0;
    while (v && i < len) {
        if (pointer[i] != '/') return NULL;
        const char *tok = pointer + ++i;
        while (i < len && pointer[i] != '/') i++;
        size_t n = (size_t)(pointer + i - tok);
        if (cJSON_IsObject(v)) {
            const cJSON *m = v->child;
            for (int eq; m; m = m->next) {
                if ((eq = token_is(tok, n, m->string)) < 0) return NULL;
                if (eq) break;
            }
            v = m;
        } else if (cJSON_IsArray(v)) {
            if (n == 0 || n > 9 || (n > 1 && tok[0] == '0')) return NULL;
            size_t index = 0;
            for (size_t k = 0; k < n; k++) {
                if (tok[k] < '0' || tok[k] > '9') return NULL;
                index = index * 10 + (size_t)(tok[k] - '0');
            }
            for (v = v->child; v && index; index--) v = v->next;
        } else {
            return NULL;
        }
    }
    return v;
}

void json_line_column(const char *text, size_t len, size_t offset, size_t *line, size_t *column) {
    hub_error e;
    err_at(&e, HUB_OK, "", text, len, offset);
    *line = e.line;
    *column = e.column;
}

hub_code hub_json_check(const char *text, size_t len, hub_error *err) {
    hub_error local;
    if (!err) err = &local;
    arena_t *a = arena_new(len < 4096 ? 4096 : len / 4);
    if (!a) { err_set(err, HUB_ERR_NOMEM, "out of memory"); return HUB_ERR_NOMEM; }
    hub_code code = run(a, text, len, err, 0, 0) ? HUB_OK : err->code;
    arena_free(a);
    return code;
}
