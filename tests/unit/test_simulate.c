/* test_simulate.c - a simulated status: its fields, body and interim
 * response, through dispatch */
#include "test.h"

#include <stdlib.h>

#include "fixture.h"
#include "status_table.h"

TEST(simulate_511_head_and_body)
{
    build("GET", "/api/status/511", NULL);
    ASSERT_INT_EQ(resp.status, 511);
    ASSERT_INT_EQ(resp.interim, 0);
    ASSERT(resp.send_body);
    ASSERT_STR_EQ(field(&resp.head, "Content-Type"),
                  "application/json; charset=utf-8");
    ASSERT_STR_EQ(field(&resp.head, "Cache-Control"), "no-store");
    ASSERT_STR_EQ(field(&resp.head, "X-Request-Id"), "00000000000000aa");
    ASSERT_STR_EQ(field(&resp.head, "Link"),
                  "</login.html>; rel=\"authenticate\"");
    ASSERT(field(&resp.head, "WWW-Authenticate") == NULL);
    char length[32];
    snprintf(length, sizeof(length), "%zu", resp.body_len);
    ASSERT_STR_EQ(field(&resp.head, "Content-Length"), length);

    yajl_val root = parse_body();
    ASSERT(root != NULL);
    ASSERT_INT_EQ(json_integer(root, "status", "code"), 511);
    ASSERT_STR_EQ(json_string(root, "status", "reason", NULL),
                  "Network Authentication Required");
    ASSERT_STR_EQ(json_string(root, "status", "class", NULL), "5xx");
    ASSERT_STR_EQ(json_string(root, "status", "spec", NULL),
                  "RFC 6585, Section 6");
    ASSERT_STR_EQ(json_string(root, "status", "spec_url", NULL),
                  "https://www.rfc-editor.org/rfc/rfc6585#section-6");
    ASSERT(json_is_true(root, "status", "registered"));
    ASSERT_INT_EQ(json_integer(root, "response", "status"), 511);
    ASSERT_STR_EQ(json_string(root, "response", "headers", "Link"),
                  "</login.html>; rel=\"authenticate\"");
    ASSERT_STR_EQ(json_string(root, "request", "method", NULL), "GET");
    ASSERT_STR_EQ(json_string(root, "request", "path", NULL),
                  "/api/status/511");
    ASSERT_STR_EQ(json_string(root, "request", "headers", "Host"),
                  "localhost");
    ASSERT_STR_EQ(json_string(root, "request", "id", NULL),
                  "00000000000000aa");
    ASSERT_INT_EQ(json_integer(root, "request", "body_bytes"), 0);
    yajl_tree_free(root);
    return 0;
}

TEST(simulate_every_code_has_its_headers)
{
    static const struct {
        int code;
        const char *name, *value;
    } expected[] = {
        { 201, "Location", "/api/status/200" },
        { 301, "Location", "/api/status/200" },
        { 308, "Location", "/api/status/200" },
        { 401, "WWW-Authenticate",
          "Basic realm=\"httpstatus\", charset=\"UTF-8\"" },
        { 407, "Proxy-Authenticate",
          "Basic realm=\"httpstatus\", charset=\"UTF-8\"" },
        { 405, "Allow", "POST, PUT, PATCH, DELETE, OPTIONS" },
        { 416, "Content-Range", "bytes */1024" },
        { 426, "Upgrade", "HTTP/3.0" },
        { 426, "Connection", "upgrade" },
        { 429, "Retry-After", "5" },
        { 503, "Retry-After", "5" },
        { 451, "Link", "</>; rel=\"blocked-by\"" },
        { 226, "ETag", "\"httpstatus-226\"" },
    };
    char path[32];
    for (size_t i = 0; i < sizeof(expected) / sizeof(expected[0]); i++) {
        snprintf(path, sizeof(path), "/api/status/%d", expected[i].code);
        build("GET", path, NULL);
        ASSERT_INT_EQ(resp.status, expected[i].code);
        ASSERT_STR_EQ(field(&resp.head, expected[i].name), expected[i].value);
        ASSERT_INT_EQ(field_count(&resp.head, expected[i].name), 1);
    }
    /* 304 refers to a stored response: no Location, no body metadata. */
    build("GET", "/api/status/304", NULL);
    ASSERT(field(&resp.head, "Location") == NULL);
    ASSERT(field(&resp.head, "Content-Type") == NULL);
    /* Every registered code answers with itself or, for 1xx, with 200. */
    for (size_t i = 0; i < status_table_count(); i++) {
        int code = status_table_at(i)->code;
        snprintf(path, sizeof(path), "/api/status/%d", code);
        build("GET", path, NULL);
        ASSERT_INT_EQ(resp.status, code < 200 ? 200 : code);
        ASSERT_INT_EQ(resp.requested, code);
        ASSERT_STR_EQ(field(&resp.head, "Cache-Control"), "no-store");
        ASSERT_INT_EQ(field_count(&resp.head, "Content-Length"),
                      code == 204 || code == 304 ? 0 : 1);
    }
    return 0;
}

