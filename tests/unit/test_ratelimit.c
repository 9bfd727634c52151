/* test_ratelimit.c - windows, their quota fields in each dialect, and the
 * refusal past the quota, with a store and a clock of the test's own */
#include "test.h"

#include <stdlib.h>

#include "fixture.h"
#include "ratelimit.h"
#include "sequence.h"

TEST(ratelimit_parses_quota_and_period)
{
    uint64_t quota, window;
    ASSERT_INT_EQ(ratelimit_parse("5/10s", &quota, &window), 0);
    ASSERT_INT_EQ(quota, 5);
    ASSERT_INT_EQ(window, 10000);
    ASSERT_INT_EQ(ratelimit_parse("100/1m", &quota, &window), 0);
    ASSERT_INT_EQ(window, 60000);
    ASSERT_INT_EQ(ratelimit_parse("1/250ms", &quota, &window), 0);
    ASSERT_INT_EQ(window, 250);
    ASSERT_INT_EQ(ratelimit_parse("2/24h", &quota, &window), 0);
    static const char *const bad[] = {
        "5", "0/1s", "5/0s", "5/10", "5/10d", "a/1s", "5/1s ", "2/25h",
        "1000001/1s", "-1/1s", "5/s",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        ASSERT_INT_EQ(ratelimit_parse(bad[i], &quota, &window), -1);
    return 0;
}

/* The fields of a window of 5 per 10 s at its used-th request with
 * left_ms to go, in dialect, as "Name: value\n" lines. */
static const char *fields_of(enum ratelimit_dialect dialect, uint64_t used,
                             uint64_t left_ms)
{
    static char lines[512];
    char values[256];
    struct buffer space;
    struct header_field fields[8];
    size_t count = 0;
    struct ratelimit_window w = { 5, 10000, used, left_ms,
                                  UINT64_C(1700000000000), dialect };
    buffer_init(&space, values, sizeof(values));
    if (ratelimit_fields(&w, fields, &count, 8, &space) != 0)
        return "(did not fit)";
    lines[0] = '\0';
    for (size_t i = 0; i < count; i++) {
        strcat(lines, fields[i].name);
        strcat(lines, ": ");
        strcat(lines, fields[i].value);
        strcat(lines, "\n");
    }
    return lines;
}

TEST(ratelimit_fields_in_each_dialect)
{
    ASSERT_STR_EQ(fields_of(RATELIMIT_DRAFT10, 2, 6500),
                  "RateLimit-Policy: \"default\";q=5;w=10\n"
                  "RateLimit: \"default\";r=3;t=7\n");
    ASSERT_STR_EQ(fields_of(RATELIMIT_DRAFT10, 9, 6500),
                  "RateLimit-Policy: \"default\";q=5;w=10\n"
                  "RateLimit: \"default\";r=0;t=7\n");
    ASSERT_STR_EQ(fields_of(RATELIMIT_DRAFT7, 5, 10),
                  "RateLimit-Policy: 5;w=10\n"
                  "RateLimit: limit=5, remaining=0, reset=1\n");
    ASSERT_STR_EQ(fields_of(RATELIMIT_DRAFT6, 1, 10000),
                  "RateLimit-Policy: 5;w=10\nRateLimit-Limit: 5\n"
                  "RateLimit-Remaining: 4\nRateLimit-Reset: 10\n");
    ASSERT_STR_EQ(fields_of(RATELIMIT_LEGACY, 6, 2000),
                  "X-RateLimit-Limit: 5\nX-RateLimit-Remaining: 0\n"
                  "X-RateLimit-Reset: 1700000002\n");
    ASSERT_STR_EQ(fields_of(RATELIMIT_NONE, 6, 2000), "");
    return 0;
}

/* One window, kept in memory, on a clock the test moves. */
static struct {
    uint64_t value, started, now;
} window;

static int window_next(void *self, const char *name, size_t len,
                       uint64_t window_ms, struct state_count *count,
                       const char **why)
{
    (void)self;
    (void)name;
    (void)len;
    (void)why;
    if (window.now >= window.started + window_ms) {
        window.value = 0;
        window.started = window.now;
    }
    *count = (struct state_count){ ++window.value, window.started,
                                   window.now };
    return 0;
}

/* Windows are all this store keeps: it logs nothing. */
static int no_append(void *self, const char *name, size_t len,
                     const char *record, size_t record_len, size_t keep,
                     const char **why)
{
    (void)self, (void)name, (void)len, (void)record, (void)record_len;
    (void)keep, (void)why;
    return 0;
}

static const struct state_store window_store = {
    .next = window_next, .append = no_append,
};

static void request(const char *query)
{
    static char query_env[256];
    struct request_limits limits = fixture_limits;
    char *env[] = { "SCRIPT_NAME=/api/status/200", query_env,
                    "SERVER_PROTOCOL=HTTP/1.1", "REMOTE_ADDR=127.0.0.1",
                    "SERVER_SOFTWARE=lighttpd/1.4.69", NULL };
    limits.state = &window_store;
    limits.max_query_bytes = 200;
    snprintf(query_env, sizeof(query_env), "QUERY_STRING=%s", query);
    build_env_limits(env, &limits);
}

TEST(ratelimit_refuses_past_the_quota_with_the_time_left)
{
    window.value = 0;
    window.started = 0;
    window.now = 1000000;
    request("ratelimit=2/10s&key=a");
    ASSERT_INT_EQ(resp.status, 200);
    ASSERT_STR_EQ(field(&resp.head, "RateLimit"), "\"default\";r=1;t=10");
    ASSERT(field(&resp.head, "Retry-After") == NULL);
    window.now += 1000;
    request("ratelimit=2/10s&key=a");
    ASSERT_INT_EQ(resp.status, 200);
    ASSERT_STR_EQ(field(&resp.head, "RateLimit"), "\"default\";r=0;t=9");
    window.now += 2500;
    request("ratelimit=2/10s&key=a&ratelimit_fields=legacy");
    ASSERT_INT_EQ(resp.status, 429);
    /* 6.5 s left: the client is told 7, after which the window is new. */
    ASSERT_STR_EQ(field(&resp.head, "Retry-After"), "7");
    ASSERT_INT_EQ(field_count(&resp.head, "Retry-After"), 1);
    ASSERT_STR_EQ(field(&resp.head, "X-RateLimit-Remaining"), "0");
    ASSERT_STR_EQ(field(&resp.head, "X-RateLimit-Reset"), "1010");
    yajl_val root = parse_body();
    ASSERT(root != NULL);
    const char *at[] = { "response", "ratelimit", "limited", NULL };
    int limited = YAJL_IS_TRUE(yajl_tree_get(root, at, yajl_t_true));
    yajl_tree_free(root);
    ASSERT(limited);
    window.now += 1000;
    request("ratelimit=2/10s&key=a&ratelimit_status=503");
    ASSERT_INT_EQ(resp.status, 503);
    ASSERT_STR_EQ(field(&resp.head, "Retry-After"), "6");
    window.now += 6000;
    request("ratelimit=2/10s&key=a");
    ASSERT_INT_EQ(resp.status, 200);

    request("ratelimit=2/10x");
    if (expect_problem(400, "ratelimit '2/10x' is not N/PERIOD.") != 0)
        return 1;
    request("ratelimit_status=503");
    if (expect_problem(400, "they need ratelimit=N/PERIOD.") != 0)
        return 1;
    request("ratelimit=1/1s&ratelimit_fields=draft99");
    if (expect_problem(400, "ratelimit_fields 'draft99' is not") != 0)
        return 1;
    return 0;
}
