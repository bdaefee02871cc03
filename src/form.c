/* form.c — the settings form of a variablesSchema: ordered fields, controls, groups, dependencies. */
#include <stdlib.h>
#include <string.h>

#include "domain.h"

/* Bounds that keep hostile schemas (recursive $refs, huge if-chains) cheap; see the header for
 * HUB_FORM_MAX_FIELDS and HUB_FORM_MAX_DEPTH. */
#define CHAIN_MAX 8              /* $ref hops followed from one schema */
#define PARTS_MAX 16             /* schemas merged into one object level ($ref targets, allOf) */
#define IF_DEPTH_MAX 8           /* if/then/else nested inside then/else */
#define ACTIONS_MAX 64           /* dependency actions kept; more are dropped with a note */
#define LEAVES_MAX 256           /* condition leaves over the whole form */
#define NOTES_MAX 64             /* notes kept */
#define OUTPUT_MAX (8u << 20)    /* bytes of answer: conditions repeat per field, so cap the total */

enum { C_TEXT, C_SECRET, C_NUMBER, C_INTEGER, C_CHECKBOX, C_SELECT, C_DATE, C_DATETIME, C_EMAIL, C_URL,
       C_LIST, C_GROUP, C_JSON };
static const char *const control_names[] = {
    "text", "secret", "number", "integer", "checkbox", "select", "date", "datetime", "email", "url",
    "list", "group", "json"
};

/* A schema seen through its $ref chain, outer first: a keyword is read from the first schema
 * that has it, so siblings of $ref (title, default…) override the target's. */
typedef struct view {
    const cJSON *s[CHAIN_MAX];
    int n;
    const char *note;   /* why the chain ended early, NULL when it did not */
} view;

/* Conditions. Leaf ops come in pairs that negate each other by flipping the low bit. */
enum { K_EQ, K_NE, K_IN, K_NOTIN, K_PRESENT, K_ABSENT, K_ALL, K_ANY };
typedef struct cond {
    int op;
    const char *key;            /* leaves */
    const cJSON *value;         /* K_EQ/K_NE: the const; K_IN/K_NOTIN: the enum array */
    const struct cond **kids;   /* K_ALL/K_ANY */
    size_t n;
} cond;

typedef struct action {
    const cond *when;
    int show;                   /* 1 show, 0 require */
    const char **keys;
    size_t n;
} action;

typedef struct field {
    const char *key, *name, *parent, *note;
    view v;
    int control, required;
} field;

typedef struct form {
    arena_t *a;
    const cJSON *root;
    dom_err *e;
    field *fields;
    size_t nfields, cap;
    action actions[ACTIONS_MAX];
    size_t nactions;
    struct { const char *key, *message; } notes[NOTES_MAX];
    size_t nnotes, leaves;
} form;

/* One object level: the schemas that describe it and its properties in display order. */
typedef struct prop {
    const char *name;
    const cJSON *schema;
    double order;
    int has_order, required;
} prop;

typedef struct level {
    const char *prefix;
    const cJSON *parts[PARTS_MAX];
    size_t nparts;
    prop *props;
    size_t nprops;
} level;

static void add_note(form *f, const char *key, const char *message) {
    if (f->nnotes < NOTES_MAX) {
        f->notes[f->nnotes].key = key;
        f->notes[f->nnotes++].message = message;
    }
}

static void *alloc(form *f, size_t n) {
    void *p = arena_alloc(f->a, n);
    if (!p) dom_fail(f->e, HUB_ERR_NOMEM, NULL, "out of memory", NULL, NULL);
    return p;
}

static const cJSON *get(const cJSON *s, const char *k) {
    return cJSON_IsObject(s) ? cJSON_GetObjectItemCaseSensitive(s, k) : NULL;
}

static const cJSON *kw(const view *v, const char *k) {
    for (int i = 0; i < v->n; i++) {
        const cJSON *r = get(v->s[i], k);
        if (r) return r;
    }
    return NULL;
}

static int is(const cJSON *v, const char *s) { return cJSON_IsString(v) && strcmp(v->valuestring, s) == 0; }

static int in_array(const cJSON *arr, const char *s) {
    for (const cJSON *c = cJSON_IsArray(arr) ? arr->child : NULL; c; c = c->next)
        if (is(c, s)) return 1;
    return 0;
}

/* `prefix.name`, or `name` at the root. */
static const char *join(form *f, const char *prefix, const char *name) {
    size_t lp = strlen(prefix), ln = strlen(name);
    char *s = alloc(f, lp + ln + 2);
    if (!s) return "";
    memcpy(s, prefix, lp);
    if (lp) s[lp++] = '.';
    memcpy(s + lp, name, ln + 1);
    return s;
}

/* ---- $ref ------------------------------------------------------------------------------------- */

static int hexval(char c) {
    return c >= '0' && c <= '9' ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
}

/* Resolves a local reference "#" or "#/json/pointer" (percent-encoded as a URI fragment may be)
 * against the document root; NULL for anything else (anchors, other documents). */
