/* main.c - the httpstatus worker: FastCGI accept loop or one CGI request
 *
 * The only file that knows libfcgi.  It reads the request body, stamps the
 * request with an id and a time, and hands it to the pure core
 * (request.c, response.c); everything it writes comes from there.
 */
#include <errno.h>
#include <fcgiapp.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "request.h"
#include "response.h"

extern char **environ;

#define HEAD_BUFFER_SIZE 4096

struct options {
    const char *listen_address;   /* -s; NULL: fd 0 from the web server */
    struct request_limits limits;
};

/* Request ids: a per-process random key mixed with a counter, so ids are
 * unique across workers without a syscall per request. */
struct id_source {
    uint64_t key;
    uint64_t counter;
};

/* Where one request's bytes come from and go to: FastCGI streams or the
 * CGI stdin/stdout pair. */
struct exchange {
    size_t (*read)(void *in, char *buf, size_t len);
    int (*write)(void *out, const char *buf, size_t len);
    void *in;
    void *out;
};

static void usage(FILE *to)
{
    fprintf(to,
            "usage: httpstatus [-s ADDRESS]\n"
            "\n"
            "Started by a web server with a FastCGI socket on fd 0, serves\n"
            "FastCGI requests until told to stop; started as a CGI program,\n"
            "serves the one request its environment describes.\n"
            "\n"
            "  -s ADDRESS  listen on ADDRESS instead: a unix socket path or\n"
            "              127.0.0.1:PORT (a web server that does not spawn\n"
            "              workers itself, such as nginx)\n"
            "  -h          show this help\n"
            "\n"
            "Environment:\n"
            "  HTTPSTATUS_MAX_BODY_BYTES   largest request body read "
            "(default %d);\n"
            "                              larger ones get 413\n"
            "  HTTPSTATUS_MAX_QUERY_BYTES  longest query string "
            "(default %d);\n"
            "                              longer ones get 414\n",
            REQUEST_DEFAULT_MAX_BODY, REQUEST_DEFAULT_MAX_QUERY);
}

/* A decimal number from the environment, or fallback when unset.
 * Returns -1 (after saying why) when the value is not a plain number. */
static int env_number(const char *name, uint64_t fallback, uint64_t *out)
{
    const char *text = getenv(name);
    *out = fallback;
    if (!text)
        return 0;
    uint64_t value = 0;
    if (!*text)
        goto bad;
    for (const char *c = text; *c; c++) {
        if (*c < '0' || *c > '9' || value > (UINT64_MAX - 9) / 10)
            goto bad;
        value = value * 10 + (uint64_t)(*c - '0');
    }
    *out = value;
    return 0;
bad:
    fprintf(stderr, "httpstatus: %s=%s is not a decimal number\n", name, text);
    return -1;
}

static int options_parse(struct options *opt, int argc, char **argv)
{
    uint64_t max_query;
    int c;

    opt->listen_address = NULL;
    while ((c = getopt(argc, argv, "s:h")) != -1) {
        switch (c) {
        case 's':
            opt->listen_address = optarg;
            break;
        case 'h':
            usage(stdout);
            exit(0);
        default:
            usage(stderr);
            return -1;
        }
    }
    if (optind != argc) {
        usage(stderr);
        return -1;
    }
    /* FCGX_OpenSocket binds every interface for ":PORT"; never do that. */
    if (opt->listen_address && opt->listen_address[0] == ':') {
        fprintf(stderr, "httpstatus: -s %s would listen on every interface; "
                        "give 127.0.0.1:PORT\n", opt->listen_address);
        return -1;
    }
    if (env_number("HTTPSTATUS_MAX_BODY_BYTES", REQUEST_DEFAULT_MAX_BODY,
                   &opt->limits.max_body_bytes) != 0 ||
        env_number("HTTPSTATUS_MAX_QUERY_BYTES", REQUEST_DEFAULT_MAX_QUERY,
                   &max_query) != 0)
        return -1;
    opt->limits.max_query_bytes = (size_t)max_query;
    return 0;
}

