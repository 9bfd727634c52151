/* test_redact.c - the rule that keeps secrets out of the bodies */
#include "test.h"

#include "fixture.h"
#include "redact.h"

static int secret(const char *name)
{
    return redact_is_secret(name, strlen(name), NULL);
}

TEST(redact_knows_secrets_by_name_and_pattern)
{
    static const char *const secrets[] = {
        "Authorization", "proxy-authorization", "Cookie", "X-Api-Key",
        "Api-Key", "X-Auth-Token", "token", "access_token", "api_key",
        "apikey", "signature", "X-Amz-Signature", "client_secret",
        "password", "X-Session-Id", "sig", "AUTH",
    };
    static const char *const plain[] = {
        "key", "sequence", "Host", "User-Agent", "sleep", "X-Request-Id",
        "Accept", "monkey", "signal", "author",
    };
    for (size_t i = 0; i < sizeof(secrets) / sizeof(secrets[0]); i++) {
        if (!secret(secrets[i]))
            printf("# %s is not taken for a secret\n", secrets[i]);
        ASSERT(secret(secrets[i]));
    }
    for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
        if (secret(plain[i]))
            printf("# %s is taken for a secret\n", plain[i]);
        ASSERT(!secret(plain[i]));
    }

    char out[128];
    ASSERT_INT_EQ(redact_query("a=1&token=abc&key=k1&api_key=&sig", NULL,
                               out, sizeof(out)),
                  strlen("a=1&token=[redacted]&key=k1&api_key=[redacted]"
                         "&sig"));
    ASSERT_STR_EQ(out, "a=1&token=[redacted]&key=k1&api_key=[redacted]&sig");
    redact_query("", NULL, out, sizeof(out));
    ASSERT_STR_EQ(out, "");
    redact_query("x=12345678", NULL, out, 5);
    ASSERT_STR_EQ(out, "");
    return 0;
}

TEST(redact_bodies_show_no_secret)
{
    build("GET", "/api/status/200", "HTTP_X_API_KEY=k-12345");
    ASSERT(strstr(body_text(), "k-12345") == NULL);
    yajl_val root = parse_body();
    ASSERT(root != NULL);
    ASSERT_STR_EQ(json_string(root, "request", "headers", "X-Api-Key"),
                  "[redacted]");
    yajl_tree_free(root);
    build("GET", "/api/status/200",
          "QUERY_STRING=access_token=t0ps3cret&key=mine");
    ASSERT(strstr(body_text(), "t0ps3cret") == NULL);
    root = parse_body();
    ASSERT(root != NULL);
    ASSERT_STR_EQ(json_string(root, "request", "query", NULL),
                  "access_token=[redacted]&key=mine");
    yajl_tree_free(root);
    return 0;
}

/* The operator's own names (--redact) are secrets too, in any case, and
 * only whole. */
TEST(redact_takes_the_operators_names)
{
    const char *more = "x-tenant, account";
    ASSERT(redact_is_secret("X-Tenant", 8, more));
    ASSERT(redact_is_secret("ACCOUNT", 7, more));
    ASSERT(!redact_is_secret("X-Tenant-Id", 11, more));
    ASSERT(!redact_is_secret("accounts", 8, more));
    char out[64];
    redact_query("account=42&n=1", more, out, sizeof(out));
    ASSERT_STR_EQ(out, "account=[redacted]&n=1");
    ASSERT(redact_names_valid("x-tenant,account"));
    ASSERT(!redact_names_valid(" , "));
    ASSERT(!redact_names_valid("x-tenant;account"));
    ASSERT(!redact_names_valid("a\nb"));

    struct request_limits limits = fixture_limits;
    limits.secret_names = more;
    char *env[] = { "SCRIPT_NAME=/api/status/200", "HTTP_X_TENANT=acme-7",
                    "QUERY_STRING=account=42", NULL };
    build_env_limits(env, &limits);
    ASSERT(strstr(body_text(), "acme-7") == NULL);
    yajl_val root = parse_body();
    ASSERT(root != NULL);
    ASSERT_STR_EQ(json_string(root, "request", "headers", "X-Tenant"),
                  "[redacted]");
    ASSERT_STR_EQ(json_string(root, "request", "query", NULL),
                  "account=[redacted]");
    yajl_tree_free(root);
    return 0;
}