static const cJSON *resolve(const cJSON *root, const char *ref) {
    if (ref[0] != '#') return NULL;
    const char *p = ref + 1;
    const cJSON *cur = root;
    while (*p == '/') {
        char seg[256];
        size_t n = 0;
        for (p++; *p && *p != '/'; p++) {
            char c = *p;
            if (c == '~' && (p[1] == '0' || p[1] == '1')) c = *++p == '0' ? '~' : '/';
            else if (c == '~') return NULL;
            else if (c == '%' && hexval(p[1]) >= 0 && hexval(p[2]) >= 0)
                c = (char)(hexval(p[1]) * 16 + hexval(p[2])), p += 2;
            if (n + 1 >= sizeof seg || c == '\0') return NULL;
            seg[n++] = c;
        }
        seg[n] = '\0';
        if (cJSON_IsArray(cur) && n && strspn(seg, "0123456789") == n && n < 7) {
            int index = 0; /* at most 6 digits: no overflow */
            for (size_t k = 0; k < n; k++) index = index * 10 + (seg[k] - '0');
            cur = cJSON_GetArrayItem(cur, index);
        }
        else
            cur = get(cur, seg);
        if (!cur) return NULL;
    }
    return *p ? NULL : cur;
}

static void view_of(const form *f, const cJSON *s, view *v) {
    v->n = 0;
    v->note = NULL;
    while (cJSON_IsObject(s)) {
        if (v->n == CHAIN_MAX) {
            v->note = "a $ref chain longer than " STRINGIFY(CHAIN_MAX) " hops (recursive?) is edited as JSON";
            return;
        }
        v->s[v->n++] = s;
        const cJSON *ref = get(s, "$ref");
        if (!ref) return;
        s = cJSON_IsString(ref) ? resolve(f->root, ref->valuestring) : NULL;
        if (!s) v->note = "a $ref outside this schema (or to an anchor) is edited as JSON";
    }
}

/* ---- conditions ------------------------------------------------------------------------------- */

static cond *cond_new(form *f, int op, const char *key, const cJSON *value) {
    if (f->leaves >= LEAVES_MAX) {
        if (f->leaves++ == LEAVES_MAX)
            add_note(f, "", "conditions with more than " STRINGIFY(LEAVES_MAX) " tests in all: the rest are not shown");
        return NULL;
    }
    f->leaves++;
    cond *c = alloc(f, sizeof *c);
    if (c) *c = (cond){ op, key, value, NULL, 0 };
    return c;
}

/* K_ALL/K_ANY of `kids` (copied); a single kid stands for itself. */
static const cond *cond_list(form *f, int op, const cond **kids, size_t n) {
    if (n == 1) return kids[0];
    cond *c = cond_new(f, op, NULL, NULL);
    const cond **k = c ? alloc(f, n * sizeof *k) : NULL;
    if (!k) return NULL;
    memcpy(k, kids, n * sizeof *k);
    c->kids = k;
    c->n = n;
    return c;
}

static const cond *cond_not(form *f, const cond *c) {
    if (!c || c->op < K_ALL) return c ? cond_new(f, c->op ^ 1, c->key, c->value) : NULL;
    const cond **k = alloc(f, c->n * sizeof *k);
    if (!k) return NULL;
    for (size_t i = 0; i < c->n; i++)
        if (!(k[i] = cond_not(f, c->kids[i]))) return NULL;
    return cond_list(f, c->op ^ 1, k, c->n);
}

/* `a` and `b`, flattening nested K_ALL so a chain of else-ifs stays one list. */
static const cond *cond_and(form *f, const cond *a, const cond *b) {
    if (!a || !b) return a ? NULL : b;
    size_t na = a->op == K_ALL ? a->n : 1, nb = b->op == K_ALL ? b->n : 1;
    const cond **k = alloc(f, (na + nb) * sizeof *k);
    if (!k) return NULL;
    if (a->op == K_ALL) memcpy(k, a->kids, na * sizeof *k);
    else k[0] = a;
    if (b->op == K_ALL) memcpy(k + na, b->kids, nb * sizeof *k);
    else k[na] = b;
    return cond_list(f, K_ALL, k, na + nb);
}

static int mentions(const cond *c, const char *key) {
    if (c->op < K_ALL) return strcmp(c->key, key) == 0;
    for (size_t i = 0; i < c->n; i++)
        if (mentions(c->kids[i], key)) return 1;
    return 0;
}

/* Appends to `out` the leaves an `if` schema amounts to: properties with const (equals) or enum
 * (in), nested properties, and required names (present). Returns 0 for anything else, which a
 * form cannot evaluate without a validator. */
static int if_leaves(form *f, const cJSON *s, const char *prefix, const cond **out, size_t *n, size_t cap) {
    static const char *const allowed[] = { "properties", "required", "type", "title", "description", "$comment" };
    if (!cJSON_IsObject(s)) return 0;
    for (const cJSON *m = s->child; m; m = m->next) {
        size_t k = 0;
        while (k < 6 && strcmp(m->string, allowed[k]) != 0) k++;
        if (k == 6) return 0;
    }
    const cJSON *props = get(s, "properties"), *req = get(s, "required");
    for (const cJSON *p = cJSON_IsObject(props) ? props->child : NULL; p; p = p->next) {
        const char *key = join(f, prefix, p->string);
        const cJSON *c = get(p, "const"), *en = get(p, "enum");
        const cond *leaf = NULL;
        if (c) leaf = cond_new(f, K_EQ, key, c);
        else if (cJSON_IsArray(en)) leaf = cond_new(f, K_IN, key, en);
        else if (get(p, "properties")) {
            if (!if_leaves(f, p, key, out, n, cap)) return 0;
            continue;
        }
        if (!leaf || *n == cap) return 0;
        out[(*n)++] = leaf;
    }
    for (const cJSON *r = cJSON_IsArray(req) ? req->child : NULL; r; r = r->next) {
        if (!cJSON_IsString(r)) return 0;
        if (get(props, r->valuestring)) continue; /* its value test already implies presence */
        const cond *leaf = cond_new(f, K_PRESENT, join(f, prefix, r->valuestring), NULL);
        if (!leaf || *n == cap) return 0;
        out[(*n)++] = leaf;
    }
    return 1;
}

