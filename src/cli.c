/* cli.c — the `embedhub` command: built as a WASI command for npm's `bin`, and natively for tests.
 * Exit codes: 0 valid, 1 invalid (one JSON line per error on stdout), 2 usage or unreadable input. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "embedhub.h"
#include "json.h"
#include "uri.h"

#define EXIT_VALID 0
#define EXIT_INVALID 1
#define EXIT_USAGE 2

static const char usage[] =
    "usage: embedhub <command> [arguments]\n"
    "\n"
    "commands:\n"
    "  check-json FILE     check that FILE is well-formed JSON ('-' reads standard input)\n"
    "  validate --schema SCHEMA [--ref REF]... [--spec draft7|draft2020] [--formats assert]\n"
    "           [--all] [--errors json|text|github] DATA...\n"
    "                      validate each DATA file ('-' is standard input) against SCHEMA; the\n"
    "                      REF schemas are registered by $id and by file URL for its $refs\n"
    "  test --schema SCHEMA [--ref REF]... [--valid FILE]... [--invalid FILE]...\n"
    "                      check that each fixture gets the expected verdict (exit 1 if not)\n"
    "  check-activation --integration INTEGRATION --connections CONNECTIONS --user USER\n"
    "                   [--activated] PAYLOAD\n"
    "                      check an ActivationCreate PAYLOAD against the integration, the user's\n"
    "                      connections ({id, externalId} in USER) and every activation rule\n"
    "  form SCHEMA         print the settings form of a variablesSchema as JSON\n"
    "  version             print the version\n"
    "\n"
    "Through npm (web/src/cli.mjs), DATA, REF and the --valid/--invalid files may be globs or\n"
    "directories (every .json file under them).\n"
    "exit status: 0 valid, 1 invalid (errors as JSON lines on stdout, or text with --errors text),\n"
    "2 usage error, unreadable file or a schema that does not compile (an unresolvable $ref)\n";

static int usage_error(const char *why) {
    if (why) fprintf(stderr, "embedhub: %s\n\n", why);
    fputs(usage, stderr);
    return EXIT_USAGE;
}

/* Reads the whole file (or stdin for "-") into a malloc'd, NUL-terminated buffer without a
 * leading byte order mark; NULL with a message on error. Reads straight into the buffer (sized
 * from the file's size when it has one): one read for most files, nothing big on the stack. */
static char *read_file(const char *path, size_t *len) {
    int fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY);
    if (fd < 0) {
        fprintf(stderr, "embedhub: cannot open %s: %s\n", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    size_t cap = 16384, n = 0;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        if (fd) close(fd);
        fprintf(stderr, "embedhub: cannot read %s: it is a directory\n", path);
        return NULL;
    }
    size_t expect = (size_t)-1; /* a regular file's size: reading it all ends the loop (no read of 0) */
    if (fd && S_ISREG(st.st_mode) && st.st_size >= 0 && (unsigned long long)st.st_size < HUB_JSON_MAX_BYTES) {
        expect = (size_t)st.st_size;
        cap = expect + 2; /* + 1 for the NUL, + 1 to see a file that grew */
    }
    char *data = malloc(cap);
    int bad = !data, oom = !data;
    while (!bad) {
        if (cap - n < 2) {
            if (n > HUB_JSON_MAX_BYTES) break; /* the parser reports it as too large */
            char *more = realloc(data, cap * 2);
            if (!more) { bad = oom = 1; break; }
            data = more;
            cap *= 2;
        }
        ssize_t got = read(fd, data + n, cap - n - 1);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) bad = 1;
        if (got <= 0) break;
        n += (size_t)got;
        if (n == expect) break;
    }
    int saved = errno;
    if (fd) close(fd);
    if (bad) {
        fprintf(stderr, "embedhub: cannot read %s: %s\n", path, oom ? "out of memory" : strerror(saved));
        free(data);
        return NULL;
    }
    data[n] = '\0';
    /* A byte order mark (editors on Windows write one) is not part of the JSON text. */
    if (n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        memmove(data, data + 3, n - 3 + 1);
        n -= 3;
    }
    *len = n;
    return data;
}

