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

/* The map a store may grow to: at about 100 bytes a counter and 100 KiB
 * a full request log, hundreds of thousands of sequences or a couple of
 * thousand logs in use within the hour; the file is sparse, so the size
 * costs nothing until it is used. */
#define STATE_MAP_BYTES (256UL * 1024 * 1024)

/* Every value begins with when it was last written, so that one sweep
 * finds what has been idle: counters, and the records of request logs
 * (that time, then the record).  A log's records are kept under its name,
 * '#' and their number, big-endian, so that they sort in order, from 1. */
struct counter {
    uint64_t touched_ms;    /* CLOCK_REALTIME: processes share it */
    uint64_t value;
    uint64_t started_ms;    /* the window's start */
};

#define RECORD_KEY_MAX (128 + 1 + 8)

static uint64_t now_ms(void)
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    return (uint64_t)now.tv_sec * 1000 + (uint64_t)now.tv_nsec / 1000000;
}

/* Whether a value last written at touched_ms is idle; another process's
 * clock reading may be a little ahead of this one's. */
static int idle(uint64_t touched_ms, uint64_t now)
{
    return now > touched_ms && now - touched_ms > STATE_IDLE_MS;
}

/* When a stored value was last written: its leading field, whatever it
 * holds (see struct counter). */
static uint64_t written_at(const MDB_val *data)
{
    uint64_t touched_ms = 0;
    if (data->mv_size >= sizeof(touched_ms))
        memcpy(&touched_ms, data->mv_data, sizeof(touched_ms));
    return touched_ms;
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
                  * a crash of the machine is better than a sync each.  A
                  * writable map puts each write where the page lies: with
                  * a copy written to the file instead, a stateful request
                  * made eight pwrite calls and ran at 0.7 of a stateless
                  * one; now it makes none.  Every process opens it so, as
                  * LMDB requires. */
                 (rc = mdb_env_open(s->env, s->directory,
                                    MDB_NOSYNC | MDB_NOTLS | MDB_WRITEMAP |
                                        MDB_MAPASYNC, 0660)) == 0 &&
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
            if (data.mv_size >= sizeof(uint64_t) &&
                idle(written_at(&data), now))
                mdb_cursor_del(cursor, 0);
            rc = mdb_cursor_get(cursor, &key, &data, MDB_NEXT);
        }
        mdb_cursor_close(cursor);
    }
    mdb_txn_commit(txn);
}

/* Adds 1 to the counter key names, within txn: a new, idle or (window_ms)
 * expired one starts from 0.  The time is read once the transaction holds
 * the writer's lock, so that increments are in time order too. */
static int bump(struct state_lmdb *s, MDB_txn *txn, MDB_val *key,
                uint64_t window_ms, struct counter *c)
{
    MDB_val data;
    uint64_t now = now_ms();
    *c = (struct counter){ now, 0, now };
    if (mdb_get(txn, s->dbi, key, &data) == 0 &&
        data.mv_size == sizeof(*c)) {
        memcpy(c, data.mv_data, sizeof(*c));
        if (idle(c->touched_ms, now) ||
            (window_ms && now >= c->started_ms + window_ms)) {
            c->value = 0;
            c->started_ms = now;
        }
    }
    c->value++;
    c->touched_ms = now;
    data = (MDB_val){ sizeof(*c), c };
    return mdb_put(txn, s->dbi, key, &data, 0);
}

/* The thread's open session (struct state_store's begin and end): the
 * write transaction its first write began, held until end, and the first
 * failure within it, which dooms the whole. */
static _Thread_local struct {
    struct state_lmdb *store;   /* NULL while none is open */
    MDB_txn *txn;
    int failed;
} session;

/* One write: its work within txn; nonzero (an LMDB code, or the writer's
 * own) makes the transaction abort. */
typedef int write_fn(struct state_lmdb *s, MDB_txn *txn, void *work);

/* Runs write in the session's transaction when one is open, else in a
 * transaction of its own, tried once more after forgetting what has been
 * idle when the store is full.  Returns write's or LMDB's code. */
