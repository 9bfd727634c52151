/* slow-clients.c - many connections that each trickle a request header,
 * one byte at a time, as a slowloris attack does; for the tests that
 * show a web server still serving others meanwhile
 *
 * usage: slow-clients SOURCE PORT COUNT INTERVAL_MS SECONDS
 * Opens COUNT connections from the address SOURCE to 127.0.0.1:PORT, sends
 * a request line on each, then one more header byte on each every
 * INTERVAL_MS, never ending the header.  Prints "connected N" once the
 * connections are open, and after SECONDS (or at SIGTERM) prints
 * "open N closed M": connections still open, and connections the server
 * closed (or answered, which a server does only to close).
 * Exits 0, or 1 when its arguments are wrong or no connection opened.
 */
#define _GNU_SOURCE /* SOCK_NONBLOCK */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stopping;

static void stop(int sig)
{
    (void)sig;
    stopping = 1;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A connection from source to the port, its request line sent; -1 when
 * the server does not take it within a second (its backlog is full). */
static int open_slow(const struct sockaddr_in *source,
                     const struct sockaddr_in *server)
{
    static const char request_line[] =
        "GET /api/status/200 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Trickle: ";
    /* Non-blocking: a blocking connect to a full backlog would wait for
     * minutes of SYN retries. */
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return -1;
    struct pollfd writable = { .fd = fd, .events = POLLOUT };
    int error = 0;
    socklen_t error_len = sizeof error;
    if (bind(fd, (const struct sockaddr *)source, sizeof *source) != 0 ||
        (connect(fd, (const struct sockaddr *)server, sizeof *server) != 0 &&
         errno != EINPROGRESS) ||
        poll(&writable, 1, 1000) != 1 ||
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &error_len) != 0 ||
        error != 0 ||
        send(fd, request_line, sizeof request_line - 1, MSG_NOSIGNAL) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* One more byte of header; 0 when the server has closed or answered. */
static int trickle(int fd)
{
    char answer[512];
    if (recv(fd, answer, sizeof answer, 0) >= 0 ||
        (errno != EAGAIN && errno != EWOULDBLOCK))
        return 0;
    return send(fd, "a", 1, MSG_NOSIGNAL) == 1 || errno == EAGAIN ||
           errno == EWOULDBLOCK;
}

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: slow-clients SOURCE PORT COUNT "
                        "INTERVAL_MS SECONDS\n");
        return 1;
    }
    struct sockaddr_in source = { .sin_family = AF_INET };
    struct sockaddr_in server = { .sin_family = AF_INET,
                                  .sin_port = htons((uint16_t)atoi(argv[2])) };
    long count = atol(argv[3]), interval_ms = atol(argv[4]);
    double seconds = atof(argv[5]);
    if (inet_pton(AF_INET, argv[1], &source.sin_addr) != 1 || count < 1 ||
        interval_ms < 1 || seconds <= 0) {
        fprintf(stderr, "slow-clients: bad arguments\n");
        return 1;
    }
    inet_pton(AF_INET, "127.0.0.1", &server.sin_addr);
    /* Thousands of connections: the soft fd limit is often 1024. */
    struct rlimit files;
    if (getrlimit(RLIMIT_NOFILE, &files) == 0) {
        files.rlim_cur = files.rlim_max;
        setrlimit(RLIMIT_NOFILE, &files);
    }
    signal(SIGTERM, stop);
    signal(SIGINT, stop);

    int *fds = calloc((size_t)count, sizeof *fds);
    if (!fds)
        return 1;
    long opened = 0;
    for (long i = 0; i < count && !stopping; i++) {
        fds[i] = open_slow(&source, &server);
        opened += fds[i] >= 0;
    }
    printf("connected %ld\n", opened);
    fflush(stdout);
    if (opened == 0)
        return 1;

    long closed = 0;
    double end = now_seconds() + seconds;
    while (!stopping && now_seconds() < end) {
        struct timespec pause = { interval_ms / 1000,
                                  (interval_ms % 1000) * 1000000L };
        nanosleep(&pause, NULL);
        for (long i = 0; i < count; i++) {
            if (fds[i] >= 0 && !trickle(fds[i])) {
                close(fds[i]);
                fds[i] = -1;
                closed++;
            }
        }
    }
    printf("open %ld closed %ld\n", opened - closed, closed);
    for (long i = 0; i < count; i++)
        if (fds[i] >= 0)
            close(fds[i]);
    free(fds);
    return 0;
}