/* Prints one error as a JSON line: {"file":…, "code":…, "message":…, …}. */
static void print_error(const char *path, const hub_error *err) {
    buf_t b = { 0 };
    buf_puts(&b, "{\"file\":");
    buf_json_string(&b, path, strlen(path));
    buf_putc(&b, ',');
    buf_t json = { 0 };
    buf_json_error(&json, err);
    if (json.data) buf_put(&b, json.data + 1, json.len - 1); /* splice after the '{' */
    buf_free(&json);
    if (b.data && !b.failed) puts(b.data);
    buf_free(&b);
}

static int cmd_check_json(int argc, char **argv) {
    if (argc != 1) return usage_error("check-json takes exactly one FILE");
    size_t len = 0;
    char *text = read_file(argv[0], &len);
    if (!text) return EXIT_USAGE;
    hub_error err;
    hub_code code = hub_json_check(text, len, &err);
    free(text);
    if (code == HUB_OK) return EXIT_VALID;
    if (code == HUB_ERR_NOMEM) {
        fprintf(stderr, "embedhub: out of memory checking %s\n", argv[0]);
        return EXIT_USAGE;
    }
    print_error(argv[0], &err);
    return EXIT_INVALID;
}

/* Schema paths of the compiled wrapper {"$ref": <main schema>} start with "/$ref": drop it. */
static const char *schema_path_of(const hub_result *res, size_t i) {
    const char *p = hub_result_schema_path(res, i);
    return strncmp(p, "/$ref", 5) == 0 ? p + 5 : p;
}

/* Prints a validation error of `file` as a JSON line. */
static void print_validation_error(const char *file, const hub_result *res, size_t i) {
    buf_t b = { 0 };
    const char *parts[4][2] = {
        { "instancePath", hub_result_instance_path(res, i) }, { "schemaPath", schema_path_of(res, i) },
        { "keyword", hub_result_keyword(res, i) }, { "message", hub_result_message(res, i) },
    };
    buf_puts(&b, "{\"file\":");
    buf_json_string(&b, file, strlen(file));
    for (size_t k = 0; k < 4; k++) {
        buf_putc(&b, ',');
        buf_json_key(&b, parts[k][0]);
        buf_json_string(&b, parts[k][1], strlen(parts[k][1]));
    }
    const char *property = hub_result_property(res, i);
    if (property) {
        buf_putc(&b, ',');
        buf_json_key(&b, "property");
        buf_json_string(&b, property, strlen(property));
    }
    buf_putc(&b, '}');
    if (b.data && !b.failed) puts(b.data);
    buf_free(&b);
}

/* ---- validate and test: many data files against one schema and its --ref documents ---------- */

enum { OUT_JSON, OUT_TEXT, OUT_GITHUB };

typedef struct batch_opts {
    const char *schema;
    const char **refs;
    size_t nrefs;
    const char **files;  /* data files in order (validate), or fixtures (test) */
    char *expect;        /* test: per file 1 = expected valid, 0 = expected invalid */
    size_t nfiles;
    unsigned flags;
    int out;
} batch_opts;

/* One schema document the command read: its file, the URI it is registered under, its text. */
typedef struct schema_doc {
    const char *path;
    char *uri;
    char *iri;  /* the same URL with non-ASCII characters as they are, when it differs */
    char *text;
    size_t len;
} schema_doc;

static int is_url_safe(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c && strchr("-._~!$&'()*+,;=@/", c));
}

static void put_url_path(buf_t *b, const char *s, int iri) {
    static const char hex[] = "0123456789ABCDEF";
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (is_url_safe(c) || (iri && c >= 0x80)) {
            buf_putc(b, (char)c);
        } else {
            char esc[3] = { '%', hex[c >> 4], hex[c & 15] };
            buf_put(b, esc, 3);
        }
    }
}

/* The file: URL of `path` (relative to the working directory; "-" is standard input, named as
 * a file "-" there), malloc'd; NULL on OOM. With `iri`, non-ASCII characters stay as they are
 * (JSON Schema references are IRIs: "$ref": "défauts.json" names the file défauts.json). */