static int write_txn(struct state_lmdb *s, write_fn *write, void *work)
{
    if (session.store == s) {
        if (!session.failed && !session.txn)
            session.failed = mdb_txn_begin(s->env, NULL, 0, &session.txn);
        if (!session.failed)
            session.failed = write(s, session.txn, work);
        return session.failed;
    }
    for (int tries = 0;; tries++) {
        MDB_txn *txn;
        int rc = mdb_txn_begin(s->env, NULL, 0, &txn);
        if (rc != 0)
            return rc;
        if ((rc = write(s, txn, work)) != 0)
            mdb_txn_abort(txn);
        else
            rc = mdb_txn_commit(txn);
        if (rc != MDB_MAP_FULL || tries)
            return rc;
        forget_idle(s, now_ms());
    }
}

static void begin_session(void *self)
{
    session.store = self;
    session.txn = NULL;
    session.failed = 0;
}

static int end_session(void *self)
{
    (void)self;
    int rc = session.failed;
    if (session.txn) {
        if (rc != 0)
            mdb_txn_abort(session.txn);
        else
            rc = mdb_txn_commit(session.txn);
    }
    session.store = NULL;
    session.txn = NULL;
    return rc == 0 ? 0 : -1;
}

/* Why a store operation failed, for the response; the details go to the
 * worker's log. */
static const char *failure(const struct state_lmdb *s, int rc)
{
    if (rc == MDB_MAP_FULL)
        return "the state store is full of keys used within the hour";
    log_line("state store %s: %s", s->directory, mdb_strerror(rc));
    return "the state store failed (see the worker's log)";
}

struct increment {
    MDB_val key;
    uint64_t window_ms;
    struct counter counter;
};

static int write_increment(struct state_lmdb *s, MDB_txn *txn, void *work)
{
    struct increment *w = work;
    return bump(s, txn, &w->key, w->window_ms, &w->counter);
}

static int next(void *self, const char *name, size_t len,
                uint64_t window_ms, struct state_count *count,
                const char **why)
{
    struct state_lmdb *s = self;
    struct increment work = { { len, (void *)name }, window_ms, { 0 } };
    if (open_once(s) != 0) {
        *why = s->broken;
        return -1;
    }
    int rc = write_txn(s, write_increment, &work);
    if (rc != 0) {
        *why = failure(s, rc);
        return -1;
    }
    *count = (struct state_count){ work.counter.value,
                                   work.counter.started_ms,
                                   work.counter.touched_ms };
    return 0;
}

/* name, '#' and index big-endian: a record's key, into out. */
static size_t record_key(char *out, const char *name, size_t len,
                         uint64_t index)
{
    memcpy(out, name, len);
    out[len] = '#';
    for (int i = 0; i < 8; i++)
        out[len + 1 + i] = (char)(index >> (56 - 8 * i));
    return len + 9;
}

/* The number of the record key is, if it is one of the log's whose
 * record_key prefix[0..len + 1) begins; else 0. */
static uint64_t record_index(const MDB_val *key, const char *prefix,
                             size_t len)
{
    const unsigned char *bytes = key->mv_data;
    uint64_t index = 0;
    if (key->mv_size != len + 9 || memcmp(bytes, prefix, len + 1) != 0)
        return 0;
    for (int i = 0; i < 8; i++)
        index = index << 8 | bytes[len + 1 + i];
    return index;
}

/* The number of the log's newest record (0: it has none), found from
 * where a record numbered past every other would go. */
static int newest_record(MDB_cursor *cursor, const char *name, size_t len,
                         uint64_t *newest)
{
    char past[RECORD_KEY_MAX];
    MDB_val key = { record_key(past, name, len, UINT64_MAX), past }, data;
    int rc = mdb_cursor_get(cursor, &key, &data, MDB_SET_RANGE);
    rc = mdb_cursor_get(cursor, &key, &data,
                        rc == MDB_NOTFOUND ? MDB_LAST : MDB_PREV);
    *newest = rc == 0 ? record_index(&key, past, len) : 0;
    return rc == MDB_NOTFOUND ? 0 : rc;
}

/* A log sheds the records it no longer keeps every this many, in one walk
 * of the cursor rather than a deletion at every record: it holds up to
 * keep + TRIM_EVERY - 1, and a read hands over the newest keep. */
#define TRIM_EVERY 16

