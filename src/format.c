/* format.c — the JSON Schema `format` checks: dates, e-mail, host names (IDNA2008), IPs, URIs, … */
#include "format.h"

#include <stdint.h>
#include <string.h>

#include "ecma_syntax.h"
#include "unicode.h"

/* ---- Names -------------------------------------------------------------------------------- */

static const char *const format_names[FMT_COUNT] = {
#define FMT_NAME_ROW(id, name) [FMT_##id] = name,
    FORMATS(FMT_NAME_ROW)
#undef FMT_NAME_ROW
};

format_id format_lookup(const char *name, size_t len) {
    for (int f = 1; name && f < FMT_COUNT; f++)
        if (strlen(format_names[f]) == len && memcmp(format_names[f], name, len) == 0)
            return (format_id)f;
    return FMT_UNKNOWN;
}

const char *format_name(format_id f) {
    return (unsigned)f < FMT_COUNT ? format_names[f] : "";
}

/* ---- Characters --------------------------------------------------------------------------- */

typedef const unsigned char *str_t;

static int is_digit(unsigned c) { return c - '0' < 10; }
static int is_alpha(unsigned c) { return (c | 0x20) - 'a' < 26; }
static int is_alnum(unsigned c) { return is_digit(c) || is_alpha(c); }
static int is_hex(unsigned c) { return is_digit(c) || (c | 0x20) - 'a' < 6; }
/* strchr would match the terminating NUL, so a NUL byte is never in a set. */
static int in_set(unsigned c, const char *set) { return c && strchr(set, (int)c) != NULL; }

/* The ASCII sets the hot checks scan with, one bit each (a table lookup instead of a strchr per
 * character: URIs and e-mail addresses are the formats instances use most). */
enum {
    C_ATEXT = 1,  /* atext other than letters and digits (RFC 5322): !#$%&'*+-/=?^_`{|}~ */
    C_SCHEME = 2, /* scheme characters other than letters and digits: +-. */
    C_END = 4,    /* what ends a URI's authority: /?# */
};
static const unsigned char char_sets[128] = {
    ['!'] = C_ATEXT, ['#'] = C_ATEXT | C_END, ['$'] = C_ATEXT, ['%'] = C_ATEXT, ['&'] = C_ATEXT,
    ['\''] = C_ATEXT, ['*'] = C_ATEXT, ['+'] = C_ATEXT | C_SCHEME, ['-'] = C_ATEXT | C_SCHEME,
    ['.'] = C_SCHEME, ['/'] = C_ATEXT | C_END, ['='] = C_ATEXT, ['?'] = C_ATEXT | C_END,
    ['^'] = C_ATEXT, ['_'] = C_ATEXT, ['`'] = C_ATEXT, ['{'] = C_ATEXT, ['|'] = C_ATEXT,
    ['}'] = C_ATEXT, ['~'] = C_ATEXT,
};
static int in_sets(unsigned c, unsigned sets) { return c < 128 && (char_sets[c] & sets); }

/* Returns the value of the `n` ASCII digits at s[i..], or -1 (a non-digit or the end). */
static long digits(str_t s, size_t len, size_t i, int n) {
    long v = 0;
    for (; n > 0; n--, i++) {
        if (i >= len || !is_digit(s[i])) return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* Returns the index past the run of ASCII digits starting at s[i]. */
static size_t skip_digits(str_t s, size_t len, size_t i) {
    while (i < len && is_digit(s[i])) i++;
    return i;
}

/* ---- Dates and times (RFC 3339 section 5.6 and Appendix A) -------------------------------- */

static int check_date(str_t s, size_t len) {
    static const unsigned char mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (len != 10 || s[4] != '-' || s[7] != '-') return 0;
    long y = digits(s, len, 0, 4), m = digits(s, len, 5, 2), d = digits(s, len, 8, 2);
    if (y < 0 || m < 1 || m > 12 || d < 1) return 0;
    int leap = m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0);
    return d <= mdays[m - 1] + leap;
}

/* full-time: partial-time time-offset; the offset is required. */
static int check_time(str_t s, size_t len) {
    if (len < 9 || s[2] != ':' || s[5] != ':') return 0;
    long h = digits(s, len, 0, 2), mi = digits(s, len, 3, 2), sec = digits(s, len, 6, 2);
    if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 60) return 0;
    size_t i = 8;
    if (s[i] == '.') {
        size_t j = ++i;
        if ((i = skip_digits(s, len, i)) == j) return 0;
    }
    long off = 0; /* minutes east of UTC */
    if (i < len && (s[i] | 0x20) == 'z') {
        i++;
    } else if (i < len && (s[i] == '+' || s[i] == '-')) {
        long oh = digits(s, len, i + 1, 2), om = digits(s, len, i + 4, 2);
        if (len - i != 6 || s[i + 3] != ':' || oh < 0 || oh > 23 || om < 0 || om > 59) return 0;
        off = (oh * 60 + om) * (s[i] == '-' ? -1 : 1);
        i += 6;
    } else {
        return 0;
    }
    if (i != len) return 0;
    /* A leap second exists only at 23:59:60 UTC; a local time carries it at its own offset. */
    return sec < 60 || ((h * 60 + mi - off) % 1440 + 1440) % 1440 == 23 * 60 + 59;
}

