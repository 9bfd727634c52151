/* test_sequence.c - sequences: keys, the n-th item for the n-th request,
 * what comes after the end, and the answer that tells where a request
 * stands, with a store of the test's own */
#include "test.h"

#include <stdlib.h>

#include "fixture.h"
#include "log_record.h"
#include "sequence.h"

TEST(sequence_keys_are_short_safe_tokens)
{
    ASSERT(sequence_key_is_sane("retry-test_1.a~b", 16));
    ASSERT(!sequence_key_is_sane("", 0));
    ASSERT(!sequence_key_is_sane("a b", 3));
    ASSERT(!sequence_key_is_sane("a;b", 3));
    ASSERT(!sequence_key_is_sane("a/b", 3));
    char long_key[SEQUENCE_KEY_MAX + 1];
    memset(long_key, 'k', sizeof(long_key));
    ASSERT(sequence_key_is_sane(long_key, SEQUENCE_KEY_MAX));
    ASSERT(!sequence_key_is_sane(long_key, SEQUENCE_KEY_MAX + 1));
    return 0;
}

/* The code a sequence over text answers to request n, then=then, and the
 * position it reports. */
static int pick(const char *text, uint64_t n, enum sequence_then then,
                size_t *position)
{
    struct choice choice;
    char error[128];
    if (choice_parse(&choice, text, strlen(text), error, sizeof(error)))
        return -1;
    struct sequence_step step = { "k", 1, n, 0, 0, then, 0 };
    sequence_pick(&step, &choice, choice_mix(n));
    *position = step.position;
    return step.code;
}

TEST(sequence_answers_in_order_then_as_told)
{
    size_t at;
    /* Ranges expand in order. */
    ASSERT_INT_EQ(pick("503,500-502,200", 1, SEQUENCE_THEN_LAST, &at), 503);
    ASSERT_INT_EQ(pick("503,500-502,200", 3, SEQUENCE_THEN_LAST, &at), 501);
    ASSERT_INT_EQ(at, 3);
    ASSERT_INT_EQ(pick("503,500-502,200", 5, SEQUENCE_THEN_LAST, &at), 200);
    ASSERT_INT_EQ(at, 5);
    /* After the end: the last again, round again, or any. */
    ASSERT_INT_EQ(pick("503,500-502,200", 9, SEQUENCE_THEN_LAST, &at), 200);
    ASSERT_INT_EQ(at, 5);
    ASSERT_INT_EQ(pick("503,500-502,200", 6, SEQUENCE_THEN_CYCLE, &at), 503);
    ASSERT_INT_EQ(at, 1);
    ASSERT_INT_EQ(pick("503,500-502,200", 8, SEQUENCE_THEN_CYCLE, &at), 501);
    ASSERT_INT_EQ(at, 3);
    int seen_other = 0;
    for (uint64_t n = 6; n < 60; n++) {
        int code = pick("503,200", n, SEQUENCE_THEN_RANDOM, &at);
        ASSERT(code == 503 || code == 200);
        ASSERT_INT_EQ(at, 0);
        seen_other |= code == 503;
    }
    ASSERT(seen_other);
    /* A single code is a sequence of one. */
    ASSERT_INT_EQ(pick("418", 4, SEQUENCE_THEN_CYCLE, &at), 418);
    ASSERT_INT_EQ(at, 1);
    return 0;
}

/* A store of the test's own: counters in memory, or one that fails. */
static struct {
    char names[8][80];
    uint64_t values[8];
    size_t count;
    int broken;
} memory;

static int memory_next(void *self, const char *name, size_t len,
                       uint64_t window_ms, struct state_count *count,
                       const char **why)
{
    uint64_t *value = &count->value;
    (void)self;
    (void)window_ms;
    if (memory.broken) {
        *why = "the test's store is broken";
        return -1;
    }
    for (size_t i = 0; i < memory.count; i++)
        if (strlen(memory.names[i]) == len &&
            memcmp(memory.names[i], name, len) == 0) {
            *value = ++memory.values[i];
            return 0;
        }
    memcpy(memory.names[memory.count], name, len);
    memory.names[memory.count][len] = '\0';
    *value = memory.values[memory.count++] = 1;
    return 0;
}

