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

TEST(sleepers_remove_anywhere_keeps_the_order)
{
    struct sleepers s;
    int items[9];
    ASSERT_INT_EQ(sleepers_init(&s, 9), 0);
    static const uint64_t wakes[] = { 50, 10, 90, 30, 70, 20, 80, 40, 60 };
    for (int i = 0; i < 9; i++)
        ASSERT_INT_EQ(sleepers_push(&s, wakes[i], &items[i]), 0);
    ASSERT_INT_EQ(sleepers_remove(&s, &items[3]), 0);   /* wakes at 30 */
    ASSERT_INT_EQ(sleepers_remove(&s, &items[6]), 0);   /* wakes at 80 */
    ASSERT_INT_EQ(sleepers_remove(&s, &items[3]), -1);
    uint64_t last = 0;
    size_t popped = 0;
    while (sleepers_peek(&s)) {
        uint64_t wake = sleepers_peek(&s)->wake_ns;
        ASSERT(wake >= last && wake != 30 && wake != 80);
        last = wake;
        sleepers_pop(&s);
        popped++;
    }
    ASSERT_INT_EQ(popped, 7);
    sleepers_free(&s);
    return 0;
}
