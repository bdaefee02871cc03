/* decimal.c — exact decimals for multipleOf: 0.3 is a multiple of 0.1. */
#include "decimal.h"

#include <math.h>

void decimal_parse(decimal_t *d, const char *tok, double value) {
    uint64_t m = 0;
    int64_t e = 0;
    int sig = 0, exact = 1;
    const char *p = tok;
    if (*p == '-') p++;
    for (; *p >= '0' && *p <= '9'; p++) {
        if (sig == 0 && *p == '0') continue;
        if (sig >= 19) { exact = 0; e++; continue; }
        m = m * 10 + (uint64_t)(*p - '0');
        sig++;
    }
    if (*p == '.') {
        for (p++; *p >= '0' && *p <= '9'; p++) {
            if (sig == 0 && *p == '0') { e--; continue; }
            if (sig >= 19) { if (*p != '0') exact = 0; continue; }
            m = m * 10 + (uint64_t)(*p - '0');
            sig++;
            e--;
        }
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        int neg = *p == '-';
        if (*p == '-' || *p == '+') p++;
        int64_t x = 0;
        for (; *p >= '0' && *p <= '9'; p++)
            if (x < 1000000000) x = x * 10 + (*p - '0');
        e += neg ? -x : x;
    }
    while (m && m % 10 == 0) { m /= 10; e++; }
    d->m = m;
    d->e = m ? e : 0;
    d->exact = exact;
    d->d = value;
}

/* WebAssembly has no 128-bit division: it would pull in compiler-rt's __umodti3 (which Debian's
 * wasm32-wasi build of it links against a missing stack protector), so use the loop there. */
#if defined(__SIZEOF_INT128__) && !defined(__wasm__)
__extension__ typedef unsigned __int128 u128;
static uint64_t mulmod(uint64_t a, uint64_t b, uint64_t m) { return (uint64_t)((u128)a * b % m); }
#else
static uint64_t mulmod(uint64_t a, uint64_t b, uint64_t m) {
    uint64_t r = 0;
    a %= m;
    for (; b; b >>= 1) {
        if (b & 1) r = r >= m - a ? r - (m - a) : r + a;
        a = a >= m - a ? a - (m - a) : a + a;
    }
    return r;
}
#endif

static uint64_t pow10mod(int64_t g, uint64_t m) {
    uint64_t r = 1 % m, b = 10 % m;
    for (; g > 0; g >>= 1) {
        if (g & 1) r = mulmod(r, b, m);
        b = mulmod(b, b, m);
    }
    return r;
}

int decimal_is_multiple(const cJSON *x, const decimal_t *dv) {
    double xd = x->valuedouble;
    if (dv->exact && dv->e >= 0 && dv->e < 16 && fabs(xd) < 9007199254740992.0 && floor(xd) == xd) {
        uint64_t div = dv->m;
        for (int64_t k = 0; k < dv->e; k++) div *= 10;
        if (div < 9007199254740992ull) return (uint64_t)fabs(xd) % div == 0;
    }
    if (x->valuestring && dv->exact) {
        decimal_t xv;
        decimal_parse(&xv, x->valuestring, xd);
        if (xv.exact) {
            if (xv.m == 0) return 1;
            if (xv.e >= dv->e) return mulmod(xv.m % dv->m, pow10mod(xv.e - dv->e, dv->m), dv->m) == 0;
            int64_t g = dv->e - xv.e;
            if (g > 19) return 0;
            uint64_t big = dv->m;
            for (int64_t k = 0; k < g; k++) {
                if (big > UINT64_MAX / 10) return 0;
                big *= 10;
            }
            return xv.m % big == 0;
        }
    }
    double q = xd / dv->d;
    return isfinite(q) && floor(q) == q;
}
