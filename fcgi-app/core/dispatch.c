/* dispatch.c - validating a request and handing it to its resource */
#include "dispatch.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "choice.h"
#include "controls.h"
#include "cors.h"
#include "endpoints.h"
#include "http.h"
#include "json_body.h"
#include "log_record.h"
#include "problem.h"
#include "resource.h"
#include "routes.h"
#include "sequence.h"
#include "simulate.h"

/* The precision that quotes at most PROBLEM_QUOTE_MAX bytes of len. */
static int quoted(size_t len)
{
    return (int)(len < PROBLEM_QUOTE_MAX ? len : PROBLEM_QUOTE_MAX);
}

/* What a status route asks for, once it is known to be sound. */
struct status_request {
    struct choice choice;
    struct sim_controls controls;
};

/* Checks everything a status route asks for: the codes, the body, the
 * controls, and room to wait in.  Returns 0, or -1 with resp made the
 * refusal. */
static int validate_status_route(struct response *resp,
                                 const struct sim_request *req,
                                 const struct request_limits *limits,
                                 const struct route_match *match,
                                 enum front_end front_end,
                                 struct status_request *asked)
{
    const char *codes = match->parameter;
    size_t len = match->parameter_len;
    const char *abort_refusal;
    char error[160];

    if (choice_parse(&asked->choice, codes, len, error, sizeof(error)) != 0) {
        if (!memchr(codes, ',', len) && !memchr(codes, ':', len) &&
            !memchr(codes, '-', len))
            problem_respond(resp, req, 400, PROBLEM_ACCEPTED_CODES,
                            "'%.*s' is not a status code the simulator "
                            "accepts.", quoted(len), codes);
        else
            problem_respond(resp, req, 400, PROBLEM_ACCEPTED_CODES,
                            "'%.*s' is not a list of status codes the "
                            "simulator accepts: %s", quoted(len), codes,
                            error);
    } else if (req->body == BODY_NO_LENGTH)
        problem_respond(resp, req, 411, NULL,
                        "The request body came chunked, and the web server "
                        "in front passed it on without its length; send "
                        "Content-Length.");
    else if (req->body == BODY_BAD_LENGTH)
        problem_respond(resp, req, 400, NULL,
                        "The request's Content-Length '%.*s' is not a "
                        "number.", PROBLEM_QUOTE_MAX, req->content_length);
    else if (req->body == BODY_TOO_LARGE)
        problem_respond(resp, req, 413, NULL,
                        "The request body is larger than %" PRIu64
                        " bytes.", limits->max_body_bytes);
    else if (controls_parse(&asked->controls, req, limits) != 0)
        problem_respond(resp, req, asked->controls.error_status,
                        asked->controls.accepted, "%s",
                        asked->controls.error);
    else if (asked->controls.sequence &&
             asked->choice.kind == CHOICE_WEIGHTED)
        problem_respond(resp, req, 400, NULL,
                        "A sequence answers its codes in order; '%.*s' "
                        "gives weights, which it cannot follow.",
                        quoted(len), codes);
    /* A cut that the front end would turn into an error page, a clean
     * short answer or a hang is refused rather than passed off as a cut.
     * An envelope cuts nothing. */
    else if (asked->controls.pacing.abort_at != ABORT_NONE &&
             !asked->controls.envelope &&
             (abort_refusal = front_end_abort_refusal(
                  front_end,
                  asked->controls.pacing.abort_at == ABORT_BEFORE_HEADERS)))
        problem_respond(resp, req, 422, NULL,
                        "abort=%s cannot reach the client as a cut "
                        "connection here: %s.",
                        response_abort_name(asked->controls.pacing.abort_at),
                        abort_refusal);
    else if ((pacing_holds_a_place(&asked->controls.pacing) ||
              asked->controls.sleep_high_ms) &&
             !req->sleep_room) {
        problem_respond(resp, req, 503, NULL,
                        "The worker already holds as many delayed "
                        "responses as it may; retry shortly.");
        response_add(resp, &resp->head, "Retry-After", "1");
    } else
        return 0;
    return -1;
}

