/* schema_eval.c — runs compiled JSON Schema programs against instances and reports the errors. */
#include "schema.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "format.h"
#include "field.h"
#include "json_binary.h"
#include "result.h"

/* ---- JSON values ---------------------------------------------------------------------------- */

/* Keeps rarely used helpers out of eval(), whose stack frame is paid once per nesting level. */
#if defined(__GNUC__)
#define COLD __attribute__((noinline))
#else
#define COLD
#endif

/* Is a number token integral? Its value is D × 10^(E − F) for the digits D, the count F of
 * fraction digits and the exponent E: integral when D is 0 or when E − F plus the trailing zeros
 * of D is not negative. Only needed for values a double cannot hold (1e400). */
static int token_integral(const char *tok) {
    const char *p = tok + (*tok == '-');
    int64_t flen = 0, zeros = 0, exp = 0;
    int nonzero = 0, in_fraction = 0;
    for (; (*p >= '0' && *p <= '9') || *p == '.'; p++) {
        if (*p == '.') { in_fraction = 1; continue; }
        flen += in_fraction;
        if (*p == '0') zeros++;
        else { zeros = 0; nonzero = 1; }
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        int neg = *p == '-';
        if (*p == '-' || *p == '+') p++;
        for (; *p >= '0' && *p <= '9'; p++)
            if (exp < 1000000000) exp = exp * 10 + (*p - '0');
        if (neg) exp = -exp;
    }
    return !nonzero || exp - flen + zeros >= 0;
}

static int number_integral(const cJSON *v) {
    double d = v->valuedouble;
    if (isfinite(d)) return floor(d) == d;
    return v->valuestring ? token_integral(v->valuestring) : 0;
}

static inline unsigned type_of(const cJSON *v) {
    switch (json_type(v)) {
    case cJSON_NULL: return SCH_T_NULL;
    case cJSON_False:
    case cJSON_True: return SCH_T_BOOLEAN;
    case cJSON_Number: return number_integral(v) ? SCH_T_INTEGER : SCH_T_FRACTION;
    case cJSON_String: return SCH_T_STRING;
    case cJSON_Array: return SCH_T_ARRAY;
    default: return SCH_T_OBJECT;
    }
}

/* ---- the evaluator ------------------------------------------------------------------------------ */

/* The names of sch_kw values, as they appear in paths and errors, keyed by enum value. */
static const char *const kw_names[KW_COUNT] = {
#define KW_NAME_ROW(id, name) [KW_##id] = name,
    SCH_KEYWORDS(KW_NAME_ROW)
#undef KW_NAME_ROW
};

/* Which members (of an object) or items (of an array) have been evaluated by some keyword: the
 * annotations unevaluatedProperties / unevaluatedItems look at. Only schemas that use those
 * keywords create one, so the common case pays nothing. */
typedef struct sink {
    uint64_t *bits;
    uint32_t n;
} sink;

/* One subschema application. Frames live on the C stack and link to their parent: the error
 * paths and the dynamic scope are read from this chain, so building them costs nothing until
 * an error is reported. */
typedef struct frame {
    const struct frame *up;
    const cJSON *inst;
    uint32_t schema;
    uint32_t kw;          /* sch_kw that applied this schema (KW_NONE at the root) */
    const char *seg;      /* then a name in the schema path (property name, pattern), or NULL */
    uint32_t seg_idx;     /* or an index (allOf/1), or SCH_NONE */
    const char *ikey;     /* the instance moved into this member, or NULL */
    uint32_t iidx;        /* or into this item, or SCH_NONE */
} frame;

typedef struct ev {
    const hub_schema *s;
    hub_result *res;
    unsigned mute;        /* > 0 inside branches whose failure is not an error (anyOf, not, …) */
    unsigned depth;
    uint64_t steps, budget;
    int all;
    hub_code abort;       /* HUB_OK while evaluation may go on */
    const char *abort_msg;
    const char *prop;     /* the member name the error being built is about (see report) */
} ev;

static int eval(ev *e, const frame *f, sink *up);

/* Applies subschema `schema` to `inst`, using the caller's one child frame `cf` (whose `up` is
 * already set): only one child is evaluated at a time, so one frame per level keeps the C stack
 * small, which matters for deep recursion in WebAssembly. */
static inline int apply(ev *e, frame *cf, uint32_t schema, const cJSON *inst, uint32_t kw,
                        const char *seg, uint32_t seg_idx, const char *ikey, uint32_t iidx, sink *sk) {
    cf->inst = inst;
    cf->schema = schema;
    cf->kw = kw;
    cf->seg = seg;
    cf->seg_idx = seg_idx;
    cf->ikey = ikey;
    cf->iidx = iidx;
    return eval(e, cf, sk);
}

static void stop(ev *e, hub_code code, const char *msg) {
    if (e->abort == HUB_OK) {
        e->abort = code;
        e->abort_msg = msg;
    }
}

static int sink_new(ev *e, sink *sk, uint32_t n) {
    size_t words = n ? (n + 63u) / 64u : 1u;
    sk->bits = lifo_alloc(&e->res->stack, words * sizeof(uint64_t));
    sk->n = n;
    if (!sk->bits) {
        stop(e, HUB_ERR_NOMEM, "out of memory while validating");
        return 0;
    }
    memset(sk->bits, 0, words * sizeof(uint64_t));
    return 1;
}

static void sink_merge(sink *dst, const sink *src) {
    size_t words = src->n ? (src->n + 63u) / 64u : 1u;
    for (size_t i = 0; i < words; i++) dst->bits[i] |= src->bits[i];
}

#define MARK(sk, k) do { if (sk) (sk)->bits[(k) >> 6] |= 1ull << ((k) & 63u); } while (0)
#define MARKED(sk, k) (((sk)->bits[(k) >> 6] >> ((k) & 63u)) & 1u)

/* ---- error reports ---- */

static void m_str(ev *e, const char *s) { buf_puts(&e->res->msg, s); }
static void m_u64(ev *e, uint64_t v) { buf_put_uint(&e->res->msg, v); }

/* Writes a number that has no source token (a node built in C): integers exactly, other values
 * with nine significant fraction digits, which is plenty for a message. */
