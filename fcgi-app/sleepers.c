/* sleepers.c - a fixed-capacity min-heap ordered by wake-up time */
#include "sleepers.h"

#include <stdlib.h>

int sleepers_init(struct sleepers *s, size_t capacity)
{
    s->count = 0;
    s->capacity = capacity;
    s->slots = calloc(capacity ? capacity : 1, sizeof(*s->slots));
    return s->slots ? 0 : -1;
}

void sleepers_free(struct sleepers *s)
{
    free(s->slots);
    s->slots = NULL;
    s->count = s->capacity = 0;
}

static void swap(struct sleeper *a, struct sleeper *b)
{
    struct sleeper t = *a;
    *a = *b;
    *b = t;
}

int sleepers_push(struct sleepers *s, uint64_t wake_ns, void *item)
{
    if (s->count == s->capacity)
        return -1;
    size_t i = s->count++;
    s->slots[i].wake_ns = wake_ns;
    s->slots[i].item = item;
    while (i > 0 && s->slots[(i - 1) / 2].wake_ns > s->slots[i].wake_ns) {
        swap(&s->slots[(i - 1) / 2], &s->slots[i]);
        i = (i - 1) / 2;
    }
    return 0;
}

const struct sleeper *sleepers_peek(const struct sleepers *s)
{
    return s->count ? &s->slots[0] : NULL;
}

/* Takes the sleeper at index out: the last one fills its slot and moves
 * down or up until the heap is in order again. */
static void *remove_at(struct sleepers *s, size_t i)
{
    void *item = s->slots[i].item;
    s->slots[i] = s->slots[--s->count];
    while (i > 0 && i < s->count &&
           s->slots[(i - 1) / 2].wake_ns > s->slots[i].wake_ns) {
        swap(&s->slots[(i - 1) / 2], &s->slots[i]);
        i = (i - 1) / 2;
    }
    for (;;) {
        size_t left = 2 * i + 1, right = left + 1, least = i;
        if (left < s->count && s->slots[left].wake_ns < s->slots[least].wake_ns)
            least = left;
        if (right < s->count &&
            s->slots[right].wake_ns < s->slots[least].wake_ns)
            least = right;
        if (least == i)
            return item;
        swap(&s->slots[i], &s->slots[least]);
        i = least;
    }
}

void *sleepers_pop(struct sleepers *s)
{
    return s->count ? remove_at(s, 0) : NULL;
}

int sleepers_remove(struct sleepers *s, void *item)
{
    for (size_t i = 0; i < s->count; i++)
        if (s->slots[i].item == item) {
            remove_at(s, i);
            return 0;
        }
    return -1;
}