/* A log of the test's own: the records of one name, each after its
 * length. */
static struct {
    char name[80];
    char records[8192];
    size_t len, count;
} memory_log;

static int memory_append(void *self, const char *name, size_t len,
                         const char *record, size_t record_len, size_t keep,
                         const char **why)
{
    (void)self;
    (void)keep;
    (void)why;
    if (memory_log.count == 0)
        snprintf(memory_log.name, sizeof(memory_log.name), "%.*s", (int)len,
                 name);
    if (strlen(memory_log.name) != len ||
        memcmp(memory_log.name, name, len) != 0 ||
        memory_log.len + sizeof(record_len) + record_len >
            sizeof(memory_log.records))
        return 0;
    memcpy(memory_log.records + memory_log.len, &record_len,
           sizeof(record_len));
    memcpy(memory_log.records + memory_log.len + sizeof(record_len), record,
           record_len);
    memory_log.len += sizeof(record_len) + record_len;
    memory_log.count++;
    return 0;
}

static int memory_read(void *self, const char *name, size_t len,
                       size_t keep,
                       int (*each)(void *ctx, const char *record,
                                   size_t len),
                       void *ctx, const char **why)
{
    (void)self;
    (void)keep;
    (void)why;
    if (strlen(memory_log.name) != len ||
        memcmp(memory_log.name, name, len) != 0)
        return 0;
    for (size_t at = 0; at < memory_log.len;) {
        size_t record_len;
        memcpy(&record_len, memory_log.records + at, sizeof(record_len));
        at += sizeof(record_len);
        if (each(ctx, memory_log.records + at, record_len))
            break;
        at += record_len;
    }
    return 0;
}

static const struct state_store memory_store = {
    .next = memory_next, .append = memory_append, .read = memory_read,
};

static void request(const char *path, const char *query)
{
    static char query_env[256], path_env[128];
    struct request_limits limits = fixture_limits;
    char *env[] = { path_env, query_env, "SERVER_PROTOCOL=HTTP/1.1",
                    "SERVER_SOFTWARE=lighttpd/1.4.69", NULL };
    limits.state = &memory_store;
    limits.max_query_bytes = 200;
    snprintf(path_env, sizeof(path_env), "SCRIPT_NAME=%s", path);
    snprintf(query_env, sizeof(query_env), "QUERY_STRING=%s", query);
    build_env_limits(env, &limits);
}

TEST(sequence_requests_walk_the_list_and_say_where_they_stand)
{
    memset(&memory, 0, sizeof(memory));
    request("/api/status/503,503,200", "sequence=retry&retry_after=1");
    ASSERT_INT_EQ(resp.status, 503);
    ASSERT_STR_EQ(field(&resp.head, "X-HttpStatus-Sequence"),
                  "1/3; key=retry");
    ASSERT_STR_EQ(field(&resp.head, "Retry-After"), "1");
    ASSERT(field(&resp.head, "X-HttpStatus-Choice") == NULL);
    request("/api/status/503,503,200", "sequence=retry");
    ASSERT_INT_EQ(resp.status, 503);
    /* httpbin's form counts under the same key. */
    request("/status/503,503,200", "sequence=retry");
    ASSERT_INT_EQ(resp.status, 200);
    yajl_val root = parse_body();
    ASSERT(root != NULL);
    const char *by = json_string(root, "response", "choice", "by");
    int by_sequence = by && strcmp(by, "sequence") == 0;
    const char *at[] = { "response", "choice", "sequence", "position", NULL };
    yajl_val position = yajl_tree_get(root, at, yajl_t_number);
    long long where = position ? YAJL_GET_INTEGER(position) : -1;
    yajl_tree_free(root);
    ASSERT(by_sequence);
    ASSERT_INT_EQ(where, 3);
    request("/api/status/503,503,200", "sequence=retry");
    ASSERT_STR_EQ(field(&resp.head, "X-HttpStatus-Sequence"),
                  "3/3; key=retry; request=4");

    /* A single code is a sequence too, whatever the plain request before
     * it left behind. */
    build("GET", "/api/status/201", NULL);
    request("/api/status/201", "sequence=one");
    root = parse_body();
    ASSERT(root != NULL);
    by = json_string(root, "response", "choice", "by");
    by_sequence = by && strcmp(by, "sequence") == 0;
    yajl_tree_free(root);
    ASSERT(by_sequence);

    /* Another key is another sequence; httpstat.us's form too. */
    request("/503,200", "sequence=other&then=cycle");
    ASSERT_INT_EQ(resp.status, 503);
    return 0;
}

