/* state_redis.c - the state in Redis, where workers on every host see
 * each increment, window and version as one atomic step: a counter
 * without a window is INCR, a log RPUSH and LTRIM, and what needs the
 * server's one clock or a compare-and-set (windows, documents) is a Lua
 * script.  Keys are named "httpstatus:" and the state's own name, and
 * expire an hour after their last write, as the embedded store forgets
 * them. */
#include "state_redis.h"

#include <hiredis/hiredis.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

#define KEY_PREFIX "httpstatus:"
#define KEY_MAX (sizeof(KEY_PREFIX) + 256)
#define IDLE_MS "3600000"

/* Each thread's connection, made on first use and again after a failure,
 * and freed when the thread ends.  A log record and a key's expiry are
 * sent without waiting for their replies: where the server takes CLIENT
 * REPLY SKIP (quiet), it writes none, and the worker reads none; else the
 * connection owes them (pending), and they are read before its next
 * command. */
struct connection {
    redisContext *context;
    int pending;
    int quiet;
};

static pthread_key_t connection_key;
static pthread_once_t connection_key_once = PTHREAD_ONCE_INIT;

static void free_connection(void *connection)
{
    struct connection *conn = connection;
    if (conn)
        redisFree(conn->context);
    free(conn);
}

static void make_connection_key(void)
{
    pthread_key_create(&connection_key, free_connection);
}

static struct connection *connect_once(const struct state_redis *r,
                                       const char **why)
{
    pthread_once(&connection_key_once, make_connection_key);
    struct connection *conn = pthread_getspecific(connection_key);
    if (conn && !conn->context->err)
        return conn;
    free_connection(conn);
    pthread_setspecific(connection_key, NULL);
    struct timeval timeout = { r->timeout_ms / 1000,
                               (long)(r->timeout_ms % 1000) * 1000 };
    redisContext *c = redisConnectWithTimeout(r->host, r->port, timeout);
    if (c && !c->err) {
        redisSetTimeout(c, timeout);
        redisReply *reply = r->db ? redisCommand(c, "SELECT %d", r->db)
                                  : NULL;
        int failed = r->db && (!reply || reply->type == REDIS_REPLY_ERROR);
        freeReplyObject(reply);
        reply = failed ? NULL : redisCommand(c, "CLIENT REPLY ON");
        int quiet = reply && reply->type == REDIS_REPLY_STATUS;
        freeReplyObject(reply);
        conn = failed ? NULL : malloc(sizeof(*conn));
        if (conn) {
            *conn = (struct connection){ c, 0, quiet };
            pthread_setspecific(connection_key, conn);
            return conn;
        }
    }
    log_line("state store redis://%s:%d: %s", r->host, r->port,
             c && c->err ? c->errstr : "cannot connect");
    redisFree(c);
    *why = "the Redis server cannot be reached in time (see the worker's "
           "log)";
    return NULL;
}

static void close_connection(void *self)
{
    (void)self;
    pthread_once(&connection_key_once, make_connection_key);
    free_connection(pthread_getspecific(connection_key));
    pthread_setspecific(connection_key, NULL);
}

/* The scripts' SHA-1s, as SCRIPT LOAD gives them, so that each call sends
 * EVALSHA and 40 bytes rather than the script for Redis to hash again. */
static struct {
    const char *script;
    char sha[41];
} loaded[8];
static pthread_mutex_t loading = PTHREAD_MUTEX_INITIALIZER;

static const char *sha_of(redisContext *c, const char *script, int reload)
{
    const char *sha = NULL;
    size_t i;
    pthread_mutex_lock(&loading);
    for (i = 0; i < 8 && loaded[i].script && loaded[i].script != script; i++)
        ;
    if (i < 8 && loaded[i].script && !reload)
        sha = loaded[i].sha;
    pthread_mutex_unlock(&loading);
    if (sha || i == 8)
        return sha;
    redisReply *reply = redisCommand(c, "SCRIPT LOAD %s", script);
    if (reply && reply->type == REDIS_REPLY_STRING && reply->len == 40) {
        pthread_mutex_lock(&loading);
        loaded[i].script = script;
        memcpy(loaded[i].sha, reply->str, 41);
        sha = loaded[i].sha;
        pthread_mutex_unlock(&loading);
    }
    freeReplyObject(reply);
    return sha;
}

