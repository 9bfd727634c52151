/* ratelimit.h - a real rate-limit window: the first N requests of a window
 * get the status asked for, the rest a refusal with the time left, and
 * every answer the quota fields in the dialect the client parses */
#ifndef HTTPSTATUS_RATELIMIT_H
#define HTTPSTATUS_RATELIMIT_H

#include <stddef.h>
#include <stdint.h>

#include "buffer.h"
#include "http.h"

/* The quota fields' spellings, newest first (draft-ietf-httpapi-ratelimit-
 * headers): -08 to -10 ("RateLimit: "default";r=0;t=7"), -07 ("RateLimit:
 * limit=5, remaining=0, reset=7"), -06 and before (RateLimit-Limit, ...),
 * the vendors' X-RateLimit-*, or none. */
enum ratelimit_dialect {
    RATELIMIT_DRAFT10,
    RATELIMIT_DRAFT7,
    RATELIMIT_DRAFT6,
    RATELIMIT_LEGACY,
    RATELIMIT_NONE,
};

/* The most requests a window may allow, and its longest span. */
#define RATELIMIT_MAX_QUOTA 1000000
#define RATELIMIT_MAX_WINDOW_MS (UINT64_C(24) * 60 * 60 * 1000)

/* Parses "N/PERIOD": a quota of 1 to RATELIMIT_MAX_QUOTA requests, a
 * period of a number and ms, s, m or h ("5/10s", "100/1m"), at most a day.
 * Returns 0, or -1. */
int ratelimit_parse(const char *text, uint64_t *quota, uint64_t *window_ms);

int ratelimit_dialect_parse(const char *text,
                            enum ratelimit_dialect *dialect);
const char *ratelimit_dialect_name(enum ratelimit_dialect dialect);

/* Where a request stands in its window. */
struct ratelimit_window {
    uint64_t quota;         /* requests a window allows */
    uint64_t window_ms;
    uint64_t used;          /* this request's number in the window, from 1 */
    uint64_t left_ms;       /* until the window ends */
    uint64_t now_ms;        /* the store's clock, Unix milliseconds */
    enum ratelimit_dialect dialect;
};

/* Whether the request is over the quota. */
int ratelimit_over(const struct ratelimit_window *w);

/* Whole seconds until the window ends, rounded up, at least 1: a client
 * that waits them finds a new window. */
uint64_t ratelimit_reset_s(const struct ratelimit_window *w);

/* Appends the dialect's quota fields to fields[*count..max), their values
 * written into space.  Returns 0, or -1 when they do not fit. */
int ratelimit_fields(const struct ratelimit_window *w,
                     struct header_field *fields, size_t *count, size_t max,
                     struct buffer *space);

#endif
