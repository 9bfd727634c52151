/* status_table.h - the one registry of HTTP status codes the simulator knows */
#ifndef HTTPSTATUS_STATUS_TABLE_H
#define HTTPSTATUS_STATUS_TABLE_H

#include <stddef.h>

#include "buffer.h"

/* What HTTP lets a response with this code carry (RFC 9110 §8.6, §15.3.6,
 * RFC 9112 §6.3). */
enum status_content {
    CONTENT_ALLOWED,     /* a body, framed by Content-Length */
    CONTENT_ZERO,        /* 205: no body, but "Content-Length: 0" frames it */
    CONTENT_NONE,        /* 1xx, 204, 304: no body and no Content-Length */
};

/* How a code below 200 reaches the client: HTTP has no final 1xx, and
 * lighttpd keeps waiting for a final status after a backend's 1xx. */
enum status_delivery {
    DELIVER_FINAL,       /* 2xx..5xx: the response itself */
    DELIVER_INTERIM,     /* sent as an interim response, then a final 200 */
    DELIVER_WITHHELD,    /* 101: never sent; a final 200 explains why */
};

/* Where a code stands in the IANA registry, when not simply "assigned". */
enum status_registry {
    REGISTRY_ASSIGNED,
    REGISTRY_UNASSIGNED, /* a code 100..599 nobody registered */
    REGISTRY_UNUSED,     /* 306, 418: reserved, never to be assigned */
    REGISTRY_DEPRECATED, /* 305 */
    REGISTRY_OBSOLETED,  /* 510 */
    REGISTRY_TEMPORARY,  /* 104: a provisional draft registration */
    REGISTRY_UNOFFICIAL, /* not in the registry: a code one server or
                          * service uses (nginx 499, Cloudflare 522) */
};

/* Header fields a code requires or recommends.  Their names and values are
 * decided in field_rules.c from a table indexed by these bits. */
enum status_header {
    HDR_LOCATION          = 1u << 0,
    HDR_WWW_AUTHENTICATE  = 1u << 1,
    HDR_PROXY_AUTHENTICATE = 1u << 2,
    HDR_ALLOW             = 1u << 3,
    HDR_RETRY_AFTER       = 1u << 4,
    HDR_CONTENT_RANGE_FULL = 1u << 5,  /* 206: the range the body covers */
    HDR_CONTENT_RANGE_UNSATISFIED = 1u << 6, /* 416: bytes STAR/length */
    HDR_UPGRADE           = 1u << 7,  /* with Connection: upgrade */
    HDR_LINK_PRELOAD      = 1u << 8,  /* 103 */
    HDR_LINK_LOGIN        = 1u << 9,  /* 511 */
    HDR_LINK_BLOCKED_BY   = 1u << 10, /* 451 */
    HDR_ETAG              = 1u << 11, /* 226 */
    HDR_UPLOAD_RESUMPTION = 1u << 12, /* 104: the upload resource and the
                                       * draft's interop version */
    HDR_ACCEPT            = 1u << 13, /* 415: the media types taken */
};

struct status_entry {
    int code;
    const char *reason;       /* the registry's phrase */
    const char *spec_doc;     /* "RFC 9110" or a draft's name */
    const char *spec_section; /* "15.5.5"; "" when the document has none */
    const char *description;  /* one or two sentences, our own words */
    enum status_content content;
    enum status_delivery delivery;
    enum status_registry registry;
    int heuristically_cacheable; /* RFC 9110 §15.1, RFC 7725 §3 */
    int never_stored;         /* caches MUST NOT store it: 1xx (RFC 9111
                               * §3) and RFC 6585's codes */
    unsigned headers;         /* enum status_header bits */
    const char *origin;       /* who uses an unofficial code ("nginx");
                               * NULL for the registry's codes */
};

/* The table's row for code, registered or a known unofficial one; NULL
 * when the table has none. */
const struct status_entry *status_table_find(int code);

/* The row to answer with for any code 100..599: the registered row, or the
 * code's class row (REGISTRY_UNASSIGNED, the class's generic meaning).
 * Returns NULL only for codes outside 100..599. */
const struct status_entry *status_lookup(int code);

/* Rows in ascending order of code, for listings and the unit tests. */
size_t status_table_count(void);
const struct status_entry *status_table_at(size_t index);

/* "Informational", "Successful", "Redirection", "Client Error",
 * "Server Error"; NULL outside 100..599. */
const char *status_class_name(int code);

/* Whether the code is in the IANA registry (in any state). */
int status_is_registered(const struct status_entry *entry);

/* "assigned", "unassigned", "unused", ... as shown in the JSON body. */
const char *status_registry_name(enum status_registry registry);

/* The specification a row cites, as "RFC 9110, Section 15.5.5", and its
 * address on the web, written into out.  Only for rows whose spec_doc is
 * not "".  Return 0, or -1 when out is full. */
int status_spec_title(const struct status_entry *entry, struct buffer *out);
int status_spec_url(const struct status_entry *entry, struct buffer *out);

/* Parses a status code exactly as the API accepts it: three decimal digits,
 * 100..599, nothing before or after.  Returns 0 and sets *code, or -1. */
int status_parse_code(const char *text, size_t len, int *code);

#endif
