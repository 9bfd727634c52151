/* front_end.c - what each web server does with a response from its worker
 *
 * Measured on Debian 12 (lighttpd 1.4.69, Apache 2.4 with mod_fcgid,
 * mod_proxy_fcgi and mod_cgi, nginx 1.22): only lighttpd relays a 1xx
 * block from its backend as an interim response.  Apache and nginx take
 * the first block's status as the final one and pass the worker's real
 * final head on as body bytes, so the client sees a malformed response.
 * Only lighttpd, too, cuts the client's connection where the worker cuts
 * its own (abort=); the others turn the cut into something else.
 */
#include "front_end.h"

#include <string.h>
#include <strings.h>

struct front_end_row {
    enum front_end front_end;
    const char *name;
    const char *software;        /* SERVER_SOFTWARE begins with it */
    const char *interim_refusal; /* NULL: relays 1xx */
    const char *abort_refusal;   /* NULL: a cut reaches the client */
    const char *head_abort_refusal; /* a cut before the head, when it
                                     * differs from the others */
};

/* In enum front_end's order. */
static const struct front_end_row rows[] = {
    { FRONT_END_AUTO, "auto", NULL, NULL, NULL, NULL },
    /* A client connection lighttpd has not begun to answer is one it
     * keeps: it sends its own 500 instead. */
    { FRONT_END_LIGHTTPD, "lighttpd", "lighttpd", NULL, NULL,
      "lighttpd answers a FastCGI or CGI program that ends before its "
      "head with a 500 page of its own" },
    { FRONT_END_APACHE, "apache", "Apache",
      "Apache takes a 1xx from its FastCGI or CGI program as the final "
      "status and would pass the real final response on inside the body",
      "Apache answers a FastCGI or CGI program that breaks off with an "
      "error page of its own, or ends the response as if it were whole",
      NULL },
    { FRONT_END_NGINX, "nginx", "nginx",
      "nginx takes a 1xx from its FastCGI backend as the final status and "
      "would pass the real final response on inside the body",
      "nginx answers a FastCGI backend that breaks off before the head "
      "with a 502 page, and after it keeps the client's connection open "
      "until its keep-alive timeout instead of cutting it", NULL },
    { FRONT_END_GENERIC, "generic", NULL,
      "the web server in front is not one known to relay a 1xx from its "
      "backend (set HTTPSTATUS_FRONT_END=lighttpd if it does)",
      "the web server in front is not one known to pass a cut connection "
      "on to the client (set HTTPSTATUS_FRONT_END=lighttpd if it does)",
      NULL },
};

#define ROW_COUNT (sizeof(rows) / sizeof(rows[0]))

int front_end_parse(const char *text, enum front_end *out)
{
    for (size_t i = 0; i < ROW_COUNT; i++)
        if (strcasecmp(text, rows[i].name) == 0) {
            *out = rows[i].front_end;
            return 0;
        }
    return -1;
}

const char *front_end_name(enum front_end front_end)
{
    return rows[front_end].name;
}

enum front_end front_end_of(enum front_end configured,
                            const char *server_software)
{
    if (configured != FRONT_END_AUTO)
        return configured;
    for (size_t i = 0; server_software && i < ROW_COUNT; i++)
        if (rows[i].software &&
            strncasecmp(server_software, rows[i].software,
                        strlen(rows[i].software)) == 0)
            return rows[i].front_end;
    return FRONT_END_GENERIC;
}

const char *front_end_interim_refusal(enum front_end front_end)
{
    return rows[front_end].interim_refusal;
}

const char *front_end_abort_refusal(enum front_end front_end,
                                    int before_headers)
{
    if (before_headers && rows[front_end].head_abort_refusal)
        return rows[front_end].head_abort_refusal;
    return rows[front_end].abort_refusal;
}
