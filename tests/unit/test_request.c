/* test_request.c - reading requests out of a CGI environment */
#include "test.h"

#include "request.h"

static const struct request_limits limits = {
    .max_query_bytes = 4096, .max_body_bytes = 1000, .max_sleep_ms = 5000,
};

TEST(request_from_env_reads_cgi_variables)
{
    char *env[] = {
        "REQUEST_METHOD=POST", "QUERY_STRING=a=1", "REMOTE_ADDR=127.0.0.1",
        "SERVER_PROTOCOL=HTTP/1.1", "CONTENT_LENGTH=12",
        "SCRIPT_NAME=/api/status/404", "HTTP_HOST=example.test",
        "REQUEST_METHODX=GET", NULL,
    };
    struct sim_request req;
    request_from_env(&req, env);
    ASSERT_STR_EQ(req.method, "POST");
    ASSERT_STR_EQ(req.query, "a=1");
    ASSERT_STR_EQ(req.remote_addr, "127.0.0.1");
    ASSERT_STR_EQ(req.protocol, "HTTP/1.1");
    ASSERT_STR_EQ(req.content_length, "12");
    ASSERT_STR_EQ(req.path, "/api/status/404");
    ASSERT_INT_EQ(req.route_offset, 0);
    ASSERT(!req.path_too_long);

    char *empty[] = { NULL };
    request_from_env(&req, empty);
    ASSERT_STR_EQ(req.method, "GET");
    ASSERT_STR_EQ(req.query, "");
    ASSERT_STR_EQ(req.path, "");
    ASSERT(req.content_length == NULL);
    return 0;
}

TEST(request_route_offset_for_cgi_mount)
{
    char *env[] = {
        "SCRIPT_NAME=/cgi-bin/httpstatus", "PATH_INFO=/api/status/511", NULL,
    };
    struct sim_request req;
    request_from_env(&req, env);
    ASSERT_STR_EQ(req.path, "/cgi-bin/httpstatus/api/status/511");
    ASSERT_STR_EQ(req.path + req.route_offset, "/api/status/511");

    /* lighttpd with the worker on /api/ may split the path its own way. */
    char *split[] = { "SCRIPT_NAME=/api", "PATH_INFO=/status/200", NULL };
    request_from_env(&req, split);
    ASSERT_STR_EQ(req.path, "/api/status/200");
    ASSERT_INT_EQ(req.route_offset, 0);

    /* Rewritten to the program (shared hosting): the prefix is where the
     * client went, not the program's name. */
    char *rewritten[] = {
        "SCRIPT_NAME=/~u/hs/httpstatus.cgi", "PATH_INFO=/api/status/302",
        "REQUEST_URI=/~u/hs/api/status/302?x=1", NULL,
    };
    request_from_env(&req, rewritten);
    ASSERT_STR_EQ(req.path, "/~u/hs/api/status/302");
    ASSERT_STR_EQ(req.path + req.route_offset, "/api/status/302");
    /* Called by its own name, the program's path stays. */
    char *direct[] = {
        "SCRIPT_NAME=/~u/hs/httpstatus.cgi", "PATH_INFO=/api/status/302",
        "REQUEST_URI=/~u/hs/httpstatus.cgi/api/status/302", NULL,
    };
    request_from_env(&req, direct);
    ASSERT_STR_EQ(req.path, "/~u/hs/httpstatus.cgi/api/status/302");
    ASSERT_INT_EQ(req.route_offset, strlen("/~u/hs/httpstatus.cgi"));
    return 0;
}

TEST(request_path_too_long)
{
    static char script[REQUEST_PATH_MAX + 20] = "SCRIPT_NAME=/";
    memset(script + 13, 'a', REQUEST_PATH_MAX);
    char *env[] = { script, NULL };
    struct sim_request req;
    request_from_env(&req, env);
    ASSERT(req.path_too_long);
    ASSERT_STR_EQ(req.path, "");
    return 0;
}

static enum body_verdict verdict_for(const char *content_length,
                                     uint64_t *length)
{
    struct sim_request req;
    char *empty[] = { NULL };
    request_from_env(&req, empty);
    req.content_length = content_length;
    return request_body_verdict(&req, &limits, length);
}

