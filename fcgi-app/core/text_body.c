/* text_body.c - bodies for clients that asked for text or HTML */
#include "text_body.h"

int text_body_plain(struct buffer *out, int status)
{
    out->len = 0;
    return buffer_decimal(out, (unsigned)status) || buffer_puts(out, " ") ||
           buffer_puts(out, status_lookup(status)->reason);
}

int text_body_html(struct buffer *out, int status, int requested,
                   const char *note, const char *mount, size_t mount_len)
{
    const char *reason = status_lookup(status)->reason;
    out->len = 0;
    if (buffer_puts(out, "<!doctype html>\n<html lang=\"en\">\n<head>\n"
                         "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
                         "content=\"width=device-width, initial-scale=1\">\n"
                         "<title>") ||
        buffer_printf(out, "%d ", status) ||
        buffer_html_escaped(out, reason) ||
        buffer_puts(out, "</title>\n<link rel=\"stylesheet\" href=\"") ||
        buffer_html_escaped_len(out, mount, mount_len) ||
        buffer_puts(out, "/style.css\">\n</head>\n<body>\n<h1>") ||
        buffer_printf(out, "%d ", status) ||
        buffer_html_escaped(out, reason) ||
        buffer_puts(out, "</h1>\n<p>") ||
        buffer_html_escaped(out, status_lookup(requested)->description) ||
        buffer_puts(out, "</p>\n"))
        return -1;
    if (note && (buffer_puts(out, "<p>") || buffer_html_escaped(out, note) ||
                 buffer_puts(out, "</p>\n")))
        return -1;
    /* build-site writes a page for every row of the table. */
    if (status_table_find(requested) &&
        (buffer_puts(out, "<p><a href=\"") ||
         buffer_html_escaped_len(out, mount, mount_len) ||
         buffer_printf(out, "/codes/%d\">More about %d</a></p>\n", requested,
                       requested)))
        return -1;
    return buffer_puts(out, "</body>\n</html>\n");
}
