/* exchange.h - one request/response exchange over any byte streams */
#ifndef HTTPSTATUS_EXCHANGE_H
#define HTTPSTATUS_EXCHANGE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "request.h"
#include "response.h"

#define EXCHANGE_HEAD_SIZE 4096

/* Where one request's bytes come from and go to: FastCGI streams or the
 * CGI stdin/stdout pair. */
struct exchange {
    size_t (*read)(void *in, char *buf, size_t len);  /* 0 at the end */
    int (*write)(void *out, const char *buf, size_t len); /* 0 or -1 */
    void *in;
    void *out;
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

/* What exchange_prepare() decided, ready to be written. */
struct prepared {
    char head[EXCHANGE_HEAD_SIZE];
    size_t head_len;            /* 0: the head did not fit; send nothing */
    char id[REQUEST_ID_MAX + 1];
    int body_read;              /* the whole request body was read */
};

/* Reads the request's body from io (counting it), stamps the request and
 * builds the response: the formatted head into out, the body into resp.
 * Nothing is written yet.  resp's header fields point into the request,
 * which is gone on return: only out->head and resp->body are to be used.
 * sleep_room says whether a delayed response could be held (else 503). */
void exchange_prepare(const struct exchange *io, char *const *envp,
                      const struct request_limits *limits,
                      struct id_source *ids, int sleep_room,
                      struct sim_response *resp, struct prepared *out);

/* Writes the prepared head and, unless bodiless, the body.  Returns 0, or
 * -1 when the client went away (already logged). */
int exchange_send(const struct exchange *io, const struct sim_response *resp,
                  const struct prepared *prepared);

#endif
