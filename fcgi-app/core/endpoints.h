/* endpoints.h - the API's resources besides the simulator: health, the
 * OpenAPI document, the catalog of codes, and the inspector */
#ifndef HTTPSTATUS_ENDPOINTS_H
#define HTTPSTATUS_ENDPOINTS_H

#include <stddef.h>

#include "request.h"
#include "response.h"

/* Each makes resp (reset first) the answer to req. */

/* /api/health: for load balancers, the worker is up and answering. */
void endpoints_health(struct response *resp, const struct sim_request *req);

/* /api/openapi.json: the API described, cacheable until the next build. */
void endpoints_openapi(struct response *resp, const struct sim_request *req);

/* /api/codes and /api/codes/{code} (code[0..len), empty for the whole
 * catalog): the status table as data, cacheable until the next build. */
void endpoints_codes(struct response *resp, const struct sim_request *req,
                     const char *code, size_t len);

/* POST /api/inspect: the inspector's notes on the response head in the
 * request body (req->body_data), as curl -i prints it. */
void endpoints_inspect(struct response *resp, const struct sim_request *req);

/* /api/error: the error handler of the web server in front (lighttpd's
 * server.error-handler, Apache's ErrorDocument, nginx's error_page).  The
 * server's own refusal (a 400 for a control character in the URL, a 413
 * for a body above its limit, ...), named by req->redirect_status, goes to
 * the client as a problem with that status, like the worker's own
 * refusals.  Without one, a 404 says what the resource is for. */
void endpoints_refusal(struct response *resp, const struct sim_request *req);

/* /api/requests?key=KEY (or X-HttpStatus-Key): what the client sent with
 * that key, oldest first, from the state store in limits. */
void endpoints_requests(struct response *resp, const struct sim_request *req,
                        const struct request_limits *limits);

#endif