static char *file_url(const char *path, int iri) {
    char cwd[4096];
    buf_t base = { 0 }, rel = { 0 }, out = { 0 };
    buf_puts(&base, "file://");
    if (path[0] != '/') {
        if (!getcwd(cwd, sizeof cwd)) strcpy(cwd, "/");
        if (cwd[0] != '/') buf_putc(&base, '/');
        put_url_path(&base, cwd, iri);
    }
    buf_puts(&base, "/");
    put_url_path(&rel, path, iri);
    if (!base.failed && !rel.failed) uri_resolve(&out, base.data, rel.data ? rel.data : "", rel.len);
    char *url = !base.failed && !rel.failed && !out.failed && out.data ? malloc(out.len + 1) : NULL;
    if (url) memcpy(url, out.data, out.len + 1);
    buf_free(&base);
    buf_free(&rel);
    buf_free(&out);
    return url;
}

/* Where byte-oriented positions come from: the value `pointer` names in `text`, or the closest
 * ancestor that exists. Fills 1-based line and column (1:1 when the text is not JSON). */
static void locate(const char *text, size_t len, const char *pointer, size_t plen, size_t *line, size_t *column) {
    *line = 1;
    *column = 1;
    arena_t *a = arena_new(len < 4096 ? 8192 : len * 2);
    hub_error e;
    cJSON *root = a ? json_parse_positions(a, text, len, &e) : NULL;
    if (root) {
        const cJSON *v = NULL;
        for (;;) {
            v = json_pointer_get(root, pointer, plen);
            if (v || plen == 0) break;
            while (plen > 0 && pointer[plen - 1] != '/') plen--;
            if (plen > 0) plen--;
        }
        if (v) json_line_column(text, len, json_offset(v), line, column);
    }
    arena_free(a);
}

/* Writes `s` for a GitHub workflow command: the message (`property` 0) or a property value. */
static void put_github(buf_t *b, const char *s, int property) {
    for (; *s; s++) {
        switch (*s) {
        case '%': buf_puts(b, "%25"); break;
        case '\r': buf_puts(b, "%0D"); break;
        case '\n': buf_puts(b, "%0A"); break;
        case ':': buf_puts(b, property ? "%3A" : ":"); break;
        case ',': buf_puts(b, property ? "%2C" : ","); break;
        default: buf_putc(b, *s);
        }
    }
}

/* Prints one finding for a person or for GitHub: `what` is the instance path (NULL for a
 * finding about the whole file), then the message and, in parentheses, the keyword or code. */
static void print_finding(int out, const char *file, size_t line, size_t column, const char *what,
                          const char *message, const char *keyword) {
    buf_t b = { 0 };
    char pos[64];
    if (out == OUT_GITHUB) {
        buf_puts(&b, "::error file=");
        put_github(&b, file, 1);
        snprintf(pos, sizeof pos, ",line=%zu,col=%zu::", line, column);
        buf_puts(&b, pos);
        if (what) {
            put_github(&b, *what ? what : "(root)", 0);
            buf_puts(&b, ": ");
        }
        put_github(&b, message, 0);
        if (keyword) {
            buf_puts(&b, " (");
            put_github(&b, keyword, 0);
            buf_putc(&b, ')');
        }
    } else {
        buf_puts(&b, file);
        snprintf(pos, sizeof pos, ":%zu:%zu: ", line, column);
        buf_puts(&b, pos);
        if (what) {
            buf_puts(&b, *what ? what : "(root)");
            buf_puts(&b, ": ");
        }
        buf_puts(&b, message);
        if (keyword) {
            buf_puts(&b, " (");
            buf_puts(&b, keyword);
            buf_putc(&b, ')');
        }
    }
    if (b.data && !b.failed) puts(b.data);
    buf_free(&b);
}

