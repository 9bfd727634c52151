/* redact.h - which request data is a secret, and never echoed: the rule
 * every body follows when it shows what a client sent */
#ifndef HTTPSTATUS_REDACT_H
#define HTTPSTATUS_REDACT_H

#include <stddef.h>

struct sim_request; /* request.h */

/* What a secret's value is shown as. */
#define REDACTED "[redacted]"

/* Whether a request header or a query parameter of this name carries a
 * secret: a credential header by name (Authorization, Cookie, ...), a
 * name holding token, secret, passw, signature, session, credential or
 * api-key in any spelling, or one of the operator's own names (more, as
 * "x-tenant,account"; NULL for none); matched without regard to case.
 * The scenario names key and sequence name test state and are not
 * secrets. */
int redact_is_secret(const char *name, size_t len, const char *more);

/* Copies query into out (at most out_size - 1 bytes, NUL-terminated) with
 * the value of every secret parameter replaced by REDACTED.  Returns the
 * length written. */
size_t redact_query(const char *query, const char *more, char *out,
                    size_t out_size);

/* Hands each(ctx, name, value) the request's fields as every echo shows
 * them: in order, a secret's value as REDACTED, until their names and
 * values pass budget bytes.  Returns 1 when the rest were cut there, -1
 * when each stopped it (by returning nonzero), else 0. */
int redact_each_header(const struct sim_request *req, size_t budget,
                       int (*each)(void *ctx, const char *name,
                                   const char *value),
                       void *ctx);

/* Whether more is a list redact_is_secret takes: names of token
 * characters, separated by commas, at most REDACT_MORE_MAX bytes. */
int redact_names_valid(const char *more);
#define REDACT_MORE_MAX 1024

#endif
