/* test_auth.c - logins: Basic, Bearer and Digest for origins and proxies,
 * with a client written here from RFC 7616 */
#include "test.h"

#include <stdlib.h>

#include "auth.h"
#include "fixture.h"
#include "hashes.h"

TEST(auth_hashes_and_base64)
{
    char hex[HASH_HEX_MAX], out[32];
    hash_hex(HASH_MD5, "abc", 3, hex);
    ASSERT_STR_EQ(hex, "900150983cd24fb0d6963f7d28e17f72");
    hash_hex(HASH_SHA256, "abc", 3, hex);
    ASSERT_STR_EQ(hex, "ba7816bf8f01cfea414140de5dae2223"
                       "b00361a396177a9cb410ff61f20015ad");
    /* 56 bytes: the length no longer fits the first padded block. */
    hash_hex(HASH_MD5, "12345678901234567890123456789012345678901234567890"
                       "123456", 56, hex);
    ASSERT_STR_EQ(hex, "49f193adce178490e34d1b3a4ec0064c");
    ASSERT_INT_EQ(auth_base64_decode("dTpw", 4, out, sizeof(out)), 3);
    ASSERT_STR_EQ(out, "u:p");
    ASSERT_INT_EQ(auth_base64_decode("dXNlcjpwYXNz", 12, out, sizeof(out)),
                  9);
    ASSERT_STR_EQ(out, "user:pass");
    ASSERT_INT_EQ(auth_base64_decode("dTo=", 4, out, sizeof(out)), 2);
    ASSERT_INT_EQ(auth_base64_decode("dTp", 3, out, sizeof(out)), -1);
    ASSERT_INT_EQ(auth_base64_decode("d!pw", 4, out, sizeof(out)), -1);
    ASSERT_INT_EQ(auth_base64_decode("dA=w", 4, out, sizeof(out)), -1);
    return 0;
}

/* A login request: path, and the Authorization (or, for a proxy,
 * Proxy-Authorization) value; at second now. */
static void login(const char *method, const char *path, const char *header,
                  const char *credentials, uint64_t now)
{
    static char path_env[256], credentials_env[1024], method_env[32],
        uri_env[256];
    char *env[] = { method_env, path_env, uri_env, credentials_env,
                    "SERVER_PROTOCOL=HTTP/1.1", NULL };
    static struct response spare;
    snprintf(method_env, sizeof(method_env), "REQUEST_METHOD=%s", method);
    snprintf(path_env, sizeof(path_env), "SCRIPT_NAME=%s", path);
    snprintf(uri_env, sizeof(uri_env), "REQUEST_URI=%s", path);
    snprintf(credentials_env, sizeof(credentials_env), "%s=%s",
             credentials ? header : "X_NONE", credentials ? credentials : "");
    request_from_env(&fixture_request, env);
    fixture_request.received_ms = now * 1000;
    request_set_id(&fixture_request, 0xaa);
    dispatch(&resp, &spare, &fixture_request, &fixture_limits);
}

TEST(auth_basic_for_origins_and_proxies)
{
    login("GET", "/basic-auth/u/p", "HTTP_AUTHORIZATION", "Basic dTpw", 0);
    ASSERT_INT_EQ(resp.status, 200);
    ASSERT_STR_EQ(body_text(), "{\"authenticated\":true,\"user\":\"u\"}");
    login("GET", "/api/auth/basic/u/p", "HTTP_AUTHORIZATION", "basic dTpx",
          0);
    if (expect_problem(401, "not the one in the URL") != 0)
        return 1;
    ASSERT_STR_EQ(field(&resp.head, "WWW-Authenticate"),
                  "Basic realm=\"httpstatus\", charset=\"UTF-8\"");
    login("GET", "/basic-auth/u/p", "HTTP_AUTHORIZATION", NULL, 0);
    ASSERT_INT_EQ(resp.status, 401);
    login("GET", "/hidden-basic-auth/u/p", "HTTP_AUTHORIZATION", NULL, 0);
    if (expect_problem(404, "without the right credentials") != 0)
        return 1;
    ASSERT(field(&resp.head, "WWW-Authenticate") == NULL);
    login("GET", "/hidden-basic-auth/u/p", "HTTP_AUTHORIZATION",
          "Basic dTpw", 0);
    ASSERT_INT_EQ(resp.status, 200);
    /* A proxy's: its own field and status; the origin's field is not
     * it. */
    login("GET", "/api/auth/proxy-basic/u/p", "HTTP_AUTHORIZATION",
          "Basic dTpw", 0);
    ASSERT_INT_EQ(resp.status, 407);
    ASSERT_STR_EQ(field(&resp.head, "Proxy-Authenticate"),
                  "Basic realm=\"httpstatus\", charset=\"UTF-8\"");
    login("GET", "/api/auth/proxy-basic/u/p", "HTTP_PROXY_AUTHORIZATION",
          "Basic dTpw", 0);
    ASSERT_INT_EQ(resp.status, 200);
    login("GET", "/api/auth/basic/u", "HTTP_AUTHORIZATION", NULL, 0);
    if (expect_problem(404, "There is no login at 'basic/u'.") != 0)
        return 1;
    login("GET", "/api/auth/nothing/u/p", "HTTP_AUTHORIZATION", NULL, 0);
    ASSERT_INT_EQ(resp.status, 404);
    return 0;
}

