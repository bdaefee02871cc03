/* activation.c — the activation rules: an ActivationCreate checked against its integration, the
 * user's connections and the variablesSchema, every problem collected with a stable code. */
#include <stdlib.h>
#include <string.h>

#include "domain.h"
#include "field.h"
#include "schema.h"
#include "schema_cache.h"

#define FIELD_MAX 256    /* bytes of a field path kept; a path through huge member names is cut */
#define MESSAGE_MAX 512  /* bytes of a message kept: engine messages may quote long names */
#define VAR_FLAGS (HUB_FORMAT_ASSERT | HUB_ALL_ERRORS)

/* ---- small helpers ------------------------------------------------------------------------- */

/* Strings hold no U+0000 (dom_parse refuses them), so C strings compare like JS ones. */
static int is_str(const cJSON *v) { return cJSON_IsString(v) && v->valuestring[0]; }

static int str_eq(const cJSON *a, const cJSON *b) {
    return cJSON_IsString(a) && cJSON_IsString(b) && strcmp(a->valuestring, b->valuestring) == 0;
}

static const cJSON *member(const cJSON *o, const char *k) {
    return cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, k) : NULL;
}

/* ---- the state of one call ------------------------------------------------------------------- */

typedef struct entry {
    hub_code code;
    const char *field, *message, *extra;  /* extra: `,"name":value…` members, or "" */
    struct entry *next;
} entry;

/* A queue of errors; at most HUB_ACTIVATION_MAX_ERRORS are kept, the rest only counted. */
typedef struct queue {
    entry *head, **tail;
    size_t total;
} queue;

typedef struct ref {          /* an id of a template or connection, sortable */
    const cJSON *node, *id;
    size_t index;
} ref;

typedef struct act {
    const hub_models *models;
    arena_t *a;
    hub_result *res;
    dom_err *e;               /* call-level failure: what the host passed is wrong */
    queue main, late;         /* late: the variables' errors, which come last */
    buf_t msg, field, tok;  /* scratch */
    int options;              /* hub_binding_options: no payload, the user optional */
    sc_cache *cache;          /* the models' variablesSchema cache, when this call holds it */
    buf_t vtext;              /* the variablesSchema as JSON text: the cache's key, the compiler's input */
    const hub_schema *vhit;   /* the cached program of that text, if any */
} act;

static void nomem(act *ac) { dom_fail(ac->e, HUB_ERR_NOMEM, NULL, "out of memory", NULL, NULL); }

/* Copies `n` bytes of `s` into the arena, cut at `max` bytes (on a character boundary, with "…"). */
static char *arena_text(act *ac, const char *s, size_t n, size_t max) {
    if (n > max) {
        n = max;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--; /* never split a character */
    }
    int cut = n < strlen(s);
    char *p = arena_alloc(ac->a, n + 4);
    if (!p) return nomem(ac), NULL;
    memcpy(p, s, n);
    if (cut) memcpy(p + n, "\xe2\x80\xa6", 3), n += 3; /* "…" */
    p[n] = '\0';
    return p;
}

/* Appends pieces (NULL for none) to the message of the next add(). */
static void say(act *ac, const char *a, const char *b, const char *c) {
    const char *p[3] = { a, b, c };
    for (int i = 0; i < 3; i++)
        if (p[i]) buf_puts(&ac->msg, p[i]);
}

/* 1 if the next error of `q` can still be listed: the main queue is listed first, so a late
 * error beyond what the main one leaves room for never is. Callers skip building its field. */
static int room(const act *ac, const queue *q) {
    return (q == &ac->late ? ac->main.total : 0) + q->total < HUB_ACTIVATION_MAX_ERRORS;
}

/* Queues an error with the field built in ac->field and the message said since the last add(),
 * then starts a new message. `extra` (NULL for none) is `,"name":value…` text. */
static void add(act *ac, queue *q, hub_code code, const char *extra) {
    const char *f = ac->field.data ? ac->field.data : "", *m = ac->msg.data ? ac->msg.data : "";
    entry *en = room(ac, q) ? arena_alloc(ac->a, sizeof *en) : NULL;
    if (en && !ac->msg.failed && !ac->field.failed) {
        *en = (entry){ code, arena_text(ac, f, strlen(f), FIELD_MAX), arena_text(ac, m, strlen(m), MESSAGE_MAX),
                       extra ? extra : "", NULL };
        *q->tail = en;
        q->tail = &en->next;
    } else if (room(ac, q)) {
        nomem(ac);
    }
    q->total++;
    buf_clear(&ac->msg);
}

/* A copy of ac->msg in the arena (for `extra` members), then starts a new message. */
static const char *said(act *ac) {
    const char *s = ac->msg.failed || !ac->msg.data ? NULL : arena_text(ac, ac->msg.data, ac->msg.len, ac->msg.len);
    if (!s) nomem(ac);
    buf_clear(&ac->msg);
    return s;
}

/* ---- field paths: `a.b[0].c` from JSON Pointers ---------------------------------------------- */

static void field_set(act *ac, const char *s) {
    buf_clear(&ac->field);
    buf_puts(&ac->field, s);
}

/* Completes the field of engine error `i` of ac->res (hub_result_field: its instancePath, then
 * the member it is about). The field's prefix is already in ac->field. */
static void field_of_error(act *ac, size_t i) { fld_join(&ac->field, hub_result_field(ac->res, i)); }

