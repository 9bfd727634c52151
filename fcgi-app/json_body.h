/* json_body.h - the JSON bodies the simulator sends; the only user of yajl */
#ifndef HTTPSTATUS_JSON_BODY_H
#define HTTPSTATUS_JSON_BODY_H

#include "request.h"
#include "response.h"

/* Raw bytes of request header values echoed in one body; headers past the
 * budget are left out and "headers_truncated" says so. */
#define JSON_HEADER_ECHO_BUDGET 8192
/* Longest single string echoed from the request; longer ones are cut. */
#define JSON_ECHO_STRING_MAX 4096

/* Writes the diagnostic body for a status response into resp->body: the
 * status row, what was sent (resp->status, interim, code_head, note) and
 * the request.  Bytes that are not UTF-8 become U+FFFD.
 * Returns 0, or -1 when the body does not fit or yajl fails. */
int json_status_body(struct sim_response *resp, const struct sim_request *req);

/* Writes an RFC 9457 problem body into resp->body.  accepted may be NULL.
 * Returns 0, or -1 as above. */
int json_problem_body(struct sim_response *resp, const char *title,
                      const char *detail, const char *accepted,
                      const char *request_id);

/* The catalog: {"codes":[...]} with every row of the status table (no
 * notes), or one code's entry with its inspector notes.  Returns 0, or -1
 * as above. */
int json_catalog_body(struct sim_response *resp);
int json_code_body(struct sim_response *resp, const struct status_entry *entry);

/* What /api/inspect found in a response head: its status, interim codes,
 * fields and the inspector's notes.  Returns 0, or -1 as above. */
int json_inspect_body(struct sim_response *resp,
                      const struct parsed_head *head,
                      const struct note *notes, size_t note_count);

/* An account of a response for clients that cannot see it themselves:
 * status, interim response, fields (in order, as [name, value]) and up to
 * 4 KiB of the body as text.  body must not point into resp->body.
 * Returns 0, or -1 as above. */
int json_envelope_body(struct sim_response *resp, int status, int interim,
                       const struct header_block *interim_head,
                       const struct header_block *head, const char *body,
                       size_t body_len);

/* Writes {"status":"ok"} into resp->body.  Returns 0, or -1 as above. */
int json_health_body(struct sim_response *resp);

/* Copies src[0..len) into out as valid UTF-8, each invalid byte replaced by
 * U+FFFD, stopping before out_size would be exceeded.  Returns the length
 * written (out is not NUL-terminated). */
size_t json_utf8_sanitize(const char *src, size_t len, char *out,
                          size_t out_size);

#endif