TEST(auth_bearer_takes_any_token_or_the_one_named)
{
    login("GET", "/bearer", "HTTP_AUTHORIZATION", "Bearer abc.def", 0);
    ASSERT_INT_EQ(resp.status, 200);
    ASSERT_STR_EQ(body_text(),
                  "{\"authenticated\":true,\"token\":\"abc.def\"}");
    login("GET", "/bearer", "HTTP_AUTHORIZATION", "Basic dTpw", 0);
    ASSERT_INT_EQ(resp.status, 401);
    ASSERT_STR_EQ(field(&resp.head, "WWW-Authenticate"),
                  "Bearer realm=\"httpstatus\"");
    login("GET", "/api/auth/bearer/t1", "HTTP_AUTHORIZATION", "Bearer t2", 0);
    ASSERT_INT_EQ(resp.status, 401);
    ASSERT_STR_EQ(field(&resp.head, "WWW-Authenticate"),
                  "Bearer realm=\"httpstatus\", error=\"invalid_token\"");
    login("GET", "/api/auth/bearer/t1", "HTTP_AUTHORIZATION", "Bearer t1", 0);
    ASSERT_INT_EQ(resp.status, 200);
    return 0;
}

/* The value of parameter name in a challenge, into out. */
static void challenge_param(const char *challenge, const char *name,
                            char *out, size_t size)
{
    const char *at = strstr(challenge, name);
    out[0] = '\0';
    if (!at)
        return;
    at += strlen(name) + 1;
    if (*at == '"')
        at++;
    size_t len = strcspn(at, "\",");
    snprintf(out, size, "%.*s", (int)(len < size ? len : size - 1), at);
}

/* A client's Digest credentials for user:passwd answering nonce. */
static void answer(char *out, size_t size, enum hash_algorithm algorithm,
                   const char *algorithm_name, const char *method,
                   const char *uri, const char *qop, const char *nonce,
                   const char *user, const char *passwd)
{
    char text[512], ha1[HASH_HEX_MAX], ha2[HASH_HEX_MAX],
        response[HASH_HEX_MAX];
    snprintf(text, sizeof(text), "%s:httpstatus:%s", user, passwd);
    hash_hex(algorithm, text, strlen(text), ha1);
    snprintf(text, sizeof(text), "%s:%s", method, uri);
    hash_hex(algorithm, text, strlen(text), ha2);
    snprintf(text, sizeof(text), "%s:%s:00000001:c0ffee:%s:%s", ha1, nonce,
             qop, ha2);
    hash_hex(algorithm, text, strlen(text), response);
    snprintf(out, size,
             "Digest username=\"%s\", realm=\"httpstatus\", nonce=\"%s\", "
             "uri=\"%s\", algorithm=%s, qop=%s, nc=00000001, "
             "cnonce=\"c0ffee\", response=\"%s\", opaque=\"x\"", user,
             nonce, uri, algorithm_name, qop, response);
}