/* Prints the validation errors in `res` of data file `file` (its text is `text`). */
static void print_validation_errors(int out, const char *file, const char *text, size_t len, const hub_result *res) {
    size_t n = hub_result_count(res);
    if (out == OUT_JSON) {
        for (size_t k = 0; k < n; k++) print_validation_error(file, res, k);
        return;
    }
    arena_t *a = arena_new(len < 4096 ? 8192 : len * 2);
    hub_error e;
    cJSON *root = a ? json_parse_positions(a, text, len, &e) : NULL;
    buf_t path = { 0 };
    for (size_t k = 0; k < n; k++) {
        const char *ip = hub_result_instance_path(res, k), *prop = hub_result_property(res, k);
        const char *kw = hub_result_keyword(res, k);
        buf_clear(&path);
        buf_puts(&path, ip);
        /* An unexpected member is shown where it is, not at its object. */
        if (prop && (strcmp(kw, "additionalProperties") == 0 || strcmp(kw, "unevaluatedProperties") == 0)) {
            buf_putc(&path, '/');
            for (const char *c = prop; *c; c++) {
                if (*c == '~') buf_puts(&path, "~0");
                else if (*c == '/') buf_puts(&path, "~1");
                else buf_putc(&path, *c);
            }
        }
        size_t line = 1, column = 1, plen = path.failed ? 0 : path.len;
        const cJSON *v = NULL;
        while (root && !v) {
            v = json_pointer_get(root, path.data ? path.data : "", plen);
            if (v || plen == 0) break;
            while (plen > 0 && path.data[plen - 1] != '/') plen--;
            if (plen > 0) plen--;
        }
        if (v) json_line_column(text, len, json_offset(v), &line, &column);
        print_finding(out, file, line, column, ip, hub_result_message(res, k), kw);
    }
    if (hub_result_total(res) > n) {
        char more[96];
        snprintf(more, sizeof more, "%zu more errors not shown", hub_result_total(res) - n);
        print_finding(out, file, 1, 1, NULL, more, NULL);
    }
    buf_free(&path);
    arena_free(a);
}

/* Prints why a data file could not be validated at all (not JSON, nested too deep). */
static void print_data_error(int out, const char *file, const hub_error *err) {
    if (out == OUT_JSON) print_error(file, err);
    else print_finding(out, file, err->line ? err->line : 1, err->line ? err->column : 1, NULL, err->message,
                       hub_code_name(err->code));
}

/* The document a compile error's pointer ("URI#/ptr" or "/ptr") is in; *frag gets the pointer. */
static const schema_doc *doc_of_pointer(const schema_doc *docs, size_t ndocs, const char *pointer, const char **frag) {
    const char *hash = strchr(pointer, '#');
    *frag = hash ? hash + 1 : pointer;
    for (size_t d = 0; d < ndocs; d++) {
        if (!hash) return d == 0 ? &docs[d] : NULL;
        for (int k = 0; k < 2; k++) {
            const char *uri = k ? docs[d].iri : docs[d].uri;
            size_t n = uri ? strlen(uri) : 0;
            if (uri && (size_t)(hash - pointer) == n && strncmp(pointer, uri, n) == 0) return &docs[d];
        }
    }
    return NULL;
}

/* Explains a schema that does not compile, naming the file, the place and, for a $ref, the
 * reference itself. */
static void print_compile_error(const schema_doc *docs, size_t ndocs, const hub_error *err) {
    const char *frag;
    const schema_doc *d = doc_of_pointer(docs, ndocs, err->pointer, &frag);
    if (!d) {
        fprintf(stderr, "embedhub: the schema does not compile: %s at '%s'\n", err->message, err->pointer);
        return;
    }
    size_t line = 1, column = 1, flen = strlen(frag);
    locate(d->text, d->len, frag, flen, &line, &column);
    if (err->code == HUB_ERR_SCHEMA_REF) {
        const char *ref = NULL;
        arena_t *a = arena_new(0);
        hub_error e;
        cJSON *root = a ? json_parse(a, d->text, d->len, &e) : NULL;
        const cJSON *v = root ? json_pointer_get(root, frag, flen) : NULL;
        if (cJSON_IsString(v)) ref = v->valuestring;
        /* The compiler's sentence for a reference to no known document says "not known". */
        int unknown = strstr(err->message, "not known") != NULL;
        fprintf(stderr, "embedhub: %s:%zu:%zu: %s%s%s at '%s': %s%s\n", d->path, line, column,
                ref ? "$ref \"" : "reference", ref ? ref : "", ref ? "\"" : "", frag, err->message,
                unknown ? " (only the files given with --schema and --ref are read: name it with --ref)" : "");
        arena_free(a);
        return;
    }
    fprintf(stderr, "embedhub: %s:%zu:%zu: not a valid schema: %s at '%s'\n", d->path, line, column, err->message, frag);
}

