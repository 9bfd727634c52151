/* test_buffer.c - the bounded byte buffer */
#include "test.h"

#include "buffer.h"

TEST(buffer_never_writes_past_its_size)
{
    char storage[8];
    struct buffer b;
    memset(storage, 'x', sizeof(storage));
    buffer_init(&b, storage, 6);
    ASSERT_INT_EQ(buffer_puts(&b, "abcd"), 0);
    ASSERT_INT_EQ(buffer_puts(&b, "efg"), -1);
    ASSERT_INT_EQ(b.len, 4);
    ASSERT(b.overflow);
    /* After an overflow nothing more is written, even what would fit. */
    ASSERT_INT_EQ(buffer_puts(&b, "e"), -1);
    ASSERT_INT_EQ(b.len, 4);
    ASSERT(memcmp(storage, "abcdxxxx", 8) == 0);

    /* printf writes its NUL too, past the text but inside the size. */
    memset(storage, 'x', sizeof(storage));
    buffer_init(&b, storage, 7);
    ASSERT_INT_EQ(buffer_printf(&b, "%d-%s", 12, "abc"), 0);
    ASSERT_INT_EQ(b.len, 6);
    ASSERT(memcmp(storage, "12-abc\0x", 8) == 0);
    ASSERT_INT_EQ(buffer_printf(&b, "%s", "z"), -1);
    ASSERT_INT_EQ(b.len, 6);
    buffer_init(&b, storage, 6);
    ASSERT_INT_EQ(buffer_printf(&b, "%s", "123456"), -1);
    ASSERT_INT_EQ(b.len, 0);
    ASSERT(storage[6] == '\0' && storage[7] == 'x');
    return 0;
}

TEST(buffer_escapes_html_and_writes_numbers)
{
    char storage[128];
    struct buffer b;
    buffer_init(&b, storage, sizeof(storage));
    ASSERT_INT_EQ(buffer_html_escaped(&b, "<a href=\"x\">'&'</a>"), 0);
    ASSERT_INT_EQ(buffer_decimal(&b, 0), 0);
    ASSERT_INT_EQ(buffer_decimal(&b, 18446744073709551615ULL), 0);
    storage[b.len] = '\0';
    ASSERT_STR_EQ(storage, "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;"
                           "&lt;/a&gt;018446744073709551615");
    buffer_init(&b, storage, 10);
    ASSERT_INT_EQ(buffer_html_escaped(&b, "abcdefg<"), -1);
    return 0;
}

TEST(buffer_keeps_strings)
{
    char storage[8];
    struct buffer b;
    buffer_init(&b, storage, sizeof(storage));
    const char *one = buffer_keep(&b, "abc", 3);
    const char *two = buffer_keep(&b, "de", 2);
    ASSERT_STR_EQ(one, "abc");
    ASSERT_STR_EQ(two, "de");
    /* Two bytes and a NUL do not fit in the one byte left. */
    ASSERT(buffer_keep(&b, "f", 1) == NULL);
    ASSERT(b.overflow);
    return 0;
}
