/* models.c — the built-in domain models (the schemas of src/models), compiled once into a hub_models handle. */
#include <stdlib.h>
#include <string.h>

#include "domain.h"
#include "schema.h"
#include "schema_cache.h"

/* The generated table (scripts/embed-models.mjs): one document per model, sorted by name, each
 * with $id MODEL_PREFIX + name. */
extern const meta_doc model_docs[];
extern const size_t model_count;

#define MODEL_PREFIX "urn:embedhub:model:"
#define MODEL_FLAGS (HUB_FORMAT_ASSERT | HUB_ALL_ERRORS)

/* The variablesSchemas hub_activation_validate compiled, by text (schema_cache.h): 16 of them,
 * 1 MiB of text at most. */
#define VAR_CACHE_ENTRIES 16
#define VAR_CACHE_BYTES (1u << 20)

struct hub_models {
    size_t count;             /* model_count */
    sc_cache *variables;      /* compiled variablesSchemas; locked per call, so still shareable */
    hub_schema *schemas[];    /* in table order */
};

sc_cache *models_variables_cache(const hub_models *m) { return m ? m->variables : NULL; }

static const char *model_name(size_t i) { return model_docs[i].uri + sizeof MODEL_PREFIX - 1; }

hub_models *hub_models_new(hub_error *err) {
    hub_models *m = calloc(1, sizeof *m + model_count * sizeof m->schemas[0]);
    hub_ctx *ctx = m ? hub_ctx_new() : NULL;
    if (m) m->count = model_count;
    if (m) m->variables = sc_new(VAR_CACHE_ENTRIES, VAR_CACHE_BYTES, NULL);
    if (!ctx || !m->variables) {
        hub_ctx_free(ctx);
        if (m) sc_free(m->variables);
        free(m);
        err_set(err, HUB_ERR_NOMEM, "out of memory while compiling the models");
        return NULL;
    }
    /* Every model is registered before any is compiled, so their $refs to each other resolve;
     * the compiled programs do not need the registry afterwards. */
    int ok = 1;
    for (size_t i = 0; ok && i < model_count; i++)
        ok = hub_ctx_add_schema(ctx, model_docs[i].uri, model_docs[i].text, model_docs[i].len, err) == HUB_OK;
    for (size_t i = 0; ok && i < model_count; i++)
        ok = (m->schemas[i] = hub_schema_compile(ctx, model_docs[i].text, model_docs[i].len, MODEL_FLAGS, err)) != NULL;
    hub_ctx_free(ctx);
    if (!ok) {
        hub_models_free(m);
        return NULL;
    }
    return m;
}

void hub_models_free(hub_models *m) {
    if (!m) return;
    for (size_t i = 0; i < m->count; i++) hub_schema_free(m->schemas[i]);
    sc_free(m->variables);
    free(m);
}

const hub_schema *hub_models_schema(const hub_models *m, const char *name) {
    if (!m || !name) return NULL;
    for (size_t i = 0; i < m->count; i++)
        if (strcmp(model_name(i), name) == 0) return m->schemas[i];
    return NULL;
}

hub_code hub_model_validate(const hub_models *models, const char *json, size_t len, char **out, size_t *out_len) {
    if (!out) return HUB_ERR_ARGUMENT;
    dom_err e = { 0 };
    buf_t b = { 0 };
    hub_error herr;
    hub_models *own = NULL;
    arena_t *a = NULL;
    const cJSON *in = dom_begin(&a, json, len, "{model, value}", &e);
    for (const cJSON *k = in ? in->child : NULL; k; k = k->next)
        if (strcmp(k->string, "model") != 0 && strcmp(k->string, "value") != 0)
            dom_fail(&e, HUB_ERR_INPUT, "input", "input has a member other than model and value", NULL, NULL);
    const cJSON *name = dom_get(in, "model");
    /* `value` null is a value to validate, not an absent member. */
    const cJSON *value = in ? cJSON_GetObjectItemCaseSensitive(in, "value") : NULL;
    if (!cJSON_IsString(name)) dom_fail(&e, HUB_ERR_INPUT, "model", "model must be a string", NULL, NULL);
    if (!value) dom_fail(&e, HUB_ERR_INPUT, "value", "value is required (null is a value)", NULL, NULL);
    if (e.code == HUB_OK && !models && !(models = own = hub_models_new(&herr)))
        dom_fail(&e, herr.code, NULL, "the built-in models do not compile: ", herr.message, NULL);
    const hub_schema *s = e.code == HUB_OK ? hub_models_schema(models, name->valuestring) : NULL;
    if (e.code == HUB_OK && !s) {
        char clip[80];
        dom_fail(&e, HUB_ERR_UNKNOWN_MODEL, "model", "unknown model '", dom_clip(clip, name->valuestring),
                 "'; expected one of ");
        for (size_t i = 0; i < model_count; i++) dom_more(&e, i ? ", " : "", model_name(i), NULL);
    }
    hub_result *res = s ? hub_result_new() : NULL;
    if (s && !res) dom_fail(&e, HUB_ERR_NOMEM, NULL, "out of memory", NULL, NULL);
    int rc = res ? eval_validate_tree(s, value, res, &herr) : 0;
    if (rc < 0) dom_fail(&e, herr.code, "value", herr.message, NULL, NULL);
    const char *errors = res && rc >= 0 ? hub_result_json(res, NULL) : NULL;
    if (res && rc >= 0 && !errors) dom_fail(&e, HUB_ERR_NOMEM, NULL, "out of memory", NULL, NULL);
    if (e.code == HUB_OK) {
        buf_puts(&b, rc ? "{\"valid\":true,\"errors\":" : "{\"valid\":false,\"errors\":");
        buf_puts(&b, errors);
        buf_putc(&b, '}');
    }
    hub_models_free(own);
    hub_result_free(res);
    arena_free(a);
    return dom_finish(&e, &b, out, out_len);
}