/* envelope=true: the response becomes the body of a 200, so that a page
 * can show what a browser would hide (a redirect it follows, a challenge
 * it turns into a login dialog, a 1xx).  The account replaces the
 * response, so nothing of it is cut or paced; a sleep still delays it. */
static void envelope(struct response *resp, const struct response *inner,
                     const struct sim_request *req)
{
    struct buffer body;
    int head = strcmp(req->method, "HEAD") == 0;
    size_t shown = inner->send_body || head ? inner->body_len : 0;

    response_reset(resp);
    resp->status = 200;
    resp->pacing.delay_ms = inner->pacing.delay_ms;
    response_body_buffer(resp, &body);
    if (json_envelope_body(&body, inner, shown) != 0) {
        problem_unavailable(resp, req);
        return;
    }
    resp->body_len = body.len;
    response_finish_json(resp, req->method, req->id);
}

/* kind, ':' and identity, the name of a state, into out (NUL-terminated):
 * its length, or -1 when it does not fit.  Every stateful request names
 * one or two, so without printf. */
static int state_name(char *out, size_t size, const char *kind,
                      const char *identity)
{
    size_t kind_len = strlen(kind), identity_len = strlen(identity);
    if (kind_len + 1 + identity_len >= size)
        return -1;
    memcpy(out, kind, kind_len);
    out[kind_len] = ':';
    memcpy(out + kind_len + 1, identity, identity_len + 1);
    return (int)(kind_len + 1 + identity_len);
}

/* Counts the request under kind:identity in the state store, in a window
 * of window_ms (0: none).  Returns 0, or -1 with resp made the 503 of a
 * worker that cannot keep state. */
static int count_request(struct response *resp, const struct sim_request *req,
                         const struct request_limits *limits,
                         const char *kind, const char *identity,
                         uint64_t window_ms, struct state_count *count)
{
    char name[96];
    const char *why = "this worker has no state store (HTTPSTATUS_STORE)";
    int len = state_name(name, sizeof(name), kind, identity);
    if (limits->state && len > 0 &&
        limits->state->next(limits->state->self, name, (size_t)len,
                            window_ms, count, &why) == 0)
        return 0;
    problem_respond(resp, req, 503, NULL,
                    "The %s of '%.*s' cannot be kept: %s.", kind,
                    PROBLEM_QUOTE_MAX, identity, why);
    response_add(resp, &resp->head, "Retry-After", "1");
    return -1;
}

/* Where the request stands in its rate-limit window, counted per key, or
 * per client address without one. */
static int take_window(struct response *resp, const struct sim_request *req,
                       const struct request_limits *limits,
                       const struct sim_controls *c,
                       struct ratelimit_window *window)
{
    struct state_count count;
    const char *identity = c->key[0] ? c->key : req->remote_addr;
    if (count_request(resp, req, limits, "ratelimit", identity, c->window_ms,
                      &count) != 0)
        return -1;
    uint64_t ends = count.started_ms + c->window_ms;
    *window = (struct ratelimit_window){
        c->quota, c->window_ms, count.value,
        ends > count.now_ms ? ends - count.now_ms : 0, count.now_ms,
        c->dialect,
    };
    return 0;
}

/* Counts the request in its sequence and finds what it answers. */
static int take_step(struct response *resp, const struct sim_request *req,
                     const struct request_limits *limits,
                     const struct status_request *asked,
                     struct sequence_step *step)
{
    const struct sim_controls *c = &asked->controls;
    struct state_count count;
    *step = (struct sequence_step){ c->key, strlen(c->key), 0, 0, 0,
                                    c->then, 0 };
    if (count_request(resp, req, limits, "sequence", c->key, 0, &count) != 0)
        return -1;
    step->request = count.value;
    sequence_pick(step, &asked->choice,
                  c->has_seed ? choice_seeded(c->seed ^ step->request)
                              : req->random);
    return 0;
}