/* Reads and registers the schema and every --ref document, then compiles the schema. Returns
 * the program, or NULL after saying why on stderr. */
static hub_schema *load_schema(hub_ctx *ctx, const batch_opts *o, schema_doc *docs) {
    size_t ndocs = 0;
    hub_schema *schema = NULL;
    hub_error err;
    for (size_t i = 0; i <= o->nrefs; i++) {
        schema_doc *d = &docs[ndocs];
        d->path = i == 0 ? o->schema : o->refs[i - 1];
        d->text = read_file(d->path, &d->len);
        if (!d->text) goto out;
        ndocs++;
        d->uri = file_url(d->path, 0);
        d->iri = file_url(d->path, 1);
        if (!d->uri || !d->iri) { fprintf(stderr, "embedhub: out of memory\n"); goto out; }
        if (strcmp(d->uri, d->iri) == 0) {
            free(d->iri);
            d->iri = NULL;
        }
        hub_code code = hub_ctx_add_schema(ctx, d->uri, d->text, d->len, &err);
        if (code == HUB_OK && d->iri) code = hub_ctx_add_schema(ctx, d->iri, d->text, d->len, &err);
        if (code == HUB_ERR_NOMEM || code == HUB_ERR_ARGUMENT) {
            fprintf(stderr, "embedhub: cannot register %s: %s\n", d->path, err.message);
            goto out;
        }
        if (code == HUB_ERR_SCHEMA) {
            fprintf(stderr, "embedhub: %s is not a valid schema: %s\n", d->path, err.message);
            goto out;
        }
        if (code != HUB_OK) {
            fprintf(stderr, "embedhub: %s is not JSON: %s at line %zu, column %zu\n", d->path, err.message,
                    err.line, err.column);
            goto out;
        }
    }
    /* The schema is compiled through a reference to its registered document, so that its base
     * URI is its file's URL and relative references reach the --ref files. */
    buf_t wrapper = { 0 };
    buf_puts(&wrapper, "{\"$ref\":");
    const char *main_uri = docs[0].iri ? docs[0].iri : docs[0].uri; /* refs are IRIs: "dé.json" */
    buf_json_string(&wrapper, main_uri, strlen(main_uri));
    buf_putc(&wrapper, '}');
    int failed = wrapper.failed;
    schema = failed ? NULL : hub_schema_compile(ctx, wrapper.data, wrapper.len, o->flags, &err);
    buf_free(&wrapper);
    if (!schema) {
        if (failed || err.code == HUB_ERR_NOMEM) fprintf(stderr, "embedhub: out of memory\n");
        else print_compile_error(docs, ndocs, &err);
    }
out:
    for (size_t i = 0; i < ndocs; i++) {
        free(docs[i].text);
        free(docs[i].uri);
        free(docs[i].iri);
    }
    return schema;
}

/* Parses the options of validate (`test` set: of test). Returns 0, or EXIT_USAGE after saying
 * why. Options and files may come in any order; "--" ends the options. */
