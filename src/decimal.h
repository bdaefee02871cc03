/* decimal.h — internal: exact decimals m × 10^e, so multipleOf is exact on decimal tokens. */
#ifndef DECIMAL_H
#define DECIMAL_H

#include <stdint.h>

#include "cJSON.h"

/* An exact decimal m × 10^e, for multipleOf. `exact` is 0 when the token has more
 * significant digits than fit in 64 bits (then `d` is used). */
typedef struct decimal_t {
    uint64_t m;
    int64_t e;
    int exact;
    double d;
} decimal_t;

/* Parses a JSON number token into d (never fails on a token the parser accepted). */
void decimal_parse(decimal_t *d, const char *token, double value);
/* Is instance number `x` an integer multiple of `dv`? Exact on decimal tokens (0.3 is a multiple
 * of 0.1), falling back to floating point only for tokens of more than 19 significant digits. */
int decimal_is_multiple(const cJSON *x, const decimal_t *dv);

#endif
