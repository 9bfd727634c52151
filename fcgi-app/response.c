/* response.c - from a parsed request to the status, fields and body to send */
#include "response.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "json_body.h"
#include "openapi.h"
#include "text_body.h"

#define STATUS_ROUTE "/api/status"
#define HEALTH_ROUTE "/api/health"
#define OPENAPI_ROUTE "/api/openapi.json"
#define CODES_ROUTE "/api/codes"
#define INSPECT_ROUTE "/api/inspect"
#define ACCEPTED_CODES "a status code (three decimal digits from 100 to " \
    "599), a list of codes and ranges such as 200,500-504, or weighted " \
    "codes such as 200:0.9,500:0.1"
#define ACCEPTED_ROUTES "/api/status/{codes}, /{code}, /status/{codes}, " \
    "/random/{codes}, /api/codes, /api/codes/{code}, /api/inspect, " \
    "/api/health, /api/openapi.json"
#define ACCEPTED_SLEEP "sleep=MS or X-HttpStatus-Sleep: MS, a whole number " \
                       "of milliseconds"
/* Input quoted back in a problem's detail is cut to this many bytes. */
#define DETAIL_QUOTE_MAX 100

static const char note_interim_sent[] =
    "HTTP has no final 1xx response: the code was sent as an interim "
    "response, and this 200 is the final response that follows it.";
static const char note_interim_http10[] =
    "The code was not sent: HTTP/1.0 clients do not understand interim "
    "responses (RFC 9110, Section 15.2). This 200 is the final response.";
static const char note_not_modified[] =
    "If-None-Match matched the response's ETag, so the 2xx it asked for "
    "became 304 Not Modified (RFC 9110, Section 13.1.2).";
static const char note_precondition_failed[] =
    "If-None-Match matched the response's ETag on a method other than GET "
    "or HEAD, so the request failed its precondition (RFC 9110, Section "
    "13.1.2).";
static const char note_withheld[] =
    "101 Switching Protocols was not sent: it hands the connection over to "
    "another protocol, which the simulator does not speak, and HTTP allows "
    "it only when the request offered that protocol in Upgrade. This 200 "
    "is the final response.";

/* Sent when even a problem body cannot be generated; needs no yajl. */
static const char body_unavailable[] =
    "{\"type\":\"about:blank\",\"title\":\"Internal Server Error\","
    "\"status\":500,\"detail\":\"The response body could not be "
    "generated.\"}";

enum placement {
    ON_FINAL,      /* the final response */
    ON_INTERIM,    /* the interim 1xx response (Early Hints) */
    AFTER_BODY,    /* the final response; its value depends on the body */
};

struct header_kind {
    unsigned bit;                 /* enum status_header */
    const char *name;
    const char *value;            /* fixed value, or NULL to compute it */
    const char *(*compute)(struct sim_response *resp,
                           const struct sim_request *req);
    enum placement placement;
    const char *example;          /* a computed value as it usually reads */
};

static const char *location_value(struct sim_response *resp,
                                  const struct sim_request *req);
static const char *allow_value(struct sim_response *resp,
                               const struct sim_request *req);
static const char *content_range_value(struct sim_response *resp,
                                       const struct sim_request *req);

/* The value each header a code needs carries.  Links and redirects point
 * back at the simulator: a redirect lands on /api/status/200, the 511 login
 * link on www/login.html ("authenticate" is the relation proposed by
 * draft-ietf-httpapi-authentication-link; none is registered yet). */
