/* server.h - the FastCGI worker: threads that accept, and delayed responses */
#ifndef HTTPSTATUS_SERVER_H
#define HTTPSTATUS_SERVER_H

#include <stddef.h>

#include "request.h"

struct server_config {
    int listen_fd;                 /* the FastCGI listening socket */
    unsigned threads;              /* threads blocked in FCGX_Accept_r */
    size_t max_sleepers;           /* delayed responses held at once */
    struct request_limits limits;
};

#define SERVER_DEFAULT_THREADS 8
#define SERVER_DEFAULT_MAX_SLEEPERS 1000

/* Serves FastCGI requests until SIGTERM or SIGINT, then answers the delayed
 * responses still waiting and returns 0; 1 when it cannot start. */
int server_run(const struct server_config *config);

#endif
