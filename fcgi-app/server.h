/* server.h - the FastCGI worker: threads that accept, and delayed responses */
#ifndef HTTPSTATUS_SERVER_H
#define HTTPSTATUS_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "request.h"

struct server_config {
    int listen_fd;                 /* the FastCGI listening socket */
    unsigned threads;              /* threads blocked in FCGX_Accept_r */
    size_t max_sleepers;           /* delayed responses held at once;
                                    * SERVER_SLEEPERS_FROM_FD_LIMIT: as
                                    * many as the fd limit leaves room for */
    struct request_limits limits;
};

/* Threads that wait in accept cost wake-ups and context switches, and a
 * delayed response holds none: one thread per core, and at least two so
 * that a request stuck on a slow write does not stop the rest. */
#define SERVER_MIN_DEFAULT_THREADS 2
#define SERVER_MAX_THREADS 1024
unsigned server_default_threads(void);
#define SERVER_SLEEPERS_FROM_FD_LIMIT SIZE_MAX
/* The most delayed responses held, whatever the fd limit (an unlimited
 * one among them): each costs a slot, a connection and about 2 KiB. */
#define SERVER_MAX_SLEEPERS 65536

/* Serves FastCGI requests until SIGTERM or SIGINT, then answers the delayed
 * responses still waiting and returns 0; 1 when it cannot start. */
int server_run(const struct server_config *config);

#endif