static const struct header_kind header_kinds[] = {
    { HDR_LOCATION, "Location", NULL, location_value, ON_FINAL,
      "/api/status/200" },
    { HDR_WWW_AUTHENTICATE, "WWW-Authenticate",
      "Basic realm=\"httpstatus\", charset=\"UTF-8\"", NULL, ON_FINAL, NULL },
    { HDR_PROXY_AUTHENTICATE, "Proxy-Authenticate",
      "Basic realm=\"httpstatus\", charset=\"UTF-8\"", NULL, ON_FINAL, NULL },
    { HDR_ALLOW, "Allow", NULL, allow_value, ON_FINAL,
      "GET, HEAD" },
    { HDR_RETRY_AFTER, "Retry-After", "5", NULL, ON_FINAL, NULL },
    { HDR_CONTENT_RANGE_FULL, "Content-Range", NULL, content_range_value,
      AFTER_BODY, "bytes 0-1023/1024" },
    { HDR_CONTENT_RANGE_UNSATISFIED, "Content-Range", "bytes */1024", NULL,
      ON_FINAL, NULL },
    { HDR_UPGRADE, "Upgrade", "HTTP/3.0", NULL, ON_FINAL, NULL },
    { HDR_UPGRADE, "Connection", "upgrade", NULL, ON_FINAL, NULL },
    { HDR_LINK_PRELOAD, "Link", "</style.css>; rel=preload; as=style", NULL,
      ON_INTERIM, NULL },
    { HDR_LINK_LOGIN, "Link", "</login.html>; rel=\"authenticate\"", NULL,
      ON_FINAL, NULL },
    { HDR_LINK_BLOCKED_BY, "Link", "</>; rel=\"blocked-by\"", NULL,
      ON_FINAL, NULL },
    { HDR_ETAG, "ETag", "\"httpstatus-226\"", NULL, ON_FINAL, NULL },
};

/* Formats into resp->values; returns the string, or "" when full (the
 * storage is sized for every value the table can produce). */
static const char *values_printf(struct sim_response *resp,
                                 const char *format, ...)
{
    size_t room = sizeof(resp->values) - resp->values_used;
    char *out = resp->values + resp->values_used;
    va_list args;
    va_start(args, format);
    int len = vsnprintf(out, room, format, args);
    va_end(args);
    if (len < 0 || (size_t)len >= room)
        return "";
    resp->values_used += (size_t)len + 1;
    return out;
}

static void add_field(struct header_block *block, const char *name,
                      const char *value)
{
    if (block->count < RESPONSE_MAX_FIELDS) {
        block->fields[block->count].name = name;
        block->fields[block->count].value = value;
        block->count++;
    }
}

/* Only visible ASCII and spaces may go into a header value we build from
 * the request (RFC 9110 §5.5); anything else could split the response. */
static int is_header_safe(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (text[i] < 0x20 || text[i] > 0x7e)
            return 0;
    return 1;
}

static const char *location_value(struct sim_response *resp,
                                  const struct sim_request *req)
{
    /* Relative to the mount prefix, so the redirect stays on whatever host
     * and path the simulator is served from. */
    int mount_len = (int)req->route_offset;
    if (!is_header_safe(req->path, req->route_offset))
        mount_len = 0;
    return values_printf(resp, "%.*s%s/200", mount_len, req->path,
                         STATUS_ROUTE);
}

/* HEAD stands or falls with GET (RFC 9110 §9.1). */
static int is_get_or_head(const char *method)
{
    return strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
}

/* The methods the simulator answers, less refused (NULL: none), plus
 * extra when it is a method not in the list (NULL: none). */
static const char *method_list(struct sim_response *resp, const char *refused,
                               const char *extra)
{
    static const char *const methods[] = {
        "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
    };
    char list[128];
    size_t used = 0;

    list[0] = '\0';
    for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
        if (extra && strcmp(extra, methods[i]) == 0)
            extra = NULL;
        if (refused && (strcmp(refused, methods[i]) == 0 ||
                        (is_get_or_head(refused) &&
                         is_get_or_head(methods[i]))))
            continue;
        used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s",
                                 used ? ", " : "", methods[i]);
    }
    return extra ? values_printf(resp, "%s, %s", list, extra)
                 : values_printf(resp, "%s", list);
}

static const char *allow_value(struct sim_response *resp,
                               const struct sim_request *req)
{
    /* Allow must not list the method that was refused. */
    return method_list(resp, req->method, NULL);
}

static const char *content_range_value(struct sim_response *resp,
                                       const struct sim_request *req)
{
    (void)req;
    /* The body is the whole representation; a range covering all of it is
     * the honest partial answer a simulator can give. */
    size_t len = resp->body_len;
    return values_printf(resp, "bytes 0-%zu/%zu", len ? len - 1 : 0, len);
}

static void reset(struct sim_response *resp)
{
    resp->status = 0;
    resp->requested = 0;
    resp->entry = NULL;
    resp->interim = 0;
    resp->note = NULL;
    resp->interim_head.count = 0;
    resp->head.count = 0;
    resp->code_head.count = 0;
    resp->delay_ms = 0;
    resp->send_body = 0;
    resp->values_used = 0;
    resp->body_len = 0;
    resp->chosen = 0;
    resp->note_count = 0;
    resp->choice.kind = CHOICE_FIXED;
    resp->choice.count = 0;
    controls_reset(&resp->controls);
}

