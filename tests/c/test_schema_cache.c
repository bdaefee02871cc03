/* test_schema_cache.c — the compiled-schema cache (schema_cache.c) and its use by
 * hub_activation_validate: bounds and LRU eviction, re-use, a forced hash collision, and every
 * activation fixture answered the same whether its variablesSchema is compiled or cached. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "schema_cache.h"

static hub_schema *compile(const char *text) {
    hub_error err;
    hub_schema *s = hub_schema_compile(NULL, text, strlen(text), 0, &err);
    CHECK(s != NULL);
    return s;
}

/* 1 valid, 0 invalid: `instance` against `s`. */
static int verdict(const hub_schema *s, const char *instance) {
    hub_result *res = hub_result_new();
    hub_error err;
    int rc = hub_schema_validate_json(s, instance, strlen(instance), res, &err);
    hub_result_free(res);
    return rc;
}

/* Schema texts that differ: {"maximum": i}. */
static const char *text_of(char *buf, size_t n, int i) {
    snprintf(buf, n, "{\"maximum\":%d}", i);
    return buf;
}

static void fills_past_the_bound_evicts_the_least_recently_used(void) {
    sc_cache *c = sc_new(4, 1 << 20, NULL);
    char t[64];
    const hub_schema *kept[8] = { 0 };
    for (int i = 0; i < 4; i++) {
        hub_schema *s = compile(text_of(t, sizeof t, i));
        CHECK_EQ_INT(sc_put(c, t, strlen(t), s), 1);
        kept[i] = s;
    }
    CHECK_EQ_INT(sc_count(c), 4);
    /* Use 0 and 2: 1 is now the least recently used, then 3. */
    CHECK(sc_get(c, text_of(t, sizeof t, 0), strlen(t)) == kept[0]);
    CHECK(sc_get(c, text_of(t, sizeof t, 2), strlen(t)) == kept[2]);
    for (int i = 4; i < 6; i++) {
        hub_schema *s = compile(text_of(t, sizeof t, i));
        CHECK_EQ_INT(sc_put(c, t, strlen(t), s), 1);
    }
    CHECK_EQ_INT(sc_count(c), 4);
    CHECK(sc_get(c, text_of(t, sizeof t, 1), strlen(t)) == NULL);
    CHECK(sc_get(c, text_of(t, sizeof t, 3), strlen(t)) == NULL);
    /* Re-use: what stayed is the same program, and it still works. */
    const hub_schema *s0 = sc_get(c, text_of(t, sizeof t, 0), strlen(t));
    CHECK(s0 == kept[0]);
    CHECK_EQ_INT(verdict(s0, "0"), 1);
    CHECK_EQ_INT(verdict(s0, "1"), 0);
    CHECK(sc_get(c, text_of(t, sizeof t, 2), strlen(t)) == kept[2]);
    CHECK(sc_get(c, text_of(t, sizeof t, 5), strlen(t)) != NULL);
    /* A text already there is not taken twice: the caller keeps its program. */
    hub_schema *dup = compile(text_of(t, sizeof t, 5));
    CHECK_EQ_INT(sc_put(c, t, strlen(t), dup), 0);
    hub_schema_free(dup);
    sc_free(c);
}

static void the_byte_budget_bounds_the_texts(void) {
    char t[64];
    size_t len = strlen(text_of(t, sizeof t, 10)); /* every {"maximum":1x} has this length */
    sc_cache *c = sc_new(100, 3 * len, NULL);
    for (int i = 10; i < 20; i++) {
        hub_schema *s = compile(text_of(t, sizeof t, i));
        CHECK_EQ_INT(sc_put(c, t, strlen(t), s), 1);
        CHECK(sc_bytes(c) <= 3 * len);
    }
    CHECK_EQ_INT(sc_count(c), 3);
    CHECK_EQ_INT(sc_bytes(c), 3 * len);
    for (int i = 17; i < 20; i++) CHECK(sc_get(c, text_of(t, sizeof t, i), strlen(t)) != NULL);
    CHECK(sc_get(c, text_of(t, sizeof t, 16), strlen(t)) == NULL);
    /* A text larger than the whole budget is refused, and evicts nothing. */
    const char *big = "{\"description\":\"a schema whose text is longer than the budget of this cache\"}";
    hub_schema *s = compile(big);
    CHECK_EQ_INT(sc_put(c, big, strlen(big), s), 0);
    hub_schema_free(s);
    CHECK_EQ_INT(sc_count(c), 3);
    sc_free(c);
    CHECK(sc_new(0, 10, NULL) == NULL);
    CHECK(sc_new(10, 0, NULL) == NULL);
    sc_free(NULL);
}

