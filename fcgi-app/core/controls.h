/* controls.h - what a request asks of the simulator besides the code:
 * query parameters and X-HttpStatus-* headers, read from one table and
 * checked before anything is built */
#ifndef HTTPSTATUS_CONTROLS_H
#define HTTPSTATUS_CONTROLS_H

#include <stddef.h>
#include <stdint.h>

#include "http.h"
#include "request.h"
#include "response.h"

/* Response header fields a request may set (custom ones and overrides),
 * and the bytes their names and values may take together. */
#define CONTROLS_MAX_FIELDS 16
#define CONTROLS_FIELD_BYTES 4096
#define CONTROLS_FIELD_NAME_MAX 64

enum body_format {
    FORMAT_DEFAULT,    /* none asked for: the route's own default */
    FORMAT_JSON,
    FORMAT_TEXT,
    FORMAT_HTML,
};

struct sim_controls {
    uint64_t sleep_ms;                  /* wait before the response */
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
     * one the simulator would send (Location, Retry-After, ETag, ...).
     * Names and values live in storage. */
    struct header_field fields[CONTROLS_MAX_FIELDS];
    size_t field_count;
    char storage[CONTROLS_FIELD_BYTES];
    struct buffer stored;

    /* Set when a control is refused: the status to answer with (400, or
     * 403 for a redirect to a foreign origin), what was wrong, naming the
     * input, and what is accepted instead. */
    int error_status;
    char error[320];
    const char *accepted;
};

/* No control asked for. */
void controls_reset(struct sim_controls *c);

/* Reads every control from the headers (req->controls) and then the query,
 * so that a query parameter wins over the header for the same control;
 * within each, a later setting wins.  Query names match without regard to
 * case, and query values are percent-decoded.  Returns 0, or -1 with
 * c->error_status, c->error and c->accepted set. */
int controls_parse(struct sim_controls *c, const struct sim_request *req,
                   const struct request_limits *limits);

/* The field a control set, matched without regard to case; NULL if none. */
const char *controls_field(const struct sim_controls *c, const char *name);

/* Whether the response will go out in timed steps once it starts (a
 * sleep after the head, a dribbled body, a cut after the head or in the
 * body), or after a sleep: either holds a delayed-response place. */
int controls_need_a_place(const struct sim_controls *c);

/* Row index of the table, for the tests that hold README and the OpenAPI
 * document against it: its query spelling and the peers' other spelling
 * (NULL when it has none), and its header X-HttpStatus-{header} in the
 * environment's spelling, "SUPPRESSBODY" (NULL when it has none).
 * Returns 0, or -1 past the end. */
int controls_table_at(size_t index, const char **query, const char **alias,
                      const char **header);

#endif
