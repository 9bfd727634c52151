/* text_body.h - the plain-text and HTML bodies of a simulated status, for
 * clients that asked for them */
#ifndef HTTPSTATUS_TEXT_BODY_H
#define HTTPSTATUS_TEXT_BODY_H

#include "buffer.h"
#include "status_table.h"

/* httpstat.us's body: "511 Network Authentication Required", with no
 * newline, for status.  Returns 0, or -1 when it does not fit. */
int text_body_plain(struct buffer *out, int status);

/* A small HTML page naming status, describing the code requested and
 * saying note when there is one (NULL: none); it links the stylesheet and
 * the code's page (when the table has one) under mount[0..mount_len), the
 * path the simulator is served from ("" at the server's root).  Every
 * string in it is escaped.  Returns 0, or -1 when it does not fit. */
int text_body_html(struct buffer *out, int status, int requested,
                   const char *note, const char *mount, size_t mount_len);

#endif