TEST(sequence_refusals)
{
    memset(&memory, 0, sizeof(memory));
    request("/api/status/200:0.5,500:0.5", "sequence=w");
    if (expect_problem(400, "gives weights, which it cannot follow") != 0)
        return 1;
    request("/api/status/500,200", "sequence=a&key=b");
    if (expect_problem(400, "sequence 'a' and key 'b' name different "
                            "state") != 0)
        return 1;
    request("/api/status/500,200", "sequence=a&key=a");
    ASSERT_INT_EQ(resp.status, 500);
    request("/api/status/500,200", "then=cycle");
    if (expect_problem(400, "it needs sequence=KEY") != 0)
        return 1;
    request("/api/status/500,200", "sequence=a%20b");
    if (expect_problem(400, "sequence 'a b' is not a key") != 0)
        return 1;
    request("/api/status/500,200", "sequence=x&then=never");
    if (expect_problem(400, "then 'never' is not last, cycle or random") != 0)
        return 1;
    /* Refused requests are not counted. */
    ASSERT_INT_EQ(memory.count, 1);
    ASSERT_INT_EQ(memory.values[0], 1);

    memory.broken = 1;
    request("/api/status/500,200", "sequence=a");
    if (expect_problem(503, "The sequence of 'a' cannot be kept: the test's "
                            "store is broken.") != 0)
        return 1;
    ASSERT_STR_EQ(field(&resp.head, "Retry-After"), "1");
    build("GET", "/api/status/500", "QUERY_STRING=sequence=a");
    if (expect_problem(503, "no state store (HTTPSTATUS_STORE)") != 0)
        return 1;
    return 0;
}

/* The delays and codes of count requests with query under key, into
 * delays[] and codes[]. */
static void draws(const char *query, const char *key, size_t count,
                  uint64_t *delays, int *codes)
{
    char full[160];
    snprintf(full, sizeof(full), "%s&sequence=%s", query, key);
    for (size_t i = 0; i < count; i++) {
        request("/api/status/200", full);
        delays[i] = resp.pacing.delay_ms;
        codes[i] = resp.status;
    }
}