TEST(simulate_head_has_no_body_fields)
{
    build("GET", "/api/status/404", NULL);
    size_t get_len = resp.body_len;
    char get_length[32];
    snprintf(get_length, sizeof(get_length), "%s",
             field(&resp.head, "Content-Length"));
    ASSERT(resp.send_body);

    build("HEAD", "/api/status/404", NULL);
    ASSERT_INT_EQ(resp.status, 404);
    ASSERT(!resp.send_body);
    /* RFC 9110 §8.6: HEAD's Content-Length is what GET would send. */
    ASSERT_INT_EQ(resp.body_len, get_len);
    ASSERT_STR_EQ(field(&resp.head, "Content-Length"), get_length);
    ASSERT_STR_EQ(field(&resp.head, "Content-Type"),
                  "application/json; charset=utf-8");
    return 0;
}

TEST(simulate_bodiless_codes)
{
    build("GET", "/api/status/204", NULL);
    ASSERT_INT_EQ(resp.status, 204);
    ASSERT(!resp.send_body);
    ASSERT(field(&resp.head, "Content-Length") == NULL);
    ASSERT(field(&resp.head, "Content-Type") == NULL);
    ASSERT_STR_EQ(field(&resp.head, "X-Request-Id"), "00000000000000aa");

    build("GET", "/api/status/205", NULL);
    ASSERT_INT_EQ(resp.status, 205);
    ASSERT(!resp.send_body);
    ASSERT_STR_EQ(field(&resp.head, "Content-Length"), "0");
    ASSERT(field(&resp.head, "Content-Type") == NULL);

    build("GET", "/api/status/304", NULL);
    ASSERT(!resp.send_body);
    ASSERT(field(&resp.head, "Content-Length") == NULL);
    return 0;
}

TEST(simulate_interim_codes)
{
    build("GET", "/api/status/103", NULL);
    ASSERT_INT_EQ(resp.interim, 103);
    ASSERT_INT_EQ(resp.status, 200);
    ASSERT_STR_EQ(field(&resp.interim_head, "Link"),
                  "</style.css>; rel=preload; as=style");
    ASSERT(field(&resp.head, "Link") == NULL);
    ASSERT(resp.send_body);
    yajl_val root = parse_body();
    ASSERT(root != NULL);
    ASSERT_INT_EQ(json_integer(root, "status", "code"), 103);
    ASSERT_INT_EQ(json_integer(root, "response", "status"), 200);
    const char *interim[] = { "response", "interim", NULL };
    yajl_val list = yajl_tree_get(root, interim, yajl_t_array);
    ASSERT(list && YAJL_GET_ARRAY(list)->len == 1);
    const char *status[] = { "status", NULL };
    yajl_val first = YAJL_GET_ARRAY(list)->values[0];
    ASSERT_INT_EQ(YAJL_GET_INTEGER(yajl_tree_get(first, status,
                                                 yajl_t_number)), 103);
    ASSERT(json_string(root, "response", "note", NULL) != NULL);
    yajl_tree_free(root);

    for (int code = 100; code < 200; code++) {
        char path[32];
        snprintf(path, sizeof(path), "/api/status/%d", code);
        build("GET", path, NULL);
        ASSERT_INT_EQ(resp.status, 200);
        ASSERT_INT_EQ(resp.interim, code == 101 ? 0 : code);
    }
    return 0;
}

TEST(simulate_101_withheld)
{
    build("GET", "/api/status/101", "HTTP_UPGRADE=websocket");
    ASSERT_INT_EQ(resp.interim, 0);
    ASSERT_INT_EQ(resp.status, 200);
    ASSERT(field(&resp.head, "Upgrade") == NULL);
    ASSERT(strstr(resp.note, "101 Switching Protocols was not sent") != NULL);
    return 0;
}

