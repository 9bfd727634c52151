/* front_end.h - the web server in front of the worker, and what of a
 * response it can carry to the client unchanged */
#ifndef HTTPSTATUS_FRONT_END_H
#define HTTPSTATUS_FRONT_END_H

enum front_end {
    FRONT_END_AUTO,        /* told by each request's SERVER_SOFTWARE */
    FRONT_END_LIGHTTPD,
    FRONT_END_APACHE,
    FRONT_END_NGINX,
    FRONT_END_GENERIC,     /* one not known: nothing it might mangle */
};

/* "auto", "lighttpd", "apache", "nginx" or "generic" (any case) into out.
 * Returns 0, or -1 for any other text. */
int front_end_parse(const char *text, enum front_end *out);

const char *front_end_name(enum front_end front_end);

/* The front end a request came through: configured unless that is
 * FRONT_END_AUTO, else the one SERVER_SOFTWARE names (NULL or unknown:
 * FRONT_END_GENERIC). */
enum front_end front_end_of(enum front_end configured,
                            const char *server_software);

/* NULL when an interim (1xx) response the worker writes reaches the client
 * as one through front_end; else why it would not, as a sentence that
 * completes "The code was not sent as an interim response: ". */
const char *front_end_interim_refusal(enum front_end front_end);

/* NULL when a connection the worker cuts (abort=; before_headers: before
 * it wrote anything) reaches the client as a cut through front_end; else
 * why it would not, as a sentence. */
const char *front_end_abort_refusal(enum front_end front_end,
                                    int before_headers);

#endif