static int check_date_time(str_t s, size_t len) {
    return len > 11 && (s[10] | 0x20) == 't' && check_date(s, 10) &&
           check_time(s + 11, len - 11);
}

/* duration = "P" (dur-date / dur-time / dur-week): within the date part the units are a run of
 * consecutive letters of "YMD" (P1Y2D is not a duration), within the time part of "HMS". */
static int check_duration(str_t s, size_t len) {
    if (len < 2 || s[0] != 'P') return 0;
    const char *units = "YMD";
    int last = -1, any = 0;
    for (size_t i = 1; i < len;) {
        if (s[i] == 'T' && units[0] == 'Y') {
            units = "HMS";
            last = -1;
            if (++i == len) return 0;
            continue;
        }
        size_t j = i;
        i = skip_digits(s, len, i);
        if (i == j || i == len) return 0;
        if (s[i] == 'W' && !any && units[0] == 'Y') return i + 1 == len;
        const char *u = memchr(units, s[i], 3);
        if (!u || (last >= 0 && u - units != last + 1)) return 0;
        last = (int)(u - units);
        any = 1;
        i++;
    }
    return any;
}

/* ---- IP addresses ------------------------------------------------------------------------- */

/* Dotted-quad IPv4 (RFC 2673 section 3.2): four decimal octets, no leading zeros. */
static int check_ipv4(str_t s, size_t len) {
    size_t i = 0;
    for (int part = 0; part < 4; part++) {
        if (part && (i >= len || s[i++] != '.')) return 0;
        size_t j = i;
        i = skip_digits(s, len, i);
        if (i == j || i - j > 3 || (s[j] == '0' && i - j > 1) || digits(s, len, j, (int)(i - j)) > 255)
            return 0;
    }
    return i == len;
}

/* IPv6 text form (RFC 4291 section 2.2): at most one "::", an optional trailing IPv4. */
static int check_ipv6(str_t s, size_t len) {
    size_t i = 0, groups = 0;
    int elided = 0;
    if (len >= 2 && s[0] == ':' && s[1] == ':') {
        elided = 1;
        i = 2;
    }
    while (i < len) {
        size_t j = i;
        while (j < len && j - i < 5 && is_hex(s[j])) j++;
        if (j < len && s[j] == '.') {
            if (!check_ipv4(s + i, len - i)) return 0;
            groups += 2;
            break;
        }
        if (j == i || j - i > 4) return 0;
        groups++;
        if (j == len) break;
        if (s[j] != ':' || ++j == len) return 0;
        if (s[j] == ':') {
            if (elided) return 0;
            elided = 1;
            j++;
        }
        i = j;
    }
    return elided ? groups <= 7 : groups == 8;
}

/* ---- IDNA2008 host names (RFC 5890-5893) -------------------------------------------------- */

/* Generated by scripts/gen-idna.mjs (layout documented there). */
extern const unsigned char idna_runs[];
extern const uint32_t idna_checkpoints[];
extern const uint16_t idna_offsets[];
extern const unsigned idna_checkpoints_len;

#define LABEL_MAX 63

/* Bidi class groups (RFC 5893): the rule treats R and AL alike, and ES CS ET ON BN alike. */
enum { BIDI_L = 1, BIDI_R, BIDI_AN, BIDI_EN, BIDI_NSM, BIDI_ON, BIDI_OTHER };
enum { JT_L = 1, JT_R, JT_D, JT_T, JT_U };
enum { SCRIPT_GREEK = 1, SCRIPT_HEBREW, SCRIPT_KANA_HAN };

