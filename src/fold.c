/* fold.c — search folding (see fold.h): one table lookup per code point. */
#include <stdatomic.h>
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

static uint32_t varint(const unsigned char **p) {
    uint32_t v = 0;
    unsigned shift = 0;
    unsigned char b;
    do {
        b = *(*p)++;
        v |= (uint32_t)(b & 0x7F) << shift;
        shift += 7;
    } while (b & 0x80);
    return v;
}

/* Unpacks fold_runs from its three columns (see scripts/gen-fold.mjs). */
static void unpack_runs(void) {
    const unsigned char *gap = fold_runs_packed + fold_runs_column[0], *lk = fold_runs_packed + fold_runs_column[1],
                        *val = fold_runs_packed + fold_runs_column[2];
    uint32_t lo = 0, target = 0;
    for (size_t i = 0; i < fold_runs_count; i++) {
        lo += varint(&gap);
        uint32_t len_kind = varint(&lk), kind = len_kind & 3, z = varint(&val);
        uint32_t v = (z >> 1) ^ (0u - (z & 1)); /* zigzag: a signed delta, as unsigned wraps */
        if (kind == 2) v = target += v;
        fold_runs[i][0] = lo | (len_kind >> 2) << 21 | kind << 30;
        fold_runs[i][1] = v;
    }
}

/* fold_runs, unpacked once: the first caller unpacks, any other waits the microseconds it takes. */
static void runs_ready(void) {
    static atomic_int state; /* 0 packed, 1 unpacking, 2 ready */
    if (atomic_load_explicit(&state, memory_order_acquire) == 2) return;
    int expected = 0;
    if (atomic_compare_exchange_strong(&state, &expected, 1)) {
        unpack_runs();
        atomic_store_explicit(&state, 2, memory_order_release);
    } else {
        while (atomic_load_explicit(&state, memory_order_acquire) != 2) {
        }
    }
}

/* Appends the folding of one code point (runs_ready() called). */
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
    runs_ready();
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
