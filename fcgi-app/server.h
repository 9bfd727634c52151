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

/* A delayed response holds no thread, and the web server in front buffers
 * request bodies and reads responses as they come, so a thread is never
 * kept waiting.  A thread more than the cores left over after the web
 * server's event loop only waits in accept: every request then wakes it,
 * and behind lighttpd on 2 cores two threads answered about 15 % fewer
 * requests a second than one.  So one per core less one, at least one. */
#define SERVER_MIN_DEFAULT_THREADS 1
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