/* Resolved properties: the table value with its "by general category" defaults filled in. */
#define P_BIDI(p) ((p) >> 2 & 7)
#define P_SCRIPT(p) ((p) >> 5 & 3)
#define P_JT(p) ((p) >> 7 & 7)
#define P_VIRAMA 0x400u
#define P_PVALID 0x800u
#define P_MARK 0x1000u

/* Returns the generated 11-bit value of code point cp (<= U+10FFFF). */
static unsigned idna_value(uint32_t cp) {
    size_t lo = 0, hi = idna_checkpoints_len;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (idna_checkpoints[mid] <= cp) lo = mid;
        else hi = mid;
    }
    const unsigned char *p = idna_runs + idna_offsets[lo];
    for (uint32_t start = idna_checkpoints[lo];;) {
        unsigned v = p[0] | (unsigned)p[1] << 8;
        uint32_t n = 0;
        p += 2;
        for (unsigned shift = 0;; shift += 7) {
            n |= (uint32_t)(*p & 127) << shift;
            if (!(*p++ & 128)) break;
        }
        if (cp - start < n) return v;
        start += n;
    }
}

static unsigned idna_props(uint32_t cp) {
    unsigned v = cp <= 0x10ffff ? idna_value(cp) : 0;
    uni_gc gc = uni_category(cp);
    int mn = gc == UNI_GC_Mn, mark = mn || gc == UNI_GC_Mc || gc == UNI_GC_Me;
    int pvalid = (v & 3) ? (v & 3) == 2
                         : gc == UNI_GC_Ll || gc == UNI_GC_Lo || gc == UNI_GC_Nd || gc == UNI_GC_Lm ||
                               gc == UNI_GC_Mn || gc == UNI_GC_Mc;
    if (!P_BIDI(v)) v |= (mn ? BIDI_NSM : BIDI_L) << 2;
    if (!P_JT(v)) v |= (mn ? JT_T : JT_U) << 7;
    return v | (pvalid ? P_PVALID : 0) | (mark ? P_MARK : 0);
}

enum { LABEL_RTL = 1, LABEL_BIDI_OK = 2, LABEL_OK = 4 };

/* Checks the U-label c[0..m) (m >= 1, ASCII already lower-cased) by RFC 5891 section 5.4 with
 * RFC 5892. Returns LABEL_OK plus LABEL_RTL if the label has R, AL or AN characters and
 * LABEL_BIDI_OK if it satisfies the RFC 5893 Bidi rule; 0 if it is not a valid U-label. */
static unsigned label_check(const uint32_t *c, size_t m) {
    uint16_t p[LABEL_MAX];
    unsigned seen = 0, kinds = 0, last = 0; /* seen: 1 Kana/Han, 2 U+066x, 4 U+06Fx digits */
    for (size_t i = 0; i < m; i++) {
        p[i] = (uint16_t)idna_props(c[i]);
        if (P_SCRIPT(p[i]) == SCRIPT_KANA_HAN) seen |= 1;
        if (c[i] - 0x660 < 10) seen |= 2;
        if (c[i] - 0x6f0 < 10) seen |= 4;
        kinds |= 1u << P_BIDI(p[i]);
        if (P_BIDI(p[i]) != BIDI_NSM) last = P_BIDI(p[i]);
    }
    if (c[0] == '-' || c[m - 1] == '-' || (m >= 4 && c[2] == '-' && c[3] == '-') || (p[0] & P_MARK))
        return 0;
    for (size_t i = 0; i < m; i++) {
        uint32_t x = c[i];
        int ok;
        if (x == 0x200c || x == 0x200d) { /* RFC 5892 A.1, A.2 */
            ok = i > 0 && (p[i - 1] & P_VIRAMA);
            if (!ok && x == 0x200c) {
                size_t j = i, k = i + 1;
                while (j > 0 && P_JT(p[j - 1]) == JT_T) j--;
                while (k < m && P_JT(p[k]) == JT_T) k++;
                ok = j > 0 && (P_JT(p[j - 1]) == JT_L || P_JT(p[j - 1]) == JT_D) && k < m &&
                     (P_JT(p[k]) == JT_R || P_JT(p[k]) == JT_D);
            }
        } else if (x == 0xb7) { /* A.3 */
            ok = i > 0 && i + 1 < m && c[i - 1] == 'l' && c[i + 1] == 'l';
        } else if (x == 0x375) { /* A.4 */
            ok = i + 1 < m && P_SCRIPT(p[i + 1]) == SCRIPT_GREEK;
        } else if (x == 0x5f3 || x == 0x5f4) { /* A.5, A.6 */
            ok = i > 0 && P_SCRIPT(p[i - 1]) == SCRIPT_HEBREW;
        } else if (x == 0x30fb) { /* A.7 */
            ok = seen & 1;
        } else if (x - 0x660 < 10) { /* A.8 */
            ok = !(seen & 4);
        } else if (x - 0x6f0 < 10) { /* A.9 */
            ok = !(seen & 2);
        } else {
            ok = (p[i] & P_PVALID) != 0;
        }
        if (!ok) return 0;
    }
    /* RFC 5893 section 2, rules 1-6. */
    unsigned first = P_BIDI(p[0]), bidi_ok;
#define B(x) (1u << (x))
    if (first == BIDI_R)
        bidi_ok = !(kinds & ~(B(BIDI_R) | B(BIDI_AN) | B(BIDI_EN) | B(BIDI_ON) | B(BIDI_NSM))) &&
                  (last == BIDI_R || last == BIDI_EN || last == BIDI_AN) &&
                  (kinds & (B(BIDI_EN) | B(BIDI_AN))) != (B(BIDI_EN) | B(BIDI_AN));
    else
        bidi_ok = first == BIDI_L && !(kinds & ~(B(BIDI_L) | B(BIDI_EN) | B(BIDI_ON) | B(BIDI_NSM))) &&
                  (last == BIDI_L || last == BIDI_EN);
    return LABEL_OK | (kinds & (B(BIDI_R) | B(BIDI_AN)) ? LABEL_RTL : 0) |
           (bidi_ok ? LABEL_BIDI_OK : 0);
#undef B
}

