/* choice.h - which status to answer with: one code, or a random pick from a
 * list, a range or weighted codes (the httpstat.us and httpbin forms) */
#ifndef HTTPSTATUS_CHOICE_H
#define HTTPSTATUS_CHOICE_H

#include <stddef.h>
#include <stdint.h>

/* Items in one list.  Ranges are kept as their two ends, never expanded,
 * so "100-599" costs one item like "200" does. */
#define CHOICE_MAX_ITEMS 64

enum choice_kind {
    CHOICE_FIXED,      /* one code */
    CHOICE_RANDOM,     /* a list or range, every code equally likely */
    CHOICE_WEIGHTED,   /* code:weight items, as httpbin takes them */
};

struct choice_item {
    int low, high;     /* the codes low..high, each of weight */
    double weight;
};

struct choice {
    enum choice_kind kind;
    struct choice_item items[CHOICE_MAX_ITEMS];
    size_t count;
    double total;      /* sum of (high - low + 1) * weight */
};

/* Parses "503", "200,201,500-504" or "200:0.9,500:0.1".  Every code is
 * checked as a single one would be (100..599), every range must run
 * upwards, every weight must be a positive decimal number.  Returns 0, or
 * -1 with a sentence naming the offending item written into error. */
int choice_parse(struct choice *choice, const char *text, size_t len,
                 char *error, size_t error_size);

/* Picks a code; random is a uniformly distributed 64-bit value, so the
 * same value always picks the same code (that is what seed= relies on). */
int choice_pick(const struct choice *choice, uint64_t random);

/* splitmix64's finaliser: a bijection that spreads every input bit over the
 * whole output, so counters and small seeds become well-mixed values. */
uint64_t choice_mix(uint64_t value);

/* The random value a seed= stands for. */
uint64_t choice_seeded(uint64_t seed);

/* "fixed", "random" or "weighted". */
const char *choice_kind_name(enum choice_kind kind);

#endif
