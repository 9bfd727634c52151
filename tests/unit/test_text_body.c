/* test_text_body.c - the text and HTML bodies */
#include "test.h"

#include "text_body.h"

TEST(text_body_exact_and_bounded)
{
    char storage[4096];
    struct buffer out;
    buffer_init(&out, storage, sizeof(storage));
    ASSERT_INT_EQ(text_body_plain(&out, 418), 0);
    ASSERT_INT_EQ(out.len, strlen("418 (Unused)"));
    ASSERT(memcmp(storage, "418 (Unused)", out.len) == 0);

    ASSERT_INT_EQ(text_body_html(&out, 200, 103, "Interim <first>.", "", 0),
                  0);
    storage[out.len] = '\0';
    ASSERT(strstr(storage, "<title>200 OK</title>") != NULL);
    ASSERT(strstr(storage, "<p>Interim &lt;first&gt;.</p>") != NULL);
    ASSERT(strstr(storage, "href=\"/style.css\""));
    ASSERT(strstr(storage, "<a href=\"/codes/103\">More about 103</a>"));
    ASSERT(strncmp(storage, "<!doctype html>", 15) == 0);
    ASSERT(strcmp(storage + out.len - 8, "</html>\n") == 0);

    /* Under a mount prefix the links stay under it, escaped; only the
     * prefix's own bytes count. */
    ASSERT_INT_EQ(text_body_html(&out, 404, 404, NULL, "/~a\"b/x/api", 5),
                  0);
    storage[out.len] = '\0';
    ASSERT(strstr(storage, "href=\"/~a&quot;b/style.css\""));
    ASSERT(strstr(storage, "<a href=\"/~a&quot;b/codes/404\">"));

    /* An unregistered code has no page to link. */
    ASSERT_INT_EQ(text_body_html(&out, 299, 299, NULL, "", 0), 0);
    storage[out.len] = '\0';
    ASSERT(strstr(storage, "/codes/") == NULL);

    buffer_init(&out, storage, 100);
    ASSERT_INT_EQ(text_body_html(&out, 200, 200, NULL, "", 0), -1);
    return 0;
}
