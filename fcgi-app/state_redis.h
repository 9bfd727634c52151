/* state_redis.h - the state store across hosts
 * (HTTPSTATUS_STORE=redis://HOST:PORT[/DB]): workers on several hosts
 * behind one front end share sequences, windows, logs and resources */
#ifndef HTTPSTATUS_STATE_REDIS_H
#define HTTPSTATUS_STATE_REDIS_H

#include "core/sequence.h"

/* One process's handle: where the server is.  Each thread opens its own
 * connection on first use (a hiredis context serves one thread). */
struct state_redis {
    char host[256];
    int port;
    int db;
    /* HTTPSTATUS_STORE_TIMEOUT_MS, to connect and for each answer: a slow
     * or lost server costs a request a 503, never a worker's thread for
     * long. */
    unsigned timeout_ms;
};

/* Makes store the Redis server spec ("redis://HOST:PORT[/DB]") names.
 * Returns 0, or -1 when spec is not such a URL. */
int state_redis_init(struct state_redis *redis, struct state_store *store,
                     const char *spec, unsigned timeout_ms);

#endif
