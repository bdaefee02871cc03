/* test_cursor.c — pagination: queries, golden cursors, pages, inserts/deletes, tampering, 10 000 items. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fixture.h"

#define CURSOR_CAP 2048 /* room for any cursor this core mints */

static size_t unhex(const char *hex, unsigned char *out, size_t cap) {
    size_t n = 0;
    for (; hex[0] && hex[1] && n < cap; hex += 2) {
        unsigned v;
        sscanf(hex, "%2x", &v);
        out[n++] = (unsigned char)v;
    }
    return n;
}

/* The query `q` without first/after/before, plus `field`: `cursor` when cursor is not NULL. */
static void query_with(buf_t *b, const cJSON *q, const char *field, const char *cursor) {
    buf_clear(b);
    buf_putc(b, '{');
    for (const cJSON *m = q ? q->child : NULL; m; m = m->next) {
        if (!strcmp(m->string, "first") || !strcmp(m->string, "after") || !strcmp(m->string, "before")) continue;
        if (b->len > 1) buf_putc(b, ',');
        dom_str(b, m->string);
        buf_putc(b, ':');
        dom_write(b, m);
    }
    if (cursor) {
        if (b->len > 1) buf_putc(b, ',');
        dom_str(b, field);
        buf_putc(b, ':');
        dom_str(b, cursor);
    }
    buf_putc(b, '}');
}

/* The position `cursor` decodes to under the filters of `q`, or NULL. */
static const cJSON *decode(arena_t *a, const cJSON *q, const char *field, const char *cursor,
                           const unsigned char *key) {
    buf_t b = { 0 };
    query_with(&b, q, field, cursor);
    char *out = NULL;
    size_t len = 0;
    hub_code code = hub_page_query_parse(b.data, b.len, key, HUB_CURSOR_KEY_BYTES, &out, &len);
    hub_error e;
    const cJSON *ans = code == HUB_OK ? json_parse(a, out, len, &e) : NULL;
    free(out);
    buf_free(&b);
    return member(ans, "position");
}

/* Checks a page answer against {totalCount?, totalConnected?, ids?, next?, prev?}; stores the
 * answer's next/prev cursors (or "") in next/prev when they are not NULL. */
static int page_matches(const cJSON *want, hub_code code, const char *out, size_t len, const cJSON *q,
                        const unsigned char *key, char *next, char *prev) {
    arena_t *a = arena_new(0);
    hub_error e;
    const cJSON *ans = code == HUB_OK ? json_parse(a, out, len, &e) : NULL;
    int ok = ans != NULL;
    static const char *const counts[] = { "totalCount", "totalConnected" };
    for (int i = 0; ok && i < 2; i++)
        if (member(want, counts[i])) ok = match(member(want, counts[i]), member(ans, counts[i]), 0);
    const cJSON *ids = member(want, "ids"), *list = member(ans, "integrations");
    if (ok && ids) {
        ok = cJSON_GetArraySize(ids) == cJSON_GetArraySize(list);
        for (const cJSON *w = ids->child, *g = list ? list->child : NULL; ok && w; w = w->next, g = g->next)
            ok = match(w, member(g, "id"), 0);
    }
    for (int d = 0; ans && d < 2; d++) {
        const char *dir = d ? "prev" : "next";
        const cJSON *w = member(want, dir), *got = member(ans, dir);
        char *keep = d ? prev : next;
        if (keep) snprintf(keep, CURSOR_CAP, "%s", cJSON_IsString(got) ? got->valuestring : "");
        if (!w) continue;
        if (cJSON_IsNull(w)) ok = ok && !got;
        else ok = ok && cJSON_IsString(got) && match(w, decode(a, q, d ? "before" : "after", got->valuestring, key), 0);
    }
    arena_free(a);
    return ok;
}

static void write_items(buf_t *b, const cJSON *const *items, size_t n) {
    buf_clear(b);
    buf_putc(b, '[');
    for (size_t i = 0; i < n; i++) {
        if (i) buf_putc(b, ',');
        dom_write(b, items[i]);
    }
    buf_putc(b, ']');
}

/* SipHash-2-4 reference vectors (key 00..0f; messages 00.. of length 0 and 15). */
static void siphash_matches_reference_vectors(void) {
    unsigned char key[16], msg[64];
    for (int i = 0; i < 16; i++) key[i] = (unsigned char)i;
    for (int i = 0; i < 64; i++) msg[i] = (unsigned char)i;
    CHECK(dom_siphash24(key, msg, 0) == 0x726fdb47dd0e0e31ULL);
    CHECK(dom_siphash24(key, msg, 15) == 0xa129ca6149be45e5ULL);
}

