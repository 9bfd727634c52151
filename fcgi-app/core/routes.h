/* routes.h - the one table of the simulator's URLs: dispatch, the mount
 * prefix of a CGI script and the 404's list of routes all read it */
#ifndef HTTPSTATUS_ROUTES_H
#define HTTPSTATUS_ROUTES_H

#include <stddef.h>

#include "buffer.h"

enum route_id {
    ROUTE_STATUS,     /* simulate the codes the route names */
    ROUTE_CODES,      /* the catalog, or one code's entry */
    ROUTE_INSPECT,
    ROUTE_HEALTH,
    ROUTE_OPENAPI,
    ROUTE_REFUSAL,    /* a web server's own refusal, as a problem */
    ROUTE_REQUESTS,   /* the log of a key's requests */
    ROUTE_LOGIN,      /* a login that succeeds with the right credentials */
    ROUTE_RESOURCE,   /* a resource that changes */
};

/* Where a status route's body format defaults to when Accept leaves it
 * open: the form its users came from. */
enum route_form {
    FORM_API,        /* /api/status/...: JSON */
    FORM_HTTPBIN,    /* /status/...: JSON, the diagnostic body */
    FORM_HTTPSTATUS, /* /{code}, /random/...: httpstat.us's plain text */
};

/* How a route's path matches. */
enum route_shape {
    SHAPE_EXACT,      /* the path itself */
    SHAPE_PARAMETER,  /* the path, or the path, '/' and a parameter (which
                       * may hold further slashes); the bare path gives an
                       * empty parameter */
    SHAPE_CODE_FIRST, /* '/', a digit, then anything: the parameter is the
                       * first segment (httpstat.us's /{code}/any/path) */
};

struct route {
    enum route_id id;
    enum route_shape shape;
    const char *path;          /* "/api/status"; "" for SHAPE_CODE_FIRST */
    const char *shown;         /* as the 404 lists it */
    enum route_form form;      /* ROUTE_STATUS only */
    const char *login;         /* ROUTE_LOGIN: the scheme its path stands
                                * for, or NULL when the parameter begins
                                * with it (/api/auth/{scheme}/...) */
};

/* A route found in a path, with its parameter (not NUL-terminated). */
struct route_match {
    const struct route *route;
    const char *parameter;
    size_t parameter_len;
};

/* Finds the route path[0..len) names.  Returns 0 with *match set, or -1
 * when no route matches. */
int routes_match(const char *path, size_t len, struct route_match *match);

/* Whether path starts like one of the routes: its first segment is one of
 * the routes' first segments ("/api", "/status", ...) or a code.  A CGI
 * script's PATH_INFO that does, under a SCRIPT_NAME that does not, has a
 * mount prefix to keep. */
int routes_starts_route(const char *path);

/* Every route as the 404 lists them, "/api/status/{codes}, ...", into
 * out.  Returns 0, or -1 when out is full. */
int routes_list(struct buffer *out);

/* The regular expression a front end uses to send the routes to the
 * worker, "^/(api(/|$)|status(/|$)|...)", into out; the shipped server
 * configurations are tested against it.  Returns 0, or -1 when full. */
int routes_front_end_pattern(struct buffer *out);

#endif
