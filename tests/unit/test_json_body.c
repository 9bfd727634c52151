/* test_json_body.c - the JSON bodies: escaping, UTF-8, redaction */
#include "test.h"

#include <stdlib.h>

#include "fixture.h"

TEST(json_body_redacts_credentials)
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

TEST(json_body_sanitizes_invalid_utf8)
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

/* The "status" object is rendered once per code and reused: every body
 * still carries its own code's object, the same text each time. */
TEST(json_body_status_object_is_each_codes_own)
{
    static const int codes[] = { 404, 200, 404, 299, 418, 200, 299 };
    char first_404[1024] = "";
    for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
        char path[32];
        snprintf(path, sizeof(path), "/api/status/%d", codes[i]);
        build("GET", path, NULL);
        yajl_val root = parse_body();
        ASSERT(root != NULL);
        long long code = json_integer(root, "status", "code");
        const char *reason = json_string(root, "status", "reason", NULL);
        int reason_right = reason &&
            strcmp(reason, status_lookup(codes[i])->reason) == 0;
        yajl_tree_free(root);
        ASSERT_INT_EQ(code, codes[i]);
        ASSERT(reason_right);
        const char *object = strstr(resp.body, "\"status\":{");
        const char *end = object ? strstr(object, "},\"response\"") : NULL;
        ASSERT(end != NULL && (size_t)(end - object) < sizeof(first_404));
        if (codes[i] != 404)
            continue;
        if (!*first_404)
            memcpy(first_404, object, (size_t)(end - object));
        else
            ASSERT(strncmp(first_404, object, (size_t)(end - object)) == 0);
    }
    return 0;
}

static size_t occurrences(const char *text, const char *part)
{
    size_t n = 0;
    for (const char *at = strstr(text, part); at; at = strstr(at + 1, part))
        n++;
    return n;
}

/* The "response" object and the "notes" array are written once per code
 * and reused, but only for bodies with the same inputs: another method
 * changes 405's Allow, a control adds a field and a finding. */
TEST(json_body_kept_parts_follow_their_inputs)
{
    static const char others_than_get[] = "POST, PUT, PATCH, DELETE, OPTIONS";
    static const char others_than_post[] =
        "GET, HEAD, PUT, PATCH, DELETE, OPTIONS";
    static const struct {
        const char *method, *path, *query;
        const char *allow, *custom;     /* NULL: no such field */
        size_t notes, findings;
    } steps[] = {
        { "GET", "/api/status/405", NULL, others_than_get, NULL, 2, 0 },
        { "POST", "/api/status/405", NULL, others_than_post, NULL, 2, 0 },
        { "GET", "/api/status/405", NULL, others_than_get, NULL, 2, 0 },
        { "GET", "/api/status/200", NULL, NULL, NULL, 2, 0 },
        { "GET", "/api/status/200", "QUERY_STRING=header=Retry-After:5",
          NULL, "5", 3, 1 },
        { "GET", "/api/status/200", NULL, NULL, NULL, 2, 0 },
    };
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        build(steps[i].method, steps[i].path, steps[i].query);
        yajl_val root = parse_body();
        ASSERT(root != NULL);
        const char *allow = json_string(root, "response", "headers", "Allow");
        const char *custom = json_string(root, "response", "custom_headers",
                                         "Retry-After");
        int allow_right = steps[i].allow ? allow &&
                              strcmp(allow, steps[i].allow) == 0 : !allow;
        int custom_right = steps[i].custom ? custom &&
                               strcmp(custom, steps[i].custom) == 0 : !custom;
        yajl_tree_free(root);
        ASSERT(allow_right);
        ASSERT(custom_right);
        const char *body = body_text();
        ASSERT_INT_EQ(occurrences(body, "\"about\":"), steps[i].notes);
        ASSERT_INT_EQ(occurrences(body, "\"about\":\"response\""),
                      steps[i].findings);
    }
    return 0;
}

/* Strings that need escaping, at every offset a word-at-a-time check can
 * meet them, still reach the body as valid JSON with their exact value. */
TEST(json_body_escapes_at_every_offset)
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
