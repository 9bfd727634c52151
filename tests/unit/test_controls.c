/* test_controls.c - code lists, random choice, controls and negotiation */
#include "test.h"

#include "choice.h"
#include "controls.h"

static int parse(struct choice *choice, const char *text, char *error)
{
    return choice_parse(choice, text, strlen(text), error, 160);
}

TEST(choice_parses_codes_lists_ranges_and_weights)
{
    static struct choice choice;
    char error[160];

    ASSERT_INT_EQ(parse(&choice, "503", error), 0);
    ASSERT_INT_EQ(choice.kind, CHOICE_FIXED);
    ASSERT_INT_EQ(choice_pick(&choice, 12345), 503);

    ASSERT_INT_EQ(parse(&choice, "200,201,500-504", error), 0);
    ASSERT_INT_EQ(choice.kind, CHOICE_RANDOM);
    ASSERT_INT_EQ(choice.count, 3);
    ASSERT(choice.total == 7.0);

    ASSERT_INT_EQ(parse(&choice, "200:0.9,500:0.1", error), 0);
    ASSERT_INT_EQ(choice.kind, CHOICE_WEIGHTED);
    ASSERT(choice.total > 0.999 && choice.total < 1.001);

    /* A range over every code is one item, not five hundred. */
    ASSERT_INT_EQ(parse(&choice, "100-599", error), 0);
    ASSERT_INT_EQ(choice.count, 1);
    ASSERT(choice.total == 500.0);
    return 0;
}

TEST(choice_refuses_bad_lists)
{
    static struct choice choice;
    char error[160];
    static const struct {
        const char *text, *error;
    } bad[] = {
        { "", "no status code was given." },
        { "200,", "the list has an empty item." },
        { "200,,500", "the list has an empty item." },
        { "200,1000", "'1000' is not a status code from 100 to 599." },
        { "99-200", "'99' is not a status code from 100 to 599." },
        { "504-500", "range '504-500' runs downwards." },
        { "200:0", "weight '0' must be greater than 0." },
        { "200:0,500:0", "weight '0' must be greater than 0." },
        { "200:-1", "weight '-1' must be greater than 0." },
        { "200:abc", "weight 'abc' is not a decimal number." },
        { "200:inf", "weight 'inf' is not a decimal number." },
        { "200:1e9", "weight '1e9' is not a decimal number." },
        { "200:", "weight '' is not a decimal number." },
        { "0-2000000000", "'0' is not a status code from 100 to 599." },
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        ASSERT_INT_EQ(parse(&choice, bad[i].text, error), -1);
        ASSERT_STR_EQ(error, bad[i].error);
    }

    char many[CHOICE_MAX_ITEMS * 4 + 8] = "";
    for (int i = 0; i <= CHOICE_MAX_ITEMS; i++)
        strcat(many, i ? ",200" : "200");
    ASSERT_INT_EQ(parse(&choice, many, error), -1);
    ASSERT_STR_EQ(error, "a list holds at most 64 items.");
    return 0;
}

TEST(choice_distribution_follows_the_weights)
{
    static struct choice choice;
    char error[160];
    int counts[600] = { 0 };
    const int draws = 100000;

    ASSERT_INT_EQ(parse(&choice, "200:0.9,500:0.1", error), 0);
    for (int i = 0; i < draws; i++)
        counts[choice_pick(&choice, mix64((uint64_t)i))]++;
    ASSERT_INT_EQ(counts[200] + counts[500], draws);
    ASSERT(counts[500] > draws / 10 - 1000 && counts[500] < draws / 10 + 1000);

    /* Duplicates weigh more; a range spreads evenly over its codes. */
    memset(counts, 0, sizeof(counts));
    ASSERT_INT_EQ(parse(&choice, "200,200,500-501", error), 0);
    for (int i = 0; i < draws; i++)
        counts[choice_pick(&choice, mix64((uint64_t)i))]++;
    ASSERT(counts[200] > draws / 2 - 1500 && counts[200] < draws / 2 + 1500);
    ASSERT(counts[500] > draws / 4 - 1500 && counts[500] < draws / 4 + 1500);
    ASSERT_INT_EQ(counts[200] + counts[500] + counts[501], draws);

    /* The extremes of the random value stay inside the list. */
    ASSERT_INT_EQ(choice_pick(&choice, 0), 200);
    ASSERT_INT_EQ(choice_pick(&choice, UINT64_MAX), 501);
    /* Seeds, small consecutive numbers as people pick them, still spread
     * over the whole list. */
    memset(counts, 0, sizeof(counts));
    for (uint64_t seed = 0; seed < 300; seed++)
        counts[choice_pick(&choice, choice_seeded(seed))]++;
    ASSERT(counts[200] > 100 && counts[500] > 40 && counts[501] > 40);
    return 0;
}

