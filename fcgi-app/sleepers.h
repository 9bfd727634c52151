/* sleepers.h - delayed responses waiting for their time, soonest first */
#ifndef HTTPSTATUS_SLEEPERS_H
#define HTTPSTATUS_SLEEPERS_H

#include <stddef.h>
#include <stdint.h>

struct sleeper {
    uint64_t wake_ns;       /* CLOCK_MONOTONIC time to send it */
    void *item;
};

/* A binary min-heap of fixed capacity: a full heap refuses, it never grows,
 * so the memory that sleeping requests take is decided at start-up. */
struct sleepers {
    struct sleeper *slots;
    size_t count;
    size_t capacity;
};

/* Returns 0, or -1 when the slots cannot be allocated. */
int sleepers_init(struct sleepers *s, size_t capacity);
void sleepers_free(struct sleepers *s);

/* Returns 0, or -1 when the heap is full. */
int sleepers_push(struct sleepers *s, uint64_t wake_ns, void *item);

/* The soonest sleeper, without removing it; NULL when empty. */
const struct sleeper *sleepers_peek(const struct sleepers *s);

/* Removes and returns the soonest sleeper's item; NULL when empty. */
void *sleepers_pop(struct sleepers *s);

/* Removes the sleeper holding item, wherever it is (a client that went
 * away).  Returns 0, or -1 when no sleeper holds it. */
int sleepers_remove(struct sleepers *s, void *item);

#endif