static void put_double(buf_t *b, double d) {
    if (!isfinite(d)) {
        buf_puts(b, d != d ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
        return;
    }
    if (d < 0) {
        buf_putc(b, '-');
        d = -d;
    }
    if (d >= 1e18 || (d > 0 && d < 1e-6)) {
        int e = 0;
        while (d >= 10) { d /= 10; e++; }
        while (d < 1) { d *= 10; e--; }
        put_double(b, d);
        buf_puts(b, e < 0 ? "e-" : "e");
        buf_put_uint(b, (unsigned long long)(e < 0 ? -e : e));
        return;
    }
    double ip = floor(d);
    uint64_t frac = (uint64_t)((d - ip) * 1e9 + 0.5);
    if (frac >= 1000000000u) { ip += 1; frac = 0; }
    buf_put_uint(b, (unsigned long long)ip);
    if (!frac) return;
    char digits[10];
    int n = 9;
    for (int k = 8; k >= 0; k--, frac /= 10) digits[k] = (char)('0' + frac % 10);
    while (digits[n - 1] == '0') n--;
    buf_putc(b, '.');
    buf_put(b, digits, (size_t)n);
}

/* Appends `v` as compact JSON (numbers as written in the source). */
static void put_json(buf_t *b, const cJSON *v) {
    switch (json_type(v)) {
    case cJSON_NULL: buf_puts(b, "null"); break;
    case cJSON_False: buf_puts(b, "false"); break;
    case cJSON_True: buf_puts(b, "true"); break;
    case cJSON_Number:
        if (v->valuestring) buf_puts(b, v->valuestring);
        else put_double(b, v->valuedouble);
        break;
    case cJSON_String: buf_json_string(b, v->valuestring, json_str_len(v)); break;
    case cJSON_Array:
    case cJSON_Object: {
        int obj = json_type(v) == cJSON_Object;
        buf_putc(b, obj ? '{' : '[');
        for (const cJSON *x = v->child; x; x = x->next) {
            if (x != v->child) buf_putc(b, ',');
            if (b->len > 4096) { buf_puts(b, "…"); break; }
            if (obj) {
                buf_json_string(b, x->string, strlen(x->string));
                buf_putc(b, ':');
            }
            put_json(b, x);
        }
        buf_putc(b, obj ? '}' : ']');
        break;
    }
    default: break;
    }
}

static void m_num(ev *e, const cJSON *v) { put_json(&e->res->msg, v); }

/* A value in a message, cut to a readable length. */
static void m_json(ev *e, const cJSON *v) {
    buf_t *b = &e->res->msg;
    size_t at = b->len;
    put_json(b, v);
    if (!b->failed && b->len - at > 80) {
        /* Cut on a UTF-8 boundary. */
        size_t cut = at + 77;
        while (cut > at && ((unsigned char)b->data[cut] & 0xC0) == 0x80) cut--;
        b->len = cut;
        buf_puts(b, "…");
    }
}

static void m_name(ev *e, const char *name) {
    buf_putc(&e->res->msg, '\'');
    buf_puts(&e->res->msg, name);
    buf_putc(&e->res->msg, '\'');
}

static void put_ptr_token(buf_t *b, const char *s) {
    buf_putc(b, '/');
    for (;;) {
        size_t n = strcspn(s, "~/");
        buf_put(b, s, n);
        if (!s[n]) return;
        buf_put(b, s[n] == '~' ? "~0" : "~1", 2);
        s += n + 1;
    }
}

static const char *arena_copy(ev *e, const buf_t *b) {
    return arena_strndup(e->res->scratch, b->data ? b->data : "", b->len);
}

/* Records the error whose message is in res->msg, at frame `f` for keyword `kw`. Returns 1 if
 * evaluation goes on (all-errors mode), 0 if it stops here. */
static int report(ev *e, const frame *f, sch_kw kw) {
    hub_result *r = e->res;
    const char *prop = e->prop;
    e->prop = NULL; /* it belongs to this error only, whether or not it is kept */
    r->total++;
    if (r->count >= HUB_SCHEMA_MAX_ERRORS) return e->all;
    size_t n = 0;
    for (const frame *g = f; g; g = g->up) n++;
    if (n > r->frames_cap) {
        const void **fr = realloc(r->frames, n * sizeof *fr);
        if (!fr) { stop(e, HUB_ERR_NOMEM, "out of memory while reporting an error"); return 0; }
        r->frames = fr;
        r->frames_cap = n;
    }
    size_t k = n;
    for (const frame *g = f; g; g = g->up) r->frames[--k] = g;
    buf_t *b = &r->path;
    res_error err;
    buf_clear(b);
    for (k = 0; k < n; k++) {
        const frame *g = r->frames[k];
        if (g->ikey) put_ptr_token(b, g->ikey);
        if (g->iidx != SCH_NONE) { buf_putc(b, '/'); buf_put_uint(b, g->iidx); }
    }
    err.ipath = arena_copy(e, b);
    buf_clear(b);
    for (k = 0; k < n; k++) {
        const frame *g = r->frames[k];
        if (g->ikey) fld_member(b, g->ikey, strlen(g->ikey));
        if (g->iidx != SCH_NONE) fld_index(b, g->iidx);
    }
    if (prop) fld_member(b, prop, strlen(prop));
    err.field = arena_copy(e, b);
    buf_clear(b);
    for (k = 0; k < n; k++) {
        const frame *g = r->frames[k];
        if (g->kw == KW_NONE) continue;
        buf_putc(b, '/');
        buf_puts(b, kw_names[g->kw]);
        if (g->seg) put_ptr_token(b, g->seg);
        if (g->seg_idx != SCH_NONE) { buf_putc(b, '/'); buf_put_uint(b, g->seg_idx); }
    }
    if (kw != KW_FALSE) {
        buf_putc(b, '/');
        buf_puts(b, kw_names[kw]);
    }
    err.spath = arena_copy(e, b);
    err.keyword = kw_names[kw];
    err.message = arena_copy(e, &r->msg);
    err.property = prop ? arena_strndup(r->scratch, prop, strlen(prop)) : NULL;
    if (b->failed || r->msg.failed || !err.ipath || !err.field || !err.spath || !err.message || (prop && !err.property)) {
        stop(e, HUB_ERR_NOMEM, "out of memory while reporting an error");
        return 0;
    }
    if (r->count == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        res_error *errs = realloc(r->errs, cap * sizeof *errs);
        if (!errs) { stop(e, HUB_ERR_NOMEM, "out of memory while reporting an error"); return 0; }
        r->errs = errs;
        r->cap = cap;
    }
    r->errs[r->count++] = err;
    return e->all;
}

/* Code points in `len` bytes of UTF-8: the bytes that are not continuation bytes (10xxxxxx),
 * counted eight at a time. */
static uint64_t utf8_length(const char *s, size_t len) {
    uint64_t n = len;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        uint64_t cont = w & ~(w << 1) & 0x8080808080808080ull; /* bit 7 set, bit 6 clear */
        if (cont) {
            cont >>= 7;
            cont *= 0x0101010101010101ull;
            n -= cont >> 56;
        }
    }
    for (; i < len; i++) n -= ((unsigned char)s[i] & 0xC0) == 0x80;
    return n;
}

static uint32_t count_children(const cJSON *v) {
    uint32_t n = 0;
    for (const cJSON *m = v->child; m; m = m->next) n++;
    return n;
}

