/* test_routes.c - the route table, and the lists kept beside it: the
 * front ends' patterns and the OpenAPI document's paths */
#include "test.h"

#include <stdlib.h>
#include <yajl/yajl_tree.h>

#include "fixture.h"
#include "routes.h"

/* The route path[0..) matches, with its parameter in parameter; -1 as
 * the id when none does. */
static int match(const char *path, char *parameter)
{
    struct route_match m;
    if (routes_match(path, strlen(path), &m) != 0)
        return -1;
    memcpy(parameter, m.parameter, m.parameter_len);
    parameter[m.parameter_len] = '\0';
    return (int)m.route->id;
}

TEST(routes_match_every_url_form)
{
    static const struct {
        const char *path;
        int id;
        const char *parameter;
    } cases[] = {
        { "/api/status/503", ROUTE_STATUS, "503" },
        { "/api/status", ROUTE_STATUS, "" },
        { "/api/status/", ROUTE_STATUS, "" },
        { "/api/status/200/foo", ROUTE_STATUS, "200/foo" },
        { "/status/200,500", ROUTE_STATUS, "200,500" },
        { "/random/500-504", ROUTE_STATUS, "500-504" },
        { "/511/any/path", ROUTE_STATUS, "511" },
        { "/4!9", ROUTE_STATUS, "4!9" },
        { "/api/codes", ROUTE_CODES, "" },
        { "/api/codes/", ROUTE_CODES, "" },
        { "/api/codes/404", ROUTE_CODES, "404" },
        { "/api/inspect", ROUTE_INSPECT, "" },
        { "/api/health", ROUTE_HEALTH, "" },
        { "/api/openapi.json", ROUTE_OPENAPI, "" },
        { "/api/health/", -1, "" },
        { "/api/statuses/200", -1, "" },
        { "/api", -1, "" },
        { "/", -1, "" },
        { "", -1, "" },
        { "/index.html", -1, "" },
    };
    char parameter[64];
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int id = match(cases[i].path, parameter);
        if (id != cases[i].id)
            printf("# %s\n", cases[i].path);
        ASSERT_INT_EQ(id, cases[i].id);
        if (id >= 0)
            ASSERT_STR_EQ(parameter, cases[i].parameter);
    }
    struct route_match m;
    ASSERT_INT_EQ(routes_match("/status/404", 11, &m), 0);
    ASSERT_INT_EQ(m.route->form, FORM_HTTPBIN);
    ASSERT_INT_EQ(routes_match("/404", 4, &m), 0);
    ASSERT_INT_EQ(m.route->form, FORM_HTTPSTATUS);
    return 0;
}

TEST(routes_know_where_a_route_starts)
{
    ASSERT(routes_starts_route("/api/status/200"));
    ASSERT(routes_starts_route("/api"));
    ASSERT(routes_starts_route("/status"));
    ASSERT(routes_starts_route("/random/200"));
    ASSERT(routes_starts_route("/404"));
    ASSERT(!routes_starts_route("/apis"));
    ASSERT(!routes_starts_route("/cgi-bin/httpstatus"));
    ASSERT(!routes_starts_route(""));
    ASSERT(!routes_starts_route("/"));

    char list[512];
    struct buffer text;
    buffer_init(&text, list, sizeof(list) - 1);
    ASSERT_INT_EQ(routes_list(&text), 0);
    list[text.len] = '\0';
    ASSERT_STR_EQ(list, "/api/status/{codes}, /{code}, /status/{codes}, "
                        "/random/{codes}, /api/codes, /api/codes/{code}, "
                        "/api/inspect, /api/health, /api/openapi.json, "
                        "/api/error, /api/requests, /api/resource/{key}, "
                        "/api/auth/basic/{user}/{passwd}, "
                        "/api/auth/hidden-basic/{user}/{passwd}, "
                        "/api/auth/bearer, "
                        "/api/auth/digest/{qop}/{user}/{passwd}, "
                        "/basic-auth/{user}/{passwd}, "
                        "/hidden-basic-auth/{user}/{passwd}, /bearer, "
                        "/digest-auth/{qop}/{user}/{passwd}");
    return 0;
}

/* Whether the file at path holds the pattern that sends the routes to the
 * worker. */
static int has_pattern(const char *path, const char *pattern)
{
    char *text = read_source_file(path);
    int found = text && strstr(text, pattern) != NULL;
    if (!found)
        printf("# %s lacks %s\n", path, pattern);
    free(text);
    return found;
}

TEST(routes_match_the_front_end_configurations)
{
    char pattern[256], quoted[300];
    struct buffer text;
    buffer_init(&text, pattern, sizeof(pattern) - 1);
    ASSERT_INT_EQ(routes_front_end_pattern(&text), 0);
    pattern[text.len] = '\0';
    ASSERT_STR_EQ(pattern, "^/(api(/|$)|status(/|$)|random(/|$)|"
                           "basic-auth(/|$)|hidden-basic-auth(/|$)|"
                           "bearer(/|$)|digest-auth(/|$)|[0-9])");
    snprintf(quoted, sizeof(quoted), "\"%s\"", pattern);
    ASSERT(has_pattern("conf/lighttpd-httpstatus.conf", quoted));
    snprintf(quoted, sizeof(quoted), "location ~ %s {", pattern);
    ASSERT(has_pattern("conf/nginx-httpstatus.conf", quoted));
    return 0;
}

/* Every route is a path of the OpenAPI document, and every path a route. */
TEST(routes_match_the_openapi_paths)
{
    yajl_val root = read_source_json("fcgi-app/core/openapi.json");
    ASSERT(root != NULL);
    const char *at[] = { "paths", NULL };
    yajl_val paths = yajl_tree_get(root, at, yajl_t_object);
    ASSERT(paths != NULL);

    char shown[1024];
    struct buffer text;
    buffer_init(&text, shown, sizeof(shown) - 1);
    ASSERT_INT_EQ(routes_list(&text), 0);
    shown[text.len] = '\0';
    size_t routes = 0, documented = YAJL_GET_OBJECT(paths)->len;
    int missing = 0;
    for (char *path = strtok(shown, ", "); path; path = strtok(NULL, ", ")) {
        routes++;
        const char *key[] = { path, NULL };
        if (!yajl_tree_get(paths, key, yajl_t_object)) {
            printf("# %s is not in openapi.json\n", path);
            missing = 1;
        }
    }
    yajl_tree_free(root);
    ASSERT(!missing);
    ASSERT_INT_EQ(documented, routes);
    return 0;
}
