/* cli.c — the `embedhub` command: built as a WASI command for npm's `bin`, and natively for tests.
 * Exit codes: 0 valid, 1 invalid (one JSON line per error on stdout), 2 usage or unreadable input. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "embedhub.h"
#include "json.h"

#define EXIT_VALID 0
#define EXIT_INVALID 1
#define EXIT_USAGE 2

static const char usage[] =
    "usage: embedhub <command> [arguments]\n"
    "\n"
    "commands:\n"
    "  check-json FILE     check that FILE is well-formed JSON ('-' reads standard input)\n"
    "  validate --schema SCHEMA [--formats assert] [--all] DATA...\n"
    "                      validate each DATA file against the JSON Schema in SCHEMA\n"
    "  check-activation --integration INTEGRATION --connections CONNECTIONS --user USER\n"
    "                   [--activated] PAYLOAD\n"
    "                      check an ActivationCreate PAYLOAD against the integration, the user's\n"
    "                      connections ({id, externalId} in USER) and every activation rule\n"
    "  form SCHEMA         print the settings form of a variablesSchema as JSON\n"
    "  version             print the version\n"
    "\n"
    "exit status: 0 valid, 1 invalid (errors as JSON lines on stdout), 2 usage or unreadable input\n";

static int usage_error(const char *why) {
    if (why) fprintf(stderr, "embedhub: %s\n\n", why);
    fputs(usage, stderr);
    return EXIT_USAGE;
}

/* Reads the whole file (or stdin for "-") into a malloc'd buffer; NULL with a message on error. */
static char *read_file(const char *path, size_t *len) {
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "embedhub: cannot open %s: %s\n", path, strerror(errno));
        return NULL;
    }
    hub_buf b = { 0 };
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        hub_buf_put(&b, chunk, n);
        if (b.len > HUB_JSON_MAX_BYTES) break; /* the parser reports it as too large */
    }
    int bad = ferror(f);
    if (f != stdin) fclose(f);
    if (bad || b.failed) {
        fprintf(stderr, "embedhub: cannot read %s%s\n", path, b.failed ? ": out of memory" : "");
        hub_buf_free(&b);
        return NULL;
    }
    *len = b.len;
    return b.data ? b.data : calloc(1, 1);
}