/* Finds two equal items; returns 1 with their indices, 0 if all are distinct, -1 on OOM. */
COLD static int find_duplicate(ev *e, const cJSON *arr, uint32_t n, uint32_t *i, uint32_t *j) {
    if (n <= 16) {
        uint32_t a = 0;
        for (const cJSON *x = arr->child; x; x = x->next, a++) {
            uint32_t b = a + 1;
            for (const cJSON *y = x->next; y; y = y->next, b++)
                if (json_equal(x, y, &e->res->stack)) { *i = a; *j = b; return 1; }
        }
        return 0;
    }
    /* Larger arrays: an open-addressing table of item indices keyed by json_hash. */
    uint32_t cap = 32;
    while (cap < 2 * n) cap *= 2;
    lifo_t *st = &e->res->stack;
    lifo_mark mark = lifo_save(st);
    const cJSON **items = lifo_alloc(st, n * sizeof *items);
    uint32_t *table = lifo_alloc(st, cap * sizeof *table);
    uint32_t *hashes = lifo_alloc(st, n * sizeof *hashes);
    if (!items || !table || !hashes) return -1;
    memset(table, 0, cap * sizeof *table);
    uint32_t k = 0;
    for (const cJSON *x = arr->child; x; x = x->next, k++) {
        items[k] = x;
        uint32_t h = hashes[k] = json_hash(x);
        uint32_t slot = h & (cap - 1);
        for (; table[slot]; slot = (slot + 1) & (cap - 1)) {
            uint32_t o = table[slot] - 1;
            if (hashes[o] == h && json_equal(items[o], x, st)) {
                *i = o;
                *j = k;
                lifo_restore(st, mark);
                return 1;
            }
        }
        table[slot] = k + 1;
    }
    lifo_restore(st, mark);
    return 0;
}

/* Decodes RFC 4648 base64 (standard alphabet, padded) into `out`; 0 if `s` is not base64. */
COLD static int base64_decode(const char *s, size_t n, char *out, size_t *out_len) {
    if (n % 4) return 0;
    size_t w = 0;
    for (size_t i = 0; i < n; i += 4) {
        uint32_t v = 0;
        int pad = 0;
        for (int k = 0; k < 4; k++) {
            char ch = s[i + (size_t)k];
            int d = ch >= 'A' && ch <= 'Z' ? ch - 'A' : ch >= 'a' && ch <= 'z' ? ch - 'a' + 26
                  : ch >= '0' && ch <= '9' ? ch - '0' + 52 : ch == '+' ? 62 : ch == '/' ? 63 : -1;
            if (ch == '=' && i + 4 == n && k >= 2 && (k == 3 || s[i + 3] == '=')) { pad++; d = 0; }
            else if (d < 0 || pad) return 0;
            v = v << 6 | (uint32_t)d;
        }
        out[w++] = (char)(v >> 16);
        if (pad < 2) out[w++] = (char)(v >> 8 & 0xFF);
        if (pad < 1) out[w++] = (char)(v & 0xFF);
    }
    *out_len = w;
    return 1;
}

COLD static int enum_has(const hub_schema *s, const sch_enum *en, const cJSON *x, lifo_t *st) {
    if (!en->count) return 0;
    if (!en->mask) {
        const cJSON *const *v = s->values + en->first;
        if (json_type(x) == cJSON_String) {
            /* The common enum of strings: compiled strings carry their length in valueint. */
            size_t n = json_str_len(x);
            for (uint32_t k = 0; k < en->count; k++)
                if (json_type(v[k]) == cJSON_String && (size_t)v[k]->valueint == n &&
                    sch_bytes_equal(v[k]->valuestring, x->valuestring, n))
                    return 1;
            return 0;
        }
        for (uint32_t k = 0; k < en->count; k++)
            if (json_equal(v[k], x, st)) return 1;
        return 0;
    }
    const uint32_t *t = s->pool + en->table;
    for (uint32_t i = json_hash(x) & en->mask; t[i]; i = (i + 1) & en->mask)
        if (json_equal(s->values[t[i] - 1], x, st)) return 1;
    return 0;
}

static inline const sch_prop *prop_find(const sch_prop *t, uint32_t mask, const char *name, uint32_t len,
                                        uint32_t h) {
    for (uint32_t i = h & mask; t[i].name; i = (i + 1) & mask)
        if (t[i].hash == h && t[i].len == len && sch_bytes_equal(t[i].name, name, len)) return &t[i];
    return NULL;
}

/* Returns the schema a $dynamicRef lands on: the outermost resource of the dynamic scope (the
 * frame chain) that has a $dynamicAnchor of that name, else the static target. */
COLD static uint32_t dynamic_target(const hub_schema *s, const frame *f, const sch_op *o) {
    uint32_t target = o->a;
    for (const frame *g = f; g; g = g->up) {
        const sch_resource *r = &s->resources[s->schemas[g->schema].resource];
        for (uint32_t k = 0; k < r->count; k++)
            if (s->dyns[r->first + k].name == o->b) { target = s->dyns[r->first + k].schema; break; }
    }
    return target;
}

/* ---- one level: the state a subschema application's ops share ---- */

/* The state of one subschema application: the instance, measures computed on first use, the
 * child frame, the annotation sink and the scratch mark. Op handlers read and update it and
 * return 1 to go on with the next op, 0 when this schema's evaluation stops (a failure in a
 * muted branch or in first-error mode, or an abort). */
typedef struct level {
    const frame *f;
    const cJSON *x;       /* f->inst */
    int t;                /* json_type(x) */
    int valid;
    uint64_t len;         /* code points, or item/member count; UINT64_MAX until computed */
    size_t sbytes;        /* a string's byte length; SIZE_MAX until computed */
    sink *sk;             /* where evaluated members or items are marked, or NULL */
    frame cf;             /* the one child frame (apply) */
    lifo_mark mark;       /* taken before this level's first scratch allocation */
    int marked;
} level;

/* Whatever a level takes from the scratch stack goes back when it returns; the mark is taken
 * before the first allocation only, which most levels never make. */
static inline void take_mark(ev *e, level *L) {
    if (!L->marked) {
        L->mark = lifo_save(&e->res->stack);
        L->marked = 1;
    }
}

/* Evaluation stops with `code` (out of memory, a $dynamicRef loop). */
static int halt(ev *e, level *L, hub_code code, const char *msg) {
    stop(e, code, msg);
    L->valid = 0;
    return 0;
}

/* 1 (and the level invalid) when a muted branch just hit an abort. */
static inline int aborted(ev *e, level *L) {
    if (!e->abort) return 0;
    L->valid = 0;
    return 1;
}

/* A subschema failed (it reported its own errors): go on only when collecting all of them. */
static inline int child_failed(ev *e, level *L) {
    L->valid = 0;
    return !(e->abort || e->mute || !e->all);
}