static uint64_t collide(const char *text, size_t len) {
    (void)text;
    (void)len;
    return 42;
}

static void a_hash_collision_finds_the_right_program(void) {
    sc_cache *c = sc_new(8, 1 << 20, collide);
    const char *a = "{\"type\":\"string\"}", *b = "{\"type\":\"integer\"}";
    hub_schema *sa = compile(a), *sb = compile(b);
    CHECK_EQ_INT(sc_put(c, a, strlen(a), sa), 1);
    CHECK(sc_get(c, b, strlen(b)) == NULL); /* same hash, other bytes: a miss */
    CHECK_EQ_INT(sc_put(c, b, strlen(b), sb), 1);
    CHECK(sc_get(c, a, strlen(a)) == sa);
    CHECK(sc_get(c, b, strlen(b)) == sb);
    CHECK_EQ_INT(verdict(sc_get(c, a, strlen(a)), "\"x\""), 1);
    CHECK_EQ_INT(verdict(sc_get(c, a, strlen(a)), "7"), 0);
    CHECK_EQ_INT(verdict(sc_get(c, b, strlen(b)), "\"x\""), 0);
    CHECK_EQ_INT(verdict(sc_get(c, b, strlen(b)), "7"), 1);
    /* A prefix of a stored text is another text. */
    CHECK(sc_get(c, a, strlen(a) - 1) == NULL);
    sc_free(c);
}

static void the_lock_lets_one_caller_in(void) {
    sc_cache *c = sc_new(1, 100, NULL);
    CHECK_EQ_INT(sc_try_lock(c), 1);
    CHECK_EQ_INT(sc_try_lock(c), 0);
    sc_unlock(c);
    CHECK_EQ_INT(sc_try_lock(c), 1);
    sc_unlock(c);
    CHECK_EQ_INT(sc_try_lock(NULL), 0);
    sc_free(c);
}

/* Every activation fixture (tests/fixtures/domain/activation.json) three times: with no models
 * (compiled for the call), then twice with models whose cache may hold its variablesSchema
 * (the third call finds it there whenever it is cacheable): the same answer, byte for byte. */
static void activation_answers_the_same_compiled_or_cached(void) {
    hub_error err;
    hub_models *m = hub_models_new(&err);
    CHECK(m != NULL);
    arena_t *a = arena_new(0);
    const cJSON *fx = load_fixture(a, "activation.json");
    const cJSON *list = fx ? member(fx, "cases") : NULL;
    CHECK(list != NULL);
    buf_t in = { 0 }, key = { 0 };
    int cases = 0, cached = 0;
    for (const cJSON *c = list ? list->child : NULL; c; c = c->next, cases++) {
        size_t len, l[3] = { 0 };
        char *out[3] = { 0 };
        hub_code code[3];
        const char *text = case_input(c, &in, &len);
        for (int k = 0; k < 3; k++) code[k] = hub_activation_validate(k ? m : NULL, text, len, &out[k], &l[k]);
        for (int k = 1; k < 3; k++) {
            CHECK_EQ_INT(code[k], code[0]);
            CHECK(out[0] && out[k] && l[k] == l[0] && memcmp(out[k], out[0], l[0]) == 0);
        }
        const cJSON *integ = member(member(c, "input"), "integration");
        const cJSON *vs = cJSON_IsObject(integ) ? member(integ, "variablesSchema") : NULL;
        if (cJSON_IsObject(vs)) {
            buf_clear(&key);
            dom_write(&key, vs);
            if (sc_get(models_variables_cache(m), key.data, key.len)) cached++;
        }
        for (int k = 0; k < 3; k++) free(out[k]);
    }
    CHECK(cases >= 130);
    CHECK(cached >= 20); /* the fixtures' valid variablesSchemas: cached, and answered alike */
    buf_free(&in);
    buf_free(&key);
    arena_free(a);
    hub_models_free(m);
}

