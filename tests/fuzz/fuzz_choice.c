/* fuzz_choice.c - libFuzzer target: code lists, ranges and weights
 *
 * Whatever list comes in, choice_parse either refuses it with a sentence
 * or accepts it, and then every pick is a code of the list, 100..599.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "choice.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct choice choice;
    char error[160];
    if (choice_parse(&choice, (const char *)data, size, error,
                     sizeof(error)) != 0) {
        if (!memchr(error, '\0', sizeof(error)) || error[0] == '\0')
            abort();
        return 0;
    }
    if (choice.count == 0 || choice.count > CHOICE_MAX_ITEMS ||
        !(choice.total > 0))
        abort();
    static const uint64_t randoms[] = { 0, 1, UINT64_MAX, UINT64_MAX / 2,
                                        UINT64_C(0x9e3779b97f4a7c15) };
    for (size_t r = 0; r < sizeof(randoms) / sizeof(randoms[0]); r++) {
        int code = choice_pick(&choice, choice_mix(randoms[r] + size));
        int listed = 0;
        for (size_t i = 0; i < choice.count; i++)
            listed |= code >= choice.items[i].low &&
                      code <= choice.items[i].high;
        if (code < 100 || code > 599 || !listed)
            abort();
    }
    return 0;
}
