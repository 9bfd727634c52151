/* test_head_parser.c - response heads as curl -i prints them */
#include "test.h"

#include <stdlib.h>

#include "head_parser.h"

static int parse_text(const char *text, struct parsed_head *head,
                      char *error)
{
    return head_parse(head, text, strlen(text), error, 320);
}

TEST(head_parser_reads_heads_as_curl_prints_them)
{
    static struct parsed_head head;
    char error[320];

    ASSERT_INT_EQ(parse_text("HTTP/1.1 100 Continue\r\n\r\n"
                             "HTTP/1.1 503 Service Unavailable\r\n"
                             "Retry-After:  5 \r\n"
                             "content-type: text/plain\r\n\r\n"
                             "the body: ignored\r\n", &head, error), 0);
    ASSERT_INT_EQ(head.status, 503);
    ASSERT_INT_EQ(head.interim_count, 1);
    ASSERT_INT_EQ(head.interim[0], 100);
    ASSERT_INT_EQ(head.count, 2);
    ASSERT_STR_EQ(head.fields[0].name, "Retry-After");
    ASSERT_STR_EQ(head.fields[0].value, "5");
    ASSERT_STR_EQ(head.fields[1].value, "text/plain");

    ASSERT_INT_EQ(parse_text("\nHTTP/2 204\nx-a: 1", &head, error), 0);
    ASSERT_INT_EQ(head.status, 204);
    ASSERT_INT_EQ(head.count, 1);

    static const struct {
        const char *text, *error;
    } bad[] = {
        { "", "Parsing stopped at line 0: no status line found." },
        { "hello", "Parsing stopped at line 1: expected a status line such "
                   "as 'HTTP/1.1 200 OK', found 'hello'." },
        { "HTTP/1.1 99 Low", "Parsing stopped at line 1: expected a status "
                             "line such as 'HTTP/1.1 200 OK', found "
                             "'HTTP/1.1 99 Low'." },
        { "HTTP/1.1 200 OK\r\nNo colon here\r\n",
          "Parsing stopped at line 2: expected a field name and a colon, "
          "found 'No colon here'." },
        { "HTTP/1.1 200 OK\r\nA: 1\r\n folded\r\n",
          "Parsing stopped at line 3: a line that starts with whitespace "
          "continues the previous field (obsolete line folding)." },
        { "HTTP/1.1 200 OK\r\nRetry-After: 5\rX: y\r\n\r\n",
          "Parsing stopped at line 2: a CR that does not end the line." },
        { "HTTP/1.1 200\rOK\r\n\r\n",
          "Parsing stopped at line 1: a CR that does not end the line." },
        { "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n",
          "Parsing stopped at line 3: no final status line after the "
          "interim response." },
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        ASSERT_INT_EQ(parse_text(bad[i].text, &head, error), -1);
        ASSERT_STR_EQ(error, bad[i].error);
    }
    return 0;
}

/* A head that fills the whole limit and ends without a line feed: the
 * parser's NUL after the last line must stay inside its own copy (it once
 * wrote one byte past the caller's buffer). */
TEST(head_parser_reads_a_head_of_the_largest_size)
{
    static struct parsed_head head;
    static char text[HEAD_MAX_BYTES];
    char error[320];
    static const char start[] = "HTTP/1.1 200 OK\r\nX-Fill: ";
    memcpy(text, start, sizeof(start) - 1);
    memset(text + sizeof(start) - 1, 'a', sizeof(text) - sizeof(start) + 1);
    text[sizeof(text) - 1] = 'z';
    ASSERT_INT_EQ(head_parse(&head, text, sizeof(text), error, 320), 0);
    ASSERT_INT_EQ(head.count, 1);
    ASSERT_INT_EQ(strlen(head.fields[0].value),
                  HEAD_MAX_BYTES - (sizeof(start) - 1));
    ASSERT(head.fields[0].value[strlen(head.fields[0].value) - 1] == 'z');
    /* The input is left as it was. */
    ASSERT(text[sizeof(start) - 3] == ':');

    ASSERT_INT_EQ(head_parse(&head, text, HEAD_MAX_BYTES + 1, error, 320),
                  -1);
    ASSERT_STR_EQ(error, "Parsing stopped at line 0: the head is longer "
                         "than 16384 bytes.");
    return 0;
}