/* What describe() needs beyond the op and the instance. */
typedef struct detail {
    uint64_t n;           /* a measured length or count */
    uint64_t i, j;        /* two indices (equal items, oneOf's matches) or one (an item) */
    const char *name;     /* a member or property name in the message */
    const char *other;    /* a second name (the member that made another one required) */
    const char *prop;     /* the member the error is about (its field), or NULL */
} detail;

static const char *const type_words[] = { "null", "boolean", "integer", "number", "string", "array", "object" };

static void m_types(ev *e, unsigned mask) {
    int first = 1;
    if ((mask & (SCH_T_INTEGER | SCH_T_FRACTION)) == (SCH_T_INTEGER | SCH_T_FRACTION)) mask &= ~SCH_T_INTEGER;
    for (unsigned i = 0; i < 7; i++) {
        if (!(mask & (1u << i))) continue;
        if (!first) m_str(e, " or ");
        m_str(e, type_words[i]);
        first = 0;
    }
}

static void m_enum(ev *e, const sch_enum *en) {
    m_str(e, "must be equal to one of the allowed values: ");
    for (uint32_t k = 0; k < en->count; k++) {
        if (k) m_str(e, ", ");
        if (k == 8 || e->res->msg.len > 300) { m_str(e, "…"); break; }
        m_json(e, e->s->values[en->first + k]);
    }
}

static const char *const bound_words[] = {
    [OP_MULTIPLE_OF] = "must be a multiple of ", [OP_MINIMUM] = "must be >= ", [OP_MAXIMUM] = "must be <= ",
    [OP_EXCL_MINIMUM] = "must be > ", [OP_EXCL_MAXIMUM] = "must be < ",
};

/* "N item(s)", "N properties", … with the right number. */
static void m_count(ev *e, uint64_t n, const char *one, const char *many) {
    m_u64(e, n);
    m_str(e, n == 1 ? one : many);
}

/* Builds the message of a failure of op `o` (keyword `kw`) on instance `x` into res->msg, as
 * blaze's describe(): every message of the evaluator is made here, none in the handlers. */
COLD static void describe(ev *e, const sch_op *o, sch_kw kw, const cJSON *x, const detail *d) {
    const hub_schema *s = e->s;
    int min = o->code == OP_MIN_LENGTH || o->code == OP_MIN_ITEMS || o->code == OP_MIN_PROPS;
    switch ((sch_opcode)o->code) {
    case OP_FALSE: m_str(e, "no value is allowed here (the schema is false)"); break;
    case OP_TYPE: m_str(e, "must be of type "), m_types(e, o->a), m_str(e, ", got "), m_types(e, type_of(x)); break;
    case OP_CONST: m_str(e, "must be equal to the constant "), m_json(e, s->values[o->a]); break;
    case OP_ENUM: m_enum(e, &s->enums[o->a]); break;
    case OP_MULTIPLE_OF:
    case OP_MINIMUM:
    case OP_MAXIMUM:
    case OP_EXCL_MINIMUM:
    case OP_EXCL_MAXIMUM: m_str(e, bound_words[o->code]), m_str(e, o->text), m_str(e, ", got "), m_num(e, x); break;
    case OP_MIN_LENGTH:
    case OP_MAX_LENGTH:
        m_str(e, min ? "must be at least " : "must be at most ");
        m_count(e, o->v.n, " character, got ", " characters, got "), m_u64(e, d->n);
        break;
    case OP_PATTERN: m_str(e, "must match pattern "), m_str(e, s->regexes[o->a].source); break;
    case OP_FORMAT: m_str(e, "must be a valid "), m_str(e, o->text), m_str(e, " (format)"); break;
    case OP_MIN_ITEMS:
    case OP_MAX_ITEMS:
    case OP_MIN_PROPS:
    case OP_MAX_PROPS:
        m_str(e, min ? "must have at least " : "must have at most ");
        if (o->code == OP_MIN_ITEMS || o->code == OP_MAX_ITEMS) m_count(e, o->v.n, " item, got ", " items, got ");
        else m_count(e, o->v.n, " property, got ", " properties, got ");
        m_u64(e, d->n);
        break;
    case OP_ITEMS: m_str(e, "must have at most "), m_count(e, o->b, " item, got ", " items, got "), m_u64(e, d->n); break;
    case OP_UNIQUE_ITEMS:
        m_str(e, "must not have duplicate items (items "), m_u64(e, d->i), m_str(e, " and "), m_u64(e, d->j);
        m_str(e, " are equal)");
        break;
    case OP_CONTAINS:
        m_str(e, kw == KW_MAX_CONTAINS ? "must contain at most " : "must contain at least ");
        m_count(e, kw == KW_MAX_CONTAINS ? o->c : o->b, " item", " items");
        m_str(e, " matching the contains schema, got "), m_u64(e, d->n);
        break;
    case OP_PROPS:
        m_str(e, kw == KW_REQUIRED ? "must have required property " : "must not have additional property ");
        m_name(e, d->name);
        break;
    case OP_PROPERTY_NAMES:
        m_str(e, "property name "), m_name(e, d->name), m_str(e, " does not match the propertyNames schema");
        break;
    case OP_DEP_REQUIRED:
        m_str(e, "must have property "), m_name(e, d->name), m_str(e, " when property "), m_name(e, d->other);
        m_str(e, " is present");
        break;
    case OP_ANY_OF: m_str(e, "must match at least one schema in anyOf"); break;
    case OP_ONE_OF:
        if (!d->n) { m_str(e, "must match exactly one schema in oneOf, matched none"); break; }
        m_str(e, "must match exactly one schema in oneOf, matched both "), m_u64(e, d->i), m_str(e, " and "), m_u64(e, d->j);
        break;
    case OP_NOT: m_str(e, "must not match the schema in not"); break;
    case OP_UNEVAL_ITEMS: m_str(e, "must not have unevaluated item at index "), m_u64(e, d->i); break;
    case OP_UNEVAL_PROPS: m_str(e, "must not have unevaluated property "), m_name(e, d->name); break;
    case OP_CONTENT:
        m_str(e, kw == KW_CONTENT_ENCODING ? "must be a valid base64 string (contentEncoding)"
                                           : "must be a valid application/json document (contentMediaType)");
        break;
    case OP_DEP_SCHEMAS: /* these fail only through their subschemas, which say why */
    case OP_REF:
    case OP_DYNAMIC_REF:
    case OP_ALL_OF:
    case OP_IF: break;
    }
}

/* The schema of level L fails at op `o`, keyword `kw`. Inside a muted branch nothing is built and
 * the branch stops at once; otherwise describe() builds the message and report() records it.
 * Returns 1 if the level goes on (all-errors mode), 0 if it stops. */
COLD static int fail(ev *e, level *L, const sch_op *o, sch_kw kw, const detail *d) {
    static const detail none;
    L->valid = 0;
    if (e->mute) return 0;
    if (!d) d = &none;
    buf_clear(&e->res->msg);
    describe(e, o, kw, L->x, d);
    e->prop = d->prop;
    return report(e, L->f, kw);
}

