/* test_controls.c - controls from the query and the headers, and the
 * lists kept beside the controls table */
#include "test.h"

#include <stdlib.h>
#include <strings.h>
#include <yajl/yajl_tree.h>

#include "controls.h"
#include "fixture.h"

static struct request_limits limits = {
    .max_query_bytes = 4096, .max_body_bytes = 1000, .max_sleep_ms = 5000,
    .redirect_origins = "https://allowed.example",
};

/* Parses the controls of a request with this query and headers, which
 * came in on 192.0.2.1:8080 and names sim.example:8080 as its Host. */
static int controls_of(struct sim_controls *c, const char *query,
                       char *header_a, char *header_b)
{
    static char query_env[4200];
    static struct sim_request req;
    snprintf(query_env, sizeof(query_env), "QUERY_STRING=%s", query);
    char *env[] = { query_env, "HTTP_HOST=sim.example:8080",
                    "SERVER_ADDR=192.0.2.1", "SERVER_PORT=8080", header_a,
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
    ASSERT_INT_EQ(c.pacing.after_head_ms, 20);
    ASSERT_INT_EQ(c.pacing.dribble_ms, 1000);
    ASSERT_INT_EQ(c.pacing.abort_at, ABORT_DURING_BODY);
    ASSERT_STR_EQ(controls_field(&c, "Cache-Control"), "max-age=60");
    ASSERT_STR_EQ(controls_field(&c, "etag"), "\"v1\"");
    ASSERT_STR_EQ(controls_field(&c, "X-Rate-Limit"), "5");

    /* httpstat.us's header spellings; the query wins over a header. */
    ASSERT_INT_EQ(controls_of(&c, "suppress_body=false",
                              "HTTP_X_HTTPSTATUS_SUPPRESSBODY=true",
                              "HTTP_X_HTTPSTATUS_ABORTAFTERHEADERS=true"), 0);
    ASSERT_INT_EQ(c.suppress_body, 0);
    ASSERT_INT_EQ(c.pacing.abort_at, ABORT_AFTER_HEADERS);

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
        "location=/elsewhere", "location=http://192.0.2.1:8080/x",
        "location=HTTPS://allowed.example/path?q=1",
        "location=https://allowed.example",
        /* References relative to the request's own URL (RFC 3986 Section
         * 4.2): httpstat.us's own test sends example.com. */
        "location=relative", "location=example.com", "location=../up",
        "location=?page=2", "location=%23top", "location=a/b:c",
        "location=caf%25C3%25A9",
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
        /* Host is the client's word: it names no origin of ours. */
        { "location=http://sim.example:8080/x", 403 },
        { "location=http://192.0.2.1/x", 403 },
        { "location=//evil.example/", 400 },
        { "location=/%5Cevil.example", 400 },
        { "location=javascript:alert(1)", 400 },
        { "location=mailto:a@b.example", 400 },
        { "location=a%20b", 400 },
        { "location=", 400 },
        { "location=%22quoted%22", 400 },
        { "location=a%25zz", 400 },
    };
    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        ASSERT_INT_EQ(controls_of(&c, refused[i].query, NULL, NULL), -1);
        ASSERT_INT_EQ(c.error_status, refused[i].status);
    }
    ASSERT_INT_EQ(controls_of(&c, "",
                              "HTTP_X_HTTPSTATUS_RESPONSE_LOCATION="
                              "https://evil.example/", NULL), -1);
    ASSERT_INT_EQ(c.error_status, 403);
    ASSERT_INT_EQ(controls_of(&c, "",
                              "HTTP_X_HTTPSTATUS_RESPONSE_LOCATION="
                              "example.com", NULL), 0);
    ASSERT_STR_EQ(controls_field(&c, "Location"), "example.com");
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

/* sleep is a control like every other: any case, percent-decoded, from
 * the query or X-HttpStatus-Sleep, the query winning. */
