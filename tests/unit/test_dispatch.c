/* test_dispatch.c - validation before anything is built, routes, and
 * what the response owns */
#include "test.h"

#include <stdlib.h>

#include "fixture.h"
#include "status_table.h"

TEST(dispatch_errors_are_problems)
{
    static const char *const bad[] = {
        "abc", "99", "600", "1000", "0404", "+404", "404x", "", "511/x",
        "4040", "-1", "99999999999999999999",
    };
    char path[64];
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        snprintf(path, sizeof(path), "/api/status/%s", bad[i]);
        build("GET", path, NULL);
        char quoted[64];
        snprintf(quoted, sizeof(quoted), "'%s'", bad[i]);
        if (expect_problem(400, quoted) != 0)
            return 1;
    }
    build("GET", "/api/status", NULL);
    if (expect_problem(400, "''") != 0)
        return 1;
    build("GET", "/api/nothing", NULL);
    if (expect_problem(404, "/api/nothing") != 0)
        return 1;
    build("GET", "/api/statuses/200", NULL);
    if (expect_problem(404, "/api/statuses/200") != 0)
        return 1;
    build("POST", "/api/status/200", "CONTENT_LENGTH=1001");
    if (expect_problem(413, "1000 bytes") != 0)
        return 1;
    build("POST", "/api/status/200", "CONTENT_LENGTH=12x");
    if (expect_problem(400, "12x") != 0)
        return 1;
    build("POST", "/api/status/200", "HTTP_TRANSFER_ENCODING=chunked");
    if (expect_problem(411, "send Content-Length") != 0)
        return 1;
    build("GET", "/api/status/200",
          "QUERY_STRING=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
          "aaaaaaaaaaaaaaaaaaaa");
    if (expect_problem(414, "at most 64") != 0)
        return 1;
    /* Unknown names too: a front end that passes an encoded CR on gets the
     * same answer as lighttpd's own refusal. */
    build("GET", "/api/status/301",
          "QUERY_STRING=to=%0D%0ASet-Cookie:%20x=1");
    if (expect_problem(400, "control character (CR, LF, NUL, ...), raw or "
                            "percent-encoded, at byte 4;") != 0)
        return 1;
    build("HEAD", "/api/status/abc", NULL);
    ASSERT_INT_EQ(resp.status, 400);
    ASSERT(!resp.send_body);
    return 0;
}

TEST(dispatch_sleep_and_busy)
{
    build("GET", "/api/status/302", "QUERY_STRING=sleep=1500");
    ASSERT_INT_EQ(resp.status, 302);
    ASSERT_INT_EQ(resp.pacing.delay_ms, 1500);
    yajl_val root = parse_body();
    ASSERT(root != NULL);
    ASSERT_INT_EQ(json_integer(root, "response", "delay_ms"), 1500);
    yajl_tree_free(root);

    build("GET", "/api/status/302", "HTTP_X_HTTPSTATUS_SLEEP=20");
    ASSERT_INT_EQ(resp.pacing.delay_ms, 20);

    build("GET", "/api/status/200", "QUERY_STRING=sleep=5001");
    if (expect_problem(400, "sleep '5001' is not a number of milliseconds "
                            "from 0 to 5000.") != 0)
        return 1;
    ASSERT_INT_EQ(resp.pacing.delay_ms, 0);

    /* No room to hold a delayed response: 503 now, and no delay. */
    sleep_room = 0;
    build("GET", "/api/status/200", "QUERY_STRING=sleep=100");
    sleep_room = 1;
    if (expect_problem(503, "already holds as many delayed responses") != 0)
        return 1;
    ASSERT_STR_EQ(field(&resp.head, "Retry-After"), "1");
    ASSERT_INT_EQ(resp.pacing.delay_ms, 0);

    /* Without a delay, a full worker still answers as asked. */
    sleep_room = 0;
    build("GET", "/api/status/200", NULL);
    sleep_room = 1;
    ASSERT_INT_EQ(resp.status, 200);
    return 0;
}

TEST(dispatch_url_forms_and_formats)
{
    build("GET", "/511/any/path", NULL);
    ASSERT_INT_EQ(resp.status, 511);
    ASSERT_STR_EQ(field(&resp.head, "Content-Type"),
                  "text/plain; charset=utf-8");
    ASSERT_STR_EQ(body_text(), "511 Network Authentication Required");
    ASSERT_STR_EQ(field(&resp.head, "Vary"), "Accept");

    build("GET", "/status/404", "HTTP_ACCEPT=text/html");
    ASSERT_STR_EQ(field(&resp.head, "Content-Type"),
                  "text/html; charset=utf-8");
    ASSERT(strstr(body_text(), "<h1>404 Not Found</h1>") != NULL);
    ASSERT(strstr(body_text(), "<a href=\"/codes/404\">More about 404</a>")
           != NULL);
    build("GET", "/status/299", "HTTP_ACCEPT=text/html");
    ASSERT(strstr(body_text(), "/codes/") == NULL);
    /* The description's quote marks reach the page escaped. */
    build("GET", "/api/status/418", "QUERY_STRING=format=html");
    ASSERT(strstr(body_text(), "&quot;I&#39;m a teapot&quot;") != NULL);

    build("GET", "/random/500-504", "QUERY_STRING=seed=9");
    ASSERT(resp.status >= 500 && resp.status <= 504);
    char expected[64];
    snprintf(expected, sizeof(expected), "%d; by=random; seed=9",
             resp.status);
    ASSERT_STR_EQ(field(&resp.head, "X-HttpStatus-Choice"), expected);
    return 0;
}