TEST(controls_negotiate_accept)
{
    static const struct {
        const char *accept;
        enum body_format fallback, expected;
    } cases[] = {
        { NULL, FORMAT_JSON, FORMAT_JSON },
        { NULL, FORMAT_TEXT, FORMAT_TEXT },
        { "*/*", FORMAT_TEXT, FORMAT_TEXT },
        { "application/json", FORMAT_TEXT, FORMAT_JSON },
        { "application/json;q=0.9", FORMAT_TEXT, FORMAT_JSON },
        { "text/plain", FORMAT_JSON, FORMAT_TEXT },
        { "text/html", FORMAT_JSON, FORMAT_HTML },
        { "text/*", FORMAT_JSON, FORMAT_TEXT },
        { "application/*", FORMAT_TEXT, FORMAT_JSON },
        { "text/plain;q=0.5, application/json;q=0.8", FORMAT_TEXT,
          FORMAT_JSON },
        { "text/html,application/xhtml+xml,application/xml;q=0.9,"
          "*/*;q=0.8", FORMAT_JSON, FORMAT_HTML },
        { "application/json;q=0, */*", FORMAT_JSON, FORMAT_TEXT },
        { "TEXT/PLAIN", FORMAT_JSON, FORMAT_TEXT },
        { "image/png", FORMAT_JSON, FORMAT_JSON },
        { "text/plain;q=0", FORMAT_TEXT, FORMAT_TEXT },
        { " text/html ; q=0.2 , text/plain ; q=0.3", FORMAT_JSON,
          FORMAT_TEXT },
        { "garbage, ;;;, /", FORMAT_JSON, FORMAT_JSON },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        if (controls_negotiate(cases[i].accept, cases[i].fallback) !=
            cases[i].expected)
            printf("# case %zu: %s\n", i, cases[i].accept);
        ASSERT_INT_EQ(controls_negotiate(cases[i].accept, cases[i].fallback),
                      cases[i].expected);
    }
    return 0;
}

TEST(controls_etag_comparison_is_weak)
{
    ASSERT(controls_etag_matches("\"v1\"", "\"v1\""));
    ASSERT(controls_etag_matches("W/\"v1\"", "\"v1\""));
    ASSERT(controls_etag_matches("\"v1\"", "W/\"v1\""));
    ASSERT(controls_etag_matches("\"a\", \"v1\"", "\"v1\""));
    ASSERT(controls_etag_matches("*", "\"v1\""));
    ASSERT(!controls_etag_matches("\"v2\"", "\"v1\""));
    ASSERT(!controls_etag_matches("v1", "\"v1\""));
    ASSERT(!controls_etag_matches("", "\"v1\""));
    return 0;
}

static const struct request_limits limits = { 4096, 1000, 5000,
                                               "https://allowed.example" };

/* Parses the controls of a request with this query and headers. */
static int controls_of(struct sim_controls *c, const char *query,
                       char *header_a, char *header_b)
{
    static char query_env[4200];
    static struct sim_request req;
    snprintf(query_env, sizeof(query_env), "QUERY_STRING=%s", query);
    char *env[] = { query_env, "HTTP_HOST=sim.example:8080", header_a,
                    header_b, NULL };
    request_from_env(&req, env);
    return controls_parse(c, &req, &limits);
}

TEST(controls_read_query_and_headers)
{
    static struct sim_controls c;
    ASSERT_INT_EQ(controls_of(&c, "seed=42&suppressBody=true&format=text&"
                                  "sleep_after_headers=20&dribble=true&"
                                  "abort=during_body&cache=max-age%3D60&"
                                  "etag=v1&header=X-Rate-Limit:5",
                              NULL, NULL), 0);
    ASSERT_INT_EQ(c.has_seed, 1);
    ASSERT_INT_EQ(c.seed, 42);
    ASSERT_INT_EQ(c.suppress_body, 1);
    ASSERT_INT_EQ(c.format, FORMAT_TEXT);
    ASSERT_INT_EQ(c.sleep_after_headers_ms, 20);
    ASSERT_INT_EQ(c.dribble_ms, 1000);
    ASSERT_INT_EQ(c.abort_at, ABORT_DURING_BODY);
    ASSERT_STR_EQ(controls_field(&c, "Cache-Control"), "max-age=60");
    ASSERT_STR_EQ(controls_field(&c, "etag"), "\"v1\"");
    ASSERT_STR_EQ(controls_field(&c, "X-Rate-Limit"), "5");

    /* httpstat.us's header spellings; the query wins over a header. */
    ASSERT_INT_EQ(controls_of(&c, "suppress_body=false",
                              "HTTP_X_HTTPSTATUS_SUPPRESSBODY=true",
                              "HTTP_X_HTTPSTATUS_ABORTAFTERHEADERS=true"), 0);
    ASSERT_INT_EQ(c.suppress_body, 0);
    ASSERT_INT_EQ(c.abort_at, ABORT_AFTER_HEADERS);

    /* Custom fields by header: the name comes back in the usual case, a
     * known field in its own spelling. */
    ASSERT_INT_EQ(controls_of(&c, "",
                              "HTTP_X_HTTPSTATUS_RESPONSE_X_TRACE_ID=abc",
                              "HTTP_X_HTTPSTATUS_RESPONSE_WWW_AUTHENTICATE="
                              "Bearer"), 0);
    ASSERT_STR_EQ(c.fields[0].name, "X-Trace-Id");
    ASSERT_STR_EQ(c.fields[1].name, "WWW-Authenticate");
    ASSERT_STR_EQ(c.fields[1].value, "Bearer");
    return 0;
}

