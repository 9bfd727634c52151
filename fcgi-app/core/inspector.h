/* inspector.h - checks of an actual response head against the rules of its
 * status: what clients and caches will get wrong with it */
#ifndef HTTPSTATUS_INSPECTOR_H
#define HTTPSTATUS_INSPECTOR_H

#include <stddef.h>

#include "http.h"
#include "notes.h"

/* A response head as the inspector sees it. */
struct inspected_head {
    int status;
    const char *method;        /* the request's, or NULL when unknown */
    const struct header_field *fields;
    size_t count;
    const char *protocol;      /* SERVER_PROTOCOL, or NULL when unknown:
                                * HTTP/1.1's rules then */
};

/* Notes about an actual response: fields its status needs and lacks,
 * fields that contradict it, caching that is unsafe for it, framing that
 * breaks.  Each is marked about_response.  Returns how many were written
 * to out (at most max). */
size_t inspector_head_notes(const struct inspected_head *head,
                            struct note *out, size_t max);

/* Both: the notes on code, then those on head (whose status may differ:
 * a 1xx goes out as 200, a matched If-None-Match turns a 200 into 304).
 * Returns how many were written to out (at most max). */
size_t inspector_notes(int code, const struct inspected_head *head,
                       struct note *out, size_t max);

#endif
