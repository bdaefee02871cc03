/* test_suite.c — runs the JSON-Schema-Test-Suite (draft2020-12 and draft7) against the engine.
 *
 * Usage: test_suite SHARED_DIR [FILE_SUBSTRING]
 * SHARED_DIR holds json-schema-test-suite/. The selection, which the WebAssembly runner repeats:
 *   - every file under remotes/ is registered in one hub_ctx as http://localhost:1234/<path>;
 *   - drafts: tests/draft2020-12 (compiled with flags 0: 2020-12 is the default dialect) and
 *     tests/draft7 (compiled with HUB_DRAFT7, because its schemas mostly omit $schema);
 *   - "required" = the *.json files directly in the draft's directory; every case must pass;
 *   - "format" = the .json files of optional/format/, compiled with HUB_FORMAT_ASSERT; at least 95% of the
 *     cases of each draft must pass;
 *   - "optional" = the other .json files of optional/: run and reported, never fatal;
 *   - each group's schema is compiled once per mode; every case is validated as JSON text in
 *     first-error mode and in all-errors mode, and both answers must equal "valid". A schema
 *     that does not compile fails all its cases.
 * Output: the failures, per-file counts for the optional sets, and one summary line per set:
 *   suite draft2020-12 required: 1299 passed, 0 failed
 * Exit status 1 when a required case fails or a format set is below 95%. A FILE_SUBSTRING
 * restricts the run to matching files (for debugging). */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "embedhub.h"
#include "json.h"

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    buf_t b = { 0 };
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_put(&b, chunk, n);
    fclose(f);
    if (b.failed) { buf_free(&b); return NULL; }
    *len = b.len;
    if (!b.data) return calloc(1, 1);
    return b.data;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The sorted names of `dir`'s entries ending in `suffix` (files) or, with suffix NULL, of its
 * subdirectories. The caller frees each name and the array. */
static char **list_dir(const char *dir, const char *suffix, size_t *count) {
    *count = 0;
    DIR *d = opendir(dir);
    if (!d) return NULL;
    char **names = NULL;
    size_t cap = 0;
    struct dirent *ent;
    while ((ent = readdir(d))) {
        const char *n = ent->d_name;
        if (n[0] == '.') continue;
        size_t len = strlen(n);
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, n);
        DIR *sub = opendir(path);
        int is_dir = sub != NULL;
        if (sub) closedir(sub);
        if (suffix ? (is_dir || len < strlen(suffix) || strcmp(n + len - strlen(suffix), suffix) != 0) : !is_dir) continue;
        if (*count == cap) {
            cap = cap ? cap * 2 : 32;
            names = realloc(names, cap * sizeof *names);
        }
        names[(*count)++] = strdup(n);
    }
    closedir(d);
    if (names) qsort(names, *count, sizeof *names, cmp_str);
    return names;
}

static void free_list(char **names, size_t n) {
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
}

/* Registers every .json under dir (recursively) as base + relative path. */
static int register_remotes(hub_ctx *ctx, const char *dir, const char *rel) {
    size_t n;
    int count = 0;
    char path[4096], uri[4096];
    char **files = list_dir(dir, ".json", &n);
    for (size_t i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        snprintf(uri, sizeof uri, "http://localhost:1234/%s%s", rel, files[i]);
        size_t len;
        char *text = read_file(path, &len);
        hub_error err;
        if (!text || hub_ctx_add_schema(ctx, uri, text, len, &err) != HUB_OK)
            fprintf(stderr, "cannot register %s: %s\n", path, text ? err.message : "unreadable");
        else
            count++;
        free(text);
    }
    free_list(files, n);
    char **dirs = list_dir(dir, NULL, &n);
    for (size_t i = 0; i < n; i++) {
        char sub[4096], subrel[4096];
        snprintf(sub, sizeof sub, "%s/%s", dir, dirs[i]);
        snprintf(subrel, sizeof subrel, "%s%s/", rel, dirs[i]);
        count += register_remotes(ctx, sub, subrel);
    }
    free_list(dirs, n);
    return count;
}

