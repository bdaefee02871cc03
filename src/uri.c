/* uri.c — RFC 3986 reference resolution (§5.2) and syntax-based normalisation (§6.2.2). */
#include "uri.h"

#include <string.h>

/* A URI split into its five components; a component that is absent has ptr == NULL (an empty
 * query "?" is present with length 0, which matters when resolving). */
typedef struct part {
    const char *p;
    size_t n;
} part;

typedef struct uri_parts {
    part scheme, authority, path, query, fragment;
} uri_parts;

static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_digit(char c) { return c >= '0' && c <= '9'; }

static size_t scheme_len(const char *s, size_t n) {
    if (n == 0 || !is_alpha(s[0])) return 0;
    for (size_t i = 1; i < n; i++) {
        char c = s[i];
        if (c == ':') return i;
        if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-' && c != '.') return 0;
    }
    return 0;
}

int uri_is_absolute(const char *uri, size_t len) { return scheme_len(uri, len) > 0; }

size_t uri_fragment_at(const char *uri, size_t len) {
    if (!len) return 0;
    const char *h = memchr(uri, '#', len);
    return h ? (size_t)(h - uri) : len;
}

static void split(const char *s, size_t n, uri_parts *u) {
    memset(u, 0, sizeof *u);
    size_t i = 0, k = scheme_len(s, n);
    if (k) { u->scheme = (part){ s, k }; i = k + 1; }
    if (n - i >= 2 && s[i] == '/' && s[i + 1] == '/') {
        size_t j = i + 2;
        while (j < n && s[j] != '/' && s[j] != '?' && s[j] != '#') j++;
        u->authority = (part){ s + i + 2, j - i - 2 };
        i = j;
    }
    size_t j = i;
    while (j < n && s[j] != '?' && s[j] != '#') j++;
    u->path = (part){ s + i, j - i };
    i = j;
    if (i < n && s[i] == '?') {
        j = i + 1;
        while (j < n && s[j] != '#') j++;
        u->query = (part){ s + i + 1, j - i - 1 };
        i = j;
    }
    if (i < n && s[i] == '#') u->fragment = (part){ s + i + 1, n - i - 1 };
}

/* Removes "." and ".." segments from the path written at out->data[start..] (RFC 3986 §5.2.4),
 * in place: the output never grows. */
static void remove_dots(buf_t *out, size_t start) {
    char *in = out->data + start;
    size_t n = out->len - start, r = 0, w = 0;
    while (r < n) {
        if (n - r >= 3 && memcmp(in + r, "../", 3) == 0) { r += 3; continue; }
        if (n - r >= 2 && memcmp(in + r, "./", 2) == 0) { r += 2; continue; }
        if (n - r >= 3 && memcmp(in + r, "/./", 3) == 0) { r += 2; continue; }
        if (n - r == 2 && memcmp(in + r, "/.", 2) == 0) { in[r + 1] = '/'; r += 1; continue; }
        int up = 0;
        if (n - r >= 4 && memcmp(in + r, "/../", 4) == 0) { up = 1; r += 3; }
        else if (n - r == 3 && memcmp(in + r, "/..", 3) == 0) { up = 1; in[r + 2] = '/'; r += 2; }
        if (up) {
            while (w > 0 && in[w - 1] != '/') w--;
            if (w > 0) w--;
            continue;
        }
        if ((n - r == 1 && in[r] == '.') || (n - r == 2 && memcmp(in + r, "..", 2) == 0)) break;
        /* Move the first segment (with its leading '/', if any) to the output. */
        size_t e = r + 1;
        while (e < n && in[e] != '/') e++;
        memmove(in + w, in + r, e - r);
        w += e - r;
        r = e;
    }
    out->len = start + w;
    if (out->data) out->data[out->len] = '\0';
}

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static int unreserved(int c) {
    return is_alpha((char)c) || is_digit((char)c) || c == '-' || c == '.' || c == '_' || c == '~';
}

/* Appends `p` with percent-escapes normalised; `lower` also lower-cases ASCII letters. */
static void put_norm(buf_t *out, part p, int lower) {
    for (size_t i = 0; i < p.n; i++) {
        char c = p.p[i];
        if (c == '%' && i + 2 < p.n && hexval(p.p[i + 1]) >= 0 && hexval(p.p[i + 2]) >= 0) {
            int h = hexval(p.p[i + 1]), l = hexval(p.p[i + 2]);
            int v = h << 4 | l;
            if (unreserved(v)) {
                buf_putc(out, (char)(lower && v >= 'A' && v <= 'Z' ? v + 32 : v));
            } else {
                static const char hex[] = "0123456789ABCDEF";
                char esc[3] = { '%', hex[v >> 4], hex[v & 15] };
                buf_put(out, esc, 3);
            }
            i += 2;
            continue;
        }
        if (lower && c >= 'A' && c <= 'Z') c = (char)(c + 32);
        buf_putc(out, c);
    }
}

/* Appends the authority with its host lower-cased (user information keeps its case). */
static void put_authority(buf_t *out, part a) {
    const char *at = memchr(a.p, '@', a.n);
    size_t u = at ? (size_t)(at - a.p) + 1 : 0;
    put_norm(out, (part){ a.p, u }, 0);
    put_norm(out, (part){ a.p + u, a.n - u }, 1);
}

void uri_resolve(buf_t *out, const char *base, const char *ref, size_t ref_len) {
    uri_parts b, r;
    split(base, strlen(base), &b);
    split(ref, ref_len, &r);
    part scheme, authority = { 0 }, query = { 0 };
    int merge = 0, keep_base_path = 0;
    if (r.scheme.p) {
        scheme = r.scheme;
        authority = r.authority;
        query = r.query;
    } else {
        scheme = b.scheme;
        if (r.authority.p) {
            authority = r.authority;
            query = r.query;
        } else {
            authority = b.authority;
            if (r.path.n == 0) {
                keep_base_path = 1;
                query = r.query.p ? r.query : b.query;
            } else {
                merge = r.path.p[0] != '/';
                query = r.query;
            }
        }
    }
    if (scheme.p) {
        put_norm(out, scheme, 1);
        buf_putc(out, ':');
    }
    if (authority.p) {
        buf_put(out, "//", 2);
        put_authority(out, authority);
    }
    size_t path_at = out->len;
    if (keep_base_path) {
        put_norm(out, b.path, 0);
    } else {
        if (merge) {
            if (b.authority.p && b.path.n == 0) {
                buf_putc(out, '/');
            } else {
                size_t k = b.path.n;
                while (k > 0 && b.path.p[k - 1] != '/') k--;
                put_norm(out, (part){ b.path.p, k }, 0);
            }
        }
        put_norm(out, r.path, 0);
        remove_dots(out, path_at);
    }
    if (authority.p && out->len == path_at) buf_putc(out, '/');
    if (query.p) {
        buf_putc(out, '?');
        put_norm(out, query, 0);
    }
    if (r.fragment.p) {
        buf_putc(out, '#');
        buf_put(out, r.fragment.p, r.fragment.n);
    }
}
