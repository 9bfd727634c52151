/* test_notes.c - the notes on each code, and the table's order */
#include "test.h"

#include "fixture.h"
#include "notes.h"
#include "status_table.h"

TEST(notes_for_every_registered_code)
{
    struct note notes[NOTES_MAX];
    for (size_t i = 0; i < status_table_count(); i++) {
        const struct status_entry *e = status_table_at(i);
        size_t count = notes_for_code(e->code, notes,
                                            NOTES_MAX);
        if (count == 0)
            printf("# %d has no notes\n", e->code);
        ASSERT(count > 0);
        for (size_t n = 0; n < count; n++) {
            ASSERT(strlen(notes[n].text) > 10);
            ASSERT(notes[n].spec != NULL && *notes[n].spec);
            ASSERT_INT_EQ(notes[n].about_response, 0);
        }
    }
    size_t count = notes_for_code(511, notes, NOTES_MAX);
    ASSERT(has_note(notes, count, NOTE_ERROR, "Caches must not store it"));
    count = notes_for_code(204, notes, NOTES_MAX);
    ASSERT(has_note(notes, count, NOTE_ERROR, "No content"));
    count = notes_for_code(301, notes, NOTES_MAX);
    ASSERT(has_note(notes, count, NOTE_WARN, "use 308 to keep the method"));
    count = notes_for_code(418, notes, NOTES_MAX);
    ASSERT(has_note(notes, count, NOTE_WARN, "Reserved and unused"));
    count = notes_for_code(522, notes, NOTES_MAX);
    ASSERT(has_note(notes, count, NOTE_WARN, "Not in the IANA registry"));
    ASSERT_INT_EQ(notes_for_code(99, notes, NOTES_MAX), 0);
    return 0;
}

/* notes_for_code() bsearches the table: a row out of order drops notes. */
TEST(notes_table_is_sorted_by_code)
{
    int previous = -1, code;
    size_t rows = 0;
    for (size_t i = 0; (code = notes_table_code(i)) != -1; i++, rows++) {
        if (code < previous)
            printf("# row %zu: %d after %d\n", i, code, previous);
        ASSERT(code >= previous);
        previous = code;
    }
    ASSERT(rows > 50);
    return 0;
}