TEST(auth_digest_checks_response_and_nonce)
{
    static const struct {
        enum hash_algorithm algorithm;
        const char *name, *path;
    } cases[] = {
        { HASH_MD5, "MD5", "/digest-auth/auth/u/p" },
        { HASH_SHA256, "SHA-256", "/api/auth/digest/auth/u/p/SHA-256" },
    };
    char nonce[96], credentials[1024], stale[16];
    for (size_t i = 0; i < 2; i++) {
        login("GET", cases[i].path, "HTTP_AUTHORIZATION", NULL, 1000);
        ASSERT_INT_EQ(resp.status, 401);
        const char *challenge = field(&resp.head, "WWW-Authenticate");
        ASSERT(challenge && strncmp(challenge, "Digest realm=\"httpstatus\", "
                                               "qop=\"auth\", algorithm=",
                                    47) == 0);
        challenge_param(challenge, "nonce", nonce, sizeof(nonce));
        answer(credentials, sizeof(credentials), cases[i].algorithm,
               cases[i].name, "GET", cases[i].path, "auth", nonce, "u", "p");
        login("GET", cases[i].path, "HTTP_AUTHORIZATION", credentials, 1030);
        ASSERT_INT_EQ(resp.status, 200);
        ASSERT_STR_EQ(body_text(), "{\"authenticated\":true,\"user\":\"u\"}");
        /* A minute later the same answer is stale: the client is told so,
         * with a new nonce. */
        login("GET", cases[i].path, "HTTP_AUTHORIZATION", credentials, 1061);
        ASSERT_INT_EQ(resp.status, 401);
        challenge = field(&resp.head, "WWW-Authenticate");
        challenge_param(challenge, "stale", stale, sizeof(stale));
        ASSERT_STR_EQ(stale, "true");
        /* A wrong password is not stale, whatever the nonce's age. */
        answer(credentials, sizeof(credentials), cases[i].algorithm,
               cases[i].name, "GET", cases[i].path, "auth", nonce, "u", "q");
        login("GET", cases[i].path, "HTTP_AUTHORIZATION", credentials, 1061);
        if (expect_problem(401, "does not match the password") != 0)
            return 1;
        challenge_param(field(&resp.head, "WWW-Authenticate"), "stale",
                        stale, sizeof(stale));
        ASSERT_STR_EQ(stale, "false");
    }
    /* A nonce the simulator did not issue, another uri, another method. */
    answer(credentials, sizeof(credentials), HASH_MD5, "MD5", "GET",
           "/digest-auth/auth/u/p", "auth", "3e8.0123456789abcdef", "u",
           "p");
    login("GET", "/digest-auth/auth/u/p", "HTTP_AUTHORIZATION", credentials,
          1000);
    if (expect_problem(401, "not one the simulator issued") != 0)
        return 1;
    login("GET", "/digest-auth/auth/u/p", "HTTP_AUTHORIZATION", NULL, 1000);
    challenge_param(field(&resp.head, "WWW-Authenticate"), "nonce", nonce,
                    sizeof(nonce));
    answer(credentials, sizeof(credentials), HASH_MD5, "MD5", "GET",
           "/digest-auth/auth/u/x", "auth", nonce, "u", "p");
    login("GET", "/digest-auth/auth/u/p", "HTTP_AUTHORIZATION", credentials,
          1000);
    if (expect_problem(401, "uri= is not the URL of the request") != 0)
        return 1;
    answer(credentials, sizeof(credentials), HASH_MD5, "MD5", "GET",
           "/digest-auth/auth/u/p", "auth", nonce, "u", "p");
    login("POST", "/digest-auth/auth/u/p", "HTTP_AUTHORIZATION", credentials,
          1000);
    ASSERT_INT_EQ(resp.status, 401);
    /* The proxy's, and the refusals of what is no Digest login. */
    login("GET", "/api/auth/proxy-digest/auth/u/p",
          "HTTP_PROXY_AUTHORIZATION", NULL, 1000);
    ASSERT_INT_EQ(resp.status, 407);
    ASSERT(field(&resp.head, "Proxy-Authenticate") != NULL);
    login("GET", "/digest-auth/auth/u/p/SHA-512", "HTTP_AUTHORIZATION", NULL,
          1000);
    if (expect_problem(404, "'SHA-512' is not a Digest algorithm") != 0)
        return 1;
    login("GET", "/digest-auth/none/u/p", "HTTP_AUTHORIZATION", NULL, 1000);
    if (expect_problem(404, "'none' is not a Digest qop.") != 0)
        return 1;
    return 0;
}
