/* test_front_end.c - which web server is in front, and what it relays */
#include "test.h"

#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "front_end.h"

TEST(front_end_names_and_detection)
{
    static const enum front_end all[] = {
        FRONT_END_AUTO, FRONT_END_LIGHTTPD, FRONT_END_APACHE,
        FRONT_END_NGINX, FRONT_END_GENERIC,
    };
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        enum front_end parsed = FRONT_END_AUTO;
        ASSERT_INT_EQ(front_end_parse(front_end_name(all[i]), &parsed), 0);
        ASSERT_INT_EQ(parsed, all[i]);
    }
    enum front_end parsed = FRONT_END_GENERIC;
    ASSERT_INT_EQ(front_end_parse("NGINX", &parsed), 0);
    ASSERT_INT_EQ(parsed, FRONT_END_NGINX);
    ASSERT_INT_EQ(front_end_parse("caddy", &parsed), -1);
    ASSERT_INT_EQ(front_end_parse("", &parsed), -1);

    ASSERT_INT_EQ(front_end_of(FRONT_END_AUTO, "lighttpd/1.4.69"),
                  FRONT_END_LIGHTTPD);
    ASSERT_INT_EQ(front_end_of(FRONT_END_AUTO, "Apache/2.4.62 (Debian)"),
                  FRONT_END_APACHE);
    ASSERT_INT_EQ(front_end_of(FRONT_END_AUTO, "nginx/1.22.1"),
                  FRONT_END_NGINX);
    ASSERT_INT_EQ(front_end_of(FRONT_END_AUTO, "Caddy"), FRONT_END_GENERIC);
    ASSERT_INT_EQ(front_end_of(FRONT_END_AUTO, NULL), FRONT_END_GENERIC);
    /* A configured front end wins over what the request says. */
    ASSERT_INT_EQ(front_end_of(FRONT_END_LIGHTTPD, "nginx/1.22.1"),
                  FRONT_END_LIGHTTPD);
    ASSERT_INT_EQ(front_end_of(FRONT_END_GENERIC, "lighttpd/1.4.69"),
                  FRONT_END_GENERIC);

    ASSERT(front_end_interim_refusal(FRONT_END_LIGHTTPD) == NULL);
    ASSERT(front_end_interim_refusal(FRONT_END_APACHE) != NULL);
    ASSERT(front_end_interim_refusal(FRONT_END_NGINX) != NULL);
    ASSERT(front_end_interim_refusal(FRONT_END_GENERIC) != NULL);
    return 0;
}

/* build_env for 103 Early Hints through the web server software names. */
static void early_hints_through(const char *software,
                                enum front_end configured)
{
    static char software_env[64];
    struct request_limits limits = fixture_limits;
    char *env[] = {
        "SCRIPT_NAME=/api/status/103", "SERVER_PROTOCOL=HTTP/1.1",
        software_env, NULL,
    };
    snprintf(software_env, sizeof(software_env), "SERVER_SOFTWARE=%s",
             software);
    limits.front_end = configured;
    build_env_limits(env, &limits);
}

/* Behind a server that would turn it into a malformed final response, a
 * 1xx is left out, and the final 200 says so in a field and its body. */
TEST(front_end_interim_only_where_relayed)
{
    early_hints_through("lighttpd/1.4.69", FRONT_END_AUTO);
    ASSERT_INT_EQ(resp.interim, 103);
    ASSERT(field(&resp.head, "X-HttpStatus-Interim") == NULL);

    early_hints_through("nginx/1.22.1", FRONT_END_AUTO);
    ASSERT_INT_EQ(resp.interim, 0);
    ASSERT_INT_EQ(resp.status, 200);
    ASSERT_INT_EQ(resp.interim_head.count, 0);
    const char *said = field(&resp.head, "X-HttpStatus-Interim");
    ASSERT(said && strncmp(said, "omitted; reason=\"nginx ", 23) == 0);
    ASSERT(said[strlen(said) - 1] == '"');
    yajl_val root = parse_body();
    ASSERT(root != NULL);
    const char *note = json_string(root, "response", "note", NULL);
    int note_right = note &&
        strncmp(note, "The code was not sent as an interim response: nginx ",
                52) == 0;
    long long code = json_integer(root, "status", "code");
    yajl_tree_free(root);
    ASSERT(note_right);
    ASSERT_INT_EQ(code, 103);

    early_hints_through("Apache/2.4.62 (Debian)", FRONT_END_AUTO);
    ASSERT_INT_EQ(resp.interim, 0);
    said = field(&resp.head, "X-HttpStatus-Interim");
    ASSERT(said && strncmp(said, "omitted; reason=\"Apache ", 24) == 0);

    /* Told, the worker believes it over the request. */
    early_hints_through("nginx/1.22.1", FRONT_END_LIGHTTPD);
    ASSERT_INT_EQ(resp.interim, 103);
    early_hints_through("lighttpd/1.4.69", FRONT_END_GENERIC);
    ASSERT_INT_EQ(resp.interim, 0);
    ASSERT(field(&resp.head, "X-HttpStatus-Interim") != NULL);
    return 0;
}