/* The response keeps copies of all it took from the request, which is gone
 * once the exchange has built the response. */
TEST(dispatch_response_outlives_its_request)
{
    build("GET", "/api/status/302", "HTTP_X_REQUEST_ID=trace-7");
    ASSERT_STR_EQ(field(&resp.head, "X-Request-Id"), "trace-7");
    memset(fixture_request.id, 'x', sizeof(fixture_request.id) - 1);
    memset(fixture_request.path, 'x', sizeof(fixture_request.path) - 1);
    ASSERT_STR_EQ(field(&resp.head, "X-Request-Id"), "trace-7");
    ASSERT_STR_EQ(field(&resp.head, "Location"), "/api/status/200");
    return 0;
}

/* Query names in any case and percent-encoded values, for sleep as for
 * every other control. */
TEST(dispatch_reads_sleep_like_every_control)
{
    build("GET", "/api/status/200", "QUERY_STRING=SLEEP=100");
    ASSERT_INT_EQ(resp.status, 200);
    ASSERT_INT_EQ(resp.pacing.delay_ms, 100);
    build("GET", "/api/status/200", "QUERY_STRING=Sleep=7");
    ASSERT_INT_EQ(resp.pacing.delay_ms, 7);
    build("GET", "/api/status/200", "QUERY_STRING=sleep=%31%30%30");
    ASSERT_INT_EQ(resp.status, 200);
    ASSERT_INT_EQ(resp.pacing.delay_ms, 100);
    build("GET", "/api/status/200",
          "QUERY_STRING=sleepAfterHeaders=%31%30%30");
    ASSERT_INT_EQ(resp.pacing.after_head_ms, 100);
    return 0;
}

/* envelope=true: a 200 whose body gives an account of the response. */
TEST(dispatch_envelope_accounts_for_the_response)
{
    build("GET", "/api/status/301",
          "QUERY_STRING=envelope=true&sleep=10&abort=after_headers");
    ASSERT_INT_EQ(resp.status, 200);
    ASSERT_INT_EQ(resp.pacing.delay_ms, 10);
    ASSERT_INT_EQ(resp.pacing.abort_at, ABORT_NONE);
    yajl_val root = parse_body();
    ASSERT(root != NULL);
    ASSERT_INT_EQ(json_integer(root, "status", NULL), 301);
    yajl_tree_free(root);
    ASSERT(strstr(body_text(), "[\"Location\",\"/api/status/200\"]"));
    ASSERT_INT_EQ(field_count(&resp.head, "Access-Control-Allow-Origin"), 1);
    ASSERT(field(&resp.head, "Location") == NULL);
    return 0;
}

/* Whether the test a row of SECURITY.md names ("tests/unit/test_x.c:
 * name" or "tests/integration/x.bats: title") exists. */
static int names_a_test(const char *cell, size_t len)
{
    char reference[512], pattern[512];
    if (len >= sizeof(reference))
        return 0;
    memcpy(reference, cell, len);
    reference[len] = '\0';
    char *colon = strstr(reference, ": ");
    if (!colon)
        return 0;
    *colon = '\0';
    const char *name = colon + 2;
    if (strstr(reference, ".bats"))
        snprintf(pattern, sizeof(pattern), "@test \"%s\" {", name);
    else
        snprintf(pattern, sizeof(pattern), "TEST(%s)", name);
    char *text = read_source_file(reference);
    int found = text && strstr(text, pattern) != NULL;
    free(text);
    return found;
}

/* SECURITY.md promises a test per row: each must name one that exists. */
TEST(dispatch_security_rows_name_real_tests)
{
    char *doc = read_source_file("SECURITY.md");
    ASSERT(doc != NULL);
    size_t rows = 0;
    int missing = 0;
    for (char *line = doc; line && *line; line = strchr(line, '\n')) {
        line += *line == '\n';
        char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        const char *cell = NULL;
        /* The last cell of a row, when it names a test file. */
        for (size_t i = 0; i + 6 < len; i++)
            if (strncmp(line + i, "| tests/", 8) == 0)
                cell = line + i + 2;
        if (!cell)
            continue;
        size_t cell_len = (size_t)(line + len - cell);
        while (cell_len && (cell[cell_len - 1] == '|' ||
                            cell[cell_len - 1] == ' '))
            cell_len--;
        rows++;
        if (!names_a_test(cell, cell_len)) {
            printf("# SECURITY.md names no test: %.*s\n", (int)cell_len,
                   cell);
            missing = 1;
        }
    }
    free(doc);
    ASSERT(!missing);
    ASSERT(rows >= 25);
    return 0;
}