static const char *reason_for(int code)
{
    return status_lookup(code)->reason;
}

static int is_head(const struct sim_request *req)
{
    return strcmp(req->method, "HEAD") == 0;
}

/* The fields every response with a body carries, then the code's own. */
static void finish_head(struct sim_response *resp,
                        const struct sim_request *req,
                        const char *content_type, enum status_content content)
{
    if (content == CONTENT_ALLOWED) {
        add_field(&resp->head, "Content-Type", content_type);
        add_field(&resp->head, "Content-Length",
                  values_printf(resp, "%zu", resp->body_len));
    } else if (content == CONTENT_ZERO)
        add_field(&resp->head, "Content-Length", "0");
    /* A simulated error must never be kept by a shared cache by accident. */
    add_field(&resp->head, "Cache-Control", "no-store");
    add_field(&resp->head, "X-Request-Id", req->id);
    for (size_t i = 0; i < resp->code_head.count; i++)
        add_field(&resp->head, resp->code_head.fields[i].name,
                  resp->code_head.fields[i].value);
    resp->send_body = content == CONTENT_ALLOWED && !is_head(req);
}

static void fail_body(struct sim_response *resp, const struct sim_request *req)
{
    reset(resp);
    resp->status = 500;
    memcpy(resp->body, body_unavailable, sizeof(body_unavailable) - 1);
    resp->body_len = sizeof(body_unavailable) - 1;
    finish_head(resp, req, "application/problem+json", CONTENT_ALLOWED);
}

/* An RFC 9457 problem response; detail is printf-formatted. */
static void problem(struct sim_response *resp, const struct sim_request *req,
                    int status, const char *accepted, const char *format, ...)
{
    char detail[512];
    va_list args;
    va_start(args, format);
    vsnprintf(detail, sizeof(detail), format, args);
    va_end(args);

    reset(resp);
    resp->status = status;
    if (json_problem_body(resp, reason_for(status), detail, accepted,
                          req->id) != 0) {
        fail_body(resp, req);
        return;
    }
    finish_head(resp, req, "application/problem+json", CONTENT_ALLOWED);
}

static void add_code_fields(struct sim_response *resp,
                            const struct sim_request *req,
                            enum placement placement)
{
    struct header_block *block =
        placement == ON_INTERIM ? &resp->interim_head : &resp->code_head;
    for (size_t i = 0; i < sizeof(header_kinds) / sizeof(header_kinds[0]);
         i++) {
        const struct header_kind *kind = &header_kinds[i];
        if (!(resp->entry->headers & kind->bit) || kind->placement != placement)
            continue;
        add_field(block, kind->name,
                  kind->value ? kind->value : kind->compute(resp, req));
    }
}

static int is_http10(const struct sim_request *req)
{
    return strcmp(req->protocol, "HTTP/1.0") == 0 ||
           strcmp(req->protocol, "HTTP/0.9") == 0;
}

/* Where a route's body format defaults to when Accept leaves it open. */
enum route_form {
    FORM_API,        /* /api/status/...: JSON */
    FORM_HTTPBIN,    /* /status/...: JSON, the diagnostic body */
    FORM_HTTPSTATUS, /* /{code}, /random/...: httpstat.us's plain text */
};

/* Whether the response's entity tag is one If-None-Match names: a GET or
 * HEAD then gets 304, any other method 412 (RFC 9110, Section 13.1.2).
 * Only a 2xx is subject to it, as a server evaluates the condition only
 * when it would otherwise succeed. */
static void evaluate_if_none_match(struct sim_response *resp,
                                   const struct sim_request *req)
{
    const char *etag = controls_field(&resp->controls, "ETag");
    for (size_t i = 0; !etag && i < resp->code_head.count; i++)
        if (strcmp(resp->code_head.fields[i].name, "ETag") == 0)
            etag = resp->code_head.fields[i].value;
    if (!etag || !req->if_none_match || resp->status / 100 != 2 ||
        !controls_etag_matches(req->if_none_match, etag))
        return;
    if (is_get_or_head(req->method)) {
        resp->status = 304;
        resp->note = note_not_modified;
    } else {
        resp->status = 412;
        resp->note = note_precondition_failed;
    }
}