/* Punycode (RFC 3492) parameters. */
enum { PUNY_BASE = 36, PUNY_TMIN = 1, PUNY_TMAX = 26, PUNY_SKEW = 38, PUNY_DAMP = 700 };

static uint32_t puny_adapt(uint32_t delta, uint32_t points, int first) {
    uint32_t k = 0;
    delta = first ? delta / PUNY_DAMP : delta / 2;
    delta += delta / points;
    for (; delta > (PUNY_BASE - PUNY_TMIN) * PUNY_TMAX / 2; k += PUNY_BASE)
        delta /= PUNY_BASE - PUNY_TMIN;
    return k + (PUNY_BASE - PUNY_TMIN + 1) * delta / (delta + PUNY_SKEW);
}

static uint32_t puny_threshold(uint32_t k, uint32_t bias) {
    return k <= bias ? PUNY_TMIN : k >= bias + PUNY_TMAX ? PUNY_TMAX : k - bias;
}

/* Decodes Punycode in[0..m) (lower-cased ASCII) into out[0..LABEL_MAX); returns the number of
 * code points, 0 if the input is not valid Punycode or decodes to more than LABEL_MAX. */
static size_t puny_decode(const uint32_t *in, size_t m, uint32_t *out) {
    size_t b = m, o, p;
    while (b > 0 && in[b - 1] != '-') b--; /* b: just past the last delimiter, or 0 */
    o = b ? b - 1 : 0;
    memcpy(out, in, o * sizeof *out);
    uint32_t n = 0x80, i = 0, bias = 72;
    for (p = b; p < m;) {
        uint32_t oldi = i, w = 1;
        for (uint32_t k = PUNY_BASE;; k += PUNY_BASE) {
            if (p >= m) return 0;
            uint32_t ch = in[p++];
            uint32_t d = ch - '0' < 10 ? ch - 22 : ch - 'a' < 26 ? ch - 'a' : PUNY_BASE;
            if (d >= PUNY_BASE || d > (UINT32_MAX - i) / w) return 0;
            i += d * w;
            uint32_t t = puny_threshold(k, bias);
            if (d < t) break;
            if (w > UINT32_MAX / (PUNY_BASE - t)) return 0;
            w *= PUNY_BASE - t;
        }
        if (o >= LABEL_MAX) return 0;
        bias = puny_adapt(i - oldi, (uint32_t)o + 1, oldi == 0);
        if (i / (o + 1) > 0x10ffff - n) return 0;
        n += i / (uint32_t)(o + 1);
        i %= (uint32_t)(o + 1);
        memmove(out + i + 1, out + i, (o - i) * sizeof *out);
        out[i++] = n;
        o++;
    }
    return o;
}

static unsigned char puny_digit(uint32_t d) { return (unsigned char)(d < 26 ? 'a' + d : d + 22); }