/* ---- op handlers: one per opcode that is more than a line ---- */

static inline int op_length(ev *e, level *L, const sch_op *o) {
    if (L->t != cJSON_String) return 1;
    int min = o->code == OP_MIN_LENGTH;
    if (L->sbytes == SIZE_MAX) L->sbytes = json_str_len(L->x);
    /* A string of n bytes has between n/4 and n code points: count only when that is not enough. */
    if (min ? L->sbytes / 4 >= o->v.n : L->sbytes <= o->v.n) return 1;
    if (L->len == UINT64_MAX) L->len = utf8_length(L->x->valuestring, L->sbytes);
    if (min ? L->len >= o->v.n : L->len <= o->v.n) return 1;
    detail d = { .n = L->len };
    return fail(e, L, o, min ? KW_MIN_LENGTH : KW_MAX_LENGTH, &d);
}

static inline int op_pattern(ev *e, level *L, const sch_op *o) {
    if (L->t != cJSON_String) return 1;
    if (L->sbytes == SIZE_MAX) L->sbytes = json_str_len(L->x);
    int m = re_test(e->s->regexes[o->a].re, L->x->valuestring, L->sbytes);
    if (m < 0) return halt(e, L, HUB_ERR_NOMEM, "out of memory while matching a pattern");
    return m || fail(e, L, o, KW_PATTERN, NULL);
}

static inline int op_format(ev *e, level *L, const sch_op *o) {
    if (L->t != cJSON_String) return 1;
    if (L->sbytes == SIZE_MAX) L->sbytes = json_str_len(L->x);
    return format_check((format_id)o->a, L->x->valuestring, L->sbytes) || fail(e, L, o, KW_FORMAT, NULL);
}

/* minItems, maxItems, minProperties, maxProperties. */
static inline int op_count(ev *e, level *L, const sch_op *o) {
    int items = o->code == OP_MIN_ITEMS || o->code == OP_MAX_ITEMS;
    if (L->t != (items ? cJSON_Array : cJSON_Object)) return 1;
    if (L->len == UINT64_MAX) L->len = count_children(L->x);
    int min = o->code == OP_MIN_ITEMS || o->code == OP_MIN_PROPS;
    if (min ? L->len >= o->v.n : L->len <= o->v.n) return 1;
    detail d = { .n = L->len };
    return fail(e, L, o, (sch_kw)o->kw, &d);
}

COLD static int op_unique_items(ev *e, level *L, const sch_op *o) {
    if (L->t != cJSON_Array) return 1;
    if (L->len == UINT64_MAX) L->len = count_children(L->x);
    uint32_t i, j;
    int dup = find_duplicate(e, L->x, (uint32_t)L->len, &i, &j);
    if (dup < 0) return halt(e, L, HUB_ERR_NOMEM, "out of memory while validating");
    if (!dup) return 1;
    detail d = { .i = i, .j = j };
    return fail(e, L, o, KW_UNIQUE_ITEMS, &d);
}

/* prefixItems / items (2020-12), items / additionalItems (draft-07). */
static int op_items(ev *e, level *L, const sch_op *o) {
    if (L->t != cJSON_Array) return 1;
    uint32_t k = 0, pkw = o->flags >> 8;
    const uint32_t *pre = o->b ? e->s->pool + o->a : NULL;
    for (const cJSON *it = L->x->child; it; it = it->next, k++) {
        uint32_t sub, kw;
        if (k < o->b) {
            sub = pre[k];
            kw = pkw;
        } else if (o->c == SCH_NONE) {
            break;
        } else if (o->flags & OPF_REST_FALSE) {
            if (L->len == UINT64_MAX) L->len = count_children(L->x);
            detail d = { .n = L->len };
            return fail(e, L, o, (sch_kw)o->kw, &d);
        } else {
            sub = o->c;
            kw = o->kw;
        }
        if (!apply(e, &L->cf, sub, it, kw, NULL, k < o->b ? k : SCH_NONE, NULL, k, NULL) && !child_failed(e, L)) return 0;
        MARK(L->sk, k);
    }
    return 1;
}

COLD static int op_contains(ev *e, level *L, const sch_op *o) {
    if (L->t != cJSON_Array) return 1;
    uint32_t k = 0, matches = 0;
    e->mute++;
    for (const cJSON *it = L->x->child; it; it = it->next, k++) {
        int r = apply(e, &L->cf, o->a, it, KW_CONTAINS, NULL, SCH_NONE, NULL, k, NULL);
        if (e->abort) break;
        if (!r) continue;
        matches++;
        MARK(L->sk, k);
        if (!L->sk && (matches > o->c || (o->c == SCH_NONE && matches >= o->b))) break;
    }
    e->mute--;
    if (aborted(e, L)) return 0;
    detail d = { .n = matches };
    if (matches < o->b) return fail(e, L, o, o->b == 1 ? KW_CONTAINS : KW_MIN_CONTAINS, &d);
    if (o->c != SCH_NONE && matches > o->c) return fail(e, L, o, KW_MAX_CONTAINS, &d);
    return 1;
}

/* patternProperties for member `m`: 1 if some pattern matched, 0 if none, -1 when the level stops. */
static int props_patterns(ev *e, level *L, const sch_propset *ps, const cJSON *m, uint32_t nlen) {
    int matched = 0;
    for (uint32_t q = 0; q < ps->pat_count; q++) {
        const sch_pattern *pat = &e->s->patterns[ps->pat_first + q];
        const sch_regex *re = &e->s->regexes[pat->regex];
        int r = re_test(re->re, m->string, nlen);
        if (r < 0) {
            halt(e, L, HUB_ERR_NOMEM, "out of memory while matching a pattern");
            return -1;
        }
        if (!r) continue;
        matched = 1;
        if (!apply(e, &L->cf, pat->schema, m, KW_PATTERN_PROPERTIES, re->source, SCH_NONE, m->string, SCH_NONE, NULL) &&
            !child_failed(e, L))
            return -1;
    }
    return matched;
}

/* Something required is missing: mark the names present (one more pass over the members, so that
 * many required names and many members never multiply), then report the absent ones in the order
 * `required` lists them. */
COLD static int props_required(ev *e, level *L, const sch_op *o, const sch_propset *ps, const sch_prop *table) {
    take_mark(e, L);
    uint8_t *seen = lifo_alloc(&e->res->stack, ps->mask + 1u);
    if (!seen) return halt(e, L, HUB_ERR_NOMEM, "out of memory while validating");
    memset(seen, 0, ps->mask + 1u);
    for (const cJSON *m = L->x->child; m; m = m->next) {
        uint32_t nlen = (uint32_t)strlen(m->string);
        const sch_prop *p = prop_find(table, ps->mask, m->string, nlen, sch_prop_hash(m->string, nlen));
        if (p) seen[p - table] = 1;
    }
    for (uint32_t q = 0; q < ps->nrequired; q++) {
        uint32_t slot = e->s->pool[ps->req_first + q];
        detail d = { .name = table[slot].name, .prop = table[slot].name };
        if (!seen[slot] && !fail(e, L, o, KW_REQUIRED, &d)) return 0;
    }
    return 1;
}