static cJSON *node_new(act *ac) {
    cJSON *n = arena_alloc(ac->a, sizeof *n);
    if (!n) return nomem(ac), NULL;
    memset(n, 0, sizeof *n);
    return n;
}

/* Appends `item` to the container `obj`, keeping cJSON's child->prev at the last child. */
static void node_append(cJSON *obj, cJSON *item) {
    item->next = NULL;
    if (!obj->child) {
        obj->child = item;
    } else {
        obj->child->prev->next = item;
        item->prev = obj->child->prev;
    }
    obj->child->prev = item;
}

/* ---- model checks ----------------------------------------------------------------------------- */

/* Validates `v` against model `name`: 1 valid, 0 not (errors in ac->res), -1 evaluation stopped
 * (`herr` filled). */
static int check_model(act *ac, const char *name, const cJSON *v, hub_error *herr) {
    const hub_schema *s = hub_models_schema(ac->models, name);
    if (!s) return err_set(herr, HUB_ERR_ARGUMENT, "a built-in model is missing"), -1;
    return eval_validate_tree(s, v, ac->res, herr);
}

/* Fails the call with the first error of a host input validated as model `name`; `where` is
 * its field in the input. */
static void host_model(act *ac, const char *name, const cJSON *v, const char *where) {
    hub_error herr;
    int rc = check_model(ac, name, v, &herr);
    if (rc == 1) return;
    field_set(ac, where);
    if (rc == 0) field_of_error(ac, 0);
    const char *f = ac->field.failed ? where : ac->field.data;
    if (dom_fail(ac->e, rc < 0 ? herr.code : HUB_ERR_INPUT, f, f, ": ", rc < 0 ? herr.message : hub_result_message(ac->res, 0)))
        dom_more(ac->e, " (", name, " expected)");
}

/* ---- the host's inputs ------------------------------------------------------------------------ */

static int ref_cmp(const void *x, const void *y) {
    const ref *a = x, *b = y;
    int c = strcmp(a->id->valuestring, b->id->valuestring);
    return c ? c : a->index < b->index ? -1 : a->index > b->index;
}

/* Collects the `id` (a string, checked by the model) of each item of `arr`, sorted; fails the
 * call on a duplicate, naming `where[i].id`. */
static ref *refs_of(act *ac, const cJSON *arr, const char *where, size_t *count) {
    char f[128], clip[80];
    size_t n = 0;
    for (const cJSON *c = arr ? arr->child : NULL; c; c = c->next) n++;
    *count = n;
    ref *v = arena_alloc(ac->a, (n ? n : 1) * sizeof *v);
    if (!v) return nomem(ac), NULL;
    size_t i = 0;
    for (const cJSON *c = arr ? arr->child : NULL; c; c = c->next, i++) {
        v[i] = (ref){ c, member(c, "id"), i };
        if (!cJSON_IsString(v[i].id)) /* the models require it; never sort a non-string */
            return dom_fail(ac->e, HUB_ERR_INPUT, dom_path(f, where, i, ".id"), f, " must be a string", NULL), NULL;
    }
    qsort(v, n, sizeof *v, ref_cmp);
    for (i = 1; i < n; i++)
        if (str_eq(v[i - 1].id, v[i].id)) {
            dom_fail(ac->e, HUB_ERR_INPUT, dom_path(f, where, v[i].index, ".id"), f, " '", dom_clip(clip, v[i].id->valuestring));
            dom_more(ac->e, "' is not unique", NULL, NULL);
            return NULL;
        }
    return v;
}

/* The item of `v` whose id equals `id`, or NULL. */
static const ref *ref_find(const ref *v, size_t n, const cJSON *id) {
    ref key = { NULL, id, 0 };
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ref_cmp(&v[mid], &key) < 0) lo = mid + 1;
        else hi = mid;
    }
    return lo < n && str_eq(v[lo].id, id) ? &v[lo] : NULL;
}

/* Queues a variables_schema_invalid error whose `pointer` is `ptr` (cut like fields). */
static void schema_error(act *ac, const char *ptr, const char *message) {
    const char *p = arena_text(ac, ptr, strlen(ptr), FIELD_MAX);
    buf_puts(&ac->msg, ",\"pointer\":");
    dom_str(&ac->msg, p ? p : "");
    const char *extra = said(ac);
    say(ac, "the integration's variablesSchema is not a valid schema: ", message, NULL);
    add(ac, &ac->late, HUB_ERR_VARIABLES_SCHEMA, extra);
}

/* A shallow copy of object `o` without its member `skip` (in the arena); NULL on OOM. */
static cJSON *without_member(act *ac, const cJSON *o, const cJSON *skip) {
    cJSON *rest = node_new(ac);
    if (!rest) return NULL;
    rest->type = cJSON_Object;
    for (const cJSON *m = o->child; m; m = m->next) {
        if (m == skip) continue;
        cJSON *copy = node_new(ac);
        if (!copy) return NULL;
        *copy = *m;
        node_append(rest, copy);
    }
    return rest;
}

/* Whether the cache holds the program of this very variablesSchema text (then it passed the
 * meta-schema and compiled before); leaves the text in ac->vtext either way. */
static int cached_schema(act *ac, const cJSON *vs) {
    if (!ac->cache || !cJSON_IsObject(vs)) return 0;
    dom_write(&ac->vtext, vs);
    if (ac->vtext.failed) return 0;
    ac->vhit = sc_get(ac->cache, ac->vtext.data, ac->vtext.len);
    return ac->vhit != NULL;
}

