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

static const struct request_limits limits = { 4096, 100000, 5000 };

/* Runs one exchange of method/code with the given body and extra entry. */
static int run_exchange(struct memory_stream *m, const char *method,
                        const char *code, const char *content_length)
{
    static struct sim_response resp;
    static struct prepared prepared;
    static struct id_source ids;
    char method_env[64], path_env[64], length_env[64];
    snprintf(method_env, sizeof(method_env), "REQUEST_METHOD=%s", method);
    snprintf(path_env, sizeof(path_env), "SCRIPT_NAME=/api/status/%s", code);
    snprintf(length_env, sizeof(length_env), "CONTENT_LENGTH=%s",
             content_length);
    char *env[] = { method_env, path_env, length_env, NULL };
    struct exchange io = { memory_read, memory_write, m, m };

    id_source_init(&ids);
    exchange_prepare(&io, env, &limits, &ids, 1, &resp, &prepared);
    m->written[0] = '\0';
    int rc = exchange_send(&io, &resp, &prepared);
    if (m->written_len < sizeof(m->written))
        m->written[m->written_len] = '\0';
    return rc;
}

TEST(exchange_reads_and_counts_the_body)
{
    static char body[70000];
    memset(body, 'x', sizeof(body));
    struct memory_stream m = { body, sizeof(body), 0, "", 0, 0 };
    ASSERT_INT_EQ(run_exchange(&m, "PUT", "200", "70000"), 0);
    ASSERT_INT_EQ(m.pos, 70000);
    ASSERT(strncmp(m.written, "Status: 200 OK\r\n", 16) == 0);
    ASSERT(strstr(m.written, "\"body_bytes\":70000") != NULL);

    /* A client that stops early: what came is counted, nothing hangs. */
    struct memory_stream short_body = { body, 10, 0, "", 0, 0 };
    ASSERT_INT_EQ(run_exchange(&short_body, "POST", "201", "500"), 0);
    ASSERT(strstr(short_body.written, "\"body_bytes\":10") != NULL);

    /* Over the limit: not read at all, 413. */
    struct memory_stream large = { body, sizeof(body), 0, "", 0, 0 };
    ASSERT_INT_EQ(run_exchange(&large, "POST", "200", "100001"), 0);
    ASSERT_INT_EQ(large.pos, 0);
    ASSERT(strncmp(large.written, "Status: 413 Content Too Large\r\n", 31)
           == 0);
    return 0;
}

TEST(exchange_send_reports_a_vanished_client)
{
    struct memory_stream m = { "", 0, 0, "", 0, 1 };
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