static void cursor_queries_match_fixture(const cJSON *fx, const unsigned char *key) {
    buf_t in = { 0 };
    int n = 0;
    for (const cJSON *c = member(fx, "queries")->child; c; c = c->next, n++) {
        unsigned char k[32];
        size_t klen = HUB_CURSOR_KEY_BYTES, len, out_len = 0;
        const cJSON *kh = member(c, "keyHex");
        memcpy(k, key, HUB_CURSOR_KEY_BYTES);
        if (kh) klen = unhex(kh->valuestring, k, sizeof k);
        const char *text = case_input(c, &in, &len);
        char *out = NULL;
        hub_code code = hub_page_query_parse(text, len, k, klen, &out, &out_len);
        check_answer(c, code, out, out_len);
        free(out);
    }
    CHECK(n >= 80);
    buf_free(&in);
}

static void cursor_encode_matches_golden_cursors(const cJSON *fx, const unsigned char *key) {
    buf_t pos = { 0 }, q = { 0 };
    for (const cJSON *c = member(fx, "encode")->child; c; c = c->next) {
        const cJSON *in = member(c, "input");
        buf_clear(&pos);
        buf_clear(&q);
        dom_write(&pos, member(in, "position"));
        dom_write(&q, member(in, "query"));
        char *out = NULL;
        size_t len = 0;
        hub_code code = hub_cursor_encode(pos.data, pos.len, q.data, q.len, key, HUB_CURSOR_KEY_BYTES, &out, &len);
        check_answer(c, code, out, len);
        free(out);
    }
    buf_free(&pos);
    buf_free(&q);
}

static void pages_match_fixture(const cJSON *fx, const unsigned char *key) {
    buf_t items = { 0 }, q = { 0 };
    int n = 0;
    for (const cJSON *c = member(fx, "pages")->child; c; c = c->next, n++) {
        const cJSON *it = member(c, "items"), *query = member(c, "query"), *text = member(c, "inputText");
        if (cJSON_IsString(it)) it = member(member(fx, "itemSets"), it->valuestring);
        buf_clear(&items);
        if (text) buf_puts(&items, text->valuestring);
        else dom_write(&items, it);
        buf_clear(&q);
        dom_write(&q, query);
        char *out = NULL;
        size_t len = 0;
        hub_code code = hub_page_build(items.data, items.len, q.data, q.len, key, HUB_CURSOR_KEY_BYTES, &out, &len);
        if (member(c, "error") || member(c, "exact")) {
            check_answer(c, code, out, len);
        } else {
            int ok = page_matches(member(c, "expected"), code, out, len, query, key, NULL, NULL);
            if (!ok) fprintf(stderr, "page '%s': %.600s\n", member(c, "name")->valuestring, out ? out : "(null)");
            CHECK(ok);
        }
        free(out);
    }
    CHECK(n >= 40);
    buf_free(&items);
    buf_free(&q);
}

