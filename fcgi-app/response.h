/* response.h - deciding the simulator's answer to a request (pure) */
#ifndef HTTPSTATUS_RESPONSE_H
#define HTTPSTATUS_RESPONSE_H

#include <stddef.h>
#include <stdint.h>

#include "choice.h"
#include "controls.h"
#include "inspector.h"
#include "request.h"
#include "status_table.h"

/* Enough for the simulator's own fields, a code's, CONTROLS_MAX_FIELDS
 * custom ones and the CORS pair. */
#define RESPONSE_MAX_FIELDS 40
/* Formatted values, the Expose-Headers list of every field name the
 * largest among them. */
#define RESPONSE_VALUES_SIZE 8192
/* Room for the largest diagnostic body: echoed strings are bounded
 * (JSON_HEADER_ECHO_BUDGET for headers, REQUEST_PATH_MAX, the query limit)
 * and escaping makes a byte at most six. */
#define RESPONSE_BODY_SIZE (128 * 1024)

/* One header block: the final response's, or an interim 1xx one's. */
struct header_block {
    struct header_field fields[RESPONSE_MAX_FIELDS];
    size_t count;
};

struct sim_response {
    int status;                 /* the final status sent */
    int requested;              /* the code asked for; 0 on an error */
    const struct status_entry *entry; /* its row; NULL on an error */
    int interim;                /* 1xx sent before the final one, or 0 */
    const char *note;           /* why the final status differs, or NULL */
    struct header_block interim_head;
    struct header_block head;   /* every field of the final response */
    struct header_block code_head; /* the fields the code itself needs */
    uint64_t delay_ms;          /* wait this long before sending it */
    int send_body;              /* 0 for HEAD and for bodiless codes */
    struct choice choice;       /* how the code was chosen */
    int chosen;                 /* the code the choice picked */
    struct sim_controls controls; /* the request's controls; the head's
                                   * custom fields point into it */
    struct note notes[INSPECTOR_MAX_NOTES]; /* the inspector's, about the
                                             * code and this response */
    size_t note_count;
    char values[RESPONSE_VALUES_SIZE]; /* storage for formatted values */
    size_t values_used;
    char body[RESPONSE_BODY_SIZE];
    size_t body_len;
    char scratch[INSPECTOR_MAX_HEAD_BYTES]; /* a head to inspect, parsed
                                             * in place */
};

/* Decides the whole response to req: status, header fields and body.
 * Never fails: a request the simulator cannot serve gets a 4xx problem
 * response, and a body that cannot be generated a 500.  resp is large
 * (it holds the body); give each worker thread one and reuse it. */
void response_build(struct sim_response *resp, const struct sim_request *req,
                    const struct request_limits *limits);

/* The fields a code needs (Location, Retry-After, ...), with the value
 * the simulator sends or, where it computes one, a typical value.
 * Returns how many were written to fields. */
size_t response_code_fields(const struct status_entry *entry,
                            struct header_field *fields, size_t max);

/* Whether the response is sent in timed steps once it starts (a sleep
 * after the head, a dribbled body, a cut after the head or in the body),
 * holding a delayed-response place. */
int response_is_paced(const struct sim_response *resp);

/* Writes the CGI header section(s) into out: the interim block, if any,
 * then "Status: ..." and the final fields, each block ended by an empty
 * line.  Returns the length, or 0 if out is too small. */
size_t response_format_head(const struct sim_response *resp, char *out,
                            size_t out_size);

#endif
