/* min-responder.c - the FastCGI protocol floor for the benchmark
 *
 * Answers every request with the same status line, fields and body, read
 * once from a file: no parsing, no JSON, no table.  It is threaded like the
 * worker (one FCGX_Request per thread on FCGX_Accept_r) and closes the way
 * the worker does (input read to its end, then no lingering close), so that
 * the two differ only in what httpstatus does per request.
 *
 * usage: min-responder BODY_FILE [THREADS] [-s ADDRESS]
 */
#include <fcgiapp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char response[65536];
static int response_len;
static int listen_fd;

static void *serve(void *arg)
{
    FCGX_Request request;
    (void)arg;
    if (FCGX_InitRequest(&request, listen_fd, 0) != 0)
        return NULL;
    while (FCGX_Accept_r(&request) >= 0) {
        char rest[256];
        while (FCGX_GetStr(rest, sizeof(rest), request.in) > 0)
            ;
        FCGX_Detach(&request);
        FCGX_PutStr(response, response_len, request.out);
        FCGX_Finish_r(&request);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: min-responder BODY_FILE [THREADS] "
                        "[-s ADDRESS]\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    char body[60000];
    size_t body_len = fread(body, 1, sizeof(body), f);
    fclose(f);
    char *end = NULL;
    long threads = argc > 2 ? strtol(argv[2], &end, 10) : 8;
    if ((end && *end) || threads < 1 || threads > 1024) {
        fprintf(stderr, "min-responder: THREADS is 1 to 1024\n");
        return 2;
    }

    response_len = snprintf(response, sizeof(response),
                            "Status: 200 OK\r\n"
                            "Content-Type: application/json; charset=utf-8\r\n"
                            "Content-Length: %zu\r\n"
                            "Cache-Control: no-store\r\n\r\n", body_len);
    memcpy(response + response_len, body, body_len);
    response_len += (int)body_len;

    FCGX_Init();
    /* libfcgi's SIGTERM handler only sets a flag that a thread blocked in
     * accept never sees, so a stopping lighttpd would wait for us and then
     * kill us: let SIGTERM end the process again. */
    signal(SIGTERM, SIG_DFL);
    if (argc > 4 && strcmp(argv[3], "-s") == 0) {
        listen_fd = FCGX_OpenSocket(argv[4], 1024);
        if (listen_fd < 0) {
            perror(argv[4]);
            return 1;
        }
    }
    pthread_t *ids = calloc((size_t)threads, sizeof(*ids));
    if (!ids)
        return 1;
    for (long i = 0; i < threads; i++)
        pthread_create(&ids[i], NULL, serve, NULL);
    for (long i = 0; i < threads; i++)
        pthread_join(ids[i], NULL);
    return 0;
}
