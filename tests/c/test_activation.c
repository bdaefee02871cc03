/* test_activation.c — the activation rules: tests/fixtures/domain/activation.json, plus the cases too
 * big for a fixture (1000 connections, capped error lists, huge enums, deep nesting). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fixture.h"

/* ---- tests -------------------------------------------------------------------------------------- */

#define U1 "11111111-1111-4111-8111-111111111111"
#define CONN_TAIL "\"authentication_method\":\"oauth2\",\"created_at\":\"2024-05-01T12:00:00Z\"," \
                  "\"updated_at\":\"2024-05-01T12:00:00Z\",\"is_sandbox\":false"
#define INTEGRATION_HEAD "\"integration\":{\"id\":\"int-1\",\"name\":\"CRM\",\"imageUrl\":\"/i.svg\",\"description\":\"\"," \
                         "\"isDeployed\":true,\"isActivated\":false"
#define USER "\"user\":{\"id\":\"u-1\",\"externalId\":\"ext-1\"}"

static void activation_matches_fixture_table(const hub_models *m) {
    arena_t *a = arena_new(0);
    const cJSON *fx = load_fixture(a, "activation.json");
    CHECK(run_model_cases(member(fx, "cases"), hub_activation_validate, m) >= 130);
    arena_free(a);
}

/* hub_binding_options: tests/fixtures/domain/binding.json, and its NULL out. */
static void binding_options_match_fixture_table(const hub_models *m) {
    arena_t *a = arena_new(0);
    const cJSON *fx = load_fixture(a, "binding.json");
    CHECK(run_model_cases(member(fx, "cases"), hub_binding_options, m) >= 12);
    arena_free(a);
    CHECK_EQ_INT(hub_binding_options(m, "{}", 2, NULL, NULL), HUB_ERR_ARGUMENT);
    char *out = NULL;
    CHECK_EQ_INT(hub_binding_options(NULL, "{\"integration\":1}", 17, &out, NULL), HUB_ERR_INPUT);
    free(out);
}

/* Runs `in` and returns the answer (caller frees), checking the code. */
static char *run(const hub_models *m, const buf_t *in, hub_code want) {
    char *out = NULL;
    size_t out_len = 0;
    CHECK_EQ_INT(hub_activation_validate(m, in->data, in->len, &out, &out_len), want);
    CHECK(out && strlen(out) == out_len);
    return out;
}

/* Writes the user's connection number `i` (ids are uuids that differ in their last 6 digits). */
static void put_connection(buf_t *b, unsigned i, const char *connector, const char *status) {
    char id[64];
    snprintf(id, sizeof id, "11111111-1111-4111-8111-111111%06u", i);
    buf_puts(b, "{\"id\":\"");
    buf_puts(b, id);
    buf_puts(b, "\",\"tenant_id\":\"u-1\",\"environment_integration_id\":\"");
    buf_puts(b, connector);
    buf_puts(b, "\",\"status\":\"");
    buf_puts(b, status);
    buf_puts(b, "\"," CONN_TAIL "}");
}

/* A user with 1000 connections (sorted once, then found by binary search); 1000 templates each
 * bound to its own connection; the last binding is the broken one. */