/* Validates the integration; the errors inside its variablesSchema are the integration author's,
 * not a host bug, and become variables_schema_invalid errors (queued last). Returns 1 when the
 * variablesSchema passed the meta-schema (or is absent). */
static int check_integration(act *ac, const cJSON *integ) {
    static const char vs_path[] = "/variablesSchema";
    const size_t n = sizeof vs_path - 1;
    hub_error herr;
    const cJSON *vs = member(integ, "variablesSchema");
    if (cached_schema(ac, vs)) {
        /* Checked byte for byte before: only the rest of the integration is new. */
        cJSON *rest = without_member(ac, integ, vs);
        if (!rest) return nomem(ac), 0;
        host_model(ac, "EmbeddedIntegration", rest, "integration");
        return 1;
    }
    int rc = check_model(ac, "EmbeddedIntegration", integ, &herr);
    if (rc < 0 && vs) {
        /* Only the variablesSchema can be deep enough to stop the evaluator: blame it, and check
         * the rest of the integration without it (shallow copies of the other members). */
        field_set(ac, "integration.variablesSchema");
        schema_error(ac, "", herr.message);
        cJSON *rest = without_member(ac, integ, vs);
        if (!rest) return nomem(ac), 0;
        host_model(ac, "EmbeddedIntegration", rest, "integration");
        return 0;
    }
    if (rc < 0) {
        host_model(ac, "EmbeddedIntegration", integ, "integration");
        return 0;
    }
    if (vs && !cJSON_IsObject(vs)) {
        /* The meta-schema would add one "must be boolean or object" per vocabulary: say it once. */
        field_set(ac, "integration.variablesSchema");
        schema_error(ac, "", "it must be an object (a JSON Schema describing the variables)");
    }
    for (size_t i = 0; rc == 0 && i < hub_result_count(ac->res); i++) {
        const char *ip = hub_result_instance_path(ac->res, i);
        if (strncmp(ip, vs_path, n) == 0 && (!ip[n] || ip[n] == '/')) {
            if (!cJSON_IsObject(vs)) continue;
            field_set(ac, "integration");
            field_of_error(ac, i);
            schema_error(ac, ip + n, hub_result_message(ac->res, i));
            continue;
        }
        field_set(ac, "integration");
        field_of_error(ac, i);
        const char *f = ac->field.failed ? "integration" : ac->field.data;
        if (dom_fail(ac->e, HUB_ERR_INPUT, f, f, ": ", hub_result_message(ac->res, i)))
            dom_more(ac->e, " (EmbeddedIntegration expected)", NULL, NULL);
    }
    return rc == 1;
}

/* Checks what the host passed and indexes the templates and connections by id. */
static void check_host(act *ac, const cJSON *in, ref **tpl, size_t *ntpl, ref **conn, size_t *nconn, int *vs_ok) {
    static const char *const known[] = { "integration", "connections", "user", "payload", "activated" };
    const size_t nknown = ac->options ? 3 : 5;
    char clip[80];
    for (const cJSON *k = in->child; k; k = k->next) {
        size_t i = 0;
        while (i < nknown && strcmp(k->string, known[i]) != 0) i++;
        if (i == nknown && dom_fail(ac->e, HUB_ERR_INPUT, "input", "input has an unknown member '", dom_clip(clip, k->string),
                                    ac->options ? "'; expected integration, connections and user"
                                                : "'; expected payload, integration, connections, user and activated"))
            break;
    }
    const cJSON *user = dom_get(in, "user"), *integ = dom_get(in, "integration"), *conns = dom_get(in, "connections");
    const cJSON *flag = dom_get(in, "activated");
    if (!user && ac->options) { /* binding options without a user: every connection is the user's */
    } else if (!cJSON_IsObject(user)) dom_fail(ac->e, HUB_ERR_INPUT, "user", "user must be an object {id, externalId}", NULL, NULL);
    else if (!is_str(dom_get(user, "id")))
        dom_fail(ac->e, HUB_ERR_INPUT, "user.id", "user.id must be a non-empty string", NULL, NULL);
    else if (!is_str(dom_get(user, "externalId")))
        dom_fail(ac->e, HUB_ERR_INPUT, "user.externalId", "user.externalId must be a non-empty string", NULL, NULL);
    if (flag && !cJSON_IsBool(flag)) dom_fail(ac->e, HUB_ERR_INPUT, "activated", "activated must be true or false", NULL, NULL);
    if (conns && !cJSON_IsArray(conns))
        dom_fail(ac->e, HUB_ERR_INPUT, "connections", "connections must be an array of the user's connections", NULL, NULL);
    if (!integ) dom_fail(ac->e, HUB_ERR_INPUT, "integration", "integration is required (EmbeddedIntegration)", NULL, NULL);
    if (ac->e->code) return;
    *vs_ok = check_integration(ac, integ);
    size_t i = 0;
    for (const cJSON *c = conns ? conns->child : NULL; c && !ac->e->code; c = c->next, i++) {
        char f[128];
        host_model(ac, "Connection", c, dom_path(f, "connections", i, ""));
    }
    if (ac->e->code) return;
    *tpl = refs_of(ac, member(integ, "connectionTemplates"), "integration.connectionTemplates", ntpl);
    if (*tpl) *conn = refs_of(ac, conns, "connections", nconn);
}

