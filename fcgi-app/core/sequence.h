/* sequence.h - scenarios with memory: a key names a caller's state, which
 * lives between requests in a store the worker provides; a sequence
 * answers the n-th request with that key with the n-th code of its list */
#ifndef HTTPSTATUS_SEQUENCE_H
#define HTTPSTATUS_SEQUENCE_H

#include <stddef.h>
#include <stdint.h>

#include "buffer.h"
#include "choice.h"

/* A key is 1 to this many letters, digits, '-', '_', '.' or '~'. */
#define SEQUENCE_KEY_MAX 64

/* The requests a key's log keeps, and the bytes of each record as kept
 * (log_record.h), so that a whole log fits in one response body. */
#define REQUEST_LOG_KEEP 100
#define REQUEST_LOG_RECORD_MAX 1024

/* What a sequence answers after its last item. */
enum sequence_then {
    SEQUENCE_THEN_LAST,    /* the last item again (the default) */
    SEQUENCE_THEN_CYCLE,   /* the first, and round again */
    SEQUENCE_THEN_RANDOM,  /* any item, as a list without a key would */
};

/* The state every worker and process of a host (or of many, with Redis)
 * shares.  The core reaches it only through this, so tests can give it a
 * store of their own. */
struct state_count {
    uint64_t value;         /* the counter after this request */
    /* For a counter with a window (0 without: a store need not read its
     * clock for a sequence): */
    uint64_t started_ms;    /* when its window began, Unix milliseconds */
    uint64_t now_ms;        /* the store's clock at the increment */
};

/* A document a store keeps (a resource's representation): its version
 * (0: never written), when that was written, and whether the last write
 * deleted it. */
struct state_document {
    uint64_t version;
    uint64_t modified_ms;
    int deleted;
};

/* The largest document a store keeps. */
#define STATE_DOCUMENT_MAX 8192

struct state_store {
    /* Adds 1 to the counter name[0..len) names and gives it in *count.  A
     * new or forgotten counter starts from 0, and so does one whose window
     * of window_ms (0: none) has passed, its window starting now.  Returns
     * 0, or -1 when the store cannot (full, unreadable), saying why in
     * why. */
    int (*next)(void *self, const char *name, size_t len, uint64_t window_ms,
                struct state_count *count, const char **why);
    /* Appends record[0..record_len) to the log name[0..len) names, which
     * keeps its newest keep records.  Returns 0, or -1 saying why. */
    int (*append)(void *self, const char *name, size_t len,
                  const char *record, size_t record_len, size_t keep,
                  const char **why);
    /* Hands the log's newest keep records to each, oldest first (none
     * for a log never written), until each returns nonzero.  Returns 0,
     * or -1 saying why. */
    int (*read)(void *self, const char *name, size_t len, size_t keep,
                int (*each)(void *ctx, const char *record, size_t len),
                void *ctx, const char **why);
    /* The document name[0..len) names into *doc, its bytes into body.
     * Returns 0, or -1 saying why. */
    int (*load)(void *self, const char *name, size_t len,
                struct state_document *doc, struct buffer *body,
                const char **why);
    /* Writes the document's next version, body[0..body_len) or (deleting)
     * a mark that it is gone, if its version is still seen: what the
     * caller loaded, so that a write between the two is not lost (an
     * optimistic lock).  The new state goes into *doc.  Returns 0, 1 when
     * the version has moved on, or -1 saying why. */
    int (*save)(void *self, const char *name, size_t len, uint64_t seen,
                const char *body, size_t body_len, int deleting,
                struct state_document *doc, const char **why);
    /* Lets go of what the process holds of the store (a map, the calling
     * thread's connection), at its end. */
    void (*close)(void *self);
    /* Optional (NULL: each call stands alone).  From begin to end, the
     * calling thread's next and append calls make one transaction, so
     * that a request's counters and its log record cost one commit; end
     * commits it and returns 0, or -1 when it was lost (a call within
     * failed, or the commit did) and none of it was kept. */
    void (*begin)(void *self);
    int (*end)(void *self);
    void *self;
};

/* One request's place in its sequence. */
struct sequence_step {
    const char *key;        /* the caller's key, key_len bytes */
    size_t key_len;
    uint64_t request;       /* this request's number with the key, from 1 */
    size_t position;        /* the item it answers, from 1; 0 for a random
                             * pick after the end */
    size_t length;          /* the list's codes, ranges expanded */
    enum sequence_then then;
    int code;               /* the code at position */
};

/* Whether key[0..len) is a key: short, and safe in a field value, a log
 * and a store's name. */
int sequence_key_is_sane(const char *key, size_t len);

/* "last", "cycle" or "random" into *then; -1 for anything else. */
int sequence_then_parse(const char *text, enum sequence_then *then);
const char *sequence_then_name(enum sequence_then then);

/* Fills step's position, length and code for its request-th request on
 * choice (a fixed code or a list, not weights), ranges expanded in order;
 * random picks past the end when then says so. */
void sequence_pick(struct sequence_step *step, const struct choice *choice,
                   uint64_t random);

#endif
