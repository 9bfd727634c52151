/* log_record.c - a request log's record: its parts in a fixed order, each
 * a NUL-terminated string (numbers in decimal, so that hosts of any byte
 * order share a Redis store), after a tag naming the format */
#include "log_record.h"

#include <stdlib.h>
#include <string.h>

#include "redact.h"
#include "request.h"

#define FORMAT_TAG "h1"

static void put(struct buffer *out, const char *text, size_t len)
{
    buffer_append(out, text, len);
    buffer_append(out, "", 1);
}

static void put_string(struct buffer *out, const char *text)
{
    put(out, text, strlen(text));
}

static void put_number(struct buffer *out, unsigned long long value)
{
    buffer_decimal(out, value);
    buffer_append(out, "", 1);
}

static int put_header(void *out, const char *name, const char *value)
{
    put_string(out, name);
    put_string(out, value);
    return ((struct buffer *)out)->overflow;
}

static int pack(struct buffer *out, const struct sim_request *req,
                int status, int whole)
{
    char query[LOG_STRING_MAX + 1];
    out->len = 0;
    out->overflow = 0;
    put_string(out, FORMAT_TAG);
    put_number(out, (unsigned long long)status);
    put_number(out, req->body_bytes);
    put_number(out, req->received_ms);
    put_string(out, req->method);
    put_string(out, req->id);
    put_string(out, req->received);
    put_string(out, whole ? "1" : "0");
    if (whole) {
        put(out, req->path,
            req->path_len < LOG_STRING_MAX ? req->path_len : LOG_STRING_MAX);
        redact_query(req->query, req->secret_names, query, sizeof(query));
        put_string(out, query);
        /* Where the flag goes is known only once the fields are in. */
        size_t flag_at = out->len;
        put_string(out, "0");
        if (redact_each_header(req, LOG_HEADERS_BUDGET, put_header, out) ==
                1 &&
            !out->overflow)
            out->data[flag_at] = '1';
    }
    return out->overflow ? -1 : 0;
}

int log_record_pack(struct buffer *out, const struct sim_request *req,
                    int status)
{
    return pack(out, req, status, 1) == 0 ? 0 : pack(out, req, status, 0);
}

/* The next string of a record, from *at to its NUL before end; NULL when
 * there is none. */
static const char *take(const char **at, const char *end)
{
    const char *text = *at, *nul = memchr(text, '\0', (size_t)(end - text));
    if (!nul)
        return NULL;
    *at = nul + 1;
    return text;
}

static int take_number(const char **at, const char *end, long long *value)
{
    const char *text = take(at, end);
    if (!text || !*text || strspn(text, "0123456789") != strlen(text))
        return -1;
    *value = strtoll(text, NULL, 10);
    return 0;
}

static int take_flag(const char **at, const char *end, int *flag)
{
    const char *text = take(at, end);
    if (!text || (strcmp(text, "0") != 0 && strcmp(text, "1") != 0))
        return -1;
    *flag = text[0] == '1';
    return 0;
}

int log_record_unpack(const char *record, size_t len,
                      struct log_entry *entry)
{
    const char *at = record, *end = record + len, *tag;
    *entry = (struct log_entry){ .headers = NULL };
    if (!(tag = take(&at, end)) || strcmp(tag, FORMAT_TAG) != 0 ||
        take_number(&at, end, &entry->status) != 0 ||
        take_number(&at, end, &entry->body_bytes) != 0 ||
        take_number(&at, end, &entry->received_ms) != 0 ||
        !(entry->method = take(&at, end)) || !(entry->id = take(&at, end)) ||
        !(entry->received = take(&at, end)) ||
        take_flag(&at, end, &entry->whole) != 0)
        return -1;
    if (!entry->whole)
        return at == end ? 0 : -1;
    if (!(entry->path = take(&at, end)) || !(entry->query = take(&at, end)) ||
        take_flag(&at, end, &entry->headers_truncated) != 0)
        return -1;
    entry->headers = at;
    entry->headers_end = end;
    /* The fields come in pairs, each NUL-terminated. */
    for (size_t strings = 0; at < end; strings++)
        if (!take(&at, end) || (at == end && strings % 2 == 0))
            return -1;
    return 0;
}
