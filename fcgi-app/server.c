/* server.c - FastCGI worker threads and the delayed-response timer
 *
 * N threads each block in FCGX_Accept_r on the shared listening socket and
 * serve a request start to end.  A request that asks for a delay does not
 * keep its thread: its response is built at once, copied, and handed with
 * the FastCGI request to the timer thread, which sends it when its time
 * comes.  A sleeping request therefore costs its connection and a few KiB,
 * not a thread, and the number held is capped (503 beyond it).  The timer
 * also watches the held connections: one the web server closes (its
 * client went away) is let go at once, and its place with it.
 */
#include "server.h"

#include <errno.h>
#include <fcgiapp.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "exchange.h"
#include "log.h"
#include "sleepers.h"

/* A FastCGI request with, once it is handed to the timer, a copy of its
 * response and how far sending it has come. */
struct pending {
    FCGX_Request request;
    int watched;                   /* its input was read to the end, so
                                    * anything more on the connection is
                                    * the web server giving up on it */
    char *bytes;
    struct outgoing out;
    char id[REQUEST_ID_MAX + 1];
};

struct server {
    const struct server_config *config;
    struct id_source ids;
    atomic_bool stopping;
    /* Places taken in sleepers, counted before a request is decided so the
     * decision (sleep, or 503) is the core's; the heap is never full. */
    atomic_size_t reserved;
    size_t max_sleepers;           /* places, within the fd limit */
    atomic_bool accept_failing;    /* said once until accept works again */
    pthread_mutex_t lock;          /* guards sleepers */
    int wake_fd;                   /* an eventfd: a sleeper was added, or
                                    * stop */
    struct sleepers sleepers;
    /* The timer waits on wake_fd and on the held connections, each
     * registered while its request is in sleepers (under lock), so that
     * an event never names a request that is gone. */
    int epoll_fd;
};