/* ---- actions ---------------------------------------------------------------------------------- */

static void add_action(form *f, const cond *when, int show, const char **keys, size_t n) {
    if (!n || !when) return;
    if (f->nactions == ACTIONS_MAX) {
        add_note(f, "", "more than " STRINGIFY(ACTIONS_MAX) " dependency actions: the rest are not shown");
        return;
    }
    f->actions[f->nactions++] = (action){ when, show, keys, n };
}

static void conditions(form *f, const level *lv, const cJSON *s, const cond *outer, int depth);

/* A then/else branch under `when`: its required names become a require action, and the level's
 * optional properties it names become a show action (they only matter under the condition). */
static void branch(form *f, const level *lv, const cJSON *s, const cond *when, int depth) {
    if (!cJSON_IsObject(s) || !when) return;
    const cJSON *req = get(s, "required"), *props = get(s, "properties");
    size_t nreq = (size_t)cJSON_GetArraySize(cJSON_IsArray(req) ? req : NULL), nshow = 0;
    size_t nprops = (size_t)cJSON_GetArraySize(cJSON_IsObject(props) ? props : NULL);
    if (nreq > HUB_FORM_MAX_FIELDS || nprops > HUB_FORM_MAX_FIELDS) {
        add_note(f, lv->prefix, "a then/else naming more properties than a form can have is not shown");
        return;
    }
    const char **rk = alloc(f, (nreq + 1) * sizeof *rk), **sk = alloc(f, (lv->nprops + 1) * sizeof *sk);
    if (!rk || !sk) return;
    nreq = 0;
    for (const cJSON *r = cJSON_IsArray(req) ? req->child : NULL; r; r = r->next)
        if (cJSON_IsString(r)) rk[nreq++] = join(f, lv->prefix, r->valuestring);
    for (size_t i = 0; i < lv->nprops; i++) {
        const char *name = lv->props[i].name;
        if (!lv->props[i].required && (in_array(req, name) || get(props, name)))
            sk[nshow++] = join(f, lv->prefix, name);
    }
    add_action(f, when, 0, rk, nreq);
    add_action(f, when, 1, sk, nshow);
    conditions(f, lv, s, when, depth + 1);
}

static void conditions(form *f, const level *lv, const cJSON *s, const cond *outer, int depth) {
    const cJSON *ifs = get(s, "if");
    if (!ifs) return;
    const cond *leaves[32];
    size_t n = 0;
    if (depth >= IF_DEPTH_MAX) {
        add_note(f, lv->prefix, "if/then/else nested deeper than " STRINGIFY(IF_DEPTH_MAX) " levels is not shown");
        return;
    }
    if (!if_leaves(f, ifs, lv->prefix, leaves, &n, 32) || !n) {
        add_note(f, lv->prefix, "an if condition other than const, enum or required on properties is not shown");
        return;
    }
    const cond *c = cond_list(f, K_ALL, leaves, n);
    branch(f, lv, get(s, "then"), cond_and(f, outer, c), depth);
    branch(f, lv, get(s, "else"), cond_and(f, outer, cond_not(f, c)), depth);
}

/* dependentRequired, and draft-07 `dependencies` with arrays: when the member is present, its
 * list is required. */
static void dependents(form *f, const level *lv, const cJSON *s) {
    for (int d = 0; d < 2; d++) {
        const cJSON *deps = get(s, d ? "dependencies" : "dependentRequired");
        for (const cJSON *m = cJSON_IsObject(deps) ? deps->child : NULL; m; m = m->next) {
            if (!cJSON_IsArray(m)) {
                add_note(f, lv->prefix, "dependencies with a schema are not shown");
                continue;
            }
            size_t n = 0;
            const char **keys = alloc(f, ((size_t)cJSON_GetArraySize(m) + 1) * sizeof *keys);
            if (!keys) return;
            for (const cJSON *r = m->child; r; r = r->next)
                if (cJSON_IsString(r)) keys[n++] = join(f, lv->prefix, r->valuestring);
            add_action(f, cond_new(f, K_PRESENT, join(f, lv->prefix, m->string), NULL), 0, keys, n);
        }
    }
    if (get(s, "dependentSchemas")) add_note(f, lv->prefix, "dependentSchemas is not shown");
}

/* ---- fields ------------------------------------------------------------------------------------ */

/* Every option has a const (so the alternatives are a list of values). */
static int all_const(const form *f, const cJSON *alt) {
    if (!cJSON_IsArray(alt) || !alt->child) return 0;
    for (const cJSON *c = alt->child; c; c = c->next) {
        view o;
        view_of(f, c, &o);
        if (!kw(&o, "const")) return 0;
    }
    return 1;
}