/* Keeps what the client sent in its key's log, with the status it got.  A
 * log that cannot be written leaves the answer as it is. */
static void log_request(const struct sim_request *req,
                        const struct request_limits *limits,
                        const struct sim_controls *c, int status)
{
    char record[REQUEST_LOG_RECORD_MAX];
    char name[sizeof("log:") + SEQUENCE_KEY_MAX];
    struct buffer out;
    const char *why;
    if (!c->key[0] || !limits->state)
        return;
    buffer_init(&out, record, sizeof(record));
    int len = state_name(name, sizeof(name), "log", c->key);
    if (len > 0 && log_record_pack(&out, req, status) == 0)
        limits->state->append(limits->state->self, name, (size_t)len,
                              record, out.len, REQUEST_LOG_KEEP, &why);
}

/* A login or a resource request that names a key (key= or X-HttpStatus-
 * Key) is logged under it too, so that a test sees its client's retries
 * there as well; one whose controls do not read is answered all the same,
 * unlogged. */
static void log_keyed(const struct response *resp,
                      const struct sim_request *req,
                      const struct request_limits *limits)
{
    static _Thread_local struct sim_controls asked;
    if (controls_parse(&asked, req, limits) == 0)
        log_request(req, limits, &asked, resp->status);
}

/* Answers a status route whose request is sound: its window, its step in
 * its sequence, the simulation, and its log record. */
static void decide_status_route(struct response *resp,
                                struct response *spare,
                                const struct sim_request *req,
                                const struct request_limits *limits,
                                const struct route_match *match,
                                enum front_end front_end,
                                const struct status_request *asked)
{
    struct sequence_step step;
    struct ratelimit_window window;
    struct scenario scenario = { NULL, NULL };
    if (asked->controls.has_ratelimit) {
        if (take_window(resp, req, limits, &asked->controls, &window) != 0)
            return;
        scenario.ratelimit = &window;
    }
    /* A request the limit turns away does not move its sequence on. */
    if (asked->controls.sequence &&
        !(scenario.ratelimit && ratelimit_over(&window))) {
        if (take_step(resp, req, limits, asked, &step) != 0)
            return;
        scenario.sequence = &step;
    }
    if (!asked->controls.envelope) {
        simulate(resp, req, &asked->controls, &asked->choice, &scenario,
                 match->route->form, front_end);
        log_request(req, limits, &asked->controls, resp->status);
        return;
    }
    simulate(spare, req, &asked->controls, &asked->choice, &scenario,
             match->route->form, front_end);
    log_request(req, limits, &asked->controls, spare->status);
    if (!spare->requested) {
        /* Its body could not be generated: there is nothing to give an
         * account of. */
        problem_unavailable(resp, req);
        return;
    }
    cors_add_fields(spare, req, limits->cors_origins);
    envelope(resp, spare, req);
}

static void status_route(struct response *resp, struct response *spare,
                         const struct sim_request *req,
                         const struct request_limits *limits,
                         const struct route_match *match)
{
    struct status_request asked;
    const struct state_store *state = limits->state;
    enum front_end front_end = front_end_of(limits->front_end,
                                            req->server_software);
    if (validate_status_route(resp, req, limits, match, front_end,
                              &asked) != 0)
        return;
    /* A request's counters and its log record cost one commit where the
     * store can make them one transaction. */
    if (state && state->begin && asked.controls.key[0]) {
        state->begin(state->self);
        decide_status_route(resp, spare, req, limits, match, front_end,
                            &asked);
        if (state->end(state->self) == 0)
            return;
        /* The store lost the transaction (it was full, say): nothing of
         * it was kept, and nothing has been sent, so the request is
         * decided again an operation at a time, as a store without
         * transactions takes it. */
    }
    decide_status_route(resp, spare, req, limits, match, front_end,
                        &asked);
}