/* The replies the connection still owes, read and let go; an error among
 * them (a log record lost) is the worker's log's to say. */
static void settle(const struct state_redis *r, struct connection *conn)
{
    redisReply *reply;
    for (; conn->pending > 0; conn->pending--) {
        if (redisGetReply(conn->context, (void **)&reply) != REDIS_OK)
            return;
        if (reply->type == REDIS_REPLY_ERROR)
            log_line("state store redis://%s:%d: %s", r->host, r->port,
                     reply->str);
        freeReplyObject(reply);
    }
}

/* The connection with the replies it owed read, and the state's key
 * (KEY_PREFIX and name) in key: NULL, saying why, when either cannot be
 * had. */
static struct connection *ready(const struct state_redis *r,
                                const char *name, size_t len,
                                char key[static KEY_MAX], size_t *key_len,
                                const char **why)
{
    if (len > KEY_MAX - sizeof(KEY_PREFIX)) {
        *why = "the state's name is too long";
        return NULL;
    }
    struct connection *conn = connect_once(r, why);
    if (!conn)
        return NULL;
    settle(r, conn);
    memcpy(key, KEY_PREFIX, sizeof(KEY_PREFIX) - 1);
    memcpy(key + sizeof(KEY_PREFIX) - 1, name, len);
    *key_len = sizeof(KEY_PREFIX) - 1 + len;
    return conn;
}

/* Sends the commands queued on the connection, without waiting. */
static int flush(struct connection *conn)
{
    int done = 0;
    while (!done)
        if (redisBufferWrite(conn->context, &done) != REDIS_OK)
            return -1;
    return 0;
}

/* A failed command: said in the worker's log, and why for the response. */
static void failed(const struct state_redis *r, const struct connection *conn,
                   const redisReply *reply, const char **why)
{
    const char *detail = "an answer of the wrong kind";
    if (reply && reply->type == REDIS_REPLY_ERROR)
        detail = reply->str;
    else if (conn->context->err)
        detail = conn->context->errstr;
    log_line("state store redis://%s:%d: %s", r->host, r->port, detail);
    *why = "the Redis server failed (see the worker's log)";
}

/* Room for the longest command: a document and its arguments. */
#define COMMAND_MAX (STATE_DOCUMENT_MAX + 1024)

/* Puts argv in the connection's output as one command in Redis's protocol
 * (RESP), written here: hiredis's own formatting was a fifth of a stateful
 * request's instructions.  Returns 0, or -1 when it cannot. */
static int queue(struct connection *conn, int argc, const char *const *argv,
                 const size_t *argv_len)
{
    char text[COMMAND_MAX];
    struct buffer out;
    buffer_init(&out, text, sizeof(text));
    buffer_puts(&out, "*");
    buffer_decimal(&out, (unsigned long long)argc);
    buffer_puts(&out, "\r\n");
    for (int i = 0; i < argc; i++) {
        buffer_puts(&out, "$");
        buffer_decimal(&out, argv_len[i]);
        buffer_puts(&out, "\r\n");
        buffer_append(&out, argv[i], argv_len[i]);
        buffer_puts(&out, "\r\n");
    }
    if (!out.overflow && redisAppendFormattedCommand(conn->context, text,
                                                     out.len) == REDIS_OK)
        return 0;
    /* What was queued before it would be answered out of turn: the
     * connection is dropped, and made afresh for the next command. */
    conn->context->err = REDIS_ERR_OTHER;
    snprintf(conn->context->errstr, sizeof(conn->context->errstr),
             "a command could not be queued");
    return -1;
}