TEST(controls_read_sleep_like_every_control)
{
    static struct sim_controls c;
    static const struct {
        const char *query;
        char *header;
        int ok;
        uint64_t ms;
    } cases[] = {
        { "", NULL, 1, 0 },
        { "sleep=0", NULL, 1, 0 },
        { "sleep=250", NULL, 1, 250 },
        { "sleep=5000", NULL, 1, 5000 },
        { "SLEEP=120", NULL, 1, 120 },
        { "Sleep=130", NULL, 1, 130 },
        { "sleep=%31%30%30", NULL, 1, 100 },
        { "sleep=5001", NULL, 0, 0 },
        { "sleep=99999999999999999999999", NULL, 0, 0 },
        { "sleep=-1", NULL, 0, 0 },
        { "sleep=1.5", NULL, 0, 0 },
        { "sleep=", NULL, 0, 0 },
        { "", "HTTP_X_HTTPSTATUS_SLEEP=120", 1, 120 },
        { "", "HTTP_X_HTTPSTATUS_SLEEP=soon", 0, 0 },
        { "sleep=30", "HTTP_X_HTTPSTATUS_SLEEP=4000", 1, 30 },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int rc = controls_of(&c, cases[i].query, cases[i].header, NULL);
        if (rc != (cases[i].ok ? 0 : -1))
            printf("# case %zu: %s\n", i, cases[i].query);
        ASSERT_INT_EQ(rc, cases[i].ok ? 0 : -1);
        if (cases[i].ok)
            ASSERT_INT_EQ(c.pacing.delay_ms, cases[i].ms);
        else {
            ASSERT_INT_EQ(c.error_status, 400);
            ASSERT_STR_EQ(c.accepted, "sleep=MS or X-HttpStatus-Sleep: MS, "
                                      "a whole number of milliseconds, or a "
                                      "range LOW-HIGH of them");
        }
    }
    controls_of(&c, "sleep=5001", NULL, NULL);
    ASSERT_STR_EQ(c.error, "sleep '5001' is not a number of milliseconds "
                           "from 0 to 5000.");
    controls_of(&c, "sleep=0", NULL, NULL);
    ASSERT(!pacing_holds_a_place(&c.pacing));
    controls_of(&c, "sleep=1", NULL, NULL);
    ASSERT(pacing_holds_a_place(&c.pacing));
    controls_of(&c, "abort=after_headers", NULL, NULL);
    ASSERT(pacing_holds_a_place(&c.pacing));
    controls_of(&c, "abort=before_headers", NULL, NULL);
    ASSERT(!pacing_holds_a_place(&c.pacing));
    return 0;
}

/* The text of README's table of controls: from its heading row to the
 * first line that is not a table row. */
static char *readme_controls(void)
{
    char *readme = read_source_file("README.md");
    if (!readme)
        return NULL;
    char *start = strstr(readme, "| query | header | effect |");
    char *end = start ? strstr(start, "\n\n") : NULL;
    if (!end) {
        free(readme);
        return NULL;
    }
    memmove(readme, start, (size_t)(end - start));
    readme[end - start] = '\0';
    return readme;
}

/* Whether text holds name, without regard to case. */
static int mentions(const char *text, const char *name)
{
    size_t len = strlen(name);
    for (; *text; text++)
        if (strncasecmp(text, name, len) == 0)
            return 1;
    return 0;
}