/* ---- the payload ------------------------------------------------------------------------------ */

/* Queues each error of the last validation in ac->res under `code`, fields after
 * `prefix`; skips those whose schemaPath starts with `skip` (NULL: none). */
static void add_engine_errors(act *ac, hub_code code, const char *prefix, const char *skip) {
    for (size_t i = 0; i < hub_result_count(ac->res); i++) {
        if (skip && strncmp(hub_result_schema_path(ac->res, i), skip, strlen(skip)) == 0) continue;
        if (!room(ac, &ac->main)) {
            ac->main.total++;
            continue;
        }
        field_set(ac, prefix);
        field_of_error(ac, i);
        say(ac, hub_result_message(ac->res, i), NULL, NULL);
        add(ac, &ac->main, code, NULL);
    }
    ac->main.total += hub_result_total(ac->res) - hub_result_count(ac->res);
}

/* A deep copy of `v` (a schema's default) in the arena: defaults are spliced into the
 * variables, and a node can be in one list only. */
static cJSON *node_clone(act *ac, const cJSON *v) {
    cJSON *n = node_new(ac);
    if (!n) return NULL;
    *n = *v;
    n->next = n->prev = n->child = NULL;
    for (const cJSON *c = v->child; c; c = c->next) {
        cJSON *k = node_clone(ac, c);
        if (!k) return NULL;
        node_append(n, k);
    }
    return n;
}

/* Adds the `default` of each property of `schema` that `obj` lacks, then descends into the
 * properties that hold objects (given or defaulted). */
static void apply_defaults(act *ac, cJSON *obj, const cJSON *schema) {
    const cJSON *props = member(schema, "properties");
    for (const cJSON *p = cJSON_IsObject(props) ? props->child : NULL; p && !ac->e->code; p = p->next) {
        cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, p->string);
        const cJSON *d = member(p, "default");
        if (!v && d) {
            if (!(v = node_clone(ac, d))) return;
            v->string = p->string;
            node_append(obj, v);
        }
        if (cJSON_IsObject(v)) apply_defaults(ac, v, p);
    }
}

/* The variables as one object: `dynamicVariables`, or `variables` [{name, value}] folded into an
 * object (a duplicate name is an error; the first one counts), or {}. NULL when they have the
 * wrong shape (already reported). */
static cJSON *variables_object(act *ac, const cJSON *payload) {
    char clip[80], f[128];
    cJSON *dyn = cJSON_GetObjectItemCaseSensitive(payload, "dynamicVariables");
    const cJSON *vars = member(payload, "variables");
    if (dyn && vars) {
        field_set(ac, "variables");
        say(ac, "give the variables either as dynamicVariables or as variables [{name, value}], not both", NULL, NULL);
        add(ac, &ac->main, HUB_ERR_VARIABLES_CONFLICT, NULL);
        return NULL;
    }
    if (dyn) return cJSON_IsObject(dyn) ? dyn : NULL;
    if (vars && !cJSON_IsArray(vars)) return NULL;
    cJSON *obj = node_new(ac);
    if (!obj) return NULL;
    obj->type = cJSON_Object;
    /* Entries sorted by (name, index) find duplicates in O(n log n): a payload may hold many. */
    size_t n = 0, k = 0;
    for (const cJSON *v = vars ? vars->child : NULL; v; v = v->next) n++;
    ref *by_name = arena_alloc(ac->a, (n + 1) * sizeof *by_name);
    size_t *first = arena_alloc(ac->a, (n + 1) * sizeof *first); /* by index: first entry of its name */
    if (!by_name || !first) return nomem(ac), NULL;
    for (const cJSON *v = vars ? vars->child : NULL; v; v = v->next, k++) {
        const cJSON *name = member(v, "name");
        first[k] = k;
        if (is_str(name) && member(v, "value")) by_name[k] = (ref){ v, name, k };
        else by_name[k] = (ref){ NULL, NULL, k };
    }
    size_t m = 0; /* compact the entries that have a name and a value */
    for (k = 0; k < n; k++)
        if (by_name[k].node) by_name[m++] = by_name[k];
    qsort(by_name, m, sizeof *by_name, ref_cmp);
    for (k = 1; k < m; k++)
        if (str_eq(by_name[k].id, by_name[k - 1].id)) first[by_name[k].index] = first[by_name[k - 1].index];
    k = 0;
    for (const cJSON *v = vars ? vars->child : NULL; v; v = v->next, k++) {
        const cJSON *name = member(v, "name"), *value = member(v, "value");
        if (!is_str(name) || !value) continue;
        if (first[k] != k) {
            field_set(ac, dom_path(f, "variables", k, ".name"));
            say(ac, "variable '", dom_clip(clip, name->valuestring), "' is given more than once (first at ");
            say(ac, dom_path(f, "variables", first[k], ""), ")", NULL);
            add(ac, &ac->main, HUB_ERR_VARIABLE_DUPLICATE, NULL);
            continue;
        }
        cJSON *item = node_new(ac);
        if (!item) return NULL;
        *item = *value;
        item->string = name->valuestring;
        node_append(obj, item);
    }
    return obj;
}

/* ---- connections ------------------------------------------------------------------------------ */

/* What the activation says about a connection that is not active, per status (index as in
 * domain.h); the action it names comes from the status→action table (dom_status_action). */
