/* field_rules.c - which header fields each code needs, and their values
 *
 * Links and redirects point back at the simulator: a redirect lands on
 * /api/status/200, the 511 login link on login.html ("authenticate" is the
 * relation proposed by draft-ietf-httpapi-authentication-link; none is
 * registered yet).
 */
#include "field_rules.h"

#include <string.h>

const char field_rules_upgrade[] = "HTTP/3.0";

/* The methods the simulator answers, in the order Allow lists them. */
static const char *const methods[] = {
    "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
};

/* Computes a rule's value into out.  Returns 0, 1 when the field is not
 * sent for this request, or -1 when out is full. */
typedef int (*field_compute)(const struct field_context *ctx,
                             struct buffer *out);

struct field_rule {
    unsigned bit;                 /* enum status_header */
    const char *name;
    const char *value;            /* fixed value, or NULL to compute it */
    field_compute compute;
    enum field_placement placement;
    const char *example;          /* a computed value as it usually reads;
                                   * NULL: only some requests get it */
};

/* Only visible ASCII and spaces may go into a header value built from the
 * request (RFC 9110 Section 5.5); anything else could split the response. */
static int is_header_safe(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (text[i] < 0x20 || text[i] > 0x7e)
            return 0;
    return 1;
}

/* The first len bytes of the mount prefix, so that a link stays on
 * whatever host and path the simulator is served from; a prefix that could
 * split the head is left out. */
static int append_prefix(const struct field_context *ctx, size_t len,
                         struct buffer *out)
{
    return buffer_append(out, ctx->mount,
                         is_header_safe(ctx->mount, len) ? len : 0);
}

static int location_value(const struct field_context *ctx,
                          struct buffer *out)
{
    return append_prefix(ctx, ctx->mount_len, out) ||
           buffer_puts(out, "/api/status/200");
}

/* A 103's stylesheet and a 511's login page are pages of the site. */
static int preload_link_value(const struct field_context *ctx,
                              struct buffer *out)
{
    return buffer_puts(out, "<") || append_prefix(ctx, ctx->pages_len, out) ||
           buffer_puts(out, "/style.css>; rel=preload; as=style");
}

static int login_link_value(const struct field_context *ctx,
                            struct buffer *out)
{
    return buffer_puts(out, "<") || append_prefix(ctx, ctx->pages_len, out) ||
           buffer_puts(out, "/login.html>; rel=\"authenticate\"");
}

/* Allow must not list the method that was refused. */
static int allow_value(const struct field_context *ctx, struct buffer *out)
{
    return field_rules_methods(out, ctx->method, NULL);
}

/* The body is the whole representation; a range covering all of it is
 * the honest partial answer a simulator can give. */
static int content_range_value(const struct field_context *ctx,
                               struct buffer *out)
{
    size_t len = ctx->body_len;
    return buffer_puts(out, "bytes 0-") ||
           buffer_decimal(out, len ? len - 1 : 0) || buffer_puts(out, "/") ||
           buffer_decimal(out, len);
}

/* A connection about to close says so beside upgrade, as RFC 9112 Section
 * 9.6 asks: a client that sent close, or spoke HTTP/1.0 without
 * keep-alive. */
/* HTTP/2 and later have no Upgrade mechanism, and a connection-specific
 * field there makes the message malformed (RFC 9113 Section 8.2.2): a 426
 * over them goes without Upgrade and Connection, as their own spec leaves
 * no other way. */
static int upgrade_value(const struct field_context *ctx, struct buffer *out)
{
    if (http_is_version_2_or_later(ctx->protocol))
        return 1;
    return buffer_puts(out, field_rules_upgrade);
}

static int connection_value(const struct field_context *ctx,
                            struct buffer *out)
{
    if (http_is_version_2_or_later(ctx->protocol))
        return 1;
    int closing = http_list_has(ctx->connection, "close") ||
                  (strcmp(ctx->protocol, "HTTP/1.0") == 0 &&
                   !http_list_has(ctx->connection, "keep-alive"));
    return buffer_puts(out, closing ? "upgrade, close" : "upgrade");
}

/* RFC 5789 Section 2.2: a 415 to a PATCH names the patch formats taken. */
static int accept_patch_value(const struct field_context *ctx,
                              struct buffer *out)
{
    if (strcmp(ctx->method, "PATCH") != 0)
        return 1;
    return buffer_puts(out, "application/merge-patch+json, "
                            "application/json-patch+json");
}

static const char basic_challenge[] =
    "Basic realm=\"httpstatus\", charset=\"UTF-8\"";

