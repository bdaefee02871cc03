/* fuzz_regex_syntax.c — libFuzzer target: the ECMA-262 syntax checker on any bytes, and its
 * agreement with the engine: the engine never runs a pattern the checker calls invalid, and a
 * pattern the checker calls invalid fails in the engine with the same error. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ecma_syntax.h"
#include "regex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    hub_error err, rerr;
    memset(&err, 0, sizeof err);
    int ok = ecma_regex_check((const char *)data, size, &err);
    if (ok != 0 && ok != 1) __builtin_trap();
    if (!ok && (!err.message || err.offset > size || err.code == HUB_OK)) __builtin_trap();
    re_prog *re = re_compile((const char *)data, size, &rerr);
    if (re && !ok) __builtin_trap();  /* the engine runs only valid ECMA-262 */
    if (!re && !ok && err.code != HUB_ERR_NOMEM &&
        (rerr.code != err.code || rerr.offset != err.offset || strcmp(rerr.message, err.message)))
        __builtin_trap();
    re_free(re);
    return 0;
}
