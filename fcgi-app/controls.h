/* controls.h - what a request asks of the simulator besides the code:
 * query parameters and X-HttpStatus-* headers, parsed and checked (pure) */
#ifndef HTTPSTATUS_CONTROLS_H
#define HTTPSTATUS_CONTROLS_H

#include <stddef.h>
#include <stdint.h>

#include "request.h"

/* Response header fields a request may set (custom ones and overrides),
 * and the bytes their names and values may take together. */
#define CONTROLS_MAX_FIELDS 16
#define CONTROLS_FIELD_BYTES 4096
#define CONTROLS_FIELD_NAME_MAX 64

struct header_field {
    const char *name;
    const char *value;
};

enum body_format {
    FORMAT_DEFAULT,    /* none asked for: the route's own default */
    FORMAT_JSON,
    FORMAT_TEXT,
    FORMAT_HTML,
};

/* Where a simulated fault cuts the connection. */
enum abort_point {
    ABORT_NONE,
    ABORT_BEFORE_HEADERS,
    ABORT_AFTER_HEADERS,
    ABORT_DURING_BODY,
};

struct sim_controls {
    int has_seed;
    uint64_t seed;
    int suppress_body;
    /* Answer 200 with a JSON account of the response (status, fields,
     * body) instead of the response itself: for browsers, which hide
     * redirects, 1xx and challenges from pages. */
    int envelope;
    uint64_t sleep_after_headers_ms;
    uint64_t dribble_ms;                /* spread the body over this long */
    enum abort_point abort_at;
    enum body_format format;            /* format=, FORMAT_DEFAULT if none */
    /* Fields for the response, by name: a custom field, or an override of
     * one the simulator would send (Location, Retry-After, ETag, ...). */
    struct header_field fields[CONTROLS_MAX_FIELDS];
    size_t field_count;
    char storage[CONTROLS_FIELD_BYTES]; /* decoded names and values */
    size_t storage_used;

    /* Set when a control is refused: the status to answer with (400, or
     * 403 for a redirect to a foreign origin), what was wrong, naming the
     * input, and what is accepted instead. */
    int error_status;
    char error[320];
    const char *accepted;
};

/* No control asked for: what a response the request's controls never
 * reached (an error) is built with. */
void controls_reset(struct sim_controls *c);

/* Reads every control from the headers (req->controls) and then the query,
 * so a query parameter wins over the header for the same control.  Returns
 * 0, or -1 with c->error_status, c->error and c->accepted set. */
int controls_parse(struct sim_controls *c, const struct sim_request *req,
                   const struct request_limits *limits);

/* Whether ch may appear in an RFC 9110 token (a field name, a method). */
int controls_is_tchar(char ch);

/* The field a control set, matched without regard to case; NULL if none. */
const char *controls_field(const struct sim_controls *c, const char *name);

/* The format to answer in for an Accept header (NULL: absent), honouring
 * q-values and wildcards; the fallback wins ties, and also when Accept
 * rules out every format (the simulator never answers 406 for this). */
enum body_format controls_negotiate(const char *accept,
                                    enum body_format fallback);

/* Whether an If-None-Match value matches etag by the weak comparison of
 * RFC 9110 Section 13.1.2 ("*" matches any). */
int controls_etag_matches(const char *if_none_match, const char *etag);

#endif