/* Punycode-encodes c[0..m) (code points <= U+10FFFF, ASCII lower-cased) into out[0..cap);
 * returns the length, 0 if it does not fit. */
static size_t puny_encode(const uint32_t *c, size_t m, unsigned char *out, size_t cap) {
    size_t o = 0, h, b, j;
    for (j = 0; j < m; j++)
        if (c[j] < 0x80) {
            if (o == cap) return 0;
            out[o++] = (unsigned char)c[j];
        }
    h = b = o;
    if (b) {
        if (o == cap) return 0;
        out[o++] = '-';
    }
    /* No overflow: delta stays below 0x110000 * (LABEL_MAX + 1) + LABEL_MAX. */
    uint32_t n = 0x80, delta = 0, bias = 72;
    while (h < m) {
        uint32_t next = UINT32_MAX;
        for (j = 0; j < m; j++)
            if (c[j] >= n && c[j] < next) next = c[j];
        delta += (next - n) * (uint32_t)(h + 1);
        n = next;
        for (j = 0; j < m; j++) {
            if (c[j] < n) delta++;
            if (c[j] != n) continue;
            uint32_t q = delta;
            for (uint32_t k = PUNY_BASE;; k += PUNY_BASE) {
                uint32_t t = puny_threshold(k, bias);
                if (q < t) break;
                if (o == cap) return 0;
                out[o++] = puny_digit(t + (q - t) % (PUNY_BASE - t));
                q = (q - t) / (PUNY_BASE - t);
            }
            if (o == cap) return 0;
            out[o++] = puny_digit(q);
            bias = puny_adapt(delta, (uint32_t)h + 1, h == b);
            delta = 0;
            h++;
        }
        delta++;
        n++;
    }
    return o;
}

enum { HOST_IDN = 1, HOST_IDN_DOTS = 2 };

/* A host name: labels of letters, digits and hyphens (RFC 1123), where an "xn--" label must be
 * a valid A-label (RFC 5891 section 5.4). With HOST_IDN labels may also be U-labels, and with
 * HOST_IDN_DOTS U+3002, U+FF0E and U+FF61 also separate labels (RFC 3490 section 3.1). The name
 * is at most 253 octets and each label at most 63 once in A-label form; if any label has
 * right-to-left characters, every label must satisfy the Bidi rule (RFC 5893 section 1.4). */
static int check_host(str_t s, size_t len, unsigned flags) {
    uint32_t c[LABEL_MAX], u[LABEL_MAX];
    unsigned char a[LABEL_MAX];
    size_t total = 0, i = 0;
    unsigned any_rtl = 0, all_bidi = LABEL_BIDI_OK;
    for (;;) {
        size_t m = 0, alen;
        int ascii = 1;
        while (i < len && s[i] != '.') {
            uint32_t x;
            size_t k = uni_utf8_decode(s + i, len - i, &x);
            if ((flags & HOST_IDN_DOTS) && (x == 0x3002 || x == 0xff0e || x == 0xff61)) break;
            if (x >= 0x80 && (!(flags & HOST_IDN) || x > 0x10ffff)) return 0;
            if (m == LABEL_MAX) return 0; /* its A-label would be longer than 63 octets too */
            ascii &= x < 0x80;
            c[m++] = x - 'A' < 26 ? x + 32 : x;
            i += k;
        }
        if (m == 0) return 0;
        unsigned f;
        if (!ascii) {
            alen = puny_encode(c, m, a, LABEL_MAX - 4) + 4;
            f = alen > 4 ? label_check(c, m) : 0;
        } else if (m >= 4 && c[0] == 'x' && c[1] == 'n' && c[2] == '-' && c[3] == '-') {
            size_t um = puny_decode(c + 4, m - 4, u), k;
            for (k = 0; k < um && u[k] < 0x80; k++) continue;
            /* An A-label decodes to something non-ASCII and is its U-label's only encoding. */
            if (k == um || puny_encode(u, um, a, LABEL_MAX) != m - 4) return 0;
            for (k = 0; k < m - 4; k++)
                if (a[k] != c[k + 4]) return 0;
            alen = m;
            f = label_check(u, um);
        } else {
            for (size_t k = 0; k < m; k++)
                if (!is_alnum(c[k]) && (c[k] != '-' || k == 0 || k == m - 1)) return 0;
            alen = m;
            /* Bidi rule for an LDH label: it starts with L (a letter) and, not ending in "-",
             * ends with L or EN; it never has R, AL or AN. */
            f = LABEL_OK | (is_alpha(c[0]) ? LABEL_BIDI_OK : 0);
        }
        if (!f) return 0;
        any_rtl |= f & LABEL_RTL;
        all_bidi &= f;
        total += alen;
        if (total > 253) return 0;
        if (i == len) break;
        i += s[i] == '.' ? 1 : 3; /* the ideographic full stops are 3 bytes in UTF-8 */
        total++;
    }
    return !any_rtl || all_bidi;
}