static const char *const not_active[ST_COUNT] = {
    [ST_CONNECTING] = "' is still connecting: wait until it is active, then activate again",
    [ST_POST_INSTALL_ERROR] = "' failed its post-install steps: retry the connection or fix its credentials",
    [ST_VALIDATION_ERROR] = "' failed validation: retry the connection or fix its credentials",
    [ST_NEEDS_REAUTH] = "' needs to be authorized again: reconnect the account",
};

/* `,"status":"…","action":"…"` for status `st`, in the arena. */
static const char *status_extra(act *ac, int st) {
    buf_clear(&ac->msg);
    buf_puts(&ac->msg, ",\"status\":\"");
    buf_puts(&ac->msg, dom_status_name(st));
    buf_puts(&ac->msg, "\",\"action\":\"");
    buf_puts(&ac->msg, dom_status_action(st));
    buf_putc(&ac->msg, '"');
    return said(ac);
}

/* The rule of which connection may serve a template, shared by the activation check and
 * hub_binding_options: queues on `q` why connection `c` (NULL: none has id `cid`) cannot serve
 * template `t` for `user` (NULL: every connection is the user's), in this order: not found (or
 * another user's), else connector mismatch, else not active and/or sandbox for a template that
 * writes. The field must be set. Returns how many reasons it queued. */
static size_t judge_connection(act *ac, queue *q, const cJSON *c, const char *cid, const cJSON *t, const cJSON *user) {
    char clip[80], clip2[80];
    size_t before = q->total;
    say(ac, "connection '", dom_clip(clip, cid), NULL);
    /* Another user's connection reads exactly like one that does not exist. */
    if (!c || (user && !str_eq(member(c, "tenant_id"), member(user, "id")))) {
        say(ac, "' was not found among your connections", NULL, NULL);
        add(ac, q, HUB_ERR_CONNECTION_NOT_FOUND, NULL);
        return q->total - before;
    }
    const cJSON *env = member(c, "environment_integration_id"), *want = member(t, "connectorId");
    if (!str_eq(env, want)) {
        say(ac, "' is for connector '", dom_clip(clip, env->valuestring), "' but template '");
        say(ac, dom_clip(clip, member(t, "name")->valuestring), "' needs connector '", dom_clip(clip2, want->valuestring));
        say(ac, "'", NULL, NULL);
        add(ac, q, HUB_ERR_CONNECTOR_MISMATCH, NULL);
        return q->total - before;
    }
    int st = dom_status_index(member(c, "status")->valuestring);
    const cJSON *last = member(c, "last_error");
    if (st > ST_ACTIVE) {
        const char *extra = status_extra(ac, st);
        say(ac, "connection '", clip, not_active[st]);
        if (is_str(last) && st != ST_CONNECTING) say(ac, " (last error: ", dom_clip(clip2, last->valuestring), ")");
        add(ac, q, HUB_ERR_CONNECTION_INACTIVE, extra);
        say(ac, "connection '", clip, NULL);
    }
    if (cJSON_IsTrue(member(t, "writes")) && cJSON_IsTrue(member(c, "is_sandbox"))) {
        say(ac, "' is a sandbox account, which allows no writes, but template '", dom_clip(clip2, member(t, "name")->valuestring),
            "' writes: bind a production connection");
        add(ac, q, HUB_ERR_SANDBOX_WRITE, NULL);
    }
    buf_clear(&ac->msg);
    return q->total - before;
}

/* Checks the connection of binding `i` of the payload, whose template is `t`. */
static void check_connection(act *ac, const cJSON *b, size_t i, const cJSON *t, const ref *conn, size_t nconn,
                             const cJSON *user) {
    char f[128];
    const cJSON *cid = member(b, "connectionId");
    if (!is_str(cid)) return;
    const ref *r = ref_find(conn, nconn, cid);
    field_set(ac, dom_path(f, "connections", i, ".connectionId"));
    judge_connection(ac, &ac->main, r ? r->node : NULL, cid->valuestring, t, user);
}

/* Every binding of the payload, then every template left unbound. */
static void check_bindings(act *ac, const cJSON *payload, const cJSON *integ, const ref *tpl, size_t ntpl,
                           const ref *conn, size_t nconn, const cJSON *user) {
    char f[128], clip[80];
    const cJSON *bindings = member(payload, "connections");
    if (!cJSON_IsArray(bindings)) return;
    size_t *bound = arena_alloc(ac->a, (ntpl + 1) * sizeof *bound); /* binding index + 1, by template index */
    if (!bound) return nomem(ac);
    memset(bound, 0, (ntpl + 1) * sizeof *bound);
    size_t i = 0;
    for (const cJSON *b = bindings->child; b && !ac->e->code; b = b->next, i++) {
        const cJSON *tid = member(b, "templateId");
        if (!is_str(tid)) continue;
        const ref *r = ref_find(tpl, ntpl, tid);
        field_set(ac, dom_path(f, "connections", i, ".templateId"));
        if (!r) {
            say(ac, "integration '", dom_clip(clip, member(integ, "name")->valuestring), "' has no connection template '");
            say(ac, dom_clip(clip, tid->valuestring), "'", NULL);
            add(ac, &ac->main, HUB_ERR_TEMPLATE_UNKNOWN, NULL);
            continue;
        }
        if (bound[r->index]) {
            say(ac, "connection template '", dom_clip(clip, member(r->node, "name")->valuestring), "' is already bound by ");
            say(ac, dom_path(f, "connections", bound[r->index] - 1, ""), NULL, NULL);
            add(ac, &ac->main, HUB_ERR_TEMPLATE_BOUND_TWICE, NULL);
        } else {
            bound[r->index] = i + 1;
        }
        check_connection(ac, b, i, r->node, conn, nconn, user);
    }
    i = 0;
    for (const cJSON *t = member(integ, "connectionTemplates")->child; t && !ac->e->code; t = t->next, i++) {
        if (bound[i]) continue;
        buf_puts(&ac->msg, ",\"templateId\":");
        dom_write(&ac->msg, member(t, "id"));
        const char *extra = said(ac);
        field_set(ac, "connections");
        say(ac, "connection template '", dom_clip(clip, member(t, "name")->valuestring),
            "' has no connection: bind one of your connections to connector '");
        say(ac, dom_clip(clip, member(t, "connectorId")->valuestring), "'", NULL);
        add(ac, &ac->main, HUB_ERR_TEMPLATE_UNBOUND, extra);
    }
}

