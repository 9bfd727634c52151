/* simulate.c - simulating a status code */
#include "simulate.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "field_rules.h"
#include "http.h"
#include "inspector.h"
#include "json_body.h"
#include "problem.h"
#include "text_body.h"

static const char note_interim_sent[] =
    "HTTP has no final 1xx response: the code was sent as an interim "
    "response, and this 200 is the final response that follows it.";
static const char http10_refusal[] =
    "HTTP/1.0 clients do not understand interim responses (RFC 9110, "
    "Section 15.2)";
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

/* The body formats in enum body_format's order, less FORMAT_DEFAULT. */
static const char *const media_types[] = {
    "application/json", "text/plain", "text/html",
};
static const char *const content_types[] = {
    "application/json; charset=utf-8", "text/plain; charset=utf-8",
    "text/html; charset=utf-8",
};

/* The fields a code needs, as the field rules give them for the request,
 * with room for their computed values. */
struct code_fields {
    struct header_field fields[FIELD_RULES_MAX];
    size_t count;
    char values[512];
    struct buffer space;
};

static void code_fields_init(struct code_fields *out)
{
    out->count = 0;
    buffer_init(&out->space, out->values, sizeof(out->values));
}

static void code_fields_add(struct code_fields *out,
                            const struct status_entry *entry,
                            enum field_placement placement,
                            const struct field_context *ctx)
{
    out->count += field_rules_fields(entry, placement, ctx,
                                     out->fields + out->count,
                                     FIELD_RULES_MAX - out->count,
                                     &out->space);
}

static int is_get_or_head(const char *method)
{
    return strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
}

static int is_http10(const struct sim_request *req)
{
    return strcmp(req->protocol, "HTTP/1.0") == 0 ||
           strcmp(req->protocol, "HTTP/0.9") == 0;
}

/* Whether the response's entity tag is one If-None-Match names: a GET or
 * HEAD then gets 304, any other method 412 (RFC 9110, Section 13.1.2).
 * Only a 2xx is subject to it, as a server evaluates the condition only
 * when it would otherwise succeed. */
static void evaluate_if_none_match(struct response *resp,
                                   const struct sim_request *req,
                                   const struct sim_controls *c,
                                   const struct code_fields *code)
{
    const char *etag = controls_field(c, "ETag");
    const struct header_field *own =
        http_field_find(code->fields, code->count, "ETag");
    if (!etag && own)
        etag = own->value;
    if (!etag || !req->if_none_match || resp->status / 100 != 2 ||
        !http_etag_matches(req->if_none_match, etag))
        return;
    if (is_get_or_head(req->method)) {
        resp->status = 304;
        resp->note = note_not_modified;
    } else {
        resp->status = 412;
        resp->note = note_precondition_failed;
    }
}

/* The inspector's notes on the code and on the response about to go out:
 * the code's own fields as the request's controls leave them. */
static size_t inspect_response(const struct response *resp,
                               const struct sim_request *req,
                               const struct sim_controls *c,
                               const struct code_fields *code,
                               struct note *notes)
{
    struct header_field fields[RESPONSE_MAX_FIELDS];
    struct inspected_head head = { resp->status, req->method, fields, 0,
                                   req->protocol };

    for (size_t i = 0; i < code->count; i++)
        if (!controls_field(c, code->fields[i].name))
            fields[head.count++] = code->fields[i];
    for (size_t i = 0; i < c->field_count && head.count < RESPONSE_MAX_FIELDS;
         i++)
        fields[head.count++] = c->fields[i];
    if (!controls_field(c, "Cache-Control") &&
        head.count < RESPONSE_MAX_FIELDS)
        fields[head.count++] = (struct header_field){ "Cache-Control",
                                                      "no-store" };
    return inspector_notes(resp->requested, &head, notes, NOTES_MAX);
}

static int render_body(struct response *resp, enum body_format format,
                       const struct status_report *report)
{
    struct buffer body;
    int failed;
    response_body_buffer(resp, &body);
    if (format == FORMAT_TEXT)
        failed = text_body_plain(&body, resp->status);
    else if (format == FORMAT_HTML)
        failed = text_body_html(&body, resp->status, resp->requested,
                                resp->note, report->req->path,
                                report->req->pages_under_mount
                                    ? report->req->route_offset : 0);
    else
        failed = json_status_body(&body, report);
    resp->body_len = body.len;
    return failed;
}

/* Which code a list, a rate limit or fail= gave, and how, as
 * X-HttpStatus-Choice says it. */
static void add_choice_field(struct response *resp,
                             const struct sim_controls *c, const char *by)
{
    char value[96];
    struct buffer text;
    buffer_init(&text, value, sizeof(value) - 1);
    /* Without printf: each request of a list or a sequence says this. */
    buffer_decimal(&text, (unsigned long long)resp->requested);
    buffer_puts(&text, "; by=");
    buffer_puts(&text, by);
    if (c->has_seed) {
        buffer_puts(&text, "; seed=");
        buffer_decimal(&text, c->seed);
    }
    value[text.len] = '\0';
    response_add(resp, &resp->head, "X-HttpStatus-Choice", value);
}

