/* status.c — the connection status state machine (seed 003) and whole-connection transitions. */
#include <string.h>

#include "domain.h"

/* ---- the state machine ---------------------------------------------------------------------- */

static const char *const status_names[ST_COUNT] = {
#define ST_NAME_ROW(id, name) [ST_##id] = name,
    DOM_STATUSES(ST_NAME_ROW)
#undef ST_NAME_ROW
};

/* The eight events, one row each: the enum's name and the event on the wire. */
#define EVENTS(X) \
    X(CREATE, "create") \
    X(POST_INSTALL_FAILED, "post_install_failed") \
    X(VALIDATION_FAILED, "validation_failed") \
    X(VALIDATED, "validated") \
    X(CREDENTIALS_INVALID, "credentials_invalid") \
    X(REFRESH_FAILED, "refresh_failed") \
    X(REAUTHORIZE, "reauthorize") \
    X(RETRY, "retry")

enum {
#define EV_ENUM_ROW(id, name) EV_##id,
    EVENTS(EV_ENUM_ROW)
#undef EV_ENUM_ROW
    EV_COUNT
};

static const char *const event_names[EV_COUNT] = {
#define EV_NAME_ROW(id, name) [EV_##id] = name,
    EVENTS(EV_NAME_ROW)
#undef EV_NAME_ROW
};

#define ST_NEW ST_COUNT /* the row of a connection that does not exist yet */
#define A ST_ACTIVE
#define C ST_CONNECTING
#define P ST_POST_INSTALL_ERROR
#define V ST_VALIDATION_ERROR
#define R ST_NEEDS_REAUTH

/* The design's table: next_status[from][event], -1 where it has no row (a rejected transition). */
static const signed char next_status[ST_COUNT + 1][EV_COUNT] = {
    /*               create post_inst valid_f validated cred_inv refresh reauth retry */
    [ST_ACTIVE]    = { -1,   -1,       -1,     -1,       R,       R,      -1,    -1 },
    [ST_CONNECTING] = { -1,  P,        V,      A,        -1,      -1,     -1,    -1 },
    [ST_POST_INSTALL_ERROR] = { -1, -1, -1,    -1,       -1,      -1,     C,     C },
    [ST_VALIDATION_ERROR] = { -1, -1,  -1,     -1,       -1,      -1,     C,     C },
    [ST_NEEDS_REAUTH] = { -1, -1,      -1,     -1,       -1,      -1,     C,     C },
    [ST_NEW]       = { C,    -1,       -1,     -1,       -1,      -1,     -1,    -1 },
};

#undef A
#undef C
#undef P
#undef V
#undef R

/* What the user can do instead, per state, for the message of a rejected transition. */
static const char *const hints[ST_COUNT + 1] = {
    [ST_ACTIVE] = "it is already working; only credentials_invalid or refresh_failed apply",
    [ST_CONNECTING] = "wait until its checks finish (validated, validation_failed or post_install_failed)",
    [ST_POST_INSTALL_ERROR] = "retry it (event 'retry') or reconnect the account (event 'reauthorize')",
    [ST_VALIDATION_ERROR] = "retry it (event 'retry') or reconnect the account (event 'reauthorize')",
    [ST_NEEDS_REAUTH] = "reconnect the account (event 'reauthorize')",
    [ST_NEW] = "create it first (event 'create')",
};

/* last_error when the caller gives none, for the events that enter an error state. */
static const char *const default_errors[EV_COUNT] = {
    [EV_POST_INSTALL_FAILED] = "the post-install steps failed",
    [EV_VALIDATION_FAILED] = "the credentials could not be validated",
    [EV_CREDENTIALS_INVALID] = "the credentials are no longer valid",
    [EV_REFRESH_FAILED] = "refreshing the credentials failed",
};

/* What the user can do about a connection, per status: the one status→action table. Tile state
 * (tile.c), activation errors and binding options (activation.c) and the element (hub.actionFor)
 * all read it. A failed check (validation_error, post_install_error) is retried; an account
 * whose credentials stopped working (needs_reauth) is reconnected; a check under way is waited
 * for; a working connection is managed. */
static const char *const status_actions[ST_COUNT] = {
    [ST_ACTIVE] = "manage",
    [ST_CONNECTING] = "wait",
    [ST_POST_INSTALL_ERROR] = "retry",
    [ST_VALIDATION_ERROR] = "retry",
    [ST_NEEDS_REAUTH] = "reconnect",
};

const char *dom_status_name(int st) { return st >= 0 && st < ST_COUNT ? status_names[st] : NULL; }
const char *dom_status_action(int st) { return st >= 0 && st < ST_COUNT ? status_actions[st] : NULL; }

static int name_index(const char *const *names, int count, const char *s) {
    for (int i = 0; i < count; i++)
        if (strcmp(names[i], s) == 0) return i;
    return -1;
}

int dom_status_index(const char *name) { return name_index(status_names, ST_COUNT, name); }

