/* endpoints.c - health, OpenAPI, catalog and inspector resources */
#include "endpoints.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "controls.h"
#include "head_parser.h"
#include "http.h"
#include "inspector.h"
#include "json_body.h"
#include "openapi.h"
#include "problem.h"

void endpoints_health(struct response *resp, const struct sim_request *req)
{
    struct buffer body;
    response_reset(resp);
    resp->status = 200;
    response_body_buffer(resp, &body);
    if (json_health_body(&body) != 0) {
        problem_unavailable(resp, req);
        return;
    }
    resp->body_len = body.len;
    response_finish_json(resp, req->method, req->id);
}

/* FNV-1a: a validator for documents that change only with the build. */
static uint64_t fnv1a(const char *data, size_t len)
{
    uint64_t hash = UINT64_C(0xcbf29ce484222325);
    for (size_t i = 0; i < len; i++)
        hash = (hash ^ (unsigned char)data[i]) * UINT64_C(0x100000001b3);
    return hash;
}

/* The same for every request until the next build: an ETag from the body,
 * an hour's freshness, and 304 for a client that has it already. */
static void make_cacheable(struct response *resp,
                           const struct sim_request *req)
{
    char etag[24];
    struct buffer tag;
    buffer_init(&tag, etag, sizeof(etag) - 1);
    buffer_printf(&tag, "\"%016" PRIx64 "\"",
                  fnv1a(resp->body, resp->body_len));
    etag[tag.len] = '\0';
    enum status_content content = CONTENT_ALLOWED;
    if (req->if_none_match &&
        (strcmp(req->method, "GET") == 0 ||
         strcmp(req->method, "HEAD") == 0) &&
        http_etag_matches(req->if_none_match, etag)) {
        resp->status = 304;
        content = CONTENT_NONE;
    }
    response_finish(resp, req->method, req->id, "application/json", content);
    response_set(resp, &resp->head, "Cache-Control", "public, max-age=3600");
    response_add(resp, &resp->head, "ETag", etag);
}

void endpoints_openapi(struct response *resp, const struct sim_request *req)
{
    response_reset(resp);
    resp->status = 200;
    memcpy(resp->body, openapi_document, openapi_document_size);
    resp->body_len = openapi_document_size;
    make_cacheable(resp, req);
}

void endpoints_codes(struct response *resp, const struct sim_request *req,
                     const char *text, size_t len)
{
    const struct status_entry *entry = NULL;
    struct buffer body;
    int code;

    if (len > 0) {
        if (status_parse_code(text, len, &code) != 0) {
            problem_respond(resp, req, 400, PROBLEM_ACCEPTED_CODES,
                            "'%.*s' is not a status code the simulator "
                            "accepts.", (int)(len < PROBLEM_QUOTE_MAX
                                                  ? len : PROBLEM_QUOTE_MAX),
                            text);
            return;
        }
        entry = status_table_find(code);
        if (!entry) {
            problem_respond(resp, req, 404,
                            "/api/codes lists the codes it holds",
                            "%d is neither registered nor a known "
                            "unofficial code; /api/status/%d still "
                            "simulates it.", code, code);
            return;
        }
    }
    response_reset(resp);
    resp->status = 200;
    response_body_buffer(resp, &body);
    if ((entry ? json_code_body(&body, entry) : json_catalog_body(&body))) {
        problem_unavailable(resp, req);
        return;
    }
    resp->body_len = body.len;
    make_cacheable(resp, req);
}

void endpoints_inspect(struct response *resp, const struct sim_request *req)
{
    struct parsed_head head;
    struct note notes[NOTES_MAX];
    struct buffer body;
    char error[320];

    if (strcmp(req->method, "POST") != 0) {
        problem_respond(resp, req, 405,
                        "POST with a response head as the body",
                        "/api/inspect reads the response head in a POST "
                        "body.");
        response_add(resp, &resp->head, "Allow", "POST");
        return;
    }
    if (req->body_bytes > HEAD_MAX_BYTES) {
        problem_respond(resp, req, 413, NULL,
                        "A response head of %" PRIu64 " bytes; at most %d "
                        "are inspected.", req->body_bytes, HEAD_MAX_BYTES);
        return;
    }
    if (head_parse(&head, req->body_data, req->body_kept, error,
                   sizeof(error)) != 0) {
        problem_respond(resp, req, 400,
                        "a response head: a status line such as "
                        "'HTTP/1.1 200 OK', then 'Name: value' lines",
                        "%s", error);
        return;
    }
    struct inspected_head seen = { head.status, NULL, head.fields,
                                   head.count, NULL };
    size_t count = inspector_notes(head.status, &seen, notes, NOTES_MAX);
    response_reset(resp);
    resp->status = 200;
    response_body_buffer(resp, &body);
    if (json_inspect_body(&body, &head, notes, count) != 0) {
        problem_unavailable(resp, req);
        return;
    }
    resp->body_len = body.len;
    response_finish_json(resp, req->method, req->id);
}

