/* fuzz_format.c — libFuzzer target for the format checks: the first byte picks the format, the rest is the string. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "format.h"

/* Besides "no crash, no sanitizer report", checks the inclusions between formats that must hold
 * for every string (each ASCII host name is an IDN host name, each URI an IRI, …). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) return 0;
    format_id f = (format_id)(data[0] % FMT_COUNT);
    const char *s = (const char *)data + 1; /* libFuzzer's buffer ends exactly at data + size */
    size_t len = size - 1;
    int r = format_check(f, s, len);
    if (r != 0 && r != 1) abort();
    if (!r) return 0;
    switch (f) {
    case FMT_HOSTNAME:
        if (!format_check(FMT_IDN_HOSTNAME, s, len)) abort();
        break;
    case FMT_EMAIL:
        if (!format_check(FMT_IDN_EMAIL, s, len)) abort();
        break;
    case FMT_URI:
        if (!format_check(FMT_URI_REFERENCE, s, len) || !format_check(FMT_IRI, s, len))
            abort();
        break;
    case FMT_URI_REFERENCE:
    case FMT_IRI:
        if (!format_check(FMT_IRI_REFERENCE, s, len)) abort();
        break;
    case FMT_DATE_TIME:
        if (!format_check(FMT_DATE, s, 10) || !format_check(FMT_TIME, s + 11, len - 11))
            abort();
        break;
    default:
        break;
    }
    return 0;
}