/* Deletes the log's records numbered up to through. */
static int trim(MDB_cursor *cursor, const char *name, size_t len,
                uint64_t through)
{
    char first[RECORD_KEY_MAX];
    MDB_val key = { record_key(first, name, len, 0), first }, data;
    int rc = mdb_cursor_get(cursor, &key, &data, MDB_SET_RANGE);
    while (rc == 0) {
        uint64_t index = record_index(&key, first, len);
        if (index == 0 || index > through)
            break;
        if ((rc = mdb_cursor_del(cursor, 0)) == 0)
            rc = mdb_cursor_get(cursor, &key, &data, MDB_NEXT);
    }
    return rc == MDB_NOTFOUND ? 0 : rc;
}

struct record {
    const char *name;
    size_t len;
    const char *text;
    size_t text_len, keep;
};

/* The record after the log's newest, as the time it was written and its
 * bytes.  A log has no counter of its own: its records' keys count. */
static int write_record(struct state_lmdb *s, MDB_txn *txn, void *work)
{
    const struct record *w = work;
    MDB_cursor *cursor;
    char slot[RECORD_KEY_MAX];
    uint64_t newest, now = now_ms();
    int rc = mdb_cursor_open(txn, s->dbi, &cursor);
    if (rc != 0)
        return rc;
    if ((rc = newest_record(cursor, w->name, w->len, &newest)) == 0) {
        uint64_t index = newest + 1;
        MDB_val key = { record_key(slot, w->name, w->len, index), slot };
        /* MDB_RESERVE gives the room, and the record is written into it. */
        MDB_val room = { sizeof(now) + w->text_len, NULL };
        if ((rc = mdb_cursor_put(cursor, &key, &room, MDB_RESERVE)) == 0) {
            memcpy(room.mv_data, &now, sizeof(now));
            memcpy((char *)room.mv_data + sizeof(now), w->text, w->text_len);
            if (index % TRIM_EVERY == 0 && index > w->keep)
                rc = trim(cursor, w->name, w->len, index - w->keep);
        }
    }
    mdb_cursor_close(cursor);
    return rc;
}

static int append(void *self, const char *name, size_t len,
                  const char *record, size_t record_len, size_t keep,
                  const char **why)
{
    struct state_lmdb *s = self;
    struct record work = { name, len, record, record_len, keep };
    if (len > RECORD_KEY_MAX - 9) {
        *why = "the log's name is too long";
        return -1;
    }
    if (open_once(s) != 0) {
        *why = s->broken;
        return -1;
    }
    int rc = write_txn(s, write_record, &work);
    if (rc != 0) {
        *why = failure(s, rc);
        return -1;
    }
    return 0;
}

/* A document as stored: when it was written (the value's common head),
 * then its state, then its bytes. */
struct stored_document {
    uint64_t touched_ms;
    uint64_t version;
    uint64_t deleted;
};

/* The document key names, unless it is missing or idle (as good as never
 * written): 1 with *stored and its bytes in *data, else 0. */
static int read_document(struct state_lmdb *s, MDB_txn *txn, MDB_val *key,
                         uint64_t now, struct stored_document *stored,
                         MDB_val *data)
{
    if (mdb_get(txn, s->dbi, key, data) != 0 ||
        data->mv_size < sizeof(*stored) || idle(written_at(data), now))
        return 0;
    memcpy(stored, data->mv_data, sizeof(*stored));
    return 1;
}

static int load(void *self, const char *name, size_t len,
                struct state_document *doc, struct buffer *body,
                const char **why)
{
    struct state_lmdb *s = self;
    MDB_txn *txn;
    MDB_val key = { len, (void *)name }, data;
    struct stored_document stored;
    *doc = (struct state_document){ 0, 0, 0 };
    if (open_once(s) != 0) {
        *why = s->broken;
        return -1;
    }
    int rc = mdb_txn_begin(s->env, NULL, MDB_RDONLY, &txn);
    if (rc != 0) {
        *why = failure(s, rc);
        return -1;
    }
    if (read_document(s, txn, &key, now_ms(), &stored, &data)) {
        *doc = (struct state_document){ stored.version, stored.touched_ms,
                                        stored.deleted != 0 };
        buffer_append(body, (char *)data.mv_data + sizeof(stored),
                      data.mv_size - sizeof(stored));
    }
    mdb_txn_abort(txn);
    if (body->overflow) {
        *why = "the document does not fit";
        return -1;
    }
    return 0;
}

