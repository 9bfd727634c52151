/* exchange.c - reading a request off a stream and answering it */
#include "exchange.h"

#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "choice.h"
#include "dispatch.h"
#include "log.h"

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

/* splitmix64: choice_mix is a bijection, so distinct counters give
 * distinct ids. */
uint64_t id_source_next(struct id_source *ids)
{
    uint64_t n = atomic_fetch_add(&ids->counter, 1) + 1;
    return choice_mix(ids->key + n * UINT64_C(0x9e3779b97f4a7c15));
}

/* Reads and counts the body so the web server's stream stays in sync;
 * its first bytes are kept in keep (keep_size of them at most). */
static uint64_t drain_body(const struct exchange *io, uint64_t length,
                           char *keep, size_t keep_size, size_t *kept)
{
    char chunk[16384];
    uint64_t total = 0;
    *kept = 0;
    while (total < length) {
        size_t want = length - total < sizeof(chunk) ? (size_t)(length - total)
                                                     : sizeof(chunk);
        size_t got = io->read(io->in, chunk, want);
        if (got == 0)
            break;                 /* the client gave up early */
        size_t room = keep_size - *kept;
        memcpy(keep + *kept, chunk, got < room ? got : room);
        *kept += got < room ? got : room;
        total += got;
    }
    return total;
}

void exchange_prepare(const struct exchange *io, char *const *envp,
                      const struct request_limits *limits,
                      struct id_source *ids, int sleep_room,
                      struct exchange_space *space)
{
    struct sim_request req;
    struct timespec now;
    uint64_t length;

    clock_gettime(CLOCK_REALTIME, &now);
    request_from_env(&req, envp);
    req.sleep_room = sleep_room;
    req.secret_names = limits->secret_names;
    request_format_time(req.received, &now);
    req.received_ms = (uint64_t)now.tv_sec * 1000 +
                      (uint64_t)now.tv_nsec / 1000000;
    uint64_t generated = id_source_next(ids);
    request_set_id(&req, generated);
    req.random = choice_mix(generated);
    req.body = request_body_verdict(&req, limits, &length);
    if (req.body == BODY_READ)
        req.body_bytes = drain_body(io, length, space->request_body,
                                    sizeof(space->request_body),
                                    &req.body_kept);
    req.body_data = space->request_body;
    space->body_read = req.body == BODY_NONE ||
                       (req.body == BODY_READ && req.body_bytes == length);

    dispatch(&space->response, &space->spare, &req, limits);
    memcpy(space->id, req.id, sizeof(space->id));
    space->head_len = response_format_head(&space->response, space->head,
                                           sizeof(space->head),
                                           &space->interim_len);
    if (space->head_len == 0)
        log_line("request %s: response head exceeds %d bytes", req.id,
                 EXCHANGE_HEAD_SIZE);
}

void exchange_outgoing(struct outgoing *out,
                       const struct exchange_space *space)
{
    const struct response *resp = &space->response;
    out->head = space->head;
    out->head_len = space->head_len;
    out->interim_len = space->interim_len;
    out->body = resp->body;
    out->body_len = resp->send_body ? resp->body_len : 0;
    out->after_head_ms = resp->pacing.after_head_ms;
    out->dribble_ms = resp->pacing.dribble_ms;
    out->abort_at = resp->pacing.abort_at;
    out->id = space->id;
    out->head_sent = 0;
    out->body_sent = 0;
    out->cut_due = 0;
}

static int went_away(const struct outgoing *out)
{
    log_line("request %s: client went away", out->id);
    return -1;
}

/* Cuts the connection once what was written so far is on its way. */
static int cut(const struct exchange *io)
{
    io->flush(io->out);
    io->abort(io->conn);
    return 0;
}

/* A cut right behind the last bytes can reach the web server in the same
 * read, and lighttpd then drops what it has not sent yet for an error page
 * of its own: the bytes go ahead alone and the cut follows in a moment. */
static int cut_after_pause(const struct exchange *io, struct outgoing *out,
                           uint64_t *wait_ms)
{
    out->cut_due = 1;
    *wait_ms = EXCHANGE_CUT_GRACE_MS;
    return io->flush(io->out) == 0 ? 1 : went_away(out);
}

int exchange_step(const struct exchange *io, struct outgoing *out,
                  uint64_t *wait_ms)
{
    if (out->head_len == 0)
        return -1;
    if (out->cut_due)
        return cut(io);
    if (!out->head_sent) {
        /* An interim block goes in a FastCGI record of its own: lighttpd
         * 1.4.69 answers 502 over HTTP/2 when one record holds a 1xx block
         * and what follows it.  On HTTP/1.1 and to CGI it changes nothing
         * but a flush. */
        if (out->interim_len &&
            (io->write(io->out, out->head, out->interim_len) != 0 ||
             io->flush(io->out) != 0))
            return went_away(out);
        if (io->write(io->out, out->head + out->interim_len,
                      out->head_len - out->interim_len) != 0)
            return went_away(out);
        out->head_sent = 1;
        if (out->abort_at == ABORT_AFTER_HEADERS)
            return cut_after_pause(io, out, wait_ms);
        if (out->after_head_ms) {
            *wait_ms = out->after_head_ms;
            return io->flush(io->out) == 0 ? 1 : went_away(out);
        }
    }

    size_t rest = out->body_len - out->body_sent;
    size_t piece = rest;
    if (out->abort_at == ABORT_DURING_BODY)
        piece = out->body_len / 2;
    else if (out->dribble_ms && out->body_len > 1) {
        size_t size = (out->body_len + EXCHANGE_DRIBBLE_PIECES - 1) /
                      EXCHANGE_DRIBBLE_PIECES;
        uint64_t gaps = (out->body_len + size - 1) / size - 1;
        uint64_t sent = (out->body_sent + size - 1) / size + 1;
        piece = size < rest ? size : rest;
        /* The pauses end at dribble_ms exactly: each runs to the next
         * piece's share of it, so rounding never adds up short. */
        *wait_ms = out->dribble_ms * sent / gaps -
                   out->dribble_ms * (sent - 1) / gaps;
    }
    if (piece && io->write(io->out, out->body + out->body_sent, piece) != 0)
        return went_away(out);
    out->body_sent += piece;
    if (out->abort_at == ABORT_DURING_BODY)
        return cut_after_pause(io, out, wait_ms);
    if (out->body_sent < out->body_len)
        return io->flush(io->out) == 0 ? 1 : went_away(out);
    return 0;
}
