/* schema_compile.c — the compiler from JSON Schema to flat programs of ops. */
#include "schema.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "format.h"
#include "maps.h"
#include "schema_registry.h"
#include "uri.h"

/* The base URI of a compiled schema that has no $id: absolute, so that "#…" references resolve,
 * and in a scheme nobody serves, so that it cannot collide with a registered document. */
#define DEFAULT_BASE "urn:embedhub:schema"

/* ---- cJSON shapes ------------------------------------------------------------------------------ */

static int j_type(const cJSON *v) { return v->type & 0xFF; }
static int is_object(const cJSON *v) { return j_type(v) == cJSON_Object; }
static int is_array(const cJSON *v) { return j_type(v) == cJSON_Array; }
static int is_string(const cJSON *v) { return j_type(v) == cJSON_String; }
/* A string holding U+0000 (its length comes from the parser): never a URI or an anchor, and
 * strlen would cut it short, so URI-valued keywords refuse it. */
static int has_nul(const cJSON *v) { return v->valueint > 0 && memchr(v->valuestring, 0, (size_t)v->valueint) != NULL; }
static size_t str_bytes(const cJSON *v) { return v->valueint > 0 ? (size_t)v->valueint : strlen(v->valuestring); }
static int is_number(const cJSON *v) { return j_type(v) == cJSON_Number; }
static int is_bool(const cJSON *v) { return j_type(v) == cJSON_True || j_type(v) == cJSON_False; }
static int is_schema(const cJSON *v) { return is_object(v) || is_bool(v); }

static const cJSON *member(const cJSON *obj, const char *name) {
    for (const cJSON *m = obj->child; m; m = m->next)
        if (strcmp(m->string, name) == 0) return m;
    return NULL;
}

static uint32_t count_children(const cJSON *v) {
    uint32_t n = 0;
    for (const cJSON *m = v->child; m; m = m->next) n++;
    return n;
}

/* ---- keywords and vocabularies ------------------------------------------------------------------ */

/* Vocabulary bits; a keyword counts only when its vocabulary is on for the schema's dialect. */
#define V_CORE 1u
#define V_APPLICATOR 2u
#define V_UNEVALUATED 4u
#define V_VALIDATION 8u
#define V_METADATA 16u
#define V_FORMAT 32u
#define V_FORMAT_ASSERT 64u   /* format-assertion vocabulary: `format` asserts whatever the flags */
#define V_CONTENT 128u
#define V_DRAFT7 256u         /* not a vocabulary: the dialect is draft-07 */
#define V_DRAFT2019 512u      /* not a vocabulary: the dialect is 2019-09 */
#define V_2020 (V_CORE | V_APPLICATOR | V_UNEVALUATED | V_VALIDATION | V_METADATA | V_FORMAT | V_CONTENT)
#define V_D7 (V_2020 | V_DRAFT7)

#define D_2020 1u
#define D_7 2u
#define D_2019 4u             /* 2019-09: as 2020-12 but items/additionalItems instead of
                               * prefixItems/items, and no $dynamicRef/$dynamicAnchor */
#define D_NEW (D_2020 | D_2019)
#define D_ALL (D_2020 | D_7 | D_2019)

typedef enum kw_id {
    K_SCHEMA, K_ID, K_ANCHOR, K_DYN_ANCHOR, K_REF, K_DYN_REF, K_DEFS, K_DEFINITIONS, K_COMMENT,
    K_VOCABULARY, K_ALL_OF, K_ANY_OF, K_ONE_OF, K_NOT, K_IF, K_THEN, K_ELSE, K_DEP_SCHEMAS,
    K_DEPENDENCIES, K_PREFIX_ITEMS, K_ITEMS, K_ADDITIONAL_ITEMS, K_CONTAINS, K_PROPERTIES,
    K_PATTERN_PROPERTIES, K_ADDITIONAL_PROPERTIES, K_PROPERTY_NAMES, K_UNEVAL_ITEMS, K_UNEVAL_PROPS,
    K_TYPE, K_CONST, K_ENUM, K_MULTIPLE_OF, K_MAXIMUM, K_EXCL_MAXIMUM, K_MINIMUM, K_EXCL_MINIMUM,
    K_MAX_LENGTH, K_MIN_LENGTH, K_PATTERN, K_MAX_ITEMS, K_MIN_ITEMS, K_UNIQUE_ITEMS, K_MAX_CONTAINS,
    K_MIN_CONTAINS, K_MAX_PROPS, K_MIN_PROPS, K_REQUIRED, K_DEP_REQUIRED, K_TITLE, K_DESCRIPTION,
    K_DEFAULT, K_DEPRECATED, K_READ_ONLY, K_WRITE_ONLY, K_EXAMPLES, K_FORMAT, K_CONTENT_ENCODING,
    K_CONTENT_MEDIA_TYPE, K_CONTENT_SCHEMA,
    K_COUNT
} kw_id;

typedef struct kw_def {
    const char *name;
    uint8_t id;       /* kw_id */
    uint16_t vocab;
    uint8_t dialects;
} kw_def;

/* Sorted by name (bytewise) for binary search. */
static const kw_def keywords[] = {
    { "$anchor", K_ANCHOR, V_CORE, D_NEW },
    { "$comment", K_COMMENT, V_CORE, D_ALL },
    { "$defs", K_DEFS, V_CORE, D_NEW },
    { "$dynamicAnchor", K_DYN_ANCHOR, V_CORE, D_2020 },
    { "$dynamicRef", K_DYN_REF, V_CORE, D_2020 },
    { "$id", K_ID, V_CORE, D_ALL },
    { "$ref", K_REF, V_CORE, D_ALL },
    { "$schema", K_SCHEMA, V_CORE, D_ALL },
    { "$vocabulary", K_VOCABULARY, V_CORE, D_NEW },
    { "additionalItems", K_ADDITIONAL_ITEMS, V_APPLICATOR, D_7 | D_2019 },
    { "additionalProperties", K_ADDITIONAL_PROPERTIES, V_APPLICATOR, D_ALL },
    { "allOf", K_ALL_OF, V_APPLICATOR, D_ALL },
    { "anyOf", K_ANY_OF, V_APPLICATOR, D_ALL },
    { "const", K_CONST, V_VALIDATION, D_ALL },
    { "contains", K_CONTAINS, V_APPLICATOR, D_ALL },
    { "contentEncoding", K_CONTENT_ENCODING, V_CONTENT, D_ALL },
    { "contentMediaType", K_CONTENT_MEDIA_TYPE, V_CONTENT, D_ALL },
    { "contentSchema", K_CONTENT_SCHEMA, V_CONTENT, D_NEW },
    { "default", K_DEFAULT, V_METADATA, D_ALL },
    { "definitions", K_DEFINITIONS, V_CORE, D_ALL }, /* 2020-12 and 2019-09: the old name of $defs */
    { "dependencies", K_DEPENDENCIES, V_APPLICATOR, D_ALL },
    { "dependentRequired", K_DEP_REQUIRED, V_VALIDATION, D_NEW },
    { "dependentSchemas", K_DEP_SCHEMAS, V_APPLICATOR, D_NEW },
    { "deprecated", K_DEPRECATED, V_METADATA, D_NEW },
    { "description", K_DESCRIPTION, V_METADATA, D_ALL },
    { "else", K_ELSE, V_APPLICATOR, D_ALL },
    { "enum", K_ENUM, V_VALIDATION, D_ALL },
    { "examples", K_EXAMPLES, V_METADATA, D_ALL },
    { "exclusiveMaximum", K_EXCL_MAXIMUM, V_VALIDATION, D_ALL },
    { "exclusiveMinimum", K_EXCL_MINIMUM, V_VALIDATION, D_ALL },
    { "format", K_FORMAT, V_FORMAT, D_ALL },
    { "if", K_IF, V_APPLICATOR, D_ALL },
    { "items", K_ITEMS, V_APPLICATOR, D_ALL },
    { "maxContains", K_MAX_CONTAINS, V_VALIDATION, D_NEW },
    { "maxItems", K_MAX_ITEMS, V_VALIDATION, D_ALL },
    { "maxLength", K_MAX_LENGTH, V_VALIDATION, D_ALL },
    { "maxProperties", K_MAX_PROPS, V_VALIDATION, D_ALL },
    { "maximum", K_MAXIMUM, V_VALIDATION, D_ALL },
    { "minContains", K_MIN_CONTAINS, V_VALIDATION, D_NEW },
    { "minItems", K_MIN_ITEMS, V_VALIDATION, D_ALL },
    { "minLength", K_MIN_LENGTH, V_VALIDATION, D_ALL },
    { "minProperties", K_MIN_PROPS, V_VALIDATION, D_ALL },
    { "minimum", K_MINIMUM, V_VALIDATION, D_ALL },
    { "multipleOf", K_MULTIPLE_OF, V_VALIDATION, D_ALL },
    { "not", K_NOT, V_APPLICATOR, D_ALL },
    { "oneOf", K_ONE_OF, V_APPLICATOR, D_ALL },
    { "pattern", K_PATTERN, V_VALIDATION, D_ALL },
    { "patternProperties", K_PATTERN_PROPERTIES, V_APPLICATOR, D_ALL },
    { "prefixItems", K_PREFIX_ITEMS, V_APPLICATOR, D_2020 },
    { "properties", K_PROPERTIES, V_APPLICATOR, D_ALL },
    { "propertyNames", K_PROPERTY_NAMES, V_APPLICATOR, D_ALL },
    { "readOnly", K_READ_ONLY, V_METADATA, D_ALL },
    { "required", K_REQUIRED, V_VALIDATION, D_ALL },
    { "then", K_THEN, V_APPLICATOR, D_ALL },
    { "title", K_TITLE, V_METADATA, D_ALL },
    { "type", K_TYPE, V_VALIDATION, D_ALL },
    { "unevaluatedItems", K_UNEVAL_ITEMS, V_UNEVALUATED, D_NEW },
    { "unevaluatedProperties", K_UNEVAL_PROPS, V_UNEVALUATED, D_NEW },
    { "uniqueItems", K_UNIQUE_ITEMS, V_VALIDATION, D_ALL },
    { "writeOnly", K_WRITE_ONLY, V_METADATA, D_ALL },
};

/* Fills kv[K_*] with the members of `obj` that are keywords under `vocab`; others stay NULL
 * (unknown keywords are ignored, as the specification says). */
static void scan_keywords(const cJSON *obj, unsigned vocab, const cJSON *kv[K_COUNT]) {
    memset(kv, 0, K_COUNT * sizeof *kv);
    unsigned dialect = (vocab & V_DRAFT7) ? D_7 : (vocab & V_DRAFT2019) ? D_2019 : D_2020;
    for (const cJSON *m = obj->child; m; m = m->next) {
        size_t lo = 0, hi = sizeof keywords / sizeof keywords[0];
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            int c = strcmp(m->string, keywords[mid].name);
            if (c == 0) {
                if ((keywords[mid].vocab & vocab) && (keywords[mid].dialects & dialect)) kv[keywords[mid].id] = m;
                break;
            }
            if (c < 0) hi = mid; else lo = mid + 1;
        }
    }
}