TEST(sequence_jitter_and_chaos_draw_reproducibly_per_request)
{
    uint64_t delays[40], again[40];
    int codes[40], codes_again[40];
    memset(&memory, 0, sizeof(memory));
    draws("sleep=100-500&seed=7", "j1", 20, delays, codes);
    draws("sleep=100-500&seed=7", "j2", 20, again, codes_again);
    int varied = 0;
    for (size_t i = 0; i < 20; i++) {
        ASSERT(delays[i] >= 100 && delays[i] <= 500);
        ASSERT_INT_EQ(delays[i], again[i]);
        varied |= delays[i] != delays[0];
    }
    ASSERT(varied);
    request("/api/status/200", "sleep=250-250");
    ASSERT_INT_EQ(resp.pacing.delay_ms, 250);

    draws("fail=0.5&seed=3", "f1", 40, delays, codes);
    draws("fail=0.5&seed=3&fail_status=500", "f2", 40, again, codes_again);
    size_t failed = 0;
    for (size_t i = 0; i < 40; i++) {
        ASSERT(codes[i] == 200 || codes[i] == 503);
        ASSERT_INT_EQ(codes_again[i], codes[i] == 503 ? 500 : 200);
        failed += codes[i] == 503;
    }
    ASSERT(failed >= 8 && failed <= 32);
    request("/api/status/204", "fail=1");
    ASSERT_INT_EQ(resp.status, 503);
    ASSERT_STR_EQ(field(&resp.head, "X-HttpStatus-Choice"), "503; by=fail");
    request("/api/status/204", "fail=0.000000");
    ASSERT_INT_EQ(resp.status, 204);

    request("/api/status/200", "fail=1.5");
    if (expect_problem(400, "fail '1.5' is not a share from 0 to 1") != 0)
        return 1;
    request("/api/status/200", "fail=0.1234567");
    if (expect_problem(400, "at most six decimal places") != 0)
        return 1;
    request("/api/status/200", "fail_status=500");
    if (expect_problem(400, "it needs fail=SHARE.") != 0)
        return 1;
    request("/api/status/200", "sleep=500-100");
    if (expect_problem(400, "sleep '500-100' is a range that runs "
                            "downwards.") != 0)
        return 1;
    return 0;
}

/* What a client sent with a key comes back in order, secrets redacted,
 * with the status each request got; requests without a key leave no
 * trace. */
TEST(sequence_requests_with_a_key_are_logged)
{
    static char *first[] = {
        "SCRIPT_NAME=/api/status/503,200", "QUERY_STRING=sequence=log1",
        "REQUEST_METHOD=POST", "CONTENT_LENGTH=0",
        "HTTP_IDEMPOTENCY_KEY=abc-1", "HTTP_AUTHORIZATION=Bearer s3cret",
        "SERVER_PROTOCOL=HTTP/1.1", NULL,
    };
    struct request_limits limits = fixture_limits;
    memset(&memory, 0, sizeof(memory));
    memset(&memory_log, 0, sizeof(memory_log));
    limits.state = &memory_store;
    build_env_limits(first, &limits);
    ASSERT_INT_EQ(resp.status, 503);
    request("/api/status/503,200", "sequence=log1");
    ASSERT_INT_EQ(resp.status, 200);
    request("/api/status/418", "");

    request("/api/requests", "key=log1");
    ASSERT_INT_EQ(resp.status, 200);
    ASSERT_STR_EQ(field(&resp.head, "Content-Type"),
                  "application/json; charset=utf-8");
    yajl_val root = parse_body();
    ASSERT(root != NULL);
    const char *list_at[] = { "requests", NULL };
    yajl_val list = yajl_tree_get(root, list_at, yajl_t_array);
    size_t count = list ? YAJL_GET_ARRAY(list)->len : 0;
    const char *key = json_string(root, "key", NULL, NULL);
    int key_right = key && strcmp(key, "log1") == 0;
    const char *method_at[] = { "method", NULL }, *status_at[] = { "status",
                                                                  NULL };
    const char *idem_at[] = { "headers", "Idempotency-Key", NULL };
    const char *auth_at[] = { "headers", "Authorization", NULL };
    yajl_val one = count ? YAJL_GET_ARRAY(list)->values[0] : NULL;
    yajl_val two = count > 1 ? YAJL_GET_ARRAY(list)->values[1] : NULL;
    const char *method = one ? YAJL_GET_STRING(
        yajl_tree_get(one, method_at, yajl_t_string)) : NULL;
    const char *idem = one ? YAJL_GET_STRING(
        yajl_tree_get(one, idem_at, yajl_t_string)) : NULL;
    const char *auth = one ? YAJL_GET_STRING(
        yajl_tree_get(one, auth_at, yajl_t_string)) : NULL;
    yajl_val status_one = one ? yajl_tree_get(one, status_at, yajl_t_number)
                              : NULL;
    yajl_val status_two = two ? yajl_tree_get(two, status_at, yajl_t_number)
                              : NULL;
    int right = count == 2 && key_right && method &&
                strcmp(method, "POST") == 0 && idem &&
                strcmp(idem, "abc-1") == 0 && auth &&
                strcmp(auth, "[redacted]") == 0 && status_one &&
                YAJL_GET_INTEGER(status_one) == 503 && status_two &&
                YAJL_GET_INTEGER(status_two) == 200;
    yajl_tree_free(root);
    ASSERT(right);

    request("/api/requests", "key=nobody");
    ASSERT_INT_EQ(resp.status, 200);
    ASSERT_STR_EQ(body_text(), "{\"key\":\"nobody\",\"requests\":[]}");
    request("/api/requests", "");
    if (expect_problem(400, "/api/requests?key=KEY") != 0)
        return 1;
    build("GET", "/api/requests", "QUERY_STRING=key=log1");
    if (expect_problem(503, "no state store (HTTPSTATUS_STORE)") != 0)
        return 1;
    return 0;
}