/* ---- E-mail addresses (RFC 5321 section 4.1.2, RFC 6531 section 3.3) ---------------------- */

/* Mailbox = Local-part "@" ( Domain / address-literal ); with `idn` any UTF-8 beyond ASCII is
 * also allowed in the local part and U-labels in the domain. */
static int check_email(str_t s, size_t len, int idn) {
    size_t i = 0;
    if (len > 254) return 0; /* the 256-octet path limit less its angle brackets */
    if (len && s[0] == '"') {
        for (i = 1;; i++) {
            if (i >= len) return 0;
            if (s[i] == '"') break;
            if (s[i] == '\\') {
                if (++i >= len || s[i] < 32 || s[i] > 126) return 0;
            } else if (s[i] >= 0x80) {
                uint32_t x;
                if (!idn) return 0;
                i += uni_utf8_decode(s + i, len - i, &x) - 1;
                if (x > 0x10ffff) return 0;
            } else if (s[i] < 32 || s[i] > 126) {
                return 0;
            }
        }
        i++;
    } else {
        int dot = 1; /* the previous character was a dot, or there is none: no dot may follow */
        for (; i < len && s[i] != '@'; i++) {
            if (s[i] == '.') {
                if (dot) return 0;
                dot = 1;
                continue;
            }
            dot = 0;
            if (s[i] >= 0x80) {
                uint32_t x;
                if (!idn) return 0;
                i += uni_utf8_decode(s + i, len - i, &x) - 1;
                if (x > 0x10ffff) return 0;
            } else if (!is_alnum(s[i]) && !in_sets(s[i], C_ATEXT)) {
                return 0;
            }
        }
        if (dot) return 0;
    }
    if (i > 64 || i >= len || s[i] != '@') return 0;
    str_t d = s + i + 1;
    size_t dlen = len - i - 1;
    if (dlen >= 2 && d[0] == '[' && d[dlen - 1] == ']') {
        if (dlen > 7 && (d[1] | 0x20) == 'i' && (d[2] | 0x20) == 'p' && (d[3] | 0x20) == 'v' &&
            d[4] == '6' && d[5] == ':')
            return check_ipv6(d + 6, dlen - 7);
        return check_ipv4(d + 1, dlen - 2);
    }
    return check_host(d, dlen, idn ? HOST_IDN : 0);
}

/* ---- URIs and IRIs (RFC 3986, RFC 3987) --------------------------------------------------- */

/* Which characters beyond unreserved, sub-delims and pct-encoded a URI component allows. */
enum { U_COLON = 1, U_AT = 2, U_SLASH = 4, U_QMARK = 8, U_IRI = 16, U_PRIVATE = 32 };
#define U_PATH (U_COLON | U_AT | U_SLASH)
#define U_QUERY (U_PATH | U_QMARK)
/* Which uri_span sets admit each ASCII character: U_ANY (unreserved and sub-delims) all of them,
 * ':' '@' '/' '?' only the set with their flag; '%' and the rest none. 16 a row, from 0x00. */
#define U_ANY 0x40
static const unsigned char uri_char[128] = {
       0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,
       0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,
       0, 0x40,    0,    0, 0x40,    0, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40,    4,
    0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40,    1, 0x40,    0, 0x40,    0,    8,
       2, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40,
    0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40,    0,    0,    0,    0, 0x40,
       0, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40,
    0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40,    0,    0,    0, 0x40,    0,
};

/* RFC 3987 ucschar, and iprivate when `priv`. */
static int is_ucschar(uint32_t c, int priv) {
    if (c < 0x10000)
        return (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xf900 && c <= 0xfdcf) ||
               (c >= 0xfdf0 && c <= 0xffef) || (priv && c >= 0xe000 && c <= 0xf8ff);
    if ((c & 0xffff) > 0xfffd || c > 0x10ffff) return 0;
    return c < 0xe0000 || (c < 0xf0000 ? c >= 0xe1000 : priv);
}

