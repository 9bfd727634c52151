/* run-tests.c - runs every unit test and reports in TAP */
#include "test.h"

struct test_case {
    const char *name;
    int (*run)(void);
};

#define TEST_ENTRY(name) { #name, test_##name },
static const struct test_case tests[] = { TEST_LIST(TEST_ENTRY) };

int main(void)
{
    size_t count = sizeof(tests) / sizeof(tests[0]);
    int failed = 0;

    printf("1..%zu\n", count);
    for (size_t i = 0; i < count; i++) {
        int rc = tests[i].run();
        printf("%s %zu - %s\n", rc == 0 ? "ok" : "not ok", i + 1,
               tests[i].name);
        failed += rc != 0;
    }
    return failed ? 1 : 0;
}