/* Whether the object has properties of its own or in allOf branches (as deep as collect_parts
 * looks, so a group is never empty for want of looking). */
static int has_props(const form *f, const view *v, int depth) {
    for (int i = 0; i < v->n; i++) {
        const cJSON *p = get(v->s[i], "properties"), *all = get(v->s[i], "allOf");
        if (cJSON_IsObject(p) && p->child) return 1;
        for (const cJSON *b = depth < 2 && cJSON_IsArray(all) ? all->child : NULL; b; b = b->next) {
            view o;
            view_of(f, b, &o);
            if (has_props(f, &o, depth + 1)) return 1;
        }
    }
    return 0;
}

static int classify(const form *f, const view *v, const char **note, int depth);

/* The control of a `type` string. `depth` is 1 for a list's items, which cannot be lists. */
static int control_of(const form *f, const view *v, const char *t, const char **note, int depth) {
    const cJSON *fmt = kw(v, "format");
    if (strcmp(t, "string") == 0) {
        if (cJSON_IsTrue(kw(v, "writeOnly")) || is(fmt, "password")) return C_SECRET;
        if (is(fmt, "email") || is(fmt, "idn-email")) return C_EMAIL;
        if (is(fmt, "uri") || is(fmt, "url") || is(fmt, "iri") || is(fmt, "uri-reference") || is(fmt, "iri-reference"))
            return C_URL;
        if (is(fmt, "date")) return C_DATE;
        if (is(fmt, "date-time")) return C_DATETIME;
        return C_TEXT;
    }
    if (strcmp(t, "number") == 0) return C_NUMBER;
    if (strcmp(t, "integer") == 0) return C_INTEGER;
    if (strcmp(t, "boolean") == 0) return C_CHECKBOX;
    if (strcmp(t, "object") == 0) {
        if (has_props(f, v, 0)) return C_GROUP;
        return *note = "an object without properties (a map) is edited as JSON", C_JSON;
    }
    if (strcmp(t, "array") == 0) {
        view it;
        const char *inote = NULL;
        if (kw(v, "prefixItems") || !cJSON_IsObject(kw(v, "items")))
            return *note = "a list without one items schema is edited as JSON", C_JSON;
        view_of(f, kw(v, "items"), &it);
        if (!depth && classify(f, &it, &inote, 1) <= C_URL) return C_LIST;
        return *note = "a list of objects or lists is edited as JSON", C_JSON;
    }
    return *note = "a value of this type is edited as JSON", C_JSON;
}

