/* sequence.c - the n-th code of a list for the n-th request with a key */
#include "sequence.h"

#include <string.h>

int sequence_key_is_sane(const char *key, size_t len)
{
    if (len == 0 || len > SEQUENCE_KEY_MAX)
        return 0;
    for (size_t i = 0; i < len; i++) {
        char c = key[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
              c == '~'))
            return 0;
    }
    return 1;
}

static const char *const then_names[] = { "last", "cycle", "random" };

int sequence_then_parse(const char *text, enum sequence_then *then)
{
    for (size_t i = 0; i < sizeof(then_names) / sizeof(then_names[0]); i++)
        if (strcmp(text, then_names[i]) == 0) {
            *then = (enum sequence_then)i;
            return 0;
        }
    return -1;
}

const char *sequence_then_name(enum sequence_then then)
{
    return then_names[then];
}

/* The code at index (from 0) of the list with its ranges expanded. */
static int code_at(const struct choice *choice, size_t index)
{
    for (size_t i = 0; i < choice->count; i++) {
        size_t span = (size_t)(choice->items[i].high - choice->items[i].low)
                      + 1;
        if (index < span)
            return choice->items[i].low + (int)index;
        index -= span;
    }
    return choice->items[choice->count - 1].high;
}

void sequence_pick(struct sequence_step *step, const struct choice *choice,
                   uint64_t random)
{
    size_t length = 0;
    for (size_t i = 0; i < choice->count; i++)
        length += (size_t)(choice->items[i].high - choice->items[i].low) + 1;
    step->length = length;
    if (step->request <= length)
        step->position = (size_t)step->request;
    else if (step->then == SEQUENCE_THEN_CYCLE)
        step->position = (size_t)((step->request - 1) % length) + 1;
    else if (step->then == SEQUENCE_THEN_LAST)
        step->position = length;
    else
        step->position = 0;
    step->code = step->position ? code_at(choice, step->position - 1)
                                : choice_pick(choice, random);
}