/* ---- variables -------------------------------------------------------------------------------- */

/* The field of variables error `i` when the payload spelt them as `variables`: the pointer's
 * first token names an entry, the rest goes into its value; an error about a whole member (an
 * unexpected one) points at its entry's name; `variables` alone when no entry has that name (a
 * default's value, or a missing required one). */
static void field_of_variable(act *ac, const cJSON *list, size_t i) {
    const char *rest = hub_result_instance_path(ac->res, i);
    const cJSON *v = NULL;
    size_t k = 0;
    const char *name = NULL;
    field_set(ac, "variables");
    if (!fld_token(&rest, &ac->tok)) name = hub_result_property(ac->res, i);
    const char *entry = name ? name : ac->tok.data; /* the variable the error is in or about */
    for (v = entry && (name || *hub_result_instance_path(ac->res, i)) ? list->child : NULL; v; v = v->next, k++) {
        const cJSON *n = member(v, "name");
        if (cJSON_IsString(n) && strcmp(n->valuestring, entry) == 0) break;
    }
    if (!v) return;
    fld_index(&ac->field, k);
    if (name) { /* the entry's name is what is wrong (an unexpected variable) */
        buf_puts(&ac->field, ".name");
        return;
    }
    /* The error's field inside the variables, without its first step (the entry's name). */
    buf_puts(&ac->field, ".value");
    fld_join(&ac->field, fld_rest(hub_result_field(ac->res, i)));
}

/* Compiles the variablesSchema `vs` (or takes its program from the cache), applies its defaults
 * to `vars` and validates them; a new program goes to the cache afterwards. */
static void check_variables(act *ac, const cJSON *payload, cJSON *vars, const cJSON *vs) {
    hub_error herr;
    err_set(&herr, HUB_ERR_NOMEM, "out of memory");
    hub_schema *own = NULL;
    const hub_schema *s = ac->vhit;
    if (!s) {
        if (!ac->vtext.len) dom_write(&ac->vtext, vs);
        s = own = ac->vtext.failed ? NULL : hub_schema_compile(NULL, ac->vtext.data, ac->vtext.len, VAR_FLAGS, &herr);
    }
    if (!s && herr.code == HUB_ERR_NOMEM) return nomem(ac);
    if (!s) {
        field_set(ac, "integration.variablesSchema");
        fld_pointer(&ac->field, &ac->tok, vs, herr.pointer[0] == '/' ? herr.pointer : "");
        schema_error(ac, herr.pointer, herr.message);
        return;
    }
    apply_defaults(ac, vars, vs);
    int rc = ac->e->code ? 1 : eval_validate_tree(s, vars, ac->res, &herr);
    if (rc < 0) {
        field_set(ac, "dynamicVariables");
        say(ac, herr.message, NULL, NULL);
        add(ac, &ac->late, HUB_ERR_VARIABLES_INVALID, NULL);
    }
    const cJSON *list = member(payload, "variables");
    for (size_t i = 0; rc == 0 && i < hub_result_count(ac->res); i++) {
        if (!room(ac, &ac->late)) {
            ac->late.total++;
            continue;
        }
        if (list) {
            field_of_variable(ac, list, i);
        } else {
            field_set(ac, "dynamicVariables");
            field_of_error(ac, i);
        }
        say(ac, hub_result_message(ac->res, i), NULL, NULL);
        add(ac, &ac->late, HUB_ERR_VARIABLES_INVALID, NULL);
    }
    if (rc == 0) ac->late.total += hub_result_total(ac->res) - hub_result_count(ac->res);
    /* Only a variablesSchema that passed the meta-schema gets here, so a hit may skip that too. */
    if (own && !(ac->cache && sc_put(ac->cache, ac->vtext.data, ac->vtext.len, own))) hub_schema_free(own);
}

/* ---- the answer ------------------------------------------------------------------------------- */

