/* cors.h - cross-origin access: any page may call the simulator and read
 * every field of its answers (the Fetch standard's CORS protocol) */
#ifndef HTTPSTATUS_CORS_H
#define HTTPSTATUS_CORS_H

#include "request.h"
#include "response.h"

/* Whether origins, an operator's setting, is one cors_add_fields takes:
 * NULL or "*" (any page), "none", or http(s) origins without a path,
 * separated by commas. */
int cors_origins_valid(const char *origins);

/* Whether req is a CORS preflight (OPTIONS with
 * Access-Control-Request-Method) from a page origins allows; the others
 * are plain OPTIONS requests. */
int cors_is_preflight(const struct sim_request *req, const char *origins);

/* Makes resp (reset first) the answer to a preflight: a 204 allowing
 * every method and the headers the browser asked for. */
void cors_preflight(struct response *resp, const struct sim_request *req);

/* Adds Access-Control-Allow-Origin and the Expose-Headers list of every
 * field of resp that a page could not read otherwise, each unless resp
 * has it already (a request set it): to every response when origins
 * allows any page, to none when it is "none", and with a list, to a
 * request from a listed origin (named back) with Vary: Origin on all. */
void cors_add_fields(struct response *resp, const struct sim_request *req,
                     const char *origins);

#endif
