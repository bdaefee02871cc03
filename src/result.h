/* result.h — internal: a validation's result (hub_result), which the evaluator fills and the
 * public accessors (result.c) read. */
#ifndef RESULT_H
#define RESULT_H

#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "embedhub.h"
#include "lifo.h"

/* One error; every string lives in the result's scratch arena until its next use. */
typedef struct res_error {
    const char *ipath, *spath, *keyword, *message;
    const char *property; /* the member the error is about, or NULL */
    const char *field;    /* `a.b[0].c`: the instance path, then the property (field.h) */
} res_error;

struct hub_result {
    arena_t *parse;     /* the instance tree of hub_schema_validate_json */
    arena_t *scratch;   /* error strings (and count_values' walk) */
    lifo_t stack;      /* annotation bitmaps and other evaluation scratch, LIFO */
    res_error *errs;
    size_t count, cap, total;
    buf_t msg, path, json;
    const void **frames;  /* scratch for building paths */
    size_t frames_cap;
};

/* The errors of the last validation as one run of NUL-terminated strings (for the WebAssembly
 * boundary: JS decodes it in one call and splits it at the NULs): per error, "P" when it has a
 * property or "-" when not, then instance path, schema path, keyword, message, field and the
 * property if any. Stores the byte length in *len; owned by `res` until its next use; NULL on OOM. */
const char *result_strings(hub_result *res, size_t *len);

#endif