/* Returns the index of the first character from s[i] on that `set` does not allow (or len). */
static size_t uri_span(str_t s, size_t i, size_t len, unsigned set) {
    while (i < len) {
        unsigned ch = s[i];
        if (ch < 0x80 && (uri_char[ch] & (set | U_ANY))) {
            i++;
        } else if (ch == '%') {
            if (i + 2 >= len || !is_hex(s[i + 1]) || !is_hex(s[i + 2])) break;
            i += 3;
        } else if (ch >= 0x80) {
            uint32_t x;
            size_t k = uni_utf8_decode(s + i, len - i, &x);
            if (!(set & U_IRI) || !is_ucschar(x, set & U_PRIVATE)) break;
            i += k;
        } else {
            break;
        }
    }
    return i;
}

/* authority = [ userinfo "@" ] host [ ":" port ], in s[i..end). */
static int uri_authority(str_t s, size_t i, size_t end, unsigned iri) {
    str_t at = memchr(s + i, '@', end - i);
    if (at) {
        size_t u = (size_t)(at - s);
        if (uri_span(s, i, u, U_COLON | iri) != u) return 0;
        i = u + 1;
    }
    if (i < end && s[i] == '[') {
        str_t close = memchr(s + i, ']', end - i);
        if (!close) return 0;
        str_t lit = s + i + 1;
        size_t n = (size_t)(close - lit), k = 1;
        if (n && (lit[0] | 0x20) == 'v') { /* IPvFuture = "v" 1*HEXDIG "." 1*( ... ) */
            while (k < n && is_hex(lit[k])) k++;
            if (k == 1 || k + 1 >= n || lit[k] != '.') return 0;
            for (k++; k < n; k++)
                if (lit[k] >= 0x80 || !(uri_char[lit[k]] & (U_ANY | U_COLON))) return 0;
        } else if (!check_ipv6(lit, n)) {
            return 0;
        }
        i = (size_t)(close - s) + 1;
    } else {
        i = uri_span(s, i, end, iri);
    }
    if (i < end && s[i] == ':') i = skip_digits(s, end, i + 1);
    return i == end;
}

/* URI (or IRI with U_IRI in `iri`); a relative reference too when `relative`. */
static int check_uri(str_t s, size_t len, int relative, unsigned iri) {
    size_t i = 0, k = 0;
    if (len && is_alpha(s[0]))
        for (k = 1; k < len && (is_alnum(s[k]) || in_sets(s[k], C_SCHEME)); k++) continue;
    int scheme = k && k < len && s[k] == ':';
    if (scheme) i = k + 1;
    else if (!relative) return 0;
    if (len - i >= 2 && s[i] == '/' && s[i + 1] == '/') {
        size_t e = i + 2;
        while (e < len && !in_sets(s[e], C_END)) e++;
        if (!uri_authority(s, i + 2, e, iri)) return 0;
        i = e;
    } else if (!scheme) {
        /* path-noscheme: a colon in the first segment would make it a scheme */
        for (k = i; k < len && !in_sets(s[k], C_END); k++)
            if (s[k] == ':') return 0;
    }
    i = uri_span(s, i, len, U_PATH | iri);
    if (i < len && s[i] == '?') i = uri_span(s, i + 1, len, U_QUERY | iri | (iri ? U_PRIVATE : 0));
    if (i < len && s[i] == '#') i = uri_span(s, i + 1, len, U_QUERY | iri);
    return i == len;
}

/* URI Template (RFC 6570 section 2, level 4). Like the test suite (and RFC 6570 erratum 6937)
 * an apostrophe is a literal; the operators reserved for future extensions are rejected. */
static int check_uri_template(str_t s, size_t len) {
    for (size_t i = 0; i < len;) {
        unsigned ch = s[i];
        if (ch == '%') {
            if (i + 2 >= len || !is_hex(s[i + 1]) || !is_hex(s[i + 2])) return 0;
            i += 3;
        } else if (ch >= 0x80) {
            uint32_t x;
            i += uni_utf8_decode(s + i, len - i, &x);
            if (!is_ucschar(x, 1)) return 0;
        } else if (ch != '{') {
            if (ch <= ' ' || ch == 0x7f || in_set(ch, "\"<>\\^`|}")) return 0;
            i++;
        } else {
            if (++i < len && in_set(s[i], "+#./;?&")) i++;
            for (;;) { /* varspec = varname [ ":" max-length / "*" ] */
                size_t start = i; /* varname = varchar *( ["."] varchar ) */
                while (i < len) {
                    if (s[i] == '%' && i + 2 < len && is_hex(s[i + 1]) && is_hex(s[i + 2])) i += 3;
                    else if (is_alnum(s[i]) || s[i] == '_' || (s[i] == '.' && i > start && s[i - 1] != '.')) i++;
                    else break;
                }
                if (i == start || s[i - 1] == '.') return 0;
                if (i < len && s[i] == ':') {
                    size_t j = ++i;
                    i = skip_digits(s, len, i);
                    if (i == j || i - j > 4 || s[j] == '0') return 0;
                } else if (i < len && s[i] == '*') {
                    i++;
                }
                if (i >= len || s[i] != ',') break;
                i++;
            }
            if (i >= len || s[i] != '}') return 0;
            i++;
        }
    }
    return 1;
}

