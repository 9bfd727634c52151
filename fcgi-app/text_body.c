/* text_body.c - bodies for clients that asked for text or HTML */
#include "text_body.h"

#include <stdio.h>
#include <string.h>

/* Appends len bytes of text to the body; -1 when it is full. */
static int put(struct sim_response *resp, const char *text, size_t len)
{
    if (len > sizeof(resp->body) - resp->body_len)
        return -1;
    memcpy(resp->body + resp->body_len, text, len);
    resp->body_len += len;
    return 0;
}

static int put_string(struct sim_response *resp, const char *text)
{
    return put(resp, text, strlen(text));
}

static int put_escaped(struct sim_response *resp, const char *text)
{
    for (; *text; text++) {
        const char *entity = *text == '<'   ? "&lt;"
                             : *text == '>' ? "&gt;"
                             : *text == '&' ? "&amp;"
                             : *text == '"' ? "&quot;"
                             : *text == '\'' ? "&#39;"
                                             : NULL;
        if (entity ? put_string(resp, entity) : put(resp, text, 1))
            return -1;
    }
    return 0;
}

static const char *reason(int code)
{
    return status_lookup(code)->reason;
}

int text_status_body(struct sim_response *resp)
{
    char line[128];
    int len = snprintf(line, sizeof(line), "%d %s", resp->status,
                       reason(resp->status));
    resp->body_len = 0;
    return len > 0 ? put(resp, line, (size_t)len) : -1;
}

int html_status_body(struct sim_response *resp)
{
    char code[8];
    snprintf(code, sizeof(code), "%d ", resp->status);
    resp->body_len = 0;
    if (put_string(resp, "<!doctype html>\n<html lang=\"en\">\n<head>\n"
                         "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
                         "content=\"width=device-width, initial-scale=1\">\n"
                         "<title>") ||
        put_string(resp, code) || put_escaped(resp, reason(resp->status)) ||
        put_string(resp, "</title>\n<link rel=\"stylesheet\" "
                         "href=\"/style.css\">\n</head>\n<body>\n<h1>") ||
        put_string(resp, code) || put_escaped(resp, reason(resp->status)) ||
        put_string(resp, "</h1>\n<p>") ||
        put_escaped(resp, resp->entry->description) ||
        put_string(resp, "</p>\n"))
        return -1;
    if (resp->note && (put_string(resp, "<p>") ||
                       put_escaped(resp, resp->note) ||
                       put_string(resp, "</p>\n")))
        return -1;
    /* The code's page, when the table has one (build-site writes a page
     * for every row). */
    char link[64];
    snprintf(link, sizeof(link), "<p><a href=\"/codes/%d\">More about %d"
                                 "</a></p>\n", resp->requested,
             resp->requested);
    if (status_table_find(resp->requested) && put_string(resp, link))
        return -1;
    return put_string(resp, "</body>\n</html>\n");
}
