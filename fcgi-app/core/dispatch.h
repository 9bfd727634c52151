/* dispatch.h - from a request to the response to send: validation first,
 * then the route's resource */
#ifndef HTTPSTATUS_DISPATCH_H
#define HTTPSTATUS_DISPATCH_H

#include "request.h"
#include "response.h"

/* Decides the whole response to req into resp: status, header fields,
 * body and pacing.  Never fails: a request the simulator cannot serve gets
 * a 4xx problem response, and a body that cannot be generated a 500.
 * Everything the request asks is parsed and checked before anything is
 * built.  spare is room for a response that envelope=true gives an account
 * of; it is used only then.  resp owns all it holds: req may go once this
 * returns. */
void dispatch(struct response *resp, struct response *spare,
              const struct sim_request *req,
              const struct request_limits *limits);

#endif
