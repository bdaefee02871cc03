/* result.c — hub_result: what a validation found, read through the public accessors, as JSON
 * (hub_result_json) or as NUL-separated strings for the WebAssembly boundary. */
#include "result.h"

#include <stdlib.h>
#include <string.h>

hub_result *hub_result_new(void) {
    hub_result *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->parse = arena_new(16384);
    r->scratch = arena_new(4096);
    if (!r->parse || !r->scratch) {
        hub_result_free(r);
        return NULL;
    }
    return r;
}

void hub_result_free(hub_result *r) {
    if (!r) return;
    arena_free(r->parse);
    arena_free(r->scratch);
    lifo_free(&r->stack);
    free(r->errs);
    buf_free(&r->msg);
    buf_free(&r->path);
    buf_free(&r->json);
    free(r->frames);
    free(r);
}

size_t hub_result_count(const hub_result *r) { return r ? r->count : 0; }
size_t hub_result_total(const hub_result *r) { return r ? r->total : 0; }

/* 1 if r has an error i. */
static int has_error(const hub_result *r, size_t i) { return r && i < r->count; }

const char *hub_result_instance_path(const hub_result *r, size_t i) { return has_error(r, i) ? r->errs[i].ipath : NULL; }
const char *hub_result_schema_path(const hub_result *r, size_t i) { return has_error(r, i) ? r->errs[i].spath : NULL; }
const char *hub_result_keyword(const hub_result *r, size_t i) { return has_error(r, i) ? r->errs[i].keyword : NULL; }
const char *hub_result_message(const hub_result *r, size_t i) { return has_error(r, i) ? r->errs[i].message : NULL; }
const char *hub_result_property(const hub_result *r, size_t i) { return has_error(r, i) ? r->errs[i].property : NULL; }
const char *hub_result_field(const hub_result *r, size_t i) { return has_error(r, i) ? r->errs[i].field : NULL; }

const char *result_strings(hub_result *r, size_t *len) {
    if (!r) return NULL;
    buf_t *b = &r->json;
    buf_clear(b);
    for (size_t i = 0; i < r->count; i++) {
        const res_error *e = &r->errs[i];
        const char *parts[] = { e->property ? "P" : "-", e->ipath, e->spath, e->keyword, e->message, e->field,
                                e->property };
        for (size_t k = 0; k < 6u + (e->property != NULL); k++) buf_put(b, parts[k], strlen(parts[k]) + 1);
    }
    if (b->failed) return NULL;
    *len = b->len;
    return b->data ? b->data : "";
}

const char *hub_result_json(hub_result *r, size_t *len) {
    if (!r) return NULL;
    buf_t *b = &r->json;
    buf_clear(b);
    buf_putc(b, '[');
    static const char *const keys[] = { "instancePath", "schemaPath", "keyword", "message", "field", "property" };
    for (size_t i = 0; i < r->count; i++) {
        const res_error *e = &r->errs[i];
        const char *values[] = { e->ipath, e->spath, e->keyword, e->message, e->field, e->property };
        buf_puts(b, i ? ",{" : "{");
        for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
            if (!values[k]) continue; /* only the property may be absent */
            if (k) buf_putc(b, ',');
            buf_json_key(b, keys[k]);
            buf_json_string(b, values[k], strlen(values[k]));
        }
        buf_putc(b, '}');
    }
    buf_putc(b, ']');
    if (b->failed) return NULL;
    if (len) *len = b->len;
    return b->data;
}
