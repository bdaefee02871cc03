/* fuzz_activation.c — libFuzzer target: hub_activation_validate, hub_binding_options (the
 * user's connections from the fuzzer) and hub_model_validate. The first
 * byte picks what the rest is: the whole input, or one part (payload, variablesSchema,
 * dynamicVariables, a model's value) set into a well-formed input, so the rules behind the
 * host checks are reached. Every answer must be JSON carrying its code; a valid activation's
 * normalized payload must be valid again and normalize to itself. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain.h"

#define USER "\"user\":{\"id\":\"u-1\",\"externalId\":\"ext-1\"}"
#define CONNECTIONS \
    "\"connections\":[{\"id\":\"11111111-1111-4111-8111-111111111111\",\"tenant_id\":\"u-1\"," \
    "\"environment_integration_id\":\"c-sf\",\"authentication_method\":\"oauth2\",\"status\":\"active\"," \
    "\"is_sandbox\":false,\"created_at\":\"2024-05-01T12:00:00Z\",\"updated_at\":\"2024-05-01T12:00:00Z\"}," \
    "{\"id\":\"22222222-2222-4222-8222-222222222222\",\"tenant_id\":\"u-1\",\"environment_integration_id\":\"c-sl\"," \
    "\"authentication_method\":\"api_key\",\"status\":\"active\",\"is_sandbox\":false," \
    "\"created_at\":\"2024-05-01T12:00:00Z\",\"updated_at\":\"2024-05-01T12:00:00Z\"}," \
    "{\"id\":\"33333333-3333-4333-8333-333333333333\",\"tenant_id\":\"u-1\",\"environment_integration_id\":\"c-sf\"," \
    "\"authentication_method\":\"oauth2\",\"status\":\"needs_reauth\",\"is_sandbox\":true," \
    "\"created_at\":\"2024-05-01T12:00:00Z\",\"updated_at\":\"2024-05-01T12:00:00Z\"}," \
    "{\"id\":\"44444444-4444-4444-8444-444444444444\",\"tenant_id\":\"u-2\",\"environment_integration_id\":\"c-sf\"," \
    "\"authentication_method\":\"oauth2\",\"status\":\"active\",\"is_sandbox\":false," \
    "\"created_at\":\"2024-05-01T12:00:00Z\",\"updated_at\":\"2024-05-01T12:00:00Z\"}]"
#define INTEGRATION_HEAD \
    "\"integration\":{\"id\":\"int-1\",\"name\":\"CRM\",\"imageUrl\":\"/i.svg\",\"description\":\"\"," \
    "\"isDeployed\":true,\"isActivated\":false,\"connectionTemplates\":[{\"id\":\"t-sf\",\"name\":\"Salesforce\"," \
    "\"connectorId\":\"c-sf\",\"authenticationMethod\":\"oauth2\",\"writes\":true},{\"id\":\"t-sl\",\"name\":\"Slack\"," \
    "\"connectorId\":\"c-sl\",\"authenticationMethod\":\"api_key\"}]"
#define VARIABLES_SCHEMA \
    "{\"type\":\"object\",\"properties\":{\"auth\":{\"type\":\"object\",\"properties\":{\"clientId\":{\"type\":" \
    "\"string\",\"minLength\":2},\"region\":{\"enum\":[\"eu\",\"us\"],\"default\":\"eu\"}}},\"sync\":{\"type\":" \
    "\"object\",\"default\":{},\"properties\":{\"every\":{\"type\":\"integer\",\"default\":15}}},\"a.b\":{\"format\":" \
    "\"email\"},\"list\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"required\":[\"x\"]}}}}"
#define PAYLOAD_HEAD \
    "\"payload\":{\"userId\":\"ext-1\",\"integrationId\":\"int-1\",\"connections\":[{\"templateId\":\"t-sf\"," \
    "\"connectionId\":\"11111111-1111-4111-8111-111111111111\"},{\"templateId\":\"t-sl\",\"connectionId\":" \
    "\"22222222-2222-4222-8222-222222222222\"}]"

static const char *const models[] = {
    "ActivationCreate", "EmbeddedIntegration", "Connection", "UserIntegrationMap", "Activation",
    "EndUserIntegrationPage", "Error", "ConnectionTemplate"
};

static hub_models *handle;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    handle = hub_models_new(NULL);
    return handle ? 0 : 1;
}

static void check_json(hub_code code, const char *out, size_t len) {
    if (!out) abort();
    if (hub_json_check(out, len, NULL) != HUB_OK) abort();
    if (code != HUB_OK && !strstr(out, hub_code_name(code))) abort();
    if (code == HUB_OK && strncmp(out, "{\"valid\":", 9) != 0 && strncmp(out, "{\"templates\":", 13) != 0) abort();
}

/* A valid answer's normalized payload, put back as the payload under the same integration
 * (variablesSchema `vs`), is valid and normalizes to itself. */
