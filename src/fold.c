/* fold.c — search folding (see fold.h): one table lookup per code point. */
#include <string.h>

#include "fold.h"
#include "unicode.h"

static void put_cp(buf_t *b, uint32_t cp) {
    char u[4];
    size_t n;
    if (cp < 0x80) u[0] = (char)cp, n = 1;
    else if (cp < 0x800) u[0] = (char)(0xC0 | cp >> 6), u[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
    else if (cp < 0x10000)
        u[0] = (char)(0xE0 | cp >> 12), u[1] = (char)(0x80 | (cp >> 6 & 0x3F)), u[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
    else
        u[0] = (char)(0xF0 | cp >> 18), u[1] = (char)(0x80 | (cp >> 12 & 0x3F)), u[2] = (char)(0x80 | (cp >> 6 & 0x3F)),
        u[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
    buf_put(b, u, n);
}

/* The last row of `rows` (sorted by the low 21 bits of column 0) starting at or before cp, or -1. */
static long find(const uint32_t (*rows)[2], size_t n, uint32_t cp) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if ((rows[mid][0] & 0x1FFFFFu) <= cp) lo = mid + 1;
        else hi = mid;
    }
    return (long)lo - 1;
}

/* Appends the folding of one code point. */
static void fold_cp(buf_t *b, uint32_t cp) {
    long r = find(fold_runs, fold_runs_count, cp);
    if (r >= 0) {
        uint32_t head = fold_runs[r][0], lo = head & 0x1FFFFFu, len = (head >> 21 & 0x1FFu) + 1, kind = head >> 30;
        uint32_t stride = kind == 1 ? 2 : 1, k = cp - lo;
        if (k % stride == 0 && k / stride < len) {
            put_cp(b, kind == 2 ? fold_runs[r][1] : cp + fold_runs[r][1]); /* unsigned wrap adds a negative delta */
            return;
        }
    }
    long m = find(fold_multi, fold_multi_count, cp);
    if (m >= 0 && fold_multi[m][0] == cp) {
        for (uint32_t i = 0, at = fold_multi[m][1] >> 8; i < (fold_multi[m][1] & 0xFFu); i++) put_cp(b, fold_multi_pool[at + i]);
        return;
    }
    if (cp < 0x80 || uni_category(cp) != UNI_GC_Mn) put_cp(b, cp);
}

void fold_text(buf_t *b, const char *s, size_t n) {
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        if (p[i] < 0x80 && !(p[i] >= 'A' && p[i] <= 'Z')) { /* ASCII other than capitals folds to itself */
            size_t j = i + 1;
            while (j < n && p[j] < 0x80 && !(p[j] >= 'A' && p[j] <= 'Z')) j++;
            buf_put(b, s + i, j - i);
            i = j;
            continue;
        }
        uint32_t cp;
        size_t k = uni_utf8_decode(p + i, n - i, &cp);
        if (cp == 0xFFFFFFFFu) buf_put(b, s + i, k);
        else fold_cp(b, cp);
        i += k;
    }
}

int fold_contains(buf_t *scratch, const char *s, size_t n, const char *nd, size_t nn) {
    buf_clear(scratch);
    fold_text(scratch, s, n);
    if (scratch->failed || scratch->len < nn) return 0;
    const char *h = scratch->data, *end = h + scratch->len - nn;
    for (const char *at = h; at <= end; at++) {
        at = memchr(at, nd[0], (size_t)(end - at) + 1);
        if (!at) return 0;
        if (memcmp(at, nd, nn) == 0) return 1;
    }
    return 0;
}
