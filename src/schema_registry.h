/* schema_registry.h — internal: what the compiler asks the schema registry (hub_ctx). */
#ifndef SCHEMA_REGISTRY_H
#define SCHEMA_REGISTRY_H

#include <stddef.h>
#include <stdint.h>

#include "json.h"

/* Finds the document registered under, or holding a "$id" of, `uri` (`n` bytes, absolute, no
 * fragment): 1 with *doc set, or 0. */
int registry_find(const hub_ctx *ctx, const char *uri, size_t n, uint32_t *doc);
/* The URI document `doc` was registered under (absolute, no fragment). */
const char *registry_doc_uri(const hub_ctx *ctx, uint32_t doc);
/* The parsed tree of document `doc`, parsing a built-in one on first use (into the registry's
 * arena; it lives as long as `ctx`); NULL with `err` filled if it cannot be parsed. */
const cJSON *registry_doc_root(hub_ctx *ctx, uint32_t doc, hub_error *err);

#endif