/* Prints one error as a JSON line: {"file":…, "code":…, "message":…, …}. */
static void print_error(const char *path, const hub_error *err) {
    hub_buf b = { 0 };
    hub_buf_puts(&b, "{\"file\":");
    hub_buf_json_string(&b, path, strlen(path));
    hub_buf_putc(&b, ',');
    hub_buf json = { 0 };
    hub_buf_json_error(&json, err);
    if (json.data) hub_buf_put(&b, json.data + 1, json.len - 1); /* splice after the '{' */
    hub_buf_free(&json);
    if (b.data && !b.failed) puts(b.data);
    hub_buf_free(&b);
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

/* Prints a validation error of `file` as a JSON line. */
static void print_validation_error(const char *file, const hub_result *res, size_t i) {
    hub_buf b = { 0 };
    const char *parts[4][2] = {
        { "instancePath", hub_result_instance_path(res, i) }, { "schemaPath", hub_result_schema_path(res, i) },
        { "keyword", hub_result_keyword(res, i) }, { "message", hub_result_message(res, i) },
    };
    hub_buf_puts(&b, "{\"file\":");
    hub_buf_json_string(&b, file, strlen(file));
    for (size_t k = 0; k < 4; k++) {
        hub_buf_putc(&b, ',');
        hub_buf_json_key(&b, parts[k][0]);
        hub_buf_json_string(&b, parts[k][1], strlen(parts[k][1]));
    }
    const char *property = hub_result_property(res, i);
    if (property) {
        hub_buf_putc(&b, ',');
        hub_buf_json_key(&b, "property");
        hub_buf_json_string(&b, property, strlen(property));
    }
    hub_buf_putc(&b, '}');
    if (b.data && !b.failed) puts(b.data);
    hub_buf_free(&b);
}

static int cmd_validate(int argc, char **argv) {
    const char *schema_path = NULL;
    unsigned flags = 0;
    int first_data = argc;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--schema") == 0 && i + 1 < argc) schema_path = argv[++i];
        else if (strcmp(argv[i], "--formats") == 0 && i + 1 < argc) {
            const char *mode = argv[++i];
            if (strcmp(mode, "assert") == 0) flags |= HUB_FORMAT_ASSERT;
            else if (strcmp(mode, "annotate") != 0) return usage_error("--formats takes 'assert' or 'annotate'");
        } else if (strcmp(argv[i], "--all") == 0) flags |= HUB_ALL_ERRORS;
        else if (argv[i][0] == '-' && argv[i][1] == '-') return usage_error("unknown option for validate");
        else { first_data = i; break; }
    }
    if (!schema_path) return usage_error("validate needs --schema SCHEMA");
    if (first_data >= argc) return usage_error("validate needs at least one DATA file");
    for (int i = first_data; i < argc; i++)
        if (argv[i][0] == '-' && argv[i][1] == '-') return usage_error("options go before the DATA files");

    size_t len = 0;
    char *text = read_file(schema_path, &len);
    if (!text) return EXIT_USAGE;
    hub_error err;
    hub_ctx *ctx = hub_ctx_new();
    hub_result *res = hub_result_new();
    hub_schema *schema = ctx && res ? hub_schema_compile(ctx, text, len, flags, &err) : NULL;
    free(text);
    int status = EXIT_VALID;
    if (!schema) {
        if (!ctx || !res) fprintf(stderr, "embedhub: out of memory\n");
        else if (err.line) fprintf(stderr, "embedhub: %s is not JSON: %s at line %zu, column %zu\n", schema_path,
                                   err.message, err.line, err.column);
        else fprintf(stderr, "embedhub: %s is not a valid schema: %s at '%s'\n", schema_path, err.message, err.pointer);
        status = EXIT_USAGE;
    }
    for (int i = first_data; schema && i < argc; i++) {
        char *data = read_file(argv[i], &len);
        if (!data) { status = EXIT_USAGE; continue; }
        int valid = hub_schema_validate_json(schema, data, len, res, &err);
        free(data);
        if (valid == 1) continue;
        if (status == EXIT_VALID) status = EXIT_INVALID;
        if (valid == 0) {
            for (size_t k = 0; k < hub_result_count(res); k++) print_validation_error(argv[i], res, k);
        } else if (err.code == HUB_ERR_NOMEM) {
            fprintf(stderr, "embedhub: out of memory validating %s\n", argv[i]);
            status = EXIT_USAGE;
        } else {
            print_error(argv[i], &err);
        }
    }
    hub_schema_free(schema);
    hub_result_free(res);
    hub_ctx_free(ctx);
    return status;
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
    hub_buf b = { 0 };
    hub_buf_puts(&b, "{\"file\":");
    hub_buf_json_string(&b, path, strlen(path));
    hub_buf_putc(&b, ',');
    hub_buf_puts(&b, body + 1); /* splice after the body's '{' */
    if (b.data && !b.failed) puts(b.data);
    hub_buf_free(&b);
    return EXIT_INVALID;
}

/* Prints each error of an activation answer {valid, errors:[{code, message, field}]} as a JSON
 * line with the payload's file name; returns the exit status. */
static int print_activation_errors(const char *path, const char *answer) {
    hub_arena *a = hub_arena_new(0);
    hub_error e;
    cJSON *root = a ? hub_json_parse(a, answer, strlen(answer), &e) : NULL;
    if (!root) {
        hub_arena_free(a);
        fprintf(stderr, "embedhub: out of memory\n");
        return EXIT_USAGE;
    }
    int valid = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(root, "valid"));
    cJSON *err;
    cJSON_ArrayForEach(err, cJSON_GetObjectItemCaseSensitive(root, "errors")) {
        hub_buf b = { 0 };
        hub_buf_puts(&b, "{\"file\":");
        hub_buf_json_string(&b, path, strlen(path));
        for (cJSON *m = err->child; m; m = m->next) {
            if (!cJSON_IsString(m)) continue;
            hub_buf_putc(&b, ',');
            hub_buf_json_string(&b, m->string, strlen(m->string));
            hub_buf_putc(&b, ':');
            hub_buf_json_string(&b, m->valuestring, (size_t)m->valueint);
        }
        hub_buf_putc(&b, '}');
        if (b.data && !b.failed) puts(b.data);
        hub_buf_free(&b);
    }
    hub_arena_free(a);
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
    hub_buf in = { 0 };
    if (status == EXIT_VALID) {
        static const char *const keys[3] = { "{\"payload\":", ",\"integration\":", ",\"connections\":" };
        for (int k = 0; k < 3; k++) {
            hub_buf_puts(&in, keys[k]);
            hub_buf_put(&in, texts[k], lens[k]);
        }
        hub_buf_puts(&in, ",\"user\":");
        hub_buf_put(&in, texts[3], lens[3]);
        hub_buf_puts(&in, activated ? ",\"activated\":true}" : "}");
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
    hub_buf_free(&in);
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
    if (strcmp(cmd, "validate") == 0) return cmd_validate(argc - 2, argv + 2);
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