static int status_body(struct sim_response *resp,
                       const struct sim_request *req, enum body_format format)
{
    switch (format) {
    case FORMAT_TEXT:
        return text_status_body(resp);
    case FORMAT_HTML:
        return html_status_body(resp);
    default:
        return json_status_body(resp, req);
    }
}

static const char *content_type_of(enum body_format format)
{
    switch (format) {
    case FORMAT_TEXT:
        return "text/plain; charset=utf-8";
    case FORMAT_HTML:
        return "text/html; charset=utf-8";
    default:
        return "application/json; charset=utf-8";
    }
}

/* The fields the request set: each replaces the simulator's field of the
 * same name (Location, Cache-Control, ...) or is added. */
static void apply_control_fields(struct sim_response *resp)
{
    const struct sim_controls *c = &resp->controls;
    for (size_t i = 0; i < c->field_count; i++) {
        size_t j = 0;
        while (j < resp->head.count &&
               strcasecmp(resp->head.fields[j].name, c->fields[i].name) != 0)
            j++;
        if (j < resp->head.count)
            resp->head.fields[j].value = c->fields[i].value;
        else
            add_field(&resp->head, c->fields[i].name, c->fields[i].value);
    }
}

/* The inspector's notes on the code and on the response about to go out:
 * the code's own fields as the request's controls leave them. */
static void inspect_response(struct sim_response *resp,
                             const struct sim_request *req)
{
    struct header_field fields[RESPONSE_MAX_FIELDS];
    struct inspected_head head = { resp->status, req->method, fields, 0 };
    const struct sim_controls *c = &resp->controls;

    for (size_t i = 0; i < resp->code_head.count; i++)
        if (!controls_field(c, resp->code_head.fields[i].name))
            fields[head.count++] = resp->code_head.fields[i];
    for (size_t i = 0; i < c->field_count && head.count < RESPONSE_MAX_FIELDS;
         i++)
        fields[head.count++] = c->fields[i];
    if (!controls_field(c, "Cache-Control") &&
        head.count < RESPONSE_MAX_FIELDS)
        fields[head.count++] = (struct header_field){ "Cache-Control",
                                                      "no-store" };
    resp->note_count = inspector_notes(resp->requested, &head, resp->notes,
                                       INSPECTOR_MAX_NOTES);
}

static void simulate(struct sim_response *resp, const struct sim_request *req,
                     enum route_form form)
{
    int code = resp->chosen;
    const struct status_entry *entry = status_lookup(code);
    enum status_content content;

    resp->requested = code;
    resp->entry = entry;
    resp->status = code;
    if (entry->delivery != DELIVER_FINAL) {
        /* HTTP has no final 1xx: a final 200 always follows or replaces it. */
        resp->status = 200;
        if (entry->delivery == DELIVER_WITHHELD)
            resp->note = note_withheld;
        else if (is_http10(req))
            resp->note = note_interim_http10;
        else {
            resp->interim = code;
            resp->note = note_interim_sent;
            add_code_fields(resp, req, ON_INTERIM);
        }
    } else
        add_code_fields(resp, req, ON_FINAL);
    evaluate_if_none_match(resp, req);
    content = status_lookup(resp->status)->content;

    inspect_response(resp, req);
    enum body_format format = resp->controls.format;
    if (format == FORMAT_DEFAULT)
        format = controls_negotiate(req->accept, form == FORM_HTTPSTATUS
                                                     ? FORMAT_TEXT
                                                     : FORMAT_JSON);
    if (content == CONTENT_ALLOWED && status_body(resp, req, format) != 0) {
        fail_body(resp, req);
        return;
    }
    if (resp->status == resp->requested)
        add_code_fields(resp, req, AFTER_BODY);
    /* httpstat.us's suppressBody drops the body with its framing fields. */
    if (resp->controls.suppress_body && content == CONTENT_ALLOWED)
        content = CONTENT_NONE;
    finish_head(resp, req, content_type_of(format), content);
    add_field(&resp->head, "Vary", "Accept");
    if (resp->choice.kind != CHOICE_FIXED)
        add_field(&resp->head, "X-HttpStatus-Choice",
                  resp->controls.has_seed
                      ? values_printf(resp, "%d; by=%s; seed=%" PRIu64,
                                      code,
                                      choice_kind_name(resp->choice.kind),
                                      resp->controls.seed)
                      : values_printf(resp, "%d; by=%s", code,
                                      choice_kind_name(resp->choice.kind)));
    apply_control_fields(resp);
}

