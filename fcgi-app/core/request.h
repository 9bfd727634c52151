/* request.h - a simulated request as the CGI/FastCGI environment describes it */
#ifndef HTTPSTATUS_REQUEST_H
#define HTTPSTATUS_REQUEST_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "front_end.h"

#define REQUEST_PATH_MAX 2048      /* SCRIPT_NAME + PATH_INFO, in bytes */
#define REQUEST_ID_LEN 16          /* hex digits of a generated id */
#define REQUEST_ID_MAX 64          /* longest id taken from X-Request-Id */
#define REQUEST_TIME_LEN 24        /* "2026-11-28T12:00:00.123Z" */
#define REQUEST_MAX_CONTROLS 32    /* X-HttpStatus-* headers kept */

/* Limits an operator may tune; every request is measured against them. */
struct state_store; /* sequence.h */

struct request_limits {
    size_t max_query_bytes;        /* longer QUERY_STRING: 414 */
    uint64_t max_body_bytes;       /* larger request body: 413 */
    uint64_t max_sleep_ms;         /* longer sleep: 400 */
    /* Origins a location= may point at besides the simulator's own, as
     * "https://example.com,http://localhost:3000", or "*" for any; NULL
     * for none.  Open redirects got public simulators used for phishing. */
    const char *redirect_origins;
    /* The simulator's own origin, "https://status.example", which
     * redirects may always point at; NULL: the address each request came
     * in on (SERVER_ADDR and SERVER_PORT), never its Host. */
    const char *origin;
    /* The web server in front, or FRONT_END_AUTO: each request's
     * SERVER_SOFTWARE tells. */
    enum front_end front_end;
    /* Where scenarios keep their state between requests; NULL: this
     * worker has none, and a request that needs it gets 503. */
    const struct state_store *state;
    /* Which pages may call the simulator and read its answers: NULL or
     * "*" for any, "none" for none, else a list of origins
     * (cors_origins_valid). */
    const char *cors_origins;
    /* Request fields and query parameters that are secrets beside
     * redact's own, as "x-tenant,account"; NULL for none. */
    const char *secret_names;
};

#define REQUEST_DEFAULT_MAX_QUERY 4096
#define REQUEST_DEFAULT_MAX_BODY (1024 * 1024)
#define REQUEST_DEFAULT_MAX_SLEEP_MS 30000

enum body_verdict {
    BODY_NONE,        /* no CONTENT_LENGTH, or 0 */
    BODY_READ,        /* read *length bytes and count them */
    BODY_TOO_LARGE,   /* do not read it; answer 413 */
    BODY_BAD_LENGTH,  /* CONTENT_LENGTH is not a decimal number: 400 */
    BODY_NO_LENGTH,   /* a chunked body the web server passed on without
                       * CONTENT_LENGTH (Apache's mod_cgi): 411 */
};

struct sim_request {
    const char *method;            /* REQUEST_METHOD; "GET" when absent */
    const char *query;             /* QUERY_STRING; "" when absent */
    const char *remote_addr;       /* REMOTE_ADDR; "" when absent */
    const char *protocol;          /* SERVER_PROTOCOL; "" when absent */
    const char *content_length;    /* CONTENT_LENGTH; NULL when absent */
    const char *id_header;         /* X-Request-Id; NULL when absent */
    const char *origin;            /* Origin; NULL when absent */
    const char *preflight_method;  /* Access-Control-Request-Method */
    const char *preflight_headers; /* Access-Control-Request-Headers */
    const char *accept;            /* Accept; NULL when absent */
    const char *if_none_match;     /* If-None-Match; NULL when absent */
    const char *if_match;          /* the other conditions, likewise */
    const char *if_modified_since;
    const char *if_unmodified_since;
    const char *authorization;     /* Authorization; NULL when absent */
    const char *proxy_authorization; /* Proxy-Authorization; NULL when
                                      * absent */
    const char *server_addr;       /* SERVER_ADDR, where the request came
                                    * in; "" when absent */
    const char *server_port;       /* SERVER_PORT; "" when absent */
    const char *server_software;   /* SERVER_SOFTWARE, the web server in
                                    * front; NULL when absent */
    const char *connection;        /* Connection; NULL when absent */
    const char *transfer_encoding; /* Transfer-Encoding; NULL when absent */
    const char *scheme;            /* "https" or "http" */
    int pages_under_mount;         /* the mount prefix came from a rewrite
                                    * (REQUEST_URI), as on shared hosting,
                                    * where the pages sit beside the
                                    * program; a program's own path
                                    * (/cgi-bin/httpstatus) has them at the
                                    * server's root */
    const char *request_uri;       /* REQUEST_URI, the client's target;
                                    * NULL when absent */
    const char *redirect_status;   /* REDIRECT_STATUS: the status a web
                                    * server refused the client's request
                                    * with before sending its error
                                    * handler here; NULL when absent */
    /* Every X-HttpStatus-* header, as its environment entry
     * ("HTTP_X_HTTPSTATUS_SUPPRESSBODY=true"); more than fit set
     * controls_overflow, which is answered with 400. */
    const char *controls[REQUEST_MAX_CONTROLS];
    size_t control_count;
    int controls_overflow;
    char *const *envp;             /* the whole environment, for headers */
    const char *secret_names;      /* request_limits' own, for the bodies
                                    * that echo the request */