TEST(request_body_verdicts)
{
    uint64_t length = 99;
    ASSERT_INT_EQ(verdict_for(NULL, &length), BODY_NONE);
    ASSERT_INT_EQ(length, 0);
    ASSERT_INT_EQ(verdict_for("", &length), BODY_NONE);
    ASSERT_INT_EQ(verdict_for("0", &length), BODY_NONE);
    ASSERT_INT_EQ(verdict_for("1000", &length), BODY_READ);
    ASSERT_INT_EQ(length, 1000);
    ASSERT_INT_EQ(verdict_for("1001", &length), BODY_TOO_LARGE);
    ASSERT_INT_EQ(verdict_for("99999999999999999999999999", &length),
                  BODY_TOO_LARGE);
    ASSERT_INT_EQ(verdict_for("12a", &length), BODY_BAD_LENGTH);
    ASSERT_INT_EQ(verdict_for("-1", &length), BODY_BAD_LENGTH);
    ASSERT_INT_EQ(verdict_for(" 5", &length), BODY_BAD_LENGTH);

    /* A chunked body: fine with its length, refused without. */
    struct sim_request req;
    char *chunked[] = { "HTTP_TRANSFER_ENCODING=chunked", NULL };
    request_from_env(&req, chunked);
    ASSERT_INT_EQ(request_body_verdict(&req, &limits, &length),
                  BODY_NO_LENGTH);
    req.content_length = "5";
    ASSERT_INT_EQ(request_body_verdict(&req, &limits, &length), BODY_READ);
    ASSERT_INT_EQ(length, 5);
    return 0;
}

TEST(request_header_names)
{
    char name[32];
    ASSERT_STR_EQ(request_header_from_env("HTTP_USER_AGENT=curl/7.88",
                                          name, sizeof(name)), "curl/7.88");
    ASSERT_STR_EQ(name, "User-Agent");
    ASSERT_STR_EQ(request_header_from_env("HTTP_X_REQUEST_ID=", name,
                                          sizeof(name)), "");
    ASSERT_STR_EQ(name, "X-Request-Id");
    ASSERT_STR_EQ(request_header_from_env("CONTENT_TYPE=text/plain", name,
                                          sizeof(name)), "text/plain");
    ASSERT_STR_EQ(name, "Content-Type");
    ASSERT(request_header_from_env("CONTENT_LENGTH=0", name,
                                   sizeof(name)) == NULL);
    ASSERT(request_header_from_env("REQUEST_METHOD=GET", name,
                                   sizeof(name)) == NULL);
    ASSERT(request_header_from_env("HTTP_=x", name, sizeof(name)) == NULL);
    ASSERT(request_header_from_env(
               "HTTP_A_VERY_LONG_HEADER_NAME_THAT_DOES_NOT_FIT=x", name,
               sizeof(name)) == NULL);
    return 0;
}

TEST(request_id_and_time_format)
{
    char id[REQUEST_ID_LEN + 1];
    request_format_id(id, UINT64_C(0x0123456789abcdef));
    ASSERT_STR_EQ(id, "0123456789abcdef");
    request_format_id(id, 0);
    ASSERT_STR_EQ(id, "0000000000000000");

    char when[REQUEST_TIME_LEN + 1];
    struct timespec t = { 1795867200, 7000000 }; /* 2026-11-28T12:00:00 */
    request_format_time(when, &t);
    ASSERT_STR_EQ(when, "2026-11-28T12:00:00.007Z");
    return 0;
}

TEST(request_id_from_client_when_sane)
{
    ASSERT(request_id_is_sane("abc-123_x.y:z"));
    ASSERT(request_id_is_sane("0f8fad5b-d9cb-469f-a165-70867728950e"));
    ASSERT(!request_id_is_sane(""));
    ASSERT(!request_id_is_sane("a b"));
    ASSERT(!request_id_is_sane("a\r\nSet-Cookie: x"));
    ASSERT(!request_id_is_sane("<script>"));
    char long_id[REQUEST_ID_MAX + 2];
    memset(long_id, 'a', sizeof(long_id) - 1);
    long_id[REQUEST_ID_MAX + 1] = '\0';
    ASSERT(!request_id_is_sane(long_id));
    long_id[REQUEST_ID_MAX] = '\0';
    ASSERT(request_id_is_sane(long_id));

    char *env[] = { "HTTP_X_REQUEST_ID=trace-42", NULL };
    struct sim_request req;
    request_from_env(&req, env);
    request_set_id(&req, 7);
    ASSERT_STR_EQ(req.id, "trace-42");
    char *bad[] = { "HTTP_X_REQUEST_ID=no way", NULL };
    request_from_env(&req, bad);
    request_set_id(&req, 7);
    ASSERT_STR_EQ(req.id, "0000000000000007");
    return 0;
}