/* A header value the client sent that may be echoed: a comma-separated
 * list of tokens (RFC 9110 §5.6.1-2), nothing else. */
static int is_token_list(const char *text)
{
    size_t len = 0;
    for (; text[len]; len++) {
        char c = text[len];
        if (len == 512 ||
            !(controls_is_tchar(c) || c == ',' || c == ' ' || c == '\t'))
            return 0;
    }
    return len > 0;
}

/* The CORS preflight a browser sends before a cross-origin request: every
 * method and the headers it asked for are allowed. */
static void preflight(struct sim_response *resp, const struct sim_request *req)
{
    resp->status = 204;
    int one_method = is_token_list(req->preflight_method) &&
                     !strpbrk(req->preflight_method, ", \t");
    add_field(&resp->head, "Access-Control-Allow-Methods",
              method_list(resp, NULL,
                          one_method ? req->preflight_method : NULL));
    if (req->preflight_headers && is_token_list(req->preflight_headers))
        add_field(&resp->head, "Access-Control-Allow-Headers",
                  req->preflight_headers);
    add_field(&resp->head, "Access-Control-Max-Age", "600");
    finish_head(resp, req, NULL, CONTENT_NONE);
}

/* For load balancers: the worker is up and answering. */
static void health(struct sim_response *resp, const struct sim_request *req)
{
    resp->status = 200;
    if (json_health_body(resp) != 0) {
        fail_body(resp, req);
        return;
    }
    finish_head(resp, req, "application/json; charset=utf-8",
                CONTENT_ALLOWED);
}