/* Vocabulary URIs of 2020-12 (and their 2019-09 twins, for meta-schemas written against it). */
static unsigned vocab_bit(const char *uri) {
    static const struct { const char *name; unsigned bit; } v[] = {
        { "core", V_CORE }, { "applicator", V_APPLICATOR }, { "unevaluated", V_UNEVALUATED },
        { "validation", V_VALIDATION }, { "meta-data", V_METADATA },
        { "format-annotation", V_FORMAT }, { "format-assertion", V_FORMAT_ASSERT | V_FORMAT },
        { "content", V_CONTENT }, { "format", V_FORMAT },
    };
    const char *rest = NULL;
    if (strncmp(uri, "https://json-schema.org/draft/2020-12/vocab/", 44) == 0) rest = uri + 44;
    else if (strncmp(uri, "https://json-schema.org/draft/2019-09/vocab/", 44) == 0) rest = uri + 44;
    if (!rest) return 0;
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (strcmp(rest, v[i].name) == 0) return v[i].bit;
    return 0;
}

/* ---- per-compile state --------------------------------------------------------------------------- */

/* What the indexer knows of one schema node: where it is (for error pointers) and which base
 * URI, resource and dialect apply to it. */
typedef struct info {
    const cJSON *node;
    uint32_t parent;      /* enclosing schema's info, SCH_NONE at a document root */
    const char *kw;       /* keyword leading here from the parent ("properties") or NULL */
    const char *key;      /* then a member name, or NULL */
    int32_t idx;          /* or an array index, or -1 */
    const char *raw;      /* or, for nodes reached through unknown keywords, a pointer suffix */
    const char *base;     /* base URI, no fragment */
    uint32_t res;         /* resource index */
    uint32_t doc;         /* document index (0 = the schema being compiled) */
    uint16_t vocab;
    uint16_t depth;
} info;

typedef struct resource {
    uint32_t info;
    uint32_t prog;        /* its index in the program's resources, SCH_NONE until used */
    uint32_t dyn_head;    /* first of its $dynamicAnchors in dyn_anchors, SCH_NONE if none */
} resource;

typedef struct dyn_anchor {
    const char *name;
    uint32_t info, next;
} dyn_anchor;

typedef struct cdoc {
    const char *uri;
} cdoc;

/* An in-place application (the instance does not move): a cycle of these never ends. */
typedef struct edge {
    uint32_t from, to, info;
    const cJSON *kw;
} edge;

typedef struct cc {
    hub_ctx *ctx;
    hub_error *err;
    int failed;
    unsigned flags;
    uint16_t default_vocab;
    arena_t *arena;           /* the schema's tree and the compiler's strings */
    lifo_t stack;            /* scratch for json_equal */
    buf_t tmp;
    VEC(info) infos;
    VEC(resource) res;
    VEC(dyn_anchor) dyn_anchors;
    VEC(cdoc) docs;
    smap res_by_uri;            /* resource URI → resource */
    smap anchors;               /* "uri#name" → info (bit 31: it is a $dynamicAnchor) */
    smap regex_by_src;          /* pattern source → regexes index */
    smap string_ids;            /* anchor name → strings index */
    pmap info_of;               /* node → info */
    pmap sch_of;                /* node → schema */
    VEC(uint32_t) sch_info;     /* schema → info */
    VEC(uint32_t) queue;        /* schemas waiting to be compiled */
    uint32_t qhead;
    VEC(edge) edges;
    /* the program being built */
    arena_t *parena;
    VEC(sch_op) ops;
    VEC(sch_sub) schemas;
    VEC(sch_resource) pres;
    VEC(sch_dyn) pdyns;
    VEC(uint32_t) pool;
    VEC(sch_prop) props;
    VEC(sch_propset) propsets;
    VEC(sch_pattern) patterns;
    VEC(sch_dep) deps;
    VEC(sch_enum) enums;
    VEC(const cJSON *) values;
    VEC(decimal_t) decimals;
    VEC(sch_regex) regexes;
    VEC(const char *) strings;
} cc;

#define ANCHOR_DYNAMIC 0x80000000u

static int nomem(cc *c) {
    if (!c->failed) err_set(c->err, HUB_ERR_NOMEM, "out of memory while compiling a schema");
    c->failed = 1;
    return 0;
}

/* Makes room for `k` more elements in vector `vec`; 0 (with the error set) on OOM. */
#define RESERVE(c, vec, k) \
    (vgrow((void **)&(vec).v, &(vec).cap, (vec).n + (k), sizeof *(vec).v) || nomem(c))

static char *cc_strndup(cc *c, arena_t *a, const char *s, size_t n) {
    char *d = arena_strndup(a, s, n);
    if (!d) nomem(c);
    return d;
}

/* ---- compile errors with JSON Pointers ------------------------------------------------------------ */

static void put_token(buf_t *b, const char *s, size_t n) {
    buf_putc(b, '/');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '~') buf_put(b, "~0", 2);
        else if (s[i] == '/') buf_put(b, "~1", 2);
        else buf_putc(b, s[i]);
    }
}

static void put_index(buf_t *b, uint64_t i) {
    buf_putc(b, '/');
    buf_put_uint(b, i);
}

/* Writes the JSON Pointer of info `ii` inside its document (recursion depth is bounded by
 * HUB_SCHEMA_MAX_DEPTH, which the indexer enforces). */
static void put_info_pointer(buf_t *b, const cc *c, uint32_t ii) {
    const info *in = &c->infos.v[ii];
    if (in->parent != SCH_NONE) put_info_pointer(b, c, in->parent);
    if (in->raw) buf_puts(b, in->raw);
    if (in->kw) put_token(b, in->kw, strlen(in->kw));
    if (in->key) put_token(b, in->key, strlen(in->key));
    if (in->idx >= 0) put_index(b, (uint64_t)in->idx);
}

/* Records the first compile error: `code`, static `msg`, and as pointer the location of info
 * `ii` followed by the member `m` (a keyword, may be NULL) and then `key` or `idx` (>= 0) inside
 * it. For a document other than the compiled one, the pointer is prefixed with "uri#". Returns 0. */
static int fail_at(cc *c, hub_code code, const char *msg, uint32_t ii, const cJSON *m, const char *key,
                   int64_t idx) {
    if (c->failed) return 0;
    c->failed = 1;
    err_set(c->err, code, msg);
    if (!c->err || ii == SCH_NONE) return 0;
    buf_t b = { 0 };
    uint32_t doc = c->infos.v[ii].doc;
    if (doc != 0) {
        buf_puts(&b, c->docs.v[doc].uri);
        buf_putc(&b, '#');
    }
    put_info_pointer(&b, c, ii);
    if (m) put_token(&b, m->string, strlen(m->string));
    if (key) put_token(&b, key, strlen(key));
    if (idx >= 0) put_index(&b, (uint64_t)idx);
    if (!b.failed && b.data) {
        size_t n = b.len < sizeof c->err->pointer - 1 ? b.len : sizeof c->err->pointer - 1;
        memcpy(c->err->pointer, b.data, n);
        c->err->pointer[n] = '\0';
    }
    buf_free(&b);
    return 0;
}

static int fail(cc *c, hub_code code, const char *msg, uint32_t ii, const cJSON *m) {
    return fail_at(c, code, msg, ii, m, NULL, -1);
}

/* ---- indexing: ids, anchors, resources -------------------------------------------------------------- */

static int dialect_of(cc *c, const char *uri, uint32_t ii, const cJSON *m, uint16_t *vocab, int depth);
static uint32_t find_resource(cc *c, const char *uri);

static uint32_t new_resource(cc *c, const char *uri, uint32_t ii) {
    if (!RESERVE(c, c->res, 1)) return SCH_NONE;
    uint32_t r = c->res.n++;
    c->res.v[r] = (resource){ ii, SCH_NONE, SCH_NONE };
    /* A second schema claiming the same URI does not replace the first. */
    if (!smap_get(&c->res_by_uri, uri, strlen(uri)) && !smap_put(&c->res_by_uri, uri, strlen(uri), r)) {
        nomem(c);
        return SCH_NONE;
    }
    return r;
}

static int add_anchor(cc *c, const char *base, const char *name, uint32_t ii, uint32_t flag) {
    buf_clear(&c->tmp);
    buf_puts(&c->tmp, base);
    buf_putc(&c->tmp, '#');
    buf_puts(&c->tmp, name);
    if (c->tmp.failed) return nomem(c);
    char *key = cc_strndup(c, c->arena, c->tmp.data, c->tmp.len);
    if (!key) return 0;
    uint32_t *old = smap_get(&c->anchors, key, c->tmp.len);
    if (old) {
        *old |= flag;
        return 1;
    }
    return smap_put(&c->anchors, key, c->tmp.len, ii | flag) || nomem(c);
}

static int anchor_syntax_ok(const char *s) {
    if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_')) return 0;
    for (s++; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
              *s == '-' || *s == '_' || *s == '.'))
            return 0;
    return 1;
}

typedef struct loc {
    uint32_t parent;
    const char *kw, *key;
    int32_t idx;
    const char *raw;
} loc;

static int walk(cc *c, const cJSON *node, loc at, const char *base, uint32_t res, uint16_t vocab,
                uint32_t doc, unsigned depth);

static int walk_id(cc *c, const cJSON *id, uint32_t me, int root, int d7);
static int walk_anchors(cc *c, const cJSON *kv[K_COUNT], uint32_t me);
static int walk_children(cc *c, const cJSON *kv[K_COUNT], uint32_t me);

static int walk_child(cc *c, const cJSON *v, uint32_t me, const cJSON *kwm, const char *key, int32_t idx) {
    const info *in = &c->infos.v[me];
    loc at = { me, kwm->string, key, idx, NULL };
    return walk(c, v, at, in->base, in->res, in->vocab, in->doc, in->depth + 1u);
}

/* Indexes the schema `node` and its subschemas: records an info for each, the resources their
 * $id create, and their anchors. Nodes that are not schemas are skipped (the compiler reports
 * them when it reaches them). */