/* Writes `v` as JSON, numbers as their source tokens (so 1.0 stays 1.0). */
static void to_json(buf_t *b, const cJSON *v) {
    switch (v->type & 0xFF) {
    case cJSON_NULL: buf_puts(b, "null"); break;
    case cJSON_False: buf_puts(b, "false"); break;
    case cJSON_True: buf_puts(b, "true"); break;
    case cJSON_Number: buf_puts(b, v->valuestring); break;
    case cJSON_String: {
        /* The parser records a string's byte length in valueint: it may hold U+0000. */
        buf_json_string(b, v->valuestring, (size_t)v->valueint);
        break;
    }
    default: {
        int obj = (v->type & 0xFF) == cJSON_Object;
        buf_putc(b, obj ? '{' : '[');
        for (const cJSON *c = v->child; c; c = c->next) {
            if (c != v->child) buf_putc(b, ',');
            if (obj) {
                buf_json_string(b, c->string, strlen(c->string));
                buf_putc(b, ':');
            }
            to_json(b, c);
        }
        buf_putc(b, obj ? '}' : ']');
    }
    }
}

typedef struct tally {
    int passed, failed;
} tally;

/* Runs one test file; adds to `t`; prints failures. */
static void run_file(hub_ctx *ctx, const char *path, const char *label, unsigned flags, tally *t, hub_result *res) {
    size_t len;
    char *text = read_file(path, &len);
    if (!text) { fprintf(stderr, "cannot read %s\n", path); t->failed++; return; }
    arena_t *a = arena_new(0);
    hub_error err;
    cJSON *groups = json_parse(a, text, len, &err);
    if (!groups) { fprintf(stderr, "%s: %s\n", path, err.message); t->failed++; goto out; }
    buf_t sbuf = { 0 }, dbuf = { 0 };
    for (const cJSON *g = groups->child; g; g = g->next) {
        const cJSON *desc = cJSON_GetObjectItemCaseSensitive(g, "description");
        const cJSON *schema = cJSON_GetObjectItemCaseSensitive(g, "schema");
        const cJSON *tests = cJSON_GetObjectItemCaseSensitive(g, "tests");
        buf_clear(&sbuf);
        to_json(&sbuf, schema);
        hub_error cerr, cerr2;
        hub_schema *first = hub_schema_compile(ctx, sbuf.data, sbuf.len, flags, &cerr);
        hub_schema *all = hub_schema_compile(ctx, sbuf.data, sbuf.len, flags | HUB_ALL_ERRORS, &cerr2);
        for (const cJSON *c = tests->child; c; c = c->next) {
            const cJSON *cd = cJSON_GetObjectItemCaseSensitive(c, "description");
            int want = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "valid"));
            const char *why = NULL;
            if (!first || !all) {
                why = cerr.message;
            } else {
                buf_clear(&dbuf);
                to_json(&dbuf, cJSON_GetObjectItemCaseSensitive(c, "data"));
                hub_error verr;
                int r1 = hub_schema_validate_json(first, dbuf.data, dbuf.len, res, &verr);
                int r2 = r1 < 0 ? r1 : hub_schema_validate_json(all, dbuf.data, dbuf.len, res, &verr);
                if (r1 < 0 || r2 < 0) why = verr.message;
                else if (r1 != want) why = want ? "expected valid, got invalid" : "expected invalid, got valid";
                else if (r2 != want) why = "all-errors mode disagrees with first-error mode";
                else if (!want && hub_result_count(res) == 0) why = "invalid but no error reported";
            }
            if (why) {
                t->failed++;
                printf("FAIL %s | %s | %s: %s%s%s\n", label, desc->valuestring, cd->valuestring, why,
                       (!first || !all) && cerr.pointer[0] ? " at " : "", (!first || !all) ? cerr.pointer : "");
            } else {
                t->passed++;
            }
        }
        hub_schema_free(first);
        hub_schema_free(all);
    }
    buf_free(&sbuf);
    buf_free(&dbuf);
out:
    arena_free(a);
    free(text);
}

/* Runs the files of `dir` (those containing `filter`) and returns the tally; per-file counts are
 * printed when `per_file` is set. */
