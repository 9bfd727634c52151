/* auth.c - logins that succeed with the right credentials
 *
 * Digest nonces carry their own issue time and a hash of it with the
 * credentials the URL names, so any worker or CGI process of any host
 * checks one without shared state: a nonce is "TIME.HASH", TIME in hex
 * seconds, HASH the first 32 hex digits of H(TIME:user:passwd:realm). */
#include "auth.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "hashes.h"
#include "http.h"
#include "json_body.h"
#include "problem.h"

/* The longest user, password, token or Digest parameter taken. */
#define AUTH_FIELD_MAX 128
#define AUTH_PARTS 4

/* How long a nonce lasts unless stale_after= says otherwise, seconds. */
#define NONCE_DEFAULT_S 60
#define NONCE_MAX_S 3600

struct login {
    int proxy;                  /* Proxy-Authorization, 407 */
    int hidden;                 /* 404 instead of a challenge */
    const char *credentials;    /* what the request sent, or NULL */
    char parts[AUTH_PARTS][AUTH_FIELD_MAX + 1];
    size_t part_count;
};

static int split_parts(struct login *l, const char *rest, size_t len)
{
    l->part_count = 0;
    while (len > 0) {
        const char *slash = memchr(rest, '/', len);
        size_t part = slash ? (size_t)(slash - rest) : len;
        if (l->part_count == AUTH_PARTS || part > AUTH_FIELD_MAX)
            return -1;
        memcpy(l->parts[l->part_count], rest, part);
        l->parts[l->part_count++][part] = '\0';
        rest += part + (slash ? 1 : 0);
        len -= part + (slash ? 1 : 0);
    }
    return 0;
}

long auth_base64_decode(const char *text, size_t len, char *out,
                        size_t out_size)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    uint32_t bits = 0;
    int have = 0;
    size_t written = 0, padding = 0;
    if (len % 4 != 0)
        return -1;
    for (size_t i = 0; i < len; i++) {
        const char *at = strchr(alphabet, text[i]);
        if (text[i] == '=' && i >= len - 2) {
            padding++;
            continue;
        }
        if (!at || !text[i] || padding)
            return -1;
        bits = bits << 6 | (uint32_t)(at - alphabet);
        have += 6;
        if (have >= 8) {
            have -= 8;
            if (written + 1 >= out_size)
                return -1;
            out[written++] = (char)(bits >> have);
        }
    }
    out[written] = '\0';
    return (long)written;
}

/* The credentials after a scheme name ("Basic xyz" -> "xyz"), or NULL
 * when they are of another scheme. */
static const char *after_scheme(const char *credentials, const char *scheme)
{
    size_t len = strlen(scheme);
    if (!credentials || strncasecmp(credentials, scheme, len) != 0 ||
        credentials[len] != ' ')
        return NULL;
    credentials += len;
    while (*credentials == ' ')
        credentials++;
    return credentials;
}

static void challenge(struct response *resp, const struct sim_request *req,
                      const struct login *l, const char *value,
                      const char *why)
{
    if (l->hidden) {
        problem_respond(resp, req, 404, NULL,
                        "Nothing is here without the right credentials: "
                        "%s.", why);
        return;
    }
    problem_respond(resp, req, l->proxy ? 407 : 401, NULL,
                    "%s.", why);
    response_add(resp, &resp->head,
                 l->proxy ? "Proxy-Authenticate" : "WWW-Authenticate",
                 value);
}

static void welcome(struct response *resp, const struct sim_request *req,
                    const char *name, const char *value)
{
    struct buffer body;
    response_reset(resp);
    resp->status = 200;
    response_body_buffer(resp, &body);
    if (json_login_body(&body, name, value) != 0) {
        problem_unavailable(resp, req);
        return;
    }
    resp->body_len = body.len;
    response_finish_json(resp, req->method, req->id);
}

static const char basic_challenge[] =
    "Basic realm=\"" AUTH_REALM "\", charset=\"UTF-8\"";

static void basic(struct response *resp, const struct sim_request *req,
                  const struct login *l)
{
    char expected[2 * AUTH_FIELD_MAX + 2], given[2 * AUTH_FIELD_MAX + 2];
    const char *encoded = after_scheme(l->credentials, "Basic");
    snprintf(expected, sizeof(expected), "%s:%s", l->parts[0], l->parts[1]);
    if (!encoded)
        challenge(resp, req, l, basic_challenge,
                  l->credentials ? "Basic credentials are wanted"
                                 : "Credentials are wanted (Basic)");
    else if (auth_base64_decode(encoded, strlen(encoded), given,
                                sizeof(given)) < 0 ||
             strcmp(given, expected) != 0)
        challenge(resp, req, l, basic_challenge,
                  "The user name or password is not the one in the URL");
    else
        welcome(resp, req, "user", l->parts[0]);
}