static int classify(const form *f, const view *v, const char **note, int depth) {
    static const char *const by_type[4][6] = {
        { "properties", "additionalProperties", "patternProperties", "required", "propertyNames", "object" },
        { "items", "prefixItems", "minItems", "maxItems", "uniqueItems", "array" },
        { "minLength", "maxLength", "pattern", "format", "contentMediaType", "string" },
        { "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "number" },
    };
    if (v->note) return *note = v->note, C_JSON;
    if (!v->n) return *note = "a boolean schema is edited as JSON", C_JSON;
    const cJSON *en = kw(v, "enum"), *alt = kw(v, "oneOf");
    if (!alt) alt = kw(v, "anyOf");
    if ((cJSON_IsArray(en) && en->child) || kw(v, "const") || all_const(f, alt)) return C_SELECT;
    const cJSON *t = kw(v, "type");
    if (cJSON_IsArray(t)) {
        /* ["string", "null"] is a nullable string; two real types cannot share a control. */
        const cJSON *one = NULL;
        for (const cJSON *c = t->child; c; c = c->next) {
            if (is(c, "null")) continue;
            if (one || !cJSON_IsString(c)) return *note = "a value of several types is edited as JSON", C_JSON;
            one = c;
        }
        t = one;
    }
    if (cJSON_IsString(t)) return control_of(f, v, t->valuestring, note, depth);
    if (t) return *note = "a value of this type is edited as JSON", C_JSON;
    if (alt) return *note = "a value of one of several shapes is edited as JSON", C_JSON;
    for (int k = 0; k < 4; k++)
        for (int j = 0; j < 5; j++)
            if (kw(v, by_type[k][j])) return control_of(f, v, by_type[k][5], note, depth);
    return *note = "a schema without a type accepts any value: it is edited as JSON", C_JSON;
}

static void walk_object(form *f, const view *v, const char *prefix, int depth);

static const char *bad_name(const char *n) {
    if (!*n) return "a property with an empty name cannot be a field";
    if (strchr(n, '.')) return "a property name with '.' cannot be a dot-path key: not shown";
    if (!strcmp(n, "__proto__") || !strcmp(n, "constructor") || !strcmp(n, "prototype"))
        return "a property named __proto__, constructor or prototype is not shown: JS code setting it by key "
               "could alter object prototypes";
    return NULL;
}

static void add_field(form *f, const level *lv, const prop *p, int depth) {
    if (f->e->code) return;
    const char *key = join(f, lv->prefix, p->name);
    if (cJSON_IsFalse(p->schema)) {
        add_note(f, key, "a property whose schema is false cannot take a value: not shown");
        return;
    }
    if (f->nfields == HUB_FORM_MAX_FIELDS) {
        dom_fail(f->e, HUB_ERR_SCHEMA_LIMIT, NULL, "the form would have more than " STRINGIFY(HUB_FORM_MAX_FIELDS)
                 " fields", NULL, NULL);
        return;
    }
    if (f->nfields == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 32;
        field *nf = alloc(f, cap * sizeof *nf);
        if (!nf) return;
        if (f->nfields) memcpy(nf, f->fields, f->nfields * sizeof *nf);
        f->fields = nf;
        f->cap = cap;
    }
    field fl = { key, p->name, lv->prefix[0] ? lv->prefix : NULL, NULL, { { 0 }, 0, NULL }, 0, p->required };
    view_of(f, p->schema, &fl.v);
    fl.control = classify(f, &fl.v, &fl.note, 0);
    if (fl.control == C_GROUP && depth >= HUB_FORM_MAX_DEPTH) {
        fl.control = C_JSON;
        fl.note = "an object nested deeper than " STRINGIFY(HUB_FORM_MAX_DEPTH) " levels (recursive?) is edited as JSON";
    }
    const cJSON *xa = kw(&fl.v, "x-alignment");
    if (xa && !is(xa, "left") && !is(xa, "right") && !is(xa, "full"))
        add_note(f, key, "x-alignment must be left, right or full: using full");
    f->fields[f->nfields++] = fl;
    /* The array may move while the group's children are added: work from the copy. */
    if (fl.control == C_GROUP) walk_object(f, &fl.v, key, depth + 1);
}

/* The schemas of one object level: the $ref chain and allOf branches, one level deep. */
static void collect_parts(form *f, level *lv, const view *v, int depth) {
    for (int i = 0; i < v->n; i++) {
        size_t k = 0;
        while (k < lv->nparts && lv->parts[k] != v->s[i]) k++;
        if (k < lv->nparts) continue; /* the same schema twice (allOf of one $ref) adds nothing */
        if (lv->nparts == PARTS_MAX) return;
        lv->parts[lv->nparts++] = v->s[i];
        const cJSON *all = get(v->s[i], "allOf");
        for (const cJSON *b = depth < 2 && cJSON_IsArray(all) ? all->child : NULL; b; b = b->next) {
            view o;
            view_of(f, b, &o);
            collect_parts(f, lv, &o, depth + 1);
        }
    }
}

static void walk_object(form *f, const view *v, const char *prefix, int depth) {
    level lv;
    memset(&lv, 0, sizeof lv);
    lv.prefix = prefix;
    collect_parts(f, &lv, v, 0);
    size_t max = 0;
    for (size_t i = 0; i < lv.nparts; i++) {
        const cJSON *ps = get(lv.parts[i], "properties");
        if (cJSON_IsObject(ps)) max += (size_t)cJSON_GetArraySize(ps);
    }
    lv.props = alloc(f, (max + 1) * sizeof *lv.props);
    if (!lv.props) return;
    for (size_t i = 0; i < lv.nparts; i++) {
        const cJSON *ps = get(lv.parts[i], "properties");
        for (const cJSON *m = cJSON_IsObject(ps) ? ps->child : NULL; m; m = m->next) {
            const char *bad = bad_name(m->string);
            size_t k = 0;
            while (k < lv.nprops && strcmp(lv.props[k].name, m->string) != 0) k++;
            if (k < lv.nprops) continue; /* the outer (or earlier) definition wins */
            if (bad) {
                add_note(f, join(f, prefix, m->string), bad);
                continue;
            }
            if (lv.nprops == HUB_FORM_MAX_FIELDS) { /* before the quadratic duplicate check gets costly */
                dom_fail(f->e, HUB_ERR_SCHEMA_LIMIT, NULL, "the form would have more than " STRINGIFY(HUB_FORM_MAX_FIELDS)
                         " fields", NULL, NULL);
                return;
            }
            view pv;
            view_of(f, m, &pv);
            const cJSON *xo = kw(&pv, "x-order");
            /* x-order first, ascending; the rest keep the schema's order (a stable insertion). */
            prop p = { m->string, m, cJSON_IsNumber(xo) ? xo->valuedouble : 0, cJSON_IsNumber(xo), 0 };
            for (size_t j = 0; j < lv.nparts && !p.required; j++)
                p.required = in_array(get(lv.parts[j], "required"), p.name);
            k = lv.nprops;
            while (k > 0 && p.has_order && (!lv.props[k - 1].has_order || lv.props[k - 1].order > p.order)) {
                lv.props[k] = lv.props[k - 1];
                k--;
            }
            lv.props[k] = p;
            lv.nprops++;
        }
    }
    for (size_t i = 0; i < lv.nparts; i++) {
        conditions(f, &lv, lv.parts[i], NULL, 0);
        dependents(f, &lv, lv.parts[i]);
    }
    for (size_t i = 0; i < lv.nprops; i++) add_field(f, &lv, &lv.props[i], depth);
}

/* ---- output ----------------------------------------------------------------------------------- */

static void write_cond(buf_t *b, const cond *c) {
    static const char *const ops[] = { "equals", "notEquals", "in", "notIn" };
    if (c->op >= K_ALL) {
        buf_puts(b, c->op == K_ALL ? "{\"all\":[" : "{\"any\":[");
        for (size_t i = 0; i < c->n; i++) {
            if (i) buf_putc(b, ',');
            write_cond(b, c->kids[i]);
        }
        buf_puts(b, "]}");
        return;
    }
    buf_puts(b, "{\"key\":");
    dom_str(b, c->key);
    buf_putc(b, ',');
    if (c->op >= K_PRESENT) {
        buf_puts(b, c->op == K_PRESENT ? "\"present\":true}" : "\"present\":false}");
        return;
    }
    buf_json_key(b, ops[c->op]);
    dom_write(b, c->value);
    buf_putc(b, '}');
}

static void write_action(buf_t *b, const action *ac) {
    buf_puts(b, "{\"when\":");
    write_cond(b, ac->when);
    buf_puts(b, ac->show ? ",\"action\":\"show\",\"keys\":[" : ",\"action\":\"require\",\"keys\":[");
    for (size_t i = 0; i < ac->n; i++) {
        if (i) buf_putc(b, ',');
        dom_str(b, ac->keys[i]);
    }
    buf_puts(b, "]}");
}

static int has_key(const action *ac, const char *key) {
    for (size_t j = 0; j < ac->n; j++)
        if (strcmp(ac->keys[j], key) == 0) return 1;
    return 0;
}

/* The conditions under which `key` is shown (show) or required (require): null when none
 * applies, the condition when one does, {"any": […]} when several do. */
static void write_when(buf_t *b, const form *f, const char *key, int show) {
    size_t n = 0, k = 0;
    for (size_t i = 0; i < f->nactions; i++) n += f->actions[i].show == show && has_key(&f->actions[i], key);
    if (!n) {
        buf_puts(b, "null");
        return;
    }
    if (n > 1) buf_puts(b, "{\"any\":[");
    for (size_t i = 0; i < f->nactions; i++) {
        if (f->actions[i].show != show || !has_key(&f->actions[i], key)) continue;
        if (k++) buf_putc(b, ',');
        write_cond(b, f->actions[i].when);
    }
    if (n > 1) buf_puts(b, "]}");
}

static void write_or_null(buf_t *b, const cJSON *v) {
    if (v) dom_write(b, v);
    else buf_puts(b, "null");
}

/* A value as an option label: strings as they are, anything else as its JSON text. */
static void write_label(buf_t *b, const cJSON *v) {
    if (cJSON_IsString(v)) {
        dom_write(b, v);
        return;
    }
    buf_t t = { 0 };
    dom_write(&t, v);
    if (t.failed) b->failed = 1;
    else buf_json_string(b, t.data, t.len);
    buf_free(&t);
}

static void write_option(buf_t *b, const cJSON *value, const cJSON *title) {
    buf_puts(b, "{\"value\":");
    dom_write(b, value);
    buf_puts(b, ",\"label\":");
    write_label(b, cJSON_IsString(title) ? title : value);
    buf_putc(b, '}');
}

static void write_options(buf_t *b, const form *f, const view *v) {
    const cJSON *en = kw(v, "enum"), *c = kw(v, "const"), *alt = kw(v, "oneOf");
    buf_puts(b, ",\"options\":[");
    if (cJSON_IsArray(en) && en->child) {
        for (const cJSON *x = en->child; x; x = x->next) {
            if (x != en->child) buf_putc(b, ',');
            write_option(b, x, NULL);
        }
    } else if (c) {
        write_option(b, c, kw(v, "title"));
    } else {
        if (!alt) alt = kw(v, "anyOf");
        for (const cJSON *x = alt->child; x; x = x->next) {
            view o;
            view_of(f, x, &o);
            if (x != alt->child) buf_putc(b, ',');
            write_option(b, kw(&o, "const"), kw(&o, "title"));
        }
    }
    buf_putc(b, ']');
}

static void write_constraints(buf_t *b, const view *v) {
    static const char *const names[] = {
        "minLength", "maxLength", "pattern", "format", "minimum", "maximum", "exclusiveMinimum",
        "exclusiveMaximum", "multipleOf", "minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties"
    };
    int any = 0;
    buf_puts(b, "\"constraints\":{");
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        const cJSON *c = kw(v, names[i]);
        if (!c) continue;
        if (any++) buf_putc(b, ',');
        buf_json_key(b, names[i]);
        dom_write(b, c);
    }
    buf_putc(b, '}');
}

