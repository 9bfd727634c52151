/* buffer.c - the bounded byte buffer */
#include "buffer.h"

#include <stdio.h>
#include <string.h>

void buffer_init(struct buffer *b, char *storage, size_t size)
{
    b->data = storage;
    b->size = size;
    b->len = 0;
    b->overflow = 0;
}

int buffer_printf(struct buffer *b, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    int rc = buffer_vprintf(b, format, args);
    va_end(args);
    return rc;
}

int buffer_vprintf(struct buffer *b, const char *format, va_list args)
{
    size_t room = b->size - b->len;
    char none[1];
    int len = vsnprintf(room ? b->data + b->len : none, room ? room : 1,
                        format, args);
    if (b->overflow || len < 0 || (size_t)len >= room) {
        b->overflow = 1;
        return -1;
    }
    b->len += (size_t)len;
    return 0;
}

int buffer_html_escaped(struct buffer *b, const char *text)
{
    return buffer_html_escaped_len(b, text, strlen(text));
}

int buffer_html_escaped_len(struct buffer *b, const char *text, size_t len)
{
    const char *plain = text, *end = text + len;
    for (; text < end; text++) {
        const char *entity = *text == '<'    ? "&lt;"
                             : *text == '>'  ? "&gt;"
                             : *text == '&'  ? "&amp;"
                             : *text == '"'  ? "&quot;"
                             : *text == '\'' ? "&#39;"
                                             : NULL;
        if (!entity)
            continue;
        if (buffer_append(b, plain, (size_t)(text - plain)) ||
            buffer_puts(b, entity))
            return -1;
        plain = text + 1;
    }
    return buffer_append(b, plain, (size_t)(text - plain));
}

int buffer_decimal(struct buffer *b, unsigned long long value)
{
    char digits[24];
    size_t at = sizeof(digits);
    do {
        digits[--at] = (char)('0' + value % 10);
        value /= 10;
    } while (value);
    return buffer_append(b, digits + at, sizeof(digits) - at);
}

const char *buffer_keep(struct buffer *b, const char *text, size_t len)
{
    if (b->overflow || len >= b->size - b->len) {
        b->overflow = 1;
        return NULL;
    }
    char *copy = b->data + b->len;
    memcpy(copy, text, len);
    copy[len] = '\0';
    b->len += len + 1;
    return copy;
}
