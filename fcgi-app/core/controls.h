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
#include "ratelimit.h"
#include "sequence.h"

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
    int has_seed;
    uint64_t seed;
    int suppress_body;
    /* Answer 200 with a JSON account of the response (status, fields,
     * body) instead of the response itself: for browsers, which hide
     * redirects, 1xx and challenges from pages. */
    int envelope;
    struct pacing pacing;               /* sleep, sleepAfterHeaders,
                                         * dribbleBody, abort */
    uint64_t sleep_high_ms;             /* sleep=LOW-HIGH: the delay is
                                         * drawn from pacing.delay_ms to
                                         * this; 0: sleep= gave one */
    /* fail=SHARE: that share of requests (in millionths) answers
     * fail_status (0: 503) instead. */
    int has_fail;
    uint32_t fail_ppm;
    int fail_status;
    enum body_format format;            /* format=, FORMAT_DEFAULT if none */
    /* The caller's state: sequence=KEY asks for a sequence under KEY,
     * key=KEY (or X-HttpStatus-Key) names the same state for everything
     * else; "" when neither. */
    char key[SEQUENCE_KEY_MAX + 1];
    int sequence;
    enum sequence_then then;            /* then=, after a sequence's end */
    /* Each spelling's key as read, so that two that differ are refused. */
    char sequence_key[SEQUENCE_KEY_MAX + 1];
    char plain_key[SEQUENCE_KEY_MAX + 1];
    int has_then;
    /* ratelimit=N/PERIOD: a window of N requests per key= (or client
     * address); over it, ratelimit_status (429) with the time left. */
    int has_ratelimit;
    uint64_t quota, window_ms;
    int ratelimit_status;               /* 0: 429 */
    int has_ratelimit_fields;
    enum ratelimit_dialect dialect;     /* ratelimit_fields=, draft10 */
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

/* Row index of the table, for the tests that hold README and the OpenAPI
 * document against it: its query spelling and the peers' other spelling
 * (NULL when it has none), and its header X-HttpStatus-{header} in the
 * environment's spelling, "SUPPRESSBODY" (NULL when it has none).
 * Returns 0, or -1 past the end. */
int controls_table_at(size_t index, const char **query, const char **alias,
                      const char **header);

#endif