static int parse_batch(int argc, char **argv, int test, batch_opts *o) {
    memset(o, 0, sizeof *o);
    o->out = test ? OUT_TEXT : OUT_JSON;
    o->refs = calloc((size_t)argc + 1, sizeof *o->refs);
    o->files = calloc((size_t)argc + 1, sizeof *o->files);
    o->expect = calloc((size_t)argc + 1, 1);
    if (!o->refs || !o->files || !o->expect) { fprintf(stderr, "embedhub: out of memory\n"); return EXIT_USAGE; }
    int options = 1;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!options || a[0] != '-' || a[1] != '-') {
            if (test) return usage_error("test takes its files with --valid and --invalid");
            o->files[o->nfiles++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) { options = 0; continue; }
        if (strcmp(a, "--all") == 0) { o->flags |= HUB_ALL_ERRORS; continue; }
        if (i + 1 >= argc) {
            fprintf(stderr, "embedhub: %s needs a value\n\n", a);
            return usage_error(NULL);
        }
        const char *v = argv[++i];
        if (strcmp(a, "--schema") == 0) {
            if (o->schema) return usage_error("--schema is given twice");
            o->schema = v;
        } else if (strcmp(a, "--ref") == 0) {
            o->refs[o->nrefs++] = v;
        } else if (strcmp(a, "--formats") == 0) {
            if (strcmp(v, "assert") == 0) o->flags |= HUB_FORMAT_ASSERT;
            else if (strcmp(v, "annotate") != 0) return usage_error("--formats takes 'assert' or 'annotate'");
        } else if (strcmp(a, "--spec") == 0) {
            if (strcmp(v, "draft7") == 0) o->flags |= HUB_DRAFT7;
            else if (strcmp(v, "draft2020") == 0) o->flags &= ~HUB_DRAFT7;
            else return usage_error("--spec takes 'draft7' or 'draft2020'");
        } else if (strcmp(a, "--errors") == 0) {
            if (strcmp(v, "json") == 0) o->out = OUT_JSON;
            else if (strcmp(v, "text") == 0) o->out = OUT_TEXT;
            else if (strcmp(v, "github") == 0) o->out = OUT_GITHUB;
            else return usage_error("--errors takes 'json', 'text' or 'github'");
        } else if (test && (strcmp(a, "--valid") == 0 || strcmp(a, "--invalid") == 0)) {
            o->expect[o->nfiles] = a[2] == 'v';
            o->files[o->nfiles++] = v;
        } else {
            fprintf(stderr, "embedhub: unknown option '%s'\n\n", a);
            return usage_error(NULL);
        }
    }
    if (!o->schema) return usage_error(test ? "test needs --schema SCHEMA" : "validate needs --schema SCHEMA");
    if (o->nfiles == 0)
        return usage_error(test ? "test needs files with --valid or --invalid" : "validate needs at least one DATA file");
    return 0;
}

static void free_batch(batch_opts *o) {
    free(o->refs);
    free(o->files);
    free(o->expect);
}

/* test --errors json: {"file", "expected": "valid"|"invalid", "valid": bool} for a wrong verdict. */
static void print_verdict(const char *file, int expect_valid) {
    buf_t b = { 0 };
    buf_puts(&b, "{\"file\":");
    buf_json_string(&b, file, strlen(file));
    buf_puts(&b, expect_valid ? ",\"expected\":\"valid\",\"valid\":false}" : ",\"expected\":\"invalid\",\"valid\":true}");
    if (b.data && !b.failed) puts(b.data);
    buf_free(&b);
}