/* Checks `status` (NULL: a new connection) and `event`, named `sfield`/`efield` in errors.
 * Returns the event and stores the status after it in *to, or returns -1 with `e` filled. */
static int transition(const cJSON *status, const cJSON *event, const char *sfield, const char *efield,
                      int *to, dom_err *e) {
    char clip[80];
    int from = ST_NEW;
    if (status) {
        if (!cJSON_IsString(status))
            return dom_fail(e, HUB_ERR_INPUT, sfield, sfield, " must be a string", NULL), -1;
        from = dom_status_index(status->valuestring);
        if (from < 0)
            return dom_fail(e, HUB_ERR_UNKNOWN_STATUS, sfield, "unknown status '", dom_clip(clip, status->valuestring),
                            "'; expected active, connecting, post_install_error, validation_error or needs_reauth"), -1;
    }
    if (!event) return dom_fail(e, HUB_ERR_INPUT, efield, efield, " is required", NULL), -1;
    if (!cJSON_IsString(event)) return dom_fail(e, HUB_ERR_INPUT, efield, efield, " must be a string", NULL), -1;
    int ev = name_index(event_names, EV_COUNT, event->valuestring);
    if (ev < 0)
        return dom_fail(e, HUB_ERR_UNKNOWN_EVENT, efield, "unknown event '", dom_clip(clip, event->valuestring),
                        "'; expected create, post_install_failed, validation_failed, validated, "
                        "credentials_invalid, refresh_failed, reauthorize or retry"), -1;
    *to = next_status[from][ev];
    if (*to >= 0) return ev;
    if (from == ST_NEW && dom_fail(e, HUB_ERR_ILLEGAL_TRANSITION, efield,
                                   "a connection that does not exist yet cannot take event '", event_names[ev], "': "))
        dom_more(e, hints[from], NULL, NULL);
    else if (dom_fail(e, HUB_ERR_ILLEGAL_TRANSITION, efield, "a connection in state '", status_names[from],
                      "' cannot take event '"))
        dom_more(e, event_names[ev], "': ", ev == EV_CREATE ? "create makes a new connection" : hints[from]);
    return -1;
}

hub_code hub_status_transition(const char *json, size_t len, char **out, size_t *out_len) {
    if (!out) return HUB_ERR_ARGUMENT;
    dom_err e = { 0 };
    buf_t b = { 0 };
    arena_t *a;
    const cJSON *in = dom_begin(&a, json, len, "{status, event}", &e);
    int to;
    if (e.code == HUB_OK && transition(dom_get(in, "status"), dom_get(in, "event"), "status", "event", &to, &e) >= 0) {
        buf_puts(&b, "{\"status\":\"");
        buf_puts(&b, status_names[to]);
        buf_puts(&b, "\"}");
    }
    arena_free(a);
    return dom_finish(&e, &b, out, out_len);
}

hub_code hub_status_action(const char *json, size_t len, char **out, size_t *out_len) {
    if (!out) return HUB_ERR_ARGUMENT;
    dom_err e = { 0 };
    buf_t b = { 0 };
    arena_t *a;
    char clip[80];
    const cJSON *in = dom_begin(&a, json, len, "{status}", &e), *status = dom_get(in, "status");
    int st = cJSON_IsString(status) ? dom_status_index(status->valuestring) : -1;
    if (e.code == HUB_OK && !cJSON_IsString(status))
        dom_fail(&e, HUB_ERR_INPUT, "status", "status must be a string", NULL, NULL);
    else if (e.code == HUB_OK && st < 0)
        dom_fail(&e, HUB_ERR_UNKNOWN_STATUS, "status", "unknown status '", dom_clip(clip, status->valuestring),
                 "'; expected active, connecting, post_install_error, validation_error or needs_reauth");
    if (e.code == HUB_OK) {
        buf_puts(&b, "{\"status\":\"");
        buf_puts(&b, status_names[st]);
        buf_puts(&b, "\",\"action\":\"");
        buf_puts(&b, status_actions[st]);
        buf_puts(&b, "\"}");
    }
    arena_free(a);
    return dom_finish(&e, &b, out, out_len);
}

/* ---- whole connection objects ----------------------------------------------------------------- */

#define LAST_ERROR_MAX 1000 /* bytes of last_error kept: a provider's error page is not a message */

static int digits(const char *s, int n, int *v) {
    *v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return 0;
        *v = *v * 10 + (s[i] - '0');
    }
    return 1;
}

/* 1 if `s` is an RFC 3339 date-time: 2024-02-29T23:59:60.5+01:00 (T/Z in either case). */
static int is_date_time(const char *s) {
    static const unsigned char mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int y, mo, d, h, mi, se;
    if (strlen(s) < 20 || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) || s[7] != '-' ||
        !digits(s + 8, 2, &d) || (s[10] != 'T' && s[10] != 't') || !digits(s + 11, 2, &h) || s[13] != ':' ||
        !digits(s + 14, 2, &mi) || s[16] != ':' || !digits(s + 17, 2, &se))
        return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || (mo == 2 && d == 29 && !leap) || h > 23 ||
        mi > 59 || se > 60)
        return 0;
    s += 19;
    if (*s == '.') {
        if (s[1] < '0' || s[1] > '9') return 0;
        for (s++; *s >= '0' && *s <= '9'; s++) {}
    }
    if ((*s == 'Z' || *s == 'z') && s[1] == '\0') return 1;
    int oh, om;
    return (*s == '+' || *s == '-') && digits(s + 1, 2, &oh) && s[3] == ':' && digits(s + 4, 2, &om) &&
           s[6] == '\0' && oh <= 23 && om <= 59;
}