    /* SCRIPT_NAME + PATH_INFO.  The route starts at route_offset: past
     * SCRIPT_NAME when PATH_INFO starts like a route (routes_starts_route)
     * and SCRIPT_NAME does not (the binary is a CGI script such as
     * /cgi-bin/httpstatus), else at 0 (the web server maps the routes to
     * the worker and splits the path its own way).
     * Everything before route_offset is the mount prefix links must
     * keep. */
    char path[REQUEST_PATH_MAX];
    size_t path_len;
    size_t route_offset;
    int path_too_long;

    /* Filled in by whoever reads the request body and stamps the request. */
    enum body_verdict body;        /* request_body_verdict()'s answer */
    int sleep_room;                /* a delayed response can be held now;
                                    * without room a sleep gets 503 */
    uint64_t body_bytes;           /* bytes actually read */
    const char *body_data;         /* the first body_kept of them */
    size_t body_kept;
    uint64_t random;               /* uniformly random, for list choices */
    /* The id the response carries: the client's X-Request-Id when sane,
     * else a generated one (request_set_id). */
    char id[REQUEST_ID_MAX + 1];
    char received[REQUEST_TIME_LEN + 1];
    uint64_t received_ms;          /* the same, in Unix milliseconds */
};

/* Fills req from a CGI-style environment (FCGX_Request.envp or environ).
 * The strings stay owned by envp: req is valid only while envp is, which
 * for FastCGI ends at the next FCGX_Accept_r/FCGX_Finish_r. */
void request_from_env(struct sim_request *req, char *const *envp);

/* Decides what to do with the request body before any of it is read. */
enum body_verdict request_body_verdict(const struct sim_request *req,
                                       const struct request_limits *limits,
                                       uint64_t *length);

/* Converts an environment entry "HTTP_USER_AGENT=curl" into the header
 * name "User-Agent" in out (NUL-terminated) and returns the value, or NULL
 * when the entry is not a request header or the name does not fit.
 * CONTENT_TYPE counts as a header too; CONTENT_LENGTH does not, since
 * web servers set it on every request (body_bytes tells what came). */
const char *request_header_from_env(const char *entry, char *out,
                                    size_t out_size);

/* Whether an X-Request-Id from the client can be used as the request's id:
 * 1 to REQUEST_ID_MAX letters, digits, '-', '_', '.' or ':' (a UUID, a
 * trace id), nothing that could upset a log line or a header. */
int request_id_is_sane(const char *id);

/* Sets req->id: the client's X-Request-Id when it is sane, else the
 * generated value formatted as 16 lowercase hex digits. */
void request_set_id(struct sim_request *req, uint64_t generated);

/* Formats a request id from a 64-bit value: 16 lowercase hex digits. */
void request_format_id(char out[REQUEST_ID_LEN + 1], uint64_t value);

/* Formats a UTC time as RFC 3339 with milliseconds. */
void request_format_time(char out[REQUEST_TIME_LEN + 1],
                         const struct timespec *when);

#endif