TEST(simulate_interim_not_sent_to_http10)
{
    char *env[] = {
        "SCRIPT_NAME=/api/status/103", "SERVER_PROTOCOL=HTTP/1.0", NULL,
    };
    build_env(env);
    ASSERT_INT_EQ(resp.interim, 0);
    ASSERT_INT_EQ(resp.status, 200);
    ASSERT(strstr(resp.note, "HTTP/1.0") != NULL);
    return 0;
}

/* HTTP/2 forbids connection-specific fields and has no Upgrade: a 426
 * over it goes without Upgrade and Connection, and its notes say why
 * instead of calling the field missing. */
TEST(simulate_426_over_http2)
{
    char *env[] = {
        "SCRIPT_NAME=/api/status/426", "SERVER_PROTOCOL=HTTP/2.0",
        "SERVER_SOFTWARE=lighttpd/1.4.69", NULL,
    };
    build_env(env);
    ASSERT_INT_EQ(resp.status, 426);
    ASSERT(field(&resp.head, "Upgrade") == NULL);
    ASSERT(field(&resp.head, "Connection") == NULL);
    const char *body = body_text();
    ASSERT(strstr(body, "Over HTTP/2 a 426 goes without Upgrade") != NULL);
    ASSERT(strstr(body, "A 426 must carry Upgrade.") == NULL);

    build("GET", "/api/status/426", NULL);
    ASSERT_STR_EQ(field(&resp.head, "Upgrade"), "HTTP/3.0");
    ASSERT_STR_EQ(field(&resp.head, "Connection"), "upgrade");
    ASSERT(strstr(body_text(), "Over HTTP/2") == NULL);
    return 0;
}

TEST(simulate_allow_omits_refused_method)
{
    build("HEAD", "/api/status/405", NULL);
    ASSERT_STR_EQ(field(&resp.head, "Allow"),
                  "POST, PUT, PATCH, DELETE, OPTIONS");
    build("POST", "/api/status/405", NULL);
    ASSERT_STR_EQ(field(&resp.head, "Allow"),
                  "GET, HEAD, PUT, PATCH, DELETE, OPTIONS");
    build("DELETE", "/api/status/405", NULL);
    ASSERT_STR_EQ(field(&resp.head, "Allow"),
                  "GET, HEAD, POST, PUT, PATCH, OPTIONS");
    return 0;
}

TEST(simulate_206_content_range_matches_body)
{
    build("GET", "/api/status/206", NULL);
    char expected[64];
    snprintf(expected, sizeof(expected), "bytes 0-%zu/%zu",
             resp.body_len - 1, resp.body_len);
    ASSERT_STR_EQ(field(&resp.head, "Content-Range"), expected);
    return 0;
}

TEST(simulate_location_keeps_mount_prefix)
{
    char *env[] = {
        "SCRIPT_NAME=/cgi-bin/httpstatus", "PATH_INFO=/api/status/302", NULL,
    };
    build_env(env);
    ASSERT_INT_EQ(resp.status, 302);
    ASSERT_STR_EQ(field(&resp.head, "Location"),
                  "/cgi-bin/httpstatus/api/status/200");

    char *unsafe[] = {
        "SCRIPT_NAME=/x\r\nSet-Cookie: a=b", "PATH_INFO=/api/status/302",
        NULL,
    };
    build_env(unsafe);
    ASSERT_STR_EQ(field(&resp.head, "Location"), "/api/status/200");

    /* Pages sit at the server's root beside a program's own path, and
     * beside the program behind a rewrite (shared hosting). */
    char *script[] = {
        "SCRIPT_NAME=/cgi-bin/httpstatus", "PATH_INFO=/api/status/511",
        "REQUEST_URI=/cgi-bin/httpstatus/api/status/511", NULL,
    };
    build_env(script);
    ASSERT_STR_EQ(field(&resp.head, "Link"),
                  "</login.html>; rel=\"authenticate\"");
    char *rewritten[] = {
        "SCRIPT_NAME=/~u/hs/httpstatus.cgi", "PATH_INFO=/api/status/511",
        "REQUEST_URI=/~u/hs/api/status/511", NULL,
    };
    build_env(rewritten);
    ASSERT_STR_EQ(field(&resp.head, "Link"),
                  "</~u/hs/login.html>; rel=\"authenticate\"");
    return 0;
}