static int walk(cc *c, const cJSON *node, loc at, const char *base, uint32_t res, uint16_t vocab,
                uint32_t doc, unsigned depth) {
    if (!is_schema(node) || pmap_get(&c->info_of, node)) return 1;
    if (!RESERVE(c, c->infos, 1)) return 0;
    uint32_t me = c->infos.n++;
    c->infos.v[me] = (info){ node, at.parent, at.kw, at.key, at.idx, at.raw, base, res, doc, vocab,
                             (uint16_t)(depth > 0xFFFF ? 0xFFFF : depth) };
    if (!pmap_put(&c->info_of, node, me)) return nomem(c);
    if (depth > HUB_SCHEMA_MAX_DEPTH)
        return fail(c, HUB_ERR_SCHEMA_LIMIT,
                    "schema nested deeper than HUB_SCHEMA_MAX_DEPTH (" STRINGIFY(HUB_SCHEMA_MAX_DEPTH) ") levels",
                    me, NULL);
    if (at.parent == SCH_NONE) {
        res = new_resource(c, base, me);
        if (res == SCH_NONE) return 0;
        c->infos.v[me].res = res;
    }
    if (!is_object(node)) return 1;

    const cJSON *id = member(node, "$id"), *sch = member(node, "$schema");
    if (sch && (at.parent == SCH_NONE || id)) {
        if (!is_string(sch) || has_nul(sch) || !uri_is_absolute(sch->valuestring, strlen(sch->valuestring)))
            return fail(c, HUB_ERR_SCHEMA, "$schema must be a string holding an absolute URI", me, sch);
        if (!dialect_of(c, sch->valuestring, me, sch, &vocab, 0)) return 0;
        c->infos.v[me].vocab = vocab;
    }
    int d7 = (vocab & V_DRAFT7) != 0;
    /* In draft-07, $ref makes every sibling keyword ignored, $id included. */
    if (id && !(d7 && member(node, "$ref")) && !walk_id(c, id, me, at.parent == SCH_NONE, d7)) return 0;
    const cJSON *kv[K_COUNT];
    scan_keywords(node, vocab, kv);
    return walk_anchors(c, kv, me) && walk_children(c, kv, me);
}

/* The $id of info `me` (at a document root when `root`): a new base URI, and a new resource
 * unless it is the root's own; a fragment is a plain-name anchor in draft-07 and an error in
 * 2020-12. */
static int walk_id(cc *c, const cJSON *id, uint32_t me, int root, int d7) {
    const char *base = c->infos.v[me].base;
    uint32_t res = c->infos.v[me].res;
    if (!is_string(id) || has_nul(id)) return fail(c, HUB_ERR_SCHEMA, "$id must be a string (a URI reference)", me, id);
    buf_clear(&c->tmp);
    uri_resolve(&c->tmp, base, id->valuestring, strlen(id->valuestring));
    if (c->tmp.failed) return nomem(c);
    const char *text = c->tmp.data ? c->tmp.data : "";
    size_t f = uri_fragment_at(text, c->tmp.len);
    const char *frag = f < c->tmp.len ? text + f + 1 : "";
    if (!d7 && *frag) return fail(c, HUB_ERR_SCHEMA, "$id must not have a non-empty fragment (use $anchor)", me, id);
    char *uri = cc_strndup(c, c->arena, text, f);
    char *anchor = *frag ? cc_strndup(c, c->arena, frag, strlen(frag)) : NULL;
    if (!uri || (*frag && !anchor)) return 0;
    if (strcmp(uri, base) != 0) {
        if (root) {
            if (!smap_get(&c->res_by_uri, uri, strlen(uri)) && !smap_put(&c->res_by_uri, uri, strlen(uri), res))
                return nomem(c);
        } else {
            res = new_resource(c, uri, me);
            if (res == SCH_NONE) return 0;
        }
        base = uri;
        c->infos.v[me].base = base;
        c->infos.v[me].res = res;
    }
    return !anchor || add_anchor(c, base, anchor, me, 0);
}

/* $anchor and $dynamicAnchor of info `me`; a dynamic one is also listed with its resource. */
static int walk_anchors(cc *c, const cJSON *kv[K_COUNT], uint32_t me) {
    static const uint8_t anchor_kws[] = { K_ANCHOR, K_DYN_ANCHOR };
    const char *base = c->infos.v[me].base;
    uint32_t res = c->infos.v[me].res;
    for (size_t i = 0; i < sizeof anchor_kws; i++) {
        const cJSON *a = kv[anchor_kws[i]];
        if (!a) continue;
        if (!is_string(a) || has_nul(a) || !anchor_syntax_ok(a->valuestring))
            return fail(c, HUB_ERR_SCHEMA, "an anchor must be a string matching ^[A-Za-z_][-A-Za-z0-9._]*$", me, a);
        int dynamic = anchor_kws[i] == K_DYN_ANCHOR;
        if (!add_anchor(c, base, a->valuestring, me, dynamic ? ANCHOR_DYNAMIC : 0)) return 0;
        if (dynamic) {
            if (!RESERVE(c, c->dyn_anchors, 1)) return 0;
            c->dyn_anchors.v[c->dyn_anchors.n] = (dyn_anchor){ a->valuestring, me, c->res.v[res].dyn_head };
            c->res.v[res].dyn_head = c->dyn_anchors.n++;
        }
    }
    return 1;
}

/* The subschemas of info `me`: under keywords that hold one, an array of them, or a map. */
static int walk_children(cc *c, const cJSON *kv[K_COUNT], uint32_t me) {
    static const uint8_t single[] = { K_ADDITIONAL_PROPERTIES, K_PROPERTY_NAMES, K_NOT, K_IF, K_THEN, K_ELSE,
                                      K_CONTAINS, K_ADDITIONAL_ITEMS, K_UNEVAL_ITEMS, K_UNEVAL_PROPS,
                                      K_CONTENT_SCHEMA, K_ITEMS };
    static const uint8_t arrays[] = { K_ALL_OF, K_ANY_OF, K_ONE_OF, K_PREFIX_ITEMS, K_ITEMS };
    static const uint8_t maps[] = { K_PROPERTIES, K_PATTERN_PROPERTIES, K_DEFS, K_DEFINITIONS, K_DEP_SCHEMAS,
                                    K_DEPENDENCIES };
    for (size_t i = 0; i < sizeof single; i++) {
        const cJSON *m = kv[single[i]];
        if (m && !walk_child(c, m, me, m, NULL, -1)) return 0;
    }
    for (size_t i = 0; i < sizeof arrays; i++) {
        const cJSON *m = kv[arrays[i]];
        if (!m || !is_array(m)) continue;
        int32_t k = 0;
        for (const cJSON *e = m->child; e; e = e->next, k++)
            if (!walk_child(c, e, me, m, NULL, k)) return 0;
    }
    for (size_t i = 0; i < sizeof maps; i++) {
        const cJSON *m = kv[maps[i]];
        if (!m || !is_object(m)) continue;
        for (const cJSON *e = m->child; e; e = e->next)
            if (!walk_child(c, e, me, m, e->string, -1)) return 0;
    }
    return 1;
}

/* Indexes a whole document found at `uri`. */
static int index_doc(cc *c, const char *uri, const cJSON *root) {
    if (!RESERVE(c, c->docs, 1)) return 0;
    uint32_t d = c->docs.n++;
    c->docs.v[d].uri = uri;
    loc at = { SCH_NONE, NULL, NULL, -1, NULL };
    return walk(c, root, at, uri, SCH_NONE, c->default_vocab, d, 0);
}

/* Returns the resource known by `uri` (absolute, no fragment), indexing the registered document
 * that holds it on first use; SCH_NONE if there is none (or on error, with c->failed set). */
static uint32_t find_resource(cc *c, const char *uri) {
    size_t n = strlen(uri);
    uint32_t *r = smap_get(&c->res_by_uri, uri, n);
    if (r) return *r;
    uint32_t d;
    if (!registry_find(c->ctx, uri, n, &d)) return SCH_NONE;
    hub_error perr;
    const cJSON *root = registry_doc_root(c->ctx, d, &perr);
    if (!root) {
        if (!c->failed) *c->err = perr;
        c->failed = 1;
        return SCH_NONE;
    }
    if (pmap_get(&c->info_of, root)) return SCH_NONE;
    if (!index_doc(c, registry_doc_uri(c->ctx, d), root)) return SCH_NONE;
    r = smap_get(&c->res_by_uri, uri, n);
    return r ? *r : SCH_NONE;
}

/* Sets *vocab from the meta-schema URI `uri` ($schema of info `ii`, member `m`): the dialects
 * we know by name, or a custom meta-schema's $vocabulary. Draft-04/06 are read as draft-07, the
 * closest dialect implemented; 2019-09 as 2020-12 with its own array keywords ($recursiveRef is
 * not implemented). */
static int dialect_of(cc *c, const char *uri, uint32_t ii, const cJSON *m, uint16_t *vocab, int depth) {
    buf_clear(&c->tmp);
    uri_resolve(&c->tmp, "", uri, strlen(uri));
    if (c->tmp.failed) return nomem(c);
    size_t f = uri_fragment_at(c->tmp.data, c->tmp.len);
    char *u = cc_strndup(c, c->arena, c->tmp.data ? c->tmp.data : "", f);
    if (!u) return 0;
    const char *s = strncmp(u, "http://", 7) == 0 ? u + 7 : strncmp(u, "https://", 8) == 0 ? u + 8 : NULL;
    if (s) {
        if (strcmp(s, "json-schema.org/draft-07/schema") == 0 || strcmp(s, "json-schema.org/draft-06/schema") == 0 ||
            strcmp(s, "json-schema.org/draft-04/schema") == 0) {
            *vocab = V_D7;
            return 1;
        }
        if (strcmp(s, "json-schema.org/draft/2020-12/schema") == 0) {
            *vocab = V_2020;
            return 1;
        }
        if (strcmp(s, "json-schema.org/draft/2019-09/schema") == 0) {
            *vocab = V_2020 | V_DRAFT2019;
            return 1;
        }
    }
    uint32_t r = find_resource(c, u);
    if (c->failed) return 0;
    if (r == SCH_NONE) return fail(c, HUB_ERR_SCHEMA_REF, "$schema names a meta-schema that is not known", ii, m);
    const cJSON *meta = c->infos.v[c->res.v[r].info].node;
    const cJSON *voc = is_object(meta) ? member(meta, "$vocabulary") : NULL;
    if (voc && is_object(voc)) {
        unsigned bits = V_CORE;
        for (const cJSON *e = voc->child; e; e = e->next) {
            unsigned b = vocab_bit(e->string);
            if (!b && j_type(e) == cJSON_True)
                return fail(c, HUB_ERR_SCHEMA, "the meta-schema requires a vocabulary this implementation does not know",
                            ii, m);
            bits |= b;
        }
        *vocab = (uint16_t)bits;
        return 1;
    }
    const cJSON *next = is_object(meta) ? member(meta, "$schema") : NULL;
    if (!next || !is_string(next) || depth >= 8) {
        *vocab = V_2020;
        return 1;
    }
    return dialect_of(c, next->valuestring, ii, m, vocab, depth + 1);
}

/* ---- resolving references ---------------------------------------------------------------------------- */

static int hexdig(char ch) {
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
}

/* Follows the JSON Pointer `ptr` (percent-decoded, still ~-escaped) from the resource node of
 * info `from`; returns the target's info (indexing it if it was reached through keywords the
 * indexer does not descend into), or SCH_NONE if nothing is there. */
