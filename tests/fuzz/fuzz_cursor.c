/* fuzz_cursor.c — libFuzzer target: arbitrary cursors decoded under a fixed query and key, and
 * arbitrary search texts `q` (first byte & 4): the page builds, and the folded q the query
 * reports folds to itself (one pass folds completely). */

/* The first byte picks the path: the rest as cursor text (what a client can send), or as payload
 * sealed with a valid MAC (what only a leaked key allows), so the checks behind the MAC are
 * reached too. Every answer must be JSON; a cursor that decodes must re-encode to itself and page
 * without error. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain.h"

static const unsigned char key[HUB_CURSOR_KEY_BYTES] = { 7, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
static const char items[] =
    "[{\"id\":\"a\",\"name\":\"Slack\",\"imageUrl\":\"\",\"description\":\"\",\"isDeployed\":true,\"isActivated\":true},"
    "{\"id\":\"b\",\"name\":\"\xc3\x84pfel\",\"imageUrl\":\"\",\"description\":\"\",\"isDeployed\":true,\"isActivated\":false},"
    "{\"id\":\"c\",\"name\":\"\",\"imageUrl\":\"\",\"description\":\"\",\"isDeployed\":true,\"isActivated\":false}]";

static void check_json(hub_code code, const char *out, size_t len) {
    if (!out) abort();
    if (hub_json_check(out, len, NULL) != HUB_OK) abort();
    if (code != HUB_OK && !strstr(out, hub_code_name(code))) abort();
}

/* The folded q of {"q": text} (`n` bytes) in a malloc'd string, or NULL when the query fails. */
static char *folded_q(const char *text, size_t n) {
    buf_t q = { 0 };
    buf_puts(&q, "{\"q\":");
    buf_json_string(&q, text, n);
    buf_putc(&q, '}');
    if (q.failed) abort();
    char *out = NULL, *res = NULL;
    size_t len = 0;
    hub_code code = hub_page_query_parse(q.data, q.len, key, sizeof key, &out, &len);
    check_json(code, out, len);
    if (code == HUB_OK) {
        char *page = NULL;
        if (hub_page_build(items, sizeof items - 1, q.data, q.len, key, sizeof key, &page, &len) != HUB_OK) abort();
        check_json(HUB_OK, page, len);
        free(page);
        arena_t *a = arena_new(0);
        const cJSON *v = json_parse(a, out, strlen(out), NULL), *f = v ? dom_get(v, "q") : NULL;
        const char *t = f ? f->valuestring : "";
        res = malloc(strlen(t) + 1);
        if (!res) abort();
        memcpy(res, t, strlen(t) + 1);
        arena_free(a);
    }
    free(out);
    buf_free(&q);
    return res;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    if (data[0] & 4) {
        char *once = folded_q((const char *)data + 1, size - 1);
        if (once && *once) {
            char *twice = folded_q(once, strlen(once));
            if (!twice || strcmp(once, twice) != 0) abort();
            free(twice);
        }
        free(once);
        return 0;
    }
    int sealed = data[0] & 1, before = data[0] >> 1 & 1;
    buf_t cursor = { 0 }, q = { 0 };
    if (sealed) {
        dom_cursor_seal(&cursor, key, data + 1, size - 1);
    } else {
        /* json_parse keeps strings NUL-terminated, so text after a U+0000 never reaches the
         * core: cut there, or the round trip below would compare bytes the core never saw. */
        const uint8_t *nul = memchr(data + 1, 0, size - 1);
        buf_put(&cursor, (const char *)data + 1, nul ? (size_t)(nul - data - 1) : size - 1);
    }
    buf_puts(&q, "{\"first\":2,\"deployed\":true,\"userId\":\"u\",\"hubId\":\"h\",");
    buf_puts(&q, before ? "\"before\":" : "\"after\":");
    buf_json_string(&q, cursor.data ? cursor.data : "", cursor.len);
    buf_putc(&q, '}');
    if (cursor.failed || q.failed) abort();

    char *out = NULL;
    size_t len = 0;
    hub_code code = hub_page_query_parse(q.data, q.len, key, sizeof key, &out, &len);
    check_json(code, out, len);
    if (code == HUB_OK) {
        /* {"first":…,"position":{…}}: the position re-encodes to the very same cursor. */
        const char *pos = strstr(out, "\"position\":");
        if (!pos) abort();
        pos += 11;
        char *enc = NULL;
        size_t enc_len = 0;
        hub_code c2 = hub_cursor_encode(pos, strlen(pos) - 1, q.data, q.len, key, sizeof key, &enc, &enc_len);
        if (c2 != HUB_OK || enc_len != cursor.len + 13 || memcmp(enc + 11, cursor.data, cursor.len) != 0) abort();
        free(enc);
        char *page = NULL;
        if (hub_page_build(items, sizeof items - 1, q.data, q.len, key, sizeof key, &page, &len) != HUB_OK) abort();
        check_json(HUB_OK, page, len);
        free(page);
    }
    free(out);
    buf_free(&cursor);
    buf_free(&q);
    return 0;
}
