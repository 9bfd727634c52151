/* resource.c - a resource whose versions live in the state store */
#include "resource.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "hashes.h"
#include "http.h"
#include "json_body.h"
#include "problem.h"
#include "sequence.h"

/* The longest change_every=. */
#define CHANGE_MAX_MS (UINT64_C(24) * 60 * 60 * 1000)

/* The resource as this request sees it. */
struct view {
    struct state_document doc;      /* as stored */
    char body[STATE_DOCUMENT_MAX];
    size_t body_len;
    uint64_t version;               /* with change_every's own versions */
    uint64_t modified_s;
    char etag[48];
    char modified[HTTP_DATE_LEN + 1];
};

static int exists(const struct view *v)
{
    return v->doc.version && !v->doc.deleted;
}

/* A new version every change_ms since the last write, as if written at
 * each step; the entity tag names the version and the bytes. */
static void see(struct view *v, uint64_t change_ms, uint64_t now_ms)
{
    char hex[HASH_HEX_MAX];
    uint64_t steps = change_ms && now_ms > v->doc.modified_ms
                         ? (now_ms - v->doc.modified_ms) / change_ms : 0;
    v->version = v->doc.version + steps;
    v->modified_s = (v->doc.modified_ms + steps * change_ms) / 1000;
    hash_hex(HASH_MD5, v->body, v->body_len, hex);
    snprintf(v->etag, sizeof(v->etag), "\"%" PRIx64 "-%.16s\"", v->version,
             hex);
    http_date_format(v->modified_s, v->modified);
}

static int load(const struct state_store *state, const char *name,
                size_t len, struct view *v, const char **why)
{
    struct buffer body;
    buffer_init(&body, v->body, sizeof(v->body));
    int rc = state->load(state->self, name, len, &v->doc, &body, why);
    v->body_len = body.len;
    return rc;
}

static void unavailable(struct response *resp, const struct sim_request *req,
                        const char *key, const char *why)
{
    problem_respond(resp, req, 503, NULL,
                    "The resource '%s' cannot be kept: %s.", key, why);
    response_add(resp, &resp->head, "Retry-After", "1");
}

/* The representation, with its validators. */
static void represent(struct response *resp, const struct sim_request *req,
                      const char *key, const struct view *v, int status)
{
    struct buffer body;
    response_reset(resp);
    resp->status = status;
    response_body_buffer(resp, &body);
    if (json_resource_body(&body, key, v->version, v->modified, v->body,
                           v->body_len) != 0) {
        problem_unavailable(resp, req);
        return;
    }
    resp->body_len = body.len;
    response_finish_json(resp, req->method, req->id);
    response_set(resp, &resp->head, "Cache-Control", "no-cache");
    response_add(resp, &resp->head, "ETag", v->etag);
    response_add(resp, &resp->head, "Last-Modified", v->modified);
}

static void not_modified(struct response *resp, const struct sim_request *req,
                         const struct view *v)
{
    response_reset(resp);
    resp->status = 304;
    response_finish(resp, req->method, req->id, NULL, CONTENT_NONE);
    response_set(resp, &resp->head, "Cache-Control", "no-cache");
    response_add(resp, &resp->head, "ETag", v->etag);
    response_add(resp, &resp->head, "Last-Modified", v->modified);
}

/* RFC 9110 Section 13.2.2's order: If-Match, else If-Unmodified-Since.
 * Returns why a write must not happen, or NULL. */
static const char *precondition_fails(const struct sim_request *req,
                                      const struct view *v)
{
    uint64_t since;
    if (req->if_match) {
        if (!exists(v))
            return "If-Match names a version, and there is none";
        if (!http_etag_matches_strongly(req->if_match, v->etag))
            return "If-Match names another version than the current one";
    } else if (req->if_unmodified_since && exists(v) &&
               http_date_parse(req->if_unmodified_since, &since) == 0 &&
               v->modified_s > since)
        return "the resource was modified after If-Unmodified-Since";
    return NULL;
}

static void refuse_write(struct response *resp, const struct sim_request *req,
                         const struct view *v, const char *why)
{
    problem_respond(resp, req, 412, NULL, "%s (%s).", why,
                    exists(v) ? v->etag : "none");
    if (exists(v))
        response_add(resp, &resp->head, "ETag", v->etag);
}

