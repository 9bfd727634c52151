/* test_http.c - the HTTP primitives */
#include "test.h"

#include "http.h"

TEST(http_negotiate_accept)
{
    static const char *const types[] = {
        "application/json", "text/plain", "text/html",
    };
    enum { JSON, TEXT, HTML };
    static const struct {
        const char *accept;
        size_t fallback, expected;
    } cases[] = {
        { NULL, JSON, JSON },
        { NULL, TEXT, TEXT },
        { "*/*", TEXT, TEXT },
        { "application/json", TEXT, JSON },
        { "application/json;q=0.9", TEXT, JSON },
        { "text/plain", JSON, TEXT },
        { "text/html", JSON, HTML },
        { "text/*", JSON, TEXT },
        { "application/*", TEXT, JSON },
        { "text/plain;q=0.5, application/json;q=0.8", TEXT,
          JSON },
        { "text/html,application/xhtml+xml,application/xml;q=0.9,"
          "*/*;q=0.8", JSON, HTML },
        { "application/json;q=0, */*", JSON, TEXT },
        { "TEXT/PLAIN", JSON, TEXT },
        { "image/png", JSON, JSON },
        { "text/plain;q=0", TEXT, TEXT },
        { " text/html ; q=0.2 , text/plain ; q=0.3", JSON,
          TEXT },
        { "garbage, ;;;, /", JSON, JSON },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        size_t got = http_negotiate(cases[i].accept, types, 3,
                                    cases[i].fallback);
        if (got != cases[i].expected)
            printf("# case %zu: %s\n", i, cases[i].accept);
        ASSERT_INT_EQ(got, cases[i].expected);
    }
    return 0;
}

TEST(http_etag_comparison_is_weak)
{
    ASSERT(http_etag_matches("\"v1\"", "\"v1\""));
    ASSERT(http_etag_matches("W/\"v1\"", "\"v1\""));
    ASSERT(http_etag_matches("\"v1\"", "W/\"v1\""));
    ASSERT(http_etag_matches("\"a\", \"v1\"", "\"v1\""));
    ASSERT(http_etag_matches("*", "\"v1\""));
    ASSERT(!http_etag_matches("\"v2\"", "\"v1\""));
    ASSERT(!http_etag_matches("v1", "\"v1\""));
    ASSERT(!http_etag_matches("", "\"v1\""));
    return 0;
}

TEST(http_tokens_numbers_and_escapes)
{
    ASSERT(http_is_token("X-Custom_1!", 11));
    ASSERT(!http_is_token("", 0));
    ASSERT(!http_is_token("a b", 3));
    ASSERT(!http_is_token("a:b", 3));
    ASSERT(http_is_field_value("text, \tmore ~"));
    ASSERT(!http_is_field_value("a\r\nb"));
    ASSERT(!http_is_field_value("caf\xc3\xa9"));
    ASSERT(http_is_token_list("GET, X-A", 512));
    ASSERT(!http_is_token_list("GET\r\n", 512));
    ASSERT(!http_is_token_list("", 512));
    ASSERT(!http_is_token_list("abcd", 3));

    uint64_t value;
    ASSERT_INT_EQ(http_parse_decimal("250", 3, 1000, &value), 0);
    ASSERT_INT_EQ(value, 250);
    ASSERT_INT_EQ(http_parse_decimal("99999999999999999999999", 23, 1000,
                                     &value), 0);
    ASSERT_INT_EQ(value, 1001);
    ASSERT_INT_EQ(http_parse_decimal("", 0, 1000, &value), -1);
    ASSERT_INT_EQ(http_parse_decimal("-1", 2, 1000, &value), -1);
    ASSERT_INT_EQ(http_parse_decimal("1.5", 3, 1000, &value), -1);

    char text[] = "a+b%2Fc%3d%41";
    ASSERT_INT_EQ(http_percent_decode(text, strlen(text)), 7);
    ASSERT(memcmp(text, "a b/c=A", 7) == 0);
    char broken[] = "%4";
    ASSERT_INT_EQ(http_percent_decode(broken, 2), -1);
    char bad_digit[] = "%g0";
    ASSERT_INT_EQ(http_percent_decode(bad_digit, 3), -1);

    ASSERT_INT_EQ(http_find_control("to=%2Fa%20b%80"), -1);
    ASSERT_INT_EQ(http_find_control("a=1&next=%0d%0aSet-Cookie"), 9);
    ASSERT_INT_EQ(http_find_control("a=%7F"), 2);
    ASSERT_INT_EQ(http_find_control("a=%1f"), 2);
    ASSERT_INT_EQ(http_find_control("a=\tb"), 2);
    ASSERT_INT_EQ(http_find_control("a=%0"), -1);

    char name[16];
    ASSERT_INT_EQ(http_header_case("USER_AGENT", 10, name, sizeof(name)), 0);
    ASSERT_STR_EQ(name, "User-Agent");
    ASSERT_INT_EQ(http_header_case("X", 0, name, sizeof(name)), -1);
    ASSERT_INT_EQ(http_header_case("A_VERY_LONG_NAME_HERE", 21, name,
                                   sizeof(name)), -1);
    return 0;
}