/* The test's store with transactions: begin keeps a copy of its state,
 * and an end told to lose one puts the copy back, as a full store does. */
static struct {
    int lose;           /* sessions still to lose */
    int begun, lost;
    unsigned char counters[sizeof(memory)];
    unsigned char log[sizeof(memory_log)];
} session;

static void memory_begin(void *self)
{
    (void)self;
    session.begun++;
    memcpy(session.counters, &memory, sizeof(memory));
    memcpy(session.log, &memory_log, sizeof(memory_log));
}

static int memory_end(void *self)
{
    (void)self;
    if (!session.lose)
        return 0;
    session.lose--;
    session.lost++;
    memcpy(&memory, session.counters, sizeof(memory));
    memcpy(&memory_log, session.log, sizeof(memory_log));
    return -1;
}

static const struct state_store session_store = {
    .next = memory_next, .append = memory_append, .read = memory_read,
    .begin = memory_begin, .end = memory_end,
};

/* A request's counters and log record are one transaction; one the store
 * loses is decided again, so its step is neither skipped nor counted
 * twice, and it is logged once. */
TEST(sequence_a_lost_transaction_is_decided_again)
{
    static char *env[] = { "SCRIPT_NAME=/api/status/503,200",
                           "QUERY_STRING=sequence=again",
                           "SERVER_PROTOCOL=HTTP/1.1", NULL };
    struct request_limits limits = fixture_limits;
    memset(&memory, 0, sizeof(memory));
    memset(&memory_log, 0, sizeof(memory_log));
    memset(&session, 0, sizeof(session));
    limits.state = &session_store;
    session.lose = 1;
    build_env_limits(env, &limits);
    ASSERT_INT_EQ(session.begun, 1);
    ASSERT_INT_EQ(session.lost, 1);
    ASSERT_INT_EQ(resp.status, 503);
    ASSERT_STR_EQ(field(&resp.head, "X-HttpStatus-Sequence"),
                  "1/2; key=again");
    ASSERT_INT_EQ(memory.count, 1);
    ASSERT_INT_EQ(memory.values[0], 1);
    ASSERT_INT_EQ(memory_log.count, 1);
    size_t record_len;
    struct log_entry entry;
    memcpy(&record_len, memory_log.records, sizeof(record_len));
    ASSERT_INT_EQ(log_record_unpack(memory_log.records + sizeof(record_len),
                                    record_len, &entry), 0);
    ASSERT_INT_EQ(entry.status, 503);

    build_env_limits(env, &limits);
    ASSERT_INT_EQ(session.begun, 2);
    ASSERT_INT_EQ(session.lost, 1);
    ASSERT_INT_EQ(resp.status, 200);
    ASSERT_INT_EQ(memory.values[0], 2);
    ASSERT_INT_EQ(memory_log.count, 2);

    /* A request without a key keeps no state, and opens no transaction. */
    static char *keyless[] = { "SCRIPT_NAME=/api/status/503,200",
                               "SERVER_PROTOCOL=HTTP/1.1", NULL };
    build_env_limits(keyless, &limits);
    ASSERT_INT_EQ(session.begun, 2);
    return 0;
}
