/* error.c — errors as values: filling a hub_error, and the stable names of the error codes. */
#include "error.h"

void err_set(hub_error *err, hub_code code, const char *message) {
    if (!err) return;
    err->code = code;
    err->message = message;
    err->offset = 0;
    err->line = 0;
    err->column = 0;
    err->pointer[0] = '\0';
}

void err_at(hub_error *err, hub_code code, const char *message,
            const char *text, size_t len, size_t offset) {
    if (!err) return;
    err_set(err, code, message);
    if (offset > len) offset = len;
    size_t line = 1, column = 1;
    for (size_t i = 0; i < offset; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\n') { line++; column = 1; }
        else if ((c & 0xC0) != 0x80) column++; /* count code points, not continuation bytes */
    }
    err->offset = offset;
    err->line = line;
    err->column = column;
}

const char *hub_code_name(hub_code code) {
    switch (code) {
    case HUB_OK: return "ok";
    case HUB_ERR_JSON_EMPTY: return "json_empty";
    case HUB_ERR_JSON_SYNTAX: return "json_syntax";
    case HUB_ERR_JSON_STRING: return "json_string";
    case HUB_ERR_JSON_ESCAPE: return "json_escape";
    case HUB_ERR_JSON_UTF8: return "json_utf8";
    case HUB_ERR_JSON_NUMBER: return "json_number";
    case HUB_ERR_JSON_DEPTH: return "json_depth";
    case HUB_ERR_JSON_TRAILING: return "json_trailing";
    case HUB_ERR_JSON_DUPLICATE_KEY: return "json_duplicate_key";
    case HUB_ERR_JSON_TOO_LARGE: return "json_too_large";
    case HUB_ERR_NOMEM: return "out_of_memory";
    case HUB_ERR_ARGUMENT: return "bad_argument";
    case HUB_ERR_SCHEMA: return "schema_invalid";
    case HUB_ERR_SCHEMA_REF: return "schema_ref";
    case HUB_ERR_SCHEMA_REGEX: return "schema_regex";
    case HUB_ERR_SCHEMA_LIMIT: return "schema_limit";
    case HUB_ERR_INSTANCE_DEPTH: return "instance_depth";
    case HUB_ERR_INPUT: return "input_invalid";
    case HUB_ERR_QUERY: return "query_invalid";
    case HUB_ERR_CURSOR_INVALID: return "cursor_invalid";
    case HUB_ERR_CURSOR_MISMATCH: return "cursor_mismatch";
    case HUB_ERR_ILLEGAL_TRANSITION: return "illegal_transition";
    case HUB_ERR_UNKNOWN_STATUS: return "unknown_status";
    case HUB_ERR_UNKNOWN_EVENT: return "unknown_event";
    case HUB_ERR_SCHEMA_NOT_OBJECT: return "schema_not_object";
    case HUB_ERR_UNKNOWN_MODEL: return "unknown_model";
    case HUB_ERR_PAYLOAD_INVALID: return "payload_invalid";
    case HUB_ERR_VARIABLES_CONFLICT: return "variables_conflict";
    case HUB_ERR_VARIABLE_DUPLICATE: return "variable_duplicate";
    case HUB_ERR_USER_MISMATCH: return "user_mismatch";
    case HUB_ERR_INTEGRATION_MISMATCH: return "integration_mismatch";
    case HUB_ERR_NOT_DEPLOYED: return "integration_not_deployed";
    case HUB_ERR_ALREADY_ACTIVATED: return "already_activated";
    case HUB_ERR_TEMPLATE_UNBOUND: return "template_unbound";
    case HUB_ERR_TEMPLATE_BOUND_TWICE: return "template_bound_twice";
    case HUB_ERR_TEMPLATE_UNKNOWN: return "template_unknown";
    case HUB_ERR_CONNECTION_NOT_FOUND: return "connection_not_found";
    case HUB_ERR_CONNECTOR_MISMATCH: return "connector_mismatch";
    case HUB_ERR_CONNECTION_INACTIVE: return "connection_not_active";
    case HUB_ERR_SANDBOX_WRITE: return "sandbox_write";
    case HUB_ERR_VARIABLES_INVALID: return "variables_invalid";
    case HUB_ERR_VARIABLES_SCHEMA: return "variables_schema_invalid";
    }
    return "unknown";
}