/* Steps run in order on a mutable list; "$next"/"$prev" stand for the previous answer's cursors. */
static void pages_stay_consistent_across_inserts_and_deletes(const cJSON *fx, const unsigned char *key) {
    buf_t items = { 0 }, q = { 0 };
    for (const cJSON *s = member(fx, "sequences")->child; s; s = s->next) {
        const cJSON *rows[256];
        size_t n = 0;
        char next[CURSOR_CAP] = "", prev[CURSOR_CAP] = "";
        for (const cJSON *it = member(s, "items")->child; it && n < 256; it = it->next) rows[n++] = it;
        int step = 0;
        for (const cJSON *st = member(s, "steps")->child; st; st = st->next, step++) {
            const cJSON *mut = member(st, "mutate"), *query = member(st, "query");
            const cJSON *ins = member(mut, "insert");
            for (const cJSON *it = ins ? ins->child : NULL; it && n < 256; it = it->next) rows[n++] = it;
            for (const cJSON *id = member(mut, "delete") ? member(mut, "delete")->child : NULL; id; id = id->next) {
                size_t k = 0;
                for (size_t i = 0; i < n; i++)
                    if (strcmp(member(rows[i], "id")->valuestring, id->valuestring) != 0) rows[k++] = rows[i];
                n = k;
            }
            write_items(&items, rows, n);
            buf_clear(&q);
            buf_putc(&q, '{');
            for (const cJSON *m = query->child; m; m = m->next) {
                if (m != query->child) buf_putc(&q, ',');
                dom_str(&q, m->string);
                buf_putc(&q, ':');
                if (cJSON_IsString(m) && !strcmp(m->valuestring, "$next")) dom_str(&q, next);
                else if (cJSON_IsString(m) && !strcmp(m->valuestring, "$prev")) dom_str(&q, prev);
                else dom_write(&q, m);
            }
            buf_putc(&q, '}');
            char *out = NULL;
            size_t len = 0;
            hub_code code = hub_page_build(items.data, items.len, q.data, q.len, key, HUB_CURSOR_KEY_BYTES, &out, &len);
            int ok = page_matches(member(st, "expected"), code, out, len, query, key, next, prev);
            if (!ok) fprintf(stderr, "sequence '%s' step %d: %.600s\n", member(s, "name")->valuestring, step, out);
            CHECK(ok);
            free(out);
        }
    }
    buf_free(&items);
    buf_free(&q);
}

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* Every variant of every op is rejected with the expected code and field. */
static void tampered_cursors_are_rejected(const cJSON *fx, const unsigned char *key) {
    buf_t q = { 0 };
    for (const cJSON *t = member(fx, "tamper")->child; t; t = t->next) {
        const char *c = member(t, "cursor")->valuestring, *op = member(t, "op")->valuestring;
        const char *field = member(t, "field")->valuestring;
        const char *want = member(member(t, "error"), "code")->valuestring;
        size_t len = strlen(c), variants = 0, bad = 0;
        char v[CURSOR_CAP], ffield[64];
        snprintf(ffield, sizeof ffield, "\"field\":\"%s\"", field);
        for (size_t i = 0; i < len + 66; i++) {
            if (!strcmp(op, "replace_each_char") && i < len) {
                memcpy(v, c, len + 1);
                v[i] = b64[(strchr(b64, c[i]) - b64 + 1) % 64];
            } else if (!strcmp(op, "truncate_each") && i < len) {
                memcpy(v, c, i);
                v[i] = '\0';
            } else if (!strcmp(op, "extend_each") && i < 66) {
                memcpy(v, c, len);
                if (i < 64) v[len] = b64[i], v[len + 1] = '\0';
                else snprintf(v + len, sizeof v - len, "%s", i == 64 ? "AA" : "AAAA");
            } else if (!strcmp(op, "swap_adjacent") && i + 1 < len && c[i] != c[i + 1]) {
                memcpy(v, c, len + 1);
                v[i] = c[i + 1];
                v[i + 1] = c[i];
            } else {
                continue;
            }
            variants++;
            query_with(&q, member(t, "query"), field, v);
            char *out = NULL;
            hub_code code = hub_page_query_parse(q.data, q.len, key, HUB_CURSOR_KEY_BYTES, &out, NULL);
            if (strcmp(hub_code_name(code), want) != 0 || !out || !strstr(out, ffield)) {
                if (!bad++) fprintf(stderr, "tamper %s: '%s' gave %s\n", op, v, hub_code_name(code));
            }
            free(out);
        }
        CHECK(variants > 0 && bad == 0);
    }
    buf_free(&q);
}

/* Builds one page of `items` with `query`; returns the parsed answer (in `a`) or NULL. */
static const cJSON *page_of(arena_t *a, const buf_t *items, const char *query, const unsigned char *key,
                            double *worst_ms) {
    char *out = NULL;
    size_t len = 0;
    clock_t t0 = clock();
    hub_code code = hub_page_build(items->data, items->len, query, strlen(query), key, HUB_CURSOR_KEY_BYTES, &out,
                                   &len);
    double ms = (double)(clock() - t0) * 1000.0 / CLOCKS_PER_SEC;
    if (ms > *worst_ms) *worst_ms = ms;
    hub_error e;
    const cJSON *ans = code == HUB_OK ? json_parse(a, out, len, &e) : NULL;
    free(out);
    return ans;
}

/* Follows next (before = 0) or prev (before = 1) cursors from `cursor` to the end, checking that
 * every row comes strictly after (before) the one visited before it. Returns the rows visited;
 * `turn` receives the last page's cursor for the other direction. */
static int walk(const buf_t *items, const unsigned char *key, int before, const char *cursor, char *turn,
                int *ordered, int *pages, double *worst_ms) {
    char cur[CURSOR_CAP], last_name[64] = "", last_id[16] = "";
    int count = 0;
    snprintf(cur, sizeof cur, "%s", cursor);
    for (;;) {
        buf_t q = { 0 };
        buf_puts(&q, "{\"first\":100,\"deployed\":\"true\"");
        if (cur[0]) {
            buf_puts(&q, before ? ",\"before\":" : ",\"after\":");
            dom_str(&q, cur);
        }
        buf_putc(&q, '}');
        arena_t *a = arena_new(0);
        const cJSON *ans = page_of(a, items, q.data, key, worst_ms);
        buf_free(&q);
        (*pages)++;
        const cJSON *list = member(ans, "integrations");
        int n = cJSON_GetArraySize(list);
        for (int i = 0; i < n; i++) {
            const cJSON *it = cJSON_GetArrayItem(list, before ? n - 1 - i : i);
            const char *nm = member(it, "name")->valuestring, *id = member(it, "id")->valuestring;
            int c = strcmp(nm, last_name);
            if (!c) c = strcmp(id, last_id);
            if (count && (before ? c >= 0 : c <= 0)) *ordered = 0;
            snprintf(last_name, sizeof last_name, "%s", nm);
            snprintf(last_id, sizeof last_id, "%s", id);
            count++;
        }
        const cJSON *go = member(ans, before ? "prev" : "next"), *back = member(ans, before ? "next" : "prev");
        snprintf(turn, CURSOR_CAP, "%s", cJSON_IsString(back) ? back->valuestring : "");
        snprintf(cur, sizeof cur, "%s", cJSON_IsString(go) ? go->valuestring : "");
        arena_free(a);
        if (!ans || !cur[0] || *pages > 1000) return count;
    }
}

