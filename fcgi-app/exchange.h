/* exchange.h - one request/response exchange over any byte streams */
#ifndef HTTPSTATUS_EXCHANGE_H
#define HTTPSTATUS_EXCHANGE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "head_parser.h"
#include "request.h"
#include "response.h"

/* The head holds up to CONTROLS_FIELD_BYTES of fields a request set. */
#define EXCHANGE_HEAD_SIZE 16384
/* How long the last bytes before a simulated cut go ahead alone. */
#define EXCHANGE_CUT_GRACE_MS 200
/* A dribbled body goes out in this many pieces, spread evenly. */
#define EXCHANGE_DRIBBLE_PIECES 10

/* Where one request's bytes come from and go to: FastCGI streams or the
 * CGI stdin/stdout pair. */
struct exchange {
    size_t (*read)(void *in, char *buf, size_t len);  /* 0 at the end */
    int (*write)(void *out, const char *buf, size_t len); /* 0 or -1 */
    int (*flush)(void *out);      /* hand what was written on now: 0 or -1 */
    void (*abort)(void *conn);    /* cut the connection without ending the
                                   * response properly */
    void *in;
    void *out;
    void *conn;
};

/* Request ids: a per-process random key mixed with a counter that every
 * thread shares, so ids are unique across threads and workers without a
 * syscall per request. */
struct id_source {
    uint64_t key;
    _Atomic uint64_t counter;
};

void id_source_init(struct id_source *ids);
uint64_t id_source_next(struct id_source *ids);

/* What one exchange works in: large, so a worker thread allocates one
 * and reuses it for every request. */
struct exchange_space {
    struct response response;   /* the decided response */
    struct response spare;      /* what envelope=true gives an account of */
    char head[EXCHANGE_HEAD_SIZE]; /* the response's head, formatted */
    size_t head_len;            /* 0: the head did not fit; send nothing */
    size_t interim_len;         /* the interim block's share of head */
    char id[REQUEST_ID_MAX + 1];
    int body_read;              /* the whole request body was read */
    /* The start of the request body, for routes that read it
     * (/api/inspect); the rest is counted, not kept. */
    char request_body[HEAD_MAX_BYTES];
};

/* Reads the request's body from io (counting it), stamps the request and
 * decides the response into space: the response and its formatted head.
 * Nothing is written yet.  The request, which lives in envp, may go once
 * this returns.  sleep_room says whether a delayed response could be held
 * (else 503). */
void exchange_prepare(const struct exchange *io, char *const *envp,
                      const struct request_limits *limits,
                      struct id_source *ids, int sleep_room,
                      struct exchange_space *space);

/* A response on its way out, in the steps its faults and pacing ask for:
 * head, an optional pause, then the body (at once, in dribbled pieces, or
 * cut off).  head and body point at whatever holds the bytes. */
struct outgoing {
    const char *head;
    size_t head_len;
    size_t interim_len;           /* goes out on its own, ahead */
    const char *body;
    size_t body_len;              /* 0 when no body is sent */
    uint64_t after_head_ms;
    uint64_t dribble_ms;
    enum abort_point abort_at;
    const char *id;               /* the request's, for log lines */
    int head_sent;
    size_t body_sent;
    int cut_due;                  /* the next step cuts the connection */
};

/* Sets out up to send what space holds (which must outlive it). */
void exchange_outgoing(struct outgoing *out,
                       const struct exchange_space *space);

/* Sends the next step of out.  Returns 1 when more is to come after
 * *wait_ms milliseconds, 0 when the response is complete or cut off as
 * asked, and -1 when the client went away (already logged). */
int exchange_step(const struct exchange *io, struct outgoing *out,
                  uint64_t *wait_ms);

#endif
