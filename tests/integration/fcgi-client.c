/* fcgi-client.c - one FastCGI request to a worker's socket, for the tests
 * that need the worker without a web server in front of it
 *
 * usage: fcgi-client SOCKET QUERY [HANG_UP_MS]
 *        fcgi-client SOCKET --queue COUNT
 * Sends GET /api/status/200?QUERY to the worker listening on the unix
 * socket SOCKET and prints what it answers (the CGI head and body).  With
 * HANG_UP_MS, closes the connection that many milliseconds after sending,
 * as a web server does when its client goes away, and prints nothing.
 * QUERY "-" sends nothing at all before the hang-up: a web server that
 * connected and has not spoken yet.
 * With --queue, opens up to COUNT connections at once without a word on
 * any, as a web server does in a burst, stops at the first the socket's
 * queue refuses, prints "queued N" and closes them: a worker that accepts
 * nothing meanwhile shows how long its listen queue is.
 * Exits 0, or 1 when the connection or the protocol fails.
 */
#define _GNU_SOURCE /* SOCK_NONBLOCK */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

enum { BEGIN_REQUEST = 1, END_REQUEST = 3, PARAMS = 4, STDIN = 5,
       STDOUT = 6 };

/* Appends a record of type with content[0..len) to out at *used. */
static void record(unsigned char *out, size_t *used, int type,
                   const void *content, size_t len)
{
    unsigned char head[8] = { 1, (unsigned char)type, 0, 1,
                              (unsigned char)(len >> 8),
                              (unsigned char)len, 0, 0 };
    memcpy(out + *used, head, 8);
    memcpy(out + *used + 8, content, len);
    *used += 8 + len;
}

/* Appends a name-value pair in FastCGI's encoding (lengths below 128). */
static void pair(unsigned char *out, size_t *used, const char *name,
                 const char *value)
{
    out[(*used)++] = (unsigned char)strlen(name);
    out[(*used)++] = (unsigned char)strlen(value);
    memcpy(out + *used, name, strlen(name));
    *used += strlen(name);
    memcpy(out + *used, value, strlen(value));
    *used += strlen(value);
}

/* Connections to address until one fails (a unix socket whose queue is
 * full refuses at once: EAGAIN); prints how many. */
static int fill_queue(const struct sockaddr_un *address, long count)
{
    struct rlimit files;
    if (getrlimit(RLIMIT_NOFILE, &files) == 0) {
        files.rlim_cur = files.rlim_max;
        setrlimit(RLIMIT_NOFILE, &files);
    }
    long queued = 0;
    for (; queued < count; queued++) {
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
        if (fd < 0 || connect(fd, (const struct sockaddr *)address,
                              sizeof(*address)) != 0)
            break;
    }
    printf("queued %ld\n", queued);
    return 0;   /* exit closes them */
}

static int read_all(int fd, unsigned char *buf, size_t len)
{
    while (len) {
        ssize_t got = read(fd, buf, len);
        if (got <= 0)
            return -1;
        buf += got;
        len -= (size_t)got;
    }
    return 0;
}

int main(int argc, char **argv)
{
    static unsigned char out[4096], params[1024];
    size_t used = 0, params_len = 0;
    struct sockaddr_un address = { .sun_family = AF_UNIX };
    if (argc < 3 || strlen(argv[1]) >= sizeof(address.sun_path) ||
        strlen(argv[2]) > 120) {
        fprintf(stderr, "usage: fcgi-client SOCKET QUERY [HANG_UP_MS]\n"
                        "       fcgi-client SOCKET --queue COUNT\n");
        return 1;
    }
    strcpy(address.sun_path, argv[1]);
    if (strcmp(argv[2], "--queue") == 0)
        return fill_queue(&address, argc > 3 ? atol(argv[3]) : 0);
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0 ||
        connect(fd, (struct sockaddr *)&address, sizeof(address)) != 0) {
        perror("fcgi-client: connect");
        return 1;
    }
    static const unsigned char begin[8] = { 0, 1, 0, 0, 0, 0, 0, 0 };
    record(out, &used, BEGIN_REQUEST, begin, sizeof(begin));
    pair(params, &params_len, "REQUEST_METHOD", "GET");
    pair(params, &params_len, "SCRIPT_NAME", "/api/status/200");
    pair(params, &params_len, "QUERY_STRING", argv[2]);
    pair(params, &params_len, "SERVER_PROTOCOL", "HTTP/1.1");
    record(out, &used, PARAMS, params, params_len);
    record(out, &used, PARAMS, "", 0);
    record(out, &used, STDIN, "", 0);
    int silent = strcmp(argv[2], "-") == 0;
    if (!silent && write(fd, out, used) != (ssize_t)used) {
        perror("fcgi-client: write");
        return 1;
    }
    if (argc > 3) {
        long ms = atol(argv[3]);
        struct timespec pause = { ms / 1000, (ms % 1000) * 1000000L };
        nanosleep(&pause, NULL);
        close(fd);
        return 0;
    }
    for (;;) {
        unsigned char head[8], content[65536 + 256];
        if (read_all(fd, head, 8) != 0) {
            fprintf(stderr, "fcgi-client: the connection ended early\n");
            return 1;
        }
        size_t len = (size_t)head[4] << 8 | head[5];
        if (read_all(fd, content, len + head[6]) != 0)
            return 1;
        if (head[1] == STDOUT)
            fwrite(content, 1, len, stdout);
        else if (head[1] == END_REQUEST)
            return 0;
    }
}
