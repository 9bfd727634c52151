/* test_endpoints.c - health, the catalog, OpenAPI and the inspector */
#include "test.h"

#include <stdlib.h>

#include "fixture.h"

TEST(endpoints_health)
{
    build("GET", "/api/health", NULL);
    ASSERT_INT_EQ(resp.status, 200);
    ASSERT_INT_EQ(resp.body_len, 15);
    ASSERT(memcmp(resp.body, "{\"status\":\"ok\"}", 15) == 0);
    ASSERT_STR_EQ(field(&resp.head, "Cache-Control"), "no-store");
    build("GET", "/api/health/", NULL);
    ASSERT_INT_EQ(resp.status, 404);
    return 0;
}

/* A web server's own refusal keeps its status and comes as a problem that
 * names the server and what it refused; nginx's private codes become
 * HTTP's; the query the refused request carried does not count against
 * it. */
TEST(endpoints_refusal_keeps_the_web_servers_status)
{
    static const struct {
        const char *redirect_status;
        int status;
        const char *detail;
    } cases[] = {
        { "REDIRECT_STATUS=400", 400,
          "lighttpd refused the request for '/api/status/200?a=%0d' before "
          "it reached the simulator: the request is malformed: a control "
          "character" },
        { "REDIRECT_STATUS=413", 413, "the body is larger than it accepts" },
        { "REDIRECT_STATUS=494", 431, "header fields are larger than" },
        { "REDIRECT_STATUS=497", 400, "the request is malformed" },
        { "REDIRECT_STATUS=502", 502,
          "lighttpd failed the request for '/api/status/200?a=%0d': it "
          "could not reach its worker." },
        { "REDIRECT_STATUS=418", 418,
          "before it reached the simulator: for a reason of its own." },
        { "REDIRECT_STATUS=200", 404, "no refusal to describe" },
        { "REDIRECT_STATUS=4x", 404, "no refusal to describe" },
        { NULL, 404, "sends them here with REDIRECT_STATUS" },
    };
    static char *env[8];
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char **entry = env;
        *entry++ = "REQUEST_METHOD=GET";
        *entry++ = "SCRIPT_NAME=/api/error";
        *entry++ = "SERVER_SOFTWARE=lighttpd/1.4.69";
        *entry++ = "REQUEST_URI=/api/status/200?a=%0d";
        *entry++ = "QUERY_STRING=a=%0d";
        *entry++ = (char *)cases[i].redirect_status;
        *entry = NULL;
        request_from_env(&fixture_request, env);
        static struct response spare;
        dispatch(&resp, &spare, &fixture_request, &fixture_limits);
        if (expect_problem(cases[i].status, cases[i].detail) != 0)
            return 1;
    }
    return 0;
}

/* A POST of exactly the largest head, its last line without LF: read
 * whole, nothing written past the request's storage. */
TEST(endpoints_inspect_reads_the_largest_head)
{
    static char text[16384];
    static const char start[] = "HTTP/1.1 401 Unauthorized\r\nX-Pad: ";
    memcpy(text, start, sizeof(start) - 1);
    memset(text + sizeof(start) - 1, 'p', sizeof(text) - sizeof(start) + 1);
    build("POST", "/api/inspect", "CONTENT_LENGTH=16384");
    fixture_request.body_data = text;
    fixture_request.body_kept = sizeof(text);
    fixture_request.body_bytes = sizeof(text);
    static struct response spare;
    dispatch(&resp, &spare, &fixture_request, &fixture_limits);
    ASSERT_INT_EQ(resp.status, 200);
    yajl_val root = parse_body();
    ASSERT(root != NULL);
    ASSERT_INT_EQ(json_integer(root, "status", NULL), 401);
    yajl_tree_free(root);
    ASSERT(strstr(body_text(), "401 without WWW-Authenticate") != NULL);

    fixture_request.body_bytes = sizeof(text) + 1;
    dispatch(&resp, &spare, &fixture_request, &fixture_limits);
    if (expect_problem(413, "A response head of 16385 bytes; at most 16384 "
                            "are inspected.") != 0)
        return 1;
    build("GET", "/api/inspect", NULL);
    if (expect_problem(405, "reads the response head in a POST body") != 0)
        return 1;
    ASSERT_STR_EQ(field(&resp.head, "Allow"), "POST");
    return 0;
}

TEST(endpoints_catalog_is_cacheable)
{
    build("GET", "/api/codes/404", NULL);
    ASSERT_INT_EQ(resp.status, 200);
    ASSERT_STR_EQ(field(&resp.head, "Cache-Control"), "public, max-age=3600");
    ASSERT_INT_EQ(field_count(&resp.head, "Cache-Control"), 1);
    static char condition[64];
    snprintf(condition, sizeof(condition), "HTTP_IF_NONE_MATCH=%s",
             field(&resp.head, "ETag"));
    build("GET", "/api/codes/404", condition);
    ASSERT_INT_EQ(resp.status, 304);
    ASSERT(!resp.send_body);
    build("GET", "/api/codes/299", NULL);
    if (expect_problem(404, "299 is neither registered") != 0)
        return 1;
    build("GET", "/api/codes/abc", NULL);
    return expect_problem(400, "'abc' is not a status code");
}