/* Queues a command whose reply nobody waits for. */
static int queue_unanswered(struct connection *conn, int argc,
                            const char *const *argv, const size_t *argv_len)
{
    static const char *const skip[] = { "CLIENT", "REPLY", "SKIP" };
    static const size_t skip_len[] = { 6, 5, 4 };
    if (!conn->quiet)
        conn->pending++;
    else if (queue(conn, 3, skip, skip_len) != 0)
        return -1;
    return queue(conn, argc, argv, argv_len);
}

/* Sends one command and waits for its reply, which may be an error; NULL
 * when none came. */
static redisReply *exchange(struct connection *conn, int argc,
                            const char *const *argv, const size_t *argv_len)
{
    redisReply *reply = NULL;
    if (queue(conn, argc, argv, argv_len) != 0 ||
        redisGetReply(conn->context, (void **)&reply) != REDIS_OK)
        return NULL;
    return reply;
}

/* Sends one command and waits for its reply: NULL, saying why, when it
 * failed. */
static redisReply *ask(const struct state_redis *r, struct connection *conn,
                       int argc, const char *const *argv,
                       const size_t *argv_len, const char **why)
{
    redisReply *reply = exchange(conn, argc, argv, argv_len);
    if (!reply || reply->type == REDIS_REPLY_ERROR) {
        failed(r, conn, reply, why);
        freeReplyObject(reply);
        return NULL;
    }
    return reply;
}

/* Runs script on one key with the arguments: its reply, or NULL when it
 * failed. */
static redisReply *run(const struct state_redis *r, const char *script,
                       const char *name, size_t len, int argc,
                       const char **argv, const size_t *argv_len,
                       const char **why)
{
    char key[KEY_MAX];
    const char *args[8] = { "EVALSHA", NULL, "1", key };
    size_t lens[8] = { 7, 40, 1 };
    struct connection *conn = ready(r, name, len, key, &lens[3], why);
    if (!conn)
        return NULL;
    for (int i = 0; i < argc; i++) {
        args[4 + i] = argv[i];
        lens[4 + i] = argv_len ? argv_len[i] : strlen(argv[i]);
    }
    /* A server that restarted has forgotten the scripts: load again. */
    for (int attempt = 0; attempt < 2; attempt++) {
        if (!(args[1] = sha_of(conn->context, script, attempt)))
            break;
        redisReply *reply = exchange(conn, 4 + argc, args, lens);
        if (reply && reply->type == REDIS_REPLY_ERROR &&
            strncmp(reply->str, "NOSCRIPT", 8) == 0 && attempt == 0) {
            freeReplyObject(reply);
            continue;
        }
        if (reply && reply->type != REDIS_REPLY_ERROR)
            return reply;
        failed(r, conn, reply, why);
        freeReplyObject(reply);
        return NULL;
    }
    failed(r, conn, NULL, why);
    return NULL;
}

static long long integer_at(const redisReply *reply, size_t i)
{
    return reply->type == REDIS_REPLY_ARRAY && i < reply->elements &&
                   reply->element[i]->type == REDIS_REPLY_INTEGER
               ? reply->element[i]->integer : 0;
}

/* TIME in milliseconds, for every script. */
#define NOW_MS "local t = redis.call('TIME') " \
               "local now = t[1] * 1000 + math.floor(t[2] / 1000) "

/* A counter without a window: INCR, and its expiry renewed without
 * waiting. */
static int increment(const struct state_redis *r, const char *name,
                     size_t len, struct state_count *count, const char **why)
{
    char key[KEY_MAX];
    size_t key_len;
    struct connection *conn = ready(r, name, len, key, &key_len, why);
    if (!conn)
        return -1;
    const char *incr[] = { "INCR", key }, *expire[] = { "PEXPIRE", key,
                                                        IDLE_MS };
    size_t incr_len[] = { 4, key_len }, expire_len[] = { 7, key_len,
                                                         strlen(IDLE_MS) };
    redisReply *reply = NULL;
    if (queue(conn, 2, incr, incr_len) != 0 ||
        queue_unanswered(conn, 3, expire, expire_len) != 0 ||
        redisGetReply(conn->context, (void **)&reply) != REDIS_OK) {
        failed(r, conn, NULL, why);
        return -1;
    }
    if (reply->type != REDIS_REPLY_INTEGER) {
        failed(r, conn, reply, why);
        freeReplyObject(reply);
        return -1;
    }
    *count = (struct state_count){ (uint64_t)reply->integer, 0, 0 };
    freeReplyObject(reply);
    return 0;
}