static void activation_thousand_connections(const hub_models *m) {
    buf_t b = { 0 };
    buf_puts(&b, "{" USER "," INTEGRATION_HEAD ",\"connectionTemplates\":[");
    for (unsigned i = 0; i < 1000; i++) {
        char t[128];
        snprintf(t, sizeof t, "%s{\"id\":\"t-%u\",\"name\":\"T%u\",\"connectorId\":\"c-%u\",\"authenticationMethod\":\"oauth2\"}",
                 i ? "," : "", i, i, i);
        buf_puts(&b, t);
    }
    buf_puts(&b, "]},\"connections\":[");
    for (unsigned i = 0; i < 1000; i++) {
        char c[32];
        snprintf(c, sizeof c, "c-%u", i);
        if (i) buf_putc(&b, ',');
        put_connection(&b, 999 - i, c, i == 0 ? "connecting" : "active"); /* reverse order: the sort matters */
    }
    buf_puts(&b, "],\"payload\":{\"userId\":\"ext-1\",\"integrationId\":\"int-1\",\"connections\":[");
    for (unsigned i = 0; i < 1000; i++) {
        char t[128];
        snprintf(t, sizeof t, "%s{\"templateId\":\"t-%u\",\"connectionId\":\"11111111-1111-4111-8111-111111%06u\"}",
                 i ? "," : "", i, 999 - i);
        buf_puts(&b, t);
    }
    buf_puts(&b, "]}}");
    clock_t t0 = clock();
    char *out = run(m, &b, HUB_OK);
    double ms = (double)(clock() - t0) * 1000.0 / CLOCKS_PER_SEC;
    CHECK(out && strstr(out, "\"valid\":false"));
    CHECK(out && strstr(out, "\"code\":\"connection_not_active\""));
    CHECK(out && strstr(out, "\"field\":\"connections[0].connectionId\""));
    CHECK(out && !strstr(out, "template_unbound"));
    printf("1000 connections, 1000 templates: %.1f ms\n", ms); /* for the log: speed is the bench's to check */
    free(out);
    buf_free(&b);
}

/* 1000 bindings to unknown connections: HUB_ACTIVATION_MAX_ERRORS listed, the rest counted. */
static void activation_caps_the_error_list(const hub_models *m) {
    buf_t b = { 0 };
    buf_puts(&b, "{" USER "," INTEGRATION_HEAD ",\"connectionTemplates\":[]},\"payload\":{\"userId\":\"ext-1\","
                     "\"integrationId\":\"int-1\",\"connections\":[");
    for (unsigned i = 0; i < 1000; i++) buf_puts(&b, i ? ",{\"templateId\":\"t\",\"connectionId\":\"c\"}" : "{\"templateId\":\"t\",\"connectionId\":\"c\"}");
    buf_puts(&b, "]}}");
    char *out = run(m, &b, HUB_OK);
    size_t listed = 0;
    for (const char *p = out; p && (p = strstr(p, "\"code\":\"template_unknown\"")); p++) listed++;
    CHECK_EQ_INT(listed, HUB_ACTIVATION_MAX_ERRORS);
    char omitted[64];
    snprintf(omitted, sizeof omitted, "\"omitted\":%d", 1000 - HUB_ACTIVATION_MAX_ERRORS);
    CHECK(out && strstr(out, omitted));
    free(out);
    buf_free(&b);
}

/* 50 000 variables of one name: duplicates are found by sorting, not pairwise. */
static void activation_many_duplicate_variables(const hub_models *m) {
    buf_t b = { 0 };
    buf_puts(&b, "{" USER "," INTEGRATION_HEAD ",\"connectionTemplates\":[]},\"payload\":{\"userId\":\"ext-1\","
                     "\"integrationId\":\"int-1\",\"connections\":[],\"variables\":[");
    for (unsigned i = 0; i < 50000; i++) buf_puts(&b, i ? ",{\"name\":\"v\",\"value\":1}" : "{\"name\":\"v\",\"value\":1}");
    buf_puts(&b, "]}}");
    clock_t t0 = clock();
    char *out = run(m, &b, HUB_OK);
    double ms = (double)(clock() - t0) * 1000.0 / CLOCKS_PER_SEC;
    CHECK(out && strstr(out, "\"field\":\"variables[1].name\"") && strstr(out, "(first at variables[0])"));
    CHECK(out && strstr(out, "\"omitted\":49899"));
    printf("50000 variables of one name: %.1f ms\n", ms); /* for the log: speed is the bench's to check */
    free(out);
    buf_free(&b);
}

