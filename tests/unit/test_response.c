/* test_response.c - the decided response: status, fields and JSON body */
#include "test.h"

#include <stdlib.h>
#include <yajl/yajl_tree.h>

#include "response.h"

static const struct request_limits limits = { 64, 1000, 5000, NULL };
static struct sim_response resp;

/* Builds the response to method + path (+ one extra env entry). */
static int sleep_room = 1;

static void build(const char *method, const char *path, const char *extra)
{
    static char method_env[64], path_env[256];
    snprintf(method_env, sizeof(method_env), "REQUEST_METHOD=%s", method);
    snprintf(path_env, sizeof(path_env), "SCRIPT_NAME=%s", path);
    char *env[] = {
        method_env, path_env, "SERVER_PROTOCOL=HTTP/1.1",
        "REMOTE_ADDR=127.0.0.1", "HTTP_HOST=localhost",
        (char *)extra, NULL,
    };
    static struct sim_request req;
    request_from_env(&req, env);
    request_set_id(&req, 0xaa);
    strcpy(req.received, "2026-11-28T12:00:00.000Z");
    uint64_t length;
    req.body = request_body_verdict(&req, &limits, &length);
    req.sleep_room = sleep_room;
    response_build(&resp, &req, &limits);
}

static const char *field(const struct header_block *block, const char *name)
{
    for (size_t i = 0; i < block->count; i++)
        if (strcmp(block->fields[i].name, name) == 0)
            return block->fields[i].value;
    return NULL;
}

static size_t field_count(const struct header_block *block, const char *name)
{
    size_t n = 0;
    for (size_t i = 0; i < block->count; i++)
        n += strcmp(block->fields[i].name, name) == 0;
    return n;
}

/* The JSON body, parsed; the caller frees it with yajl_tree_free. */
static yajl_val parse_body(void)
{
    char text[RESPONSE_BODY_SIZE + 1], error[128];
    memcpy(text, resp.body, resp.body_len);
    text[resp.body_len] = '\0';
    return yajl_tree_parse(text, error, sizeof(error));
}

static const char *json_string(yajl_val root, const char *a, const char *b,
                               const char *c)
{
    const char *path[] = { a, b, c, NULL };
    yajl_val v = yajl_tree_get(root, path, yajl_t_string);
    return v ? YAJL_GET_STRING(v) : NULL;
}

static long long json_integer(yajl_val root, const char *a, const char *b)
{
    const char *path[] = { a, b, NULL };
    yajl_val v = yajl_tree_get(root, path, yajl_t_number);
    return v && YAJL_IS_INTEGER(v) ? YAJL_GET_INTEGER(v) : -1;
}

static int json_is_true(yajl_val root, const char *a, const char *b)
{
    const char *path[] = { a, b, NULL };
    return YAJL_IS_TRUE(yajl_tree_get(root, path, yajl_t_true));
}

TEST(response_511_head_and_body)
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

TEST(response_every_code_has_its_headers)
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

TEST(response_head_has_no_body_fields)
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

TEST(response_bodiless_codes)
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

TEST(response_interim_codes)
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

TEST(response_101_withheld)
{
    build("GET", "/api/status/101", "HTTP_UPGRADE=websocket");
    ASSERT_INT_EQ(resp.interim, 0);
    ASSERT_INT_EQ(resp.status, 200);
    ASSERT(field(&resp.head, "Upgrade") == NULL);
    ASSERT(strstr(resp.note, "101 Switching Protocols was not sent") != NULL);
    return 0;
}

TEST(response_interim_not_sent_to_http10)
{
    char *env[] = {
        "SCRIPT_NAME=/api/status/103", "SERVER_PROTOCOL=HTTP/1.0", NULL,
    };
    struct sim_request req;
    request_from_env(&req, env);
    response_build(&resp, &req, &limits);
    ASSERT_INT_EQ(resp.interim, 0);
    ASSERT_INT_EQ(resp.status, 200);
    ASSERT(strstr(resp.note, "HTTP/1.0") != NULL);
    return 0;
}

TEST(response_allow_omits_refused_method)
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