static void write_errors(act *ac, buf_t *b) {
    size_t listed = 0;
    buf_putc(b, '[');
    for (int qi = 0; qi < 2; qi++)
        for (const entry *en = (qi ? ac->late : ac->main).head; en && listed < HUB_ACTIVATION_MAX_ERRORS; en = en->next) {
            if (listed++) buf_putc(b, ',');
            buf_puts(b, "{\"code\":\"");
            buf_puts(b, hub_code_name(en->code));
            buf_puts(b, "\",\"message\":");
            dom_str(b, en->message);
            buf_puts(b, ",\"field\":");
            dom_str(b, en->field);
            buf_puts(b, en->extra);
            buf_putc(b, '}');
        }
    buf_putc(b, ']');
    size_t total = ac->main.total + ac->late.total;
    if (total > listed) {
        buf_puts(b, ",\"omitted\":");
        buf_put_uint(b, total - listed);
    }
}

/* The normalized payload; only called when it is valid, so every member has its shape. */
static void write_normalized(buf_t *b, const cJSON *payload, const cJSON *vars) {
    const cJSON *type = member(payload, "userIdType"), *list = member(payload, "connections");
    buf_puts(b, ",\"normalized\":{\"userId\":");
    dom_write(b, member(payload, "userId"));
    buf_puts(b, ",\"userIdType\":");
    buf_puts(b, type && strcmp(type->valuestring, "internal") == 0 ? "\"internal\"" : "\"external\"");
    buf_puts(b, ",\"integrationId\":");
    dom_write(b, member(payload, "integrationId"));
    buf_puts(b, ",\"connections\":[");
    for (const cJSON *c = list->child; c; c = c->next) {
        buf_puts(b, c == list->child ? "{\"templateId\":" : ",{\"templateId\":");
        dom_write(b, member(c, "templateId"));
        buf_puts(b, ",\"connectionId\":");
        dom_write(b, member(c, "connectionId"));
        buf_putc(b, '}');
    }
    buf_puts(b, "],\"dynamicVariables\":");
    if (vars) dom_write(b, vars);
    else buf_puts(b, "{}");
    buf_putc(b, '}');
}

/* ---- the rules, in the order the header documents --------------------------------------------- */

static void check_user(act *ac, const cJSON *payload, const cJSON *user) {
    const cJSON *uid = member(payload, "userId"), *type = member(payload, "userIdType");
    int internal = cJSON_IsString(type) && strcmp(type->valuestring, "internal") == 0;
    int external = !type || (cJSON_IsString(type) && strcmp(type->valuestring, "external") == 0);
    if (!is_str(uid) || !(internal || external) || str_eq(uid, member(user, internal ? "id" : "externalId"))) return;
    field_set(ac, "userId");
    say(ac, "userId does not name the user making this request (read as ", internal ? "an internal" : "an external",
        " id, per userIdType)");
    add(ac, &ac->main, HUB_ERR_USER_MISMATCH, NULL);
}

static void check_all(act *ac, const cJSON *in, buf_t *out) {
    char clip[80];
    ref *tpl = NULL, *conn = NULL;
    size_t ntpl = 0, nconn = 0;
    int vs_ok = 1;
    check_host(ac, in, &tpl, &ntpl, &conn, &nconn, &vs_ok);
    if (ac->e->code) return;
    const cJSON *user = dom_get(in, "user"), *integ = dom_get(in, "integration");
    const cJSON *name = member(integ, "name"), *flag = dom_get(in, "activated");
    cJSON null_node = { .type = cJSON_NULL };
    const cJSON *payload = dom_get(in, "payload");
    if (!payload) payload = &null_node;

    hub_error herr;
    int rc = check_model(ac, "ActivationCreate", payload, &herr);
    if (rc < 0) {
        field_set(ac, "");
        say(ac, herr.message, NULL, NULL);
        add(ac, &ac->main, HUB_ERR_PAYLOAD_INVALID, NULL);
    } else if (rc == 0) {
        add_engine_errors(ac, HUB_ERR_PAYLOAD_INVALID, "", "/dependentSchemas/variables/");
    }
    cJSON *vars = cJSON_IsObject(payload) ? variables_object(ac, payload) : NULL;
    check_user(ac, payload, user);

    const cJSON *iid = member(payload, "integrationId");
    field_set(ac, "integrationId");
    if (is_str(iid) && !str_eq(iid, member(integ, "id"))) {
        /* The rules below would judge the payload against an integration it did not ask for. */
        say(ac, "integrationId '", dom_clip(clip, iid->valuestring), "' is not the integration being activated ('");
        say(ac, dom_clip(clip, member(integ, "id")->valuestring), "')", NULL);
        add(ac, &ac->main, HUB_ERR_INTEGRATION_MISMATCH, NULL);
    } else {
        if (!cJSON_IsTrue(member(integ, "isDeployed"))) {
            say(ac, "integration '", dom_clip(clip, name->valuestring), "' is not deployed: it cannot be activated until it is");
            add(ac, &ac->main, HUB_ERR_NOT_DEPLOYED, NULL);
        }
        if (cJSON_IsTrue(flag ? flag : member(integ, "isActivated"))) {
            say(ac, "integration '", dom_clip(clip, name->valuestring),
                "' is already activated for this user: manage or delete that activation instead");
            add(ac, &ac->main, HUB_ERR_ALREADY_ACTIVATED, NULL);
        }
        check_bindings(ac, payload, integ, tpl, ntpl, conn, nconn, user);
        const cJSON *vs = member(integ, "variablesSchema");
        if (vs && vs_ok && vars && !ac->e->code) check_variables(ac, payload, vars, vs);
    }
    if (ac->e->code) return;
    int valid = ac->main.total + ac->late.total == 0;
    buf_puts(out, valid ? "{\"valid\":true,\"errors\":" : "{\"valid\":false,\"errors\":");
    write_errors(ac, out);
    if (valid) write_normalized(out, payload, vars);
    buf_putc(out, '}');
}

