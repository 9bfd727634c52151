/* test_response.c - a response's owned strings and its formatted head */
#include "test.h"

#include <stdlib.h>

#include "fixture.h"

TEST(response_head_format)
{
    char head[4096];
    build("GET", "/api/status/103", NULL);
    size_t interim_len = 0;
    size_t len = response_format_head(&resp, head, sizeof(head),
                                      &interim_len);
    ASSERT(len > 0);
    ASSERT_INT_EQ(len, strlen(head));
    /* The interim block's names in lower case, the final block's not. */
    static const char interim_then_final[] =
        "Status: 103 Early Hints\r\n"
        "link: </style.css>; rel=preload; as=style\r\n"
        "\r\nStatus: 200 OK\r\n"
        "Content-Type: ";
    ASSERT(strncmp(head, interim_then_final,
                   sizeof(interim_then_final) - 1) == 0);
    ASSERT_INT_EQ(interim_len, strstr(head, "Status: 200") - head);
    ASSERT(strcmp(head + len - 4, "\r\n\r\n") == 0);

    build("GET", "/api/status/204", NULL);
    len = response_format_head(&resp, head, sizeof(head), NULL);
    ASSERT_STR_EQ(head, "Status: 204 No Content\r\n"
                        "Cache-Control: no-store\r\n"
                        "X-Request-Id: 00000000000000aa\r\n"
                        "Vary: Accept\r\n"
                        "Access-Control-Allow-Origin: *\r\n"
                        "Access-Control-Expose-Headers: X-Request-Id, Vary\r\n"
                        "\r\n");
    ASSERT_INT_EQ(response_format_head(&resp, head, 20, NULL), 0);
    return 0;
}

/* Every name and value is the response's own copy: what it was built from
 * may change or go. */
TEST(response_owns_its_strings)
{
    static struct response r;
    char name[16] = "X-Name", value[16] = "one";
    response_reset(&r);
    response_add(&r, &r.head, name, value);
    response_set(&r, &r.head, "x-name", "two");
    response_set(&r, &r.head, "X-Other", value);
    strcpy(name, "changed");
    strcpy(value, "changed");
    ASSERT_INT_EQ(r.head.count, 2);
    ASSERT_STR_EQ(r.head.fields[0].name, "X-Name");
    ASSERT_STR_EQ(response_field(&r.head, "X-NAME"), "two");
    ASSERT_STR_EQ(response_field(&r.head, "x-other"), "one");
    ASSERT(response_field(&r.head, "Location") == NULL);

    /* A full block takes no more fields. */
    for (int i = 0; i < RESPONSE_MAX_FIELDS + 5; i++)
        response_add(&r, &r.interim_head, "Link", "<x>");
    ASSERT_INT_EQ(r.interim_head.count, RESPONSE_MAX_FIELDS);

    response_reset(&r);
    r.body_len = 5;
    response_finish(&r, "HEAD", "id-1", "text/plain", CONTENT_ALLOWED);
    ASSERT_STR_EQ(response_field(&r.head, "Content-Length"), "5");
    ASSERT_STR_EQ(response_field(&r.head, "X-Request-Id"), "id-1");
    ASSERT_INT_EQ(r.send_body, 0);
    response_reset(&r);
    response_finish(&r, "GET", "id-2", NULL, CONTENT_ZERO);
    ASSERT_STR_EQ(response_field(&r.head, "Content-Length"), "0");
    ASSERT(response_field(&r.head, "Content-Type") == NULL);
    ASSERT_INT_EQ(r.send_body, 0);
    return 0;
}