/* A cut the front end would not pass on as one is refused with 422, and
 * says why; through lighttpd it goes ahead, and an envelope cuts nothing. */
TEST(front_end_abort_only_where_passed_on)
{
    static char query_env[64];
    struct request_limits limits = fixture_limits;
    char *env[] = {
        "SCRIPT_NAME=/api/status/200", "SERVER_PROTOCOL=HTTP/1.1",
        "SERVER_SOFTWARE=nginx/1.22.1", query_env, NULL,
    };
    snprintf(query_env, sizeof(query_env),
             "QUERY_STRING=abort=after_headers");
    build_env_limits(env, &limits);
    if (expect_problem(422, "abort=after_headers cannot reach the client "
                            "as a cut connection here: nginx ") != 0)
        return 1;

    snprintf(query_env, sizeof(query_env),
             "QUERY_STRING=abort=during_body&envelope=true");
    build_env_limits(env, &limits);
    ASSERT_INT_EQ(resp.status, 200);

    limits.front_end = FRONT_END_LIGHTTPD;
    snprintf(query_env, sizeof(query_env),
             "QUERY_STRING=abort=during_body");
    build_env_limits(env, &limits);
    ASSERT_INT_EQ(resp.status, 200);
    ASSERT_INT_EQ(resp.pacing.abort_at, ABORT_DURING_BODY);
    /* The head of a response to be cut says the connection ends. */
    ASSERT_STR_EQ(field(&resp.head, "Connection"), "close");

    /* lighttpd turns a program that ends before its head into a 500;
     * after the head, the cut reaches the client. */
    snprintf(query_env, sizeof(query_env),
             "QUERY_STRING=abort=before_headers");
    build_env_limits(env, &limits);
    if (expect_problem(422, "abort=before_headers cannot reach the client "
                            "as a cut connection here: lighttpd answers a "
                            "FastCGI or CGI program that ends before its "
                            "head with a 500 page of its own.") != 0)
        return 1;
    return 0;
}

/* Connection: close goes with a cut over HTTP/1.x, joins a 426's upgrade,
 * and stays off HTTP/2, which has no Connection field. */
TEST(front_end_cut_announces_the_close)
{
    static char query_env[64], protocol_env[64];
    char *env[] = {
        "SCRIPT_NAME=/api/status/426", protocol_env,
        "SERVER_SOFTWARE=lighttpd/1.4.69", query_env, NULL,
    };
    snprintf(query_env, sizeof(query_env),
             "QUERY_STRING=abort=during_body");
    snprintf(protocol_env, sizeof(protocol_env), "SERVER_PROTOCOL=HTTP/1.1");
    build_env_limits(env, &fixture_limits);
    ASSERT_INT_EQ(resp.status, 426);
    ASSERT_STR_EQ(field(&resp.head, "Connection"), "upgrade, close");
    snprintf(protocol_env, sizeof(protocol_env), "SERVER_PROTOCOL=HTTP/2.0");
    build_env_limits(env, &fixture_limits);
    ASSERT(field(&resp.head, "Connection") == NULL);
    snprintf(query_env, sizeof(query_env), "QUERY_STRING=");
    snprintf(protocol_env, sizeof(protocol_env), "SERVER_PROTOCOL=HTTP/1.1");
    build_env_limits(env, &fixture_limits);
    ASSERT_STR_EQ(field(&resp.head, "Connection"), "upgrade");
    return 0;
}