static uint32_t follow_pointer(cc *c, uint32_t from, const char *ptr) {
    const cJSON *node = c->infos.v[from].node;
    uint32_t last = from;
    const char *last_at = ptr;
    const char *p = ptr;
    while (*p == '/') {
        p++;
        const char *e = p;
        while (*e && *e != '/') e++;
        /* Unescape the token into tmp. */
        buf_clear(&c->tmp);
        for (const char *q = p; q < e; q++) {
            if (*q == '~' && q + 1 < e && (q[1] == '0' || q[1] == '1')) {
                buf_putc(&c->tmp, q[1] == '0' ? '~' : '/');
                q++;
            } else {
                buf_putc(&c->tmp, *q);
            }
        }
        if (c->tmp.failed) { nomem(c); return SCH_NONE; }
        const char *tok = c->tmp.data ? c->tmp.data : "";
        size_t tlen = c->tmp.len;
        const cJSON *next = NULL;
        if (is_object(node)) {
            for (const cJSON *m = node->child; m; m = m->next)
                if (strlen(m->string) == tlen && memcmp(m->string, tok, tlen) == 0) { next = m; break; }
        } else if (is_array(node)) {
            if (tlen == 0 || tlen > 9 || (tlen > 1 && tok[0] == '0')) return SCH_NONE;
            size_t i = 0;
            for (size_t k = 0; k < tlen; k++) {
                if (tok[k] < '0' || tok[k] > '9') return SCH_NONE;
                i = i * 10 + (size_t)(tok[k] - '0');
            }
            next = node->child;
            while (next && i--) next = next->next;
        }
        if (!next) return SCH_NONE;
        node = next;
        p = e;
        uint32_t *ni = pmap_get(&c->info_of, node);
        if (ni) { last = *ni; last_at = p; }
    }
    if (*p) return SCH_NONE;
    uint32_t *ni = pmap_get(&c->info_of, node);
    if (ni) return *ni;
    if (!is_schema(node)) return SCH_NONE;
    char *raw = cc_strndup(c, c->arena, last_at, strlen(last_at));
    if (!raw) return SCH_NONE;
    const info *in = &c->infos.v[last];
    loc at = { last, NULL, NULL, -1, raw };
    if (!walk(c, node, at, in->base, in->res, in->vocab, in->doc, in->depth + 1u)) return SCH_NONE;
    ni = pmap_get(&c->info_of, node);
    return ni ? *ni : SCH_NONE;
}

/* Resolves the $ref / $dynamicRef member `m` of info `ii`. Returns the target's info or
 * SCH_NONE (error set). *dyn_name is set to the anchor name when the fragment names a
 * $dynamicAnchor, else NULL. */
static uint32_t resolve_ref(cc *c, uint32_t ii, const cJSON *m, const char **dyn_name) {
    *dyn_name = NULL;
    const char *ref = m->valuestring;
    buf_clear(&c->tmp);
    uri_resolve(&c->tmp, c->infos.v[ii].base, ref, strlen(ref));
    if (c->tmp.failed) { nomem(c); return SCH_NONE; }
    const char *text = c->tmp.data ? c->tmp.data : "";
    size_t f = uri_fragment_at(text, c->tmp.len);
    char *uri = cc_strndup(c, c->arena, text, f);
    char *frag = cc_strndup(c, c->arena, f < c->tmp.len ? text + f + 1 : "", f < c->tmp.len ? c->tmp.len - f - 1 : 0);
    if (!uri || !frag) return SCH_NONE;
    uint32_t r = find_resource(c, uri);
    if (c->failed) return SCH_NONE;
    if (r == SCH_NONE) {
        fail(c, HUB_ERR_SCHEMA_REF, "reference to a schema that is not known (not in this document, not registered)",
             ii, m);
        return SCH_NONE;
    }
    uint32_t rinfo = c->res.v[r].info;
    if (!*frag) return rinfo;
    if (frag[0] == '/') {
        /* Percent-decode in place: the fragment is URI-encoded, the pointer is not. */
        char *w = frag;
        for (const char *q = frag; *q; q++) {
            if (*q == '%' && hexdig(q[1]) >= 0 && hexdig(q[2]) >= 0) {
                *w++ = (char)(hexdig(q[1]) << 4 | hexdig(q[2]));
                q += 2;
            } else {
                *w++ = *q;
            }
        }
        *w = '\0';
        uint32_t t = follow_pointer(c, rinfo, frag);
        if (t == SCH_NONE && !c->failed)
            fail(c, HUB_ERR_SCHEMA_REF, "reference's JSON Pointer does not lead to a schema", ii, m);
        return t;
    }
    buf_clear(&c->tmp);
    buf_puts(&c->tmp, uri);
    buf_putc(&c->tmp, '#');
    buf_puts(&c->tmp, frag);
    if (c->tmp.failed) { nomem(c); return SCH_NONE; }
    uint32_t *a = smap_get(&c->anchors, c->tmp.data, c->tmp.len);
    if (!a) {
        fail(c, HUB_ERR_SCHEMA_REF, "reference to an anchor that does not exist", ii, m);
        return SCH_NONE;
    }
    if (*a & ANCHOR_DYNAMIC) *dyn_name = frag;
    return *a & ~ANCHOR_DYNAMIC;
}

/* ---- building the program ---------------------------------------------------------------------------- */

/* Returns the schema index of info `ii`, queueing it for compilation the first time. */
static uint32_t schema_of(cc *c, uint32_t ii) {
    const cJSON *node = c->infos.v[ii].node;
    uint32_t *s = pmap_get(&c->sch_of, node);
    if (s) return *s;
    if (!RESERVE(c, c->schemas, 1) || !RESERVE(c, c->sch_info, 1) || !RESERVE(c, c->queue, 1)) return SCH_NONE;
    uint32_t sid = c->schemas.n++;
    memset(&c->schemas.v[sid], 0, sizeof c->schemas.v[sid]);
    c->sch_info.v[c->sch_info.n++] = ii;
    c->queue.v[c->queue.n++] = sid;
    if (!pmap_put(&c->sch_of, node, sid)) { nomem(c); return SCH_NONE; }
    return sid;
}

/* The schema for subschema `v` found under keyword member `m` of info `ii` (at `key` or `idx`). */
static uint32_t child(cc *c, uint32_t ii, const cJSON *m, const cJSON *v, const char *key, int32_t idx) {
    if (!is_schema(v)) {
        fail_at(c, HUB_ERR_SCHEMA, "must be a schema (an object or a boolean)", ii, m, key, idx);
        return SCH_NONE;
    }
    uint32_t *ci = pmap_get(&c->info_of, v);
    if (!ci) {
        if (!walk_child(c, v, ii, m, key, idx)) return SCH_NONE;
        ci = pmap_get(&c->info_of, v);
        if (!ci) { nomem(c); return SCH_NONE; }
    }
    return schema_of(c, *ci);
}

static int edge_add(cc *c, uint32_t from, uint32_t to, uint32_t ii, const cJSON *m) {
    if (!RESERVE(c, c->edges, 1)) return 0;
    c->edges.v[c->edges.n++] = (edge){ from, to, ii, m };
    return 1;
}

static sch_op *emit(cc *c, sch_opcode code, sch_kw kw) {
    if (!RESERVE(c, c->ops, 1)) return NULL;
    sch_op *o = &c->ops.v[c->ops.n++];
    memset(o, 0, sizeof *o);
    o->code = (uint8_t)code;
    o->kw = (uint8_t)kw;
    return o;
}

static uint32_t pool_take(cc *c, uint32_t n) {
    if (!RESERVE(c, c->pool, n)) return SCH_NONE;
    uint32_t at = c->pool.n;
    c->pool.n += n;
    return at;
}

static uint32_t string_id(cc *c, const char *s) {
    size_t n = strlen(s);
    uint32_t *id = smap_get(&c->string_ids, s, n);
    if (id) return *id;
    char *copy = cc_strndup(c, c->parena, s, n);
    if (!copy || !RESERVE(c, c->strings, 1)) return SCH_NONE;
    uint32_t k = c->strings.n++;
    c->strings.v[k] = copy;
    if (!smap_put(&c->string_ids, copy, n, k)) { nomem(c); return SCH_NONE; }
    return k;
}

/* The program's resource for compiler resource `r`: created on first use, with every
 * $dynamicAnchor of the resource queued, since $dynamicRef may land on any of them. */
static uint32_t program_resource(cc *c, uint32_t r) {
    if (c->res.v[r].prog != SCH_NONE) return c->res.v[r].prog;
    uint32_t n = 0;
    for (uint32_t a = c->res.v[r].dyn_head; a != SCH_NONE; a = c->dyn_anchors.v[a].next) n++;
    if (!RESERVE(c, c->pres, 1) || !RESERVE(c, c->pdyns, n)) return SCH_NONE;
    uint32_t p = c->pres.n++;
    c->res.v[r].prog = p;
    c->pres.v[p] = (sch_resource){ c->pdyns.n, n };
    uint32_t first = c->pdyns.n;
    c->pdyns.n += n;
    uint32_t k = first;
    for (uint32_t a = c->res.v[r].dyn_head; a != SCH_NONE; a = c->dyn_anchors.v[a].next, k++) {
        uint32_t name = string_id(c, c->dyn_anchors.v[a].name);
        uint32_t sid = schema_of(c, c->dyn_anchors.v[a].info);
        if (name == SCH_NONE || sid == SCH_NONE) return SCH_NONE;
        c->pdyns.v[k] = (sch_dyn){ name, sid };
    }
    return p;
}

/* Deep-copies a JSON value into the program's arena (recursion bounded by the parser's depth). */
static cJSON *copy_value(cc *c, const cJSON *v) {
    cJSON *n = arena_alloc(c->parena, sizeof *n);
    if (!n) { nomem(c); return NULL; }
    memset(n, 0, sizeof *n);
    n->type = v->type;
    n->valuedouble = v->valuedouble;
    n->valueint = v->valueint;
    if (v->valuestring) {
        /* A string keeps its byte length in valueint, as json_parse left it (U+0000 inside). */
        size_t len = j_type(v) == cJSON_String && v->valueint > 0 ? (size_t)v->valueint : strlen(v->valuestring);
        if (!(n->valuestring = cc_strndup(c, c->parena, v->valuestring, len))) return NULL;
    }
    if (v->string && !(n->string = cc_strndup(c, c->parena, v->string, strlen(v->string)))) return NULL;
    cJSON *last = NULL;
    for (const cJSON *k = v->child; k; k = k->next) {
        cJSON *d = copy_value(c, k);
        if (!d) return NULL;
        if (last) { last->next = d; d->prev = last; } else { n->child = d; }
        last = d;
    }
    if (n->child) n->child->prev = last;
    return n;
}

/* ---- keyword value checks ---------------------------------------------------------------------------- */

static int need(cc *c, int ok, uint32_t ii, const cJSON *m, const char *msg) {
    return ok || fail(c, HUB_ERR_SCHEMA, msg, ii, m);
}

