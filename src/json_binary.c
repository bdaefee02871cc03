/* json_binary.c — decodes the binary encoding of JS values (json_binary.h) into the cJSON tree the
 * text parser builds, checking every byte: it is an entry point, the bytes come from outside. */
#include "json_binary.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "error.h"
#include "json.h"
#include "unicode.h"

typedef struct jb_frame {
    cJSON *node;   /* the open container */
    cJSON *last;   /* its last child so far */
    uint32_t left; /* members or items still to come */
    uint8_t is_object;
} jb_frame;

typedef struct jb {
    const unsigned char *s;
    size_t len, pos;
    arena_t *a;
    hub_error *err;
    uint64_t text;   /* bytes of the JSON text so far */
    jb_frame *frames;
    size_t depth;
} jb;

__attribute__((cold, noinline)) static int fail(jb *d, hub_code code, const char *msg) {
    err_set(d->err, code, msg);
    return 0;
}

#define MALFORMED(d, what) fail((d), HUB_ERR_ARGUMENT, "malformed binary value: " what)

static int read_u32(jb *d, uint32_t *v) {
    if (d->len - d->pos < 4) return MALFORMED(d, "truncated");
    const unsigned char *p = d->s + d->pos;
    *v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
    d->pos += 4;
    return 1;
}

/* Checks that s[0..n) is UTF-8 (and holds no NUL when it is a member name); adds to *extra the
 * bytes JSON.stringify's escapes add (\" \\ \n and co. one, \u00XX five). */
static int scan_text(const unsigned char *s, size_t n, int member, uint64_t *extra) {
    size_t i = 0;
    for (;;) {
        i = json_scan_plain(s, i, n); /* the bytes JSON.stringify writes as they are */
        if (i >= n) return 1;
        unsigned char c = s[i];
        if (c >= 0x80) {
            uint32_t cp;
            i += uni_utf8_decode(s + i, n - i, &cp);
            if (cp == 0xFFFFFFFFu) return 0;
            continue;
        }
        if (c == 0 && member) return 0;
        *extra += c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t' ? 1 : c < 0x20 ? 5 : 0;
        i++;
    }
}

/* A length-prefixed, NUL-terminated run of UTF-8 at d->pos: its start and length. Adds its JSON
 * text (quotes and escapes included) to d->text. */
static int read_text(jb *d, int member, char **out, size_t *n_out) {
    uint32_t n = 0;
    if (!read_u32(d, &n)) return 0;
    if (d->len - d->pos <= n || d->s[d->pos + n] != 0) return MALFORMED(d, "string length or terminator");
    const unsigned char *p = d->s + d->pos;
    uint64_t extra = 0;
    if (!scan_text(p, n, member, &extra))
        return member ? MALFORMED(d, "member name is not UTF-8 or holds U+0000") : MALFORMED(d, "string is not UTF-8");
    d->text += 2 + (uint64_t)n + extra;
    d->pos += (size_t)n + 1;
    *out = (char *)(uintptr_t)p; /* the tree's strings are never written through */
    *n_out = n;
    return 1;
}

/* Whether s[0..n) is exactly one JSON number token (RFC 8259's grammar). */
static int number_token(const unsigned char *s, size_t n) {
    size_t i = 0;
    if (i < n && s[i] == '-') i++;
    if (i >= n || s[i] < '0' || s[i] > '9') return 0;
    if (s[i] == '0') i++;
    else while (i < n && s[i] >= '0' && s[i] <= '9') i++;
    if (i < n && s[i] == '.') {
        if (++i >= n || s[i] < '0' || s[i] > '9') return 0;
        while (i < n && s[i] >= '0' && s[i] <= '9') i++;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-')) i++;
        if (i >= n || s[i] < '0' || s[i] > '9') return 0;
        while (i < n && s[i] >= '0' && s[i] <= '9') i++;
    }
    return i == n;
}

/* The payload of JB_INT: the value, and its decimal text in the arena (as a token of the text). */
static int read_int(jb *d, cJSON *node) {
    uint32_t u = 0;
    if (!read_u32(d, &u)) return 0;
    int32_t v = (int32_t)u;
    char digits[12], *end = digits + sizeof digits, *p = end;
    uint32_t m = v < 0 ? 0u - u : u;
    do { *--p = (char)('0' + m % 10); m /= 10; } while (m);
    if (v < 0) *--p = '-';
    size_t n = (size_t)(end - p);
    char *tok = arena_alloc(d->a, n + 1);
    if (!tok) return fail(d, HUB_ERR_NOMEM, "out of memory while decoding a value");
    memcpy(tok, p, n);
    tok[n] = '\0';
    node->valuestring = tok;
    node->valuedouble = v;
    node->valueint = v;
    d->text += n;
    return 1;
}

