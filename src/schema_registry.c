/* schema_registry.c — the schema registry (hub_ctx): the built-in meta-schemas and the documents
 * registered with hub_ctx_add_schema, found by URI. */
#include "schema_registry.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "maps.h"
#include "schema.h"
#include "uri.h"

typedef struct ctx_doc {
    const char *uri;     /* where it was registered (absolute, no fragment) */
    const char *text;    /* built-in meta-schema text, parsed on first use; NULL once parsed */
    size_t len;
    const cJSON *root;
} ctx_doc;

struct hub_ctx {
    arena_t *arena;    /* registered documents' trees and URIs */
    ctx_doc *docs;
    uint32_t ndocs, cap;
    smap by_uri;         /* registration URIs and every $id seen inside a document → doc index */
};

static int ctx_push_doc(hub_ctx *ctx, const char *uri, const char *text, size_t len, const cJSON *root) {
    if (!vgrow((void **)&ctx->docs, &ctx->cap, ctx->ndocs + 1, sizeof *ctx->docs)) return 0;
    ctx->docs[ctx->ndocs] = (ctx_doc){ uri, text, len, root };
    if (!smap_put(&ctx->by_uri, uri, strlen(uri), ctx->ndocs)) return 0;
    ctx->ndocs++;
    return 1;
}

hub_ctx *hub_ctx_new(void) {
    hub_ctx *ctx = calloc(1, sizeof *ctx);
    if (!ctx) return NULL;
    ctx->arena = arena_new(0);
    if (!ctx->arena) { free(ctx); return NULL; }
    for (size_t i = 0; i < meta_count; i++)
        if (!ctx_push_doc(ctx, meta_docs[i].uri, meta_docs[i].text, meta_docs[i].len, NULL)) {
            hub_ctx_free(ctx);
            return NULL;
        }
    return ctx;
}

void hub_ctx_free(hub_ctx *ctx) {
    if (!ctx) return;
    arena_free(ctx->arena);
    free(ctx->docs);
    smap_free(&ctx->by_uri);
    free(ctx);
}

/* Records every "$id" string found in the document (resolved against its enclosing ids) as a
 * way to find the document: a $ref may name an embedded resource before anything else of that
 * document was used. Which of them are real identifiers is decided later, when the document is
 * indexed with its dialect. Recursion is bounded by the parser's depth limit. */
static int scan_ids(hub_ctx *ctx, const cJSON *v, const char *base, uint32_t doc, buf_t *tmp) {
    if (cJSON_IsObject(v)) {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(v, "$id");
        if (id && cJSON_IsString(id)) {
            buf_clear(tmp);
            uri_resolve(tmp, base, id->valuestring, strlen(id->valuestring));
            size_t f = tmp->data ? uri_fragment_at(tmp->data, tmp->len) : 0;
            char *uri = arena_strndup(ctx->arena, tmp->data ? tmp->data : "", f);
            if (!uri || tmp->failed) return 0;
            if (!smap_get(&ctx->by_uri, uri, f) && !smap_put(&ctx->by_uri, uri, f, doc)) return 0;
            base = uri;
        }
    }
    if (cJSON_IsObject(v) || cJSON_IsArray(v))
        for (const cJSON *m = v->child; m; m = m->next)
            if (!scan_ids(ctx, m, base, doc, tmp)) return 0;
    return 1;
}

hub_code hub_ctx_add_schema(hub_ctx *ctx, const char *uri, const char *json, size_t len, hub_error *err) {
    if (!ctx || !uri || (!json && len)) {
        err_set(err, HUB_ERR_ARGUMENT, "ctx, uri and json must not be NULL");
        return HUB_ERR_ARGUMENT;
    }
    size_t ulen = strlen(uri);
    if (!uri_is_absolute(uri, ulen)) {
        err_set(err, HUB_ERR_ARGUMENT, "the URI of a registered schema must be absolute");
        return HUB_ERR_ARGUMENT;
    }
    hub_error local;
    if (!err) err = &local;
    cJSON *root = json_parse(ctx->arena, json, len, err);
    if (!root) return err->code;
    if (!cJSON_IsObject(root) && !cJSON_IsBool(root)) {
        err_set(err, HUB_ERR_SCHEMA, "a schema must be an object or a boolean");
        return HUB_ERR_SCHEMA;
    }
    buf_t tmp = { 0 };
    uri_resolve(&tmp, "", uri, ulen);
    size_t f = tmp.data ? uri_fragment_at(tmp.data, tmp.len) : 0;
    char *norm = arena_strndup(ctx->arena, tmp.data ? tmp.data : "", f);
    int ok = norm && !tmp.failed && ctx_push_doc(ctx, norm, NULL, 0, root) &&
             scan_ids(ctx, root, norm, ctx->ndocs - 1, &tmp);
    buf_free(&tmp);
    if (!ok) {
        err_set(err, HUB_ERR_NOMEM, "out of memory while registering a schema");
        return HUB_ERR_NOMEM;
    }
    err_set(err, HUB_OK, "ok");
    return HUB_OK;
}

const cJSON *registry_doc_root(hub_ctx *ctx, uint32_t d, hub_error *err) {
    ctx_doc *doc = &ctx->docs[d];
    if (!doc->root) {
        doc->root = json_parse(ctx->arena, doc->text, doc->len, err);
        if (doc->root) doc->text = NULL;
    }
    return doc->root;
}

int registry_find(const hub_ctx *ctx, const char *uri, size_t n, uint32_t *doc) {
    const uint32_t *d = smap_get(&ctx->by_uri, uri, n);
    if (d) *doc = *d;
    return d != NULL;
}

const char *registry_doc_uri(const hub_ctx *ctx, uint32_t d) { return ctx->docs[d].uri; }
