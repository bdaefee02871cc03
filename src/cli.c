/* cli.c — the `embedhub` command: built as a WASI command for npm's `bin`, and natively for tests.
 * Exit codes: 0 valid, 1 invalid (one JSON line per error on stdout), 2 usage or unreadable input. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "embedhub.h"

#define EXIT_VALID 0
#define EXIT_INVALID 1
#define EXIT_USAGE 2

static const char usage[] =
    "usage: embedhub <command> [arguments]\n"
    "\n"
    "commands:\n"
    "  check-json FILE     check that FILE is well-formed JSON ('-' reads standard input)\n"
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
