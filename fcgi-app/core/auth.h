/* auth.h - logins that succeed: Basic, Bearer and Digest (MD5, SHA-256)
 * challenges that a client with the right credentials gets through, as
 * httpbin's /basic-auth, /hidden-basic-auth, /bearer and /digest-auth and
 * as /api/auth/{scheme}/..., for origins (401) and proxies (407) */
#ifndef HTTPSTATUS_AUTH_H
#define HTTPSTATUS_AUTH_H

#include <stddef.h>

#include "request.h"
#include "response.h"

/* The realm every challenge names. */
#define AUTH_REALM "httpstatus"

/* Makes resp the answer to a login at scheme[0..scheme_len) ("basic",
 * "hidden-basic", "bearer", "digest", or one of them after "proxy-") with
 * the rest of the path, rest[0..rest_len) ("user/passwd", "qop/user/passwd
 * [/algorithm]", a token or ""): 200 with {"authenticated": true, ...} for
 * the right credentials, else the challenge (401, 407 for a proxy, 404
 * for hidden-basic), or 404 for a scheme or path that is none. */
void auth_respond(struct response *resp, const struct sim_request *req,
                  const char *scheme, size_t scheme_len, const char *rest,
                  size_t rest_len);

/* Decodes standard base64 text[0..len) into out (NUL-terminated).
 * Returns the decoded length, or -1 for text that is not base64 or does
 * not fit. */
long auth_base64_decode(const char *text, size_t len, char *out,
                        size_t out_size);

#endif
