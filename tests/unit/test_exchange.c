/* test_exchange.c - one exchange over in-memory streams */
#include "test.h"

#include <stdlib.h>

#include "exchange.h"

struct memory_stream {
    const char *data;     /* what there is to read */
    size_t len, pos;
    char written[8192];   /* what was written */
    size_t written_len;
    int fail_writes;
    int flushes, aborted;
    size_t first_flush_at; /* written_len at the first flush */
};

static size_t memory_read(void *in, char *buf, size_t len)
{
    struct memory_stream *m = in;
    size_t n = m->len - m->pos < len ? m->len - m->pos : len;
    memcpy(buf, m->data + m->pos, n);
    m->pos += n;
    return n;
}

static int memory_write(void *out, const char *buf, size_t len)
{
    struct memory_stream *m = out;
    if (m->fail_writes || len > sizeof(m->written) - m->written_len)
        return -1;
    memcpy(m->written + m->written_len, buf, len);
    m->written_len += len;
    return 0;
}

static int memory_flush(void *out)
{
    struct memory_stream *m = out;
    if (m->flushes++ == 0)
        m->first_flush_at = m->written_len;
    return m->fail_writes ? -1 : 0;
}

static void memory_abort(void *conn)
{
    struct memory_stream *m = conn;
    m->aborted = 1;
}

static const struct request_limits limits = {
    .max_query_bytes = 4096, .max_body_bytes = 100000, .max_sleep_ms = 5000,
};

/* The waits between the steps of the last exchange, and their count. */
static uint64_t waits[32];
static size_t wait_count;
static size_t head_len, body_len;

/* Runs one exchange of method on path?query with the given body length,
 * step by step to its end.  Returns the last step's result. */
static int run_request(struct memory_stream *m, const char *method,
                       const char *path, const char *query,
                       const char *content_length)
{
    static struct exchange_space space;
    static struct id_source ids;
    char method_env[64], path_env[64], query_env[128], length_env[64];
    snprintf(method_env, sizeof(method_env), "REQUEST_METHOD=%s", method);
    snprintf(path_env, sizeof(path_env), "SCRIPT_NAME=%s", path);
    snprintf(query_env, sizeof(query_env), "QUERY_STRING=%s", query);
    snprintf(length_env, sizeof(length_env), "CONTENT_LENGTH=%s",
             content_length);
    char *env[] = { method_env, path_env, query_env, length_env,
                    "SERVER_SOFTWARE=lighttpd/1.4.69", NULL };
    struct exchange io = { memory_read, memory_write, memory_flush,
                           memory_abort, m, m, m };
    struct outgoing out;
    uint64_t wait_ms;
    int rc;

    id_source_init(&ids);
    exchange_prepare(&io, env, &limits, &ids, 1, &space);
    m->written[0] = '\0';
    exchange_outgoing(&out, &space);
    head_len = out.head_len;
    body_len = out.body_len;
    wait_count = 0;
    while ((rc = exchange_step(&io, &out, &wait_ms)) == 1 &&
           wait_count < sizeof(waits) / sizeof(waits[0]))
        waits[wait_count++] = wait_ms;
    if (m->written_len < sizeof(m->written))
        m->written[m->written_len] = '\0';
    return rc;
}

static int run_exchange(struct memory_stream *m, const char *method,
                        const char *code, const char *content_length)
{
    char path[64];
    snprintf(path, sizeof(path), "/api/status/%s", code);
    return run_request(m, method, path, "", content_length);
}

TEST(exchange_reads_and_counts_the_body)
{
    static char body[70000];
    memset(body, 'x', sizeof(body));
    struct memory_stream m = { body, sizeof(body), 0, "", 0, 0, 0, 0, 0 };
    ASSERT_INT_EQ(run_exchange(&m, "PUT", "200", "70000"), 0);
    ASSERT_INT_EQ(m.pos, 70000);
    ASSERT(strncmp(m.written, "Status: 200 OK\r\n", 16) == 0);
    ASSERT(strstr(m.written, "\"body_bytes\":70000") != NULL);

    /* A client that stops early: what came is counted, nothing hangs. */
    struct memory_stream short_body = { body, 10, 0, "", 0, 0, 0, 0, 0 };
    ASSERT_INT_EQ(run_exchange(&short_body, "POST", "201", "500"), 0);
    ASSERT(strstr(short_body.written, "\"body_bytes\":10") != NULL);

    /* Over the limit: not read at all, 413. */
    struct memory_stream large = { body, sizeof(body), 0, "", 0, 0, 0, 0, 0 };
    ASSERT_INT_EQ(run_exchange(&large, "POST", "200", "100001"), 0);
    ASSERT_INT_EQ(large.pos, 0);
    ASSERT(strncmp(large.written, "Status: 413 Content Too Large\r\n", 31)
           == 0);
    return 0;
}

