/* tile.c — a tile's state and action, derived from integration, activation and connection statuses. */
#include "domain.h"

/* Precedence, first matching row wins ("any" = at least one of the connections):
 *
 *   deployed  activated  connections                               state         action
 *   no        no         (ignored)                                 unavailable   none
 *   no        yes        (ignored)                                 unavailable   manage
 *   yes       yes        any needs_reauth                          needs_reauth  reconnect
 *   yes       yes        any post_install_error/validation_error   error         retry
 *   yes       yes        any connecting                            connecting    wait
 *   yes       yes        all active, or none                       connected     manage
 *   yes       no         any connecting                            connecting    wait
 *   yes       no         otherwise                                 available     activate
 *
 * Why: an undeployed integration cannot be activated, but a user who activated it before it was
 * withdrawn must still be able to open it and deactivate it, hence `manage`. For an activation,
 * the problem the user can fix outranks the one they can only wait for: reconnecting an account
 * (needs_reauth) before retrying a failed check (error) before waiting (connecting). Before
 * activation nothing is broken yet; the activation dialog shows each connection's own state. */

enum { T_UNAVAILABLE, T_WITHDRAWN, T_AVAILABLE, T_CONNECTING, T_CONNECTED, T_NEEDS_REAUTH, T_ERROR };

/* Each tile state; those that come from a connection status take their action from the
 * status→action table of status.c (`from`), the others have their own. */
static const struct { const char *state, *action; int from; } tiles[] = {
    [T_UNAVAILABLE] = { "unavailable", "none", -1 },
    [T_WITHDRAWN] = { "unavailable", "manage", -1 }, /* activated, then undeployed */
    [T_AVAILABLE] = { "available", "activate", -1 },
    [T_CONNECTING] = { "connecting", NULL, ST_CONNECTING },
    [T_CONNECTED] = { "connected", NULL, ST_ACTIVE },
    [T_NEEDS_REAUTH] = { "needs_reauth", NULL, ST_NEEDS_REAUTH },
    [T_ERROR] = { "error", NULL, ST_VALIDATION_ERROR }, /* post_install_error has the same action */
};

hub_code hub_tile_state(const char *json, size_t len, char **out, size_t *out_len) {
    if (!out) return HUB_ERR_ARGUMENT;
    dom_err e = { 0 };
    buf_t b = { 0 };
    arena_t *a;
    const cJSON *in = dom_begin(&a, json, len, "{integration, connections?}", &e);
    const cJSON *integ = dom_get(in, "integration"), *conns = dom_get(in, "connections");
    const cJSON *dep = dom_get(integ, "isDeployed"), *act = dom_get(integ, "isActivated");
    if (!cJSON_IsObject(integ)) dom_fail(&e, HUB_ERR_INPUT, "integration", "integration must be an object", NULL, NULL);
    if (!cJSON_IsBool(dep))
        dom_fail(&e, HUB_ERR_INPUT, "integration.isDeployed", "integration.isDeployed must be true or false", NULL,
                 NULL);
    if (!cJSON_IsBool(act))
        dom_fail(&e, HUB_ERR_INPUT, "integration.isActivated", "integration.isActivated must be true or false", NULL,
                 NULL);
    if (conns && !cJSON_IsArray(conns))
        dom_fail(&e, HUB_ERR_INPUT, "connections", "connections must be an array", NULL, NULL);
    int seen[ST_COUNT] = { 0 };
    size_t i = 0;
    for (const cJSON *c = e.code || !conns ? NULL : conns->child; c; c = c->next, i++) {
        char f[128], clip[80];
        const cJSON *st = dom_get(c, "status");
        int k = cJSON_IsString(st) ? dom_status_index(st->valuestring) : -1;
        if (!cJSON_IsObject(c))
            dom_fail(&e, HUB_ERR_INPUT, dom_path(f, "connections", i, ""), f, " must be an object", NULL);
        else if (!cJSON_IsString(st))
            dom_fail(&e, HUB_ERR_INPUT, dom_path(f, "connections", i, ".status"), f, " must be a string", NULL);
        else if (k < 0)
            dom_fail(&e, HUB_ERR_UNKNOWN_STATUS, dom_path(f, "connections", i, ".status"), "unknown status '",
                     dom_clip(clip, st->valuestring),
                     "'; expected active, connecting, post_install_error, validation_error or needs_reauth");
        else
            seen[k] = 1;
    }
    if (e.code == HUB_OK) {
        int t;
        if (!cJSON_IsTrue(dep)) t = T_UNAVAILABLE;
        else if (!cJSON_IsTrue(act)) t = seen[ST_CONNECTING] ? T_CONNECTING : T_AVAILABLE;
        else if (seen[ST_NEEDS_REAUTH]) t = T_NEEDS_REAUTH;
        else if (seen[ST_POST_INSTALL_ERROR] || seen[ST_VALIDATION_ERROR]) t = T_ERROR;
        else if (seen[ST_CONNECTING]) t = T_CONNECTING;
        else t = T_CONNECTED;
        if (t == T_UNAVAILABLE && cJSON_IsTrue(act)) t = T_WITHDRAWN;
        buf_puts(&b, "{\"state\":\"");
        buf_puts(&b, tiles[t].state);
        buf_puts(&b, "\",\"action\":\"");
        buf_puts(&b, tiles[t].from >= 0 ? dom_status_action(tiles[t].from) : tiles[t].action);
        buf_puts(&b, "\"}");
    }
    arena_free(a);
    return dom_finish(&e, &b, out, out_len);
}