static const struct field_rule rules[] = {
    { HDR_LOCATION, "Location", NULL, location_value, ON_FINAL,
      "/api/status/200" },
    { HDR_WWW_AUTHENTICATE, "WWW-Authenticate", basic_challenge, NULL,
      ON_FINAL, NULL },
    { HDR_PROXY_AUTHENTICATE, "Proxy-Authenticate", basic_challenge, NULL,
      ON_FINAL, NULL },
    { HDR_ALLOW, "Allow", NULL, allow_value, ON_FINAL, "GET, HEAD" },
    { HDR_RETRY_AFTER, "Retry-After", "5", NULL, ON_FINAL, NULL },
    { HDR_CONTENT_RANGE_FULL, "Content-Range", NULL, content_range_value,
      AFTER_BODY, "bytes 0-1023/1024" },
    { HDR_CONTENT_RANGE_UNSATISFIED, "Content-Range", "bytes */1024", NULL,
      ON_FINAL, NULL },
    { HDR_UPGRADE, "Upgrade", NULL, upgrade_value, ON_FINAL,
      field_rules_upgrade },
    { HDR_UPGRADE, "Connection", NULL, connection_value, ON_FINAL,
      "upgrade" },
    { HDR_LINK_PRELOAD, "Link", NULL, preload_link_value, ON_INTERIM,
      "</style.css>; rel=preload; as=style" },
    { HDR_LINK_LOGIN, "Link", NULL, login_link_value, ON_FINAL,
      "</login.html>; rel=\"authenticate\"" },
    { HDR_LINK_BLOCKED_BY, "Link", "</>; rel=\"blocked-by\"", NULL,
      ON_FINAL, NULL },
    { HDR_ETAG, "ETag", "\"httpstatus-226\"", NULL, ON_FINAL, NULL },
    /* draft-ietf-httpbis-resumable-upload-05, the draft IANA's temporary
     * registration cites: its interop version is 6. */
    { HDR_UPLOAD_RESUMPTION, "Location", NULL, location_value, ON_INTERIM,
      "/api/status/200" },
    { HDR_UPLOAD_RESUMPTION, "Upload-Draft-Interop-Version", "6", NULL,
      ON_INTERIM, NULL },
    /* The simulator's resources speak JSON. */
    { HDR_ACCEPT, "Accept", "application/json", NULL, ON_FINAL, NULL },
    { HDR_ACCEPT, "Accept-Patch", NULL, accept_patch_value, ON_FINAL, NULL },
};

#define RULE_COUNT (sizeof(rules) / sizeof(rules[0]))

size_t field_rules_fields(const struct status_entry *entry,
                          enum field_placement placement,
                          const struct field_context *ctx,
                          struct header_field *fields, size_t max,
                          struct buffer *values)
{
    size_t count = 0;
    for (size_t i = 0; i < RULE_COUNT && count < max; i++) {
        const struct field_rule *rule = &rules[i];
        if (!(entry->headers & rule->bit) || rule->placement != placement)
            continue;
        const char *value = rule->value;
        if (!value) {
            size_t start = values->len;
            if (rule->compute(ctx, values) != 0 ||
                buffer_append(values, "", 1) != 0)
                continue;
            value = values->data + start;
        }
        fields[count++] = (struct header_field){ rule->name, value };
    }
    return count;
}

size_t field_rules_examples(const struct status_entry *entry,
                            struct header_field *fields, size_t max)
{
    size_t count = 0;
    for (size_t i = 0; i < RULE_COUNT && count < max; i++) {
        const struct field_rule *rule = &rules[i];
        const char *value = rule->value ? rule->value : rule->example;
        if ((entry->headers & rule->bit) && value)
            fields[count++] = (struct header_field){ rule->name, value };
    }
    return count;
}

static int is_get_or_head(const char *method)
{
    return strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
}

int field_rules_methods(struct buffer *out, const char *refused,
                        const char *extra)
{
    int first = 1;
    for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
        if (extra && strcmp(extra, methods[i]) == 0)
            extra = NULL;
        if (refused && (strcmp(refused, methods[i]) == 0 ||
                        (is_get_or_head(refused) &&
                         is_get_or_head(methods[i]))))
            continue;
        if ((!first && buffer_puts(out, ", ")) ||
            buffer_puts(out, methods[i]))
            return -1;
        first = 0;
    }
    if (extra && ((!first && buffer_puts(out, ", ")) ||
                  buffer_puts(out, extra)))
        return -1;
    return 0;
}
