/* held-clients.c - N requests held at once, for make bench's held-response
 * scenario
 *
 * usage: held-clients PORT PATH COUNT TIMEOUT_S
 * Opens COUNT connections to 127.0.0.1:PORT, sends "GET PATH" on each,
 * prints "sending took S" once all are sent, and waits up to TIMEOUT_S
 * seconds for every answer's status line and the end of the connection
 * (each request says Connection: close).  Then prints
 * "sent N ok N refused N other N unanswered N seconds S": answers 200,
 * answers 503, other answers, connections that never answered, and the
 * time from the first request to the last answer.
 *
 * usage: held-clients --idle COUNT SECONDS
 * The control beside it: COUNT loopback connections to a listener of its
 * own, both ends held for SECONDS and no server involved; prints
 * "holding N" once they are open.  What a fast stream loses beside these
 * is what that many sockets cost the machine, not what the server does.
 */
#define _GNU_SOURCE /* MSG_NOSIGNAL under -std=c11 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct held {
    int fd;
    char status[13];       /* "HTTP/1.1 200" */
    size_t status_len;
};

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void raise_fd_limit(void)
{
    struct rlimit files;
    if (getrlimit(RLIMIT_NOFILE, &files) == 0) {
        files.rlim_cur = files.rlim_max;
        setrlimit(RLIMIT_NOFILE, &files);
    }
}

static int open_request(const struct sockaddr_in *server, const char *req,
                        size_t req_len)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    if (connect(fd, (const struct sockaddr *)server, sizeof *server) != 0 ||
        send(fd, req, req_len, MSG_NOSIGNAL) != (ssize_t)req_len) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Reads what is there; returns 1 once the server has closed. */
static int read_answer(struct held *h)
{
    char buf[4096];
    ssize_t got = recv(h->fd, buf, sizeof buf, MSG_DONTWAIT);
    if (got < 0)
        return errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR;
    if (got == 0)
        return 1;
    size_t want = sizeof h->status - 1 - h->status_len;
    size_t take = (size_t)got < want ? (size_t)got : want;
    memcpy(h->status + h->status_len, buf, take);
    h->status_len += take;
    return 0;
}

static int hold_idle(long count, unsigned seconds)
{
    struct sockaddr_in self = { .sin_family = AF_INET };
    socklen_t self_len = sizeof self;
    inet_pton(AF_INET, "127.0.0.1", &self.sin_addr);
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    if (listener < 0 ||
        bind(listener, (struct sockaddr *)&self, sizeof self) != 0 ||
        listen(listener, SOMAXCONN) != 0 ||
        getsockname(listener, (struct sockaddr *)&self, &self_len) != 0)
        return 1;
    long held = 0;
    /* One accept after each connect keeps the queue short; the process
     * exits with both ends open and the kernel closes them. */
    while (held < count &&
           open_request(&self, "", 0) >= 0 && accept(listener, NULL, NULL) >= 0)
        held++;
    printf("holding %ld\n", held);
    fflush(stdout);
    sleep(seconds);
    return held == count ? 0 : 1;
}

int main(int argc, char **argv)
{
    raise_fd_limit();
    if (argc == 4 && strcmp(argv[1], "--idle") == 0)
        return hold_idle(atol(argv[2]), (unsigned)atoi(argv[3]));
    if (argc != 5) {
        fprintf(stderr, "usage: held-clients PORT PATH COUNT TIMEOUT_S\n"
                        "       held-clients --idle COUNT SECONDS\n");
        return 1;
    }
    struct sockaddr_in server = { .sin_family = AF_INET,
                                  .sin_port = htons((uint16_t)atoi(argv[1])) };
    inet_pton(AF_INET, "127.0.0.1", &server.sin_addr);
    long count = atol(argv[3]);
    double timeout = atof(argv[4]);
    if (count < 1 || timeout <= 0) {
        fprintf(stderr, "held-clients: bad arguments\n");
        return 1;
    }
    char req[1024];
    int req_len = snprintf(req, sizeof req,
                           "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                           "Connection: close\r\n\r\n", argv[2]);
    if (req_len <= 0 || (size_t)req_len >= sizeof req)
        return 1;

    struct held *all = calloc((size_t)count, sizeof *all);
    /* epoll, not poll: a poll over thousands of sockets every few hundred
     * milliseconds spends whole milliseconds in the kernel, and on a
     * two-core machine that shows in the fast stream's tail as if the
     * server were slow. */
    int ready_fd = epoll_create1(0);
    if (!all || ready_fd < 0)
        return 1;
    double start = now_seconds(), last = start;
    long open = 0;
    for (long i = 0; i < count; i++) {
        all[i].fd = open_request(&server, req, (size_t)req_len);
        struct epoll_event watch = { .events = EPOLLIN, .data.ptr = &all[i] };
        if (all[i].fd >= 0 &&
            epoll_ctl(ready_fd, EPOLL_CTL_ADD, all[i].fd, &watch) == 0)
            open++;
    }
    printf("sending took %.2f\n", now_seconds() - start);
    fflush(stdout);

    struct epoll_event ready[256];
    while (open > 0 && now_seconds() - start < timeout) {
        int n = epoll_wait(ready_fd, ready, 256, 200);
        for (int i = 0; i < n; i++) {
            struct held *h = ready[i].data.ptr;
            if (h->fd >= 0 && read_answer(h)) {
                close(h->fd);   /* closing also takes it out of ready_fd */
                h->fd = -1;
                open--;
                last = now_seconds();
            }
        }
    }

    long ok = 0, refused = 0, other = 0, unanswered = 0;
    for (long i = 0; i < count; i++) {
        if (all[i].status_len < 12)
            unanswered++;
        else if (memcmp(all[i].status + 9, "200", 3) == 0)
            ok++;
        else if (memcmp(all[i].status + 9, "503", 3) == 0)
            refused++;
        else if (other++ == 0)
            fprintf(stderr, "held-clients: the first other answer: %.12s\n",
                    all[i].status);
        if (all[i].fd >= 0)
            close(all[i].fd);
    }
    printf("sent %ld ok %ld refused %ld other %ld unanswered %ld "
           "seconds %.2f\n", count, ok, refused, other, unanswered,
           last - start);
    free(all);
    close(ready_fd);
    return 0;
}