/* ---- binding options -------------------------------------------------------------------------- */

/* Writes `,"code":…,"message":…,"reasons":[…]` for the reasons queued on `q` (at least one). */
static void write_reasons(buf_t *b, const queue *q) {
    buf_puts(b, ",\"code\":\"");
    buf_puts(b, hub_code_name(q->head->code));
    buf_puts(b, "\",\"message\":");
    dom_str(b, q->head->message);
    buf_puts(b, ",\"reasons\":[");
    for (const entry *en = q->head; en; en = en->next) {
        buf_puts(b, en == q->head ? "{\"code\":\"" : ",{\"code\":\"");
        buf_puts(b, hub_code_name(en->code));
        buf_puts(b, "\",\"message\":");
        dom_str(b, en->message);
        buf_puts(b, en->extra);
        buf_putc(b, '}');
    }
    buf_putc(b, ']');
}

static void binding_options(act *ac, const cJSON *in, buf_t *out) {
    ref *tpl = NULL, *conn = NULL;
    size_t ntpl = 0, nconn = 0;
    int vs_ok = 1;
    check_host(ac, in, &tpl, &ntpl, &conn, &nconn, &vs_ok);
    if (ac->e->code) return;
    const cJSON *user = dom_get(in, "user"), *integ = dom_get(in, "integration"), *conns = dom_get(in, "connections");
    buf_t no = { 0 };
    buf_puts(out, "{\"templates\":[");
    for (const cJSON *t = member(integ, "connectionTemplates")->child; t && !ac->e->code; t = t->next) {
        static const char *const keys[] = { "{\"templateId\":", ",\"name\":", ",\"connectorId\":" };
        static const char *const names[] = { "id", "name", "connectorId" };
        if (t != member(integ, "connectionTemplates")->child) buf_putc(out, ',');
        for (int k = 0; k < 3; k++) {
            buf_puts(out, keys[k]);
            dom_write(out, member(t, names[k]));
        }
        buf_puts(out, cJSON_IsTrue(member(t, "writes")) ? ",\"writes\":true,\"eligible\":[" : ",\"writes\":false,\"eligible\":[");
        buf_clear(&no);
        size_t eligible = 0;
        for (const cJSON *c = conns ? conns->child : NULL; c; c = c->next) {
            queue q = { NULL, &q.head, 0 };
            const cJSON *id = member(c, "id");
            field_set(ac, "");
            if (!judge_connection(ac, &q, c, id->valuestring, t, user)) {
                if (eligible++) buf_putc(out, ',');
                dom_write(out, id);
            } else if (q.head) {
                buf_puts(&no, no.len ? ",{\"connectionId\":" : "{\"connectionId\":");
                dom_write(&no, id);
                write_reasons(&no, &q);
                buf_putc(&no, '}');
            }
        }
        buf_puts(out, "],\"ineligible\":[");
        if (no.len) buf_put(out, no.data, no.len);
        buf_puts(out, "]}");
        if (no.failed) nomem(ac);
    }
    buf_puts(out, "]}");
    buf_free(&no);
}

/* Runs `fn` as one call of the activation module: the arena, the workspace and the models. */
static hub_code run_call(const hub_models *models, int options, const char *json, size_t len, const char *shape,
                         void (*fn)(act *, const cJSON *, buf_t *), char **out, size_t *out_len) {
    dom_err e = { 0 };
    buf_t b = { 0 };
    hub_error herr;
    act ac = { 0 };
    ac.e = &e;
    ac.options = options;
    ac.main.tail = &ac.main.head;
    ac.late.tail = &ac.late.head;
    hub_models *own = NULL;
    const cJSON *in = dom_begin(&ac.a, json, len, shape, &e);
    if (e.code == HUB_OK && !models && !(models = own = hub_models_new(&herr)))
        dom_fail(&e, herr.code, NULL, "the built-in models do not compile: ", herr.message, NULL);
    if (e.code == HUB_OK && !(ac.res = hub_result_new())) nomem(&ac);
    ac.models = models;
    /* One call at a time uses the cache; a concurrent one compiles without it. */
    if (!options && sc_try_lock(models_variables_cache(models))) ac.cache = models_variables_cache(models);
    if (e.code == HUB_OK) fn(&ac, in, &b);
    sc_unlock(ac.cache);
    buf_free(&ac.vtext);
    buf_free(&ac.msg);
    buf_free(&ac.field);
    buf_free(&ac.tok);
    hub_models_free(own);
    hub_result_free(ac.res);
    arena_free(ac.a);
    return dom_finish(&e, &b, out, out_len);
}

hub_code hub_binding_options(const hub_models *models, const char *json, size_t len, char **out, size_t *out_len) {
    if (!out) return HUB_ERR_ARGUMENT;
    return run_call(models, 1, json, len, "{integration, connections, user?}", binding_options, out, out_len);
}

hub_code hub_activation_validate(const hub_models *models, const char *json, size_t len, char **out, size_t *out_len) {
    if (!out) return HUB_ERR_ARGUMENT;
    return run_call(models, 0, json, len, "{payload, integration, connections, user, activated}", check_all, out,
                    out_len);
}
