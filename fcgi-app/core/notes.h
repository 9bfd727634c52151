/* notes.h - what each status code means to clients and caches, and the
 * mistakes around it, as data */
#ifndef HTTPSTATUS_NOTES_H
#define HTTPSTATUS_NOTES_H

#include <stddef.h>

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

/* The strings are static: a note can be kept as long as wanted. */
struct note {
    enum note_severity severity;
    enum note_topic topic;
    const char *spec;     /* "RFC 9110, Section 15.4.2", or "" */
    const char *text;
    int about_response;   /* 0: a fact about the code; 1: a finding about
                           * one actual response */
};

/* Room for every note a code and a head can give together. */
#define NOTES_MAX 24

/* The notes about code itself: its meaning, the fields it needs, how
 * caches treat it; those the table holds for it, then those its status
 * row implies.  Returns how many were written to out (at most max). */
size_t notes_for_code(int code, struct note *out, size_t max);

/* Appends a note to out[0..count) when there is room (max); returns the
 * new count. */
size_t notes_add(struct note *out, size_t max, size_t count,
                 int about_response, enum note_severity severity,
                 enum note_topic topic, const char *spec, const char *text);

/* The table's rows in their order, for the test that keeps it sorted:
 * the code of row index, or -1 past the end. */
int notes_table_code(size_t index);

const char *notes_severity_name(enum note_severity severity);
const char *notes_topic_name(enum note_topic topic);

#endif