TEST(controls_table_matches_readme)
{
    char *table = readme_controls();
    ASSERT(table != NULL);
    const char *query, *alias, *header;
    char spelled[96];
    int missing = 0;
    for (size_t i = 0; controls_table_at(i, &query, &alias, &header) == 0;
         i++) {
        const char *names[] = { query, alias };
        for (size_t n = 0; n < 2; n++) {
            if (!names[n])
                continue;
            snprintf(spelled, sizeof(spelled), "`%s=", names[n]);
            if (!strstr(table, spelled)) {
                printf("# README lacks %s=\n", names[n]);
                missing = 1;
            }
        }
        /* The environment's HTTP_X_HTTPSTATUS_SUPPRESSBODY is README's
         * X-HttpStatus-SuppressBody: the same letters in another case. */
        snprintf(spelled, sizeof(spelled), "X-HttpStatus-%s",
                 header ? header : "");
        if (header && !mentions(table, spelled)) {
            printf("# README lacks %s\n", spelled);
            missing = 1;
        }
    }
    /* And every query parameter README names is one of the table's. */
    for (const char *p = table; (p = strchr(p, '`')); p++) {
        size_t len = strspn(p + 1, "abcdefghijklmnopqrstuvwxyz"
                                   "ABCDEFGHIJKLMNOPQRSTUVWXYZ_");
        if (len == 0 || p[1 + len] != '=')
            continue;
        int known = 0;
        for (size_t i = 0;
             controls_table_at(i, &query, &alias, &header) == 0; i++)
            known |= (query && strlen(query) == len &&
                      strncmp(query, p + 1, len) == 0) ||
                     (alias && strlen(alias) == len &&
                      strncmp(alias, p + 1, len) == 0);
        if (!known) {
            printf("# README names %.*s=, which is no control\n", (int)len,
                   p + 1);
            missing = 1;
        }
    }
    free(table);
    ASSERT(!missing);
    return 0;
}

/* Every control's query spelling is a parameter of the OpenAPI document,
 * and every query parameter there is a control. */
TEST(controls_table_matches_openapi)
{
    yajl_val root = read_source_json("fcgi-app/core/openapi.json");
    ASSERT(root != NULL);
    const char *at[] = { "components", "parameters", NULL };
    yajl_val parameters = yajl_tree_get(root, at, yajl_t_object);
    ASSERT(parameters != NULL);

    size_t documented = 0, controls = 0;
    int missing = 0;
    const char *query, *alias, *header;
    for (size_t i = 0; i < YAJL_GET_OBJECT(parameters)->len; i++) {
        yajl_val p = YAJL_GET_OBJECT(parameters)->values[i];
        const char *in[] = { "in", NULL }, *name[] = { "name", NULL };
        const char *where = YAJL_GET_STRING(
            yajl_tree_get(p, in, yajl_t_string));
        const char *called = YAJL_GET_STRING(
            yajl_tree_get(p, name, yajl_t_string));
        if (!where || !called || strcmp(where, "query") != 0)
            continue;
        documented++;
        int known = 0;
        for (size_t c = 0;
             controls_table_at(c, &query, &alias, &header) == 0; c++)
            known |= query && strcmp(query, called) == 0;
        if (!known) {
            printf("# openapi.json has %s, which is no control\n", called);
            missing = 1;
        }
    }
    for (size_t c = 0; controls_table_at(c, &query, &alias, &header) == 0;
         c++)
        controls += query != NULL;
    yajl_tree_free(root);
    ASSERT(!missing);
    ASSERT_INT_EQ(documented, controls);
    return 0;
}

/* The operator names the simulator's origin; then the address the request
 * came in on is not it. */
TEST(controls_own_origin_comes_from_configuration)
{
    static struct sim_controls c;
    limits.origin = "https://status.example";
    int own = controls_of(&c, "location=https://status.example/a", NULL,
                          NULL);
    int address = controls_of(&c, "location=http://192.0.2.1:8080/a", NULL,
                              NULL);
    limits.origin = NULL;
    ASSERT_INT_EQ(own, 0);
    ASSERT_INT_EQ(address, -1);
    ASSERT_INT_EQ(c.error_status, 403);

    char *v6[] = { "SERVER_ADDR=::1", "SERVER_PORT=80", "HTTPS=off",
                   "QUERY_STRING=location=http://[::1]/x", NULL };
    static struct sim_request req;
    request_from_env(&req, v6);
    ASSERT_INT_EQ(controls_parse(&c, &req, &limits), 0);
    return 0;
}

/* Fields that would plant state in a browser are refused; those that
 * send it elsewhere pass the Location policy. */
