/* fold.h — internal: search folding, so the page query's `q` matches case- and
 * accent-insensitively. The folding of a text maps each code point once (the tables are fixed
 * points, see scripts/gen-fold.mjs): nonspacing marks (General_Category Mn) are dropped, every
 * other code point becomes its canonical decomposition without marks, case-folded (full case
 * folding: "Straße" and "STRASSE" fold alike, "É", "é" and "e\u0301" all to "e"). Hangul
 * syllables stay whole. Unicode 17.0. */
#ifndef FOLD_H
#define FOLD_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* The generated tables (src/fold_tables.c). fold_runs is filled from fold_runs_packed (three
 * varint columns starting at fold_runs_column[]) by fold.c at first use. */
extern uint32_t fold_runs[][2];
extern const size_t fold_runs_count;
extern const size_t fold_runs_column[3];
extern const unsigned char fold_runs_packed[];
extern const uint64_t fold_runs_digest;
extern const uint32_t fold_multi[][2];
extern const size_t fold_multi_count;
extern const uint32_t fold_multi_pool[];

/* Appends the folding of the UTF-8 text s[0..n) to `b` (bytes that are not UTF-8 are copied
 * as they are: domain inputs are valid UTF-8 already). */
void fold_text(buf_t *b, const char *s, size_t n);
/* 1 if the folded needle `nd` (`nn` bytes, nn > 0) occurs in the folding of s[0..n); `scratch`
 * is reused for that folding. */
int fold_contains(buf_t *scratch, const char *s, size_t n, const char *nd, size_t nn);

#endif