/* The JSON list of a log's records, as the store hands them over. */
struct log_list {
    struct buffer *body;
    size_t count;
};

static int list_record(void *ctx, const char *record, size_t len)
{
    struct log_list *list = ctx;
    /* Each record within REQUEST_LOG_RECORD_MAX bytes of JSON, so that a
     * whole log fits in a body. */
    char text[REQUEST_LOG_RECORD_MAX];
    struct buffer json;
    buffer_init(&json, text, sizeof(text));
    /* A record this version cannot read is passed over. */
    if (json_log_record(&json, record, len) != 0)
        return 0;
    if (list->count++)
        buffer_puts(list->body, ",");
    return buffer_append(list->body, text, json.len);
}

void endpoints_requests(struct response *resp, const struct sim_request *req,
                        const struct request_limits *limits)
{
    struct sim_controls asked;
    char name[sizeof("log:") + SEQUENCE_KEY_MAX];
    const char *why = "this worker has no state store (HTTPSTATUS_STORE)";
    struct buffer body;
    struct log_list list = { &body, 0 };

    if (controls_parse(&asked, req, limits) != 0) {
        problem_respond(resp, req, asked.error_status, asked.accepted, "%s",
                        asked.error);
        return;
    }
    if (!asked.key[0]) {
        problem_respond(resp, req, 400, "key=KEY",
                        "Name the requests to list: /api/requests?key=KEY, "
                        "the key they were sent with.");
        return;
    }
    int len = snprintf(name, sizeof(name), "log:%s", asked.key);
    response_reset(resp);
    resp->status = 200;
    response_body_buffer(resp, &body);
    /* Each record is written by yajl on its own; the key is a plain token.
     * So the list is framed, not generated. */
    buffer_printf(&body, "{\"key\":\"%s\",\"requests\":[", asked.key);
    if (!limits->state ||
        limits->state->read(limits->state->self, name, (size_t)len,
                            REQUEST_LOG_KEEP, list_record, &list,
                            &why) != 0) {
        problem_respond(resp, req, 503, NULL,
                        "The requests of '%s' cannot be read: %s.",
                        asked.key, why);
        response_add(resp, &resp->head, "Retry-After", "1");
        return;
    }
    if (buffer_puts(&body, "]}") != 0) {
        problem_unavailable(resp, req);
        return;
    }
    resp->body_len = body.len;
    response_finish_json(resp, req->method, req->id);
}

/* What a web server means by the refusals it makes itself, before a
 * request reaches the worker. */
static const struct {
    int status;
    const char *why;
} refusals[] = {
    { 400, "the request is malformed: a control character or a broken "
           "%-escape in the URL, or a header field it cannot parse" },
    { 403, "its configuration forbids this request" },
    { 404, "nothing is served at this path" },
    { 405, "its configuration does not allow this method here" },
    { 408, "the request did not arrive in time" },
    { 411, "the body came without a length it accepts" },
    { 413, "the body is larger than it accepts" },
    { 414, "the URL is longer than it accepts" },
    { 431, "the header fields are larger than it accepts" },
    { 500, "its worker ended without an answer" },
    { 501, "it does not implement what the request asks for" },
    { 502, "it could not reach its worker" },
    { 503, "no worker was there to take the request" },
    { 504, "its worker did not answer in time" },
};

/* nginx's own codes for refusals that HTTP has standard codes for. */
static int standard_refusal(int status)
{
    switch (status) {
    case 494: /* request header too large */
        return 431;
    case 495: /* client certificate error */
    case 496: /* no client certificate */
    case 497: /* plain HTTP to an HTTPS port */
        return 400;
    }
    return status;
}

void endpoints_refusal(struct response *resp, const struct sim_request *req)
{
    uint64_t status = 0;
    const char *text = req->redirect_status;
    if (text && http_parse_decimal(text, strlen(text), 999, &status) != 0)
        status = 0;
    int refused = standard_refusal((int)status);
    if (refused < 400 || refused > 599) {
        problem_respond(resp, req, 404, NULL,
                        "There is no refusal to describe: /api/error "
                        "answers the refusals of the web server in front, "
                        "which sends them here with REDIRECT_STATUS.");
        return;
    }
    const char *why = "for a reason of its own";
    for (size_t i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++)
        if (refusals[i].status == refused)
            why = refusals[i].why;
    const char *server = req->server_software ? req->server_software
                                              : "the web server";
    /* A target too long or too broken to parse reaches here as none. */
    const char *uri = req->request_uri ? req->request_uri : "";
    problem_respond(resp, req, refused, NULL,
                    "%.*s %s the request%s%.*s%s%s: %s.",
                    (int)strcspn(server, "/ "), server,
                    refused < 500 ? "refused" : "failed",
                    *uri ? " for '" : "", PROBLEM_QUOTE_MAX, uri,
                    *uri ? "'" : "",
                    refused < 500 ? " before it reached the simulator" : "",
                    why);
}
