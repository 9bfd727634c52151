/* test_sleepers.c - the fixed-capacity heap of delayed responses */
#include "test.h"

#include <stdint.h>

#include "sleepers.h"

TEST(sleepers_pop_in_wake_order)
{
    static const uint64_t wakes[] = { 50, 10, 40, 10, 30, 20, 60, 5 };
    int items[8];
    struct sleepers s;
    ASSERT_INT_EQ(sleepers_init(&s, 8), 0);
    ASSERT(sleepers_peek(&s) == NULL);
    ASSERT(sleepers_pop(&s) == NULL);
    for (int i = 0; i < 8; i++) {
        items[i] = (int)wakes[i];
        ASSERT_INT_EQ(sleepers_push(&s, wakes[i], &items[i]), 0);
    }
    ASSERT_INT_EQ(sleepers_push(&s, 1, &items[0]), -1);  /* full */
    ASSERT_INT_EQ(s.count, 8);

    uint64_t last = 0;
    for (int i = 0; i < 8; i++) {
        ASSERT(sleepers_peek(&s) != NULL);
        uint64_t wake = sleepers_peek(&s)->wake_ns;
        int *item = sleepers_pop(&s);
        ASSERT_INT_EQ(*item, wake);
        ASSERT(wake >= last);
        last = wake;
    }
    ASSERT(sleepers_pop(&s) == NULL);
    ASSERT_INT_EQ(sleepers_push(&s, 7, &items[0]), 0);  /* room again */
    sleepers_free(&s);
    return 0;
}

TEST(sleepers_zero_capacity_refuses)
{
    struct sleepers s;
    ASSERT_INT_EQ(sleepers_init(&s, 0), 0);
    ASSERT_INT_EQ(sleepers_push(&s, 1, &s), -1);
    sleepers_free(&s);
    return 0;
}
