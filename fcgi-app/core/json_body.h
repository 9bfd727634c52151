/* json_body.h - the JSON bodies the simulator sends, each written into a
 * buffer from explicit inputs; the only user of yajl */
#ifndef HTTPSTATUS_JSON_BODY_H
#define HTTPSTATUS_JSON_BODY_H

#include "buffer.h"
#include "choice.h"
#include "controls.h"
#include "head_parser.h"
#include "notes.h"
#include "request.h"
#include "ratelimit.h"
#include "response.h"
#include "sequence.h"
#include "status_table.h"

/* Raw bytes of request header values echoed in one body; headers past the
 * budget are left out and "headers_truncated" says so. */
#define JSON_HEADER_ECHO_BUDGET 8192
/* Longest single string echoed from the request; longer ones are cut. */
#define JSON_ECHO_STRING_MAX 4096

/* What the diagnostic body of a simulated status says. */
struct status_report {
    int status;                         /* the final status sent */
    int requested;                      /* the code chosen (its row is
                                         * status_lookup(requested)) */
    int interim;                        /* a 1xx sent first, or 0 */
    const struct header_field *interim_fields;
    size_t interim_count;
    const struct header_field *code_fields; /* the fields the code needs */
    size_t code_count;
    const char *note;                   /* why status differs, or NULL */
    const struct sim_controls *controls;
    const struct choice *choice;
    const char *by;                     /* how the code was chosen: "fixed",
                                         * "random", "weighted",
                                         * "sequence", "fail", "ratelimit" */
    const struct sequence_step *sequence; /* its place in a sequence, or
                                           * NULL */
    const struct ratelimit_window *ratelimit; /* in a rate-limit window,
                                               * or NULL */
    const struct pacing *pacing;        /* as the response goes out, its
                                         * delay drawn */
    const struct note *notes;
    size_t note_count;
    const struct sim_request *req;
};

/* Each writes a whole body into out, from its start, and returns 0, or -1
 * when the body does not fit or yajl fails.  Bytes from the request that
 * are not UTF-8 become U+FFFD. */

/* The diagnostic body of a simulated status. */
int json_status_body(struct buffer *out, const struct status_report *report);

/* An RFC 9457 problem, titled with status's reason.  accepted may be
 * NULL. */
int json_problem_body(struct buffer *out, int status, const char *detail,
                      const char *accepted, const char *request_id);

/* The catalog: {"codes":[...]} with every row of the status table (no
 * notes), or one code's entry with its notes. */
int json_catalog_body(struct buffer *out);
int json_code_body(struct buffer *out, const struct status_entry *entry);

/* What /api/inspect found in a response head: its status, interim codes,
 * fields and the inspector's notes. */
int json_inspect_body(struct buffer *out, const struct parsed_head *head,
                      const struct note *notes, size_t note_count);

/* An account of inner for clients that cannot see it themselves: status,
 * interim response, fields (in order, as [name, value]) and up to 4 KiB of
 * its body's first body_len bytes as text. */
int json_envelope_body(struct buffer *out, const struct response *inner,
                       size_t body_len);

/* {"status":"ok"}. */
int json_health_body(struct buffer *out);

/* One request as its key's log kept it (log_record.h), packed record[0..
 * len): method, path, query and fields (secrets redacted, long ones cut),
 * body size, arrival and the status it got; without path, query and fields
 * ("truncated": true) when the whole does not fit in out.  -1 also for a
 * record that is not one. */
int json_log_record(struct buffer *out, const char *record, size_t len);

/* A resource's representation: {"key", "version", "modified", "body"},
 * the body's bytes as text (not-UTF-8 bytes as U+FFFD). */
int json_resource_body(struct buffer *out, const char *key, uint64_t version,
                       const char *modified, const char *body,
                       size_t body_len);

/* A login's success: {"authenticated": true, "<name>": "<value>"}, value
 * from the request and echoed as the body echoes request strings. */
int json_login_body(struct buffer *out, const char *name, const char *value);

/* Copies src[0..len) into out as valid UTF-8, each invalid byte replaced by
 * U+FFFD, stopping before out_size would be exceeded.  Returns the length
 * written (out is not NUL-terminated). */
size_t json_utf8_sanitize(const char *src, size_t len, char *out,
                          size_t out_size);

#endif