TEST(response_206_content_range_matches_body)
{
    build("GET", "/api/status/206", NULL);
    char expected[64];
    snprintf(expected, sizeof(expected), "bytes 0-%zu/%zu",
             resp.body_len - 1, resp.body_len);
    ASSERT_STR_EQ(field(&resp.head, "Content-Range"), expected);
    return 0;
}

TEST(response_location_keeps_mount_prefix)
{
    char *env[] = {
        "SCRIPT_NAME=/cgi-bin/httpstatus", "PATH_INFO=/api/status/302", NULL,
    };
    struct sim_request req;
    request_from_env(&req, env);
    response_build(&resp, &req, &limits);
    ASSERT_INT_EQ(resp.status, 302);
    ASSERT_STR_EQ(field(&resp.head, "Location"),
                  "/cgi-bin/httpstatus/api/status/200");

    char *unsafe[] = {
        "SCRIPT_NAME=/x\r\nSet-Cookie: a=b", "PATH_INFO=/api/status/302",
        NULL,
    };
    request_from_env(&req, unsafe);
    response_build(&resp, &req, &limits);
    ASSERT_STR_EQ(field(&resp.head, "Location"), "/api/status/200");
    return 0;
}

static int expect_problem(int status, const char *detail_part)
{
    ASSERT_INT_EQ(resp.status, status);
    ASSERT_STR_EQ(field(&resp.head, "Content-Type"),
                  "application/problem+json");
    ASSERT_STR_EQ(field(&resp.head, "Cache-Control"), "no-store");
    yajl_val root = parse_body();
    ASSERT(root != NULL);
    ASSERT_INT_EQ(json_integer(root, "status", NULL), status);
    ASSERT_STR_EQ(json_string(root, "type", NULL, NULL), "about:blank");
    ASSERT_STR_EQ(json_string(root, "title", NULL, NULL),
                  status_table_find(status)->reason);
    const char *detail = json_string(root, "detail", NULL, NULL);
    int found = detail && strstr(detail, detail_part) != NULL;
    yajl_tree_free(root);
    if (!found)
        printf("# detail \"%s\" lacks \"%s\"\n", detail ? detail : "",
               detail_part);
    return found ? 0 : 1;
}

TEST(response_errors_are_problems)
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
    build("GET", "/api/status/200",
          "QUERY_STRING=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
          "aaaaaaaaaaaaaaaaaaaa");
    if (expect_problem(414, "at most 64") != 0)
        return 1;
    build("HEAD", "/api/status/abc", NULL);
    ASSERT_INT_EQ(resp.status, 400);
    ASSERT(!resp.send_body);
    return 0;
}

TEST(response_redacts_credentials)
{
    build("GET", "/api/status/200", "HTTP_AUTHORIZATION=Basic c2VjcmV0");
    ASSERT(strstr(resp.body, "c2VjcmV0") == NULL);
    yajl_val root = parse_body();
    ASSERT(root != NULL);
    ASSERT_STR_EQ(json_string(root, "request", "headers", "Authorization"),
                  "[redacted]");
    yajl_tree_free(root);
    build("GET", "/api/status/200", "HTTP_COOKIE=session=s3cr3t");
    ASSERT(strstr(resp.body, "s3cr3t") == NULL);
    build("GET", "/api/status/200", "HTTP_PROXY_AUTHORIZATION=Basic eHl6");
    ASSERT(strstr(resp.body, "eHl6") == NULL);
    return 0;
}