static int nonneg_value(const cJSON *m, uint64_t *out) {
    if (!is_number(m)) return 0;
    double d = m->valuedouble;
    if (!(d >= 0) || floor(d) != d) return 0;
    *out = d >= 18446744073709551615.0 ? UINT64_MAX : (uint64_t)d;
    return 1;
}

static int need_nonneg(cc *c, uint32_t ii, const cJSON *m, const char *msg, uint64_t *out) {
    return need(c, nonneg_value(m, out), ii, m, msg);
}

/* A non-empty array of schemas: their indices go to the pool. Returns the pool offset. */
static uint32_t schema_list(cc *c, uint32_t ii, const cJSON *m, const char *msg) {
    if (!is_array(m) || !m->child) { fail(c, HUB_ERR_SCHEMA, msg, ii, m); return SCH_NONE; }
    uint32_t n = count_children(m), at = pool_take(c, n);
    if (at == SCH_NONE) return SCH_NONE;
    int32_t k = 0;
    for (const cJSON *e = m->child; e; e = e->next, k++) {
        uint32_t s = child(c, ii, m, e, NULL, k);
        if (s == SCH_NONE) return SCH_NONE;
        c->pool.v[at + (uint32_t)k] = s;
    }
    return at;
}

/* `src` is `n` bytes long and may hold U+0000 (a pattern string's length comes from the parser). */
static uint32_t regex_of(cc *c, uint32_t ii, const cJSON *m, const char *key, const char *src, size_t n) {
    uint32_t *r = smap_get(&c->regex_by_src, src, n);
    if (r) return *r;
    hub_error rerr;
    re_prog *re = re_compile(src, n, &rerr);
    if (!re) {
        fail_at(c, rerr.code, rerr.message, ii, m, key, -1);
        if (c->err) {
            c->err->offset = rerr.offset;
            c->err->line = rerr.line;
            c->err->column = rerr.column;
        }
        return SCH_NONE;
    }
    char *copy = cc_strndup(c, c->parena, src, n);
    if (!copy || !RESERVE(c, c->regexes, 1)) { re_free(re); return SCH_NONE; }
    uint32_t k = c->regexes.n++;
    c->regexes.v[k] = (sch_regex){ re, copy };
    if (!smap_put(&c->regex_by_src, copy, n, k)) { nomem(c); return SCH_NONE; }
    return k;
}

/* Names listed by `required` (list == kwm) or by one dependentRequired / dependencies entry
 * (list is the member `key` of kwm): an array of distinct strings. */
static int check_names(cc *c, uint32_t ii, const cJSON *kwm, const cJSON *list, const char *key, const char *msg) {
    if (!is_array(list)) return fail_at(c, HUB_ERR_SCHEMA, msg, ii, kwm, key, -1);
    int32_t k = 0;
    for (const cJSON *e = list->child; e; e = e->next, k++) {
        if (!is_string(e)) return fail_at(c, HUB_ERR_SCHEMA, "must be a string (a property name)", ii, kwm, key, k);
        for (const cJSON *f = list->child; f != e; f = f->next)
            if (str_bytes(f) == str_bytes(e) && memcmp(f->valuestring, e->valuestring, str_bytes(e)) == 0)
                return fail_at(c, HUB_ERR_SCHEMA, "must not list the same name twice", ii, kwm, key, k);
    }
    return 1;
}

/* ---- compiling one schema ---------------------------------------------------------------------------- */

static sch_prop *prop_slot(sch_prop *t, uint32_t mask, const char *name, uint32_t len, uint32_t hash) {
    uint32_t i = hash & mask;
    while (t[i].name && !(t[i].hash == hash && t[i].len == len && sch_bytes_equal(t[i].name, name, len)))
        i = (i + 1) & mask;
    return &t[i];
}

/* properties + patternProperties + additionalProperties + required → one OP_PROPS. */
static int compile_props(cc *c, uint32_t ii, const cJSON *kv[K_COUNT]) {
    const cJSON *props = kv[K_PROPERTIES], *pats = kv[K_PATTERN_PROPERTIES];
    const cJSON *addl = kv[K_ADDITIONAL_PROPERTIES], *req = kv[K_REQUIRED];
    if (props && !is_object(props)) return fail(c, HUB_ERR_SCHEMA, "properties must be an object of schemas", ii, props);
    if (pats && !is_object(pats)) return fail(c, HUB_ERR_SCHEMA, "patternProperties must be an object of schemas", ii, pats);
    if (req && !check_names(c, ii, req, req, NULL, "required must be an array of strings")) return 0;
    uint32_t np = props ? count_children(props) : 0, nr = req ? count_children(req) : 0;
    uint32_t cap = 4;
    while (cap < 2 * (np + nr)) cap *= 2;
    if (!RESERVE(c, c->props, cap) || !RESERVE(c, c->propsets, 1)) return 0;
    uint32_t first = c->props.n;
    c->props.n += cap;
    memset(&c->props.v[first], 0, cap * sizeof(sch_prop));
    sch_propset ps = { first, cap - 1, nr, SCH_NONE, 0, 0, SCH_NONE, 0 };
    if (props) {
        for (const cJSON *e = props->child; e; e = e->next) {
            uint32_t s = child(c, ii, props, e, e->string, -1);
            if (s == SCH_NONE) return 0;
            uint32_t len = (uint32_t)strlen(e->string), h = sch_prop_hash(e->string, len);
            char *name = cc_strndup(c, c->parena, e->string, len);
            if (!name) return 0;
            *prop_slot(&c->props.v[first], cap - 1, name, len, h) = (sch_prop){ name, len, h, s, 0 };
        }
    }
    if (req && nr) {
        ps.req_first = pool_take(c, nr);
        if (ps.req_first == SCH_NONE) return 0;
        uint32_t k = 0;
        for (const cJSON *e = req->child; e; e = e->next, k++) {
            /* the parser's length: a name holding U+0000 matches no member (members never hold one) */
            uint32_t len = (uint32_t)str_bytes(e), h = sch_prop_hash(e->valuestring, len);
            sch_prop *p = prop_slot(&c->props.v[first], cap - 1, e->valuestring, len, h);
            if (!p->name) {
                char *name = cc_strndup(c, c->parena, e->valuestring, len);
                if (!name) return 0;
                *p = (sch_prop){ name, len, h, SCH_NONE, 0 };
            }
            p->required = 1;
            c->pool.v[ps.req_first + k] = (uint32_t)(p - &c->props.v[first]);
        }
    }
    if (pats && pats->child) {
        uint32_t n = count_children(pats);
        if (!RESERVE(c, c->patterns, n)) return 0;
        ps.pat_first = c->patterns.n;
        for (const cJSON *e = pats->child; e; e = e->next) {
            uint32_t re = regex_of(c, ii, pats, e->string, e->string, strlen(e->string)); /* names hold no U+0000 */
            uint32_t s = re == SCH_NONE ? SCH_NONE : child(c, ii, pats, e, e->string, -1);
            if (s == SCH_NONE) return 0;
            if (!RESERVE(c, c->patterns, 1)) return 0;
            c->patterns.v[c->patterns.n++] = (sch_pattern){ re, s };
            ps.pat_count++;
        }
    }
    if (addl) {
        ps.additional = child(c, ii, addl, addl, NULL, -1);
        if (ps.additional == SCH_NONE) return 0;
        ps.additional_false = j_type(addl) == cJSON_False;
    }
    uint32_t k = c->propsets.n++;
    c->propsets.v[k] = ps;
    sch_op *o = emit(c, OP_PROPS, KW_PROPERTIES);
    if (!o) return 0;
    o->a = k;
    return 1;
}

static const struct { const char *name; unsigned mask; } type_names[] = {
    { "null", SCH_T_NULL }, { "boolean", SCH_T_BOOLEAN }, { "object", SCH_T_OBJECT },
    { "array", SCH_T_ARRAY }, { "number", SCH_T_INTEGER | SCH_T_FRACTION }, { "string", SCH_T_STRING },
    { "integer", SCH_T_INTEGER },
};

static int type_bit(const cJSON *v, unsigned *bit) {
    if (!is_string(v) || has_nul(v)) return 0; /* "string\u0000x" is no type name */
    for (size_t i = 0; i < sizeof type_names / sizeof type_names[0]; i++)
        if (strcmp(v->valuestring, type_names[i].name) == 0) { *bit = type_names[i].mask; return 1; }
    return 0;
}

static int compile_type(cc *c, uint32_t ii, const cJSON *m) {
    static const char bad[] =
        "type must be a type name (null, boolean, object, array, number, string, integer) or an array of them";
    unsigned mask = 0, bit;
    if (is_array(m) && m->child) {
        int32_t k = 0;
        for (const cJSON *e = m->child; e; e = e->next, k++) {
            if (!type_bit(e, &bit)) return fail_at(c, HUB_ERR_SCHEMA, bad, ii, m, NULL, k);
            for (const cJSON *f = m->child; f != e; f = f->next)
                if (str_bytes(f) == str_bytes(e) && memcmp(f->valuestring, e->valuestring, str_bytes(e)) == 0)
                    return fail_at(c, HUB_ERR_SCHEMA, "type must not list the same type twice", ii, m, NULL, k);
            mask |= bit;
        }
    } else if (type_bit(m, &bit)) {
        mask = bit;
    } else {
        return fail(c, HUB_ERR_SCHEMA, bad, ii, m);
    }
    sch_op *o = emit(c, OP_TYPE, KW_TYPE);
    if (!o) return 0;
    o->a = mask;
    return 1;
}

/* `distinct`: draft-07's meta-schema wants a non-empty enum without repeated values. */
static int compile_enum(cc *c, uint32_t ii, const cJSON *m, int distinct) {
    if (!is_array(m)) return fail(c, HUB_ERR_SCHEMA, "enum must be an array", ii, m);
    if (distinct && !m->child) return fail(c, HUB_ERR_SCHEMA, "enum must not be empty", ii, m);
    uint32_t n = count_children(m);
    if (!RESERVE(c, c->values, n) || !RESERVE(c, c->enums, 1)) return 0;
    sch_enum en = { c->values.n, n, 0, 0 };
    for (const cJSON *e = m->child; e; e = e->next) {
        cJSON *v = copy_value(c, e);
        if (!v) return 0;
        c->values.v[c->values.n++] = v;
    }
    if (distinct && n <= 8)
        for (uint32_t k = 1; k < n; k++)
            for (uint32_t j = 0; j < k; j++)
                if (json_equal(c->values.v[en.first + j], c->values.v[en.first + k], &c->stack))
                    return fail_at(c, HUB_ERR_SCHEMA, "enum must not list the same value twice", ii, m, NULL, k);
    /* Small enums are scanned; larger ones get a hash table so that lookups stay O(1). */
    if (n > 8) {
        uint32_t cap = 16;
        while (cap < 2 * n) {
            if (cap > UINT32_MAX / 4) return nomem(c);
            cap *= 2;
        }
        en.table = pool_take(c, cap);
        if (en.table == SCH_NONE) return 0;
        en.mask = cap - 1;
        memset(&c->pool.v[en.table], 0, cap * sizeof(uint32_t));
        for (uint32_t k = 0; k < n; k++) {
            const cJSON *v = c->values.v[en.first + k];
            uint32_t i = json_hash(v) & en.mask;
            for (; c->pool.v[en.table + i]; i = (i + 1) & en.mask)
                if (distinct && json_equal(c->values.v[c->pool.v[en.table + i] - 1], v, &c->stack))
                    return fail_at(c, HUB_ERR_SCHEMA, "enum must not list the same value twice", ii, m, NULL, k);
            c->pool.v[en.table + i] = en.first + k + 1;
        }
    }
    uint32_t k = c->enums.n++;
    c->enums.v[k] = en;
    sch_op *o = emit(c, OP_ENUM, KW_ENUM);
    if (!o) return 0;
    o->a = k;
    return 1;
}