enum { M_STATUS, M_CREATED_AT, M_UPDATED_AT, M_LAST_ERROR, M_LAST_ACTION_RESULT, M_COUNT };
static const char *const rewritten[M_COUNT] = {
    "status", "created_at", "updated_at", "last_error", "last_action_result"
};

typedef struct apply {
    int ev, to;
    const char *now, *error;
    const cJSON *old;   /* the last_error being replaced, NULL when absent or null */
} apply;

/* Writes the new value of rewritten member `m`. */
static void write_member(buf_t *b, int m, const apply *ap) {
    switch (m) {
    case M_STATUS: dom_str(b, status_names[ap->to]); return;
    case M_CREATED_AT:
    case M_UPDATED_AT: dom_str(b, ap->now); return;
    case M_LAST_ERROR:
        if (ap->to == ST_ACTIVE || ap->ev == EV_CREATE) buf_puts(b, "null");
        else if (ap->to == ST_CONNECTING) {
            if (ap->old) dom_write(b, ap->old);  /* a retry keeps the reason until it is resolved */
            else buf_puts(b, "null");
        } else {
            const char *msg = ap->error && *ap->error ? ap->error : default_errors[ap->ev];
            size_t n = strlen(msg);
            if (n > LAST_ERROR_MAX) {
                n = LAST_ERROR_MAX;
                while (n > 0 && ((unsigned char)msg[n] & 0xC0) == 0x80) n--;
            }
            buf_json_string(b, msg, n);
        }
        return;
    default:
        buf_puts(b, "{\"event\":");
        dom_str(b, event_names[ap->ev]);
        buf_puts(b, ",\"status\":");
        dom_str(b, status_names[ap->to]);
        buf_puts(b, ",\"at\":");
        dom_str(b, ap->now);
        buf_putc(b, '}');
        return;
    }
}

hub_code hub_connection_transition(const char *json, size_t len, char **out, size_t *out_len) {
    if (!out) return HUB_ERR_ARGUMENT;
    dom_err e = { 0 };
    buf_t b = { 0 };
    arena_t *a;
    const cJSON *in = dom_begin(&a, json, len, "{connection, event, now, error?}", &e);
    const cJSON *conn = dom_get(in, "connection"), *now = dom_get(in, "now"), *error = dom_get(in, "error");
    if (!cJSON_IsObject(conn)) dom_fail(&e, HUB_ERR_INPUT, "connection", "connection must be an object", NULL, NULL);
    if (!cJSON_IsString(now) || !is_date_time(now->valuestring))
        dom_fail(&e, HUB_ERR_INPUT, "now", "now must be an RFC 3339 date-time such as 2024-05-01T12:00:00Z", NULL,
                 NULL);
    if (error && !cJSON_IsString(error)) dom_fail(&e, HUB_ERR_INPUT, "error", "error must be a string", NULL, NULL);
    apply ap = { 0, 0, NULL, NULL, NULL };
    if (e.code == HUB_OK)
        ap.ev = transition(dom_get(conn, "status"), dom_get(in, "event"), "connection.status", "event", &ap.to, &e);
    if (e.code == HUB_OK) {
        ap.now = now->valuestring;
        ap.error = error ? error->valuestring : NULL;
        int seen[M_COUNT] = { 0 };
        buf_putc(&b, '{');
        for (const cJSON *m = conn->child; m; m = m->next) {
            if (m != conn->child) buf_putc(&b, ',');
            dom_str(&b, m->string);
            buf_putc(&b, ':');
            int k = name_index(rewritten, M_COUNT, m->string);
            if (k < 0 || (k == M_CREATED_AT && (ap.ev != EV_CREATE || !cJSON_IsNull(m)))) {
                dom_write(&b, m);
                continue;
            }
            seen[k] = 1;
            ap.old = cJSON_IsNull(m) ? NULL : m;
            write_member(&b, k, &ap);
        }
        for (int k = 0; k < M_COUNT; k++) {
            if (seen[k] || (k == M_CREATED_AT && (ap.ev != EV_CREATE || dom_get(conn, "created_at")))) continue;
            if (b.len > 1) buf_putc(&b, ',');
            dom_str(&b, rewritten[k]);
            buf_putc(&b, ':');
            ap.old = NULL;
            write_member(&b, k, &ap);
        }
        buf_putc(&b, '}');
    }
    arena_free(a);
    return dom_finish(&e, &b, out, out_len);
}
