/* cursor.c — keyset pagination: page queries, tamper-evident cursors (SipHash-2-4), page building. */
#include <stdlib.h>
#include <string.h>

#include "domain.h"
#include "field.h"
#include "fold.h"

/* ---- SipHash-2-4 (Aumasson & Bernstein), a keyed PRF: a 64-bit MAC over short inputs ---------- */

static uint64_t rd64(const unsigned char *p) {
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) v = v << 8 | p[i];
    return v;
}

static uint64_t rotl(uint64_t x, int b) { return x << b | x >> (64 - b); }

static void sip_rounds(uint64_t v[4], int n) {
    while (n--) {
        v[0] += v[1]; v[1] = rotl(v[1], 13); v[1] ^= v[0]; v[0] = rotl(v[0], 32);
        v[2] += v[3]; v[3] = rotl(v[3], 16); v[3] ^= v[2];
        v[0] += v[3]; v[3] = rotl(v[3], 21); v[3] ^= v[0];
        v[2] += v[1]; v[1] = rotl(v[1], 17); v[1] ^= v[2]; v[2] = rotl(v[2], 32);
    }
}

uint64_t dom_siphash24(const unsigned char key[16], const unsigned char *in, size_t n) {
    uint64_t k0 = rd64(key), k1 = rd64(key + 8);
    uint64_t v[4] = { k0 ^ 0x736f6d6570736575ULL, k1 ^ 0x646f72616e646f6dULL,
                      k0 ^ 0x6c7967656e657261ULL, k1 ^ 0x7465646279746573ULL };
    size_t end = n - n % 8;
    for (size_t i = 0; i < end; i += 8) {
        uint64_t m = rd64(in + i);
        v[3] ^= m;
        sip_rounds(v, 2);
        v[0] ^= m;
    }
    uint64_t last = (uint64_t)n << 56;
    for (size_t j = 0; j < n % 8; j++) last |= (uint64_t)in[end + j] << (8 * j);
    v[3] ^= last;
    sip_rounds(v, 2);
    v[0] ^= last;
    v[2] ^= 0xff;
    sip_rounds(v, 4);
    return v[0] ^ v[1] ^ v[2] ^ v[3];
}

/* ---- base64url without padding, strict: one text per byte string --------------------------- */

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static void b64_encode(buf_t *b, const unsigned char *s, size_t n) {
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)s[i] << 16 | (i + 1 < n ? (uint32_t)s[i + 1] << 8 : 0) | (i + 2 < n ? s[i + 2] : 0);
        char q[4] = { b64[v >> 18], b64[v >> 12 & 63], b64[v >> 6 & 63], b64[v & 63] };
        buf_put(b, q, n - i >= 3 ? 4 : n - i + 1);
    }
}

static int b64_val(unsigned char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    return c == '-' ? 62 : c == '_' ? 63 : -1;
}

/* Decodes `n` characters into `out`; returns the byte count, or -1 for a character outside the
 * alphabet, an impossible length, or non-zero unused bits (which would let two texts carry the
 * same bytes, so an edit to the last character could go unnoticed). */
static long b64_decode(const char *s, size_t n, unsigned char *out) {
    if (n % 4 == 1) return -1;
    size_t o = 0;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < n; i++) {
        int v = b64_val((unsigned char)s[i]);
        if (v < 0) return -1;
        acc = acc << 6 | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (unsigned char)(acc >> bits);
            acc &= (1u << bits) - 1;
        }
    }
    return acc ? -1 : (long)o;
}

/* ---- cursors ----------------------------------------------------------------------------------
 * Bytes: version, direction (0 after, 1 before), filter tag (8), name length (LEB128, 1-2
 * bytes), name, id, MAC (8). The filter tag is a SipHash of the query's filters, so a genuine
 * cursor used under other filters is told apart from a forged one; the MAC covers everything
 * before it. Both hash inputs start with a distinct domain byte ('F', 'C'). */