static int compile_number(cc *c, uint32_t ii, const cJSON *m, sch_opcode code, sch_kw kw, const char *msg) {
    if (!is_number(m)) return fail(c, HUB_ERR_SCHEMA, msg, ii, m);
    sch_op *o = emit(c, code, kw);
    if (!o) return 0;
    o->v.d = m->valuedouble;
    o->text = cc_strndup(c, c->parena, m->valuestring, strlen(m->valuestring));
    return o->text != NULL;
}

static int compile_count(cc *c, uint32_t ii, const cJSON *m, sch_opcode code, sch_kw kw, const char *msg) {
    uint64_t n = 0;
    if (!need_nonneg(c, ii, m, msg, &n)) return 0;
    sch_op *o = emit(c, code, kw);
    if (!o) return 0;
    o->v.n = n;
    return 1;
}

/* prefixItems + items (2020-12), or items (schema or array) + additionalItems (draft-07,
 * 2019-09, when `array_items`) → one OP_ITEMS. */
static int compile_items(cc *c, uint32_t ii, const cJSON *kv[K_COUNT], int array_items) {
    const cJSON *prefix = NULL, *rest = NULL;
    sch_kw pkw = KW_PREFIX_ITEMS, rkw = KW_ITEMS;
    const cJSON *items = kv[K_ITEMS];
    if (array_items) {
        if (kv[K_ADDITIONAL_ITEMS] && !is_schema(kv[K_ADDITIONAL_ITEMS]))
            return fail(c, HUB_ERR_SCHEMA, "additionalItems must be a schema (an object or a boolean)", ii,
                        kv[K_ADDITIONAL_ITEMS]);
        pkw = KW_ITEMS;
        if (items && is_array(items)) {
            prefix = items;
            rest = kv[K_ADDITIONAL_ITEMS];
            rkw = KW_ADDITIONAL_ITEMS;
        } else {
            rest = items;
        }
    } else {
        prefix = kv[K_PREFIX_ITEMS];
        rest = items;
    }
    if (!prefix && !rest) return 1;
    sch_op op = { 0 };
    op.code = OP_ITEMS;
    op.kw = (uint8_t)rkw;
    op.flags = (uint16_t)(pkw << 8);
    op.c = SCH_NONE;
    if (prefix) {
        op.a = schema_list(c, ii, prefix, array_items ? "items must be a schema or a non-empty array of schemas"
                                              : "prefixItems must be a non-empty array of schemas");
        if (op.a == SCH_NONE) return 0;
        op.b = count_children(prefix);
    }
    if (rest) {
        op.c = child(c, ii, rest, rest, NULL, -1);
        if (op.c == SCH_NONE) return 0;
        if (j_type(rest) == cJSON_False) op.flags |= OPF_REST_FALSE;
    }
    sch_op *o = emit(c, OP_ITEMS, rkw);
    if (!o) return 0;
    *o = op;
    return 1;
}

static int compile_contains(cc *c, uint32_t ii, const cJSON *kv[K_COUNT]) {
    const cJSON *m = kv[K_CONTAINS];
    uint64_t min = 1, max = UINT64_MAX;
    if (kv[K_MIN_CONTAINS] && !need_nonneg(c, ii, kv[K_MIN_CONTAINS], "minContains must be a non-negative integer", &min))
        return 0;
    if (kv[K_MAX_CONTAINS] && !need_nonneg(c, ii, kv[K_MAX_CONTAINS], "maxContains must be a non-negative integer", &max))
        return 0;
    if (!m) return 1;
    uint32_t s = child(c, ii, m, m, NULL, -1);
    if (s == SCH_NONE) return 0;
    sch_op *o = emit(c, OP_CONTAINS, KW_CONTAINS);
    if (!o) return 0;
    o->a = s;
    o->b = min > UINT32_MAX - 1 ? UINT32_MAX - 1 : (uint32_t)min;
    o->c = max >= UINT32_MAX ? SCH_NONE : (uint32_t)max;
    return 1;
}

/* dependentRequired / dependentSchemas / draft-07 dependencies (both forms, split by value). */
static int compile_deps(cc *c, uint32_t sid, uint32_t ii, const cJSON *m, int want_schemas, sch_kw kw) {
    if (!is_object(m))
        return fail(c, HUB_ERR_SCHEMA,
                    kw == KW_DEPENDENT_REQUIRED ? "dependentRequired must be an object of string arrays"
                    : kw == KW_DEPENDENT_SCHEMAS ? "dependentSchemas must be an object of schemas"
                                                     : "dependencies must be an object of schemas or string arrays",
                    ii, m);
    uint32_t n = 0;
    for (const cJSON *e = m->child; e; e = e->next) {
        int is_list = kw == KW_DEPENDENT_REQUIRED || (kw == KW_DEPENDENCIES && is_array(e));
        if (is_list == !want_schemas) n++;
    }
    if (!n) return 1;
    if (!RESERVE(c, c->deps, n)) return 0;
    uint32_t first = c->deps.n;
    for (const cJSON *e = m->child; e; e = e->next) {
        int is_list = kw == KW_DEPENDENT_REQUIRED || (kw == KW_DEPENDENCIES && is_array(e));
        if (is_list == want_schemas) continue;
        uint32_t len = (uint32_t)strlen(e->string);
        sch_dep d = { cc_strndup(c, c->parena, e->string, len), len, SCH_NONE, 0, 0 };
        if (!d.name) return 0;
        if (want_schemas) {
            d.schema = child(c, ii, m, e, e->string, -1);
            if (d.schema == SCH_NONE || !edge_add(c, sid, d.schema, ii, m)) return 0;
        } else {
            if (!check_names(c, ii, m, e, e->string, "dependentRequired values must be arrays of strings")) return 0;
            d.count = count_children(e);
            d.first = pool_take(c, d.count);
            if (d.count && d.first == SCH_NONE) return 0;
            uint32_t k = 0;
            for (const cJSON *f = e->child; f; f = f->next, k++) {
                uint32_t s = string_id(c, f->valuestring);
                if (s == SCH_NONE) return 0;
                c->pool.v[d.first + k] = s;
            }
        }
        c->deps.v[c->deps.n++] = d;
    }
    sch_op *o = emit(c, want_schemas ? OP_DEP_SCHEMAS : OP_DEP_REQUIRED, kw);
    if (!o) return 0;
    o->a = first;
    o->b = n;
    return 1;
}

static int compile_ref(cc *c, uint32_t sid, uint32_t ii, const cJSON *m, int dynamic) {
    if (!is_string(m) || has_nul(m)) return fail(c, HUB_ERR_SCHEMA, "a reference must be a string (a URI reference)", ii, m);
    const char *dyn_name;
    uint32_t t = resolve_ref(c, ii, m, &dyn_name);
    if (t == SCH_NONE) return 0;
    uint32_t ts = schema_of(c, t);
    if (ts == SCH_NONE) return 0;
    sch_op *o;
    if (dynamic && dyn_name) {
        uint32_t name = string_id(c, dyn_name);
        if (name == SCH_NONE || !(o = emit(c, OP_DYNAMIC_REF, KW_DYNAMIC_REF))) return 0;
        o->a = ts;
        o->b = name;
        return 1;
    }
    if (!(o = emit(c, OP_REF, dynamic ? KW_DYNAMIC_REF : KW_REF))) return 0;
    o->a = ts;
    return edge_add(c, sid, ts, ii, m);
}

static int compile_list_op(cc *c, uint32_t sid, uint32_t ii, const cJSON *m, sch_opcode code, sch_kw kw,
                           const char *msg) {
    uint32_t at = schema_list(c, ii, m, msg);
    if (at == SCH_NONE) return 0;
    uint32_t n = count_children(m);
    for (uint32_t k = 0; k < n; k++)
        if (!edge_add(c, sid, c->pool.v[at + k], ii, m)) return 0;
    sch_op *o = emit(c, code, kw);
    if (!o) return 0;
    o->a = at;
    o->b = n;
    return 1;
}

/* Checks the shapes of keywords that compile to no op (annotations, identifiers). */
static int check_annotations(cc *c, uint32_t ii, const cJSON *kv[K_COUNT]) {
    static const uint8_t strings[] = { K_TITLE, K_DESCRIPTION, K_COMMENT, K_CONTENT_ENCODING, K_CONTENT_MEDIA_TYPE,
                                       K_FORMAT, K_SCHEMA };
    static const uint8_t bools[] = { K_DEPRECATED, K_READ_ONLY, K_WRITE_ONLY, K_UNIQUE_ITEMS };
    for (size_t i = 0; i < sizeof strings; i++)
        if (kv[strings[i]] && !need(c, is_string(kv[strings[i]]), ii, kv[strings[i]], "must be a string")) return 0;
    for (size_t i = 0; i < sizeof bools; i++)
        if (kv[bools[i]] && !need(c, is_bool(kv[bools[i]]), ii, kv[bools[i]], "must be a boolean")) return 0;
    if (kv[K_EXAMPLES] && !need(c, is_array(kv[K_EXAMPLES]), ii, kv[K_EXAMPLES], "examples must be an array")) return 0;
    if (kv[K_VOCABULARY]) {
        const cJSON *v = kv[K_VOCABULARY];
        if (!is_object(v)) return fail(c, HUB_ERR_SCHEMA, "$vocabulary must be an object of booleans", ii, v);
        for (const cJSON *e = v->child; e; e = e->next) {
            if (!uri_is_absolute(e->string, strlen(e->string)))
                return fail_at(c, HUB_ERR_SCHEMA, "$vocabulary must be keyed by absolute URIs", ii, v, e->string, -1);
            if (!is_bool(e)) return fail_at(c, HUB_ERR_SCHEMA, "must be a boolean", ii, v, e->string, -1);
        }
    }
    static const uint8_t defs[] = { K_DEFS, K_DEFINITIONS };
    for (size_t i = 0; i < sizeof defs; i++) {
        const cJSON *d = kv[defs[i]];
        if (!d) continue;
        if (!is_object(d)) return fail(c, HUB_ERR_SCHEMA, "must be an object of schemas", ii, d);
        /* Compiled even when unused, so that an invalid definition is reported. */
        for (const cJSON *e = d->child; e; e = e->next)
            if (child(c, ii, d, e, e->string, -1) == SCH_NONE) return 0;
    }
    if (kv[K_CONTENT_SCHEMA] && !need(c, is_schema(kv[K_CONTENT_SCHEMA]), ii, kv[K_CONTENT_SCHEMA],
                                      "contentSchema must be a schema (an object or a boolean)"))
        return 0;
    return 1;
}

