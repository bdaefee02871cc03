/* fuzz_regex.c — libFuzzer target: compile any pattern, test it on any subject, free it. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "regex.h"

/* The input is "pattern NUL subject", or split halfway when it holds no NUL. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const uint8_t *nul = memchr(data, 0, size);
    size_t plen = nul ? (size_t)(nul - data) : size / 2;
    const uint8_t *subject = data + plen + (nul != NULL);
    size_t slen = size - plen - (nul != NULL);
    hub_error err;
    re_prog *re = re_compile((const char *)data, plen, &err);
    if (!re) {
        /* A rejected pattern must say why and where. */
        if (!err.message || err.offset > plen || err.code == HUB_OK) __builtin_trap();
        return 0;
    }
    int r = re_test(re, (const char *)subject, slen);
    if (r < -1 || r > 1) __builtin_trap();
    re_free(re);
    return 0;
}