#define CUR_VERSION 1
#define TAG_BYTES 8
#define CUR_MIN_BYTES (2 + TAG_BYTES + 1 + 1 + TAG_BYTES)
#define CUR_MAX_BYTES (2 + TAG_BYTES + 2 + HUB_PAGE_NAME_MAX + HUB_PAGE_ID_MAX + TAG_BYTES)
#define CUR_MAX_CHARS ((CUR_MAX_BYTES * 4 + 2) / 3)

typedef struct pq {
    int first;
    int deployed;               /* -1 absent, 0 false, 1 true */
    int internal;               /* identifierType is internal */
    const char *user, *hub;     /* NULL when absent */
    const char *q;              /* the search `q`, folded (fold.h); NULL when absent or empty */
    size_t q_len;
    const char *cursor;         /* the text of after or before, NULL when neither */
    int before;                 /* the cursor came in `before` */
    const unsigned char *name, *id;  /* the decoded position */
    size_t name_len, id_len;
} pq;

static void put_u8(buf_t *b, unsigned v) { buf_putc(b, (char)v); }

static void put_opt(buf_t *b, const char *s) {
    size_t n = s ? strlen(s) : 0;
    put_u8(b, s != NULL);
    for (int i = 0; i < 4; i++) put_u8(b, (unsigned)(n >> (8 * i)) & 0xFF);
    buf_put(b, s ? s : "", n);
}

/* The tag of the filters a cursor is bound to (`first` is not one: page sizes may change). */
static uint64_t filter_tag(const unsigned char key[16], const pq *q, dom_err *e) {
    buf_t b = { 0 };
    put_u8(&b, 'F');
    put_u8(&b, CUR_VERSION);
    put_u8(&b, (unsigned)(q->deployed + 1));
    put_u8(&b, (unsigned)q->internal);
    put_opt(&b, q->user);
    put_opt(&b, q->hub);
    if (q->q) { /* appended only with a search, so cursors minted without one keep their tag */
        put_u8(&b, 'Q');
        put_opt(&b, q->q);
    }
    uint64_t t = b.failed ? 0 : dom_siphash24(key, (const unsigned char *)b.data, b.len);
    if (b.failed) dom_fail(e, HUB_ERR_NOMEM, NULL, "out of memory", NULL, NULL);
    buf_free(&b);
    return t;
}

static void wr64(unsigned char *p, uint64_t v) {
    for (int i = 0; i < 8; i++) p[i] = (unsigned char)(v >> (8 * i));
}

/* `buf` holds 'C' then `n` payload bytes and has room for the MAC: appends it and writes the
 * base64url text of payload and MAC. */
static void seal(buf_t *out, const unsigned char key[16], unsigned char *buf, size_t n) {
    wr64(buf + 1 + n, dom_siphash24(key, buf, 1 + n));
    b64_encode(out, buf + 1, n + TAG_BYTES);
}

void dom_cursor_seal(buf_t *b, const unsigned char key[16], const unsigned char *payload, size_t n) {
    unsigned char *buf = malloc(n + 1 + TAG_BYTES);
    if (!buf) { b->failed = 1; return; }
    buf[0] = 'C';
    if (n) memcpy(buf + 1, payload, n);
    seal(b, key, buf, n);
    free(buf);
}

/* Writes the cursor for position (name, id) in direction `before` under the filters of `q`. */
static void cursor_mint(buf_t *out, const unsigned char key[16], const pq *q, int before,
                        const unsigned char *name, size_t name_len, const unsigned char *id, size_t id_len,
                        dom_err *e) {
    unsigned char buf[1 + CUR_MAX_BYTES];
    size_t n = 0;
    buf[n++] = 'C';
    buf[n++] = CUR_VERSION;
    buf[n++] = (unsigned char)before;
    wr64(buf + n, filter_tag(key, q, e));
    n += TAG_BYTES;
    if (name_len >= 128) buf[n++] = (unsigned char)(0x80 | (name_len & 0x7F));
    buf[n++] = (unsigned char)(name_len >> (name_len >= 128 ? 7 : 0));
    memcpy(buf + n, name, name_len);
    n += name_len;
    memcpy(buf + n, id, id_len);
    n += id_len;
    seal(out, key, buf, n - 1);
}