/* Each random decision of a request draws its own value: reproducible
 * from seed= and the request's number in its sequence, else fresh. */
enum draw_salt {
    SALT_FAIL = 0x6661696c,
    SALT_SLEEP = 0x736c6570,
};

static uint64_t draw(const struct sim_controls *c,
                     const struct sim_request *req,
                     const struct sequence_step *sequence,
                     enum draw_salt salt)
{
    uint64_t base = c->has_seed
                        ? choice_seeded(c->seed) ^
                              (sequence ? choice_mix(sequence->request) : 0)
                        : req->random;
    return choice_mix(base ^ (uint64_t)salt);
}

/* The rate limit's fields among the code's own, so that the body lists
 * them too; over the quota, Retry-After is the time left in the window. */
static void add_quota_fields(struct code_fields *own,
                             const struct ratelimit_window *limit)
{
    ratelimit_fields(limit, own->fields, &own->count, FIELD_RULES_MAX,
                     &own->space);
    if (!ratelimit_over(limit))
        return;
    size_t at = 0;
    while (at < own->count && strcmp(own->fields[at].name, "Retry-After"))
        at++;
    const char *seconds = own->space.data + own->space.len;
    if (at == FIELD_RULES_MAX ||
        buffer_printf(&own->space, "%" PRIu64, ratelimit_reset_s(limit)) ||
        buffer_append(&own->space, "", 1))
        return;
    own->fields[at] = (struct header_field){ "Retry-After", seconds };
    own->count += at == own->count;
}

/* Where a request stands in its sequence: "2/3; key=KEY", with the
 * request's own number after the end ("3/3; key=KEY; request=5"), where
 * a random pick has no position. */
static void add_sequence_field(struct response *resp,
                               const struct sequence_step *step)
{
    char value[160];
    struct buffer text;
    buffer_init(&text, value, sizeof(value) - 1);
    if (step->position)
        buffer_decimal(&text, step->position);
    else
        buffer_puts(&text, "random");
    buffer_puts(&text, "/");
    buffer_decimal(&text, step->length);
    buffer_puts(&text, "; key=");
    buffer_append(&text, step->key, step->key_len);
    if (step->request != step->position) {
        buffer_puts(&text, "; request=");
        buffer_decimal(&text, step->request);
    }
    value[text.len] = '\0';
    response_add(resp, &resp->head, "X-HttpStatus-Sequence", value);
}

/* The status that goes out for code, and the fields it needs before the
 * body: HTTP has no final 1xx, so a final 200 always follows or replaces
 * one.  Returns why a 1xx was not sent as an interim response where it
 * would not reach the client as one, else NULL. */
static const char *decide_status(struct response *resp,
                                 const struct sim_request *req, int code,
                                 const struct field_context *ctx,
                                 enum front_end front_end,
                                 struct code_fields *own)
{
    const struct status_entry *entry = status_lookup(code);
    const char *refusal = NULL;
    resp->requested = code;
    resp->status = code;
    if (entry->delivery == DELIVER_FINAL) {
        code_fields_add(own, entry, ON_FINAL, ctx);
        return NULL;
    }
    resp->status = 200;
    if (entry->delivery == DELIVER_WITHHELD)
        resp->note = note_withheld;
    else if ((refusal = is_http10(req)
                            ? http10_refusal
                            : front_end_interim_refusal(front_end))) {
        char note[400];
        struct buffer text;
        buffer_init(&text, note, sizeof(note));
        buffer_printf(&text, "The code was not sent as an interim response: "
                             "%s. This 200 is the final response.", refusal);
        resp->note = buffer_keep(&resp->string_space, note, text.len);
    } else {
        struct code_fields interim;
        code_fields_init(&interim);
        code_fields_add(&interim, entry, ON_INTERIM, ctx);
        resp->interim = code;
        resp->note = note_interim_sent;
        for (size_t i = 0; i < interim.count; i++)
            response_add(resp, &resp->interim_head, interim.fields[i].name,
                         interim.fields[i].value);
    }
    return refusal;
}

/* Says on the final response that its 1xx was left out, and why, for
 * clients and tests that read fields rather than bodies. */
static void add_interim_field(struct response *resp, const char *refusal)
{
    char value[320];
    struct buffer text;
    buffer_init(&text, value, sizeof(value) - 1);
    buffer_printf(&text, "omitted; reason=\"%s\"", refusal);
    value[text.len] = '\0';
    response_add(resp, &resp->head, "X-HttpStatus-Interim", value);
}

/* RFC 9110 Section 9.3.7: a successful OPTIONS says what the target
 * allows. */
/* A response that is to be cut after its head says its connection ends
 * with it: a front end that reads so closes the client's connection at the
 * cut, where lighttpd's CGI route would otherwise hold it for seconds, and
 * nothing could follow on it anyway.  HTTP/2 has no Connection field. */
