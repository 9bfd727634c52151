/* routes.c - the simulator's URLs
 *
 * The peers' URL forms are routes like the simulator's own: httpbin's
 * /status/{codes}, httpstat.us's /{code}[/any/path] and /random/{codes}.
 * Their order is the order the 404 lists them in; no two can match the
 * same path, so it does not decide dispatch.
 */
#include "routes.h"

#include <string.h>

static const struct route routes[] = {
    { ROUTE_STATUS, SHAPE_PARAMETER, "/api/status", "/api/status/{codes}",
      FORM_API, NULL },
    { ROUTE_STATUS, SHAPE_CODE_FIRST, "", "/{code}", FORM_HTTPSTATUS,
      NULL },
    { ROUTE_STATUS, SHAPE_PARAMETER, "/status", "/status/{codes}",
      FORM_HTTPBIN, NULL },
    { ROUTE_STATUS, SHAPE_PARAMETER, "/random", "/random/{codes}",
      FORM_HTTPSTATUS, NULL },
    { ROUTE_CODES, SHAPE_PARAMETER, "/api/codes",
      "/api/codes, /api/codes/{code}", FORM_API, NULL },
    { ROUTE_INSPECT, SHAPE_EXACT, "/api/inspect", "/api/inspect", FORM_API,
      NULL },
    { ROUTE_HEALTH, SHAPE_EXACT, "/api/health", "/api/health", FORM_API,
      NULL },
    { ROUTE_OPENAPI, SHAPE_EXACT, "/api/openapi.json", "/api/openapi.json",
      FORM_API, NULL },
    { ROUTE_REFUSAL, SHAPE_EXACT, "/api/error", "/api/error", FORM_API,
      NULL },
    { ROUTE_REQUESTS, SHAPE_EXACT, "/api/requests", "/api/requests",
      FORM_API, NULL },
    { ROUTE_RESOURCE, SHAPE_PARAMETER, "/api/resource", "/api/resource/{key}",
      FORM_API, NULL },
    { ROUTE_LOGIN, SHAPE_PARAMETER, "/api/auth",
      "/api/auth/basic/{user}/{passwd}, "
      "/api/auth/hidden-basic/{user}/{passwd}, /api/auth/bearer, "
      "/api/auth/digest/{qop}/{user}/{passwd}", FORM_API, NULL },
    { ROUTE_LOGIN, SHAPE_PARAMETER, "/basic-auth",
      "/basic-auth/{user}/{passwd}", FORM_HTTPBIN, "basic" },
    { ROUTE_LOGIN, SHAPE_PARAMETER, "/hidden-basic-auth",
      "/hidden-basic-auth/{user}/{passwd}", FORM_HTTPBIN, "hidden-basic" },
    { ROUTE_LOGIN, SHAPE_EXACT, "/bearer", "/bearer", FORM_HTTPBIN,
      "bearer" },
    { ROUTE_LOGIN, SHAPE_PARAMETER, "/digest-auth",
      "/digest-auth/{qop}/{user}/{passwd}", FORM_HTTPBIN, "digest" },
};

#define ROUTE_COUNT (sizeof(routes) / sizeof(routes[0]))

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

int routes_match(const char *path, size_t len, struct route_match *match)
{
    for (size_t i = 0; i < ROUTE_COUNT; i++) {
        const struct route *r = &routes[i];
        size_t plen = strlen(r->path);
        match->route = r;
        switch (r->shape) {
        case SHAPE_EXACT:
            if (len == plen && memcmp(path, r->path, len) == 0) {
                match->parameter = path + len;
                match->parameter_len = 0;
                return 0;
            }
            break;
        case SHAPE_PARAMETER:
            if (len >= plen && memcmp(path, r->path, plen) == 0 &&
                (len == plen || path[plen] == '/')) {
                size_t skip = len == plen ? plen : plen + 1;
                match->parameter = path + skip;
                match->parameter_len = len - skip;
                return 0;
            }
            break;
        case SHAPE_CODE_FIRST:
            if (len >= 2 && path[0] == '/' && is_digit(path[1])) {
                const char *slash = memchr(path + 1, '/', len - 1);
                match->parameter = path + 1;
                match->parameter_len =
                    slash ? (size_t)(slash - path - 1) : len - 1;
                return 0;
            }
            break;
        }
    }
    return -1;
}

/* The length of a route path's first segment: "/api" of "/api/status". */
static size_t first_segment(const char *path)
{
    return path[0] ? 1 + strcspn(path + 1, "/") : 0;
}

/* Whether the route whose index is i is the first with its first
 * segment, so that each segment is listed once. */
static int segment_is_new(size_t i)
{
    size_t len = first_segment(routes[i].path);
    for (size_t j = 0; j < i; j++)
        if (first_segment(routes[j].path) == len &&
            strncmp(routes[j].path, routes[i].path, len) == 0)
            return 0;
    return 1;
}

int routes_starts_route(const char *path)
{
    for (size_t i = 0; i < ROUTE_COUNT; i++) {
        const struct route *r = &routes[i];
        size_t len = first_segment(r->path);
        if (r->shape == SHAPE_CODE_FIRST) {
            if (path[0] == '/' && is_digit(path[1]))
                return 1;
        } else if (strncmp(path, r->path, len) == 0 &&
                   (path[len] == '/' || path[len] == '\0'))
            return 1;
    }
    return 0;
}

int routes_list(struct buffer *out)
{
    for (size_t i = 0; i < ROUTE_COUNT; i++)
        if ((i && buffer_puts(out, ", ")) || buffer_puts(out, routes[i].shown))
            return -1;
    return 0;
}

int routes_front_end_pattern(struct buffer *out)
{
    int first = 1;
    if (buffer_puts(out, "^/("))
        return -1;
    /* Named segments first, then a code: the order the configurations
     * have always had. */
    for (size_t i = 0; i < ROUTE_COUNT; i++) {
        const struct route *r = &routes[i];
        if (r->shape == SHAPE_CODE_FIRST || !segment_is_new(i))
            continue;
        if ((!first && buffer_puts(out, "|")) ||
            buffer_append(out, r->path + 1, first_segment(r->path) - 1) ||
            buffer_puts(out, "(/|$)"))
            return -1;
        first = 0;
    }
    for (size_t i = 0; i < ROUTE_COUNT; i++)
        if (routes[i].shape == SHAPE_CODE_FIRST &&
            ((!first && buffer_puts(out, "|")) || buffer_puts(out, "[0-9]")))
            return -1;
    return buffer_puts(out, ")");
}