/* Verifies q->cursor and stores its position in q; fills `e` and returns 0 when it is bad. */
static int cursor_open(pq *q, const unsigned char key[16], arena_t *a, dom_err *e) {
    const char *field = q->before ? "before" : "after";
    size_t len = strlen(q->cursor);
    if (len == 0) return dom_fail(e, HUB_ERR_CURSOR_INVALID, field, field, " is an empty cursor", NULL), 0;
    if (len > CUR_MAX_CHARS)
        return dom_fail(e, HUB_ERR_CURSOR_INVALID, field, field, " is longer than any cursor this hub issues", NULL), 0;
    unsigned char *buf = arena_alloc(a, 1 + CUR_MAX_BYTES);
    if (!buf) return dom_fail(e, HUB_ERR_NOMEM, NULL, "out of memory", NULL, NULL), 0;
    long got = b64_decode(q->cursor, len, buf + 1);
    if (got < 0)
        return dom_fail(e, HUB_ERR_CURSOR_INVALID, field, field, " is not a cursor: expected base64url text", NULL), 0;
    size_t n = (size_t)got;
    if (n < CUR_MIN_BYTES)
        return dom_fail(e, HUB_ERR_CURSOR_INVALID, field, field, " is not a cursor: it is too short (truncated?)",
                        NULL), 0;
    buf[0] = 'C';
    uint64_t diff = dom_siphash24(key, buf, 1 + n - TAG_BYTES) ^ rd64(buf + 1 + n - TAG_BYTES);
    if (diff)
        return dom_fail(e, HUB_ERR_CURSOR_INVALID, field, field,
                        " is not a cursor this hub issued, or it was edited or truncated; start again from the"
                        " first page", NULL), 0;
    /* Past the MAC the bytes are our own, unless the key leaked: check them all the same. */
    const unsigned char *p = buf + 1, *end = buf + 1 + n - TAG_BYTES;
    size_t name_len = p[2 + TAG_BYTES], at = 3 + TAG_BYTES;
    if (name_len & 0x80) {
        name_len = (name_len & 0x7F) | (size_t)p[at] << 7;
        at++;
        if (p[at - 1] == 0) name_len = (size_t)-1; /* not the shortest encoding */
    }
    /* Name and id are checked apart: together they could be valid UTF-8 split mid-character. */
    if (p[0] != CUR_VERSION || p[1] > 1 || name_len > HUB_PAGE_NAME_MAX || at + name_len >= (size_t)(end - p) ||
        (size_t)(end - p) - at - name_len > HUB_PAGE_ID_MAX || !dom_utf8_ok(p + at, name_len) ||
        !dom_utf8_ok(p + at + name_len, (size_t)(end - p) - at - name_len))
        return dom_fail(e, HUB_ERR_CURSOR_INVALID, field, field, " is a cursor this version cannot read", NULL), 0;
    uint64_t tag = filter_tag(key, q, e);
    if (e->code) return 0;
    if (tag != rd64(p + 2))
        return dom_fail(e, HUB_ERR_CURSOR_MISMATCH, field, field,
                        " belongs to a listing with other filters (deployed, q, identifierType, userId or hubId);"
                        " start again from the first page", NULL), 0;
    if (p[1] != q->before)
        return dom_fail(e, HUB_ERR_CURSOR_MISMATCH, field,
                        q->before ? "before is a 'next' cursor: pass it as after"
                                  : "after is a 'prev' cursor: pass it as before", NULL, NULL), 0;
    /* The name and id are copied out with a NUL so they can be written as strings. */
    q->name_len = name_len;
    q->id_len = (size_t)(end - p) - at - name_len;
    char *name = arena_strndup(a, (const char *)p + at, name_len);
    char *id = arena_strndup(a, (const char *)p + at + name_len, q->id_len);
    if (!name || !id) return dom_fail(e, HUB_ERR_NOMEM, NULL, "out of memory", NULL, NULL), 0;
    q->name = (const unsigned char *)name;
    q->id = (const unsigned char *)id;
    return 1;
}

