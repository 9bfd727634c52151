/* choice.c - parsing code lists and picking from them */
#include "choice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "status_table.h"

/* Longest weight accepted, in characters: "0.000001" and "12.5" fit, a
 * thousand-digit number does not. */
#define WEIGHT_TEXT_MAX 16

static int parse_code(const char *text, size_t len, int *code, char *error,
                      size_t error_size)
{
    if (status_parse_code(text, len, code) == 0)
        return 0;
    snprintf(error, error_size, "'%.*s' is not a status code from 100 to 599.",
             (int)(len < 20 ? len : 20), text);
    return -1;
}

/* A plain decimal: optional '-', digits, optional fraction.  Parsed by
 * strtod only after this check, so "inf", "nan" and hex never get in. */
static int parse_weight(const char *text, size_t len, double *weight,
                        char *error, size_t error_size)
{
    char copy[WEIGHT_TEXT_MAX + 1];
    size_t i = 0, digits = 0;

    if (len > 0 && text[0] == '-')
        i++;
    for (; i < len && text[i] >= '0' && text[i] <= '9'; i++)
        digits++;
    if (i < len && text[i] == '.')
        for (i++; i < len && text[i] >= '0' && text[i] <= '9'; i++)
            digits++;
    if (i != len || digits == 0 || len > WEIGHT_TEXT_MAX) {
        snprintf(error, error_size, "weight '%.*s' is not a decimal number.",
                 (int)(len < 20 ? len : 20), text);
        return -1;
    }
    memcpy(copy, text, len);
    copy[len] = '\0';
    *weight = strtod(copy, NULL);
    if (!(*weight > 0)) {
        snprintf(error, error_size, "weight '%s' must be greater than 0.",
                 copy);
        return -1;
    }
    return 0;
}

static int parse_item(struct choice_item *item, const char *text, size_t len,
                      int *weighted, char *error, size_t error_size)
{
    const char *colon = memchr(text, ':', len);
    size_t codes_len = colon ? (size_t)(colon - text) : len;
    const char *dash = memchr(text, '-', codes_len);

    item->weight = 1;
    if (colon) {
        *weighted = 1;
        if (parse_weight(colon + 1, len - codes_len - 1, &item->weight, error,
                         error_size) != 0)
            return -1;
    }
    if (!dash) {
        if (parse_code(text, codes_len, &item->low, error, error_size) != 0)
            return -1;
        item->high = item->low;
        return 0;
    }
    if (parse_code(text, (size_t)(dash - text), &item->low, error,
                   error_size) != 0 ||
        parse_code(dash + 1, codes_len - (size_t)(dash - text) - 1,
                   &item->high, error, error_size) != 0)
        return -1;
    if (item->high < item->low) {
        snprintf(error, error_size, "range '%.*s' runs downwards.",
                 (int)codes_len, text);
        return -1;
    }
    return 0;
}

int choice_parse(struct choice *choice, const char *text, size_t len,
                 char *error, size_t error_size)
{
    int weighted = 0;
    size_t start = 0;

    choice->count = 0;
    choice->total = 0;
    if (len == 0) {
        snprintf(error, error_size, "no status code was given.");
        return -1;
    }
    while (start <= len) {
        const char *comma = memchr(text + start, ',', len - start);
        size_t item_len = comma ? (size_t)(comma - text) - start : len - start;
        if (choice->count == CHOICE_MAX_ITEMS) {
            snprintf(error, error_size, "a list holds at most %d items.",
                     CHOICE_MAX_ITEMS);
            return -1;
        }
        struct choice_item *item = &choice->items[choice->count];
        if (item_len == 0) {
            snprintf(error, error_size, "the list has an empty item.");
            return -1;
        }
        if (parse_item(item, text + start, item_len, &weighted, error,
                       error_size) != 0)
            return -1;
        choice->total += (item->high - item->low + 1) * item->weight;
        choice->count++;
        start += item_len + 1;
    }
    if (weighted)
        choice->kind = CHOICE_WEIGHTED;
    else if (choice->count == 1 && choice->items[0].low ==
                                       choice->items[0].high)
        choice->kind = CHOICE_FIXED;
    else
        choice->kind = CHOICE_RANDOM;
    return 0;
}

int choice_pick(const struct choice *choice, uint64_t random)
{
    /* 53 random bits make a double in [0, 1) with no rounding bias. */
    double point = (double)(random >> 11) * 0x1.0p-53 * choice->total;
    const struct choice_item *item = &choice->items[0];

    for (size_t i = 0; i < choice->count; i++) {
        item = &choice->items[i];
        double span = (item->high - item->low + 1) * item->weight;
        if (point < span) {
            int offset = (int)(point / item->weight);
            return item->low + (offset > item->high - item->low
                                    ? item->high - item->low : offset);
        }
        point -= span;
    }
    /* Rounding left the point past the end: the last code is the pick. */
    return item->high;
}

uint64_t choice_mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

uint64_t choice_seeded(uint64_t seed)
{
    /* The golden-ratio step keeps seed 0 away from choice_mix's fixed
     * point. */
    return choice_mix(seed + UINT64_C(0x9e3779b97f4a7c15));
}

const char *choice_kind_name(enum choice_kind kind)
{
    static const char *const names[] = {
        [CHOICE_FIXED] = "fixed",
        [CHOICE_RANDOM] = "random",
        [CHOICE_WEIGHTED] = "weighted",
    };
    return names[kind];
}