/* properties, patternProperties, additionalProperties and required of one schema, in one pass. */
static int op_props(ev *e, level *L, const sch_op *o) {
    if (L->t != cJSON_Object) return 1;
    const sch_propset *ps = &e->s->propsets[o->a];
    const sch_prop *table = e->s->props + ps->first;
    uint32_t k = 0, req_found = 0;
    for (const cJSON *m = L->x->child; m; m = m->next, k++) {
        const char *name = m->string;
        uint32_t nlen = (uint32_t)strlen(name);
        int matched = 0;
        const sch_prop *p = prop_find(table, ps->mask, name, nlen, sch_prop_hash(name, nlen));
        if (p) {
            req_found += p->required;
            if (p->schema != SCH_NONE) {
                matched = 1;
                if (!apply(e, &L->cf, p->schema, m, KW_PROPERTIES, p->name, SCH_NONE, name, SCH_NONE, NULL) &&
                    !child_failed(e, L))
                    return 0;
            }
        }
        if (ps->pat_count) {
            int r = props_patterns(e, L, ps, m, nlen);
            if (r < 0) return 0;
            matched |= r;
        }
        if (!matched && ps->additional != SCH_NONE) {
            if (ps->additional_false) {
                detail d = { .name = name, .prop = name };
                if (!fail(e, L, o, KW_ADDITIONAL_PROPERTIES, &d)) return 0;
                continue;
            }
            matched = 1;
            if (!apply(e, &L->cf, ps->additional, m, KW_ADDITIONAL_PROPERTIES, NULL, SCH_NONE, name, SCH_NONE, NULL) &&
                !child_failed(e, L))
                return 0;
        }
        if (matched) MARK(L->sk, k);
    }
    return req_found >= ps->nrequired || props_required(e, L, o, ps, table);
}

/* Each name is evaluated as a string instance (on the scratch stack, not the C stack). */
COLD static int op_property_names(ev *e, level *L, const sch_op *o) {
    if (L->t != cJSON_Object) return 1;
    take_mark(e, L);
    cJSON *key = lifo_alloc(&e->res->stack, sizeof *key);
    if (!key) return halt(e, L, HUB_ERR_NOMEM, "out of memory while validating");
    for (const cJSON *m = L->x->child; m; m = m->next) {
        memset(key, 0, sizeof *key);
        key->type = cJSON_String;
        key->valuestring = m->string;
        e->mute++;
        int r = apply(e, &L->cf, o->a, key, KW_PROPERTY_NAMES, NULL, SCH_NONE, NULL, SCH_NONE, NULL);
        e->mute--;
        if (aborted(e, L)) return 0;
        detail d = { .name = m->string };
        if (!r && !fail(e, L, o, KW_PROPERTY_NAMES, &d)) return 0;
    }
    return 1;
}

/* dependentRequired (and draft-07 dependencies with a list of names). */
COLD static int op_dep_required(ev *e, level *L, const sch_op *o) {
    if (L->t != cJSON_Object) return 1;
    const hub_schema *s = e->s;
    for (uint32_t q = 0; q < o->b; q++) {
        const sch_dep *dep = &s->deps[o->a + q];
        if (!json_member(L->x, dep->name, dep->len)) continue;
        for (uint32_t r = 0; r < dep->count; r++) {
            const char *need = s->strings[s->pool[dep->first + r]];
            detail d = { .name = need, .other = dep->name, .prop = need };
            if (!json_member(L->x, need, strlen(need)) && !fail(e, L, o, (sch_kw)o->kw, &d)) return 0;
        }
    }
    return 1;
}

/* dependentSchemas (and draft-07 dependencies with a schema). */
COLD static int op_dep_schemas(ev *e, level *L, const sch_op *o) {
    if (L->t != cJSON_Object) return 1;
    for (uint32_t q = 0; q < o->b; q++) {
        const sch_dep *dep = &e->s->deps[o->a + q];
        if (json_member(L->x, dep->name, dep->len) &&
            !apply(e, &L->cf, dep->schema, L->x, o->kw, dep->name, SCH_NONE, NULL, SCH_NONE, L->sk) && !child_failed(e, L))
            return 0;
    }
    return 1;
}

COLD static int op_dynamic_ref(ev *e, level *L, const sch_op *o) {
    uint32_t target = dynamic_target(e->s, L->f, o);
    for (const frame *g = L->f; g && g->inst == L->x; g = g->up)
        if (g->schema == target)
            return halt(e, L, HUB_ERR_INSTANCE_DEPTH,
                        "$dynamicRef leads back to a schema already being applied to the same value: evaluation would never end");
    return apply(e, &L->cf, target, L->x, KW_DYNAMIC_REF, NULL, SCH_NONE, NULL, SCH_NONE, L->sk) || child_failed(e, L);
}

static int op_all_of(ev *e, level *L, const sch_op *o) {
    for (uint32_t k = 0; k < o->b; k++)
        if (!apply(e, &L->cf, e->s->pool[o->a + k], L->x, KW_ALL_OF, NULL, k, NULL, SCH_NONE, L->sk) && !child_failed(e, L))
            return 0;
    return 1;
}

/* Applies branch k of anyOf or oneOf (muted by the caller), into its own sink `tmp` when the level
 * tracks evaluated members or items: 1 valid, 0 invalid, -1 when evaluation aborted. */
static int try_branch(ev *e, level *L, const sch_op *o, uint32_t k, sch_kw kw, sink *tmp) {
    if (L->sk && !sink_new(e, tmp, L->sk->n)) return -1;
    int r = apply(e, &L->cf, e->s->pool[o->a + k], L->x, kw, NULL, k, NULL, SCH_NONE, L->sk ? tmp : NULL);
    return e->abort ? -1 : r;
}

/* anyOf and oneOf: the branches are tried muted. anyOf needs one valid branch (and tries them all
 * when the level tracks evaluated members or items, whose bits every valid branch adds); oneOf
 * needs exactly one, and keeps that branch's bits. */