/* write_document's answer when the version seen is not the stored one:
 * LMDB's codes are errno values and MDB_* codes below -30700, never -1. */
#define VERSION_MOVED_ON (-1)

struct document {
    MDB_val key;
    uint64_t seen;
    const char *body;
    size_t body_len;
    int deleting;
    struct state_document written;
};

static int write_document(struct state_lmdb *s, MDB_txn *txn, void *work)
{
    struct document *w = work;
    MDB_val data;
    struct stored_document stored = { 0, 0, 0 };
    uint64_t now = now_ms();
    read_document(s, txn, &w->key, now, &stored, &data);
    if (stored.version != w->seen)
        return VERSION_MOVED_ON;
    stored = (struct stored_document){ now, w->seen + 1, w->deleting != 0 };
    MDB_val room = { sizeof(stored) + (w->deleting ? 0 : w->body_len), NULL };
    int rc = mdb_put(txn, s->dbi, &w->key, &room, MDB_RESERVE);
    if (rc != 0)
        return rc;
    memcpy(room.mv_data, &stored, sizeof(stored));
    if (!w->deleting)
        memcpy((char *)room.mv_data + sizeof(stored), w->body, w->body_len);
    w->written = (struct state_document){ stored.version, now,
                                          w->deleting != 0 };
    return 0;
}

static int save(void *self, const char *name, size_t len, uint64_t seen,
                const char *body, size_t body_len, int deleting,
                struct state_document *doc, const char **why)
{
    struct state_lmdb *s = self;
    struct document work = { { len, (void *)name }, seen, body, body_len,
                             deleting, { 0, 0, 0 } };
    if (open_once(s) != 0) {
        *why = s->broken;
        return -1;
    }
    int rc = write_txn(s, write_document, &work);
    if (rc == VERSION_MOVED_ON)
        return 1;
    if (rc != 0) {
        *why = failure(s, rc);
        return -1;
    }
    *doc = work.written;
    return 0;
}

static int read_log(void *self, const char *name, size_t len, size_t keep,
                    int (*each)(void *ctx, const char *record, size_t len),
                    void *ctx, const char **why)
{
    struct state_lmdb *s = self;
    MDB_txn *txn = NULL;
    MDB_cursor *cursor;
    char first[RECORD_KEY_MAX];
    if (len > RECORD_KEY_MAX - 9) {
        *why = "the log's name is too long";
        return -1;
    }
    if (open_once(s) != 0) {
        *why = s->broken;
        return -1;
    }
    int rc = mdb_txn_begin(s->env, NULL, MDB_RDONLY, &txn);
    if (rc == 0 && (rc = mdb_cursor_open(txn, s->dbi, &cursor)) == 0) {
        uint64_t newest, now = now_ms();
        if ((rc = newest_record(cursor, name, len, &newest)) == 0) {
            MDB_val key = { record_key(first, name, len,
                                       newest > keep ? newest - keep + 1
                                                     : 0), first }, data;
            int at = mdb_cursor_get(cursor, &key, &data, MDB_SET_RANGE);
            while (at == 0 && record_index(&key, first, len) != 0 &&
                   data.mv_size > sizeof(uint64_t)) {
                if (!idle(written_at(&data), now) &&
                    each(ctx, (char *)data.mv_data + sizeof(uint64_t),
                         data.mv_size - sizeof(uint64_t)))
                    break;
                at = mdb_cursor_get(cursor, &key, &data, MDB_NEXT);
            }
        }
        mdb_cursor_close(cursor);
    }
    if (txn)
        mdb_txn_abort(txn);
    if (rc != 0) {
        *why = failure(s, rc);
        return -1;
    }
    return 0;
}

static void close_env(void *self)
{
    struct state_lmdb *s = self;
    pthread_mutex_lock(&s->opening);
    if (s->env)
        mdb_env_close(s->env);
    s->env = NULL;
    pthread_mutex_unlock(&s->opening);
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
    store->append = append;
    store->read = read_log;
    store->load = load;
    store->save = save;
    store->close = close_env;
    store->begin = begin_session;
    store->end = end_session;
    store->self = lmdb;
    return 0;
}