/* Threads sharing one hub_models (which the header says may be shared): the one holding the
 * cache uses it, the others compile for their call; every answer is the expected one. */
#define THREADS 4
#define SCHEMAS 24
typedef struct job {
    const hub_models *m;
    char *want[SCHEMAS];
    int bad;
} job;

static void activation_input(buf_t *b, int i) {
    char vs[96];
    snprintf(vs, sizeof vs, "{\"type\":\"object\",\"properties\":{\"n\":{\"maximum\":%d}}}", i);
    buf_clear(b);
    buf_puts(b, "{\"user\":{\"id\":\"u-1\",\"externalId\":\"ext-1\"},\"connections\":[],"
                "\"integration\":{\"id\":\"int-1\",\"name\":\"CRM\",\"imageUrl\":\"/i.svg\",\"description\":\"\","
                "\"isDeployed\":true,\"isActivated\":false,\"connectionTemplates\":[],\"variablesSchema\":");
    buf_puts(b, vs);
    buf_puts(b, "},\"payload\":{\"userId\":\"ext-1\",\"integrationId\":\"int-1\",\"connections\":[],"
                "\"dynamicVariables\":{\"n\":12}}}");
}

static void *worker(void *arg) {
    job *j = arg;
    buf_t in = { 0 };
    for (int round = 0; round < 40; round++)
        for (int i = 0; i < SCHEMAS; i++) {
            int k = (i * 7 + round) % SCHEMAS;
            activation_input(&in, k);
            char *out = NULL;
            size_t len = 0;
            hub_activation_validate(j->m, in.data, in.len, &out, &len);
            if (!out || strcmp(out, j->want[k]) != 0) j->bad++;
            free(out);
        }
    buf_free(&in);
    return NULL;
}

static void threads_share_the_models(void) {
    hub_error err;
    hub_models *m = hub_models_new(&err);
    CHECK(m != NULL);
    job jobs[THREADS];
    buf_t in = { 0 };
    for (int i = 0; i < SCHEMAS; i++) {
        activation_input(&in, i);
        size_t len = 0;
        char *out = NULL;
        CHECK_EQ_INT(hub_activation_validate(NULL, in.data, in.len, &out, &len), HUB_OK);
        /* maximum i over n = 12: valid from i = 12 on */
        CHECK(out && (strstr(out, "\"valid\":true") != NULL) == (i >= 12));
        for (int t = 0; t < THREADS; t++) jobs[t].want[i] = out;
    }
    buf_free(&in);
    pthread_t tid[THREADS];
    for (int t = 0; t < THREADS; t++) {
        jobs[t].m = m;
        jobs[t].bad = 0;
        CHECK_EQ_INT(pthread_create(&tid[t], NULL, worker, &jobs[t]), 0);
    }
    for (int t = 0; t < THREADS; t++) {
        pthread_join(tid[t], NULL);
        CHECK_EQ_INT(jobs[t].bad, 0);
    }
    CHECK(sc_count(models_variables_cache(m)) > 0);
    for (int i = 0; i < SCHEMAS; i++) free(jobs[0].want[i]);
    hub_models_free(m);
}

int main(void) {
    fills_past_the_bound_evicts_the_least_recently_used();
    the_byte_budget_bounds_the_texts();
    a_hash_collision_finds_the_right_program();
    the_lock_lets_one_caller_in();
    activation_answers_the_same_compiled_or_cached();
    threads_share_the_models();
    return check_summary("test_schema_cache");
}
