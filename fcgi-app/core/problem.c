/* problem.c - refusals and failures as problem responses */
#include "problem.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "json_body.h"

static const char body_unavailable[] =
    "{\"type\":\"about:blank\",\"title\":\"Internal Server Error\","
    "\"status\":500,\"detail\":\"The response body could not be "
    "generated.\"}";

void problem_unavailable(struct response *resp,
                         const struct sim_request *req)
{
    response_reset(resp);
    resp->status = 500;
    memcpy(resp->body, body_unavailable, sizeof(body_unavailable) - 1);
    resp->body_len = sizeof(body_unavailable) - 1;
    response_finish(resp, req->method, req->id, "application/problem+json",
                    CONTENT_ALLOWED);
}

void problem_respond(struct response *resp, const struct sim_request *req,
                     int status, const char *accepted, const char *format,
                     ...)
{
    char detail[512];
    struct buffer body;
    va_list args;
    va_start(args, format);
    vsnprintf(detail, sizeof(detail), format, args);
    va_end(args);

    response_reset(resp);
    resp->status = status;
    response_body_buffer(resp, &body);
    if (json_problem_body(&body, status, detail, accepted, req->id) != 0) {
        problem_unavailable(resp, req);
        return;
    }
    resp->body_len = body.len;
    response_finish(resp, req->method, req->id, "application/problem+json",
                    CONTENT_ALLOWED);
}
