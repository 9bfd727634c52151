/* fuzz_head_parser.c - libFuzzer target: heads to inspect
 *
 * Whatever text comes in, head_parse refuses it with a sentence or gives
 * a final status of 200..599 after interim 1xx codes, and fields whose
 * names are tokens and whose values hold no line break.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "head_parser.h"
#include "inspector.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct parsed_head head;
    char error[320];
    if (size > HEAD_MAX_BYTES)
        return 0;
    if (head_parse(&head, (const char *)data, size, error,
                   sizeof(error)) != 0) {
        if (strncmp(error, "Parsing stopped at line ", 24) != 0)
            abort();
        return 0;
    }
    if (head.status < 200 || head.status > 599 ||
        head.count > HEAD_MAX_FIELDS || head.interim_count > HEAD_MAX_INTERIM)
        abort();
    for (size_t i = 0; i < head.interim_count; i++)
        if (head.interim[i] < 100 || head.interim[i] > 199)
            abort();
    for (size_t i = 0; i < head.count; i++) {
        const char *name = head.fields[i].name, *value = head.fields[i].value;
        if (!http_is_token(name, strlen(name)) || strpbrk(value, "\r\n"))
            abort();
    }
    struct note notes[NOTES_MAX];
    struct inspected_head seen = { head.status, NULL, head.fields,
                                   head.count };
    if (inspector_notes(head.status, &seen, notes, NOTES_MAX) > NOTES_MAX)
        abort();
    return 0;
}