TEST(controls_location_stays_on_allowed_origins)
{
    static struct sim_controls c;
    static const char *const allowed[] = {
        "location=/elsewhere", "location=http://sim.example:8080/x",
        "location=HTTPS://allowed.example/path?q=1",
        "location=https://allowed.example",
    };
    for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
        ASSERT_INT_EQ(controls_of(&c, allowed[i], NULL, NULL), 0);

    static const struct {
        const char *query;
        int status;
    } refused[] = {
        { "location=https://evil.example/", 403 },
        { "location=https://allowed.example.evil.example/", 403 },
        { "location=https://allowed.example@evil.example/", 403 },
        { "location=http://sim.example/", 403 },
        { "location=//evil.example/", 400 },
        { "location=/%5Cevil.example", 400 },
        { "location=javascript:alert(1)", 400 },
        { "location=relative", 400 },
    };
    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        ASSERT_INT_EQ(controls_of(&c, refused[i].query, NULL, NULL), -1);
        ASSERT_INT_EQ(c.error_status, refused[i].status);
    }
    ASSERT_INT_EQ(controls_of(&c, "",
                              "HTTP_X_HTTPSTATUS_RESPONSE_LOCATION="
                              "https://evil.example/", NULL), -1);
    ASSERT_INT_EQ(c.error_status, 403);
    return 0;
}

TEST(controls_refuse_bad_input)
{
    static struct sim_controls c;
    static const struct {
        const char *query, *error;
    } bad[] = {
        { "seed=abc", "seed 'abc' is not a whole number from 0 to 2^63-1." },
        { "seed=9223372036854775808",
          "seed '9223372036854775808' is not a whole number from 0 to "
          "2^63-1." },
        { "suppressBody=yes",
          "suppressBody 'yes' is neither true nor false." },
        { "sleepAfterHeaders=5001",
          "sleepAfterHeaders '5001' is not a number of milliseconds from 0 "
          "to 5000." },
        { "dribble=fast",
          "dribbleBody 'fast' is not a number of milliseconds from 0 to "
          "5000." },
        { "abort=later", "abort 'later' is not a point to abort at." },
        { "format=xml", "format 'xml' is not json, text or html." },
        { "header=NoColon", "header 'NoColon' has no ':' between name and "
                            "value." },
        { "header=X-A:1%0d%0aX-B:2",
          "The value for X-A holds a control character or a byte outside "
          "ASCII." },
        { "header=X-A:%00", "The value of header holds a NUL byte." },
        { "header=Bad%20Name:1", "'Bad Name' is not a header field name." },
        { "header=Content-Length:5",
          "The Content-Length field cannot be set: the web server and the "
          "simulator decide it." },
        { "header=transfer-encoding:chunked",
          "The transfer-encoding field cannot be set: the web server and "
          "the simulator decide it." },
        { "header=Content-Type:text/html",
          "The Content-Type field cannot be set: the web server and the "
          "simulator decide it." },
        { "header=X-A:%zz", "The value of header has a broken %-escape." },
        { "retry_after=soon",
          "Retry-After 'soon' is neither seconds nor an HTTP-date." },
        { "allow=GET;POST", "Allow 'GET;POST' is not a list of methods." },
        { "cache=max-age=60;x", "Cache-Control 'max-age=60;x' is not a list "
                                "of directives." },
        { "etag=a\"b", "ETag 'a\"b' is not an entity tag." },
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        ASSERT_INT_EQ(controls_of(&c, bad[i].query, NULL, NULL), -1);
        ASSERT_INT_EQ(c.error_status, 400);
        ASSERT_STR_EQ(c.error, bad[i].error);
    }

    /* Every name in the refused list, by header too. */
    ASSERT_INT_EQ(controls_of(&c, "", "HTTP_X_HTTPSTATUS_RESPONSE_STATUS=200",
                              NULL), -1);
    ASSERT_INT_EQ(c.error_status, 400);
    ASSERT_INT_EQ(controls_of(&c, "retry_after=Sun, 06 Nov 1994 08:49:37 GMT",
                              NULL, NULL), 0);

    /* Count and size are bounded. */
    char many[4096] = "";
    for (int i = 0; i <= CONTROLS_MAX_FIELDS; i++)
        snprintf(many + strlen(many), sizeof(many) - strlen(many),
                 "%sheader=X-N%d:v", i ? "&" : "", i);
    ASSERT_INT_EQ(controls_of(&c, many, NULL, NULL), -1);
    ASSERT_STR_EQ(c.error, "At most 16 response fields can be set.");
    return 0;
}
