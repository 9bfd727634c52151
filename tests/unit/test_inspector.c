/* test_inspector.c - notes on codes, checks of heads, the head parser */
#include "test.h"

#include "inspector.h"

/* Whether notes hold one whose text contains part, with that severity. */
static int has_note(const struct note *notes, size_t count,
                    enum note_severity severity, const char *part)
{
    for (size_t i = 0; i < count; i++)
        if (notes[i].severity == severity && strstr(notes[i].text, part))
            return 1;
    return 0;
}

TEST(inspector_notes_for_every_registered_code)
{
    struct note notes[INSPECTOR_MAX_NOTES];
    for (size_t i = 0; i < status_table_count(); i++) {
        const struct status_entry *e = status_table_at(i);
        size_t count = inspector_code_notes(e->code, notes,
                                            INSPECTOR_MAX_NOTES);
        if (count == 0)
            printf("# %d has no notes\n", e->code);
        ASSERT(count > 0);
        for (size_t n = 0; n < count; n++) {
            ASSERT(strlen(notes[n].text) > 10);
            ASSERT(notes[n].spec != NULL && *notes[n].spec);
            ASSERT_INT_EQ(notes[n].about_response, 0);
        }
    }
    size_t count = inspector_code_notes(511, notes, INSPECTOR_MAX_NOTES);
    ASSERT(has_note(notes, count, NOTE_ERROR, "Caches must not store it"));
    count = inspector_code_notes(204, notes, INSPECTOR_MAX_NOTES);
    ASSERT(has_note(notes, count, NOTE_ERROR, "No content"));
    count = inspector_code_notes(301, notes, INSPECTOR_MAX_NOTES);
    ASSERT(has_note(notes, count, NOTE_WARN, "use 308 to keep the method"));
    count = inspector_code_notes(418, notes, INSPECTOR_MAX_NOTES);
    ASSERT(has_note(notes, count, NOTE_WARN, "Reserved and unused"));
    count = inspector_code_notes(522, notes, INSPECTOR_MAX_NOTES);
    ASSERT(has_note(notes, count, NOTE_WARN, "Not in the IANA registry"));
    ASSERT_INT_EQ(inspector_code_notes(99, notes, INSPECTOR_MAX_NOTES), 0);
    return 0;
}

static size_t head_notes(int status, const char *method,
                         const struct header_field *fields, size_t count,
                         struct note *notes)
{
    struct inspected_head head = { status, method, fields, count };
    return inspector_head_notes(&head, notes, INSPECTOR_MAX_NOTES);
}

TEST(inspector_finds_what_a_head_gets_wrong)
{
    struct note notes[INSPECTOR_MAX_NOTES];
    size_t n = head_notes(401, NULL, NULL, 0, notes);
    ASSERT(has_note(notes, n, NOTE_ERROR, "401 without WWW-Authenticate"));
    ASSERT_INT_EQ(notes[0].about_response, 1);

    n = head_notes(302, NULL, NULL, 0, notes);
    ASSERT(has_note(notes, n, NOTE_ERROR, "redirect without Location"));
    n = head_notes(429, NULL, NULL, 0, notes);
    ASSERT(has_note(notes, n, NOTE_WARN, "429 without Retry-After"));

    const struct header_field cacheable[] = {
        { "Cache-Control", "public, max-age=600" },
    };
    n = head_notes(503, NULL, cacheable, 1, notes);
    ASSERT(has_note(notes, n, NOTE_WARN, "cacheable server error"));
    n = head_notes(429, NULL, cacheable, 1, notes);
    ASSERT(has_note(notes, n, NOTE_ERROR, "forbids them to store"));
    const struct header_field no_store[] = {
        { "cache-control", "no-store, max-age=600" },
        { "Retry-After", "5" },
    };
    n = head_notes(503, NULL, no_store, 2, notes);
    ASSERT_INT_EQ(n, 0);

    const struct header_field misplaced[] = {
        { "Location", "/x" }, { "WWW-Authenticate", "Basic" },
    };
    n = head_notes(511, NULL, misplaced, 2, notes);
    ASSERT(has_note(notes, n, NOTE_WARN, "Location on this status"));
    ASSERT(has_note(notes, n, NOTE_WARN, "a 511 in particular"));

    const struct header_field framing[] = {
        { "Content-Length", "5" }, { "Transfer-Encoding", "chunked" },
        { "Content-Length", "6" },
    };
    n = head_notes(204, NULL, framing, 3, notes);
    ASSERT(has_note(notes, n, NOTE_ERROR, "must not appear on a 1xx or 204"));
    ASSERT(has_note(notes, n, NOTE_ERROR, "request-smuggling"));
    ASSERT(has_note(notes, n, NOTE_ERROR, "more than once"));

    n = head_notes(304, "POST", NULL, 0, notes);
    ASSERT(has_note(notes, n, NOTE_ERROR, "only a conditional GET or HEAD"));
    return 0;
}

static int parse_text(const char *text, struct parsed_head *head,
                      char *error)
{
    static char copy[INSPECTOR_MAX_HEAD_BYTES];
    size_t len = strlen(text);
    memcpy(copy, text, len);
    return inspector_parse_head(copy, len, head, error, 320);
}

TEST(inspector_parses_heads_as_curl_prints_them)
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