static int op_any_one_of(ev *e, level *L, const sch_op *o) {
    int one = o->code == OP_ONE_OF;
    sch_kw kw = one ? KW_ONE_OF : KW_ANY_OF;
    sink *sk = L->sk, keep = { NULL, 0 };
    uint32_t n = 0, first = SCH_NONE, second = SCH_NONE;
    take_mark(e, L);
    e->mute++;
    for (uint32_t k = 0; k < o->b; k++) {
        sink tmp;
        lifo_mark branch = lifo_save(&e->res->stack);
        int r = try_branch(e, L, o, k, kw, &tmp);
        if (r < 0) break;
        if (!r) {
            lifo_restore(&e->res->stack, branch);
            continue;
        }
        if (n++) {
            second = k;
            if (one) break;
        } else {
            first = k;
        }
        if (one) {
            if (sk) keep = tmp; /* the one valid branch's bits are kept */
            continue;
        }
        if (!sk) break;
        sink_merge(sk, &tmp);
        lifo_restore(&e->res->stack, branch);
    }
    e->mute--;
    if (aborted(e, L)) return 0;
    if (one ? n == 1 : n > 0) {
        if (one && sk) sink_merge(sk, &keep);
        return 1;
    }
    detail d = { .n = n, .i = first, .j = second };
    return fail(e, L, o, kw, &d);
}

COLD static int op_not(ev *e, level *L, const sch_op *o) {
    e->mute++;
    int r = apply(e, &L->cf, o->a, L->x, KW_NOT, NULL, SCH_NONE, NULL, SCH_NONE, NULL);
    e->mute--;
    if (aborted(e, L)) return 0;
    return !r || fail(e, L, o, KW_NOT, NULL);
}

static int op_if(ev *e, level *L, const sch_op *o) {
    sink *sk = L->sk, tmp;
    if (o->b == SCH_NONE && o->c == SCH_NONE && !sk) return 1;
    take_mark(e, L);
    if (sk && !sink_new(e, &tmp, sk->n)) { L->valid = 0; return 0; }
    e->mute++;
    int r = apply(e, &L->cf, o->a, L->x, KW_IF, NULL, SCH_NONE, NULL, SCH_NONE, sk ? &tmp : NULL);
    e->mute--;
    if (aborted(e, L)) return 0;
    if (r && sk) sink_merge(sk, &tmp);
    uint32_t next = r ? o->b : o->c;
    return next == SCH_NONE || apply(e, &L->cf, next, L->x, r ? KW_THEN : KW_ELSE, NULL, SCH_NONE, NULL, SCH_NONE, sk) ||
           child_failed(e, L);
}

/* unevaluatedItems and unevaluatedProperties: what no other keyword evaluated (the sink's bits). */
COLD static int op_unevaluated(ev *e, level *L, const sch_op *o) {
    int items = o->code == OP_UNEVAL_ITEMS;
    if (L->t != (items ? cJSON_Array : cJSON_Object) || !L->sk) return 1;
    sch_kw kw = items ? KW_UNEVALUATED_ITEMS : KW_UNEVALUATED_PROPERTIES;
    uint32_t k = 0;
    for (const cJSON *m = L->x->child; m; m = m->next, k++) {
        if (MARKED(L->sk, k)) continue;
        const char *name = items ? NULL : m->string;
        if (o->flags & OPF_REST_FALSE) {
            detail d = { .i = k, .name = name, .prop = name };
            if (!fail(e, L, o, kw, &d)) return 0;
        } else if (!apply(e, &L->cf, o->a, m, kw, NULL, SCH_NONE, name, items ? k : SCH_NONE, NULL) && !child_failed(e, L)) {
            return 0;
        }
        MARK(L->sk, k);
    }
    return 1;
}

/* draft-07's asserting content keywords: base64, then application/json. */
COLD static int op_content(ev *e, level *L, const sch_op *o) {
    if (L->t != cJSON_String) return 1;
    const char *text = L->x->valuestring;
    size_t n = json_str_len(L->x);
    if (o->a) {
        take_mark(e, L);
        char *bytes = lifo_alloc(&e->res->stack, n / 4 * 3 + 3);
        if (!bytes) return halt(e, L, HUB_ERR_NOMEM, "out of memory while validating");
        if (!base64_decode(text, n, bytes, &n)) return fail(e, L, o, KW_CONTENT_ENCODING, NULL);
        text = bytes;
    }
    return !o->b || hub_json_check(text, n, NULL) == HUB_OK || fail(e, L, o, KW_CONTENT_MEDIA_TYPE, NULL);
}

/* The depth limit or the work budget was hit: evaluation stops. */
COLD static int over_limit(ev *e) {
    if (e->depth > HUB_SCHEMA_MAX_EVAL_DEPTH)
        stop(e, HUB_ERR_INSTANCE_DEPTH,
             "evaluation nested deeper than HUB_SCHEMA_MAX_EVAL_DEPTH (" STRINGIFY(HUB_SCHEMA_MAX_EVAL_DEPTH) ") schemas");
    else
        stop(e, HUB_ERR_SCHEMA_LIMIT,
             "evaluation exceeded its work budget: the schema applies its subschemas to the same values "
             "too many times (nested anyOf/allOf/oneOf over shared $refs)");
    e->depth--;
    return 0;
}

/* ---- the dispatch loop ---- */

/* STEP(handler call): the handler returned 0, so this schema's evaluation stops here. */
#define STEP(call) do { if (!(call)) goto done; } while (0)