size_t response_code_fields(const struct status_entry *entry,
                            struct header_field *fields, size_t max)
{
    size_t count = 0;
    for (size_t i = 0; i < sizeof(header_kinds) / sizeof(header_kinds[0]);
         i++) {
        const struct header_kind *kind = &header_kinds[i];
        if ((entry->headers & kind->bit) && count < max) {
            fields[count].name = kind->name;
            fields[count].value = kind->value ? kind->value : kind->example;
            count++;
        }
    }
    return count;
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
static void make_cacheable(struct sim_response *resp,
                           const struct sim_request *req)
{
    const char *etag = values_printf(resp, "\"%016" PRIx64 "\"",
                                     fnv1a(resp->body, resp->body_len));
    enum status_content content = CONTENT_ALLOWED;
    if (req->if_none_match && is_get_or_head(req->method) &&
        controls_etag_matches(req->if_none_match, etag)) {
        resp->status = 304;
        content = CONTENT_NONE;
    }
    finish_head(resp, req, "application/json", content);
    for (size_t i = 0; i < resp->head.count; i++)
        if (strcmp(resp->head.fields[i].name, "Cache-Control") == 0)
            resp->head.fields[i].value = "public, max-age=3600";
    add_field(&resp->head, "ETag", etag);
}

/* /api/codes and /api/codes/{code}: the status table as data. */
static void catalog(struct sim_response *resp, const struct sim_request *req,
                    const char *route, size_t route_len)
{
    size_t prefix = sizeof(CODES_ROUTE) - 1;
    const struct status_entry *entry = NULL;
    int code;

    if (route_len > prefix + 1) {
        const char *text = route + prefix + 1;
        size_t len = route_len - prefix - 1;
        if (status_parse_code(text, len, &code) != 0) {
            problem(resp, req, 400, ACCEPTED_CODES,
                    "'%.*s' is not a status code the simulator accepts.",
                    (int)(len < DETAIL_QUOTE_MAX ? len : DETAIL_QUOTE_MAX),
                    text);
            return;
        }
        entry = status_table_find(code);
        if (!entry) {
            problem(resp, req, 404, "/api/codes lists the codes it holds",
                    "%d is neither registered nor a known unofficial code; "
                    "/api/status/%d still simulates it.", code, code);
            return;
        }
    }
    resp->status = 200;
    if ((entry ? json_code_body(resp, entry) : json_catalog_body(resp)) != 0) {
        fail_body(resp, req);
        return;
    }
    make_cacheable(resp, req);
}

/* POST /api/inspect: the inspector's notes on a response head the client
 * sends, as curl -i prints it. */
static void inspect(struct sim_response *resp, const struct sim_request *req)
{
    struct parsed_head head;
    struct note notes[INSPECTOR_MAX_NOTES];
    char error[320];

    if (strcmp(req->method, "POST") != 0) {
        problem(resp, req, 405, "POST with a response head as the body",
                "/api/inspect reads the response head in a POST body.");
        add_field(&resp->head, "Allow", "POST");
        return;
    }
    if (req->body_bytes > sizeof(resp->scratch)) {
        problem(resp, req, 413, NULL,
                "A response head of %" PRIu64 " bytes; at most %zu are "
                "inspected.", req->body_bytes, sizeof(resp->scratch));
        return;
    }
    memcpy(resp->scratch, req->body_data, req->body_kept);
    if (inspector_parse_head(resp->scratch, req->body_kept, &head, error,
                             sizeof(error)) != 0) {
        problem(resp, req, 400, "a response head: a status line such as "
                                "'HTTP/1.1 200 OK', then 'Name: value' lines",
                "%s", error);
        return;
    }
    struct inspected_head seen = { head.status, NULL, head.fields,
                                   head.count };
    size_t count = inspector_notes(head.status, &seen, notes,
                                   INSPECTOR_MAX_NOTES);
    resp->status = 200;
    if (json_inspect_body(resp, &head, notes, count) != 0) {
        fail_body(resp, req);
        return;
    }
    finish_head(resp, req, "application/json; charset=utf-8",
                CONTENT_ALLOWED);
}

/* The API described: a fixed document. */
static void openapi(struct sim_response *resp, const struct sim_request *req)
{
    resp->status = 200;
    memcpy(resp->body, openapi_document, openapi_document_size);
    resp->body_len = openapi_document_size;
    make_cacheable(resp, req);
}

/* Fields a page may read without being told (the Fetch standard's
 * CORS-safelisted response headers) and those that are not for it. */
static int needs_exposing(const char *name)
{
    static const char *const implicit[] = {
        "Cache-Control", "Content-Language", "Content-Length",
        "Content-Type", "Expires", "Last-Modified", "Pragma", "Connection",
    };
    for (size_t i = 0; i < sizeof(implicit) / sizeof(implicit[0]); i++)
        if (strcmp(name, implicit[i]) == 0)
            return 0;
    return strncmp(name, "Access-Control-", 15) != 0;
}

/* Any origin may call the simulator from a browser, and read every field
 * of the answer: the list of exposed fields is the response's own. */
static void add_cors_fields(struct sim_response *resp)
{
    /* Room for every field's name: RESPONSE_MAX_FIELDS of them, custom
     * ones included, each at most CONTROLS_FIELD_NAME_MAX long. */
    char names[RESPONSE_MAX_FIELDS * (CONTROLS_FIELD_NAME_MAX + 2) + 1];
    size_t used = 0;

    names[0] = '\0';
    for (size_t i = 0; i < resp->head.count; i++) {
        const char *name = resp->head.fields[i].name;
        size_t len = strlen(name);
        if (!needs_exposing(name) || used + len + 3 > sizeof(names))
            continue;
        if (used) {
            memcpy(names + used, ", ", 2);
            used += 2;
        }
        memcpy(names + used, name, len + 1);
        used += len;
    }
    add_field(&resp->head, "Access-Control-Allow-Origin", "*");
    if (used)
        add_field(&resp->head, "Access-Control-Expose-Headers",
                  values_printf(resp, "%s", names));
}

/* Finds the code list in a route: /api/status/{codes},
 * /status/{codes}, /random/{codes} or /{code}[/anything].  Returns 0 with
 * *codes and *codes_len set, or -1 when the route is none of these. */
static int find_codes(const char *route, size_t route_len,
                      enum route_form *form, const char **codes,
                      size_t *codes_len)
{
    static const struct {
        const char *prefix;
        enum route_form form;
    } forms[] = {
        { STATUS_ROUTE "/", FORM_API },
        { "/status/", FORM_HTTPBIN },
        { "/random/", FORM_HTTPSTATUS },
    };
    for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
        size_t len = strlen(forms[i].prefix);
        if (strncmp(route, forms[i].prefix, len) == 0 ||
            (route_len == len - 1 &&
             strncmp(route, forms[i].prefix, len - 1) == 0)) {
            *form = forms[i].form;
            *codes = route_len >= len ? route + len : "";
            *codes_len = route_len >= len ? route_len - len : 0;
            return 0;
        }
    }
    if (route[0] == '/' && route[1] >= '0' && route[1] <= '9') {
        /* httpstat.us answers /500/any/path with 500. */
        *form = FORM_HTTPSTATUS;
        *codes = route + 1;
        *codes_len = strcspn(route + 1, "/");
        return 0;
    }
    return -1;
}