/* Someone else's connection and a made-up id get the same message, apart from the id quoted. */
static void activation_hides_other_users_connections(const hub_models *m) {
    char *outs[2];
    for (int k = 0; k < 2; k++) {
        buf_t b = { 0 };
        buf_puts(&b, "{" USER "," INTEGRATION_HEAD ",\"connectionTemplates\":[{\"id\":\"t\",\"name\":\"T\","
                         "\"connectorId\":\"c\",\"authenticationMethod\":\"oauth2\"}]},\"connections\":[{\"id\":\"" U1
                         "\",\"tenant_id\":\"");
        buf_puts(&b, k ? "u-2" : "u-1");
        buf_puts(&b, "\",\"environment_integration_id\":\"c\",\"status\":\"active\"," CONN_TAIL "}],"
                         "\"payload\":{\"userId\":\"ext-1\",\"integrationId\":\"int-1\",\"connections\":[{\"templateId\":"
                         "\"t\",\"connectionId\":\"");
        buf_puts(&b, k ? U1 : "22222222-2222-4222-8222-222222222222");
        buf_puts(&b, "\"}]}}");
        outs[k] = run(m, &b, HUB_OK);
        buf_free(&b);
    }
    const char *p = outs[0] ? strstr(outs[0], "was not found") : NULL, *q = outs[1] ? strstr(outs[1], "was not found") : NULL;
    CHECK(p && q && strcmp(p, q) == 0);
    free(outs[0]);
    free(outs[1]);
}

/* A 10 000-value enum in the variablesSchema, and 1 MB of variables. */
static void activation_large_variables(const hub_models *m) {
    buf_t b = { 0 };
    buf_puts(&b, "{" USER "," INTEGRATION_HEAD ",\"connectionTemplates\":[],\"variablesSchema\":{\"type\":\"object\","
                     "\"properties\":{\"plan\":{\"enum\":[");
    for (unsigned i = 0; i < 10000; i++) {
        char v[32];
        snprintf(v, sizeof v, "%s\"plan-%u\"", i ? "," : "", i);
        buf_puts(&b, v);
    }
    buf_puts(&b, "]},\"note\":{\"type\":\"string\",\"maxLength\":10}}}},\"payload\":{\"userId\":\"ext-1\","
                     "\"integrationId\":\"int-1\",\"connections\":[],\"dynamicVariables\":{\"plan\":\"plan-9999\",\"note\":\"");
    for (unsigned i = 0; i < (1u << 20); i++) buf_putc(&b, 'x');
    buf_puts(&b, "\"}}}");
    char *out = run(m, &b, HUB_OK);
    CHECK(out && strstr(out, "\"field\":\"dynamicVariables.note\""));
    CHECK(out && strlen(out) < 4096); /* the 1 MB value is not echoed */
    free(out);
    buf_free(&b);
}

/* Variables nested 400 deep, with defaults to apply at the bottom; a variablesSchema nested
 * deeper than the engine allows is reported as invalid, not crashed on. */
static void activation_deep_nesting(const hub_models *m) {
    buf_t b = { 0 };
    buf_puts(&b, "{" USER "," INTEGRATION_HEAD ",\"connectionTemplates\":[],\"variablesSchema\":");
    for (int i = 0; i < 40; i++) buf_puts(&b, "{\"type\":\"object\",\"properties\":{\"a\":");
    buf_puts(&b, "{\"type\":\"object\",\"properties\":{\"d\":{\"default\":7}}}");
    for (int i = 0; i < 40; i++) buf_puts(&b, "}}");
    buf_puts(&b, "},\"payload\":{\"userId\":\"ext-1\",\"integrationId\":\"int-1\",\"connections\":[],"
                     "\"dynamicVariables\":{\"deep\":");
    for (int i = 0; i < 400; i++) buf_putc(&b, '[');
    for (int i = 0; i < 400; i++) buf_putc(&b, ']');
    buf_puts(&b, ",\"a\":");
    for (int i = 0; i < 39; i++) buf_puts(&b, "{\"a\":");
    buf_puts(&b, "{}");
    for (int i = 0; i < 39; i++) buf_putc(&b, '}');
    buf_puts(&b, "}}}");
    char *out = run(m, &b, HUB_OK);
    CHECK(out && strstr(out, "\"valid\":true") && strstr(out, "{\"a\":{\"d\":7}}"));
    free(out);

    /* 250 levels of properties is as deep as the input may nest: a valid schema. */
    buf_clear(&b);
    buf_puts(&b, "{" USER "," INTEGRATION_HEAD ",\"connectionTemplates\":[],\"variablesSchema\":");
    for (int i = 0; i < 250; i++) buf_puts(&b, "{\"properties\":{\"a\":");
    buf_puts(&b, "{}");
    for (int i = 0; i < 250; i++) buf_puts(&b, "}}");
    buf_puts(&b, "},\"payload\":{\"userId\":\"ext-1\",\"integrationId\":\"int-1\",\"connections\":[]}}");
    out = run(m, &b, HUB_OK);
    CHECK(out && strstr(out, "\"valid\":true"));
    free(out);

    /* 500 nested `not`s: deeper than the evaluator goes through the meta-schema. */
    buf_clear(&b);
    buf_puts(&b, "{" USER "," INTEGRATION_HEAD ",\"connectionTemplates\":[],\"variablesSchema\":{\"type\":\"object\",\"not\":");
    for (int i = 0; i < 500; i++) buf_puts(&b, "{\"not\":");
    buf_puts(&b, "{}");
    for (int i = 0; i < 501; i++) buf_putc(&b, '}');
    buf_puts(&b, "},\"payload\":{\"userId\":\"ext-1\",\"integrationId\":\"int-1\",\"connections\":[]}}");
    out = run(m, &b, HUB_OK);
    CHECK(out && strstr(out, "\"valid\":false") && strstr(out, "\"code\":\"variables_schema_invalid\""));
    free(out);
    buf_free(&b);
}

