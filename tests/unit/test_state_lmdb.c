/* test_state_lmdb.c - the embedded store: counters that every thread and
 * every process of the host share, each increment atomic */
#include "test.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buffer.h"
#include "state_lmdb.h"

static struct state_lmdb lmdb;
static struct state_store store;

/* A log as the tests compare it: its records joined by commas. */
struct joined {
    struct buffer *out;
    size_t count;
};

static int join(void *ctx, const char *record, size_t len)
{
    struct joined *joined = ctx;
    if (joined->count++)
        buffer_puts(joined->out, ",");
    return buffer_append(joined->out, record, len);
}

static int read_kept(const struct state_store *from, const char *name,
                     size_t keep, struct buffer *out, size_t *count,
                     const char **why)
{
    struct joined joined = { out, 0 };
    int rc = from->read(from->self, name, strlen(name), keep, join, &joined,
                        why);
    *count = joined.count;
    return rc;
}

static int read_joined(const struct state_store *from, const char *name,
                       struct buffer *out, size_t *count, const char **why)
{
    return read_kept(from, name, REQUEST_LOG_KEEP, out, count, why);
}

/* Increments name 100 times in this thread. */
static void *hundred(void *name)
{
    struct state_count count;
    const char *why;
    for (int i = 0; i < 100; i++)
        if (store.next(store.self, name, strlen(name), 0, &count, &why) != 0)
            return "failed";
    return NULL;
}

/* Appends the numbers from to to, each a record, to log:x, keeping 100. */
static int append_numbers(int from, int to)
{
    const char *why;
    for (int i = from; i <= to; i++) {
        char record[16];
        int len = snprintf(record, sizeof(record), "%d", i);
        if (store.append(store.self, "log:x", 5, record, (size_t)len, 100,
                         &why) != 0)
            return -1;
    }
    return 0;
}

/* Whether log:x reads as 100 records that begin and end so. */
static int newest_are(const char *head, const char *tail)
{
    char text[1024];
    struct buffer out;
    size_t records;
    const char *why;
    buffer_init(&out, text, sizeof(text) - 1);
    if (read_joined(&store, "log:x", &out, &records, &why) != 0)
        return 0;
    text[out.len] = '\0';
    return records == 100 && strncmp(text, head, strlen(head)) == 0 &&
           out.len >= strlen(tail) &&
           strcmp(text + out.len - strlen(tail), tail) == 0;
}