TEST(simulate_conditional_and_custom_fields)
{
    build("GET", "/api/status/200",
          "QUERY_STRING=etag=v1&cache=max-age=5&header=x-a:1");
    ASSERT_INT_EQ(resp.status, 200);
    ASSERT_STR_EQ(field(&resp.head, "ETag"), "\"v1\"");
    ASSERT_STR_EQ(field(&resp.head, "Cache-Control"), "max-age=5");
    ASSERT_INT_EQ(field_count(&resp.head, "Cache-Control"), 1);
    ASSERT_STR_EQ(field(&resp.head, "x-a"), "1");

    static char env[] = "HTTP_IF_NONE_MATCH=\"httpstatus-226\"";
    build("GET", "/api/status/226", env);
    ASSERT_INT_EQ(resp.status, 304);
    ASSERT_INT_EQ(resp.send_body, 0);
    ASSERT(field(&resp.head, "Content-Length") == NULL);
    ASSERT_STR_EQ(field(&resp.head, "ETag"), "\"httpstatus-226\"");
    build("DELETE", "/api/status/226", env);
    ASSERT_INT_EQ(resp.status, 412);
    build("GET", "/api/status/500", env);
    ASSERT_INT_EQ(resp.status, 500);

    /* An override replaces the code's own field rather than adding one. */
    build("GET", "/api/status/503", "QUERY_STRING=retry_after=60");
    ASSERT_STR_EQ(field(&resp.head, "Retry-After"), "60");
    ASSERT_INT_EQ(field_count(&resp.head, "Retry-After"), 1);

    build("GET", "/api/status/200", "QUERY_STRING=suppressBody=true");
    ASSERT_INT_EQ(resp.send_body, 0);
    ASSERT(field(&resp.head, "Content-Type") == NULL);
    ASSERT(field(&resp.head, "Content-Length") == NULL);

    /* A paced response needs a place to wait in, like a sleep. */
    sleep_room = 0;
    build("GET", "/api/status/200", "QUERY_STRING=dribble=true");
    sleep_room = 1;
    if (expect_problem(503, "already holds as many delayed responses") != 0)
        return 1;
    return 0;
}

TEST(simulate_fields_the_specifications_require)
{
    /* RFC 9110 Section 9.3.7: a successful OPTIONS says what is allowed. */
    build("OPTIONS", "/api/status/200", NULL);
    ASSERT_INT_EQ(resp.status, 200);
    ASSERT_STR_EQ(field(&resp.head, "Allow"),
                  "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
    build("OPTIONS", "/api/status/500", NULL);
    ASSERT(field(&resp.head, "Allow") == NULL);
    build("OPTIONS", "/api/status/204", "QUERY_STRING=allow=GET");
    ASSERT_STR_EQ(field(&resp.head, "Allow"), "GET");
    ASSERT_INT_EQ(field_count(&resp.head, "Allow"), 1);

    /* 415 names what the resource takes; to a PATCH, the patch formats. */
    build("POST", "/api/status/415", NULL);
    ASSERT_STR_EQ(field(&resp.head, "Accept"), "application/json");
    ASSERT(field(&resp.head, "Accept-Patch") == NULL);
    build("PATCH", "/api/status/415", NULL);
    ASSERT_STR_EQ(field(&resp.head, "Accept-Patch"),
                  "application/merge-patch+json, "
                  "application/json-patch+json");

    /* 104 announces the upload resource and the draft version. */
    build("POST", "/api/status/104", NULL);
    ASSERT_INT_EQ(resp.interim, 104);
    ASSERT_STR_EQ(field(&resp.interim_head, "Location"), "/api/status/200");
    ASSERT_STR_EQ(field(&resp.interim_head, "Upload-Draft-Interop-Version"),
                  "6");
    ASSERT(field(&resp.head, "Upload-Draft-Interop-Version") == NULL);

    /* A 426 on a closing connection lists close beside upgrade. */
    build("GET", "/api/status/426", "HTTP_CONNECTION=close");
    ASSERT_STR_EQ(field(&resp.head, "Connection"), "upgrade, close");
    build("GET", "/api/status/426", "HTTP_CONNECTION=keep-alive");
    ASSERT_STR_EQ(field(&resp.head, "Connection"), "upgrade");
    return 0;
}