/* ---- queries ---------------------------------------------------------------------------------- */

enum { P_FIRST, P_AFTER, P_BEFORE, P_DEPLOYED, P_IDTYPE, P_USER, P_HUB, P_Q, P_COUNT };
static const char *const params[P_COUNT] = {
    "first", "after", "before", "deployed", "identifierType", "userId", "hubId", "q"
};
static const char *const param_errors[P_COUNT] = {
    ("first must be an integer from 1 to " STRINGIFY(HUB_PAGE_MAX_FIRST)), "after must be a cursor string",
    "before must be a cursor string", "deployed must be true or false",
    "identifierType must be internal or external", "userId must be a non-empty string",
    "hubId must be a non-empty string", ("q must be a string of at most " STRINGIFY(HUB_PAGE_Q_MAX) " bytes")
};

/* Folds the search text `s` (`n` bytes) into q->q, without the spaces and tabs at its ends
 * (after folding, so marks there cannot shield them); NULL when nothing is left. */
static int query_fold(pq *q, const char *s, size_t n, arena_t *a, dom_err *e) {
    buf_t b = { 0 };
    fold_text(&b, s, n);
    const char *f = b.data ? b.data : "";
    size_t len = b.len;
    while (len && (f[len - 1] == ' ' || f[len - 1] == '\t')) len--;
    while (len && (*f == ' ' || *f == '\t')) f++, len--;
    q->q = len ? arena_strndup(a, f, len) : NULL;
    q->q_len = len;
    int ok = !b.failed && (q->q || !len);
    buf_free(&b);
    if (!ok) dom_fail(e, HUB_ERR_NOMEM, NULL, "out of memory", NULL, NULL);
    return ok;
}

/* Reads the query object `in` (NULL: all defaults) into `q`. */
static int query_read(const cJSON *in, pq *q, arena_t *a, dom_err *e) {
    char clip[80];
    memset(q, 0, sizeof *q);
    q->first = HUB_PAGE_DEFAULT_FIRST;
    q->deployed = -1;
    if (!in) return 1;
    if (!cJSON_IsObject(in)) return dom_fail(e, HUB_ERR_QUERY, "query", "query must be an object", NULL, NULL), 0;
    for (const cJSON *m = in->child; m; m = m->next) {
        const char *s = cJSON_IsString(m) ? m->valuestring : NULL;
        int k = 0, ok = 0;
        while (k < P_COUNT && strcmp(m->string, params[k]) != 0) k++;
        if (cJSON_IsNull(m)) continue;
        switch (k) {
        case P_FIRST: {
            double v = cJSON_IsNumber(m) ? m->valuedouble : -1;
            if (s && s[0] >= '1' && s[0] <= '9' && strspn(s, "0123456789") == strlen(s) && strlen(s) <= 3) v = atoi(s);
            /* Range first: converting an out-of-range double to int is undefined. */
            ok = v >= 1 && v <= HUB_PAGE_MAX_FIRST && v == (int)v;
            if (ok) q->first = (int)v;
            break;
        }
        case P_AFTER:
        case P_BEFORE:
            if (s && q->cursor)
                return dom_fail(e, HUB_ERR_QUERY, m->string, "use either after or before, not both", NULL, NULL), 0;
            ok = s != NULL;
            q->cursor = s;
            q->before = k == P_BEFORE;
            break;
        case P_DEPLOYED:
            ok = cJSON_IsBool(m) || (s && (strcmp(s, "true") == 0 || strcmp(s, "false") == 0));
            q->deployed = cJSON_IsTrue(m) || (s && s[0] == 't');
            break;
        case P_IDTYPE:
            ok = s && (strcmp(s, "internal") == 0 || strcmp(s, "external") == 0);
            q->internal = s && s[0] == 'i';
            break;
        case P_USER:
        case P_HUB:
            ok = s && *s;
            *(k == P_USER ? &q->user : &q->hub) = s;
            break;
        case P_Q:
            ok = s && (size_t)m->valueint <= HUB_PAGE_Q_MAX;
            if (ok && !query_fold(q, s, (size_t)m->valueint, a, e)) return 0;
            break;
        default: {
            buf_t f = { 0 }; /* the field names the member by the rule of field.h */
            fld_member(&f, m->string, strlen(m->string));
            dom_fail(e, HUB_ERR_QUERY, f.failed ? "query" : f.data, "unknown query parameter '", dom_clip(clip, m->string),
                     "'; expected first, after, before, deployed, q, identifierType, userId or hubId");
            buf_free(&f);
            return 0;
        }
        }
        if (!ok) return dom_fail(e, HUB_ERR_QUERY, params[k], param_errors[k], NULL, NULL), 0;
    }
    return 1;
}