static void announce_cut(struct response *resp, const struct sim_request *req)
{
    char value[64];
    if ((resp->pacing.abort_at != ABORT_AFTER_HEADERS &&
         resp->pacing.abort_at != ABORT_DURING_BODY) ||
        http_is_version_2_or_later(req->protocol))
        return;
    const char *own = response_field(&resp->head, "Connection");
    if (!own)
        response_add(resp, &resp->head, "Connection", "close");
    else if (!http_list_has(own, "close")) {
        snprintf(value, sizeof(value), "%s, close", own);
        response_set(resp, &resp->head, "Connection", value);
    }
}

static void add_allow_to_options(struct response *resp,
                                 const struct sim_request *req)
{
    char methods[128];
    struct buffer list;
    if (strcmp(req->method, "OPTIONS") != 0 || resp->status / 100 != 2 ||
        response_field(&resp->head, "Allow"))
        return;
    buffer_init(&list, methods, sizeof(methods) - 1);
    field_rules_methods(&list, NULL, NULL);
    methods[list.len] = '\0';
    response_add(resp, &resp->head, "Allow", methods);
}

void simulate(struct response *resp, const struct sim_request *req,
              const struct sim_controls *c, const struct choice *choice,
              const struct scenario *scenario, enum route_form form,
              enum front_end front_end)
{
    const struct sequence_step *sequence = scenario->sequence;
    const struct ratelimit_window *limit = scenario->ratelimit;
    const char *by = sequence ? "sequence" : choice_kind_name(choice->kind);
    int code;
    if (limit && ratelimit_over(limit)) {
        code = c->ratelimit_status ? c->ratelimit_status : 429;
        by = "ratelimit";
    } else if (c->has_fail &&
               draw(c, req, sequence, SALT_FAIL) % 1000000 < c->fail_ppm) {
        code = c->fail_status ? c->fail_status : 503;
        by = "fail";
    } else if (sequence)
        code = sequence->code;
    else
        code = choice_pick(choice, c->has_seed ? choice_seeded(c->seed)
                                               : req->random);
    const struct status_entry *entry = status_lookup(code);
    size_t pages_len = req->pages_under_mount ? req->route_offset : 0;
    struct field_context ctx = { req->path, req->route_offset, req->method,
                                 req->connection, req->protocol, 0,
                                 pages_len };
    struct code_fields own;
    struct note notes[NOTES_MAX];

    code_fields_init(&own);
    response_reset(resp);
    resp->pacing = c->pacing;
    if (c->sleep_high_ms)
        resp->pacing.delay_ms += draw(c, req, sequence, SALT_SLEEP) %
                                 (c->sleep_high_ms - c->pacing.delay_ms + 1);
    const char *refusal = decide_status(resp, req, code, &ctx, front_end,
                                        &own);
    if (limit)
        add_quota_fields(&own, limit);
    evaluate_if_none_match(resp, req, c, &own);
    enum status_content content = status_lookup(resp->status)->content;

    enum body_format format = c->format;
    if (format == FORMAT_DEFAULT)
        format = FORMAT_JSON +
                 http_negotiate(req->accept, media_types,
                                sizeof(media_types) / sizeof(media_types[0]),
                                form == FORM_HTTPSTATUS ? 1 : 0);
    size_t note_count = inspect_response(resp, req, c, &own, notes);
    struct status_report report = {
        resp->status, code, resp->interim, resp->interim_head.fields,
        resp->interim_head.count, own.fields, own.count, resp->note, c,
        choice, by, sequence, limit, &resp->pacing, notes, note_count, req,
    };
    if (content == CONTENT_ALLOWED && render_body(resp, format, &report)) {
        problem_unavailable(resp, req);
        return;
    }
    if (resp->status == code) {
        ctx.body_len = resp->body_len;
        code_fields_add(&own, entry, AFTER_BODY, &ctx);
    }
    /* httpstat.us's suppressBody drops the body with its framing fields. */
    if (c->suppress_body && content == CONTENT_ALLOWED)
        content = CONTENT_NONE;
    response_finish(resp, req->method, req->id,
                    content_types[format - FORMAT_JSON], content);
    for (size_t i = 0; i < own.count; i++)
        response_add(resp, &resp->head, own.fields[i].name,
                     own.fields[i].value);
    response_add(resp, &resp->head, "Vary", "Accept");
    if (sequence)
        add_sequence_field(resp, sequence);
    if (strcmp(by, "fixed") != 0 && strcmp(by, "sequence") != 0)
        add_choice_field(resp, c, by);
    if (refusal)
        add_interim_field(resp, refusal);
    add_allow_to_options(resp, req);
    announce_cut(resp, req);
    /* Each field the request set replaces the simulator's of the same
     * name (Location, Cache-Control, ...) or is added. */
    for (size_t i = 0; i < c->field_count; i++)
        response_set(resp, &resp->head, c->fields[i].name,
                     c->fields[i].value);
}