/* The payload of JB_NUMBER: the double, and its token (checked against the grammar). */
static int read_number(jb *d, cJSON *node) {
    if (d->len - d->pos < 8) return MALFORMED(d, "truncated");
    uint64_t bits = 0;
    for (int i = 7; i >= 0; i--) bits = bits << 8 | d->s[d->pos + (size_t)i];
    d->pos += 8;
    double v;
    memcpy(&v, &bits, sizeof v);
    if (!isfinite(v)) return MALFORMED(d, "number is not finite");
    char *tok;
    size_t n;
    if (!read_text(d, 0, &tok, &n)) return 0;
    if (!number_token((const unsigned char *)tok, n)) return MALFORMED(d, "number text is not a JSON number");
    d->text -= 2; /* a token, not a string: no quotes (and no escapes: digits only) */
    node->valuestring = tok;
    node->valuedouble = v;
    node->valueint = v >= 2147483647.0 ? 2147483647 : v <= -2147483648.0 ? -2147483647 - 1 : (int)v;
    return 1;
}


/* Opens the container `node` with `count` members or items: checks the count against the bytes
 * left and the nesting; pushes a frame when it is not empty. */
static int open_container(jb *d, cJSON *node, int is_object) {
    uint32_t count = 0;
    if (!read_u32(d, &count)) return 0;
    if (count > d->len - d->pos) return MALFORMED(d, "count larger than the bytes left");
    if (d->depth >= HUB_JSON_MAX_DEPTH)
        return fail(d, HUB_ERR_JSON_DEPTH, "nesting deeper than " STRINGIFY(HUB_JSON_MAX_DEPTH) " levels");
    d->text += 2 + (count ? (uint64_t)count - 1 : 0); /* brackets and commas */
    if (!count) return 1;
    if (d->depth % 64 == 0) {
        jb_frame *nf = arena_alloc(d->a, (d->depth + 64) * sizeof *nf);
        if (!nf) return fail(d, HUB_ERR_NOMEM, "out of memory while decoding a value");
        if (d->depth) memcpy(nf, d->frames, d->depth * sizeof *nf);
        d->frames = nf;
    }
    d->frames[d->depth++] = (jb_frame){ node, NULL, count, (uint8_t)is_object };
    return 1;
}

static const int node_type[] = { cJSON_NULL, cJSON_False, cJSON_True, cJSON_Number, cJSON_Number, cJSON_String,
                                  cJSON_Array, cJSON_Object };

/* One value at d->pos (its member name first when the innermost container is an object): the
 * node, attached to its parent; containers are opened, not filled. NULL on error. */
static cJSON *read_value(jb *d) {
    char *name = NULL;
    size_t n;
    jb_frame *parent = d->depth ? &d->frames[d->depth - 1] : NULL;
    if (parent && parent->is_object) {
        if (!read_text(d, 1, &name, &n)) return NULL;
        d->text += 1; /* the colon */
    }
    if (d->pos >= d->len) return MALFORMED(d, "truncated"), NULL;
    unsigned tag = d->s[d->pos++];
    if (tag > JB_OBJECT) return MALFORMED(d, "unknown tag"), NULL;
    cJSON *node = arena_alloc(d->a, sizeof *node);
    if (!node) return fail(d, HUB_ERR_NOMEM, "out of memory while decoding a value"), NULL;
    memset(node, 0, sizeof *node);
    node->type = node_type[tag];
    node->string = name;
    if (parent) {
        json_append(parent->node, &parent->last, node);
        parent->left--;
    }
    int ok = 1;
    switch (tag) {
    case JB_NULL: case JB_TRUE: d->text += 4; break;
    case JB_FALSE: d->text += 5; break;
    case JB_INT: ok = read_int(d, node); break;
    case JB_NUMBER: ok = read_number(d, node); break;
    case JB_STRING:
        ok = read_text(d, 0, &node->valuestring, &n);
        node->valueint = (int)n;
        break;
    default: ok = open_container(d, node, tag == JB_OBJECT); break;
    }
    return ok ? node : NULL;
}

cJSON *json_binary_decode(arena_t *a, const unsigned char *bytes, size_t len, size_t *text_len, hub_error *err) {
    jb d;
    memset(&d, 0, sizeof d);
    d.s = bytes;
    d.len = bytes ? len : 0;
    d.a = a;
    d.err = err;
    cJSON *root = read_value(&d);
    if (!root) return NULL;
    while (d.depth > 0) {
        /* Close every container that has all its members, then read the next value. */
        while (d.depth > 0 && d.frames[d.depth - 1].left == 0) d.depth--;
        if (d.depth > 0 && !read_value(&d)) return NULL;
    }
    if (d.pos != d.len) return MALFORMED(&d, "bytes after the value"), NULL;
    if (d.text > HUB_JSON_MAX_BYTES) {
        fail(&d, HUB_ERR_JSON_TOO_LARGE, "JSON text larger than HUB_JSON_MAX_BYTES (" STRINGIFY(HUB_JSON_MAX_BYTES) " bytes)");
        return NULL;
    }
    if (text_len) *text_len = (size_t)d.text;
    err_set(err, HUB_OK, "ok");
    return root;
}