/* validate and test: one schema, every file in order, one process. */
static int run_batch(int argc, char **argv, int test) {
    batch_opts o;
    int status = parse_batch(argc, argv, test, &o);
    if (status) { free_batch(&o); return status; }
    hub_ctx *ctx = hub_ctx_new();
    hub_result *res = hub_result_new();
    schema_doc *docs = calloc(o.nrefs + 1, sizeof *docs);
    hub_schema *schema = ctx && res && docs ? load_schema(ctx, &o, docs) : NULL;
    if (!ctx || !res || !docs) fprintf(stderr, "embedhub: out of memory\n");
    free(docs);
    hub_ctx_free(ctx);
    if (!schema) {
        hub_result_free(res);
        free_batch(&o);
        return EXIT_USAGE;
    }
    size_t nvalid = 0, ninvalid = 0, nunreadable = 0, nwrong = 0;
    for (size_t i = 0; i < o.nfiles; i++) {
        const char *file = o.files[i];
        size_t len = 0;
        char *text = read_file(file, &len);
        if (!text) { nunreadable++; continue; }
        hub_error err;
        int valid = hub_schema_validate_json(schema, text, len, res, &err);
        if (valid < 0 && err.code == HUB_ERR_NOMEM) {
            fprintf(stderr, "embedhub: out of memory validating %s\n", file);
            nunreadable++;
        } else if (valid < 0 && test) {
            fprintf(stderr, "embedhub: %s is not JSON: %s at line %zu, column %zu\n", file, err.message, err.line, err.column);
            nunreadable++;
        } else {
            valid == 1 ? nvalid++ : ninvalid++;
            if (!test || (valid == 1) != o.expect[i]) {
                if (test) {
                    nwrong++;
                    const char *why = o.expect[i] ? "expected valid, but it is invalid" : "expected invalid, but it is valid";
                    if (o.out == OUT_JSON) print_verdict(file, o.expect[i]);
                    else print_finding(o.out, file, 1, 1, NULL, why, NULL);
                }
                if (valid == 0) print_validation_errors(o.out, file, text, len, res);
                else if (valid < 0) print_data_error(o.out, file, &err);
            }
        }
        free(text);
    }
    if (o.out != OUT_JSON) {
        size_t total = o.nfiles;
        if (test) printf("%zu files, %zu as expected, %zu wrong", total, total - nwrong - nunreadable, nwrong);
        else printf("%zu files, %zu valid, %zu invalid", total, nvalid, ninvalid);
        if (nunreadable) printf(", %zu unreadable", nunreadable);
        putchar('\n');
    }
    hub_schema_free(schema);
    hub_result_free(res);
    free_batch(&o);
    if (nunreadable) return EXIT_USAGE;
    return (test ? nwrong : ninvalid) ? EXIT_INVALID : EXIT_VALID;
}

/* Reads `path` and checks that it is JSON; on failure prints why (as check-json does) and
 * returns NULL with *status set to EXIT_INVALID (malformed) or EXIT_USAGE (unreadable). */
static char *read_json(const char *path, size_t *len, int *status) {
    char *text = read_file(path, len);
    if (!text) { *status = EXIT_USAGE; return NULL; }
    hub_error err;
    if (hub_json_check(text, *len, &err) == HUB_OK) return text;
    print_error(path, &err);
    free(text);
    *status = err.code == HUB_ERR_NOMEM ? EXIT_USAGE : EXIT_INVALID;
    return NULL;
}

/* Prints the answer of a domain call: on success `ok` decides; on failure the wire Error body
 * (with "file") as one JSON line. */
static int print_domain_error(const char *path, const char *body) {
    buf_t b = { 0 };
    buf_puts(&b, "{\"file\":");
    buf_json_string(&b, path, strlen(path));
    buf_putc(&b, ',');
    buf_puts(&b, body + 1); /* splice after the body's '{' */
    if (b.data && !b.failed) puts(b.data);
    buf_free(&b);
    return EXIT_INVALID;
}

/* Prints each error of an activation answer {valid, errors:[{code, message, field}]} as a JSON
 * line with the payload's file name; returns the exit status. */
static int print_activation_errors(const char *path, const char *answer) {
    arena_t *a = arena_new(0);
    hub_error e;
    cJSON *root = a ? json_parse(a, answer, strlen(answer), &e) : NULL;
    if (!root) {
        arena_free(a);
        fprintf(stderr, "embedhub: out of memory\n");
        return EXIT_USAGE;
    }
    int valid = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(root, "valid"));
    cJSON *err;
    cJSON_ArrayForEach(err, cJSON_GetObjectItemCaseSensitive(root, "errors")) {
        buf_t b = { 0 };
        buf_puts(&b, "{\"file\":");
        buf_json_string(&b, path, strlen(path));
        for (cJSON *m = err->child; m; m = m->next) {
            if (!cJSON_IsString(m)) continue;
            buf_putc(&b, ',');
            buf_json_string(&b, m->string, strlen(m->string));
            buf_putc(&b, ':');
            buf_json_string(&b, m->valuestring, (size_t)m->valueint);
        }
        buf_putc(&b, '}');
        if (b.data && !b.failed) puts(b.data);
        buf_free(&b);
    }
    arena_free(a);
    return valid ? EXIT_VALID : EXIT_INVALID;
}

