/* exchange.c - reading a request off a stream and answering it */
#include "exchange.h"

#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

void id_source_init(struct id_source *ids)
{
    atomic_init(&ids->counter, 0);
    if (getrandom(&ids->key, sizeof(ids->key), 0) !=
        (ssize_t)sizeof(ids->key)) {
        struct timespec now;
        clock_gettime(CLOCK_REALTIME, &now);
        ids->key = (uint64_t)now.tv_nsec ^ ((uint64_t)now.tv_sec << 20) ^
                   ((uint64_t)getpid() << 40);
    }
}

/* splitmix64: a bijection, so distinct counters give distinct ids. */
uint64_t id_source_next(struct id_source *ids)
{
    uint64_t n = atomic_fetch_add(&ids->counter, 1) + 1;
    uint64_t z = ids->key + n * UINT64_C(0x9e3779b97f4a7c15);
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* Reads and counts the body so the web server's stream stays in sync;
 * its bytes are not kept. */
static uint64_t drain_body(const struct exchange *io, uint64_t length)
{
    char chunk[16384];
    uint64_t total = 0;
    while (total < length) {
        size_t want = length - total < sizeof(chunk) ? (size_t)(length - total)
                                                     : sizeof(chunk);
        size_t got = io->read(io->in, chunk, want);
        if (got == 0)
            break;                 /* the client gave up early */
        total += got;
    }
    return total;
}

void exchange_prepare(const struct exchange *io, char *const *envp,
                      const struct request_limits *limits,
                      struct id_source *ids, int sleep_room,
                      struct sim_response *resp, struct prepared *out)
{
    struct sim_request req;
    struct timespec now;
    uint64_t length;

    clock_gettime(CLOCK_REALTIME, &now);
    request_from_env(&req, envp);
    req.sleep_room = sleep_room;
    request_format_time(req.received, &now);
    request_set_id(&req, id_source_next(ids));
    req.body = request_body_verdict(&req, limits, &length);
    if (req.body == BODY_READ)
        req.body_bytes = drain_body(io, length);
    out->body_read = req.body == BODY_NONE ||
                     (req.body == BODY_READ && req.body_bytes == length);

    response_build(resp, &req, limits);
    memcpy(out->id, req.id, sizeof(out->id));
    out->head_len = response_format_head(resp, out->head, sizeof(out->head));
    if (out->head_len == 0)
        fprintf(stderr, "httpstatus: request %s: response head exceeds %d "
                        "bytes\n", req.id, EXCHANGE_HEAD_SIZE);
}

int exchange_send(const struct exchange *io, const struct sim_response *resp,
                  const struct prepared *prepared)
{
    if (prepared->head_len == 0)
        return -1;
    if (io->write(io->out, prepared->head, prepared->head_len) != 0 ||
        (resp->send_body &&
         io->write(io->out, resp->body, resp->body_len) != 0)) {
        fprintf(stderr, "httpstatus: request %s: client went away\n",
                prepared->id);
        return -1;
    }
    return 0;
}
