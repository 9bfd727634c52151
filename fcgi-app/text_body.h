/* text_body.h - the plain-text and HTML bodies of a simulated status */
#ifndef HTTPSTATUS_TEXT_BODY_H
#define HTTPSTATUS_TEXT_BODY_H

#include "response.h"

/* httpstat.us's body: "511 Network Authentication Required", with no
 * newline, for resp->status.  Returns 0, or -1 when it does not fit. */
int text_status_body(struct sim_response *resp);

/* A small HTML page naming resp->status and describing the code asked
 * for; every string in it is escaped.  Returns 0, or -1 as above. */
int html_status_body(struct sim_response *resp);

#endif