/* The shared start of the three cursor calls: arguments, arena, query (cursor verified when
 * `open`). Returns the arena (NULL on failure, with `e` filled). */
static arena_t *begin(const char *query, size_t query_len, const unsigned char *key, size_t key_len,
                        size_t hint, pq *q, int open, dom_err *e) {
    if (!key || key_len != HUB_CURSOR_KEY_BYTES) {
        dom_fail(e, HUB_ERR_ARGUMENT, "key", "the cursor key must be " STRINGIFY(HUB_CURSOR_KEY_BYTES) " bytes", NULL,
                 NULL);
        return NULL;
    }
    arena_t *a = arena_new(query_len + hint + 4096);
    if (!a) {
        dom_fail(e, HUB_ERR_NOMEM, NULL, "out of memory", NULL, NULL);
        return NULL;
    }
    const cJSON *in = query && query_len ? dom_parse(a, query, query_len, "query", e) : NULL;
    if (e->code == HUB_OK && query_read(in, q, a, e) && open && q->cursor) cursor_open(q, key, a, e);
    return a;
}

hub_code hub_page_query_parse(const char *query, size_t query_len, const unsigned char *key, size_t key_len,
                              char **out, size_t *out_len) {
    if (!out) return HUB_ERR_ARGUMENT;
    dom_err e = { 0 };
    buf_t b = { 0 };
    pq q;
    arena_t *a = begin(query, query_len, key, key_len, 0, &q, 1, &e);
    if (e.code == HUB_OK) {
        buf_puts(&b, "{\"first\":");
        buf_put_uint(&b, (unsigned)q.first);
        buf_puts(&b, q.internal ? ",\"identifierType\":\"internal\"" : ",\"identifierType\":\"external\"");
        if (q.deployed >= 0) buf_puts(&b, q.deployed ? ",\"deployed\":true" : ",\"deployed\":false");
        if (q.q) buf_puts(&b, ",\"q\":"), buf_json_string(&b, q.q, q.q_len);
        if (q.user) buf_puts(&b, ",\"userId\":"), dom_str(&b, q.user);
        if (q.hub) buf_puts(&b, ",\"hubId\":"), dom_str(&b, q.hub);
        if (q.cursor) {
            buf_puts(&b, ",\"position\":{\"name\":");
            dom_str(&b, (const char *)q.name);
            buf_puts(&b, ",\"id\":");
            dom_str(&b, (const char *)q.id);
            buf_puts(&b, q.before ? ",\"direction\":\"before\"}" : ",\"direction\":\"after\"}");
        }
        buf_putc(&b, '}');
    }
    arena_free(a);
    return dom_finish(&e, &b, out, out_len);
}

/* Checks that `v` is a string of at most `max` bytes (at least one when `nonempty`). */
static int str_ok(const cJSON *v, size_t max, int nonempty) {
    return cJSON_IsString(v) && strlen(v->valuestring) <= max && (!nonempty || v->valuestring[0]);
}

