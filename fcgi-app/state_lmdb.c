/* state_lmdb.c - counters in one LMDB environment: every thread and every
 * process of the host (FastCGI workers, CGI programs) opens the same
 * directory, and LMDB's lock file makes each increment one atomic write
 * transaction among them all.  Chosen over SQLite in WAL mode for its
 * cost: an increment is a copy-on-write of one page in a memory map, with
 * no SQL to parse and no journal to replay. */
#include "state_lmdb.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "log.h"

/* The map a store may grow to: at about 100 bytes a counter, hundreds of
 * thousands of keys; the file is sparse, so the size costs nothing until
 * it is used. */
#define STATE_MAP_BYTES (64UL * 1024 * 1024)

struct counter {
    uint64_t value;
    uint64_t touched_ms;    /* CLOCK_REALTIME: processes share it */
    uint64_t started_ms;    /* the window's start */
};

static uint64_t now_ms(void)
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    return (uint64_t)now.tv_sec * 1000 + (uint64_t)now.tv_nsec / 1000000;
}

/* Another process's clock reading may be a little ahead of this one's. */
static int idle(const struct counter *c, uint64_t now)
{
    return now > c->touched_ms && now - c->touched_ms > STATE_IDLE_MS;
}

/* Opens the environment once per process; a failure is kept, so each
 * request says why rather than retrying. */
static int open_once(struct state_lmdb *s)
{
    pthread_mutex_lock(&s->opening);
    if (!s->env && !s->broken) {
        MDB_txn *txn;
        int rc;
        if (mkdir(s->directory, 0770) != 0 && errno != EEXIST)
            rc = errno;
        else if ((rc = mdb_env_create(&s->env)) == 0 &&
                 (rc = mdb_env_set_mapsize(s->env, STATE_MAP_BYTES)) == 0 &&
                 /* The state is a test's scratch: losing the last writes to
                  * a crash of the machine is better than a sync each. */
                 (rc = mdb_env_open(s->env, s->directory,
                                    MDB_NOSYNC | MDB_NOTLS, 0660)) == 0 &&
                 (rc = mdb_txn_begin(s->env, NULL, 0, &txn)) == 0) {
            if ((rc = mdb_dbi_open(txn, NULL, 0, &s->dbi)) != 0)
                mdb_txn_abort(txn);
            else
                rc = mdb_txn_commit(txn);
        }
        if (rc != 0) {
            log_line("state store %s: %s", s->directory,
                     rc > 0 && rc < MDB_KEYEXIST ? strerror(rc)
                                                 : mdb_strerror(rc));
            s->broken = "the state store cannot be opened (see the "
                        "worker's log)";
            if (s->env)
                mdb_env_close(s->env);
            s->env = NULL;
        }
    }
    pthread_mutex_unlock(&s->opening);
    return s->env ? 0 : -1;
}

/* Deletes the counters idle for STATE_IDLE_MS, to make room. */
static void forget_idle(struct state_lmdb *s, uint64_t now)
{
    MDB_txn *txn;
    MDB_cursor *cursor;
    MDB_val key, data;
    if (mdb_txn_begin(s->env, NULL, 0, &txn) != 0)
        return;
    if (mdb_cursor_open(txn, s->dbi, &cursor) == 0) {
        int rc = mdb_cursor_get(cursor, &key, &data, MDB_FIRST);
        while (rc == 0) {
            struct counter c;
            if (data.mv_size == sizeof(c)) {
                memcpy(&c, data.mv_data, sizeof(c));
                if (idle(&c, now))
                    mdb_cursor_del(cursor, 0);
            }
            rc = mdb_cursor_get(cursor, &key, &data, MDB_NEXT);
        }
        mdb_cursor_close(cursor);
    }
    mdb_txn_commit(txn);
}

/* One increment, as one write transaction; MDB_MAP_FULL when full.  The
 * time is read once the transaction holds the writer's lock, so that
 * increments are in time order too. */
static int increment(struct state_lmdb *s, const char *name, size_t len,
                     uint64_t window_ms, struct state_count *count)
{
    MDB_txn *txn;
    MDB_val key = { len, (void *)name }, data;
    int rc = mdb_txn_begin(s->env, NULL, 0, &txn);
    if (rc != 0)
        return rc;
    uint64_t now = now_ms();
    struct counter c = { 0, now, now };
    if (mdb_get(txn, s->dbi, &key, &data) == 0 &&
        data.mv_size == sizeof(c)) {
        memcpy(&c, data.mv_data, sizeof(c));
        if (idle(&c, now) ||
            (window_ms && now >= c.started_ms + window_ms)) {
            c.value = 0;
            c.started_ms = now;
        }
    }
    c.value++;
    c.touched_ms = now;
    data = (MDB_val){ sizeof(c), &c };
    rc = mdb_put(txn, s->dbi, &key, &data, 0);
    if (rc != 0) {
        mdb_txn_abort(txn);
        return rc;
    }
    if ((rc = mdb_txn_commit(txn)) == 0)
        *count = (struct state_count){ c.value, c.started_ms, now };
    return rc;
}

static int next(void *self, const char *name, size_t len,
                uint64_t window_ms, struct state_count *count,
                const char **why)
{
    struct state_lmdb *s = self;
    if (open_once(s) != 0) {
        *why = s->broken;
        return -1;
    }
    int rc = increment(s, name, len, window_ms, count);
    if (rc == MDB_MAP_FULL) {
        forget_idle(s, now_ms());
        rc = increment(s, name, len, window_ms, count);
    }
    if (rc == MDB_MAP_FULL)
        *why = "the state store is full of keys used within the hour";
    else if (rc != 0) {
        log_line("state store %s: %s", s->directory, mdb_strerror(rc));
        *why = "the state store failed (see the worker's log)";
    }
    return rc == 0 ? 0 : -1;
}

int state_lmdb_init(struct state_lmdb *lmdb, struct state_store *store,
                    const char *directory)
{
    size_t len = strlen(directory);
    if (len == 0 || len >= sizeof(lmdb->directory))
        return -1;
    *lmdb = (struct state_lmdb){ .env = NULL, .broken = NULL };
    pthread_mutex_init(&lmdb->opening, NULL);
    memcpy(lmdb->directory, directory, len + 1);
    store->next = next;
    store->self = lmdb;
    return 0;
}
