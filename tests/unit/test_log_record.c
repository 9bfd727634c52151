/* test_log_record.c - a request log's record: packed as the request comes,
 * read back whole or refused, and written as JSON when the log is read */
#include "test.h"

#include <yajl/yajl_tree.h>

#include "fixture.h"
#include "json_body.h"
#include "log_record.h"

/* Packs the request env makes (dispatched, so that the fixture's request
 * holds it) with status, into storage of room bytes. */
static int pack(char **env, int status, char *storage, size_t room,
                struct buffer *out)
{
    build_env(env);
    buffer_init(out, storage, room);
    return log_record_pack(out, &fixture_request, status);
}

TEST(log_record_keeps_what_the_client_sent)
{
    static char long_path[400] = "SCRIPT_NAME=/api/status/200/";
    static char *env[] = {
        long_path, "QUERY_STRING=key=k&api_key=s3cret&x=1",
        "REQUEST_METHOD=PUT", "CONTENT_LENGTH=3", "HTTP_HOST=localhost",
        "HTTP_IDEMPOTENCY_KEY=abc-1", "HTTP_AUTHORIZATION=Bearer s3cret",
        "SERVER_PROTOCOL=HTTP/1.1", NULL,
    };
    char storage[REQUEST_LOG_RECORD_MAX];
    struct buffer out;
    struct log_entry entry;
    memset(long_path + strlen(long_path), 'p',
           sizeof(long_path) - strlen(long_path) - 1);
    ASSERT_INT_EQ(pack(env, 418, storage, sizeof(storage), &out), 0);
    ASSERT_INT_EQ(log_record_unpack(storage, out.len, &entry), 0);
    ASSERT_INT_EQ(entry.status, 418);
    ASSERT_STR_EQ(entry.method, "PUT");
    ASSERT(entry.whole);
    ASSERT_INT_EQ(strlen(entry.path), LOG_STRING_MAX);
    ASSERT(strncmp(entry.path, "/api/status/200/ppp", 19) == 0);
    ASSERT_STR_EQ(entry.query, "key=k&api_key=[redacted]&x=1");
    ASSERT_STR_EQ(entry.id, fixture_request.id);
    ASSERT_INT_EQ(entry.received_ms, (long long)fixture_request.received_ms);
    ASSERT(!entry.headers_truncated);
    /* The fields in the order they came, a secret's value hidden. */
    const char *at = entry.headers;
    const char *expected[] = { "Host", "localhost", "Idempotency-Key",
                               "abc-1", "Authorization", "[redacted]" };
    for (size_t i = 0; i < 6; i++) {
        ASSERT(at < entry.headers_end);
        ASSERT_STR_EQ(at, expected[i]);
        at += strlen(at) + 1;
    }
    ASSERT(at == entry.headers_end);

    /* As JSON, when the log is read. */
    char text[REQUEST_LOG_RECORD_MAX];
    struct buffer json;
    buffer_init(&json, text, sizeof(text) - 1);
    ASSERT_INT_EQ(json_log_record(&json, storage, out.len), 0);
    text[json.len] = '\0';
    yajl_val root = yajl_tree_parse(text, NULL, 0);
    ASSERT(root != NULL);
    const char *auth = json_string(root, "headers", "Authorization", NULL);
    const char *idem = json_string(root, "headers", "Idempotency-Key", NULL);
    int right = json_integer(root, "status", NULL) == 418 &&
                json_integer(root, "body_bytes", NULL) == 0 && auth &&
                strcmp(auth, "[redacted]") == 0 && idem &&
                strcmp(idem, "abc-1") == 0 &&
                !json_is_true(root, "headers_truncated", NULL) &&
                !json_is_true(root, "truncated", NULL);
    yajl_tree_free(root);
    ASSERT(right);
    return 0;
}

TEST(log_record_cuts_what_does_not_fit)
{
    static char big[700] = "HTTP_X_BIG=";
    static char *env[] = { "SCRIPT_NAME=/api/status/200", big,
                           "HTTP_X_AFTER=1", "SERVER_PROTOCOL=HTTP/1.1",
                           NULL };
    char storage[REQUEST_LOG_RECORD_MAX], text[REQUEST_LOG_RECORD_MAX];
    struct buffer out, json;
    struct log_entry entry;
    memset(big + strlen(big), 'v', sizeof(big) - strlen(big) - 1);
    /* Past the fields' budget, the rest are cut, and the record says so. */
    ASSERT_INT_EQ(pack(env, 200, storage, sizeof(storage), &out), 0);
    ASSERT_INT_EQ(log_record_unpack(storage, out.len, &entry), 0);
    ASSERT(entry.whole);
    ASSERT(entry.headers_truncated);
    ASSERT(entry.headers == entry.headers_end);

    /* Too little room for the whole: method, status and arrival only. */
    ASSERT_INT_EQ(pack(env, 200, storage, 64, &out), 0);
    ASSERT_INT_EQ(log_record_unpack(storage, out.len, &entry), 0);
    ASSERT(!entry.whole);
    buffer_init(&json, text, sizeof(text) - 1);
    ASSERT_INT_EQ(json_log_record(&json, storage, out.len), 0);
    text[json.len] = '\0';
    ASSERT(strstr(text, "\"truncated\":true") != NULL);
    ASSERT(strstr(text, "\"path\"") == NULL);
    ASSERT_INT_EQ(pack(env, 200, storage, 20, &out), -1);
    return 0;
}

TEST(log_record_refuses_what_is_not_one)
{
    static char *env[] = { "SCRIPT_NAME=/api/status/200",
                           "HTTP_X_ONE=1", "SERVER_PROTOCOL=HTTP/1.1",
                           NULL };
    char storage[REQUEST_LOG_RECORD_MAX];
    struct buffer out;
    struct log_entry entry;
    ASSERT_INT_EQ(pack(env, 200, storage, sizeof(storage), &out), 0);
    ASSERT_INT_EQ(log_record_unpack(storage, out.len, &entry), 0);
    /* Cut anywhere, it is not one: a field name loses its value, or a part
     * its end. */
    for (size_t len = 0; len < out.len; len++)
        ASSERT(log_record_unpack(storage, len, &entry) != 0 ||
               storage[len - 1] == '\0');
    ASSERT_INT_EQ(log_record_unpack(storage, out.len - 2, &entry), -1);
    ASSERT_INT_EQ(log_record_unpack("{\"method\":\"GET\"}", 16, &entry), -1);
    storage[3] = 'x';      /* the status is no number */
    ASSERT_INT_EQ(log_record_unpack(storage, out.len, &entry), -1);
    return 0;
}