static int next(void *self, const char *name, size_t len, uint64_t window_ms,
                struct state_count *count, const char **why)
{
    static const char script[] = NOW_MS
        "local v = redis.call('HMGET', KEYS[1], 'value', 'started') "
        "local value, started = tonumber(v[1]) or 0, tonumber(v[2]) "
        "local window = tonumber(ARGV[1]) "
        "if not started or now >= started + window then "
        "  value, started = 0, now end "
        "value = value + 1 "
        "redis.call('HSET', KEYS[1], 'value', value, 'started', started) "
        "redis.call('PEXPIRE', KEYS[1], " IDLE_MS ") "
        "return {value, started, now}";
    char window[24];
    const char *argv[] = { window };
    if (window_ms == 0)
        return increment(self, name, len, count, why);
    snprintf(window, sizeof(window), "%llu", (unsigned long long)window_ms);
    redisReply *reply = run(self, script, name, len, 1, argv, NULL, why);
    if (!reply)
        return -1;
    *count = (struct state_count){ (uint64_t)integer_at(reply, 0),
                                   (uint64_t)integer_at(reply, 1),
                                   (uint64_t)integer_at(reply, 2) };
    freeReplyObject(reply);
    return 0;
}

/* RPUSH, LTRIM and the expiry, sent without waiting; a failure among them
 * (a record lost) is seen only by a server that replies. */
static int append(void *self, const char *name, size_t len,
                  const char *record, size_t record_len, size_t keep,
                  const char **why)
{
    const struct state_redis *r = self;
    char key[KEY_MAX], first[24];
    size_t key_len;
    struct connection *conn = ready(r, name, len, key, &key_len, why);
    if (!conn)
        return -1;
    const char *push[] = { "RPUSH", key, record },
               *trim[] = { "LTRIM", key, first, "-1" },
               *expire[] = { "PEXPIRE", key, IDLE_MS };
    size_t push_len[] = { 5, key_len, record_len },
           trim_len[] = { 5, key_len, 0, 2 },
           expire_len[] = { 7, key_len, strlen(IDLE_MS) };
    trim_len[2] = (size_t)snprintf(first, sizeof(first), "-%zu", keep);
    if (queue_unanswered(conn, 3, push, push_len) != 0 ||
        queue_unanswered(conn, 4, trim, trim_len) != 0 ||
        queue_unanswered(conn, 3, expire, expire_len) != 0 ||
        flush(conn) != 0) {
        failed(r, conn, NULL, why);
        return -1;
    }
    return 0;
}

static int read_log(void *self, const char *name, size_t len, size_t keep,
                    int (*each)(void *ctx, const char *record, size_t len),
                    void *ctx, const char **why)
{
    char key[KEY_MAX], first[24];
    size_t key_len;
    struct connection *conn = ready(self, name, len, key, &key_len, why);
    const char *argv[] = { "LRANGE", key, first, "-1" };
    size_t argv_len[] = { 6, key_len, 0, 2 };
    argv_len[2] = (size_t)snprintf(first, sizeof(first), "-%zu", keep);
    redisReply *reply = conn ? ask(self, conn, 4, argv, argv_len, why) : NULL;
    if (!reply)
        return -1;
    for (size_t i = 0; reply->type == REDIS_REPLY_ARRAY &&
                       i < reply->elements; i++)
        if (reply->element[i]->type == REDIS_REPLY_STRING &&
            each(ctx, reply->element[i]->str, reply->element[i]->len))
            break;
    freeReplyObject(reply);
    return 0;
}

