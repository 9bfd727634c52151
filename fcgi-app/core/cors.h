/* cors.h - cross-origin access: any page may call the simulator and read
 * every field of its answers (the Fetch standard's CORS protocol) */
#ifndef HTTPSTATUS_CORS_H
#define HTTPSTATUS_CORS_H

#include "request.h"
#include "response.h"

/* Whether req is a CORS preflight: OPTIONS with
 * Access-Control-Request-Method. */
int cors_is_preflight(const struct sim_request *req);

/* Makes resp (reset first) the answer to a preflight: a 204 allowing
 * every method and the headers the browser asked for. */
void cors_preflight(struct response *resp, const struct sim_request *req);

/* Adds Access-Control-Allow-Origin and the Expose-Headers list of every
 * field of resp that a page could not read otherwise, each unless resp
 * has it already (a request set it). */
void cors_add_fields(struct response *resp);

#endif