static void check_normalized(const char *out, size_t len, const char *vs) {
    const char *n = strstr(out, ",\"normalized\":");
    if (!n) abort();
    n += 14;
    size_t nlen = (size_t)(out + len - 1 - n);
    buf_t in = { 0 };
    buf_puts(&in, "{" USER "," CONNECTIONS "," INTEGRATION_HEAD);
    if (vs) {
        buf_puts(&in, ",\"variablesSchema\":");
        buf_puts(&in, vs);
    }
    buf_puts(&in, "},\"payload\":");
    buf_put(&in, n, nlen);
    buf_putc(&in, '}');
    char *again = NULL;
    size_t again_len = 0;
    hub_code code = hub_activation_validate(handle, in.data, in.len, &again, &again_len);
    check_json(code, again, again_len);
    const char *n2 = strstr(again, ",\"normalized\":");
    if (code != HUB_OK || !n2 || strcmp(n2 + 14, n) != 0) abort();
    free(again);
    buf_free(&in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    int mode = data[0] % 6;
    const char *rest = (const char *)data + 1;
    size_t n = size - 1;
    buf_t in = { 0 };
    char *out = NULL;
    size_t len = 0;
    hub_code code;
    if (mode >= 4) { /* 4: a model's value, 5: the connections of binding options */
        if (mode == 4) {
            buf_puts(&in, "{\"model\":\"");
            buf_puts(&in, models[(data[0] / 6) % (sizeof models / sizeof models[0])]);
            buf_puts(&in, "\",\"value\":");
        } else {
            buf_puts(&in, "{" USER "," INTEGRATION_HEAD "},\"connections\":");
        }
        buf_put(&in, rest, n);
        buf_putc(&in, '}');
        code = (mode == 4 ? hub_model_validate : hub_binding_options)(handle, in.data, in.len, &out, &len);
        check_json(code, out, len);
        free(out);
        buf_free(&in);
        return 0;
    }
    /* The variablesSchema in play, for the round trip: the fuzzer's text in mode 2. */
    buf_t vs = { 0 };
    if (mode == 2) buf_put(&vs, rest, n);
    else buf_puts(&vs, VARIABLES_SCHEMA);
    switch (mode) {
    case 0: buf_put(&in, rest, n); break;
    case 1:
        buf_puts(&in, "{" USER "," CONNECTIONS "," INTEGRATION_HEAD ",\"variablesSchema\":" VARIABLES_SCHEMA "},\"payload\":");
        buf_put(&in, rest, n);
        buf_putc(&in, '}');
        break;
    case 2:
        buf_puts(&in, "{" USER "," CONNECTIONS "," INTEGRATION_HEAD ",\"variablesSchema\":");
        buf_put(&in, rest, n);
        buf_puts(&in, "}," PAYLOAD_HEAD ",\"dynamicVariables\":{\"auth\":{\"clientId\":\"abc\"},\"list\":[{\"x\":1}]}}}");
        break;
    default:
        buf_puts(&in, "{" USER "," CONNECTIONS "," INTEGRATION_HEAD ",\"variablesSchema\":" VARIABLES_SCHEMA "},"
                     PAYLOAD_HEAD ",\"dynamicVariables\":");
        buf_put(&in, rest, n);
        buf_puts(&in, "}}");
        break;
    }
    if (in.failed || vs.failed) abort();
    code = hub_activation_validate(handle, in.data ? in.data : "", in.len, &out, &len);
    check_json(code, out, len);
    /* Mode 0 may name any integration or connections: the round trip needs the fixed frame. */
    if (code == HUB_OK && mode != 0 && strncmp(out, "{\"valid\":true", 13) == 0) check_normalized(out, len, vs.data);
    free(out);
    buf_free(&vs);
    buf_free(&in);
    return 0;
}