hub_code hub_cursor_encode(const char *position, size_t position_len, const char *query, size_t query_len,
                           const unsigned char *key, size_t key_len, char **out, size_t *out_len) {
    if (!out) return HUB_ERR_ARGUMENT;
    dom_err e = { 0 };
    buf_t b = { 0 };
    pq q;
    arena_t *a = begin(query, query_len, key, key_len, position_len, &q, 0, &e);
    const cJSON *pos = e.code ? NULL : dom_parse(a, position, position_len, "position", &e);
    const cJSON *name = dom_get(pos, "name"), *id = dom_get(pos, "id"), *dir = dom_get(pos, "direction");
    if (pos && !cJSON_IsObject(pos))
        dom_fail(&e, HUB_ERR_INPUT, "position", "position must be an object {name, id, direction}", NULL, NULL);
    if (!str_ok(name, HUB_PAGE_NAME_MAX, 0))
        dom_fail(&e, HUB_ERR_INPUT, "position.name",
                 "position.name must be a string of at most " STRINGIFY(HUB_PAGE_NAME_MAX) " bytes", NULL, NULL);
    if (!str_ok(id, HUB_PAGE_ID_MAX, 1))
        dom_fail(&e, HUB_ERR_INPUT, "position.id",
                 "position.id must be a non-empty string of at most " STRINGIFY(HUB_PAGE_ID_MAX) " bytes", NULL, NULL);
    if (!cJSON_IsString(dir) || (strcmp(dir->valuestring, "after") != 0 && strcmp(dir->valuestring, "before") != 0))
        dom_fail(&e, HUB_ERR_INPUT, "position.direction", "position.direction must be after or before", NULL, NULL);
    if (e.code == HUB_OK) {
        buf_puts(&b, "{\"cursor\":\"");
        cursor_mint(&b, key, &q, dir->valuestring[0] == 'b', (const unsigned char *)name->valuestring,
                    strlen(name->valuestring), (const unsigned char *)id->valuestring, strlen(id->valuestring), &e);
        buf_puts(&b, "\"}");
    }
    arena_free(a);
    return dom_finish(&e, &b, out, out_len);
}

/* ---- pages ------------------------------------------------------------------------------------ */

typedef struct row {
    const unsigned char *name, *id;
    size_t name_len, id_len, index;
    const cJSON *item;
} row;

static int bytes_cmp(const unsigned char *a, size_t an, const unsigned char *b, size_t bn) {
    int c = memcmp(a, b, an < bn ? an : bn);
    return c ? c : (an > bn) - (an < bn);
}

/* Keyset order: name, then id, byte-wise (UTF-8 byte order is code point order). */
static int key_cmp(const row *r, const unsigned char *name, size_t name_len, const unsigned char *id, size_t id_len) {
    int c = bytes_cmp(r->name, r->name_len, name, name_len);
    return c ? c : bytes_cmp(r->id, r->id_len, id, id_len);
}

static int row_cmp(const row *a, const row *b) { return key_cmp(a, b->name, b->name_len, b->id, b->id_len); }

static int id_cmp(const row *a, const row *b) { return bytes_cmp(a->id, a->id_len, b->id, b->id_len); }

/* A stable merge sort of row pointers, `tmp` as long as `v`: libc's qsort would add about 1 KB
 * to the WebAssembly module. */
static void sort_rows(const row **v, const row **tmp, size_t n, int (*cmp)(const row *, const row *)) {
    if (n < 2) return;
    size_t h = n / 2, i = 0, j = h, k = 0;
    sort_rows(v, tmp, h, cmp);
    sort_rows(v + h, tmp, n - h, cmp);
    while (i < h && j < n) tmp[k++] = cmp(v[j], v[i]) < 0 ? v[j++] : v[i++];
    while (i < h) tmp[k++] = v[i++];
    memcpy(v, tmp, k * sizeof *v); /* v[j..n) is already in place */
}