static int eval(ev *e, const frame *f, sink *up) {
    const hub_schema *s = e->s;
    const sch_sub *sch = &s->schemas[f->schema];
    if (sch->count == 0) return 1;
    if (++e->depth > HUB_SCHEMA_MAX_EVAL_DEPTH || ++e->steps > e->budget) return over_limit(e);
    level L;
    L.f = f;
    L.x = f->inst;
    L.t = json_type(L.x);
    L.valid = 1;
    L.len = UINT64_MAX;
    L.sbytes = SIZE_MAX;
    L.sk = up;
    L.cf.up = f;
    L.marked = 0;
    L.mark = (lifo_mark){ NULL, 0 };
    sink own;
    int has_own = 0;
    if (sch->flags && (((sch->flags & SCH_UNEVAL_PROPS) && L.t == cJSON_Object) ||
                       ((sch->flags & SCH_UNEVAL_ITEMS) && L.t == cJSON_Array))) {
        take_mark(e, &L);
        if (!sink_new(e, &own, count_children(L.x))) { L.valid = 0; goto done; }
        L.sk = &own;
        has_own = 1;
    }
    const cJSON *x = L.x;
    for (const sch_op *o = s->ops + sch->first, *end = o + sch->count; o < end; o++) {
        switch ((sch_opcode)o->code) {
        case OP_FALSE: STEP(fail(e, &L, o, KW_FALSE, NULL)); break;
        case OP_TYPE: STEP((o->a & type_of(x)) || fail(e, &L, o, KW_TYPE, NULL)); break;
        case OP_CONST: STEP(json_equal(x, s->values[o->a], &e->res->stack) || fail(e, &L, o, KW_CONST, NULL)); break;
        case OP_ENUM: STEP(enum_has(s, &s->enums[o->a], x, &e->res->stack) || fail(e, &L, o, KW_ENUM, NULL)); break;
        case OP_MULTIPLE_OF:
            STEP(L.t != cJSON_Number || decimal_is_multiple(x, &s->decimals[o->a]) || fail(e, &L, o, KW_MULTIPLE_OF, NULL));
            break;
        case OP_MINIMUM: STEP(L.t != cJSON_Number || x->valuedouble >= o->v.d || fail(e, &L, o, KW_MINIMUM, NULL)); break;
        case OP_EXCL_MINIMUM:
            STEP(L.t != cJSON_Number || x->valuedouble > o->v.d || fail(e, &L, o, KW_EXCLUSIVE_MINIMUM, NULL));
            break;
        case OP_MAXIMUM: STEP(L.t != cJSON_Number || x->valuedouble <= o->v.d || fail(e, &L, o, KW_MAXIMUM, NULL)); break;
        case OP_EXCL_MAXIMUM:
            STEP(L.t != cJSON_Number || x->valuedouble < o->v.d || fail(e, &L, o, KW_EXCLUSIVE_MAXIMUM, NULL));
            break;
        case OP_MIN_LENGTH:
        case OP_MAX_LENGTH: STEP(op_length(e, &L, o)); break;
        case OP_PATTERN: STEP(op_pattern(e, &L, o)); break;
        case OP_FORMAT: STEP(op_format(e, &L, o)); break;
        case OP_MIN_ITEMS:
        case OP_MAX_ITEMS:
        case OP_MIN_PROPS:
        case OP_MAX_PROPS: STEP(op_count(e, &L, o)); break;
        case OP_UNIQUE_ITEMS: STEP(op_unique_items(e, &L, o)); break;
        case OP_ITEMS: STEP(op_items(e, &L, o)); break;
        case OP_CONTAINS: STEP(op_contains(e, &L, o)); break;
        case OP_PROPS: STEP(op_props(e, &L, o)); break;
        case OP_PROPERTY_NAMES: STEP(op_property_names(e, &L, o)); break;
        case OP_DEP_REQUIRED: STEP(op_dep_required(e, &L, o)); break;
        case OP_DEP_SCHEMAS: STEP(op_dep_schemas(e, &L, o)); break;
        case OP_REF:
            STEP(apply(e, &L.cf, o->a, x, o->kw, NULL, SCH_NONE, NULL, SCH_NONE, L.sk) || child_failed(e, &L));
            break;
        case OP_DYNAMIC_REF: STEP(op_dynamic_ref(e, &L, o)); break;
        case OP_ALL_OF: STEP(op_all_of(e, &L, o)); break;
        case OP_ANY_OF:
        case OP_ONE_OF: STEP(op_any_one_of(e, &L, o)); break;
        case OP_NOT: STEP(op_not(e, &L, o)); break;
        case OP_IF: STEP(op_if(e, &L, o)); break;
        case OP_UNEVAL_ITEMS:
        case OP_UNEVAL_PROPS: STEP(op_unevaluated(e, &L, o)); break;
        case OP_CONTENT: STEP(op_content(e, &L, o)); break;
        }
    }
done:
    if (has_own && L.valid && up) sink_merge(up, &own);
    if (L.marked) lifo_restore(&e->res->stack, L.mark);
    e->depth--;
    return L.valid;
}

#undef STEP

/* ---- entry points ----------------------------------------------------------------------------------- */

/* Validates `instance`, which has at most `nodes` values. */
static int run(const hub_schema *schema, const cJSON *instance, size_t nodes, hub_result *res, hub_error *err) {
    res->count = res->total = 0;
    lifo_mark empty = { NULL, 0 };
    lifo_restore(&res->stack, empty);
    ev e;
    memset(&e, 0, sizeof e);
    e.s = schema;
    e.res = res;
    e.all = (schema->flags & HUB_ALL_ERRORS) != 0;
    e.abort = HUB_OK;
    e.budget = (uint64_t)SCH_EVAL_STEPS_PER_PAIR * schema->nschemas * ((uint64_t)nodes + 1) +
               SCH_EVAL_STEPS_MIN;
    frame f = { NULL, instance, schema->root, KW_NONE, NULL, SCH_NONE, NULL, SCH_NONE };
    int ok = eval(&e, &f, NULL);
    if (e.abort != HUB_OK) {
        err_set(err, e.abort, e.abort_msg);
        res->count = res->total = 0;
        return -1;
    }
    if (err) err_set(err, HUB_OK, "ok");
    return ok;
}

/* The number of values in a tree, without recursion (trees built in C may be arbitrarily deep);
 * SIZE_MAX if the walk's stack cannot be allocated. */
static size_t count_values(const cJSON *root, arena_t *scratch) {
    size_t n = 0, depth = 0, cap = 64;
    const cJSON **stack = arena_alloc(scratch, cap * sizeof *stack);
    if (!stack) return SIZE_MAX;
    const cJSON *v = root;
    for (;;) {
        n++;
        if (v->child) {
            if (depth == cap) {
                const cJSON **grown = arena_alloc(scratch, 2 * cap * sizeof *stack);
                if (!grown) return SIZE_MAX;
                memcpy(grown, stack, cap * sizeof *stack);
                stack = grown;
                cap *= 2;
            }
            stack[depth++] = v;
            v = v->child;
            continue;
        }
        while (!v->next) {
            if (!depth) return n;
            v = stack[--depth];
        }
        if (v == root) return n;
        v = v->next;
    }
}

int eval_validate_tree(const hub_schema *schema, const cJSON *instance, hub_result *res, hub_error *err) {
    if (!schema || !instance || !res) {
        err_set(err, HUB_ERR_ARGUMENT, "schema, instance and result must not be NULL");
        return -1;
    }
    arena_reset(res->scratch);
    return run(schema, instance, count_values(instance, res->scratch), res, err);
}

/* The checks and resets before validating an instance parsed into res->parse: 0, or -1. */
static int begin_parsed(const hub_schema *schema, hub_result *res, hub_error *err) {
    if (!schema || !res) {
        err_set(err, HUB_ERR_ARGUMENT, "schema and result must not be NULL");
        return -1;
    }
    arena_reset(res->parse);
    arena_reset(res->scratch);
    res->count = res->total = 0;
    return 0;
}

int hub_schema_validate_json(const hub_schema *schema, const char *text, size_t len, hub_result *res,
                             hub_error *err) {
    if (begin_parsed(schema, res, err) < 0) return -1;
    const cJSON *root = json_parse(res->parse, text, len, err);
    if (!root) return -1;
    /* Every JSON value takes at least one byte of text. */
    return run(schema, root, len, res, err);
}

int eval_validate_binary(const hub_schema *schema, const unsigned char *bytes, size_t len, hub_result *res,
                         hub_error *err) {
    if (begin_parsed(schema, res, err) < 0) return -1;
    size_t text_len;
    const cJSON *root = json_binary_decode(res->parse, bytes, len, &text_len, err);
    if (!root) return -1;
    /* The budget of the text path: the byte length of the value's JSON text. */
    return run(schema, root, text_len, res, err);
}
