/* buffer.h - a bounded byte buffer over storage its user provides: every
 * renderer, the response's strings and its head are written through it */
#ifndef HTTPSTATUS_BUFFER_H
#define HTTPSTATUS_BUFFER_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

/* Never grows: a write that does not fit writes nothing, sets overflow and
 * fails, so a bound is a bound and a caller checks once at the end. */
struct buffer {
    char *data;
    size_t size;
    size_t len;
    int overflow;
};

/* The buffer writes into storage[0..size); storage must outlive it. */
void buffer_init(struct buffer *b, char *storage, size_t size);

/* Each returns 0, or -1 (and sets overflow) when the bytes do not fit;
 * buffer_printf needs a byte more than it writes (vsnprintf's NUL).
 * The two smallest are inline: yajl hands every token of every body to
 * buffer_append, and a call per token was a tenth of a request's
 * instructions. */
static inline int buffer_append(struct buffer *b, const char *data,
                                size_t len)
{
    if (b->overflow || len > b->size - b->len) {
        b->overflow = 1;
        return -1;
    }
    memcpy(b->data + b->len, data, len);
    b->len += len;
    return 0;
}

static inline int buffer_puts(struct buffer *b, const char *text)
{
    return buffer_append(b, text, strlen(text));
}

__attribute__((format(printf, 2, 3)))
int buffer_printf(struct buffer *b, const char *format, ...);
__attribute__((format(printf, 2, 0)))
int buffer_vprintf(struct buffer *b, const char *format, va_list args);
/* text with <, >, &, " and ' written as HTML character references. */
int buffer_html_escaped(struct buffer *b, const char *text);
/* The same for text[0..len), which need not be NUL-terminated. */
int buffer_html_escaped_len(struct buffer *b, const char *text, size_t len);
/* value as decimal digits, without printf. */
int buffer_decimal(struct buffer *b, unsigned long long value);

/* Appends text[0..len) and a NUL and returns where the copy starts, for
 * a buffer used as string storage; NULL (and overflow) when full. */
const char *buffer_keep(struct buffer *b, const char *text, size_t len);

#endif