static uint64_t monotonic_ns(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

static size_t fcgx_read(void *in, char *buf, size_t len)
{
    int got = FCGX_GetStr(buf, (int)len, in);
    return got > 0 ? (size_t)got : 0;
}

static int fcgx_write(void *out, const char *buf, size_t len)
{
    return FCGX_PutStr(buf, (int)len, out) == (int)len ? 0 : -1;
}

static int fcgx_flush(void *out)
{
    return FCGX_FFlush(out) == 0 ? 0 : -1;
}

/* A simulated fault: the web server sees its FastCGI connection drop in
 * the middle of the response and cuts the client off in turn.  The socket
 * stays open until FCGX_Finish_r, so its number cannot be reused under
 * libfcgi's feet; only its traffic stops. */
static void fcgx_abort(void *conn)
{
    FCGX_Request *request = conn;
    shutdown(request->ipcFd, SHUT_RDWR);
}

static struct exchange fcgx_exchange(FCGX_Request *request)
{
    struct exchange io = { fcgx_read, fcgx_write, fcgx_flush, fcgx_abort,
                           request->in, request->out, request };
    return io;
}

static struct pending *pending_new(int listen_fd)
{
    struct pending *p = calloc(1, sizeof(*p));
    if (p && FCGX_InitRequest(&p->request, listen_fd,
                              FCGI_FAIL_ACCEPT_ON_INTR) != 0) {
        free(p);
        return NULL;
    }
    return p;
}

/* A held request speaks FastCGI on its connection by itself: libfcgi's
 * streams (two 8 KiB buffers) and the request's parameters are freed when
 * it is handed to the timer, so that what it holds while it waits is its
 * response and little more. */
enum { FCGI_END_REQUEST_RECORD = 3, FCGI_STDOUT_RECORD = 6 };

static int send_all(int fd, const void *bytes, size_t len)
{
    const char *at = bytes;
    while (len) {
        ssize_t sent = send(fd, at, len, MSG_NOSIGNAL);
        if (sent < 0 && errno == EINTR)
            continue;
        if (sent <= 0)
            return -1;
        at += sent;
        len -= (size_t)sent;
    }
    return 0;
}

static int send_record(const struct pending *p, int type,
                       const char *content, size_t len)
{
    int id = p->request.requestId;
    unsigned char head[8] = { 1, (unsigned char)type,
                              (unsigned char)(id >> 8), (unsigned char)id,
                              (unsigned char)(len >> 8), (unsigned char)len,
                              0, 0 };
    return send_all(p->request.ipcFd, head, sizeof(head)) ||
           send_all(p->request.ipcFd, content, len) ? -1 : 0;
}

static int held_write(void *conn, const char *buf, size_t len)
{
    const size_t record_max = 65535;
    do {
        size_t piece = len < record_max ? len : record_max;
        if (send_record(conn, FCGI_STDOUT_RECORD, buf, piece) != 0)
            return -1;
        buf += piece;
        len -= piece;
    } while (len);
    return 0;
}

static size_t held_read(void *in, char *buf, size_t len)
{
    (void)in, (void)buf, (void)len;
    return 0;
}

static int held_flush(void *out)
{
    (void)out;
    return 0;
}

static void held_abort(void *conn)
{
    const struct pending *p = conn;
    shutdown(p->request.ipcFd, SHUT_RDWR);
}

static struct exchange held_exchange(struct pending *p)
{
    struct exchange io = { held_read, held_write, held_flush, held_abort,
                           p, p, p };
    return io;
}

/* Ends a held request for good: the end of its output and the record that
 * ends the request (both in vain after a cut), then the connection closes
 * even where the web server asked to keep it (the thread that accepted it
 * has moved on), and everything is freed. */
static void pending_finish(struct pending *p)
{
    static const char request_complete[8] = { 0 };
    if (send_record(p, FCGI_STDOUT_RECORD, NULL, 0) == 0)
        send_record(p, FCGI_END_REQUEST_RECORD, request_complete,
                    sizeof(request_complete));
    close(p->request.ipcFd);
    free(p->bytes);
    free(p);
}

/* libfcgi closes a connection by shutting down its side and then waiting
 * for the web server to close the other, which holds the thread for a
 * round trip and costs a wake-up per request.  Once the web server has sent
 * everything (the stream's end is read here, right after the body), there
 * is nothing left to lose and the connection can simply be closed. */
static void skip_lingering_close(FCGX_Request *request)
{
    char rest[256];
    int reads = 0;
    while (FCGX_GetStr(rest, sizeof(rest), request->in) > 0)
        if (++reads > 64)
            return;   /* more than was announced: keep the careful close */
    FCGX_Detach(request);
}

/* Takes one of the max_sleepers places; 0 when all are taken. */
static int reserve_place(struct server *srv)
{
    size_t taken = atomic_load(&srv->reserved);
    do {
        if (taken >= srv->max_sleepers)
            return 0;
    } while (!atomic_compare_exchange_weak(&srv->reserved, &taken, taken + 1));
    return 1;
}

static void release_place(struct server *srv)
{
    atomic_fetch_sub(&srv->reserved, 1);
}

/* Wakes the timer thread out of its poll. */
static void wake_timer(struct server *srv)
{
    uint64_t one = 1;
    if (write(srv->wake_fd, &one, sizeof(one)) != (ssize_t)sizeof(one))
        log_line("waking the timer failed: %s", strerror(errno));
}

/* Starts or stops watching a held request's connection; called with
 * srv->lock held. */
static void watch(struct server *srv, struct pending *p, int op)
{
    struct epoll_event event = { .events = EPOLLIN, .data.ptr = p };
    if (p->watched &&
        epoll_ctl(srv->epoll_fd, op, p->request.ipcFd, &event) != 0) {
        log_line("request %s: epoll_ctl: %s", p->id, strerror(errno));
        p->watched = 0;
    }
}

static void push_sleeper(struct server *srv, struct pending *p,
                         uint64_t wait_ms)
{
    uint64_t wake = monotonic_ns() + wait_ms * UINT64_C(1000000);
    pthread_mutex_lock(&srv->lock);
    sleepers_push(&srv->sleepers, wake, p);
    watch(srv, p, EPOLL_CTL_ADD);
    pthread_mutex_unlock(&srv->lock);
    wake_timer(srv);
}

/* The soonest sleeper, taken out of sleepers and no longer watched;
 * called with srv->lock held. */
static struct pending *pop_sleeper(struct server *srv)
{
    struct pending *p = sleepers_pop(&srv->sleepers);
    watch(srv, p, EPOLL_CTL_DEL);
    return p;
}

/* Copies the response to send later and hands p, which holds a reserved
 * place, to the timer.  Returns 0, or -1 when memory ran out. */
static int put_to_sleep(struct server *srv, struct pending *p,
                        const struct outgoing *out, uint64_t wait_ms,
                        int input_read)
{
    p->bytes = malloc(out->head_len + out->body_len);
    if (!p->bytes)
        return -1;
    memcpy(p->bytes, out->head, out->head_len);
    memcpy(p->bytes + out->head_len, out->body, out->body_len);
    memcpy(p->id, out->id, sizeof(p->id));
    p->out = *out;
    p->out.head = p->bytes;
    p->out.body = p->bytes + out->head_len;
    p->out.id = p->id;
    p->watched = input_read;
    /* What the thread wrote went out at its flush; from here on the timer
     * writes records itself, and libfcgi's part of the request can go.
     * The connection stays open. */
    FCGX_Free(&p->request, 0);
    push_sleeper(srv, p, wait_ms);
    return 0;
}

/* Takes the response as far as it goes without waiting.  Returns 1 with
 * *wait_ms set when it is to go on later, else 0. */
static int send_steps(const struct exchange *io, struct outgoing *out,
                      uint64_t *wait_ms)
{
    return exchange_step(io, out, wait_ms) == 1;
}

/* Waits for the next request.  A failing accept (EMFILE when the fd limit
 * is reached, ENOMEM, ...) is retried with a growing pause rather than
 * ending the thread: the process would stay up with fewer threads, and
 * nothing would ever start it again.  Returns -1 only at stop. */
static int accept_request(struct server *srv, FCGX_Request *request)
{
    struct timespec pause = { 0, 10 * 1000 * 1000 };
    for (;;) {
        if (atomic_load(&srv->stopping))
            return -1;
        if (FCGX_Accept_r(request) >= 0) {
            /* A load first: an exchange on every request would make the
             * threads fight over the flag's cache line. */
            if (atomic_load(&srv->accept_failing) &&
                atomic_exchange(&srv->accept_failing, 0))
                log_line("accepting requests again");
            return 0;
        }
        if (atomic_load(&srv->stopping))
            return -1;
        if (errno == EINTR)
            continue;
        if (!atomic_exchange(&srv->accept_failing, 1))
            log_line("accepting a request failed: %s; retrying",
                     strerror(errno));
        nanosleep(&pause, NULL);
        if (pause.tv_sec == 0 && pause.tv_nsec < 500 * 1000 * 1000)
            pause.tv_nsec *= 2;
    }
}

static void *worker_main(void *arg)
{
    struct server *srv = arg;
    const struct server_config *config = srv->config;
    struct exchange_space *space = malloc(sizeof(*space));
    struct pending *p = pending_new(config->listen_fd);

    if (!space || !p) {
        log_line("out of memory starting a thread");
        goto done;
    }
    while (accept_request(srv, &p->request) == 0) {
        struct exchange io = fcgx_exchange(&p->request);
        struct outgoing out;
        uint64_t wait_ms = 0;
        int place = reserve_place(srv);
        exchange_prepare(&io, p->request.envp, &config->limits, &srv->ids,
                         place, space);
        if (space->body_read)
            skip_lingering_close(&p->request);
        exchange_outgoing(&out, space);
        uint64_t delay_ms = space->response.pacing.delay_ms;
        int waits = delay_ms ? (wait_ms = delay_ms, 1)
                             : send_steps(&io, &out, &wait_ms);
        if (place && waits) {
            /* The thread goes on with a new request object; this one now
             * belongs to the timer. */
            struct pending *next = pending_new(config->listen_fd);
            if (next && put_to_sleep(srv, p, &out, wait_ms,
                                     space->body_read) == 0) {
                p = next;
                continue;
            }
            free(next);
            log_line("request %s: out of memory; answered without its "
                     "delays", space->id);
        }
        if (place)
            release_place(srv);
        if (waits) {
            /* No place to wait in: the rest goes out without pauses. */
            out.after_head_ms = out.dribble_ms = 0;
            while (send_steps(&io, &out, &wait_ms))
                ;
        }
        FCGX_Finish_r(&p->request);
    }
done:
    if (p) {
        FCGX_Free(&p->request, 1);
        free(p);
    }
    free(space);
    return NULL;
}

/* FCGI_ABORT_REQUEST, the record a web server sends to give up on a
 * request it keeps the connection of. */
#define FCGI_ABORT_RECORD 2

/* What a held request's connection, reported readable, holds. */
enum connection_news {
    NEWS_NONE,       /* nothing after all: keep watching */
    NEWS_GAVE_UP,    /* its end, or an abort record: the web server gave up
                      * on the request */
    NEWS_OTHER,      /* anything else: not watched for again */
};

static enum connection_news read_news(const struct pending *p)
{
    unsigned char head[8];
    ssize_t got = recv(p->request.ipcFd, head, sizeof(head),
                       MSG_PEEK | MSG_DONTWAIT);
    if (got < 0)
        return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR
                   ? NEWS_NONE : NEWS_GAVE_UP;
    if (got == 0 || (got >= 2 && head[1] == FCGI_ABORT_RECORD))
        return NEWS_GAVE_UP;
    return NEWS_OTHER;
}

/* Acts on a held request's readable connection: lets the request go, and
 * frees its place, when its web server gave up on it (its client went
 * away).  Called and returns with srv->lock held. */
static void read_connection(struct server *srv, struct pending *held)
{
    enum connection_news news = read_news(held);
    if (news == NEWS_NONE)
        return;
    watch(srv, held, EPOLL_CTL_DEL);
    held->watched = 0;
    if (news != NEWS_GAVE_UP || sleepers_remove(&srv->sleepers, held) != 0)
        return;
    pthread_mutex_unlock(&srv->lock);
    pending_finish(held);
    release_place(srv);
    pthread_mutex_lock(&srv->lock);
}

/* Waits until the soonest sleeper is due (next; NULL: none), a sleeper is
 * added, or a held connection closes.  Called and returns with srv->lock
 * held; only this thread takes sleepers out, so a request an event names
 * is still there when the lock is taken again. */
static void wait_for_change(struct server *srv, const struct sleeper *next)
{
    struct epoll_event events[64];
    int timeout = -1;
    if (next) {
        uint64_t now = monotonic_ns();
        timeout = next->wake_ns > now
                      ? (int)((next->wake_ns - now + 999999) / 1000000)
                      : 0;
    }
    pthread_mutex_unlock(&srv->lock);
    int ready = epoll_wait(srv->epoll_fd, events, 64, timeout);
    pthread_mutex_lock(&srv->lock);
    for (int i = 0; i < ready; i++) {
        uint64_t wakes;
        if (!events[i].data.ptr) {
            if (read(srv->wake_fd, &wakes, sizeof(wakes)) < 0)
                log_line("reading the timer's wake-ups failed: %s",
                         strerror(errno));
        } else
            read_connection(srv, events[i].data.ptr);
    }
}

/* Sends each delayed response when its time comes; at stop, sends the rest
 * at once so that no client is left waiting on a worker that is gone. */
static void *timer_main(void *arg)
{
    struct server *srv = arg;

    pthread_mutex_lock(&srv->lock);
    for (;;) {
        const struct sleeper *next = sleepers_peek(&srv->sleepers);
        int stopping = atomic_load(&srv->stopping);
        if (!next && stopping)
            break;
        if (!next || (!stopping && next->wake_ns > monotonic_ns())) {
            wait_for_change(srv, next);
            continue;
        }
        struct pending *due = pop_sleeper(srv);
        pthread_mutex_unlock(&srv->lock);
        uint64_t wait_ms;
        int more;
        struct exchange io = held_exchange(due);
        do
            more = send_steps(&io, &due->out, &wait_ms);
        while (more && stopping);
        if (more)
            push_sleeper(srv, due, wait_ms);
        else {
            pending_finish(due);
            release_place(srv);
        }
        pthread_mutex_lock(&srv->lock);
    }
    pthread_mutex_unlock(&srv->lock);
    return NULL;
}

/* Does nothing but interrupt: the blocking call a worker thread is in
 * (accept, or the read of a kept connection) fails with EINTR and the
 * thread finds the stop flag.  libfcgi's own handler sets its shutdown
 * flag instead, and an accept that has just dropped a connection which
 * stayed silent then closes the same descriptor again and again, for
 * ever, so the worker never stops. */
static void interrupt(int signal_number)
{
    (void)signal_number;
}

/* Wakes the worker threads out of accept() until every one has returned:
 * a thread may pass its stop check just before the first signal. */
static void stop_workers(pthread_t *workers, unsigned count,
                         atomic_uint *exited)
{
    const struct timespec pause = { 0, 20 * 1000 * 1000 };
    while (atomic_load(exited) < count) {
        for (unsigned i = 0; i < count; i++)
            pthread_kill(workers[i], SIGUSR1);
        nanosleep(&pause, NULL);
    }
    for (unsigned i = 0; i < count; i++)
        pthread_join(workers[i], NULL);
}

struct worker_start {
    struct server *srv;
    atomic_uint *exited;
};

static void *worker_thread(void *arg)
{
    struct worker_start *start = arg;
    worker_main(start->srv);
    atomic_fetch_add(start->exited, 1);
    return NULL;
}

/* Each held response keeps its FastCGI connection open: never more places
 * than the fd limit leaves beside the threads' own connections and those
 * the process needs anyway, so that holding them all can never make
 * accept fail. */
#define SERVER_FDS_KEPT 32

/* Unless told, hold only what a web server with the same fd limit (it
 * passes its own on to the worker it spawns) carries with room to spare:
 * it spends two descriptors on a held response, its client's and ours,
 * lighttpd stops accepting at 90 % of its max-fds, and a tenth is left for
 * the requests that are not held.  Beyond that a fast 503 beats a web
 * server that has stopped accepting. */
#define SERVER_HELD_FIFTHS_OF_FDS 2

static size_t sleepers_within_fd_limit(const struct server_config *config,
                                       rlim_t fd_limit)
{
    size_t wanted = config->max_sleepers;
    int from_limit = wanted == SERVER_SLEEPERS_FROM_FD_LIMIT;
    if (from_limit) {
        rlim_t carried = fd_limit / 5 * SERVER_HELD_FIFTHS_OF_FDS;
        wanted = fd_limit != RLIM_INFINITY && carried < SERVER_MAX_SLEEPERS
                     ? (size_t)carried : SERVER_MAX_SLEEPERS;
    }
    if (fd_limit == RLIM_INFINITY)
        return wanted;
    rlim_t kept = (rlim_t)config->threads + SERVER_FDS_KEPT;
    size_t room = fd_limit > kept ? (size_t)(fd_limit - kept) : 0;
    if (room >= wanted)
        return wanted;
    if (!from_limit)
        log_line("HTTPSTATUS_MAX_SLEEPERS %zu lowered to %zu: the fd limit "
                 "is %llu", wanted, room, (unsigned long long)fd_limit);
    return room;
}

unsigned server_default_threads(void)
{
    long spare = sysconf(_SC_NPROCESSORS_ONLN) - 1;
    if (spare < SERVER_MIN_DEFAULT_THREADS)
        return SERVER_MIN_DEFAULT_THREADS;
    return spare > SERVER_MAX_THREADS ? SERVER_MAX_THREADS : (unsigned)spare;
}

int server_run(const struct server_config *config)
{
    struct server srv = { .config = config };
    atomic_uint exited;
    struct worker_start start = { &srv, &exited };
    pthread_t timer;
    unsigned started = 0;
    int rc = 1;

    id_source_init(&srv.ids);
    atomic_init(&srv.stopping, 0);
    atomic_init(&srv.reserved, 0);
    atomic_init(&srv.accept_failing, 0);
    atomic_init(&exited, 0);
    struct rlimit files;
    if (getrlimit(RLIMIT_NOFILE, &files) != 0)
        files.rlim_cur = RLIM_INFINITY;
    srv.max_sleepers = sleepers_within_fd_limit(config, files.rlim_cur);
    /* What bounds this worker, said once: the web server's limits are
     * sized against it. */
    const char *threads = config->threads == 1 ? "thread" : "threads";
    if (files.rlim_cur == RLIM_INFINITY)
        log_line("started: %u %s, up to %zu delayed responses held, "
                 "no fd limit", config->threads, threads, srv.max_sleepers);
    else
        log_line("started: %u %s, up to %zu delayed responses held, "
                 "fd limit %llu", config->threads, threads, srv.max_sleepers,
                 (unsigned long long)files.rlim_cur);
    pthread_t *workers = calloc(config->threads, sizeof(*workers));
    srv.wake_fd = eventfd(0, EFD_CLOEXEC);
    srv.epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event wake = { .events = EPOLLIN, .data.ptr = NULL };
    if (!workers || srv.wake_fd < 0 || srv.epoll_fd < 0 ||
        epoll_ctl(srv.epoll_fd, EPOLL_CTL_ADD, srv.wake_fd, &wake) != 0 ||
        sleepers_init(&srv.sleepers, srv.max_sleepers) != 0) {
        log_line("cannot start: %s", strerror(errno));
        if (srv.wake_fd >= 0)
            close(srv.wake_fd);
        if (srv.epoll_fd >= 0)
            close(srv.epoll_fd);
        free(workers);
        return 1;
    }
    pthread_mutex_init(&srv.lock, NULL);

    /* SIGTERM (how web servers stop FastCGI workers) and SIGINT reach only
     * this thread, through sigwait(); the other threads keep SIGUSR1, whose
     * handler (no SA_RESTART) breaks them out of accept() at stop. */
    struct sigaction wake_up = { .sa_handler = interrupt };
    sigemptyset(&wake_up.sa_mask);
    sigaction(SIGUSR1, &wake_up, NULL);
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);

    if (pthread_create(&timer, NULL, timer_main, &srv) != 0) {
        log_line("cannot start the timer thread");
        goto cleanup;
    }
    for (; started < config->threads; started++)
        if (pthread_create(&workers[started], NULL, worker_thread, &start)
            != 0) {
            log_line("cannot start thread %u: %s", started + 1,
                     strerror(errno));
            break;
        }
    if (started == config->threads) {
        int signal_number;
        sigwait(&stop_signals, &signal_number);
        rc = 0;
    }

    atomic_store(&srv.stopping, 1);
    stop_workers(workers, started, &exited);
    wake_timer(&srv);
    pthread_join(timer, NULL);
cleanup:
    pthread_mutex_destroy(&srv.lock);
    sleepers_free(&srv.sleepers);
    close(srv.wake_fd);
    close(srv.epoll_fd);
    free(workers);
    return rc;
}
