/* test_fold_tables.c — the packed fold table (scripts/gen-fold.mjs): what fold.c unpacks is,
 * word for word, the rows the generator checked against every code point (their FNV-1a 64
 * digest), and a few foldings that need the runs. */
#include <string.h>

#include "check.h"
#include "fold.h"

static void fold_is(const char *in, const char *want) {
    buf_t b = { 0 };
    fold_text(&b, in, strlen(in));
    CHECK(b.len == strlen(want) && (b.len == 0 || memcmp(b.data, want, b.len) == 0));
    buf_free(&b);
}

int main(void) {
    fold_is("\xc3\x89tude", "etude");                           /* É: a kind-2 run (to one code point) */
    fold_is("\xce\xa3\xce\x9f\xce\xa6\xce\x99\xce\x91", "\xcf\x83\xce\xbf\xcf\x86\xce\xb9\xce\xb1"); /* Greek capitals: a delta run */
    fold_is("\xc4\x80\xc4\x82", "aa");                          /* Ā Ă: stride 2 */
    fold_is("\xef\xbc\xa1", "\xef\xbd\x81");                    /* Ａ → ａ (fullwidth) */
    fold_is("STRA\xc3\x9f" "E", "strasse");                      /* ß: several code points */
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < fold_runs_count; i++)
        for (int w = 0; w < 2; w++)
            for (int k = 0; k < 4; k++) {
                h ^= (fold_runs[i][w] >> (8 * k)) & 0xFF;
                h *= 0x100000001b3u;
            }
    CHECK(h == fold_runs_digest);
    CHECK(fold_runs_count > 1000);
    return check_summary("test_fold_tables");
}
