/* cors.c - preflights and the CORS fields of every response */
#include "cors.h"

#include <string.h>

#include "controls.h"
#include "field_rules.h"
#include "http.h"

/* The longest header list echoed back to a preflight. */
#define PREFLIGHT_LIST_MAX 512

/* The most an operator's list of origins may hold. */
#define ORIGINS_MAX 2048

static int any_origin(const char *origins)
{
    return !origins || !*origins || strcmp(origins, "*") == 0;
}

/* Whether origins names the pages allowed, rather than any or none. */
static int origins_listed(const char *origins)
{
    return !any_origin(origins) && strcmp(origins, "none") != 0;
}

int cors_origins_valid(const char *origins)
{
    if (!origins_listed(origins))
        return 1;
    if (strlen(origins) > ORIGINS_MAX)
        return 0;
    int count = 0;
    for (const char *p = origins + strspn(origins, " ,"); *p;
         p += strspn(p, " ,")) {
        size_t len = strcspn(p, " ,");
        size_t scheme = strncmp(p, "https://", 8) == 0  ? 8
                        : strncmp(p, "http://", 7) == 0 ? 7 : 0;
        /* An origin is a scheme, a host and perhaps a port: nothing after
         * them, so that a match is a whole origin. */
        if (!scheme || len == scheme ||
            strcspn(p + scheme, "/?#*@") < len - scheme)
            return 0;
        for (size_t i = scheme; i < len; i++)
            if (!http_is_tchar(p[i]) && p[i] != ':' && p[i] != '[' &&
                p[i] != ']')
                return 0;
        count++;
        p += len;
    }
    return count > 0;
}

/* Whether a page at req's Origin may read the answer. */
static int origin_allowed(const struct sim_request *req,
                          const char *origins)
{
    return any_origin(origins) ||
           (origins_listed(origins) && req->origin &&
            http_list_has(origins, req->origin));
}

int cors_is_preflight(const struct sim_request *req, const char *origins)
{
    return strcmp(req->method, "OPTIONS") == 0 && req->preflight_method &&
           origin_allowed(req, origins);
}

void cors_preflight(struct response *resp, const struct sim_request *req)
{
    char methods[160];
    struct buffer list;
    int one_method =
        http_is_token_list(req->preflight_method, PREFLIGHT_LIST_MAX) &&
        !strpbrk(req->preflight_method, ", \t");

    response_reset(resp);
    resp->status = 204;
    buffer_init(&list, methods, sizeof(methods) - 1);
    field_rules_methods(&list, NULL, one_method ? req->preflight_method
                                                : NULL);
    methods[list.len] = '\0';
    response_add(resp, &resp->head, "Access-Control-Allow-Methods", methods);
    if (req->preflight_headers &&
        http_is_token_list(req->preflight_headers, PREFLIGHT_LIST_MAX))
        response_add(resp, &resp->head, "Access-Control-Allow-Headers",
                     req->preflight_headers);
    response_add(resp, &resp->head, "Access-Control-Max-Age", "600");
    response_finish(resp, req->method, req->id, NULL, CONTENT_NONE);
}

/* Fields a page may read without being told (the Fetch standard's
 * CORS-safelisted response headers) and those that are not for it. */
static int needs_exposing(const char *name)
{
    static const char *const implicit[] = {
        "Cache-Control", "Content-Language", "Content-Length",
        "Content-Type", "Expires", "Last-Modified", "Pragma", "Connection",
    };
    /* Every field of every response is asked about; none of those named
     * begins otherwise. */
    if (!strchr("ACELP", name[0]))
        return 1;
    for (size_t i = 0; i < sizeof(implicit) / sizeof(implicit[0]); i++)
        if (strcmp(name, implicit[i]) == 0)
            return 0;
    return strncmp(name, "Access-Control-", 15) != 0;
}

void cors_add_fields(struct response *resp, const struct sim_request *req,
                     const char *origins)
{
    int listed = origins_listed(origins);
    /* A cache must not hand one origin's answer to another. */
    if (listed)
        response_add(resp, &resp->head, "Vary", "Origin");
    if (!origin_allowed(req, origins))
        return;
    /* A request may set either field itself (header=...); then its value
     * is the one sent, once. */
    int own_origin = response_field(&resp->head,
                                    "Access-Control-Allow-Origin") != NULL;
    int own_expose = response_field(&resp->head,
                                    "Access-Control-Expose-Headers") != NULL;
    /* Room for every field's name: RESPONSE_MAX_FIELDS of them, custom
     * ones included, each at most CONTROLS_FIELD_NAME_MAX long. */
    char names[RESPONSE_MAX_FIELDS * (CONTROLS_FIELD_NAME_MAX + 2) + 1];
    struct buffer list;
    int first = 1;

    buffer_init(&list, names, sizeof(names) - 1);
    for (size_t i = 0; i < resp->head.count; i++) {
        const char *name = resp->head.fields[i].name;
        if (!needs_exposing(name))
            continue;
        if ((!first && buffer_puts(&list, ", ")) || buffer_puts(&list, name))
            break;
        first = 0;
    }
    names[list.len] = '\0';
    if (!own_origin)
        response_add(resp, &resp->head, "Access-Control-Allow-Origin",
                     listed ? req->origin : "*");
    if (list.len && !own_expose)
        response_add(resp, &resp->head, "Access-Control-Expose-Headers",
                     names);
}
