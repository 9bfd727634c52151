/* test_cors.c - CORS fields on every response, and preflights */
#include "test.h"

#include <stdlib.h>

#include "cors.h"
#include "fixture.h"

TEST(cors_fields)
{
    build("GET", "/api/status/401", NULL);
    ASSERT_STR_EQ(field(&resp.head, "Access-Control-Allow-Origin"), "*");
    ASSERT_STR_EQ(field(&resp.head, "Access-Control-Expose-Headers"),
                  "X-Request-Id, WWW-Authenticate, Vary");
    build("GET", "/api/status/426", NULL);
    ASSERT_STR_EQ(field(&resp.head, "Access-Control-Expose-Headers"),
                  "X-Request-Id, Upgrade, Vary");
    build("GET", "/api/status/abc", NULL);
    ASSERT_STR_EQ(field(&resp.head, "Access-Control-Allow-Origin"), "*");
    ASSERT_INT_EQ(field_count(&resp.head, "Access-Control-Allow-Origin"), 1);
    return 0;
}

TEST(cors_preflight)
{
    build("OPTIONS", "/api/status/503",
          "HTTP_ACCESS_CONTROL_REQUEST_METHOD=PROPFIND");
    ASSERT_INT_EQ(resp.status, 204);
    ASSERT(!resp.send_body);
    ASSERT_STR_EQ(field(&resp.head, "Access-Control-Allow-Methods"),
                  "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, PROPFIND");
    ASSERT_STR_EQ(field(&resp.head, "Access-Control-Max-Age"), "600");
    ASSERT_STR_EQ(field(&resp.head, "Access-Control-Allow-Origin"), "*");
    ASSERT(field(&resp.head, "Content-Length") == NULL);

    build("OPTIONS", "/api/status/503",
          "HTTP_ACCESS_CONTROL_REQUEST_METHOD=DELETE");
    ASSERT_STR_EQ(field(&resp.head, "Access-Control-Allow-Methods"),
                  "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
    /* Anything but one token is not echoed. */
    build("OPTIONS", "/api/status/503",
          "HTTP_ACCESS_CONTROL_REQUEST_METHOD=GET\r\nX: y");
    ASSERT_STR_EQ(field(&resp.head, "Access-Control-Allow-Methods"),
                  "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");

    /* A plain OPTIONS still gets the simulated status. */
    build("OPTIONS", "/api/status/503", NULL);
    ASSERT_INT_EQ(resp.status, 503);
    return 0;
}

/* A request that sets a CORS field itself gets exactly that field, once. */
TEST(cors_fields_a_request_sets_are_sent_once)
{
    char *env[] = {
        "SCRIPT_NAME=/api/status/200",
        "HTTP_X_HTTPSTATUS_RESPONSE_ACCESS_CONTROL_ALLOW_ORIGIN="
        "https://app.example",
        "HTTP_X_HTTPSTATUS_RESPONSE_ACCESS_CONTROL_EXPOSE_HEADERS=X-A",
        NULL,
    };
    build_env(env);
    ASSERT_INT_EQ(resp.status, 200);
    ASSERT_INT_EQ(field_count(&resp.head, "Access-Control-Allow-Origin"), 1);
    ASSERT_STR_EQ(field(&resp.head, "Access-Control-Allow-Origin"),
                  "https://app.example");
    ASSERT_INT_EQ(field_count(&resp.head, "Access-Control-Expose-Headers"),
                  1);
    ASSERT_STR_EQ(field(&resp.head, "Access-Control-Expose-Headers"), "X-A");
    return 0;
}

/* --cors-origins: a list names a listed page's origin back and varies on
 * Origin; "none" sends no CORS field and answers no preflight. */
TEST(cors_origins_the_operator_allows)
{
    struct request_limits limits = fixture_limits;
    limits.cors_origins = "https://app.example, http://localhost:3000";
    char *listed[] = { "SCRIPT_NAME=/api/status/200",
                       "HTTP_ORIGIN=http://localhost:3000", NULL };
    build_env_limits(listed, &limits);
    ASSERT_STR_EQ(field(&resp.head, "Access-Control-Allow-Origin"),
                  "http://localhost:3000");
    ASSERT(field(&resp.head, "Access-Control-Expose-Headers") != NULL);
    ASSERT_INT_EQ(field_count(&resp.head, "Vary"), 2);

    char *other[] = { "SCRIPT_NAME=/api/status/200",
                      "HTTP_ORIGIN=https://evil.example", NULL };
    build_env_limits(other, &limits);
    ASSERT_INT_EQ(resp.status, 200);
    ASSERT(field(&resp.head, "Access-Control-Allow-Origin") == NULL);
    ASSERT(field(&resp.head, "Access-Control-Expose-Headers") == NULL);

    char *preflight[] = { "SCRIPT_NAME=/api/status/503",
                          "REQUEST_METHOD=OPTIONS",
                          "HTTP_ORIGIN=https://evil.example",
                          "HTTP_ACCESS_CONTROL_REQUEST_METHOD=PUT", NULL };
    build_env_limits(preflight, &limits);
    ASSERT_INT_EQ(resp.status, 503);
    preflight[2] = "HTTP_ORIGIN=https://app.example";
    build_env_limits(preflight, &limits);
    ASSERT_INT_EQ(resp.status, 204);
    ASSERT_STR_EQ(field(&resp.head, "Access-Control-Allow-Origin"),
                  "https://app.example");

    limits.cors_origins = "none";
    build_env_limits(listed, &limits);
    ASSERT(field(&resp.head, "Access-Control-Allow-Origin") == NULL);
    ASSERT_INT_EQ(field_count(&resp.head, "Vary"), 1);
    build_env_limits(preflight, &limits);
    ASSERT_INT_EQ(resp.status, 503);

    ASSERT(cors_origins_valid(NULL));
    ASSERT(cors_origins_valid("*"));
    ASSERT(cors_origins_valid("https://a.example,http://[::1]:8080"));
    ASSERT(!cors_origins_valid("https://a.example/path"));
    ASSERT(!cors_origins_valid("a.example"));
    ASSERT(!cors_origins_valid("https://*.example"));
    ASSERT(!cors_origins_valid(" , "));
    return 0;
}
