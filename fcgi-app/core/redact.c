/* redact.c - the rule that keeps secrets out of the bodies */
#include "redact.h"

#include <stdint.h>
#include <string.h>

#include "buffer.h"
#include "http.h"
#include "request.h"

struct secret {
    const char *text;
    size_t len;
};
#define SECRET(text) { text, sizeof(text) - 1 }

/* Names that are secrets whole, whatever they hold (lower case). */
static const struct secret secret_names[] = {
    SECRET("authorization"), SECRET("proxy-authorization"), SECRET("cookie"),
    SECRET("auth"), SECRET("sig"),
};

/* Parts of a name that make it a secret: X-Api-Key, X-Auth-Token,
 * access_token, client_secret, X-Amz-Signature, ... */
static const struct secret secret_parts[] = {
    SECRET("token"), SECRET("secret"), SECRET("passw"), SECRET("signature"),
    SECRET("session"), SECRET("credential"), SECRET("api-key"),
    SECRET("api_key"), SECRET("apikey"),
};

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

int redact_names_valid(const char *more)
{
    size_t names = 0;
    if (strlen(more) > REDACT_MORE_MAX)
        return 0;
    for (const char *p = more; *p; p++)
        if (*p != ',' && *p != ' ' && !http_is_tchar(*p))
            return 0;
    for (const char *p = more; *p; p += strcspn(p, " ,")) {
        p += strspn(p, " ,");
        names += *p != '\0';
    }
    return names > 0;
}

int redact_is_secret(const char *name, size_t len, const char *more)
{
    if (http_list_has_n(more, name, len))
        return 1;
    /* Every header of every echo is asked about: the name is lowered once,
     * and a part is compared only where a first letter of one stands. */
    char lower[256];
    if (len >= sizeof(lower))
        return 1;      /* no header has so long a name but to hide one */
    for (size_t i = 0; i < len; i++)
        lower[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] | 0x20
                                                           : name[i]);
    for (size_t i = 0; i < COUNT(secret_names); i++)
        if (secret_names[i].len == len &&
            memcmp(lower, secret_names[i].text, len) == 0)
            return 1;
    uint32_t first_letters = 0;        /* of the parts, as bits a..z */
    for (size_t i = 0; i < COUNT(secret_parts); i++)
        first_letters |= UINT32_C(1) << (secret_parts[i].text[0] - 'a');
    for (size_t at = 0; at < len; at++) {
        unsigned offset = (unsigned char)lower[at] - 'a';
        if (offset >= 26 || !(first_letters >> offset & 1))
            continue;
        for (size_t i = 0; i < COUNT(secret_parts); i++)
            if (lower[at] == secret_parts[i].text[0] &&
                secret_parts[i].len <= len - at &&
                memcmp(lower + at, secret_parts[i].text,
                       secret_parts[i].len) == 0)
                return 1;
    }
    return 0;
}

size_t redact_query(const char *query, const char *more, char *out,
                    size_t out_size)
{
    struct buffer text;
    if (out_size == 0)
        return 0;
    buffer_init(&text, out, out_size - 1);
    while (*query && !text.overflow) {
        size_t pair = strcspn(query, "&");
        const char *equals = memchr(query, '=', pair);
        size_t name = equals ? (size_t)(equals - query) : pair;
        if (equals && redact_is_secret(query, name, more)) {
            buffer_append(&text, query, name + 1);
            buffer_puts(&text, REDACTED);
        } else
            buffer_append(&text, query, pair);
        query += pair;
        if (*query)
            buffer_append(&text, query++, 1);
    }
    out[text.len] = '\0';
    return text.len;
}

int redact_each_header(const struct sim_request *req, size_t budget,
                       int (*each)(void *ctx, const char *name,
                                   const char *value),
                       void *ctx)
{
    char name[128];
    for (char *const *p = req->envp; p && *p; p++) {
        const char *value = request_header_from_env(*p, name, sizeof(name));
        if (!value)
            continue;
        size_t name_len = strlen(name);
        if (redact_is_secret(name, name_len, req->secret_names))
            value = REDACTED;
        size_t cost = name_len + strlen(value);
        if (cost > budget)
            return 1;
        budget -= cost;
        if (each(ctx, name, value))
            return -1;
    }
    return 0;
}