/* A field through huge member names is cut, so 100 errors cannot multiply a big input. */
static void activation_clips_fields(const hub_models *m) {
    buf_t b = { 0 };
    buf_puts(&b, "{" USER "," INTEGRATION_HEAD ",\"connectionTemplates\":[],\"variablesSchema\":{\"type\":\"object\","
                     "\"additionalProperties\":false}},\"payload\":{\"userId\":\"ext-1\",\"integrationId\":\"int-1\","
                     "\"connections\":[],\"dynamicVariables\":{\"");
    for (int i = 0; i < 100000; i++) buf_puts(&b, "\xc3\xa9"); /* é: the cut must not split it */
    buf_puts(&b, "\":1}}}");
    size_t len;
    char *out = NULL;
    CHECK_EQ_INT(hub_activation_validate(m, b.data, b.len, &out, &len), HUB_OK);
    CHECK(out && len < 2048 && strstr(out, "variables_invalid"));
    hub_error err;
    CHECK_EQ_INT(hub_json_check(out, len, &err), HUB_OK); /* still valid UTF-8 and JSON */
    free(out);
    buf_free(&b);
}

/* Without a handle the models are compiled for the call; the answer is the same. */
static void activation_without_handle(const hub_models *m) {
    const char *in = "{" USER "," INTEGRATION_HEAD ",\"connectionTemplates\":[]},\"payload\":{\"userId\":\"ext-1\","
                     "\"integrationId\":\"int-1\",\"connections\":[],\"variables\":[{\"name\":\"a\",\"value\":[1]}]}}";
    char *a = NULL, *b = NULL;
    CHECK_EQ_INT(hub_activation_validate(m, in, strlen(in), &a, NULL), HUB_OK);
    CHECK_EQ_INT(hub_activation_validate(NULL, in, strlen(in), &b, NULL), HUB_OK);
    CHECK(a && b && strcmp(a, b) == 0);
    CHECK(a && strstr(a, "\"dynamicVariables\":{\"a\":[1]}"));
    free(a);
    free(b);
    CHECK_EQ_INT(hub_activation_validate(m, in, strlen(in), NULL, NULL), HUB_ERR_ARGUMENT);
}

int main(void) {
    hub_error err;
    hub_models *m = hub_models_new(&err);
    CHECK(m != NULL);
    if (m) {
        activation_matches_fixture_table(m);
        binding_options_match_fixture_table(m);
        activation_thousand_connections(m);
        activation_caps_the_error_list(m);
        activation_many_duplicate_variables(m);
        activation_hides_other_users_connections(m);
        activation_large_variables(m);
        activation_deep_nesting(m);
        activation_clips_fields(m);
        activation_without_handle(m);
    }
    hub_models_free(m);
    return check_summary("test_activation");
}
