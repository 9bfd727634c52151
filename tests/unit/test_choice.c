/* test_choice.c - code lists, ranges and weights, and the random pick */
#include "test.h"

#include "choice.h"

static int parse(struct choice *choice, const char *text, char *error)
{
    return choice_parse(choice, text, strlen(text), error, 160);
}

TEST(choice_parses_codes_lists_ranges_and_weights)
{
    static struct choice choice;
    char error[160];

    ASSERT_INT_EQ(parse(&choice, "503", error), 0);
    ASSERT_INT_EQ(choice.kind, CHOICE_FIXED);
    ASSERT_INT_EQ(choice_pick(&choice, 12345), 503);

    ASSERT_INT_EQ(parse(&choice, "200,201,500-504", error), 0);
    ASSERT_INT_EQ(choice.kind, CHOICE_RANDOM);
    ASSERT_INT_EQ(choice.count, 3);
    ASSERT(choice.total == 7.0);

    ASSERT_INT_EQ(parse(&choice, "200:0.9,500:0.1", error), 0);
    ASSERT_INT_EQ(choice.kind, CHOICE_WEIGHTED);
    ASSERT(choice.total > 0.999 && choice.total < 1.001);

    /* A range over every code is one item, not five hundred. */
    ASSERT_INT_EQ(parse(&choice, "100-599", error), 0);
    ASSERT_INT_EQ(choice.count, 1);
    ASSERT(choice.total == 500.0);
    return 0;
}

TEST(choice_refuses_bad_lists)
{
    static struct choice choice;
    char error[160];
    static const struct {
        const char *text, *error;
    } bad[] = {
        { "", "no status code was given." },
        { "200,", "the list has an empty item." },
        { "200,,500", "the list has an empty item." },
        { "200,1000", "'1000' is not a status code from 100 to 599." },
        { "99-200", "'99' is not a status code from 100 to 599." },
        { "504-500", "range '504-500' runs downwards." },
        { "200:0", "weight '0' must be greater than 0." },
        { "200:0,500:0", "weight '0' must be greater than 0." },
        { "200:-1", "weight '-1' must be greater than 0." },
        { "200:abc", "weight 'abc' is not a decimal number." },
        { "200:inf", "weight 'inf' is not a decimal number." },
        { "200:1e9", "weight '1e9' is not a decimal number." },
        { "200:", "weight '' is not a decimal number." },
        { "0-2000000000", "'0' is not a status code from 100 to 599." },
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        ASSERT_INT_EQ(parse(&choice, bad[i].text, error), -1);
        ASSERT_STR_EQ(error, bad[i].error);
    }

    char many[CHOICE_MAX_ITEMS * 4 + 8] = "";
    for (int i = 0; i <= CHOICE_MAX_ITEMS; i++)
        strcat(many, i ? ",200" : "200");
    ASSERT_INT_EQ(parse(&choice, many, error), -1);
    ASSERT_STR_EQ(error, "a list holds at most 64 items.");
    return 0;
}

TEST(choice_distribution_follows_the_weights)
{
    static struct choice choice;
    char error[160];
    int counts[600] = { 0 };
    const int draws = 100000;

    ASSERT_INT_EQ(parse(&choice, "200:0.9,500:0.1", error), 0);
    for (int i = 0; i < draws; i++)
        counts[choice_pick(&choice, choice_mix((uint64_t)i))]++;
    ASSERT_INT_EQ(counts[200] + counts[500], draws);
    ASSERT(counts[500] > draws / 10 - 1000 && counts[500] < draws / 10 + 1000);

    /* Duplicates weigh more; a range spreads evenly over its codes. */
    memset(counts, 0, sizeof(counts));
    ASSERT_INT_EQ(parse(&choice, "200,200,500-501", error), 0);
    for (int i = 0; i < draws; i++)
        counts[choice_pick(&choice, choice_mix((uint64_t)i))]++;
    ASSERT(counts[200] > draws / 2 - 1500 && counts[200] < draws / 2 + 1500);
    ASSERT(counts[500] > draws / 4 - 1500 && counts[500] < draws / 4 + 1500);
    ASSERT_INT_EQ(counts[200] + counts[500] + counts[501], draws);

    /* The extremes of the random value stay inside the list. */
    ASSERT_INT_EQ(choice_pick(&choice, 0), 200);
    ASSERT_INT_EQ(choice_pick(&choice, UINT64_MAX), 501);
    /* Seeds, small consecutive numbers as people pick them, still spread
     * over the whole list. */
    memset(counts, 0, sizeof(counts));
    for (uint64_t seed = 0; seed < 300; seed++)
        counts[choice_pick(&choice, choice_seeded(seed))]++;
    ASSERT(counts[200] > 100 && counts[500] > 40 && counts[501] > 40);
    return 0;
}
