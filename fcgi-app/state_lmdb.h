/* state_lmdb.h - the embedded state store (HTTPSTATUS_STORE=lmdb:PATH),
 * shared by every thread and process of one host */
#ifndef HTTPSTATUS_STATE_LMDB_H
#define HTTPSTATUS_STATE_LMDB_H

#include <lmdb.h>
#include <pthread.h>

#include "core/sequence.h"

/* A counter nobody has touched for this long starts again from 0, and its
 * room can be taken back when the store fills. */
#define STATE_IDLE_MS (60 * 60 * 1000)

/* One process's handle on the store. */
struct state_lmdb {
    pthread_mutex_t opening;
    char directory[512];
    MDB_env *env;
    MDB_dbi dbi;
    const char *broken;     /* why it could not be opened, or NULL */
};

/* Makes store the LMDB environment in directory (held by lmdb), which it
 * creates when missing; the environment itself is opened on the first
 * use, so a request that keeps no state never touches it.  Returns 0, or
 * -1 when directory is too long to use. */
int state_lmdb_init(struct state_lmdb *lmdb, struct state_store *store,
                    const char *directory);

#endif
