/* test_status.c — the connection state machine: the whole table, whole connections, bad input. */
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

/* Every (status, event) pair of the table and every bad input of the fixture. */
static void status_matches_fixture_table(void) {
    arena_t *a = arena_new(0);
    const cJSON *fx = load_fixture(a, "status.json");
    int n = run_cases(member(fx, "transition"), hub_status_transition);
    CHECK(n >= 48 + 12);
    n = run_cases(member(fx, "connection"), hub_connection_transition);
    CHECK(n >= 30);
    n = run_cases(member(fx, "action"), hub_status_action);
    CHECK(n >= 9);
    arena_free(a);
}

/* Members other than the four rewritten ones keep their order and bytes (numbers included). */
static void connection_keeps_members_verbatim(void) {
    const char *in = "{\"connection\":{\"z\":1.50,\"status\":\"connecting\",\"a\":[1e400,\"\\u00e9\"],"
                     "\"updated_at\":null},\"event\":\"validated\",\"now\":\"2024-05-01T12:00:00Z\"}";
    char *out = NULL;
    CHECK_EQ_INT(hub_connection_transition(in, strlen(in), &out, NULL), HUB_OK);
    CHECK_EQ_STR(out, "{\"z\":1.50,\"status\":\"active\",\"a\":[1e400,\"\xc3\xa9\"],\"updated_at\":\"2024-05-01T12:00:00Z\","
                      "\"last_error\":null,\"last_action_result\":{\"event\":\"validated\",\"status\":\"active\","
                      "\"at\":\"2024-05-01T12:00:00Z\"}}");
    free(out);
}

static void status_rejects_null_out_and_reports_lengths(void) {
    const char *in = "{\"event\":\"create\"}";
    CHECK_EQ_INT(hub_status_transition(in, strlen(in), NULL, NULL), HUB_ERR_ARGUMENT);
    CHECK_EQ_INT(hub_connection_transition(in, strlen(in), NULL, NULL), HUB_ERR_ARGUMENT);
    CHECK_EQ_INT(hub_status_action(in, strlen(in), NULL, NULL), HUB_ERR_ARGUMENT);
    char *out = NULL;
    size_t len = 0;
    CHECK_EQ_INT(hub_status_transition(in, strlen(in), &out, &len), HUB_OK);
    CHECK_EQ_STR(out, "{\"status\":\"connecting\"}");
    CHECK_EQ_INT(len, strlen(out));
    free(out);
    /* NULL text with a length is an argument error, reported as an Error body. */
    CHECK_EQ_INT(hub_status_transition(NULL, 3, &out, &len), HUB_ERR_ARGUMENT);
    CHECK(out && strstr(out, "\"code\":\"bad_argument\""));
    free(out);
    CHECK_EQ_INT(hub_status_transition(NULL, 0, &out, &len), HUB_ERR_JSON_EMPTY);
    free(out);
}

/* A JSON syntax error carries its position in `details`. */
static void status_reports_json_position(void) {
    const char *in = "{\n  \"event\": tru }";
    /*                          ^ offset 13, line 2, column 12 */
    char *out = NULL;
    CHECK_EQ_INT(hub_status_transition(in, strlen(in), &out, NULL), HUB_ERR_JSON_SYNTAX);
    CHECK(out && strstr(out, "\"details\":{\"offset\":13,\"line\":2,\"column\":12}"));
    free(out);
}

int main(void) {
    status_matches_fixture_table();
    connection_keeps_members_verbatim();
    status_rejects_null_out_and_reports_lengths();
    status_reports_json_position();
    return check_summary("test_status");
}