static tally run_dir(hub_ctx *ctx, const char *dir, const char *draft, unsigned flags, int per_file,
                     const char *filter, hub_result *res) {
    tally total = { 0, 0 };
    size_t n;
    char **files = list_dir(dir, ".json", &n);
    for (size_t i = 0; i < n; i++) {
        if (filter && !strstr(files[i], filter)) continue;
        char path[4096], label[512];
        int np = snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        int nl = snprintf(label, sizeof label, "%s/%s", draft, files[i]);
        if (np < 0 || (size_t)np >= sizeof path || nl < 0 || (size_t)nl >= sizeof label) {
            fprintf(stderr, "path too long: %s/%s\n", dir, files[i]);
            total.failed++;
            continue;
        }
        tally t = { 0, 0 };
        run_file(ctx, path, label, flags, &t, res);
        if (per_file) printf("  %-58s %4d passed, %3d failed\n", label, t.passed, t.failed);
        total.passed += t.passed;
        total.failed += t.failed;
    }
    free_list(files, n);
    return total;
}

/* Fewer required tests than this for a draft (without a filter) means the data is not all there. */
#define SUITE_MIN_REQUIRED 500

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: test_suite SHARED_DIR [FILE_SUBSTRING]\n");
        return 2;
    }
    const char *filter = argc > 2 ? argv[2] : NULL;
    char root[1024], path[4096];
    snprintf(root, sizeof root, "%s/json-schema-test-suite", argv[1]);
    hub_ctx *ctx = hub_ctx_new();
    hub_result *res = hub_result_new();
    snprintf(path, sizeof path, "%s/remotes", root);
    int nremotes = register_remotes(ctx, path, "");
    printf("registered %d remote schemas\n", nremotes);
    /* A suite that finds no data must fail, not pass 0/0: the data is a checkout beside the repo. */
    int status = 0;
    if (nremotes == 0) {
        fprintf(stderr, "test_suite: no remote schemas under %s: is the JSON-Schema-Test-Suite there?\n", path);
        status = 1;
    }
    static const struct { const char *dir, *name; unsigned flags; } drafts[] = {
        { "draft2020-12", "draft2020-12", 0 },
        { "draft7", "draft7", HUB_DRAFT7 },
    };
    for (size_t d = 0; d < sizeof drafts / sizeof drafts[0]; d++) {
        char label[256];
        snprintf(path, sizeof path, "%s/tests/%s", root, drafts[d].dir);
        tally req = run_dir(ctx, path, drafts[d].name, drafts[d].flags, 0, filter, res);
        snprintf(path, sizeof path, "%s/tests/%s/optional/format", root, drafts[d].dir);
        snprintf(label, sizeof label, "%s/optional/format", drafts[d].name);
        tally fmt = run_dir(ctx, path, label, drafts[d].flags | HUB_FORMAT_ASSERT, 1, filter, res);
        snprintf(path, sizeof path, "%s/tests/%s/optional", root, drafts[d].dir);
        snprintf(label, sizeof label, "%s/optional", drafts[d].name);
        tally opt = run_dir(ctx, path, label, drafts[d].flags, 1, filter, res);
        int ftotal = fmt.passed + fmt.failed;
        printf("suite %s required: %d passed, %d failed\n", drafts[d].name, req.passed, req.failed);
        printf("suite %s format: %d passed, %d failed (%.1f%%)\n", drafts[d].name, fmt.passed, fmt.failed,
               ftotal ? 100.0 * fmt.passed / ftotal : 100.0);
        printf("suite %s optional: %d passed, %d failed\n", drafts[d].name, opt.passed, opt.failed);
        if (req.failed) status = 1;
        /* Each draft has well over a thousand required tests; a filter still has to match some. */
        if (req.passed + req.failed < (filter ? 1 : SUITE_MIN_REQUIRED) || (!filter && ftotal == 0)) {
            fprintf(stderr, "test_suite: only %d required and %d format tests found for %s under %s/tests: the suite is "
                            "missing or incomplete\n", req.passed + req.failed, ftotal, drafts[d].name, root);
            status = 1;
        }
        if (ftotal && fmt.passed * 100 < ftotal * 95) status = 1;
    }
    hub_result_free(res);
    hub_ctx_free(ctx);
    return status;
}