/* "contactEmail" → "Contact email", "userID" → "User ID", "URLPath" → "URL path": words split at
 * separators and case changes, acronyms kept, only ASCII case touched. */
static void humanize(buf_t *b, const char *s) {
#define UP(c) ((c) >= 'A' && (c) <= 'Z')
#define LOW(c) ((c) >= 'a' && (c) <= 'z')
    int space = 0;
    for (size_t i = 0; s[i]; i++) {
        char c = s[i], prev = i ? s[i - 1] : 0, next = s[i + 1];
        if (c == '_' || c == '-' || c == ' ') {
            space = 1;
            continue;
        }
        int word = UP(c) && (LOW(prev) || (prev >= '0' && prev <= '9') || (UP(prev) && LOW(next)));
        if ((space || word) && b->len) buf_putc(b, ' ');
        if (UP(c) && !UP(next) && !(UP(prev) && !word)) c = (char)(c + 32); /* not part of an acronym */
        if (!b->len && LOW(c)) c = (char)(c - 32);
        buf_putc(b, c);
        space = 0;
    }
#undef UP
#undef LOW
}

/* Writes the integrationSettings entry of field `i` (seed 000), without its closing brace:
 * configkey, configvalue (`value`, or "********" when `mask`), configtype, alignment, group,
 * dependencyaction. */
