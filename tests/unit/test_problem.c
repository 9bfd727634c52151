/* test_problem.c - refusals as RFC 9457 problems, and the last resort */
#include "test.h"

#include "fixture.h"
#include "problem.h"

TEST(problem_bodies_are_exact)
{
    static struct response r;
    build("GET", "/api/health", "HTTP_X_REQUEST_ID=req-1");
    problem_respond(&r, &fixture_request, 409, "a fresh start",
                    "Conflict number %d: \"%s\".", 7, "x");
    ASSERT_INT_EQ(r.status, 409);
    ASSERT_INT_EQ(r.body_len, strlen(
        "{\"type\":\"about:blank\",\"title\":\"Conflict\",\"status\":409,"
        "\"detail\":\"Conflict number 7: \\\"x\\\".\",\"accepted\":"
        "\"a fresh start\",\"request_id\":\"req-1\"}"));
    ASSERT(memcmp(r.body,
                  "{\"type\":\"about:blank\",\"title\":\"Conflict\","
                  "\"status\":409,\"detail\":\"Conflict number 7: "
                  "\\\"x\\\".\",\"accepted\":\"a fresh start\","
                  "\"request_id\":\"req-1\"}", r.body_len) == 0);
    ASSERT_STR_EQ(response_field(&r.head, "Content-Type"),
                  "application/problem+json");
    ASSERT_STR_EQ(response_field(&r.head, "X-Request-Id"), "req-1");
    ASSERT(r.send_body);

    problem_unavailable(&r, &fixture_request);
    ASSERT_INT_EQ(r.status, 500);
    ASSERT(strstr(r.body, "could not be generated") != NULL);
    ASSERT_STR_EQ(response_field(&r.head, "Content-Type"),
                  "application/problem+json");
    return 0;
}