/* The first row of the sorted `rows` that is after the position (`or_equal`: or at it). */
static size_t bound(const row *const *rows, size_t n, const pq *q, int or_equal) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = key_cmp(rows[mid], q->name, q->name_len, q->id, q->id_len);
        if (c > 0 || (or_equal && c == 0)) hi = mid;
        else lo = mid + 1;
    }
    return lo;
}

/* Checks one item and fills its row; fills `e` and returns 0 when it is malformed. */
static int item_read(const cJSON *it, size_t i, row *r, dom_err *e) {
    static const char *const members[] = { ".id", ".name", ".imageUrl", ".description", ".isDeployed", ".isActivated",
                                           ".variablesSchema" };
    static const char *const why[] = {
        (" must be a non-empty string of at most " STRINGIFY(HUB_PAGE_ID_MAX) " bytes"),
        (" must be a string of at most " STRINGIFY(HUB_PAGE_NAME_MAX) " bytes"), " must be a string", " must be a string",
        " must be true or false", " must be true or false", " must be an object"
    };
    char f[128];
    if (!cJSON_IsObject(it))
        return dom_fail(e, HUB_ERR_INPUT, dom_path(f, "items", i, ""), f, " must be an object", NULL), 0;
    for (int k = 0; k < 7; k++) {
        const cJSON *v = dom_get(it, members[k] + 1);
        int ok = k < 4 ? cJSON_IsString(v) : k < 6 ? cJSON_IsBool(v) : !v || cJSON_IsObject(v);
        if (ok && k < 2) ok = str_ok(v, k ? HUB_PAGE_NAME_MAX : HUB_PAGE_ID_MAX, k == 0);
        if (!ok) return dom_fail(e, HUB_ERR_INPUT, dom_path(f, "items", i, members[k]), f, why[k], NULL), 0;
    }
    r->id = (const unsigned char *)dom_get(it, "id")->valuestring;
    r->name = (const unsigned char *)dom_get(it, "name")->valuestring;
    r->id_len = strlen((const char *)r->id);
    r->name_len = strlen((const char *)r->name);
    r->index = i;
    r->item = it;
    return 1;
}

static void item_write(buf_t *b, const cJSON *it) {
    static const char *const keys[] = { "id", "name", "imageUrl", "description", "isDeployed", "isActivated",
                                        "variablesSchema" };
    buf_putc(b, '{');
    for (int k = 0; k < 7; k++) {
        const cJSON *v = dom_get(it, keys[k]);
        if (!v) continue;
        if (k) buf_putc(b, ',');
        buf_json_key(b, keys[k]);
        dom_write(b, v);
    }
    buf_putc(b, '}');
}

static void page_write(buf_t *b, const unsigned char key[16], const pq *q, const row *const *rows, size_t n,
                       size_t activated, dom_err *e) {
    size_t lo, hi;
    if (!q->cursor) lo = 0, hi = n < (size_t)q->first ? n : (size_t)q->first;
    else if (!q->before) lo = bound(rows, n, q, 0), hi = lo + (n - lo < (size_t)q->first ? n - lo : (size_t)q->first);
    else hi = bound(rows, n, q, 1), lo = hi > (size_t)q->first ? hi - (size_t)q->first : 0;
    buf_puts(b, "{\"totalCount\":");
    buf_put_uint(b, n);
    /* An empty page (the cursor's row and all beyond it are gone) pages on from the cursor. */
    if (hi < n && (hi > lo || (q->cursor && bound(rows, n, q, 0) < n))) {
        const row *r = hi > lo ? rows[hi - 1] : NULL;
        buf_puts(b, ",\"next\":\"");
        if (r) cursor_mint(b, key, q, 0, r->name, r->name_len, r->id, r->id_len, e);
        else cursor_mint(b, key, q, 0, q->name, q->name_len, q->id, q->id_len, e);
        buf_putc(b, '"');
    }
    if (lo > 0) {
        const row *r = hi > lo ? rows[lo] : NULL;
        buf_puts(b, ",\"prev\":\"");
        if (r) cursor_mint(b, key, q, 1, r->name, r->name_len, r->id, r->id_len, e);
        else cursor_mint(b, key, q, 1, q->name, q->name_len, q->id, q->id_len, e);
        buf_putc(b, '"');
    }
    buf_puts(b, ",\"integrations\":[");
    for (size_t i = lo; i < hi; i++) {
        if (i > lo) buf_putc(b, ',');
        item_write(b, rows[i]->item);
    }
    buf_puts(b, "],\"totalConnected\":");
    buf_put_uint(b, activated);
    buf_putc(b, '}');
}

