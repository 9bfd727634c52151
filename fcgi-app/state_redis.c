/* state_redis.c - the state in Redis: each operation one Lua script, so
 * that workers on every host see each increment, window and version as
 * one atomic step, on the Redis server's one clock.  Keys are named
 * "httpstatus:" and the state's own name, and expire an hour after their
 * last write, as the embedded store forgets them. */
#include "state_redis.h"

#include <hiredis/hiredis.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

#define KEY_PREFIX "httpstatus:"
#define IDLE_MS "3600000"

/* Each thread's connection, made on first use and again after a failure,
 * and freed when the thread ends, with the replies it still owes: a log
 * record is sent without waiting for its answer, which is read before the
 * connection's next command. */
struct connection {
    redisContext *context;
    int pending;
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
        conn = failed ? NULL : malloc(sizeof(*conn));
        if (conn) {
            *conn = (struct connection){ c, 0 };
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

/* The replies the connection still owes, read and let go; one saying the
 * server has forgotten the scripts (it restarted) makes them load again. */
static void settle(struct connection *conn)
{
    redisReply *reply;
    for (; conn->pending > 0; conn->pending--) {
        if (redisGetReply(conn->context, (void **)&reply) != REDIS_OK)
            return;
        if (reply->type == REDIS_REPLY_ERROR &&
            strncmp(reply->str, "NOSCRIPT", 8) == 0) {
            pthread_mutex_lock(&loading);
            memset(loaded, 0, sizeof(loaded));
            pthread_mutex_unlock(&loading);
        }
        freeReplyObject(reply);
    }
}

/* Runs script on one key with the arguments: its reply, or NULL when it
 * failed; with later set, sends it and leaves the reply for the
 * connection's next command (NULL, and no failure, when it was sent). */
static redisReply *run(const struct state_redis *r, const char *script,
                       const char *name, size_t len, int argc,
                       const char **argv, const size_t *argv_len,
                       int later, const char **why)
{
    char key[sizeof(KEY_PREFIX) + 256];
    const char *args[8];
    size_t lens[8];
    struct connection *conn = connect_once(r, why);
    if (!conn)
        return NULL;
    if (len > 256 || argc > 4) {
        *why = "the state's name is too long";
        return NULL;
    }
    settle(conn);
    memcpy(key, KEY_PREFIX, sizeof(KEY_PREFIX) - 1);
    memcpy(key + sizeof(KEY_PREFIX) - 1, name, len);
    args[0] = "EVALSHA";
    lens[0] = 7;
    args[2] = "1";
    lens[2] = 1;
    args[3] = key;
    lens[3] = sizeof(KEY_PREFIX) - 1 + len;
    for (int i = 0; i < argc; i++) {
        args[4 + i] = argv[i];
        lens[4 + i] = argv_len ? argv_len[i] : strlen(argv[i]);
    }
    redisReply *reply = NULL;
    /* A server that restarted has forgotten the scripts: load again. */
    for (int attempt = 0; attempt < 2; attempt++) {
        args[1] = sha_of(conn->context, script, attempt);
        if (!args[1])
            break;
        lens[1] = 40;
        if (later) {
            int done = 0;
            if (redisAppendCommandArgv(conn->context, 4 + argc, args,
                                       lens) != REDIS_OK)
                break;
            while (!done)
                if (redisBufferWrite(conn->context, &done) != REDIS_OK)
                    break;
            if (!done)
                break;
            conn->pending++;
            return NULL;
        }
        freeReplyObject(reply);
        reply = redisCommandArgv(conn->context, 4 + argc, args, lens);
        if (!reply || reply->type != REDIS_REPLY_ERROR ||
            strncmp(reply->str, "NOSCRIPT", 8) != 0)
            break;
    }
    if (!reply || reply->type == REDIS_REPLY_ERROR) {
        log_line("state store redis://%s:%d: %s", r->host, r->port,
                 reply ? reply->str : conn->context->errstr);
        *why = "the Redis server failed (see the worker's log)";
        freeReplyObject(reply);
        return NULL;
    }
    return reply;
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

static int next(void *self, const char *name, size_t len, uint64_t window_ms,
                struct state_count *count, const char **why)
{
    static const char script[] = NOW_MS
        "local v = redis.call('HMGET', KEYS[1], 'value', 'started') "
        "local value, started = tonumber(v[1]) or 0, tonumber(v[2]) "
        "local window = tonumber(ARGV[1]) "
        "if not started or (window > 0 and now >= started + window) then "
        "  value, started = 0, now end "
        "value = value + 1 "
        "redis.call('HSET', KEYS[1], 'value', value, 'started', started) "
        "redis.call('PEXPIRE', KEYS[1], " IDLE_MS ") "
        "return {value, started, now}";
    char window[24];
    const char *argv[] = { window };
    snprintf(window, sizeof(window), "%llu", (unsigned long long)window_ms);
    redisReply *reply = run(self, script, name, len, 1, argv, NULL, 0, why);
    if (!reply)
        return -1;
    *count = (struct state_count){ (uint64_t)integer_at(reply, 0),
                                   (uint64_t)integer_at(reply, 1),
                                   (uint64_t)integer_at(reply, 2) };
    freeReplyObject(reply);
    return 0;
}

static int append(void *self, const char *name, size_t len,
                  const char *record, size_t record_len, size_t keep,
                  const char **why)
{
    static const char script[] =
        "redis.call('RPUSH', KEYS[1], ARGV[1]) "
        "redis.call('LTRIM', KEYS[1], -tonumber(ARGV[2]), -1) "
        "redis.call('PEXPIRE', KEYS[1], " IDLE_MS ") return 1";
    char kept[24];
    const char *argv[] = { record, kept };
    size_t argv_len[] = { record_len, 0 };
    argv_len[1] = (size_t)snprintf(kept, sizeof(kept), "%zu", keep);
    *why = NULL;
    /* A log record's answer is not waited for: it is read before the
     * connection's next command. */
    run(self, script, name, len, 2, argv, argv_len, 1, why);
    return *why ? -1 : 0;
}

static int read_log(void *self, const char *name, size_t len,
                    struct buffer *out, size_t *count, const char **why)
{
    static const char script[] = "return redis.call('LRANGE', KEYS[1], 0, -1)";
    redisReply *reply = run(self, script, name, len, 0, NULL, NULL, 0, why);
    *count = 0;
    if (!reply)
        return -1;
    for (size_t i = 0; reply->type == REDIS_REPLY_ARRAY &&
                       i < reply->elements; i++) {
        if ((i && buffer_puts(out, ",")) ||
            buffer_append(out, reply->element[i]->str,
                          reply->element[i]->len))
            break;
        (*count)++;
    }
    freeReplyObject(reply);
    if (out->overflow) {
        *why = "the log does not fit in a response";
        return -1;
    }
    return 0;
}

static int load(void *self, const char *name, size_t len,
                struct state_document *doc, struct buffer *body,
                const char **why)
{
    static const char script[] =
        "return redis.call('HMGET', KEYS[1], 'version', 'modified', "
        "'deleted', 'body')";
    redisReply *reply = run(self, script, name, len, 0, NULL, NULL, 0, why);
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
    redisReply *reply = run(self, script, name, len, 3, argv, argv_len, 0,
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
    *store = (struct state_store){ next, append, read_log, load, save,
                                   close_connection, redis };
    return 0;
}