static void write_entry(buf_t *b, const form *f, size_t i, const cJSON *value, int mask) {
    const field *fl = &f->fields[i];
    const view *v = &fl->v;
    const cJSON *xg = kw(v, "x-group"), *xa = kw(v, "x-alignment");
    const char *ctl = control_names[fl->control];
    const char *group = cJSON_IsString(xg) ? xg->valuestring : fl->parent;
    buf_puts(b, "{\"configkey\":");
    dom_str(b, fl->key);
    buf_puts(b, ",\"configvalue\":");
    if (mask && value && !cJSON_IsNull(value)) buf_puts(b, "\"********\"");
    else write_or_null(b, value);
    buf_puts(b, ",\"configtype\":\"");
    buf_puts(b, ctl);
    buf_puts(b, "\",\"alignment\":\"");
    buf_puts(b, is(xa, "left") ? "left" : is(xa, "right") ? "right" : "full");
    buf_puts(b, "\",\"group\":");
    if (group) dom_str(b, group);
    else buf_puts(b, "null");
    buf_puts(b, ",\"dependencyaction\":[");
    int any = 0;
    for (size_t k = 0; k < f->nactions; k++) {
        if (!mentions(f->actions[k].when, fl->key)) continue;
        if (any++) buf_putc(b, ',');
        write_action(b, &f->actions[k]);
    }
    buf_putc(b, ']');
}

static void write_field(buf_t *b, const form *f, size_t i) {
    const field *fl = &f->fields[i];
    const view *v = &fl->v;
    const cJSON *title = kw(v, "title"), *desc = kw(v, "description"), *def = kw(v, "default");
    const char *ctl = control_names[fl->control];
    write_entry(b, f, i, def, 0);
    buf_puts(b, ",\"key\":");
    dom_str(b, fl->key);
    buf_puts(b, ",\"label\":");
    if (cJSON_IsString(title) && title->valuestring[0]) {
        dom_write(b, title);
    } else {
        buf_t t = { 0 };
        humanize(&t, fl->name);
        if (t.failed) b->failed = 1;
        else buf_json_string(b, t.data ? t.data : "", t.len);
        buf_free(&t);
    }
    buf_puts(b, ",\"help\":");
    write_or_null(b, cJSON_IsString(desc) ? desc : NULL);
    buf_puts(b, ",\"control\":\"");
    buf_puts(b, ctl);
    buf_puts(b, fl->required ? "\",\"required\":true,\"default\":" : "\",\"required\":false,\"default\":");
    write_or_null(b, def);
    if (fl->control == C_SELECT) write_options(b, f, v);
    if (fl->control == C_LIST) {
        view it;
        const char *note = NULL;
        view_of(f, kw(v, "items"), &it);
        int c = classify(f, &it, &note, 1);
        buf_puts(b, ",\"item\":{\"control\":\"");
        buf_puts(b, control_names[c]);
        buf_puts(b, "\",");
        write_constraints(b, &it);
        if (c == C_SELECT) write_options(b, f, &it);
        buf_putc(b, '}');
    }
    buf_putc(b, ',');
    write_constraints(b, v);
    buf_puts(b, ",\"order\":");
    buf_put_uint(b, i);
    buf_puts(b, ",\"parent\":");
    if (fl->parent) dom_str(b, fl->parent);
    else buf_puts(b, "null");
    buf_puts(b, ",\"visibleWhen\":");
    write_when(b, f, fl->key, 1);
    buf_puts(b, ",\"requiredWhen\":");
    write_when(b, f, fl->key, 0);
    if (fl->note) {
        buf_puts(b, ",\"note\":");
        dom_str(b, fl->note);
    }
    buf_putc(b, '}');
}

/* Checks that `root` (the variablesSchema, NULL when it did not parse) describes an object and
 * walks it into the fields of `f`; errors go to f->e. */
static void form_walk(form *f, const cJSON *root) {
    f->root = root;
    view rv;
    view_of(f, root, &rv);
    const cJSON *t = kw(&rv, "type");
    if (root && !cJSON_IsObject(root))
        dom_fail(f->e, HUB_ERR_SCHEMA_NOT_OBJECT, "variablesSchema", "variablesSchema must be a JSON Schema object", NULL,
                 NULL);
    else if (t && !is(t, "object") && !in_array(t, "object"))
        dom_fail(f->e, HUB_ERR_SCHEMA_NOT_OBJECT, "variablesSchema",
                 "variablesSchema must describe an object (its type is not object): variables are named", NULL, NULL);
    if (f->e->code == HUB_OK) {
        if (rv.note) add_note(f, "", rv.note);
        walk_object(f, &rv, "", 0);
    }
}

/* Ends a call of this module: an answer past OUTPUT_MAX fails with `too_big`; frees the arena. */
static hub_code form_finish(form *f, buf_t *b, const char *too_big, char **out, size_t *out_len) {
    if (b->len >= OUTPUT_MAX) dom_fail(f->e, HUB_ERR_SCHEMA_LIMIT, NULL, too_big, NULL, NULL);
    arena_free(f->a);
    return dom_finish(f->e, b, out, out_len);
}