/* For a request on a status route: checks everything it asked for, then
 * picks the code and simulates it. */
static void status_route(struct sim_response *resp,
                         const struct sim_request *req,
                         const struct request_limits *limits,
                         enum route_form form, const char *codes,
                         size_t codes_len)
{
    char error[160];
    uint64_t delay_ms;
    const char *sleep_text;
    size_t sleep_len;
    enum sleep_verdict sleep = request_sleep(req, limits, &delay_ms,
                                             &sleep_text, &sleep_len);

    int quote_len = (int)(codes_len < DETAIL_QUOTE_MAX ? codes_len
                                                        : DETAIL_QUOTE_MAX);
    int bad_codes = choice_parse(&resp->choice, codes, codes_len, error,
                                 sizeof(error)) != 0;

    if (bad_codes && memchr(codes, ',', codes_len) == NULL &&
        memchr(codes, ':', codes_len) == NULL &&
        memchr(codes, '-', codes_len) == NULL)
        problem(resp, req, 400, ACCEPTED_CODES,
                "'%.*s' is not a status code the simulator accepts.",
                quote_len, codes);
    else if (bad_codes)
        problem(resp, req, 400, ACCEPTED_CODES,
                "'%.*s' is not a list of status codes the simulator "
                "accepts: %s", quote_len, codes, error);
    else if (req->body == BODY_BAD_LENGTH)
        problem(resp, req, 400, NULL,
                "The request's Content-Length '%.*s' is not a number.",
                DETAIL_QUOTE_MAX, req->content_length);
    else if (req->body == BODY_TOO_LARGE)
        problem(resp, req, 413, NULL,
                "The request body is larger than %" PRIu64 " bytes.",
                limits->max_body_bytes);
    else if (sleep == SLEEP_BAD || sleep == SLEEP_TOO_LONG)
        problem(resp, req, 400, ACCEPTED_SLEEP,
                "sleep '%.*s' is not a number of milliseconds from 0 to "
                "%" PRIu64 ".", (int)(sleep_len < DETAIL_QUOTE_MAX ?
                                      sleep_len : DETAIL_QUOTE_MAX),
                sleep_text, limits->max_sleep_ms);
    else if (controls_parse(&resp->controls, req, limits) != 0)
        problem(resp, req, resp->controls.error_status,
                resp->controls.accepted, "%s", resp->controls.error);
    else if ((delay_ms || response_is_paced(resp)) && !req->sleep_room) {
        problem(resp, req, 503, NULL,
                "The worker already holds as many delayed responses as it "
                "may; retry shortly.");
        add_field(&resp->head, "Retry-After", "1");
    } else {
        resp->delay_ms = delay_ms;
        resp->chosen = choice_pick(&resp->choice,
                                   resp->controls.has_seed
                                       ? choice_seeded(resp->controls.seed)
                                       : req->random);
        simulate(resp, req, form);
    }
}

/* envelope=true: the response becomes the body of a 200, so that a page
 * can show what a browser would hide (a redirect it follows, a challenge
 * it turns into a login dialog, a 1xx). */
static void wrap_in_envelope(struct sim_response *resp,
                             const struct sim_request *req)
{
    struct header_block head = resp->head, interim_head = resp->interim_head;
    int status = resp->status, interim = resp->interim;
    size_t body_len = resp->send_body || is_head(req) ? resp->body_len : 0;
    char *body = malloc(body_len ? body_len : 1);

    if (!body) {
        fail_body(resp, req);
        return;
    }
    memcpy(body, resp->body, body_len);
    resp->status = 200;
    resp->interim = 0;
    resp->head.count = 0;
    resp->code_head.count = 0;
    int failed = json_envelope_body(resp, status, interim, &interim_head,
                                    &head, body, body_len) != 0;
    free(body);
    if (failed) {
        fail_body(resp, req);
        return;
    }
    finish_head(resp, req, "application/json; charset=utf-8",
                CONTENT_ALLOWED);
    add_cors_fields(resp);
}

