/* fuzz_request.c - libFuzzer target: a whole request through the core
 *
 * The input is the request: its method, path, query and header entries
 * one per line ("NAME=value", as CGI names them without HTTP_), then an
 * empty line and the body.  Whatever comes in, the response must hold:
 * a final status of 200..599 (a 1xx only as an interim response), one
 * well-formed CGI head whose fields carry no CR, LF or control byte,
 * a Content-Length that is the body's, and a JSON body that parses.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_tree.h>

#include "dispatch.h"
#include "http.h"

#define MAX_ENTRIES 24

static const struct request_limits limits = {
    .max_query_bytes = 4096, .max_body_bytes = 65536, .max_sleep_ms = 30000,
    .front_end = FRONT_END_LIGHTTPD,
};
static struct response resp, spare;

/* Every line of a head block is "Name: value" of a token and a field
 * value; returns the block's end, or aborts. */
static const char *check_block(const char *at, const char *end)
{
    if (strncmp(at, "Status: ", 8) != 0)
        abort();
    for (;;) {
        const char *eol = strstr(at, "\r\n");
        if (!eol || eol >= end)
            abort();
        if (eol == at)
            return eol + 2;
        const char *colon = memchr(at, ':', (size_t)(eol - at));
        if (!colon || !http_is_token(at, (size_t)(colon - at)) ||
            colon[1] != ' ')
            abort();
        for (const char *c = colon + 2; c < eol; c++)
            if ((*c < 0x20 && *c != '\t') || *c == 0x7f)
                abort();
        at = eol + 2;
    }
}

static void check_response(void)
{
    static char head[16384];
    if (resp.status < 200 || resp.status > 599 ||
        (resp.interim && (resp.interim < 100 || resp.interim > 199)))
        abort();
    size_t len = response_format_head(&resp, head, sizeof(head), NULL);
    if (len == 0)
        abort();
    const char *at = head, *end = head + len;
    if (resp.interim)
        at = check_block(at, end);
    if (check_block(at, end) != end)
        abort();

    const char *length = response_field(&resp.head, "Content-Length");
    if (length && resp.send_body &&
        strtoull(length, NULL, 10) != resp.body_len)
        abort();
    const char *type = response_field(&resp.head, "Content-Type");
    if (type && strstr(type, "json") && resp.body_len) {
        static char text[RESPONSE_BODY_SIZE + 1], error[128];
        memcpy(text, resp.body, resp.body_len);
        text[resp.body_len] = '\0';
        yajl_val root = yajl_tree_parse(text, error, sizeof(error));
        if (!root)
            abort();
        yajl_tree_free(root);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char copy[65536];
    static char entries[MAX_ENTRIES][4200];
    static const char *const fixed[] = { "REQUEST_METHOD=", "SCRIPT_NAME=",
                                         "QUERY_STRING=" };
    char *env[MAX_ENTRIES + 2];
    size_t count = 0;
    struct sim_request req;

    if (size >= sizeof(copy))
        return 0;
    memcpy(copy, data, size);
    copy[size] = '\0';
    char *line = copy, *body = copy + size;
    while (count < MAX_ENTRIES && line < copy + size) {
        char *eol = memchr(line, '\n', (size_t)(copy + size - line));
        if (eol)
            *eol = '\0';
        if (*line == '\0' && count >= 3) {
            body = eol ? eol + 1 : copy + size;
            break;
        }
        snprintf(entries[count], sizeof(entries[count]), "%s%s",
                 count < 3 ? fixed[count] : "HTTP_", line);
        env[count] = entries[count];
        count++;
        if (!eol)
            break;
        line = eol + 1;
    }
    static char length_entry[48];
    size_t body_len = (size_t)(copy + size - body);
    snprintf(length_entry, sizeof(length_entry), "CONTENT_LENGTH=%zu",
             body_len);
    env[count++] = length_entry;
    env[count] = NULL;

    request_from_env(&req, env);
    request_set_id(&req, 0x1234);
    strcpy(req.received, "2026-12-01T00:00:00.000Z");
    uint64_t length;
    req.body = request_body_verdict(&req, &limits, &length);
    req.body_data = body;
    req.body_kept = body_len;
    req.body_bytes = body_len;
    req.random = (uint64_t)size * UINT64_C(0x9e3779b97f4a7c15);
    dispatch(&resp, &spare, &req, &limits);
    check_response();
    return 0;
}
