/* inspector.h - what a status code means and the mistakes around it that
 * hurt clients and caches, as data; and checks of an actual response head
 * against them (pure) */
#ifndef HTTPSTATUS_INSPECTOR_H
#define HTTPSTATUS_INSPECTOR_H

#include <stddef.h>

#include "controls.h"
#include "status_table.h"

enum note_severity {
    NOTE_INFO,
    NOTE_WARN,
    NOTE_ERROR,
};

/* What a note is about. */
enum note_topic {
    TOPIC_SEMANTICS,
    TOPIC_HEADERS,
    TOPIC_CACHING,
    TOPIC_CLIENTS,
};

struct note {
    enum note_severity severity;
    enum note_topic topic;
    const char *spec;     /* "RFC 9110, Section 15.4.2", or "" */
    const char *text;
    int about_response;   /* 0: a fact about the code; 1: a finding about
                           * one actual response */
};

/* Room for every note a code and a head can give together. */
#define INSPECTOR_MAX_NOTES 24

/* The notes about code itself: its meaning, the fields it needs, how
 * caches treat it.  Returns how many were written to out (at most max). */
size_t inspector_code_notes(int code, struct note *out, size_t max);

/* A response head as the inspector sees it. */
struct inspected_head {
    int status;
    const char *method;        /* the request's, or NULL when unknown */
    const struct header_field *fields;
    size_t count;
};

/* Notes about an actual response: fields its status needs and lacks,
 * fields that contradict it, caching that is unsafe for it, framing that
 * breaks.  Returns how many were written to out (at most max). */
size_t inspector_head_notes(const struct inspected_head *head,
                            struct note *out, size_t max);

/* The largest response head /api/inspect reads, and its field count. */
#define INSPECTOR_MAX_HEAD_BYTES 16384
#define INSPECTOR_MAX_FIELDS 64
#define INSPECTOR_MAX_INTERIM 8

/* A response head parsed from text as curl -i prints it: any interim 1xx
 * blocks, then the final status line and its fields; what follows the
 * final head (the body) is ignored. */
struct parsed_head {
    int status;
    int interim[INSPECTOR_MAX_INTERIM];
    size_t interim_count;
    struct header_field fields[INSPECTOR_MAX_FIELDS]; /* the final head's */
    size_t count;
};

/* Parses text[0..len), which it changes (names and values get their NUL
 * terminators in place).  Returns 0, or -1 with a sentence saying where
 * parsing stopped and why written into error. */
int inspector_parse_head(char *text, size_t len, struct parsed_head *head,
                         char *error, size_t error_size);

/* Both: the notes on code, then those on head (whose status may differ:
 * a 1xx goes out as 200, a matched If-None-Match turns a 200 into 304).
 * Returns how many were written to out (at most max). */
size_t inspector_notes(int code, const struct inspected_head *head,
                       struct note *out, size_t max);

const char *inspector_severity_name(enum note_severity severity);
const char *inspector_topic_name(enum note_topic topic);

#endif