/* ---- JSON Pointers, UUIDs, ULIDs ---------------------------------------------------------- */

/* RFC 6901: "" or "/"-separated tokens in which "~" is always followed by "0" or "1". */
static int check_json_pointer(str_t s, size_t len) {
    if (len && s[0] != '/') return 0;
    for (size_t i = 0; i < len; i++)
        if (s[i] == '~' && (++i == len || (s[i] != '0' && s[i] != '1'))) return 0;
    return 1;
}

/* draft-bhutton-relative-json-pointer-00: non-negative-integer [ ("+" / "-") integer ]
 * followed by "#" or a JSON Pointer. */
static int check_relative_json_pointer(str_t s, size_t len) {
    size_t i = 0;
    for (int part = 0; part < 2; part++) {
        size_t j = i;
        i = j < len && s[j] == '0' ? j + 1 : skip_digits(s, len, j);
        if (i == j) return 0;
        if (part || i == len || (s[i] != '+' && s[i] != '-')) break;
        i++;
    }
    if (i < len && s[i] == '#') return i + 1 == len;
    return check_json_pointer(s + i, len - i);
}

/* RFC 4122 section 3: 8-4-4-4-12 hex digits, any case, any version and variant. */
static int check_uuid(str_t s, size_t len) {
    if (len != 36) return 0;
    for (size_t i = 0; i < 36; i++)
        if (i == 8 || i == 13 || i == 18 || i == 23 ? s[i] != '-' : !is_hex(s[i])) return 0;
    return 1;
}

/* ULID: 26 Crockford base-32 characters (no I, L, O, U; any case); the first is 0-7 since the
 * value has 128 bits. */
static int check_ulid(str_t s, size_t len) {
    if (len != 26 || (unsigned)s[0] - '0' > 7) return 0;
    for (size_t i = 1; i < 26; i++)
        if (!is_alnum(s[i]) || in_set(s[i] | 0x20, "ilou")) return 0;
    return 1;
}

/* ---- Dispatch ----------------------------------------------------------------------------- */

int format_check(format_id f, const char *str, size_t len) {
    str_t s = (str_t)str;
    if (!s) {
        if (len) return 0;
        s = (str_t) "";
    }
    switch (f) {
    case FMT_DATE_TIME: return check_date_time(s, len);
    case FMT_DATE: return check_date(s, len);
    case FMT_TIME: return check_time(s, len);
    case FMT_DURATION: return check_duration(s, len);
    case FMT_EMAIL: return check_email(s, len, 0);
    case FMT_IDN_EMAIL: return check_email(s, len, 1);
    case FMT_HOSTNAME: return check_host(s, len, 0);
    case FMT_IDN_HOSTNAME: return check_host(s, len, HOST_IDN | HOST_IDN_DOTS);
    case FMT_IPV4: return check_ipv4(s, len);
    case FMT_IPV6: return check_ipv6(s, len);
    case FMT_URI: return check_uri(s, len, 0, 0);
    case FMT_URI_REFERENCE: return check_uri(s, len, 1, 0);
    case FMT_IRI: return check_uri(s, len, 0, U_IRI);
    case FMT_IRI_REFERENCE: return check_uri(s, len, 1, U_IRI);
    case FMT_URI_TEMPLATE: return check_uri_template(s, len);
    case FMT_UUID: return check_uuid(s, len);
    case FMT_JSON_POINTER: return check_json_pointer(s, len);
    case FMT_RELATIVE_JSON_POINTER: return check_relative_json_pointer(s, len);
    case FMT_ULID: return check_ulid(s, len);
    case FMT_REGEX: /* ECMA-262 syntax (u flag), not what our linear-time engine can run */
        return ecma_regex_check(str ? str : "", len, NULL);
    default: return 1;
    }
}