/* 10 000 items, many sharing a name: forwards visits every deployed row once in (name, id) byte
 * order; backwards from the last page visits all the others; each page is fast. */
static void pages_through_10000_items(const unsigned char *key) {
    enum { N = 10000 };
    static const char *const names[] = { "Slack", "Zendesk", "\xc3\x84pfel", "\xe4\xb8\xad", "asana" };
    buf_t items = { 0 };
    unsigned seed = 12345;
    buf_putc(&items, '[');
    for (int i = 0; i < N; i++) {
        char s[256];
        seed = seed * 1103515245u + 12345u;
        /* (i * 7919) % N is a permutation: unique ids, not in row order. */
        snprintf(s, sizeof s, "%s{\"id\":\"id%05d\",\"name\":\"%s %u\",\"imageUrl\":\"\",\"description\":\"\","
                 "\"isDeployed\":%s,\"isActivated\":%s}", i ? "," : "", (i * 7919) % N, names[(seed >> 16) % 5],
                 (seed >> 20) % 300u, i % 10 ? "true" : "false", i % 7 ? "false" : "true");
        buf_puts(&items, s);
    }
    buf_putc(&items, ']');
    char turn[CURSOR_CAP];
    int ordered = 1, pages = 0;
    double worst = 0;
    CHECK_EQ_INT(walk(&items, key, 0, "", turn, &ordered, &pages, &worst), N - N / 10);
    CHECK_EQ_INT(walk(&items, key, 1, turn, turn, &ordered, &pages, &worst), N - N / 10 - 100);
    CHECK(ordered);
    CHECK_EQ_INT(pages, 90 + 89);
    printf("test_cursor: %d pages over %d items, slowest page %.1f ms\n", pages, N, worst);
    CHECK(worst < 2000);
    buf_free(&items);
}

static void page_arguments_are_checked(const unsigned char *key) {
    char *out = NULL;
    CHECK_EQ_INT(hub_page_build("[]", 2, "{}", 2, key, HUB_CURSOR_KEY_BYTES, NULL, NULL), HUB_ERR_ARGUMENT);
    CHECK_EQ_INT(hub_page_build("[]", 2, "{}", 2, NULL, HUB_CURSOR_KEY_BYTES, &out, NULL), HUB_ERR_ARGUMENT);
    CHECK(out && strstr(out, "\"field\":\"key\""));
    free(out);
    CHECK_EQ_INT(hub_page_build("[]", 2, NULL, 0, key, HUB_CURSOR_KEY_BYTES, &out, NULL), HUB_OK);
    CHECK_EQ_STR(out, "{\"totalCount\":0,\"integrations\":[],\"totalConnected\":0}");
    free(out);
    CHECK_EQ_INT(hub_page_query_parse(NULL, 0, key, 17, &out, NULL), HUB_ERR_ARGUMENT);
    free(out);
    CHECK_EQ_INT(hub_cursor_encode("{}", 2, "{}", 2, key, HUB_CURSOR_KEY_BYTES, NULL, NULL), HUB_ERR_ARGUMENT);
}

int main(void) {
    arena_t *a = arena_new(0);
    const cJSON *fx = load_fixture(a, "cursor.json");
    unsigned char key[HUB_CURSOR_KEY_BYTES] = { 0 };
    if (fx) unhex(member(fx, "key")->valuestring, key, sizeof key);
    siphash_matches_reference_vectors();
    if (fx) {
        cursor_queries_match_fixture(fx, key);
        cursor_encode_matches_golden_cursors(fx, key);
        pages_match_fixture(fx, key);
        pages_stay_consistent_across_inserts_and_deletes(fx, key);
        tampered_cursors_are_rejected(fx, key);
    }
    pages_through_10000_items(key);
    page_arguments_are_checked(key);
    arena_free(a);
    return check_summary("test_cursor");
}
