/* log_record.h - what a request log keeps of each request: packed as the
 * request comes, as plain strings, and written as JSON only when the log
 * is read, since most logs are written far more often than read */
#ifndef HTTPSTATUS_LOG_RECORD_H
#define HTTPSTATUS_LOG_RECORD_H

#include <stddef.h>

#include "buffer.h"
#include "sequence.h"

struct sim_request; /* request.h */

/* A record keeps the path and the query cut to this many bytes, and the
 * request's fields until their names and values pass the budget. */
#define LOG_STRING_MAX 256
#define LOG_HEADERS_BUDGET (REQUEST_LOG_RECORD_MAX / 2)

/* A record read back; its strings point into the packed bytes. */
struct log_entry {
    long long status, body_bytes, received_ms;
    const char *method, *id, *received;
    int whole;          /* 0: the path, query and fields did not fit */
    const char *path, *query;
    int headers_truncated;
    /* The fields kept: name, value, name, value..., each NUL-terminated,
     * from headers up to headers_end. */
    const char *headers, *headers_end;
};

/* Packs what req sent and the status it got into out, from its start:
 * without the path, query and fields when the whole does not fit.
 * Returns 0, or -1 when not even that fits. */
int log_record_pack(struct buffer *out, const struct sim_request *req,
                    int status);

/* Reads a packed record.  Returns 0, or -1 for bytes that are not one
 * (written by another version, or damaged). */
int log_record_unpack(const char *record, size_t len,
                      struct log_entry *entry);

#endif