static void get(struct response *resp, const struct sim_request *req,
                const struct state_store *state, const char *key,
                const char *name, size_t len, struct view *v,
                uint64_t change_ms, int gone)
{
    const char *why;
    uint64_t since;
    /* The first GET makes the resource, empty; a lost race to make it
     * finds the other's. */
    if (v->doc.version == 0) {
        int rc = state->save(state->self, name, len, 0, "", 0, 0, &v->doc,
                             &why);
        if (rc == 1)
            rc = load(state, name, len, v, &why);
        if (rc != 0) {
            unavailable(resp, req, key, why);
            return;
        }
    }
    if (v->doc.deleted) {
        problem_respond(resp, req, gone ? 410 : 404, NULL,
                        "The resource '%s' was deleted.", key);
        return;
    }
    see(v, change_ms, req->received_ms);
    if (req->if_none_match ? http_etag_matches(req->if_none_match, v->etag)
                           : req->if_modified_since &&
                                 http_date_parse(req->if_modified_since,
                                                 &since) == 0 &&
                                 v->modified_s <= since)
        not_modified(resp, req, v);
    else
        represent(resp, req, key, v, 200);
}

static void change(struct response *resp, const struct sim_request *req,
                   const struct state_store *state, const char *key,
                   const char *name, size_t len, struct view *v,
                   uint64_t change_ms, int deleting)
{
    const char *why;
    int existed = exists(v);
    see(v, change_ms, req->received_ms);
    if (deleting && !existed) {
        problem_respond(resp, req, 404, NULL,
                        "There is no resource '%s' to delete.", key);
        return;
    }
    if (!deleting && (req->body_kept < req->body_bytes ||
                      req->body_bytes > STATE_DOCUMENT_MAX)) {
        problem_respond(resp, req, 413, NULL,
                        "A resource keeps at most %d bytes.",
                        STATE_DOCUMENT_MAX);
        return;
    }
    if ((why = precondition_fails(req, v))) {
        refuse_write(resp, req, v, why);
        return;
    }
    int rc = state->save(state->self, name, len, v->doc.version,
                         req->body_data, req->body_kept, deleting, &v->doc,
                         &why);
    if (rc == 1)
        refuse_write(resp, req, v,
                     "another write came first; GET the new version");
    else if (rc != 0)
        unavailable(resp, req, key, why);
    else if (deleting) {
        response_reset(resp);
        resp->status = 204;
        response_finish(resp, req->method, req->id, NULL, CONTENT_NONE);
    } else {
        memcpy(v->body, req->body_data, req->body_kept);
        v->body_len = req->body_kept;
        see(v, 0, v->doc.modified_ms);
        represent(resp, req, key, v, existed ? 200 : 201);
    }
}

void resource_respond(struct response *resp, const struct sim_request *req,
                      const struct request_limits *limits, const char *key,
                      size_t len)
{
    static _Thread_local struct view v;
    char name[sizeof("resource:") + SEQUENCE_KEY_MAX], shown[SEQUENCE_KEY_MAX
                                                             + 1];
    const char *why = "this worker has no state store (HTTPSTATUS_STORE)";
    size_t text_len, gone_len;
    uint64_t change_ms = 0;
    const char *text = http_query_value(req->query, "change_every",
                                        &text_len);
    const char *gone = http_query_value(req->query, "gone", &gone_len);
    int is_gone = gone && ((gone_len == 1 && gone[0] == '1') ||
                           (gone_len == 4 &&
                            strncasecmp(gone, "true", 4) == 0));

    if (!sequence_key_is_sane(key, len)) {
        problem_respond(resp, req, 404, NULL,
                        "'%.*s' is not a resource key: 1 to %d letters, "
                        "digits, '-', '_', '.' or '~'.", PROBLEM_QUOTE_MAX,
                        key, SEQUENCE_KEY_MAX);
        return;
    }
    snprintf(shown, sizeof(shown), "%.*s", (int)len, key);
    if (text && http_parse_duration(text, text_len, CHANGE_MAX_MS,
                                    &change_ms) != 0) {
        problem_respond(resp, req, 400, "a duration such as 10s",
                        "change_every '%.*s' is not a duration of ms, s, m "
                        "or h, at most a day.", (int)text_len, text);
        return;
    }
    int name_len = snprintf(name, sizeof(name), "resource:%s", shown);
    int is_get = strcmp(req->method, "GET") == 0 ||
                 strcmp(req->method, "HEAD") == 0;
    int is_put = strcmp(req->method, "PUT") == 0;
    int is_delete = strcmp(req->method, "DELETE") == 0;
    if (!is_get && !is_put && !is_delete) {
        problem_respond(resp, req, 405, NULL,
                        "A resource takes GET, HEAD, PUT and DELETE.");
        response_add(resp, &resp->head, "Allow", "GET, HEAD, PUT, DELETE");
        return;
    }
    if (!limits->state ||
        load(limits->state, name, (size_t)name_len, &v, &why) != 0) {
        unavailable(resp, req, shown, why);
        return;
    }
    if (is_get)
        get(resp, req, limits->state, shown, name, (size_t)name_len, &v,
            change_ms, is_gone);
    else
        change(resp, req, limits->state, shown, name, (size_t)name_len, &v,
               change_ms, is_delete);
}