static void bearer(struct response *resp, const struct sim_request *req,
                   const struct login *l)
{
    const char *token = after_scheme(l->credentials, "Bearer");
    if (!token || !*token)
        challenge(resp, req, l, "Bearer realm=\"" AUTH_REALM "\"",
                  "A bearer token is wanted");
    else if (l->part_count == 1 && strcmp(token, l->parts[0]) != 0)
        challenge(resp, req, l,
                  "Bearer realm=\"" AUTH_REALM "\", error=\"invalid_token\"",
                  "The token is not the one in the URL");
    else
        welcome(resp, req, "token", token);
}

/* The Digest parameters the check reads, from a credentials list of
 * name=value and name="value" items. */
struct digest_params {
    char username[AUTH_FIELD_MAX + 1], realm[AUTH_FIELD_MAX + 1],
        nonce[AUTH_FIELD_MAX + 1], uri[4 * AUTH_FIELD_MAX + 1],
        response[AUTH_FIELD_MAX + 1], qop[AUTH_FIELD_MAX + 1],
        nc[AUTH_FIELD_MAX + 1], cnonce[AUTH_FIELD_MAX + 1],
        algorithm[AUTH_FIELD_MAX + 1];
};

static int parse_digest(const char *text, struct digest_params *p)
{
    static const struct { const char *name; size_t at, size; } wanted[] = {
#define PARAM(member) { #member, offsetof(struct digest_params, member), \
                        sizeof(((struct digest_params *)0)->member) }
        PARAM(username), PARAM(realm), PARAM(nonce), PARAM(uri),
        PARAM(response), PARAM(qop), PARAM(nc), PARAM(cnonce),
        PARAM(algorithm),
#undef PARAM
    };
    memset(p, 0, sizeof(*p));
    while (*text) {
        while (*text == ' ' || *text == ',')
            text++;
        size_t name_len = strcspn(text, "= ,");
        const char *name = text;
        if (!name_len || text[name_len] != '=')
            return *text ? -1 : 0;
        text += name_len + 1;
        const char *value = text;
        size_t value_len;
        if (*text == '"') {
            value = ++text;
            value_len = strcspn(text, "\"");
            if (text[value_len] != '"')
                return -1;
            text += value_len + 1;
        } else {
            value_len = strcspn(text, " ,");
            text += value_len;
        }
        for (size_t i = 0; i < sizeof(wanted) / sizeof(wanted[0]); i++)
            if (strlen(wanted[i].name) == name_len &&
                strncasecmp(wanted[i].name, name, name_len) == 0) {
                if (value_len >= wanted[i].size)
                    return -1;
                memcpy((char *)p + wanted[i].at, value, value_len);
                ((char *)p + wanted[i].at)[value_len] = '\0';
            }
    }
    return 0;
}

/* stale_after=SECONDS from the query, else NONCE_DEFAULT_S. */
static uint64_t nonce_lifetime(const char *query)
{
    size_t len;
    const char *text = http_query_value(query, "stale_after", &len);
    uint64_t seconds;
    if (text && http_parse_decimal(text, len, NONCE_MAX_S, &seconds) == 0 &&
        seconds > 0 && seconds <= NONCE_MAX_S)
        return seconds;
    return NONCE_DEFAULT_S;
}

/* H of the text printf makes. */
__attribute__((format(printf, 3, 4)))
static void hash_of(enum hash_algorithm algorithm, char hex[HASH_HEX_MAX],
                    const char *format, ...)
{
    char text[8 * AUTH_FIELD_MAX + 256];
    va_list args;
    va_start(args, format);
    int len = vsnprintf(text, sizeof(text), format, args);
    va_end(args);
    hash_hex(algorithm, text,
             len < 0 ? 0 : (size_t)len < sizeof(text) ? (size_t)len
                                                      : sizeof(text) - 1,
             hex);
}

/* The nonce issued at second issued, for this user and password. */
static void make_nonce(char out[64], enum hash_algorithm algorithm,
                       uint64_t issued, const struct login *l)
{
    char when[20], sign[HASH_HEX_MAX];
    snprintf(when, sizeof(when), "%" PRIx64, issued);
    hash_of(algorithm, sign, "%s:%s:%s:%s", when, l->parts[1], l->parts[2],
            AUTH_REALM);
    snprintf(out, 64, "%s.%.32s", when, sign);
}

