/* response.c - building a response's head and formatting it */
#include "response.h"

#include <string.h>

void response_reset(struct response *resp)
{
    resp->status = 0;
    resp->interim = 0;
    resp->requested = 0;
    resp->note = NULL;
    resp->interim_head.count = 0;
    resp->head.count = 0;
    resp->send_body = 0;
    resp->pacing = (struct pacing){ 0, 0, 0, ABORT_NONE };
    buffer_init(&resp->string_space, resp->strings, sizeof(resp->strings));
    resp->body_len = 0;
}

/* A copy of text kept in the response, or "" when its strings are full
 * (they are sized for every field the simulator can build). */
static const char *keep(struct response *resp, const char *text)
{
    const char *copy = buffer_keep(&resp->string_space, text, strlen(text));
    return copy ? copy : "";
}

void response_add(struct response *resp, struct header_block *block,
                  const char *name, const char *value)
{
    if (block->count == RESPONSE_MAX_FIELDS)
        return;
    block->fields[block->count].name = keep(resp, name);
    block->fields[block->count].value = keep(resp, value);
    block->count++;
}

void response_set(struct response *resp, struct header_block *block,
                  const char *name, const char *value)
{
    struct header_field *same = (struct header_field *)http_field_find(
        block->fields, block->count, name);
    if (same)
        same->value = keep(resp, value);
    else
        response_add(resp, block, name, value);
}

const char *response_field(const struct header_block *block,
                           const char *name)
{
    const struct header_field *found = http_field_find(block->fields,
                                                       block->count, name);
    return found ? found->value : NULL;
}

void response_body_buffer(struct response *resp, struct buffer *out)
{
    buffer_init(out, resp->body, sizeof(resp->body));
}

void response_finish(struct response *resp, const char *method,
                     const char *request_id, const char *content_type,
                     enum status_content content)
{
    if (content == CONTENT_ALLOWED) {
        char length[24];
        struct buffer digits;
        buffer_init(&digits, length, sizeof(length) - 1);
        buffer_decimal(&digits, resp->body_len);
        length[digits.len] = '\0';
        if (content_type)
            response_add(resp, &resp->head, "Content-Type", content_type);
        response_add(resp, &resp->head, "Content-Length", length);
    } else if (content == CONTENT_ZERO)
        response_add(resp, &resp->head, "Content-Length", "0");
    /* A simulated error must never be kept by a shared cache by accident. */
    response_add(resp, &resp->head, "Cache-Control", "no-store");
    response_add(resp, &resp->head, "X-Request-Id", request_id);
    resp->send_body = content == CONTENT_ALLOWED &&
                      strcmp(method, "HEAD") != 0;
}

void response_finish_json(struct response *resp, const char *method,
                          const char *request_id)
{
    response_finish(resp, method, request_id,
                    "application/json; charset=utf-8", CONTENT_ALLOWED);
}

int pacing_holds_a_place(const struct pacing *pacing)
{
    return pacing->delay_ms || pacing->after_head_ms || pacing->dribble_ms ||
           pacing->abort_at == ABORT_AFTER_HEADERS ||
           pacing->abort_at == ABORT_DURING_BODY;
}

/* "Status: 404 Not Found" and the block's fields, then the empty line.
 * Plain copies: the head is written for every request, and snprintf per
 * field was a tenth of the worker's instructions.  An interim block's
 * field names go in lower case: lighttpd 1.4.69 copies them into HTTP/2
 * frames as they are, where upper case is a protocol error (RFC 9113,
 * Section 8.2), and on HTTP/1.1 their case means nothing. */
static int format_block(struct buffer *out, int status,
                        const struct header_block *block, int lower_names)
{
    char code[4] = { (char)('0' + status / 100),
                     (char)('0' + status / 10 % 10),
                     (char)('0' + status % 10), ' ' };
    if (buffer_puts(out, "Status: ") || buffer_append(out, code, 4) ||
        buffer_puts(out, status_lookup(status)->reason) ||
        buffer_puts(out, "\r\n"))
        return -1;
    for (size_t i = 0; i < block->count; i++) {
        size_t name_at = out->len;
        if (buffer_puts(out, block->fields[i].name))
            return -1;
        for (size_t at = name_at; lower_names && at < out->len; at++)
            if (out->data[at] >= 'A' && out->data[at] <= 'Z')
                out->data[at] |= 0x20;
        if (buffer_puts(out, ": ") ||
            buffer_puts(out, block->fields[i].value) ||
            buffer_puts(out, "\r\n"))
            return -1;
    }
    return buffer_puts(out, "\r\n");
}

size_t response_format_head(const struct response *resp, char *out,
                            size_t out_size, size_t *interim_len)
{
    struct buffer head;
    if (interim_len)
        *interim_len = 0;
    if (out_size == 0)
        return 0;
    /* A byte is kept for the NUL that ends the text. */
    buffer_init(&head, out, out_size - 1);
    if (resp->interim &&
        format_block(&head, resp->interim, &resp->interim_head, 1) != 0)
        return 0;
    if (interim_len)
        *interim_len = head.len;
    if (format_block(&head, resp->status, &resp->head, 0) != 0)
        return 0;
    out[head.len] = '\0';
    return head.len;
}

const char *response_abort_name(enum abort_point point)
{
    static const char *const names[] = {
        [ABORT_NONE] = "none",
        [ABORT_BEFORE_HEADERS] = "before_headers",
        [ABORT_AFTER_HEADERS] = "after_headers",
        [ABORT_DURING_BODY] = "during_body",
    };
    return names[point];
}
