/* test_field_rules.c - the fields each code needs, and the front-end
 * configuration that must repeat one of them */
#include "test.h"

#include <stdlib.h>

#include "field_rules.h"
#include "fixture.h"

/* The fields of code at placement for a request with this method,
 * Connection and protocol, mounted under mount. */
static size_t fields_for(int code, enum field_placement placement,
                         const char *method, const char *connection,
                         const char *protocol, const char *mount,
                         struct header_field *fields)
{
    static char values[512];
    struct buffer space;
    struct field_context ctx = { mount, strlen(mount), method, connection,
                                 protocol, 100, strlen(mount) };
    buffer_init(&space, values, sizeof(values));
    return field_rules_fields(status_lookup(code), placement, &ctx, fields,
                              8, &space);
}

TEST(field_rules_values_follow_the_request)
{
    struct header_field f[8];
    ASSERT_INT_EQ(fields_for(302, ON_FINAL, "GET", NULL, "HTTP/1.1",
                             "/cgi-bin/x", f), 1);
    ASSERT_STR_EQ(f[0].value, "/cgi-bin/x/api/status/200");
    ASSERT_INT_EQ(fields_for(302, ON_FINAL, "GET", NULL, "HTTP/1.1",
                             "/a\nb", f), 1);
    ASSERT_STR_EQ(f[0].value, "/api/status/200");
    /* The site's pages that links name are under the mount too. */
    ASSERT_INT_EQ(fields_for(103, ON_INTERIM, "GET", NULL, "HTTP/1.1",
                             "/~u/hs", f), 1);
    ASSERT_STR_EQ(f[0].value, "</~u/hs/style.css>; rel=preload; as=style");
    ASSERT_INT_EQ(fields_for(511, ON_FINAL, "GET", NULL, "HTTP/1.1",
                             "/~u/hs", f), 1);
    ASSERT_STR_EQ(f[0].value, "</~u/hs/login.html>; rel=\"authenticate\"");
    fields_for(511, ON_FINAL, "GET", NULL, "HTTP/1.1", "", f);
    ASSERT_STR_EQ(f[0].value, "</login.html>; rel=\"authenticate\"");
    ASSERT_INT_EQ(fields_for(206, AFTER_BODY, "GET", NULL, "HTTP/1.1", "",
                             f), 1);
    ASSERT_STR_EQ(f[0].value, "bytes 0-99/100");

    /* RFC 9112 Section 9.6: a connection that closes says so. */
    ASSERT_INT_EQ(fields_for(426, ON_FINAL, "GET", NULL, "HTTP/1.1", "", f),
                  2);
    ASSERT_STR_EQ(f[0].name, "Upgrade");
    ASSERT_STR_EQ(f[0].value, "HTTP/3.0");
    ASSERT_STR_EQ(f[1].name, "Connection");
    ASSERT_STR_EQ(f[1].value, "upgrade");
    fields_for(426, ON_FINAL, "GET", "Close", "HTTP/1.1", "", f);
    ASSERT_STR_EQ(f[1].value, "upgrade, close");
    fields_for(426, ON_FINAL, "GET", NULL, "HTTP/1.0", "", f);
    ASSERT_STR_EQ(f[1].value, "upgrade, close");
    fields_for(426, ON_FINAL, "GET", "keep-alive", "HTTP/1.0", "", f);
    ASSERT_STR_EQ(f[1].value, "upgrade");

    /* 415 names what it takes, and to a PATCH the patch formats. */
    ASSERT_INT_EQ(fields_for(415, ON_FINAL, "POST", NULL, "HTTP/1.1", "", f),
                  1);
    ASSERT_STR_EQ(f[0].name, "Accept");
    ASSERT_STR_EQ(f[0].value, "application/json");
    ASSERT_INT_EQ(fields_for(415, ON_FINAL, "PATCH", NULL, "HTTP/1.1", "",
                             f), 2);
    ASSERT_STR_EQ(f[1].name, "Accept-Patch");
    ASSERT_STR_EQ(f[1].value, "application/merge-patch+json, "
                              "application/json-patch+json");

    /* 104 announces the upload resource and the draft it speaks. */
    ASSERT_INT_EQ(fields_for(104, ON_INTERIM, "POST", NULL, "HTTP/1.1", "",
                             f), 2);
    ASSERT_STR_EQ(f[0].name, "Location");
    ASSERT_STR_EQ(f[1].name, "Upload-Draft-Interop-Version");
    ASSERT_STR_EQ(f[1].value, "6");
    ASSERT_INT_EQ(fields_for(104, ON_FINAL, "POST", NULL, "HTTP/1.1", "", f),
                  0);
    return 0;
}

TEST(field_rules_examples_and_methods)
{
    struct header_field f[8];
    ASSERT_INT_EQ(field_rules_examples(status_lookup(415), f, 8), 1);
    ASSERT_STR_EQ(f[0].name, "Accept");
    ASSERT_INT_EQ(field_rules_examples(status_lookup(426), f, 8), 2);
    ASSERT_STR_EQ(f[1].value, "upgrade");
    ASSERT_INT_EQ(field_rules_examples(status_lookup(200), f, 8), 0);

    char text[128];
    struct buffer list;
    buffer_init(&list, text, sizeof(text) - 1);
    ASSERT_INT_EQ(field_rules_methods(&list, "HEAD", "PROPFIND"), 0);
    text[list.len] = '\0';
    ASSERT_STR_EQ(text, "POST, PUT, PATCH, DELETE, OPTIONS, PROPFIND");
    buffer_init(&list, text, sizeof(text) - 1);
    ASSERT_INT_EQ(field_rules_methods(&list, NULL, "PATCH"), 0);
    text[list.len] = '\0';
    ASSERT_STR_EQ(text, "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
    return 0;
}

/* lighttpd drops Upgrade from a FastCGI backend, so conf/upgrade-426.lua
 * sets it itself: to the worker's value. */
TEST(field_rules_upgrade_matches_the_lighttpd_configuration)
{
    char *conf = read_source_file("conf/upgrade-426.lua");
    ASSERT(conf != NULL);
    char expected[64];
    snprintf(expected, sizeof(expected),
             "r.resp_header[\"Upgrade\"] = \"%s\"", field_rules_upgrade);
    int found = strstr(conf, expected) != NULL;
    free(conf);
    if (!found)
        printf("# conf/upgrade-426.lua lacks %s\n", expected);
    ASSERT(found);
    return 0;
}
