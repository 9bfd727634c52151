/* test_cors.c - CORS fields on every response, and preflights */
#include "test.h"

#include <stdlib.h>

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