TEST(controls_refuse_fields_that_plant_state_or_redirect)
{
    static struct sim_controls c;
    static const struct {
        const char *query;
        int status;
        const char *error;
    } refused[] = {
        { "header=Set-Cookie:a=b", 403, "The Set-Cookie field cannot be set: "
          "it would plant state in a browser on this server's behalf." },
        { "header=set-cookie2:a=b", 403, NULL },
        { "header=Strict-Transport-Security:max-age=9", 403, NULL },
        { "header=Clear-Site-Data:%22cookies%22", 403, NULL },
        { "header=Content-Security-Policy-Report-Only:x", 403, NULL },
        { "header=Content-Disposition:attachment", 403, NULL },
        { "header=Cross-Origin-Opener-Policy:same-origin", 403, NULL },
        { "header=Alt-Svc:h3=%22:443%22", 403, NULL },
        { "header=Refresh:0;url=https://evil.example/", 403,
          "Refresh 'https://evil.example/' points at another origin, which "
          "this server does not redirect to." },
        { "header=Refresh:0; URL='//evil.example/'", 400, NULL },
        { "header=Refresh:soon", 400,
          "Refresh 'soon' does not start with a delay." },
        { "header=Link:<https://evil.example/x.js>; rel=preload", 403,
          "Link 'https://evil.example/x.js' points at another origin, "
          "which this server does not redirect to." },
        { "header=Link:</a>; rel=next, <//evil.example/>; rel=preload",
          400, NULL },
        { "header=Link:no brackets", 400,
          "Link 'no brackets' is not a list of <URI> references." },
    };
    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        if (controls_of(&c, refused[i].query, NULL, NULL) != -1)
            printf("# %s\n", refused[i].query);
        ASSERT_INT_EQ(controls_of(&c, refused[i].query, NULL, NULL), -1);
        ASSERT_INT_EQ(c.error_status, refused[i].status);
        if (refused[i].error)
            ASSERT_STR_EQ(c.error, refused[i].error);
    }
    ASSERT_INT_EQ(controls_of(&c, "", "HTTP_X_HTTPSTATUS_RESPONSE_SET_COOKIE="
                                      "a=b", NULL), -1);
    ASSERT_INT_EQ(c.error_status, 403);

    static const char *const allowed[] = {
        "header=Refresh:5", "header=Refresh:0; URL='/next'",
        "header=Refresh:0;url=https://allowed.example/",
        "header=Link:</style.css>; rel=preload; as=style, "
        "<https://allowed.example/a>; rel=%22next, x%22",
        "header=X-Frame-Options:DENY",
    };
    for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++) {
        if (controls_of(&c, allowed[i], NULL, NULL) != 0)
            printf("# %s: %s\n", allowed[i], c.error);
        ASSERT_INT_EQ(controls_of(&c, allowed[i], NULL, NULL), 0);
    }
    ASSERT_STR_EQ(controls_field(&c, "X-Frame-Options"), "DENY");
    return 0;
}

TEST(controls_refuse_too_many_headers)
{
    static struct sim_controls c;
    static char entries[REQUEST_MAX_CONTROLS + 1][40];
    char *env[REQUEST_MAX_CONTROLS + 2];
    for (int i = 0; i <= REQUEST_MAX_CONTROLS; i++) {
        snprintf(entries[i], sizeof(entries[i]), "HTTP_X_HTTPSTATUS_X%d=1",
                 i);
        env[i] = entries[i];
    }
    env[REQUEST_MAX_CONTROLS + 1] = NULL;
    static struct sim_request req;
    request_from_env(&req, env);
    ASSERT_INT_EQ(controls_parse(&c, &req, &limits), -1);
    ASSERT_INT_EQ(c.error_status, 400);
    ASSERT_STR_EQ(c.error, "More than 32 X-HttpStatus-* headers were sent.");
    /* One fewer is fine: unknown ones are ignored, as httpstat.us does. */
    env[REQUEST_MAX_CONTROLS] = NULL;
    request_from_env(&req, env);
    ASSERT_INT_EQ(controls_parse(&c, &req, &limits), 0);
    return 0;
}
