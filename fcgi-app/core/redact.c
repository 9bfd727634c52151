/* redact.c - the rule that keeps secrets out of the bodies */
#include "redact.h"

#include <string.h>

#include "buffer.h"

/* Names that are secrets whole, whatever they hold (lower case). */
static const char *const secret_names[] = {
    "authorization", "proxy-authorization", "cookie", "auth", "sig",
};

/* Parts of a name that make it a secret: X-Api-Key, X-Auth-Token,
 * access_token, client_secret, X-Amz-Signature, ... */
static const char *const secret_parts[] = {
    "token", "secret", "passw", "signature", "session", "credential",
    "api-key", "api_key", "apikey",
};

int redact_is_secret(const char *name, size_t len)
{
    /* Every header of every echo is asked about: the name is lowered once
     * and searched with strstr, not compared at every offset. */
    char lower[256];
    if (len >= sizeof(lower))
        return 1;      /* no header has so long a name but to hide one */
    for (size_t i = 0; i < len; i++)
        lower[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] | 0x20
                                                           : name[i]);
    lower[len] = '\0';
    for (size_t i = 0; i < sizeof(secret_names) / sizeof(secret_names[0]);
         i++)
        if (strcmp(lower, secret_names[i]) == 0)
            return 1;
    for (size_t i = 0; i < sizeof(secret_parts) / sizeof(secret_parts[0]);
         i++)
        if (strstr(lower, secret_parts[i]))
            return 1;
    return 0;
}

size_t redact_query(const char *query, char *out, size_t out_size)
{
    struct buffer text;
    if (out_size == 0)
        return 0;
    buffer_init(&text, out, out_size - 1);
    while (*query && !text.overflow) {
        size_t pair = strcspn(query, "&");
        const char *equals = memchr(query, '=', pair);
        size_t name = equals ? (size_t)(equals - query) : pair;
        if (equals && redact_is_secret(query, name)) {
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