hub_code hub_form_build(const char *schema, size_t len, char **out, size_t *out_len) {
    if (!out) return HUB_ERR_ARGUMENT;
    dom_err e = { 0 };
    buf_t b = { 0 };
    form f;
    memset(&f, 0, sizeof f);
    f.e = &e;
    f.a = arena_new(len + 4096);
    const cJSON *root = f.a ? dom_parse(f.a, schema, len, "variablesSchema", &e) : NULL;
    if (!f.a) dom_fail(&e, HUB_ERR_NOMEM, NULL, "out of memory", NULL, NULL);
    form_walk(&f, root);
    if (e.code == HUB_OK) {
        buf_puts(&b, "{\"fields\":[");
        for (size_t i = 0; i < f.nfields && b.len < OUTPUT_MAX; i++) {
            if (i) buf_putc(&b, ',');
            write_field(&b, &f, i);
        }
        buf_puts(&b, "],\"dependencies\":[");
        for (size_t i = 0; i < f.nactions; i++) {
            if (i) buf_putc(&b, ',');
            write_action(&b, &f.actions[i]);
        }
        buf_puts(&b, "],\"notes\":[");
        for (size_t i = 0; i < f.nnotes; i++) {
            buf_puts(&b, i ? ",{\"key\":" : "{\"key\":");
            dom_str(&b, f.notes[i].key);
            buf_puts(&b, ",\"message\":");
            dom_str(&b, f.notes[i].message);
            buf_putc(&b, '}');
        }
        buf_puts(&b, "]}");
    }
    return form_finish(&f, &b, "the form's description would exceed 8 MiB", out, out_len);
}

/* ---- the saved settings record ------------------------------------------------------------------ */

/* The value at the field key `key` (a dot path: form keys never hold '.') inside `values`: each
 * step an own member of an object. NULL when absent; a JSON null that is there is returned. */
static const cJSON *value_at(const cJSON *values, const char *key) {
    const cJSON *v = values;
    while (v) {
        size_t n = strcspn(key, ".");
        if (!cJSON_IsObject(v)) return NULL;
        const cJSON *c = v->child;
        while (c && !(strlen(c->string) == n && memcmp(c->string, key, n) == 0)) c = c->next;
        v = c;
        if (!key[n]) return v;
        key += n + 1;
    }
    return NULL;
}

enum { SECRETS_MASK, SECRETS_OMIT, SECRETS_KEEP };

hub_code hub_settings_build(const char *json, size_t len, char **out, size_t *out_len) {
    if (!out) return HUB_ERR_ARGUMENT;
    static const char *const modes[] = { "mask", "omit", "keep" };
    dom_err e = { 0 };
    buf_t b = { 0 };
    form f;
    char clip[80];
    memset(&f, 0, sizeof f);
    f.e = &e;
    const cJSON *in = dom_begin(&f.a, json, len, "{variablesSchema, values?, secrets?}", &e);
    const cJSON *schema = dom_get(in, "variablesSchema"), *values = dom_get(in, "values"), *secrets = dom_get(in, "secrets");
    int mode = SECRETS_MASK;
    for (const cJSON *k = in ? in->child : NULL; k && e.code == HUB_OK; k = k->next)
        if (strcmp(k->string, "variablesSchema") && strcmp(k->string, "values") && strcmp(k->string, "secrets"))
            dom_fail(&e, HUB_ERR_INPUT, "input", "input has an unknown member '", dom_clip(clip, k->string),
                     "'; expected variablesSchema, values and secrets");
    if (e.code == HUB_OK && !schema)
        dom_fail(&e, HUB_ERR_INPUT, "variablesSchema", "variablesSchema is required", NULL, NULL);
    if (values && !cJSON_IsObject(values))
        dom_fail(&e, HUB_ERR_INPUT, "values", "values must be an object (the activation's dynamicVariables)", NULL, NULL);
    if (secrets) {
        while (mode < 3 && !(cJSON_IsString(secrets) && strcmp(secrets->valuestring, modes[mode]) == 0)) mode++;
        if (mode == 3) dom_fail(&e, HUB_ERR_INPUT, "secrets", "secrets must be \"mask\", \"omit\" or \"keep\"", NULL, NULL);
    }
    if (e.code == HUB_OK) form_walk(&f, schema);
    if (e.code == HUB_OK) {
        size_t n = 0;
        buf_puts(&b, "{\"integrationSettings\":[");
        for (size_t i = 0; i < f.nfields && b.len < OUTPUT_MAX; i++) {
            const field *fl = &f.fields[i];
            int secret = fl->control == C_SECRET;
            if (secret && mode == SECRETS_OMIT) continue;
            const cJSON *v = fl->control == C_GROUP ? NULL : value_at(values, fl->key);
            if (n++) buf_putc(&b, ',');
            write_entry(&b, &f, i, v ? v : kw(&fl->v, "default"), secret && mode == SECRETS_MASK);
            buf_putc(&b, '}');
        }
        buf_puts(&b, "]}");
    }
    return form_finish(&f, &b, "the settings record would exceed 8 MiB", out, out_len);
}