/* 1 if the search of `q` occurs in the item's name or description, both folded (fold.h). */
static int matches(buf_t *scratch, const cJSON *it, const pq *q) {
    const cJSON *name = dom_get(it, "name"), *desc = dom_get(it, "description");
    return fold_contains(scratch, name->valuestring, (size_t)name->valueint, q->q, q->q_len) ||
           fold_contains(scratch, desc->valuestring, (size_t)desc->valueint, q->q, q->q_len);
}

hub_code hub_page_build(const char *items, size_t items_len, const char *query, size_t query_len,
                        const unsigned char *key, size_t key_len, char **out, size_t *out_len) {
    if (!out) return HUB_ERR_ARGUMENT;
    dom_err e = { 0 };
    buf_t b = { 0 };
    pq q;
    arena_t *a = begin(query, query_len, key, key_len, items_len, &q, 1, &e);
    const cJSON *list = e.code ? NULL : dom_parse(a, items, items_len, "items", &e);
    if (list && !cJSON_IsArray(list)) dom_fail(&e, HUB_ERR_INPUT, "items", "items must be an array", NULL, NULL);
    size_t total = 0, n = 0, activated = 0, i = 0;
    for (const cJSON *it = list ? list->child : NULL; it; it = it->next) total++;
    row *rows = e.code ? NULL : arena_alloc(a, (total + 1) * sizeof *rows);
    const row **order = rows ? arena_alloc(a, 3 * (total + 1) * sizeof *order) : NULL;
    if (e.code == HUB_OK && !order) dom_fail(&e, HUB_ERR_NOMEM, NULL, "out of memory", NULL, NULL);
    buf_t scratch = { 0 };
    for (const cJSON *it = e.code ? NULL : list->child; it && item_read(it, i, &rows[i], &e); it = it->next, i++) {
        activated += (size_t)cJSON_IsTrue(dom_get(it, "isActivated"));
        if ((q.deployed < 0 || cJSON_IsTrue(dom_get(it, "isDeployed")) == q.deployed) && (!q.q || matches(&scratch, it, &q)))
            order[n++] = &rows[i];
    }
    if (scratch.failed) dom_fail(&e, HUB_ERR_NOMEM, NULL, "out of memory", NULL, NULL);
    buf_free(&scratch);
    if (e.code == HUB_OK) {
        /* Every row counts for duplicate ids, whether or not the filter keeps it. */
        const row **by_id = order + total + 1, **tmp = by_id + total + 1;
        for (size_t k = 0; k < total; k++) by_id[k] = &rows[k];
        sort_rows(by_id, tmp, total, id_cmp);
        for (size_t k = 1; k < total && e.code == HUB_OK; k++) {
            if (id_cmp(by_id[k], by_id[k - 1]) == 0) {
                char f[128], g[128], clip[80];
                dom_path(f, "items", by_id[k]->index, ".id");
                if (dom_fail(&e, HUB_ERR_INPUT, f, f, " '", dom_clip(clip, (const char *)by_id[k]->id)))
                    dom_more(&e, "' is a duplicate of ", dom_path(g, "items", by_id[k - 1]->index, ".id"), NULL);
            }
        }
        if (e.code == HUB_OK) {
            sort_rows(order, tmp, n, row_cmp);
            page_write(&b, key, &q, order, n, activated, &e);
        }
    }
    arena_free(a);
    return dom_finish(&e, &b, out, out_len);
}