static void digest(struct response *resp, const struct sim_request *req,
                   const struct login *l)
{
    const char *qop = l->parts[0], *user = l->parts[1];
    const char *algorithm_name = l->part_count > 3 ? l->parts[3] : "MD5";
    enum hash_algorithm algorithm;
    uint64_t now = req->received_ms / 1000;
    char nonce[64], value[512], ha1[HASH_HEX_MAX], ha2[HASH_HEX_MAX],
        expected[HASH_HEX_MAX], body_hash[HASH_HEX_MAX];
    struct digest_params p;

    if (strcasecmp(algorithm_name, "MD5") == 0) {
        algorithm = HASH_MD5;
        algorithm_name = "MD5";
    } else if (strcasecmp(algorithm_name, "SHA-256") == 0) {
        algorithm = HASH_SHA256;
        algorithm_name = "SHA-256";
    } else {
        problem_respond(resp, req, 404, "MD5 or SHA-256",
                        "'%s' is not a Digest algorithm the simulator "
                        "offers.", algorithm_name);
        return;
    }
    if (strcmp(qop, "auth") != 0 && strcmp(qop, "auth-int") != 0) {
        problem_respond(resp, req, 404, "auth or auth-int",
                        "'%s' is not a Digest qop.", qop);
        return;
    }
    make_nonce(nonce, algorithm, now, l);
    const char *given = after_scheme(l->credentials, "Digest");
    int parsed = given && parse_digest(given, &p) == 0;
    /* The nonce the client answered, checked: its hash, then its age. */
    char *dot = parsed ? strchr(p.nonce, '.') : NULL;
    uint64_t issued = 0;
    char reissued[64] = "";
    if (dot && sscanf(p.nonce, "%" SCNx64, &issued) == 1)
        make_nonce(reissued, algorithm, issued, l);
    int nonce_ours = dot && strcmp(reissued, p.nonce) == 0;
    int old = nonce_ours && now > issued + nonce_lifetime(req->query);
    int stale = 0;
    const char *target = req->request_uri ? req->request_uri : req->path;

    const char *why = NULL;
    if (!given)
        why = "Credentials are wanted (Digest)";
    else if (!parsed)
        why = "The Digest credentials cannot be read";
    else if (strcmp(p.username, user) != 0)
        why = "The user name is not the one in the URL";
    else if (strcmp(p.realm, AUTH_REALM) != 0)
        why = "The realm is not the one challenged";
    else if (strcmp(p.uri, target) != 0)
        why = "uri= is not the URL of the request";
    else if (strcasecmp(p.algorithm[0] ? p.algorithm : "MD5",
                        algorithm_name) != 0)
        why = "The algorithm is not the one challenged";
    else if (strcmp(p.qop, qop) != 0)
        why = "qop= is not the one challenged";
    else if (!nonce_ours)
        why = "The nonce is not one the simulator issued";
    else if (strcmp(qop, "auth-int") == 0 &&
             req->body_kept < req->body_bytes)
        why = "The body is too large to check with auth-int";
    if (!why) {
        hash_of(algorithm, ha1, "%s:%s:%s", user, AUTH_REALM, l->parts[2]);
        if (strcmp(qop, "auth-int") == 0) {
            hash_hex(algorithm, req->body_data ? req->body_data : "",
                     req->body_kept, body_hash);
            hash_of(algorithm, ha2, "%s:%s:%s", req->method, p.uri,
                    body_hash);
        } else
            hash_of(algorithm, ha2, "%s:%s", req->method, p.uri);
        hash_of(algorithm, expected, "%s:%s:%s:%s:%s:%s", ha1, p.nonce, p.nc,
                p.cnonce, p.qop, ha2);
        if (strcmp(expected, p.response) != 0)
            why = "The response does not match the password in the URL";
        else if (old) {
            /* RFC 7616 Section 3.3: stale=true only for a response that
             * was right but for its nonce's age. */
            why = "The nonce has expired; answer the new one";
            stale = 1;
        }
    }
    if (!why) {
        welcome(resp, req, "user", user);
        return;
    }
    snprintf(value, sizeof(value),
             "Digest realm=\"" AUTH_REALM "\", qop=\"%s\", algorithm=%s, "
             "nonce=\"%s\", opaque=\"%.32s\", stale=%s", qop, algorithm_name,
             nonce, nonce + strcspn(nonce, ".") + 1,
             stale ? "true" : "false");
    challenge(resp, req, l, value, why);
}

void auth_respond(struct response *resp, const struct sim_request *req,
                  const char *scheme, size_t scheme_len, const char *rest,
                  size_t rest_len)
{
    struct login l = { 0, 0, NULL, { "" }, 0 };
    if (scheme_len > 6 && strncmp(scheme, "proxy-", 6) == 0) {
        l.proxy = 1;
        scheme += 6;
        scheme_len -= 6;
    }
    l.credentials = l.proxy ? req->proxy_authorization : req->authorization;
    int fits = split_parts(&l, rest, rest_len) == 0;
#define IS(name) (scheme_len == strlen(name) && \
                  strncmp(scheme, name, scheme_len) == 0)
    if (fits && IS("basic") && l.part_count == 2)
        basic(resp, req, &l);
    else if (fits && IS("hidden-basic") && l.part_count == 2 && !l.proxy) {
        l.hidden = 1;
        basic(resp, req, &l);
    } else if (fits && IS("bearer") && l.part_count <= 1)
        bearer(resp, req, &l);
    else if (fits && IS("digest") &&
             (l.part_count == 3 || l.part_count == 4))
        digest(resp, req, &l);
    else
        problem_respond(resp, req, 404,
                        "/api/auth/basic/{user}/{passwd}, /api/auth/"
                        "hidden-basic/{user}/{passwd}, /api/auth/bearer"
                        "[/{token}], /api/auth/digest/{qop}/{user}/{passwd}"
                        "[/{algorithm}], each also as proxy-{scheme}",
                        "There is no login at '%.*s/%.*s'.", (int)scheme_len,
                        scheme, PROBLEM_QUOTE_MAX, rest);
#undef IS
}
