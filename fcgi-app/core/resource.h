/* resource.h - a resource that changes, for cache and concurrency tests:
 * /api/resource/{key} keeps a representation in the state store, with a
 * strong ETag and Last-Modified, conditional GET, PUT and DELETE */
#ifndef HTTPSTATUS_RESOURCE_H
#define HTTPSTATUS_RESOURCE_H

#include <stddef.h>

#include "request.h"
#include "response.h"

/* Makes resp the answer to req for the resource key[0..len), kept in
 * limits->state:
 *   GET, HEAD: the representation (made, empty, by the first GET), or 304
 *     when If-None-Match or If-Modified-Since says the client has it; 404
 *     once deleted (410 with gone=1);
 *   PUT: a new version from the body (201 when there was none), 412 when
 *     If-Match or If-Unmodified-Since names another version;
 *   DELETE: 204, the same preconditions;
 * change_every=DURATION makes a new version appear by itself that often. */
void resource_respond(struct response *resp, const struct sim_request *req,
                      const struct request_limits *limits, const char *key,
                      size_t len);

#endif