/* Keywords that compile to one op holding a number (bounds) or a count (lengths, sizes). */
typedef struct scalar_kw {
    uint8_t k, code, kw, count;   /* kw_id, sch_opcode, sch_kw; count: a non-negative integer */
    const char *msg;
} scalar_kw;

static const scalar_kw number_kws[] = {
    { K_MINIMUM, OP_MINIMUM, KW_MINIMUM, 0, "minimum must be a number" },
    { K_EXCL_MINIMUM, OP_EXCL_MINIMUM, KW_EXCLUSIVE_MINIMUM, 0, "exclusiveMinimum must be a number" },
    { K_MAXIMUM, OP_MAXIMUM, KW_MAXIMUM, 0, "maximum must be a number" },
    { K_EXCL_MAXIMUM, OP_EXCL_MAXIMUM, KW_EXCLUSIVE_MAXIMUM, 0, "exclusiveMaximum must be a number" },
};
static const scalar_kw string_kws[] = {
    { K_MIN_LENGTH, OP_MIN_LENGTH, KW_MIN_LENGTH, 1, "minLength must be a non-negative integer" },
    { K_MAX_LENGTH, OP_MAX_LENGTH, KW_MAX_LENGTH, 1, "maxLength must be a non-negative integer" },
};
static const scalar_kw array_kws[] = {
    { K_MIN_ITEMS, OP_MIN_ITEMS, KW_MIN_ITEMS, 1, "minItems must be a non-negative integer" },
    { K_MAX_ITEMS, OP_MAX_ITEMS, KW_MAX_ITEMS, 1, "maxItems must be a non-negative integer" },
};
static const scalar_kw object_kws[] = {
    { K_MIN_PROPS, OP_MIN_PROPS, KW_MIN_PROPERTIES, 1, "minProperties must be a non-negative integer" },
    { K_MAX_PROPS, OP_MAX_PROPS, KW_MAX_PROPERTIES, 1, "maxProperties must be a non-negative integer" },
};

static int compile_scalars(cc *c, uint32_t ii, const cJSON *kv[K_COUNT], const scalar_kw *t, size_t n) {
    for (size_t i = 0; i < n; i++) {
        const cJSON *m = kv[t[i].k];
        if (!m) continue;
        if (t[i].count ? !compile_count(c, ii, m, (sch_opcode)t[i].code, (sch_kw)t[i].kw, t[i].msg)
                       : !compile_number(c, ii, m, (sch_opcode)t[i].code, (sch_kw)t[i].kw, t[i].msg))
            return 0;
    }
    return 1;
}

#define SCALARS(table) compile_scalars(c, ii, kv, table, sizeof table / sizeof table[0])

static int compile_const(cc *c, const cJSON *m) {
    cJSON *v;
    sch_op *o;
    if (!RESERVE(c, c->values, 1) || !(v = copy_value(c, m)) || !(o = emit(c, OP_CONST, KW_CONST))) return 0;
    o->a = c->values.n;
    c->values.v[c->values.n++] = v;
    return 1;
}

static int compile_multiple_of(cc *c, uint32_t ii, const cJSON *m) {
    sch_op *o;
    if (!need(c, is_number(m) && m->valuedouble > 0, ii, m, "multipleOf must be a number greater than 0") ||
        !RESERVE(c, c->decimals, 1) || !(o = emit(c, OP_MULTIPLE_OF, KW_MULTIPLE_OF)))
        return 0;
    decimal_parse(&c->decimals.v[c->decimals.n], m->valuestring, m->valuedouble);
    o->a = c->decimals.n++;
    o->v.d = m->valuedouble;
    return (o->text = cc_strndup(c, c->parena, m->valuestring, strlen(m->valuestring))) != NULL;
}

static int compile_pattern(cc *c, uint32_t ii, const cJSON *m) {
    if (!need(c, is_string(m), ii, m, "pattern must be a string (an ECMA-262 regular expression)")) return 0;
    uint32_t re = regex_of(c, ii, m, NULL, m->valuestring,
                           m->valueint > 0 ? (size_t)m->valueint : strlen(m->valuestring));
    sch_op *o;
    if (re == SCH_NONE || !(o = emit(c, OP_PATTERN, KW_PATTERN))) return 0;
    o->a = re;
    return 1;
}

/* `format` asserts when asked (flags or the format-assertion vocabulary); as an annotation it
 * compiles to nothing. Unknown formats always pass. */
static int compile_format(cc *c, const cJSON *m, unsigned vocab) {
    if (!is_string(m) || !((c->flags & HUB_FORMAT_ASSERT) || (vocab & V_FORMAT_ASSERT))) return 1;
    size_t flen = m->valueint > 0 ? (size_t)m->valueint : strlen(m->valuestring); /* may hold U+0000 */
    format_id f = format_lookup(m->valuestring, flen);
    if (f == FMT_UNKNOWN) return 1;
    sch_op *o = emit(c, OP_FORMAT, KW_FORMAT);
    if (!o) return 0;
    o->a = (uint32_t)f;
    return (o->text = cc_strndup(c, c->parena, m->valuestring, flen)) != NULL;
}

/* An op applying one subschema (`not`, propertyNames, unevaluated*); `in_place` when it
 * applies to the same value (a cycle edge). */
static sch_op *compile_single(cc *c, uint32_t sid, uint32_t ii, const cJSON *m, sch_opcode code, sch_kw kw,
                              int in_place) {
    uint32_t s = child(c, ii, m, m, NULL, -1);
    sch_op *o;
    if (s == SCH_NONE || (in_place && !edge_add(c, sid, s, ii, m)) || !(o = emit(c, code, kw))) return NULL;
    o->a = s;
    if (j_type(m) == cJSON_False) o->flags = OPF_REST_FALSE;
    return o;
}

static int compile_if(cc *c, uint32_t sid, uint32_t ii, const cJSON *kv[K_COUNT]) {
    uint32_t s[3] = { SCH_NONE, SCH_NONE, SCH_NONE };
    static const uint8_t ks[3] = { K_IF, K_THEN, K_ELSE };
    /* then/else are compiled even without if, so that their errors are reported; but only with
     * if are they ever applied. */
    for (int i = 0; i < 3; i++)
        if (kv[ks[i]] && (s[i] = child(c, ii, kv[ks[i]], kv[ks[i]], NULL, -1)) == SCH_NONE) return 0;
    if (s[0] == SCH_NONE) return 1;
    for (int i = 0; i < 3; i++)
        if (s[i] != SCH_NONE && !edge_add(c, sid, s[i], ii, kv[ks[i]])) return 0;
    sch_op *o = emit(c, OP_IF, KW_IF);
    if (!o) return 0;
    o->a = s[0];
    o->b = s[1];
    o->c = s[2];
    return 1;
}

/* Draft-07 lets content keywords assert; 2020-12 makes them annotations only. */
static int compile_content(cc *c, const cJSON *kv[K_COUNT]) {
    const cJSON *enc = kv[K_CONTENT_ENCODING], *media = kv[K_CONTENT_MEDIA_TYPE];
    int base64 = enc && strcmp(enc->valuestring, "base64") == 0;
    int json = media && strcmp(media->valuestring, "application/json") == 0;
    if (!base64 && !json) return 1;
    sch_op *o = emit(c, OP_CONTENT, base64 ? KW_CONTENT_ENCODING : KW_CONTENT_MEDIA_TYPE);
    if (!o) return 0;
    o->a = (uint32_t)base64;
    o->b = (uint32_t)json;
    return 1;
}

/* The ops of one schema object, grouped by the instance type they test, cheap checks first;
 * in-place applicators after them, and unevaluated* last, since they read what the others
 * evaluated. */
static int compile_keywords(cc *c, uint32_t sid, uint32_t ii, const cJSON *kv[K_COUNT], uint32_t *flags) {
    unsigned vocab = c->infos.v[ii].vocab;
    int d7 = (vocab & V_DRAFT7) != 0, array_items = (vocab & (V_DRAFT7 | V_DRAFT2019)) != 0;
    if (d7 && kv[K_REF]) return compile_ref(c, sid, ii, kv[K_REF], 0); /* draft-07: siblings ignored */
    if ((kv[K_TYPE] && !compile_type(c, ii, kv[K_TYPE])) || (kv[K_CONST] && !compile_const(c, kv[K_CONST])) ||
        (kv[K_ENUM] && !compile_enum(c, ii, kv[K_ENUM], d7)))
        return 0;
    if ((kv[K_MULTIPLE_OF] && !compile_multiple_of(c, ii, kv[K_MULTIPLE_OF])) || !SCALARS(number_kws)) return 0;
    if (!SCALARS(string_kws) || (kv[K_PATTERN] && !compile_pattern(c, ii, kv[K_PATTERN])) ||
        (kv[K_FORMAT] && !compile_format(c, kv[K_FORMAT], vocab)))
        return 0;
    if (!SCALARS(array_kws)) return 0;
    if (kv[K_UNIQUE_ITEMS] && j_type(kv[K_UNIQUE_ITEMS]) == cJSON_True &&
        !emit(c, OP_UNIQUE_ITEMS, KW_UNIQUE_ITEMS))
        return 0;
    if (kv[K_ITEMS] && !array_items &&
        !need(c, is_schema(kv[K_ITEMS]), ii, kv[K_ITEMS], "items must be a schema (an object or a boolean)"))
        return 0;
    if (!compile_items(c, ii, kv, array_items) || !compile_contains(c, ii, kv) || !SCALARS(object_kws)) return 0;
    if ((kv[K_PROPERTIES] || kv[K_PATTERN_PROPERTIES] || kv[K_ADDITIONAL_PROPERTIES] || kv[K_REQUIRED]) &&
        !compile_props(c, ii, kv))
        return 0;
    if (kv[K_PROPERTY_NAMES] &&
        !compile_single(c, sid, ii, kv[K_PROPERTY_NAMES], OP_PROPERTY_NAMES, KW_PROPERTY_NAMES, 0))
        return 0;
    if (kv[K_DEP_REQUIRED] && !compile_deps(c, sid, ii, kv[K_DEP_REQUIRED], 0, KW_DEPENDENT_REQUIRED)) return 0;
    if (kv[K_DEPENDENCIES] && (!compile_deps(c, sid, ii, kv[K_DEPENDENCIES], 0, KW_DEPENDENCIES) ||
                               !compile_deps(c, sid, ii, kv[K_DEPENDENCIES], 1, KW_DEPENDENCIES)))
        return 0;
    if (kv[K_DEP_SCHEMAS] && !compile_deps(c, sid, ii, kv[K_DEP_SCHEMAS], 1, KW_DEPENDENT_SCHEMAS)) return 0;
    if ((kv[K_REF] && !compile_ref(c, sid, ii, kv[K_REF], 0)) ||
        (kv[K_DYN_REF] && !compile_ref(c, sid, ii, kv[K_DYN_REF], 1)))
        return 0;
    if ((kv[K_ALL_OF] && !compile_list_op(c, sid, ii, kv[K_ALL_OF], OP_ALL_OF, KW_ALL_OF,
                                          "allOf must be a non-empty array of schemas")) ||
        (kv[K_ANY_OF] && !compile_list_op(c, sid, ii, kv[K_ANY_OF], OP_ANY_OF, KW_ANY_OF,
                                          "anyOf must be a non-empty array of schemas")) ||
        (kv[K_ONE_OF] && !compile_list_op(c, sid, ii, kv[K_ONE_OF], OP_ONE_OF, KW_ONE_OF,
                                          "oneOf must be a non-empty array of schemas")))
        return 0;
    if ((kv[K_NOT] && !compile_single(c, sid, ii, kv[K_NOT], OP_NOT, KW_NOT, 1)) || !compile_if(c, sid, ii, kv))
        return 0;
    if (kv[K_UNEVAL_ITEMS]) {
        if (!compile_single(c, sid, ii, kv[K_UNEVAL_ITEMS], OP_UNEVAL_ITEMS, KW_UNEVALUATED_ITEMS, 0)) return 0;
        *flags |= SCH_UNEVAL_ITEMS;
    }
    if (kv[K_UNEVAL_PROPS]) {
        if (!compile_single(c, sid, ii, kv[K_UNEVAL_PROPS], OP_UNEVAL_PROPS, KW_UNEVALUATED_PROPERTIES, 0))
            return 0;
        *flags |= SCH_UNEVAL_PROPS;
    }
    return check_annotations(c, ii, kv) && (!d7 || compile_content(c, kv));
}