/* The interim block reaches the web server in a record of its own: the
 * first flush comes right after it, before the final head. */
TEST(exchange_interim_goes_ahead_alone)
{
    struct memory_stream m = { "", 0, 0, "", 0, 0, 0, 0, 0 };
    ASSERT_INT_EQ(run_exchange(&m, "GET", "103", "0"), 0);
    ASSERT(strncmp(m.written, "Status: 103 Early Hints\r\n", 25) == 0);
    const char *final = strstr(m.written, "\r\n\r\nStatus: 200 OK\r\n");
    ASSERT(final != NULL);
    ASSERT_INT_EQ(m.flushes, 1);
    ASSERT_INT_EQ(m.first_flush_at, (size_t)(final - m.written) + 4);

    struct memory_stream plain = { "", 0, 0, "", 0, 0, 0, 0, 0 };
    ASSERT_INT_EQ(run_exchange(&plain, "GET", "200", "0"), 0);
    ASSERT_INT_EQ(plain.flushes, 0);
    return 0;
}

TEST(exchange_faults_cut_where_asked)
{
    struct memory_stream after = { "", 0, 0, "", 0, 0, 0, 0, 0 };
    ASSERT_INT_EQ(run_request(&after, "GET", "/api/status/200",
                              "abort=after_headers", "0"), 0);
    ASSERT_INT_EQ(after.written_len, head_len);
    ASSERT_INT_EQ(after.aborted, 1);
    ASSERT_INT_EQ(wait_count, 1);
    ASSERT_INT_EQ(waits[0], EXCHANGE_CUT_GRACE_MS);

    struct memory_stream during = { "", 0, 0, "", 0, 0, 0, 0, 0 };
    ASSERT_INT_EQ(run_request(&during, "GET", "/api/status/200",
                              "abort=during_body", "0"), 0);
    ASSERT_INT_EQ(during.written_len, head_len + body_len / 2);
    ASSERT(body_len > 100);
    ASSERT_INT_EQ(during.aborted, 1);
    ASSERT_INT_EQ(wait_count, 1);
    return 0;
}

TEST(exchange_paces_the_head_and_the_body)
{
    struct memory_stream paused = { "", 0, 0, "", 0, 0, 0, 0, 0 };
    ASSERT_INT_EQ(run_request(&paused, "GET", "/api/status/200",
                              "sleepAfterHeaders=1500", "0"), 0);
    ASSERT_INT_EQ(wait_count, 1);
    ASSERT_INT_EQ(waits[0], 1500);
    ASSERT_INT_EQ(paused.written_len, head_len + body_len);
    ASSERT_INT_EQ(paused.aborted, 0);

    struct memory_stream dribbled = { "", 0, 0, "", 0, 0, 0, 0, 0 };
    ASSERT_INT_EQ(run_request(&dribbled, "GET", "/api/status/200",
                              "dribble=900", "0"), 0);
    ASSERT_INT_EQ(wait_count, EXCHANGE_DRIBBLE_PIECES - 1);
    for (size_t i = 0; i < wait_count; i++)
        ASSERT_INT_EQ(waits[i], 100);
    ASSERT_INT_EQ(dribbled.written_len, head_len + body_len);
    ASSERT(strstr(dribbled.written, "\"dribble_ms\":900") != NULL);

    /* Pauses that do not divide evenly still add up to the whole time. */
    struct memory_stream uneven = { "", 0, 0, "", 0, 0, 0, 0, 0 };
    ASSERT_INT_EQ(run_request(&uneven, "GET", "/api/status/200",
                              "dribble=2000", "0"), 0);
    uint64_t total = 0;
    for (size_t i = 0; i < wait_count; i++) {
        ASSERT(waits[i] == 222 || waits[i] == 223);
        total += waits[i];
    }
    ASSERT_INT_EQ(wait_count, EXCHANGE_DRIBBLE_PIECES - 1);
    ASSERT_INT_EQ(total, 2000);
    return 0;
}

TEST(exchange_send_reports_a_vanished_client)
{
    struct memory_stream m = { "", 0, 0, "", 0, 1, 0, 0, 0 };
    ASSERT_INT_EQ(run_exchange(&m, "GET", "404", "0"), -1);
    return 0;
}

TEST(exchange_ids_are_distinct)
{
    struct id_source ids;
    id_source_init(&ids);
    uint64_t first = id_source_next(&ids);
    for (int i = 0; i < 1000; i++)
        ASSERT(id_source_next(&ids) != first);
    return 0;
}
