/* fixture.h — the runner for the table-driven fixtures of tests/fixtures/domain, shared by the
 * domain tests; each case is {name, input | inputText | inputHex, expected | error, absent?,
 * exact?} (see the fixtures' `about`). The Node tests run the same files through WebAssembly. */
#ifndef FIXTURE_H
#define FIXTURE_H

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "domain.h"

static inline char *read_all(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    if (s && fread(s, 1, (size_t)n, f) != (size_t)n) { free(s); s = NULL; }
    fclose(f);
    if (s) { s[n] = '\0'; *len = (size_t)n; }
    return s;
}

static inline const cJSON *member(const cJSON *o, const char *k) { return cJSON_GetObjectItemCaseSensitive(o, k); }

/* The rule of the fixtures' `about`: members named in `want` match, arrays have equal length. */
static inline int match(const cJSON *want, const cJSON *got, int exact) {
    if (!got) return 0;
    if (cJSON_IsObject(want)) {
        if (!cJSON_IsObject(got) || (exact && cJSON_GetArraySize(want) != cJSON_GetArraySize(got))) return 0;
        for (const cJSON *m = want->child; m; m = m->next)
            if (!match(m, member(got, m->string), exact)) return 0;
        return 1;
    }
    if (cJSON_IsArray(want)) {
        if (!cJSON_IsArray(got) || cJSON_GetArraySize(want) != cJSON_GetArraySize(got)) return 0;
        for (const cJSON *w = want->child, *g = got->child; w; w = w->next, g = g->next)
            if (!match(w, g, exact)) return 0;
        return 1;
    }
    if (cJSON_IsNumber(want)) return cJSON_IsNumber(got) && want->valuedouble == got->valuedouble;
    if (cJSON_IsString(want)) return cJSON_IsString(got) && strcmp(want->valuestring, got->valuestring) == 0;
    return (want->type & 0xFF) == (got->type & 0xFF);
}

/* The text a case passes: inputText, inputHex, or `input` serialised. */
static inline const char *case_input(const cJSON *c, buf_t *b, size_t *len) {
    const cJSON *text = member(c, "inputText"), *hex = member(c, "inputHex");
    buf_clear(b);
    if (text) buf_puts(b, text->valuestring);
    else if (hex)
        for (const char *h = hex->valuestring; h[0] && h[1]; h += 2) {
            unsigned v;
            sscanf(h, "%2x", &v);
            buf_putc(b, (char)v);
        }
    else dom_write(b, member(c, "input"));
    *len = b->len;
    return b->data;
}

/* Checks one answer against a case's `error`, or its `expected`/`absent`/`exact`. */
static inline void check_answer(const cJSON *c, hub_code code, const char *out, size_t out_len) {
    const char *name = member(c, "name")->valuestring;
    const cJSON *err = member(c, "error"), *want = member(c, "expected"), *absent = member(c, "absent");
    arena_t *a = arena_new(0);
    hub_error pe;
    const cJSON *ans = out ? json_parse(a, out, out_len, &pe) : NULL;
    int ok = ans != NULL;
    if (ok && err) {
        const cJSON *field = member(err, "field"), *says = member(err, "says"), *fields = member(ans, "fields");
        const cJSON *msg = member(ans, "message");
        ok = strcmp(hub_code_name(code), member(err, "code")->valuestring) == 0 &&
             match(member(err, "code"), member(ans, "code"), 0) && cJSON_IsString(msg) &&
             (!field || match(field, member(cJSON_GetArrayItem(fields, 0), "field"), 0)) &&
             (!says || strstr(msg->valuestring, says->valuestring));
    } else if (ok) {
        ok = code == HUB_OK && match(want, ans, cJSON_IsTrue(member(c, "exact")));
        for (const cJSON *k = absent ? absent->child : NULL; k; k = k->next)
            if (member(ans, k->valuestring)) ok = 0;
    }
    if (!ok) fprintf(stderr, "case '%s': got %s %.600s\n", name, hub_code_name(code), out ? out : "(null)");
    CHECK(ok);
    arena_free(a);
}

/* Parses fixture `file` of tests/fixtures/domain into `a`; NULL (and a failed check) if unreadable. */
static inline const cJSON *load_fixture(arena_t *a, const char *file) {
    char path[512];
    snprintf(path, sizeof path, "%s/tests/fixtures/domain/%s", TEST_SOURCE_DIR, file);
    size_t len;
    char *text = read_all(path, &len);
    hub_error e;
    const cJSON *root = text ? json_parse(a, text, len, &e) : NULL;
    free(text);
    if (!root) fprintf(stderr, "cannot read %s\n", path);
    CHECK(root != NULL);
    return root;
}

/* Runs every case of `list` through `call` (one JSON text in, one out); returns the count. */
static inline int run_cases(const cJSON *list, hub_code (*call)(const char *, size_t, char **, size_t *)) {
    int n = 0;
    buf_t in = { 0 };
    for (const cJSON *c = list ? list->child : NULL; c; c = c->next, n++) {
        size_t len, out_len = 0;
        char *out = NULL;
        const char *text = case_input(c, &in, &len);
        hub_code code = call(text, len, &out, &out_len);
        check_answer(c, code, out, out_len);
        free(out);
    }
    buf_free(&in);
    return n;
}

/* The models and activation calls take a hub_models handle first. */
typedef hub_code (*models_call_fn)(const hub_models *, const char *, size_t, char **, size_t *);

/* 1 if some member "message" under `v` (an error's, a reason's) contains `s`. */
static inline int says_somewhere(const cJSON *v, const char *s) {
    if (v && v->string && strcmp(v->string, "message") == 0 && cJSON_IsString(v) && strstr(v->valuestring, s)) return 1;
    for (const cJSON *k = v ? v->child : NULL; k; k = k->next)
        if (says_somewhere(k, s)) return 1;
    return 0;
}

/* `says_all`: each string appears in some message of the answer (an error's, a reason's). */
static inline void check_says_all(const cJSON *c, const char *out, size_t out_len) {
    const cJSON *says = member(c, "says_all");
    if (!says) return;
    arena_t *a = arena_new(0);
    hub_error pe;
    const cJSON *ans = json_parse(a, out, out_len, &pe);
    for (const cJSON *s = says->child; s; s = s->next) {
        int found = says_somewhere(ans, s->valuestring);
        if (!found) fprintf(stderr, "case '%s': no message says '%s'\n", member(c, "name")->valuestring, s->valuestring);
        CHECK(found);
    }
    arena_free(a);
}

/* Runs every case of `list` through `call` with `models`; returns the count. */
static inline int run_model_cases(const cJSON *list, models_call_fn call, const hub_models *models) {
    int n = 0;
    buf_t in = { 0 };
    for (const cJSON *c = list ? list->child : NULL; c; c = c->next, n++) {
        size_t len, out_len = 0;
        char *out = NULL;
        const char *text = case_input(c, &in, &len);
        hub_code code = call(models, text, len, &out, &out_len);
        check_answer(c, code, out, out_len);
        if (out) check_says_all(c, out, out_len);
        free(out);
    }
    buf_free(&in);
    return n;
}

#endif