static int load(void *self, const char *name, size_t len,
                struct state_document *doc, struct buffer *body,
                const char **why)
{
    char key[KEY_MAX];
    size_t key_len;
    struct connection *conn = ready(self, name, len, key, &key_len, why);
    const char *argv[] = { "HMGET", key, "version", "modified", "deleted",
                           "body" };
    size_t argv_len[] = { 5, key_len, 7, 8, 7, 4 };
    redisReply *reply = conn ? ask(self, conn, 6, argv, argv_len, why) : NULL;
    *doc = (struct state_document){ 0, 0, 0 };
    if (!reply)
        return -1;
    if (reply->type == REDIS_REPLY_ARRAY && reply->elements == 4 &&
        reply->element[0]->type == REDIS_REPLY_STRING) {
        doc->version = strtoull(reply->element[0]->str, NULL, 10);
        doc->modified_ms = strtoull(reply->element[1]->str
                                        ? reply->element[1]->str : "0",
                                    NULL, 10);
        doc->deleted = reply->element[2]->str &&
                       strcmp(reply->element[2]->str, "1") == 0;
        if (reply->element[3]->str)
            buffer_append(body, reply->element[3]->str,
                          reply->element[3]->len);
    }
    freeReplyObject(reply);
    if (body->overflow) {
        *why = "the document does not fit";
        return -1;
    }
    return 0;
}

static int save(void *self, const char *name, size_t len, uint64_t seen,
                const char *body, size_t body_len, int deleting,
                struct state_document *doc, const char **why)
{
    static const char script[] = NOW_MS
        "local current = tonumber(redis.call('HGET', KEYS[1], 'version')) "
        "or 0 "
        "if current ~= tonumber(ARGV[1]) then return {-1, 0} end "
        "redis.call('HSET', KEYS[1], 'version', current + 1, 'modified', "
        "now, 'deleted', ARGV[3], 'body', ARGV[2]) "
        "redis.call('PEXPIRE', KEYS[1], " IDLE_MS ") "
        "return {current + 1, now}";
    char seen_text[24];
    const char *argv[] = { seen_text, deleting ? "" : body,
                           deleting ? "1" : "0" };
    size_t argv_len[] = { 0, deleting ? 0 : body_len, 1 };
    argv_len[0] = (size_t)snprintf(seen_text, sizeof(seen_text), "%llu",
                                   (unsigned long long)seen);
    redisReply *reply = run(self, script, name, len, 3, argv, argv_len,
                            why);
    if (!reply)
        return -1;
    long long version = integer_at(reply, 0);
    *doc = (struct state_document){ version > 0 ? (uint64_t)version : 0,
                                    (uint64_t)integer_at(reply, 1),
                                    deleting };
    freeReplyObject(reply);
    return version < 0 ? 1 : 0;
}

int state_redis_init(struct state_redis *redis, struct state_store *store,
                     const char *spec, unsigned timeout_ms)
{
    static const char scheme[] = "redis://";
    int port, db = 0, used = 0;
    if (strncmp(spec, scheme, sizeof(scheme) - 1) != 0)
        return -1;
    const char *host = spec + sizeof(scheme) - 1;
    size_t host_len = strcspn(host, ":");
    if (host_len == 0 || host_len >= sizeof(redis->host) ||
        host[host_len] != ':' ||
        (sscanf(host + host_len + 1, "%5d%n/%3d%n", &port, &used, &db,
                &used) < 1) ||
        host[host_len + 1 + (size_t)used] != '\0' || port < 1 ||
        port > 65535 || db < 0)
        return -1;
    memcpy(redis->host, host, host_len);
    redis->host[host_len] = '\0';
    redis->port = port;
    redis->db = db;
    redis->timeout_ms = timeout_ms;
    *store = (struct state_store){ .next = next, .append = append,
                                   .read = read_log, .load = load,
                                   .save = save, .close = close_connection,
                                   .self = redis };
    return 0;
}
