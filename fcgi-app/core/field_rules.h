/* field_rules.h - the header fields each status code needs, with the
 * values the simulator sends (RFC 9110 and the codes' own documents) */
#ifndef HTTPSTATUS_FIELD_RULES_H
#define HTTPSTATUS_FIELD_RULES_H

#include <stddef.h>

#include "buffer.h"
#include "http.h"
#include "status_table.h"

/* Room for the fields one code needs at one placement, and more. */
#define FIELD_RULES_MAX 8

/* Where a field goes. */
enum field_placement {
    ON_FINAL,      /* the final response */
    ON_INTERIM,    /* the interim 1xx response (Early Hints, 104) */
    AFTER_BODY,    /* the final response; its value depends on the body */
};

/* What the computed values depend on. */
struct field_context {
    const char *mount;        /* the path prefix links keep ("" for none) */
    size_t mount_len;
    const char *method;       /* the request's method */
    const char *connection;   /* its Connection field, or NULL */
    const char *protocol;     /* its SERVER_PROTOCOL */
    size_t body_len;          /* the length of the body sent */
    size_t pages_len;         /* how much of mount the site's pages are
                               * under: all of it behind a rewrite, as on
                               * shared hosting; none under a program's own
                               * path (/cgi-bin/httpstatus) */
};

/* The fields entry needs at placement, for the request ctx describes, in
 * the order clients expect them.  Names are static; computed values are
 * written into values, which must outlive fields.  Returns how many were
 * written to fields (at most max); values that do not fit are left out. */
size_t field_rules_fields(const struct status_entry *entry,
                          enum field_placement placement,
                          const struct field_context *ctx,
                          struct header_field *fields, size_t max,
                          struct buffer *values);

/* The same fields for any request, each with its value as it usually
 * reads, for the catalog and the pages; fields that only some methods
 * get are left out.  Every string is static. */
size_t field_rules_examples(const struct status_entry *entry,
                            struct header_field *fields, size_t max);

/* The methods the simulator answers, "GET, HEAD, POST, ...", less refused
 * (NULL: none; GET and HEAD stand or fall together), plus extra when it is
 * a method not in the list (NULL: none), written into out.  Returns 0, or
 * -1 when out is full. */
int field_rules_methods(struct buffer *out, const char *refused,
                        const char *extra);

/* The Upgrade value a 426 sends: front-end configurations that must add it
 * themselves (lighttpd drops it from FastCGI) are tested against it. */
extern const char field_rules_upgrade[];

#endif
