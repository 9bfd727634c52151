/* test_inspector.c - checks of actual response heads */
#include "test.h"

#include "field_rules.h"
#include "fixture.h"
#include "inspector.h"
#include "status_table.h"

static size_t head_notes(int status, const char *method,
                         const struct header_field *fields, size_t count,
                         struct note *notes)
{
    struct inspected_head head = { status, method, fields, count, NULL };
    return inspector_head_notes(&head, notes, NOTES_MAX);
}

TEST(inspector_finds_what_a_head_gets_wrong)
{
    struct note notes[NOTES_MAX];
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

/* The fields the simulator sends for a code satisfy the inspector's own
 * rules for it: the two lists of which code needs which field agree. */
TEST(inspector_agrees_with_the_field_rules)
{
    struct note notes[NOTES_MAX];
    struct header_field fields[8];
    for (size_t i = 0; i < status_table_count(); i++) {
        const struct status_entry *e = status_table_at(i);
        if (e->delivery != DELIVER_FINAL)
            continue;
        size_t count = field_rules_examples(e, fields, 8);
        size_t n = head_notes(e->code, "GET", fields, count, notes);
        for (size_t k = 0; k < n; k++)
            if (notes[k].topic == TOPIC_HEADERS) {
                printf("# %d: %s\n", e->code, notes[k].text);
                return 1;
            }
    }
    return 0;
}