static int cmd_check_activation(int argc, char **argv) {
    const char *paths[3] = { NULL, NULL, NULL }; /* integration, connections, user */
    int activated = 0, i = 0;
    for (; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
        int k = strcmp(argv[i], "--integration") == 0 ? 0 : strcmp(argv[i], "--connections") == 0 ? 1
              : strcmp(argv[i], "--user") == 0 ? 2 : -1;
        if (strcmp(argv[i], "--activated") == 0) activated = 1;
        else if (k < 0 || i + 1 >= argc) return usage_error("check-activation: unknown option or missing value");
        else paths[k] = argv[++i];
    }
    if (!paths[0] || !paths[1] || !paths[2])
        return usage_error("check-activation needs --integration, --connections and --user");
    if (argc - i != 1) return usage_error("check-activation takes exactly one PAYLOAD");
    const char *files[4] = { argv[i], paths[0], paths[1], paths[2] }; /* payload first */
    char *texts[4] = { NULL, NULL, NULL, NULL };
    size_t lens[4] = { 0, 0, 0, 0 };
    int status = EXIT_VALID;
    for (int k = 0; k < 4 && status == EXIT_VALID; k++)
        texts[k] = read_json(files[k], &lens[k], &status);
    buf_t in = { 0 };
    if (status == EXIT_VALID) {
        static const char *const keys[3] = { "{\"payload\":", ",\"integration\":", ",\"connections\":" };
        for (int k = 0; k < 3; k++) {
            buf_puts(&in, keys[k]);
            buf_put(&in, texts[k], lens[k]);
        }
        buf_puts(&in, ",\"user\":");
        buf_put(&in, texts[3], lens[3]);
        buf_puts(&in, activated ? ",\"activated\":true}" : "}");
        char *out = NULL;
        hub_code code = in.failed ? HUB_ERR_NOMEM : hub_activation_validate(NULL, in.data, in.len, &out, NULL);
        if (!out) {
            fprintf(stderr, "embedhub: out of memory\n");
            status = EXIT_USAGE;
        } else {
            status = code == HUB_OK ? print_activation_errors(files[0], out) : print_domain_error(files[0], out);
        }
        free(out);
    }
    buf_free(&in);
    for (int k = 0; k < 4; k++) free(texts[k]);
    return status;
}

static int cmd_form(int argc, char **argv) {
    if (argc != 1) return usage_error("form takes exactly one SCHEMA");
    size_t len;
    int status = EXIT_VALID;
    char *text = read_json(argv[0], &len, &status);
    if (!text) return status;
    char *out = NULL;
    hub_code code = hub_form_build(text, len, &out, NULL);
    free(text);
    if (!out) {
        fprintf(stderr, "embedhub: out of memory\n");
        return EXIT_USAGE;
    }
    if (code == HUB_OK) puts(out);
    else status = print_domain_error(argv[0], out);
    free(out);
    return status;
}

int main(int argc, char **argv) {
    /* Under WASI the working directory starts at "/"; the Node wrapper passes the real one. */
    const char *pwd = getenv("EMBEDHUB_CWD");
    if (pwd && *pwd && chdir(pwd) != 0) {
        fprintf(stderr, "embedhub: cannot enter %s: %s\n", pwd, strerror(errno));
        return EXIT_USAGE;
    }
    if (argc < 2) return usage_error(NULL);
    const char *cmd = argv[1];
    if (strcmp(cmd, "check-json") == 0) return cmd_check_json(argc - 2, argv + 2);
    if (strcmp(cmd, "validate") == 0) return run_batch(argc - 2, argv + 2, 0);
    if (strcmp(cmd, "test") == 0) return run_batch(argc - 2, argv + 2, 1);
    if (strcmp(cmd, "check-activation") == 0) return cmd_check_activation(argc - 2, argv + 2);
    if (strcmp(cmd, "form") == 0) return cmd_form(argc - 2, argv + 2);
    if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
        puts(HUB_VERSION);
        return EXIT_VALID;
    }
    if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        fputs(usage, stdout);
        return EXIT_VALID;
    }
    fprintf(stderr, "embedhub: unknown command '%s'\n\n", cmd);
    return usage_error(NULL);
}
