/* problem.h - every refusal as an RFC 9457 problem response, and the
 * last-resort 500 when a body cannot be generated */
#ifndef HTTPSTATUS_PROBLEM_H
#define HTTPSTATUS_PROBLEM_H

#include "request.h"
#include "response.h"

/* What a code, list or weights parameter takes, as refusals say it. */
#define PROBLEM_ACCEPTED_CODES "a status code (three decimal digits from " \
    "100 to 599), a list of codes and ranges such as 200,500-504, or " \
    "weighted codes such as 200:0.9,500:0.1"

/* Input quoted back in a problem's detail is cut to this many bytes. */
#define PROBLEM_QUOTE_MAX 100

/* Makes resp (reset first) a problem response to req: status, its
 * application/problem+json body with detail (printf-formatted) and
 * accepted (what would have been taken; NULL for none), and the fields
 * every response carries.  A caller may add fields afterwards (Allow on a
 * 405, Retry-After on a 503). */
__attribute__((format(printf, 5, 6)))
void problem_respond(struct response *resp, const struct sim_request *req,
                     int status, const char *accepted, const char *format,
                     ...);

/* Makes resp (reset first) a 500 whose fixed body needs no generator:
 * for when the body a response needs could not be generated. */
void problem_unavailable(struct response *resp,
                         const struct sim_request *req);

#endif
