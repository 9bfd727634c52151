/* simulate.h - the answer to a status route: the chosen code with the
 * fields it needs, a body in the format asked for, the controls applied */
#ifndef HTTPSTATUS_SIMULATE_H
#define HTTPSTATUS_SIMULATE_H

#include "choice.h"
#include "controls.h"
#include "front_end.h"
#include "request.h"
#include "response.h"
#include "ratelimit.h"
#include "routes.h"
#include "sequence.h"

/* What state kept between requests decided for this one: its place in a
 * sequence and in a rate-limit window (NULL: none). */
struct scenario {
    const struct sequence_step *sequence;
    const struct ratelimit_window *ratelimit;
};

/* Picks a code: the rate limit's refusal for a request over its quota,
 * else fail='s, else the sequence's step, else one from choice by the
 * request's seed or req->random; and makes resp (reset first) its
 * simulation for req: the status or, for a 1xx, an interim response and
 * a final 200; the fields the code needs; a 304 or 412 where
 * If-None-Match names the entity tag; the body; the
 * fields and pacing the controls ask for.  Everything was validated
 * before: nothing here refuses, and a body that cannot be generated makes
 * a 500.  form decides the body's format when neither format= nor Accept
 * does.  A 1xx goes out as an interim response only where front_end
 * relays it as one; else the final 200 says why it did not
 * (X-HttpStatus-Interim).  A rate limit adds its quota fields, and over
 * the quota a Retry-After of the time left in the window. */
void simulate(struct response *resp, const struct sim_request *req,
              const struct sim_controls *controls,
              const struct choice *choice, const struct scenario *scenario,
              enum route_form form, enum front_end front_end);

#endif