static void id_source_init(struct id_source *ids)
{
    ids->counter = 0;
    if (getrandom(&ids->key, sizeof(ids->key), 0) !=
        (ssize_t)sizeof(ids->key)) {
        struct timespec now;
        clock_gettime(CLOCK_REALTIME, &now);
        ids->key = (uint64_t)now.tv_nsec ^ ((uint64_t)now.tv_sec << 20) ^
                   ((uint64_t)getpid() << 40);
    }
}

/* splitmix64: a bijection, so distinct counters give distinct ids. */
static uint64_t id_source_next(struct id_source *ids)
{
    uint64_t z = ids->key + ++ids->counter * UINT64_C(0x9e3779b97f4a7c15);
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

static void serve(const struct exchange *io, char *const *envp,
                  const struct request_limits *limits, struct id_source *ids,
                  struct sim_response *resp)
{
    struct sim_request req;
    struct timespec now;
    uint64_t length;
    char head[HEAD_BUFFER_SIZE];

    clock_gettime(CLOCK_REALTIME, &now);
    request_from_env(&req, envp);
    request_format_time(req.received, &now);
    request_format_id(req.id, id_source_next(ids));
    req.body = request_body_verdict(&req, limits, &length);
    if (req.body == BODY_READ)
        req.body_bytes = drain_body(io, length);

    response_build(resp, &req, limits);
    size_t head_len = response_format_head(resp, head, sizeof(head));
    if (head_len == 0) {
        fprintf(stderr, "httpstatus: response head exceeds %d bytes\n",
                HEAD_BUFFER_SIZE);
        return;
    }
    if (io->write(io->out, head, head_len) != 0 ||
        (resp->send_body &&
         io->write(io->out, resp->body, resp->body_len) != 0))
        fprintf(stderr, "httpstatus: request %s: client went away\n",
                req.id);
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

static size_t stdio_read(void *in, char *buf, size_t len)
{
    return fread(buf, 1, len, in);
}

static int stdio_write(void *out, const char *buf, size_t len)
{
    return fwrite(buf, 1, len, out) == len ? 0 : -1;
}

static int serve_cgi(const struct options *opt, struct id_source *ids,
                     struct sim_response *resp)
{
    struct exchange io = { stdio_read, stdio_write, stdin, stdout };
    serve(&io, environ, &opt->limits, ids, resp);
    return fflush(stdout) == 0 ? 0 : 1;
}

static int serve_fastcgi(const struct options *opt, struct id_source *ids,
                         struct sim_response *resp)
{
    int listen_fd = 0;
    if (opt->listen_address) {
        listen_fd = FCGX_OpenSocket(opt->listen_address, 128);
        if (listen_fd < 0) {
            fprintf(stderr, "httpstatus: cannot listen on %s: %s\n",
                    opt->listen_address, strerror(errno));
            return 1;
        }
    }

    FCGX_Request request;
    if (FCGX_InitRequest(&request, listen_fd, 0) != 0) {
        fprintf(stderr, "httpstatus: FCGX_InitRequest failed\n");
        return 1;
    }
    /* Returns < 0 once libfcgi's SIGTERM/SIGUSR1 handler asked us to stop. */
    while (FCGX_Accept_r(&request) >= 0) {
        struct exchange io = { fcgx_read, fcgx_write, request.in,
                               request.out };
        serve(&io, request.envp, &opt->limits, ids, resp);
        FCGX_Finish_r(&request);
    }
    FCGX_Free(&request, 1);
    return 0;
}

int main(int argc, char **argv)
{
    struct options opt;
    struct id_source ids;

    if (options_parse(&opt, argc, argv) != 0)
        return 2;
    if (FCGX_Init() != 0) {
        fprintf(stderr, "httpstatus: FCGX_Init failed\n");
        return 1;
    }
    struct sim_response *resp = malloc(sizeof(*resp));
    if (!resp) {
        fprintf(stderr, "httpstatus: out of memory\n");
        return 1;
    }
    id_source_init(&ids);

    /* FCGX_Accept_r has no CGI fallback of its own: fd 0 that is not a
     * listening socket means a web server ran us as a CGI program. */
    int rc = !opt.listen_address && FCGX_IsCGI()
                 ? serve_cgi(&opt, &ids, resp)
                 : serve_fastcgi(&opt, &ids, resp);
    free(resp);
    return rc;
}
