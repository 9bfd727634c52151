/* response.h - a response ready to send: status, interim response, header
 * fields, body and pacing, every string owned by the response */
#ifndef HTTPSTATUS_RESPONSE_H
#define HTTPSTATUS_RESPONSE_H

#include <stddef.h>
#include <stdint.h>

#include "buffer.h"
#include "http.h"
#include "status_table.h"

/* Enough for the simulator's own fields, a code's, CONTROLS_MAX_FIELDS
 * custom ones and the CORS pair. */
#define RESPONSE_MAX_FIELDS 40
/* Every field name and value, the Expose-Headers list of every field
 * name the largest among them. */
#define RESPONSE_STRINGS_SIZE 16384
/* Room for the largest diagnostic body: echoed strings are bounded (the
 * headers' echo budget, the path, the query limit) and escaping makes a
 * byte at most six. */
#define RESPONSE_BODY_SIZE (128 * 1024)

/* Where a simulated fault cuts the connection. */
enum abort_point {
    ABORT_NONE,
    ABORT_BEFORE_HEADERS,
    ABORT_AFTER_HEADERS,
    ABORT_DURING_BODY,
};

/* When and how a response goes out: a wait before it, a pause after its
 * head, its body spread over a time, or a cut. */
struct pacing {
    uint64_t delay_ms;          /* wait this long before sending it */
    uint64_t after_head_ms;     /* then pause this long after the head */
    uint64_t dribble_ms;        /* spread the body over this long */
    enum abort_point abort_at;
};

/* Whether pacing holds a delayed-response place: it waits before the
 * response, or while it goes out. */
int pacing_holds_a_place(const struct pacing *pacing);

/* One header block: the final response's, or an interim 1xx one's.  Its
 * strings live in the response's strings. */
struct header_block {
    struct header_field fields[RESPONSE_MAX_FIELDS];
    size_t count;
};

struct response {
    int status;                 /* the final status sent */
    int interim;                /* a 1xx sent before it, or 0 */
    int requested;              /* the code a simulation asked for, or 0
                                 * when the response is not one */
    const char *note;           /* why the final status differs from the
                                 * one asked for (static text), or NULL */
    struct header_block interim_head;
    struct header_block head;
    int send_body;              /* 0 for HEAD and bodiless statuses */
    struct pacing pacing;
    char strings[RESPONSE_STRINGS_SIZE];
    struct buffer string_space;
    char body[RESPONSE_BODY_SIZE];
    size_t body_len;
};

/* An empty response: no status, fields, body or pacing.  A response is
 * large; give each worker thread one and reuse it. */
void response_reset(struct response *resp);

/* Adds a field to block (resp->head or resp->interim_head), copying name
 * and value into the response's strings (sized for every field the
 * simulator can build); nothing happens when the block is full. */
void response_add(struct response *resp, struct header_block *block,
                  const char *name, const char *value);

/* Replaces the value of block's first field named name (without regard
 * to case), or adds the field when block has none. */
void response_set(struct response *resp, struct header_block *block,
                  const char *name, const char *value);

/* The value of block's first field named name (without regard to case),
 * or NULL. */
const char *response_field(const struct header_block *block,
                           const char *name);

/* The body to fill, over resp->body; the caller sets resp->body_len from
 * its len when done. */
void response_body_buffer(struct response *resp, struct buffer *out);

/* Adds the fields every response carries: Content-Type and
 * Content-Length as content allows (content_type NULL: none), Cache-Control
 * no-store, X-Request-Id; and decides whether the body is sent (not to
 * HEAD). */
void response_finish(struct response *resp, const char *method,
                     const char *request_id, const char *content_type,
                     enum status_content content);

/* response_finish for the simulator's own JSON resources (health, the
 * catalog, logins, resources, envelopes): always with their body. */
void response_finish_json(struct response *resp, const char *method,
                          const char *request_id);

/* Writes the CGI header section(s) into out, NUL-terminated: the interim
 * block, if any, then "Status: ..." and the final fields, each block ended
 * by an empty line.  Returns the length, or 0 if out is too small; sets
 * *interim_len (unless NULL) to the interim block's share of it. */
size_t response_format_head(const struct response *resp, char *out,
                            size_t out_size, size_t *interim_len);

/* "none", "before_headers", "after_headers" or "during_body". */
const char *response_abort_name(enum abort_point point);

#endif