static int compile_schema(cc *c, uint32_t sid) {
    uint32_t ii = c->sch_info.v[sid];
    const cJSON *node = c->infos.v[ii].node;
    uint32_t pres = program_resource(c, c->infos.v[ii].res);
    if (pres == SCH_NONE) return 0;
    uint32_t first = c->ops.n, flags = 0;
    if (j_type(node) == cJSON_False) {
        if (!emit(c, OP_FALSE, KW_FALSE)) return 0;
    } else if (is_object(node)) {
        const cJSON *kv[K_COUNT];
        scan_keywords(node, c->infos.v[ii].vocab, kv);
        if (!compile_keywords(c, sid, ii, kv, &flags)) return 0;
    } else if (j_type(node) != cJSON_True) {
        return fail(c, HUB_ERR_SCHEMA, "a schema must be an object or a boolean", ii, NULL);
    }
    c->schemas.v[sid] = (sch_sub){ first, c->ops.n - first, pres, flags };
    return 1;
}

/* ---- $ref cycles that never consume the instance ---------------------------------------------------- */

static int edge_cmp(const void *a, const void *b) {
    const edge *x = a, *y = b;
    return x->from < y->from ? -1 : x->from > y->from;
}

/* Rejects a cycle of in-place applications ($ref, allOf, anyOf, oneOf, not, if/then/else,
 * dependentSchemas): evaluating it would recurse forever on the same instance location. An
 * iterative depth-first search, so that long chains cannot exhaust the stack. */
static int check_cycles(cc *c) {
    uint32_t ns = c->schemas.n, ne = c->edges.n;
    if (!ne) return 1;
    qsort(c->edges.v, ne, sizeof *c->edges.v, edge_cmp);
    uint32_t *start = calloc((size_t)ns + 1, sizeof *start);
    uint8_t *color = calloc(ns, 1);
    uint32_t *stack = malloc((size_t)ns * 2 * sizeof *stack);
    int ok = start && color && stack;
    if (!ok) nomem(c);
    for (uint32_t i = 0; ok && i < ne; i++) start[c->edges.v[i].from + 1]++;
    for (uint32_t s = 0; ok && s < ns; s++) start[s + 1] += start[s];
    for (uint32_t root = 0; ok && root < ns; root++) {
        if (color[root]) continue;
        uint32_t sp = 0;
        stack[sp++] = root;
        stack[sp++] = start[root];
        color[root] = 1;
        while (sp && ok) {
            uint32_t s = stack[sp - 2], e = stack[sp - 1];
            if (e == start[s + 1]) {
                color[s] = 2;
                sp -= 2;
                continue;
            }
            stack[sp - 1] = e + 1;
            uint32_t t = c->edges.v[e].to;
            if (color[t] == 1) {
                const edge *bad = &c->edges.v[e];
                ok = fail(c, HUB_ERR_SCHEMA_REF,
                          "this keyword leads back to a schema already being applied to the same value: "
                          "evaluation would never end", bad->info, bad->kw);
            } else if (color[t] == 0) {
                color[t] = 1;
                stack[sp++] = t;
                stack[sp++] = start[t];
            }
        }
    }
    free(start);
    free(color);
    free(stack);
    return ok;
}

/* ---- public API ------------------------------------------------------------------------------------------ */

static void cc_free(cc *c) {
    arena_free(c->arena);
    lifo_free(&c->stack);
    buf_free(&c->tmp);
    free(c->infos.v);
    free(c->res.v);
    free(c->dyn_anchors.v);
    free(c->docs.v);
    smap_free(&c->res_by_uri);
    smap_free(&c->anchors);
    smap_free(&c->regex_by_src);
    smap_free(&c->string_ids);
    pmap_free(&c->info_of);
    pmap_free(&c->sch_of);
    free(c->sch_info.v);
    free(c->queue.v);
    free(c->edges.v);
}

void hub_schema_free(hub_schema *s) {
    if (!s) return;
    for (uint32_t i = 0; i < s->nregexes; i++) re_free(s->regexes[i].re);
    free(s->ops);
    free(s->schemas);
    free(s->resources);
    free(s->dyns);
    free(s->pool);
    free(s->props);
    free(s->propsets);
    free(s->patterns);
    free(s->deps);
    free(s->enums);
    free(s->values);
    free(s->decimals);
    free(s->regexes);
    free(s->strings);
    arena_free(s->arena);
    free(s);
}

/* Moves the program's vectors into a hub_schema (which then owns them). */
static hub_schema *finish(cc *c, uint32_t root) {
    hub_schema *s = calloc(1, sizeof *s);
    if (!s) { nomem(c); return NULL; }
    s->ops = c->ops.v;
    s->schemas = c->schemas.v;
    s->resources = c->pres.v;
    s->dyns = c->pdyns.v;
    s->pool = c->pool.v;
    s->props = c->props.v;
    s->propsets = c->propsets.v;
    s->patterns = c->patterns.v;
    s->deps = c->deps.v;
    s->enums = c->enums.v;
    s->values = c->values.v;
    s->decimals = c->decimals.v;
    s->regexes = c->regexes.v;
    s->nregexes = c->regexes.n;
    s->nschemas = c->schemas.n;
    s->strings = c->strings.v;
    s->root = root;
    s->flags = c->flags;
    s->arena = c->parena;
    memset(&c->ops, 0, sizeof c->ops);
    memset(&c->schemas, 0, sizeof c->schemas);
    memset(&c->pres, 0, sizeof c->pres);
    memset(&c->pdyns, 0, sizeof c->pdyns);
    memset(&c->pool, 0, sizeof c->pool);
    memset(&c->props, 0, sizeof c->props);
    memset(&c->propsets, 0, sizeof c->propsets);
    memset(&c->patterns, 0, sizeof c->patterns);
    memset(&c->deps, 0, sizeof c->deps);
    memset(&c->enums, 0, sizeof c->enums);
    memset(&c->values, 0, sizeof c->values);
    memset(&c->decimals, 0, sizeof c->decimals);
    memset(&c->regexes, 0, sizeof c->regexes);
    memset(&c->strings, 0, sizeof c->strings);
    c->parena = NULL;
    return s;
}

/* Frees what a failed compile built of the program. */
static void discard_program(cc *c) {
    hub_schema *s = finish(c, 0);
    if (s) {
        hub_schema_free(s);
        return;
    }
    for (uint32_t i = 0; i < c->regexes.n; i++) re_free(c->regexes.v[i].re);
    free(c->ops.v); free(c->schemas.v); free(c->pres.v); free(c->pdyns.v); free(c->pool.v);
    free(c->props.v); free(c->propsets.v); free(c->patterns.v); free(c->deps.v); free(c->enums.v);
    free(c->values.v); free(c->decimals.v); free(c->regexes.v); free(c->strings.v);
    arena_free(c->parena);
}

hub_schema *hub_schema_compile(hub_ctx *ctx, const char *json, size_t len, unsigned flags, hub_error *err) {
    hub_error local;
    if (!err) err = &local;
    if (!json && len) {
        err_set(err, HUB_ERR_ARGUMENT, "json is NULL");
        return NULL;
    }
    hub_ctx *own = NULL;
    if (!ctx && !(ctx = own = hub_ctx_new())) {
        err_set(err, HUB_ERR_NOMEM, "out of memory while compiling a schema");
        return NULL;
    }
    cc c;
    memset(&c, 0, sizeof c);
    c.ctx = ctx;
    c.err = err;
    c.flags = flags;
    c.default_vocab = (flags & HUB_DRAFT7) ? V_D7 : V_2020;
    c.arena = arena_new(len < 8192 ? 16384 : len * 2);
    c.parena = arena_new(len < 8192 ? 4096 : len / 2);
    hub_schema *s = NULL;
    if (!c.arena || !c.parena) {
        nomem(&c);
        goto out;
    }
    const cJSON *root = json_parse(c.arena, json, len, err);
    if (!root) {
        c.failed = 1;
        goto out;
    }
    if (!is_schema(root)) {
        err_set(err, HUB_ERR_SCHEMA, "a schema must be an object or a boolean");
        c.failed = 1;
        goto out;
    }
    if (!index_doc(&c, DEFAULT_BASE, root)) goto out;
    uint32_t rs = schema_of(&c, 0);
    if (rs == SCH_NONE) goto out;
    while (c.qhead < c.queue.n)
        if (!compile_schema(&c, c.queue.v[c.qhead++])) goto out;
    if (!check_cycles(&c)) goto out;
    s = finish(&c, rs);
    if (s) err_set(err, HUB_OK, "ok");
out:
    if (!s) discard_program(&c);
    cc_free(&c);
    hub_ctx_free(own);
    return s;
}
