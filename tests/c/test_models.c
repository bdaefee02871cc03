/* test_models.c — the built-in models: tests/fixtures/domain/models.json, plus the handle's API. */
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

/* ---- tests -------------------------------------------------------------------------------------- */

static void models_match_fixture_table(const hub_models *m) {
    arena_t *a = arena_new(0);
    const cJSON *fx = load_fixture(a, "models.json");
    CHECK(run_model_cases(member(fx, "cases"), hub_model_validate, m) >= 90);
    arena_free(a);
}

/* Every model the header lists is there, and a compiled one works with the schema API. */
static void models_schema_lookup(const hub_models *m) {
    static const char *const names[] = {
        "EndUserIntegrationPage", "EndUserIntegration", "EmbeddedIntegration", "ConnectionTemplate", "ActivationCreate",
        "Activation", "EndUser", "Connection", "UserIntegrationMap", "IntegrationSetting", "Error"
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) CHECK(hub_models_schema(m, names[i]) != NULL);
    CHECK(hub_models_schema(m, "Nope") == NULL);
    CHECK(hub_models_schema(m, "") == NULL);
    CHECK(hub_models_schema(m, NULL) == NULL);
    CHECK(hub_models_schema(NULL, "Error") == NULL);
    hub_result *r = hub_result_new();
    hub_error err;
    const char *bad = "{\"code\":1,\"message\":\"m\"}";
    CHECK_EQ_INT(hub_schema_validate_json(hub_models_schema(m, "Error"), bad, strlen(bad), r, &err), 0);
    CHECK_EQ_STR(hub_result_instance_path(r, 0), "/code");
    hub_result_free(r);
    hub_models_free(NULL);
}

/* Without a handle the models are compiled for the call; the answer is the same. */
static void models_without_handle(const hub_models *m) {
    const char *in = "{\"model\":\"Connection\",\"value\":{\"id\":\"x\"}}";
    char *a = NULL, *b = NULL;
    CHECK_EQ_INT(hub_model_validate(m, in, strlen(in), &a, NULL), HUB_OK);
    CHECK_EQ_INT(hub_model_validate(NULL, in, strlen(in), &b, NULL), HUB_OK);
    CHECK(a && b && strcmp(a, b) == 0);
    free(a);
    free(b);
    CHECK_EQ_INT(hub_model_validate(m, in, strlen(in), NULL, NULL), HUB_ERR_ARGUMENT);
}

/* A page of 10 000 integrations validates, and the one bad entry at the end is found. */
static void models_large_page(const hub_models *m) {
    buf_t b = { 0 };
    buf_puts(&b, "{\"model\":\"EndUserIntegrationPage\",\"value\":{\"totalCount\":10001,\"integrations\":[");
    for (int i = 0; i < 10000; i++)
        buf_puts(&b, "{\"id\":\"i\",\"name\":\"n\",\"imageUrl\":\"/x.svg\",\"description\":\"\",\"isDeployed\":true,"
                         "\"isActivated\":false},");
    buf_puts(&b, "{}]}}");
    char *out = NULL;
    CHECK_EQ_INT(hub_model_validate(m, b.data, b.len, &out, NULL), HUB_OK);
    CHECK(out && strstr(out, "\"valid\":false") && strstr(out, "\"instancePath\":\"/integrations/10000\""));
    free(out);
    buf_free(&b);
}

/* A value nested far deeper than any model reaches is still validated without trouble. */
static void models_deep_value(const hub_models *m) {
    buf_t b = { 0 };
    buf_puts(&b, "{\"model\":\"Connection\",\"value\":{\"context\":");
    for (int i = 0; i < 500; i++) buf_puts(&b, "{\"a\":");
    buf_puts(&b, "1");
    for (int i = 0; i < 500; i++) buf_putc(&b, '}');
    buf_puts(&b, "}}");
    char *out = NULL;
    CHECK_EQ_INT(hub_model_validate(m, b.data, b.len, &out, NULL), HUB_OK);
    CHECK(out && strstr(out, "\"valid\":false") && !strstr(out, "/context"));
    free(out);
    buf_free(&b);
}

int main(void) {
    hub_error err;
    hub_models *m = hub_models_new(&err);
    if (!m) fprintf(stderr, "hub_models_new: %s %s %s\n", hub_code_name(err.code), err.message, err.pointer);
    CHECK(m != NULL);
    if (m) {
        models_match_fixture_table(m);
        models_schema_lookup(m);
        models_without_handle(m);
        models_large_page(m);
        models_deep_value(m);
    }
    hub_models_free(m);
    return check_summary("test_models");
}