void response_build(struct sim_response *resp, const struct sim_request *req,
                    const struct request_limits *limits)
{
    const char *route = req->path + req->route_offset;
    size_t route_len = req->path_len - req->route_offset;
    size_t query_len = strlen(req->query);
    enum route_form form;
    const char *codes;
    size_t codes_len;

    reset(resp);
    if (req->path_too_long)
        problem(resp, req, 414, NULL,
                "The request path is longer than %d bytes.",
                REQUEST_PATH_MAX - 1);
    else if (query_len > limits->max_query_bytes)
        problem(resp, req, 414, NULL,
                "The query string is %zu bytes long; at most %zu are "
                "accepted.", query_len, limits->max_query_bytes);
    else if (strcmp(req->method, "OPTIONS") == 0 && req->preflight_method)
        preflight(resp, req);
    else if (strcmp(route, HEALTH_ROUTE) == 0)
        health(resp, req);
    else if (strcmp(route, OPENAPI_ROUTE) == 0)
        openapi(resp, req);
    else if (strcmp(route, INSPECT_ROUTE) == 0)
        inspect(resp, req);
    else if (strncmp(route, CODES_ROUTE, sizeof(CODES_ROUTE) - 1) == 0 &&
             (route[sizeof(CODES_ROUTE) - 1] == '\0' ||
              route[sizeof(CODES_ROUTE) - 1] == '/'))
        catalog(resp, req, route, route_len);
    else if (find_codes(route, route_len, &form, &codes, &codes_len) == 0)
        status_route(resp, req, limits, form, codes, codes_len);
    else
        problem(resp, req, 404, ACCEPTED_ROUTES,
                "There is no API resource at '%.*s'.", DETAIL_QUOTE_MAX,
                route);
    add_cors_fields(resp);
    if (resp->controls.envelope && resp->requested) {
        /* The account replaces the response: nothing is cut or paced. */
        resp->controls.abort_at = ABORT_NONE;
        resp->controls.sleep_after_headers_ms = 0;
        resp->controls.dribble_ms = 0;
        wrap_in_envelope(resp, req);
    }
}

int response_is_paced(const struct sim_response *resp)
{
    return resp->controls.sleep_after_headers_ms ||
           resp->controls.dribble_ms ||
           resp->controls.abort_at == ABORT_AFTER_HEADERS ||
           resp->controls.abort_at == ABORT_DURING_BODY;
}

/* Appends text to out at *used, keeping out NUL-terminated; -1 when full.
 * Plain copies: the head is written for every request, and snprintf per
 * field was a tenth of the worker's instructions. */
static int append(char *out, size_t out_size, size_t *used, const char *text)
{
    size_t len = strlen(text);
    if (len >= out_size - *used)
        return -1;
    memcpy(out + *used, text, len + 1);
    *used += len;
    return 0;
}

static size_t append_block(char *out, size_t out_size, size_t used,
                           int status, const struct header_block *block)
{
    char code[5] = { (char)('0' + status / 100),
                     (char)('0' + status / 10 % 10),
                     (char)('0' + status % 10), ' ', '\0' };
    if (append(out, out_size, &used, "Status: ") ||
        append(out, out_size, &used, code) ||
        append(out, out_size, &used, reason_for(status)) ||
        append(out, out_size, &used, "\r\n"))
        return 0;
    for (size_t i = 0; i < block->count; i++)
        if (append(out, out_size, &used, block->fields[i].name) ||
            append(out, out_size, &used, ": ") ||
            append(out, out_size, &used, block->fields[i].value) ||
            append(out, out_size, &used, "\r\n"))
            return 0;
    return append(out, out_size, &used, "\r\n") ? 0 : used;
}

size_t response_format_head(const struct sim_response *resp, char *out,
                            size_t out_size)
{
    size_t used = 0;
    if (resp->interim) {
        used = append_block(out, out_size, 0, resp->interim,
                            &resp->interim_head);
        if (!used)
            return 0;
    }
    return append_block(out, out_size, used, resp->status, &resp->head);
}