TEST(http_finds_fields_and_list_members)
{
    const struct header_field fields[] = {
        { "Content-Type", "a" }, { "ETag", "\"1\"" }, { "etag", "\"2\"" },
    };
    ASSERT_STR_EQ(http_field_find(fields, 3, "etag")->value, "\"1\"");
    ASSERT(http_field_find(fields, 3, "Location") == NULL);
    ASSERT(http_field_find(fields, 0, "ETag") == NULL);

    ASSERT(http_list_has("keep-alive, Close", "close"));
    ASSERT(http_list_has("close", "close"));
    ASSERT(!http_list_has("closed", "close"));
    ASSERT(!http_list_has("", "close"));
    ASSERT(!http_list_has(NULL, "close"));
    return 0;
}

TEST(http_dates_etags_and_durations)
{
    char date[HTTP_DATE_LEN + 1];
    uint64_t seconds, ms;
    http_date_format(784111777, date);
    ASSERT_STR_EQ(date, "Sun, 06 Nov 1994 08:49:37 GMT");
    http_date_format(0, date);
    ASSERT_STR_EQ(date, "Thu, 01 Jan 1970 00:00:00 GMT");
    http_date_format(951782400, date);
    ASSERT_STR_EQ(date, "Tue, 29 Feb 2000 00:00:00 GMT");
    ASSERT_INT_EQ(http_date_parse("Sun, 06 Nov 1994 08:49:37 GMT", &seconds),
                  0);
    ASSERT_INT_EQ(seconds, 784111777);
    ASSERT_INT_EQ(http_date_parse("Tue, 29 Feb 2000 00:00:00 GMT", &seconds),
                  0);
    ASSERT_INT_EQ(seconds, 951782400);
    ASSERT_INT_EQ(http_date_parse("Sunday, 06-Nov-94 08:49:37 GMT",
                                  &seconds), -1);
    ASSERT_INT_EQ(http_date_parse("Sun, 06 Nov 1994 08:49:37 UTC", &seconds),
                  -1);
    ASSERT_INT_EQ(http_date_parse("Sun, 06 Xyz 1994 08:49:37 GMT", &seconds),
                  -1);

    ASSERT(http_etag_matches_strongly("\"a\", \"v2\"", "\"v2\""));
    ASSERT(http_etag_matches_strongly("*", "\"v2\""));
    ASSERT(!http_etag_matches_strongly("W/\"v2\"", "\"v2\""));
    ASSERT(!http_etag_matches_strongly("\"v1\"", "\"v2\""));

    ASSERT_INT_EQ(http_parse_duration("10s", 3, 86400000, &ms), 0);
    ASSERT_INT_EQ(ms, 10000);
    ASSERT_INT_EQ(http_parse_duration("250ms", 5, 86400000, &ms), 0);
    ASSERT_INT_EQ(ms, 250);
    ASSERT_INT_EQ(http_parse_duration("0s", 2, 86400000, &ms), -1);
    ASSERT_INT_EQ(http_parse_duration("25h", 3, 86400000, &ms), -1);
    ASSERT_INT_EQ(http_parse_duration("10", 2, 86400000, &ms), -1);
    return 0;
}