/* httpbin's forms name their scheme in the route; /api/auth/{scheme}/...
 * in the parameter's first segment. */
static void login_route(struct response *resp, const struct sim_request *req,
                        const struct route_match *match)
{
    const char *scheme = match->route->login, *rest = match->parameter;
    size_t scheme_len, rest_len = match->parameter_len;
    if (scheme)
        scheme_len = strlen(scheme);
    else {
        const char *slash = memchr(rest, '/', rest_len);
        scheme = rest;
        scheme_len = slash ? (size_t)(slash - rest) : rest_len;
        rest += scheme_len + (slash ? 1 : 0);
        rest_len -= scheme_len + (slash ? 1 : 0);
    }
    auth_respond(resp, req, scheme, scheme_len, rest, rest_len);
}

static void not_found(struct response *resp, const struct sim_request *req,
                      const char *route)
{
    char list[1024];
    struct buffer routes;
    buffer_init(&routes, list, sizeof(list) - 1);
    routes_list(&routes);
    list[routes.len] = '\0';
    problem_respond(resp, req, 404, list,
                    "There is no API resource at '%.*s'.", PROBLEM_QUOTE_MAX,
                    route);
}

void dispatch(struct response *resp, struct response *spare,
              const struct sim_request *req,
              const struct request_limits *limits)
{
    const char *route = req->path + req->route_offset;
    size_t route_len = req->path_len - req->route_offset;
    size_t query_len = strlen(req->query);
    long control_at;
    struct route_match match;
    int found = !req->path_too_long &&
                routes_match(route, route_len, &match) == 0;

    if (found && match.route->id == ROUTE_REFUSAL)
        /* A web server's error handler may pass on the query of the
         * request it refused, which may be why it refused it. */
        endpoints_refusal(resp, req);
    else if (req->path_too_long)
        problem_respond(resp, req, 414, NULL,
                        "The request path is longer than %d bytes.",
                        REQUEST_PATH_MAX - 1);
    else if (query_len > limits->max_query_bytes)
        problem_respond(resp, req, 414, NULL,
                        "The query string is %zu bytes long; at most %zu "
                        "are accepted.", query_len, limits->max_query_bytes);
    else if ((control_at = http_find_control(req->query)) >= 0)
        /* lighttpd refuses these itself; the worker does too, so that no
         * front end lets one through to a control or the diagnostic body. */
        problem_respond(resp, req, 400, NULL,
                        "The query string holds a control character (CR, "
                        "LF, NUL, ...), raw or percent-encoded, at byte %ld; "
                        "no value may contain one.", control_at + 1);
    else if (cors_is_preflight(req, limits->cors_origins))
        cors_preflight(resp, req);
    else if (!found)
        not_found(resp, req, route);
    else
        switch (match.route->id) {
        case ROUTE_STATUS:
            status_route(resp, spare, req, limits, &match);
            break;
        case ROUTE_CODES:
            endpoints_codes(resp, req, match.parameter, match.parameter_len);
            break;
        case ROUTE_INSPECT:
            endpoints_inspect(resp, req);
            break;
        case ROUTE_HEALTH:
            endpoints_health(resp, req);
            break;
        case ROUTE_OPENAPI:
            endpoints_openapi(resp, req);
            break;
        case ROUTE_REFUSAL: /* answered before the query was checked */
            break;
        case ROUTE_REQUESTS:
            endpoints_requests(resp, req, limits);
            break;
        case ROUTE_LOGIN:
            login_route(resp, req, &match);
            log_keyed(resp, req, limits);
            break;
        case ROUTE_RESOURCE:
            resource_respond(resp, req, limits, match.parameter,
                             match.parameter_len);
            log_keyed(resp, req, limits);
            break;
        }
    cors_add_fields(resp, req, limits->cors_origins);
}
