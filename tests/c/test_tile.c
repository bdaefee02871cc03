/* test_tile.c — tile state and action: every combination of tests/fixtures/domain/tile.json. */
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

static void tile_matches_fixture_table(void) {
    arena_t *a = arena_new(0);
    const cJSON *fx = load_fixture(a, "tile.json");
    CHECK(run_cases(member(fx, "cases"), hub_tile_state) >= 48 + 10);
    arena_free(a);
}

/* 10 000 connections are one linear pass; a bad one at the end is still found. */
static void tile_checks_every_connection(void) {
    buf_t b = { 0 };
    buf_puts(&b, "{\"integration\":{\"isDeployed\":true,\"isActivated\":true},\"connections\":[");
    for (int i = 0; i < 10000; i++) buf_puts(&b, "{\"status\":\"active\"},");
    buf_puts(&b, "{\"status\":\"gone\"}]}");
    char *out = NULL;
    CHECK_EQ_INT(hub_tile_state(b.data, b.len, &out, NULL), HUB_ERR_UNKNOWN_STATUS);
    CHECK(out && strstr(out, "\"field\":\"connections[10000].status\""));
    free(out);
    buf_free(&b);
    CHECK_EQ_INT(hub_tile_state("{}", 2, NULL, NULL), HUB_ERR_ARGUMENT);
}

int main(void) {
    tile_matches_fixture_table();
    tile_checks_every_connection();
    return check_summary("test_tile");
}