TEST(state_lmdb_counts_across_threads_and_processes)
{
    char directory[] = "/tmp/httpstatus-state-test-XXXXXX";
    ASSERT(mkdtemp(directory) != NULL);
    ASSERT_INT_EQ(state_lmdb_init(&lmdb, &store, directory), 0);

    struct state_count count;
    const char *why = NULL;
    ASSERT_INT_EQ(store.next(store.self, "sequence:a", 10, 0, &count, &why),
                  0);
    ASSERT_INT_EQ(count.value, 1);
    ASSERT_INT_EQ(store.next(store.self, "sequence:b", 10, 0, &count, &why),
                  0);
    ASSERT_INT_EQ(count.value, 1);

    /* Four threads and two processes, 100 increments each: no increment
     * is lost. */
    pid_t children[2];
    for (int i = 0; i < 2; i++) {
        children[i] = fork();
        if (children[i] == 0) {
            /* An environment opened before fork is not the child's to
             * use: it opens its own, as a CGI process does. */
            state_lmdb_init(&lmdb, &store, directory);
            _exit(hundred("sequence:a") ? 1 : 0);
        }
    }
    pthread_t threads[4];
    for (int i = 0; i < 4; i++)
        ASSERT_INT_EQ(pthread_create(&threads[i], NULL, hundred,
                                     "sequence:a"), 0);
    for (int i = 0; i < 4; i++) {
        void *failed;
        pthread_join(threads[i], &failed);
        ASSERT(failed == NULL);
    }
    for (int i = 0; i < 2; i++) {
        int status;
        ASSERT_INT_EQ(waitpid(children[i], &status, 0), children[i]);
        ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    ASSERT_INT_EQ(store.next(store.self, "sequence:a", 10, 0, &count, &why),
                  0);
    ASSERT_INT_EQ(count.value, 1 + 600 + 1);

    /* A window restarts the count once it has passed, and says when it
     * began. */
    ASSERT_INT_EQ(store.next(store.self, "w", 1, 50, &count, &why), 0);
    ASSERT_INT_EQ(count.value, 1);
    uint64_t began = count.started_ms;
    ASSERT_INT_EQ(store.next(store.self, "w", 1, 50, &count, &why), 0);
    ASSERT_INT_EQ(count.value, 2);
    ASSERT_INT_EQ(count.started_ms, began);
    nanosleep(&(struct timespec){ 0, 60 * 1000000L }, NULL);
    ASSERT_INT_EQ(store.next(store.self, "w", 1, 50, &count, &why), 0);
    ASSERT_INT_EQ(count.value, 1);
    ASSERT(count.started_ms >= began + 50);
    ASSERT_INT_EQ(count.now_ms, count.started_ms);

    /* A log keeps its newest records, in order. */
    ASSERT_INT_EQ(append_numbers(1, 105), 0);
    ASSERT(newest_are("6,7,8,", ",104,105"));
    char text[1024];
    struct buffer out;
    size_t records;
    /* "log:x" is not a prefix of another log's records. */
    ASSERT_INT_EQ(store.append(store.self, "log:xy", 6, "1", 1, 100, &why),
                  0);
    buffer_init(&out, text, sizeof(text) - 1);
    ASSERT_INT_EQ(read_joined(&store, "log:x", &out, &records, &why), 0);
    ASSERT_INT_EQ(records, 100);
    buffer_init(&out, text, sizeof(text) - 1);
    ASSERT_INT_EQ(read_joined(&store, "log:none", &out, &records, &why),
                  0);
    ASSERT_INT_EQ(records, 0);
    ASSERT_INT_EQ(out.len, 0);

    /* Past its keep, a log sheds old records now and then, never keeping
     * more than 15 beyond; a read hands over the newest it keeps. */
    ASSERT_INT_EQ(append_numbers(106, 250), 0);
    ASSERT(newest_are("151,152,", ",249,250"));
    buffer_init(&out, text, sizeof(text) - 1);
    ASSERT_INT_EQ(read_kept(&store, "log:x", 1000, &out, &records, &why), 0);
    /* The last shedding was at the 240th: 141 to 250 are left. */
    ASSERT_INT_EQ(records, 110);

    /* Documents: a version per write, and none lost to a write between
     * another's read and write. */
    struct state_document doc;
    char bytes[64];
    buffer_init(&out, bytes, sizeof(bytes));
    ASSERT_INT_EQ(store.load(store.self, "resource:r", 10, &doc, &out, &why),
                  0);
    ASSERT_INT_EQ(doc.version, 0);
    ASSERT_INT_EQ(store.save(store.self, "resource:r", 10, 0, "one", 3, 0,
                             &doc, &why), 0);
    ASSERT_INT_EQ(doc.version, 1);
    ASSERT_INT_EQ(store.save(store.self, "resource:r", 10, 0, "two", 3, 0,
                             &doc, &why), 1);
    ASSERT_INT_EQ(store.save(store.self, "resource:r", 10, 1, NULL, 0, 1,
                             &doc, &why), 0);
    buffer_init(&out, bytes, sizeof(bytes));
    ASSERT_INT_EQ(store.load(store.self, "resource:r", 10, &doc, &out, &why),
                  0);
    ASSERT_INT_EQ(doc.version, 2);
    ASSERT(doc.deleted);
    ASSERT_INT_EQ(store.save(store.self, "resource:r", 10, 2, "three", 5, 0,
                             &doc, &why), 0);
    buffer_init(&out, bytes, sizeof(bytes));
    ASSERT_INT_EQ(store.load(store.self, "resource:r", 10, &doc, &out, &why),
                  0);
    ASSERT_INT_EQ(doc.version, 3);
    ASSERT(!doc.deleted);
    ASSERT_INT_EQ(out.len, 5);
    ASSERT(memcmp(bytes, "three", 5) == 0);

    char command[128];
    snprintf(command, sizeof(command), "rm -rf %s", directory);
    ASSERT_INT_EQ(system(command), 0);
    return 0;
}

TEST(state_lmdb_says_why_it_cannot_open)
{
    struct state_lmdb unopenable;
    struct state_store broken;
    struct state_count count;
    const char *why = NULL;
    ASSERT_INT_EQ(state_lmdb_init(&unopenable, &broken,
                                  "/proc/httpstatus-no-such"), 0);
    ASSERT_INT_EQ(broken.next(broken.self, "k", 1, 0, &count, &why), -1);
    ASSERT(why && strstr(why, "cannot be opened") != NULL);
    return 0;
}

/* A session's writes are one transaction: kept together at its end, or,
 * when one of them fails, none of them. */
TEST(state_lmdb_keeps_a_session_whole_or_not_at_all)
{
    char directory[] = "/tmp/httpstatus-state-test-XXXXXX";
    char too_long[600], text[256];
    struct state_count count;
    struct buffer out;
    size_t records;
    const char *why = NULL;
    static struct state_lmdb own;
    struct state_store kept;
    ASSERT(mkdtemp(directory) != NULL);
    ASSERT_INT_EQ(state_lmdb_init(&own, &kept, directory), 0);
    ASSERT(kept.begin != NULL && kept.end != NULL);

    kept.begin(kept.self);
    ASSERT_INT_EQ(kept.next(kept.self, "sequence:t", 10, 0, &count, &why),
                  0);
    ASSERT_INT_EQ(count.value, 1);
    ASSERT_INT_EQ(kept.append(kept.self, "log:t", 5, "{}", 2, 100, &why),
                  0);
    ASSERT_INT_EQ(kept.end(kept.self), 0);
    ASSERT_INT_EQ(kept.next(kept.self, "sequence:t", 10, 0, &count, &why),
                  0);
    ASSERT_INT_EQ(count.value, 2);
    buffer_init(&out, text, sizeof(text));
    ASSERT_INT_EQ(read_joined(&kept, "log:t", &out, &records, &why),
                  0);
    ASSERT_INT_EQ(records, 1);

    /* A name longer than LMDB takes fails within the session: the
     * increment before it is lost with it. */
    memset(too_long, 'k', sizeof(too_long));
    kept.begin(kept.self);
    ASSERT_INT_EQ(kept.next(kept.self, "sequence:t", 10, 0, &count, &why),
                  0);
    ASSERT_INT_EQ(count.value, 3);
    ASSERT_INT_EQ(kept.next(kept.self, too_long, sizeof(too_long), 0,
                             &count, &why), -1);
    ASSERT(why && strstr(why, "failed") != NULL);
    ASSERT_INT_EQ(kept.end(kept.self), -1);
    ASSERT_INT_EQ(kept.next(kept.self, "sequence:t", 10, 0, &count, &why),
                  0);
    ASSERT_INT_EQ(count.value, 3);

    /* Outside a session, each call is its own transaction again. */
    ASSERT_INT_EQ(kept.next(kept.self, too_long, sizeof(too_long), 0,
                             &count, &why), -1);
    ASSERT_INT_EQ(kept.next(kept.self, "sequence:t", 10, 0, &count, &why),
                  0);
    ASSERT_INT_EQ(count.value, 4);
    kept.close(kept.self);

    char command[128];
    snprintf(command, sizeof(command), "rm -rf %s", directory);
    ASSERT_INT_EQ(system(command), 0);
    return 0;
}