TEST(response_sanitizes_invalid_utf8)
{
    build("GET", "/api/status/200", "HTTP_X_ODD=a\xff\xc0z\xe2\x82\xac");
    ASSERT_INT_EQ(resp.status, 200);
    yajl_val root = parse_body();
    ASSERT(root != NULL);
    ASSERT_STR_EQ(json_string(root, "request", "headers", "X-Odd"),
                  "a\xef\xbf\xbd\xef\xbf\xbdz\xe2\x82\xac");
    yajl_tree_free(root);

    build("GET", "/api/status/\xff\xfe\xfd", NULL);
    if (expect_problem(400, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd") != 0)
        return 1;
    return 0;
}

TEST(response_head_format)
{
    char head[4096];
    build("GET", "/api/status/103", NULL);
    size_t len = response_format_head(&resp, head, sizeof(head));
    ASSERT(len > 0);
    ASSERT_INT_EQ(len, strlen(head));
    ASSERT(strncmp(head, "Status: 103 Early Hints\r\n"
                         "Link: </style.css>; rel=preload; as=style\r\n"
                         "\r\nStatus: 200 OK\r\n", 82) == 0);
    ASSERT(strcmp(head + len - 4, "\r\n\r\n") == 0);

    build("GET", "/api/status/204", NULL);
    len = response_format_head(&resp, head, sizeof(head));
    ASSERT_STR_EQ(head, "Status: 204 No Content\r\n"
                        "Cache-Control: no-store\r\n"
                        "X-Request-Id: 00000000000000aa\r\n"
                        "Vary: Accept\r\n"
                        "Access-Control-Allow-Origin: *\r\n"
                        "Access-Control-Expose-Headers: X-Request-Id, Vary\r\n"
                        "\r\n");
    ASSERT_INT_EQ(response_format_head(&resp, head, 20), 0);
    return 0;
}

TEST(response_sleep_and_busy)
{
    build("GET", "/api/status/302", "QUERY_STRING=sleep=1500");
    ASSERT_INT_EQ(resp.status, 302);
    ASSERT_INT_EQ(resp.delay_ms, 1500);
    yajl_val root = parse_body();
    ASSERT(root != NULL);
    ASSERT_INT_EQ(json_integer(root, "response", "delay_ms"), 1500);
    yajl_tree_free(root);

    build("GET", "/api/status/302", "HTTP_X_HTTPSTATUS_SLEEP=20");
    ASSERT_INT_EQ(resp.delay_ms, 20);

    build("GET", "/api/status/200", "QUERY_STRING=sleep=5001");
    if (expect_problem(400, "sleep '5001' is not a number of milliseconds "
                            "from 0 to 5000.") != 0)
        return 1;
    ASSERT_INT_EQ(resp.delay_ms, 0);

    /* No room to hold a delayed response: 503 now, and no delay. */
    sleep_room = 0;
    build("GET", "/api/status/200", "QUERY_STRING=sleep=100");
    sleep_room = 1;
    if (expect_problem(503, "already holds as many delayed responses") != 0)
        return 1;
    ASSERT_STR_EQ(field(&resp.head, "Retry-After"), "1");
    ASSERT_INT_EQ(resp.delay_ms, 0);

    /* Without a delay, a full worker still answers as asked. */
    sleep_room = 0;
    build("GET", "/api/status/200", NULL);
    sleep_room = 1;
    ASSERT_INT_EQ(resp.status, 200);
    return 0;
}

TEST(response_cors_fields)
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

TEST(response_cors_preflight)
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

TEST(response_health)
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

/* The body as a NUL-terminated string. */
static const char *body_text(void)
{
    static char text[RESPONSE_BODY_SIZE + 1];
    memcpy(text, resp.body, resp.body_len);
    text[resp.body_len] = '\0';
    return text;
}

TEST(response_url_forms_and_formats)
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

TEST(response_conditional_and_custom_fields)
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

/* Strings that need escaping, at every offset a word-at-a-time check can
 * meet them, still reach the body as valid JSON with their exact value. */
TEST(response_json_escapes_at_every_offset)
{
    static const char specials[] = { '"', '\\', '\x01', '\x1f' };
    static char env[64];
    for (size_t s = 0; s < sizeof(specials); s++)
        for (size_t at = 0; at < 17; at++) {
            char value[24];
            memset(value, 'a', 20);
            value[20] = '\0';
            value[at] = specials[s];
            snprintf(env, sizeof(env), "HTTP_X_PROBE=%s", value);
            build("GET", "/api/status/200", env);
            yajl_val root = parse_body();
            ASSERT(root != NULL);
            const char *path[] = { "request", "headers", "X-Probe", NULL };
            yajl_val got = yajl_tree_get(root, path, yajl_t_string);
            const char *text = got ? YAJL_GET_STRING(got) : NULL;
            int same = text && strcmp(text, value) == 0;
            yajl_tree_free(root);
            ASSERT(same);
        }
    return 0;
}
