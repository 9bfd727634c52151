/* controls.c - the simulator's controls, from the query and the headers
 *
 * One table names every control with its query spellings and its header;
 * one walker reads the query and one the headers, so that every control
 * is read the same way: query names in any case, values percent-decoded,
 * the query winning over the header.
 */
#include "controls.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define CONTROL_HEADER_PREFIX "HTTP_X_HTTPSTATUS_"
#define RESPONSE_HEADER_PREFIX "HTTP_X_HTTPSTATUS_RESPONSE_"
/* Input quoted back in an error is cut to this many bytes. */
#define QUOTE_MAX 80

#define ACCEPTED_BOOLEAN "true or false"
#define ACCEPTED_MS "a whole number of milliseconds"
#define ACCEPTED_RATELIMIT "N/PERIOD: 1 to 1000000 requests per a number " \
    "of ms, s, m or h of at most a day, such as 5/10s"
#define ACCEPTED_KEY "a key of 1 to 64 letters, digits, '-', '_', '.' or '~'"
#define ACCEPTED_SLEEP "sleep=MS or X-HttpStatus-Sleep: MS, a whole number " \
                       "of milliseconds, or a range LOW-HIGH of them"
#define ACCEPTED_FIELD "a field name that is an RFC 9110 token and a value " \
    "of visible ASCII characters and spaces; not a framing, hop-by-hop or " \
    "content field, nor one that plants state in a browser"
#define ACCEPTED_LOCATION "a path such as /api/status/200, a reference " \
    "relative to it, or an http(s) URL on this host"

/* One request's controls being read: where they go, and what decides
 * whether a value is allowed. */
struct reading {
    struct sim_controls *c;
    const struct sim_request *req;
    const struct request_limits *limits;
};

/* The precision that quotes at most QUOTE_MAX bytes of an input. */
static int quoted(size_t len)
{
    return (int)(len < QUOTE_MAX ? len : QUOTE_MAX);
}

__attribute__((format(printf, 4, 5)))
static int refuse(struct sim_controls *c, int status, const char *accepted,
                  const char *format, ...)
{
    va_list args;
    c->error_status = status;
    c->accepted = accepted;
    va_start(args, format);
    vsnprintf(c->error, sizeof(c->error), format, args);
    va_end(args);
    return -1;
}

/* "scheme://host[:port]" of an absolute http(s) URL: its length, or 0. */
static size_t origin_length(const char *url)
{
    size_t start;
    if (strncasecmp(url, "https://", 8) == 0)
        start = 8;
    else if (strncasecmp(url, "http://", 7) == 0)
        start = 7;
    else
        return 0;
    return start + strcspn(url + start, "/?#");
}

static int origin_listed(const char *list, const char *origin, size_t len)
{
    return http_list_has(list, "*") || http_list_has_n(list, origin, len);
}

/* Whether ch may stand in a URI reference outside a percent-escape: RFC
 * 3986's unreserved, sub-delims, gen-delims and '%'. */
static int is_uri_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
           (ch >= '0' && ch <= '9') ||
           (ch && strchr("-._~!$&'()*+,;=:@/?#[]%", ch));
}

/* Whether value has a scheme: a ':' before any '/', '?' or '#' (RFC 3986
 * Section 4.2: a relative path's first segment has no colon). */
static int has_scheme(const char *value)
{
    size_t first = strcspn(value, ":/?#");
    return value[first] == ':';
}

/* The simulator's own origin, "http://127.0.0.1:8080": the operator's
 * HTTPSTATUS_ORIGIN, else the address the request came in on.  Never the
 * request's Host (or SERVER_NAME, which web servers fill from it): a
 * client could name any origin there. */
static size_t own_origin(const struct reading *r, char *out, size_t size)
{
    const struct sim_request *req = r->req;
    const char *address = req->server_addr;
    int https = strcmp(req->scheme, "https") == 0;
    int default_port = strcmp(req->server_port, https ? "443" : "80") == 0;
    int v6 = strchr(address, ':') != NULL;
    int len;
    if (r->limits->origin)
        len = snprintf(out, size, "%s", r->limits->origin);
    else
        len = snprintf(out, size, "%s://%s%s%s%s%s", req->scheme,
                       v6 ? "[" : "", address, v6 ? "]" : "",
                       default_port || !*req->server_port ? "" : ":",
                       default_port ? "" : req->server_port);
    return len > 0 && (size_t)len < size ? (size_t)len : 0;
}

/* Whether target[0..len) may be where field sends a client: a path, a
 * reference relative to the request's (RFC 9110 Section 10.2.2 lets
 * Location be relative), or an absolute http(s) URL on this origin or one
 * the operator allows.  Open redirects got public simulators used for
 * phishing: a network-path reference (//host) names another origin in
 * disguise, and a backslash is a path separator to some browsers, so
 * both are refused, like any scheme but http(s).  Returns 0, or -1 after
 * refusing it. */
static int check_target(struct reading *r, const char *field,
                        const char *target, size_t len)
{
    char url[CONTROLS_FIELD_BYTES], own[320];
    if (len >= sizeof(url))
        goto malformed;
    memcpy(url, target, len);
    url[len] = '\0';
    for (size_t i = 0; i < len; i++)
        if (!is_uri_char(url[i]) ||
            (url[i] == '%' && !(isxdigit((unsigned char)url[i + 1]) &&
                                isxdigit((unsigned char)url[i + 2]))))
            goto malformed;
    if (len == 0 || strncmp(url, "//", 2) == 0)
        goto malformed;
    if (!has_scheme(url))
        return 0;
    size_t origin_len = origin_length(url);
    if (origin_len == 0)
        goto malformed;
    size_t own_len = own_origin(r, own, sizeof(own));
    if ((own_len == origin_len && strncasecmp(own, url, origin_len) == 0) ||
        origin_listed(r->limits->redirect_origins, url, origin_len))
        return 0;
    return refuse(r->c, 403, "a path such as /api/status/200, a URL on this "
                             "host, or one on an origin the operator "
                             "allows (HTTPSTATUS_REDIRECT_ORIGINS)",
                  "%s '%.*s' points at another origin, which this server "
                  "does not redirect to.", field, quoted(len), url);
malformed:
    return refuse(r->c, 400, ACCEPTED_LOCATION,
                  "%s '%.*s' is neither a path nor an http(s) URL.", field,
                  quoted(len), target);
}

static const char *check_location(struct reading *r, const char *value)
{
    return check_target(r, "Location", value, strlen(value)) == 0 ? value
                                                                  : NULL;
}

/* "5", "0; url=/next", "0;URL='https://a.example/'": a delay, then the
 * place a browser goes, as browsers read it (the HTML standard's shared
 * declarative refresh steps), which must pass as a Location would. */
static const char *check_refresh(struct reading *r, const char *value)
{
    const char *p = value + strspn(value, "0123456789.");
    if (p == value) {
        refuse(r->c, 400, "a delay in seconds, then ; url=URL",
               "Refresh '%.*s' does not start with a delay.",
               quoted(strlen(value)), value);
        return NULL;
    }
    p += strspn(p, " \t");
    if (*p == ';' || *p == ',')
        p += 1 + strspn(p + 1, " \t");
    if (strncasecmp(p, "url", 3) == 0 && p[3 + strspn(p + 3, " \t")] == '=') {
        p += 3 + strspn(p + 3, " \t") + 1;
        p += strspn(p, " \t");
    }
    size_t len = strlen(p);
    if (len >= 2 && (*p == '\'' || *p == '"') && p[len - 1] == *p) {
        p++;
        len -= 2;
    }
    return len == 0 || check_target(r, "Refresh", p, len) == 0 ? value
                                                                : NULL;
}

/* "</a>; rel=preload, </b>; rel=next": every target a browser may fetch
 * or follow must pass as a Location would. */
static const char *check_link(struct reading *r, const char *value)
{
    const char *p = value;
    for (;;) {
        p += strspn(p, " \t");
        const char *end = *p == '<' ? strchr(p, '>') : NULL;
        if (!end) {
            refuse(r->c, 400, "<URI> references with parameters, as in "
                              "</next>; rel=next",
                   "Link '%.*s' is not a list of <URI> references.",
                   quoted(strlen(value)), value);
            return NULL;
        }
        if (check_target(r, "Link", p + 1, (size_t)(end - p - 1)) != 0)
            return NULL;
        /* Parameters run to the next comma outside quotes. */
        int in_quotes = 0;
        for (p = end + 1; *p && (in_quotes || *p != ','); p++)
            if (*p == '"')
                in_quotes = !in_quotes;
        if (!*p)
            return value;
        p++;
    }
}

static int all_digits(const char *text)
{
    size_t n = strspn(text, "0123456789");
    return n > 0 && text[n] == '\0';
}

/* delay-seconds, or an IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT". */
static const char *check_retry_after(struct reading *r, const char *value)
{
    static const char shape[] = "aaa, 00 aaa 0000 00:00:00 GMT";
    if (all_digits(value) && strlen(value) <= 10)
        return value;
    int date = strlen(value) == sizeof(shape) - 1;
    for (size_t i = 0; date && shape[i]; i++) {
        char ch = value[i];
        date = shape[i] == '0'   ? ch >= '0' && ch <= '9'
               : shape[i] == 'a' ? (ch | 0x20) >= 'a' && (ch | 0x20) <= 'z'
                                 : ch == shape[i];
    }
    if (date)
        return value;
    refuse(r->c, 400, "a number of seconds or an HTTP-date",
           "Retry-After '%.*s' is neither seconds nor an HTTP-date.",
           quoted(strlen(value)), value);
    return NULL;
}

/* Whether value holds only token characters and those in extra; refuses
 * it, naming field and the shape it should have, when not. */
static const char *check_token_chars(struct reading *r, const char *value,
                                     const char *extra, const char *field,
                                     const char *shape, const char *accepted)
{
    for (const char *p = value; *p; p++)
        if (!http_is_tchar(*p) && !strchr(extra, *p)) {
            refuse(r->c, 400, accepted, "%s '%.*s' is not %s.", field,
                   quoted(strlen(value)), value, shape);
            return NULL;
        }
    return value;
}

/* Method names separated by commas; empty is allowed (an empty Allow says
 * no method is). */
static const char *check_method_list(struct reading *r, const char *value)
{
    return check_token_chars(r, value, ", ", "Allow", "a list of methods",
                             "method names separated by commas");
}

static const char *check_cache_control(struct reading *r, const char *value)
{
    return check_token_chars(r, value, "=, \"", "Cache-Control",
                             "a list of directives",
                             "Cache-Control directives such as no-store, "
                             "max-age=60, public");
}

/* An entity tag, quoted as RFC 9110 Section 8.8.3 wants: a bare value
 * such as etag=v1 becomes "v1". */
static const char *check_etag(struct reading *r, const char *value)
{
    const char *opaque = strncmp(value, "W/", 2) == 0 ? value + 2 : value;
    size_t len = strlen(opaque);
    int is_quoted = len >= 2 && opaque[0] == '"' && opaque[len - 1] == '"';
    const char *inner = is_quoted ? opaque + 1 : opaque;
    size_t inner_len = is_quoted ? len - 2 : len;
    for (size_t i = 0; i < inner_len; i++)
        if (inner[i] == '"' || inner[i] <= 0x20 || inner[i] > 0x7e) {
            refuse(r->c, 400, "an entity tag such as v1, \"v1\" or W/\"v1\"",
                   "ETag '%.*s' is not an entity tag.",
                   quoted(strlen(value)), value);
            return NULL;
        }
    if (is_quoted)
        return value;
    char wrapped[CONTROLS_FIELD_BYTES];
    int n = snprintf(wrapped, sizeof(wrapped), "%.*s\"%s\"",
                     (int)(opaque - value), value, opaque);
    const char *stored = n > 0 && (size_t)n < sizeof(wrapped)
                             ? buffer_keep(&r->c->stored, wrapped, (size_t)n)
                             : NULL;
    if (!stored)
        refuse(r->c, 400, NULL, "The fields asked for exceed %d bytes.",
               CONTROLS_FIELD_BYTES);
    return stored;
}

/* What a request may do with a response field. */
enum field_access {
    /* The web server frames the message and owns the connection, and the
     * simulator owns its own content (a chosen Content-Type could turn the
     * echoed request into a page that runs): 400. */
    FIELD_FRAMING,
    /* It would plant state in a browser (a cookie, HSTS, a policy, a
     * reporting endpoint, an alternative service) or make it download:
     * a public simulator must not lend its origin to that.  403. */
    FIELD_PLANTING,
    /* Set as given, in this spelling, once check (if any) passes; the
     * fields that send a browser elsewhere pass the Location policy. */
    FIELD_CHECKED,
};

/* Every field a request's choice is not free for, by its usual spelling.
 * README's table of fields a caller may set follows this one. */
static const struct field_policy {
    const char *name;
    int prefix;               /* every field whose name starts so */
    enum field_access access;
    const char *(*check)(struct reading *r, const char *value);
} field_policies[] = {
    { "Content-Length", 0, FIELD_FRAMING, NULL },
    { "Transfer-Encoding", 0, FIELD_FRAMING, NULL },
    { "Connection", 0, FIELD_FRAMING, NULL },
    { "Keep-Alive", 0, FIELD_FRAMING, NULL },
    { "TE", 0, FIELD_FRAMING, NULL },
    { "Trailer", 0, FIELD_FRAMING, NULL },
    { "Upgrade", 0, FIELD_FRAMING, NULL },
    { "Status", 0, FIELD_FRAMING, NULL },
    { "Proxy-Connection", 0, FIELD_FRAMING, NULL },
    { "Content-Type", 0, FIELD_FRAMING, NULL },
    { "Content-Encoding", 0, FIELD_FRAMING, NULL },
    { "Set-Cookie", 0, FIELD_PLANTING, NULL },
    { "Set-Cookie2", 0, FIELD_PLANTING, NULL },
    { "Strict-Transport-Security", 0, FIELD_PLANTING, NULL },
    { "Clear-Site-Data", 0, FIELD_PLANTING, NULL },
    { "Content-Security-Policy", 1, FIELD_PLANTING, NULL },
    { "Content-Disposition", 0, FIELD_PLANTING, NULL },
    { "Public-Key-Pins", 1, FIELD_PLANTING, NULL },
    { "Alt-Svc", 0, FIELD_PLANTING, NULL },
    { "NEL", 0, FIELD_PLANTING, NULL },
    { "Report-To", 0, FIELD_PLANTING, NULL },
    { "Reporting-Endpoints", 0, FIELD_PLANTING, NULL },
    { "Service-Worker-Allowed", 0, FIELD_PLANTING, NULL },
    { "Permissions-Policy", 0, FIELD_PLANTING, NULL },
    { "Feature-Policy", 0, FIELD_PLANTING, NULL },
    { "Accept-CH", 0, FIELD_PLANTING, NULL },
    { "Cross-Origin-", 1, FIELD_PLANTING, NULL },
    { "Location", 0, FIELD_CHECKED, check_location },
    { "Refresh", 0, FIELD_CHECKED, check_refresh },
    { "Link", 0, FIELD_CHECKED, check_link },
    { "Retry-After", 0, FIELD_CHECKED, check_retry_after },
    { "Allow", 0, FIELD_CHECKED, check_method_list },
    { "Cache-Control", 0, FIELD_CHECKED, check_cache_control },
    { "ETag", 0, FIELD_CHECKED, check_etag },
    { "WWW-Authenticate", 0, FIELD_CHECKED, NULL },
    { "Proxy-Authenticate", 0, FIELD_CHECKED, NULL },
};

/* The policy for a field name, or NULL when the request is free to set
 * it as it likes. */
static const struct field_policy *field_policy(const char *name)
{
    for (size_t i = 0; i < sizeof(field_policies) / sizeof(field_policies[0]);
         i++) {
        const struct field_policy *p = &field_policies[i];
        if (p->prefix ? strncasecmp(name, p->name, strlen(p->name)) == 0
                      : strcasecmp(name, p->name) == 0)
            return p;
    }
    return NULL;
}

/* Sets a response field; a second setting of the same name replaces the
 * first.  name and value must already be in c->storage. */
static int set_field(struct reading *r, const char *name, const char *value)
{
    struct sim_controls *c = r->c;
    size_t name_len = strlen(name);
    if (!http_is_token(name, name_len) || name_len > CONTROLS_FIELD_NAME_MAX)
        return refuse(c, 400, ACCEPTED_FIELD,
                      "'%.*s' is not a header field name.",
                      quoted(name_len), name);
    const struct field_policy *policy = field_policy(name);
    if (policy && policy->access == FIELD_FRAMING)
        return refuse(c, 400, ACCEPTED_FIELD,
                      "The %.*s field cannot be set: the web server and the "
                      "simulator decide it.", quoted(name_len), name);
    if (policy && policy->access == FIELD_PLANTING)
        return refuse(c, 403, ACCEPTED_FIELD,
                      "The %.*s field cannot be set: it would plant state "
                      "in a browser on this server's behalf.",
                      quoted(name_len), name);
    if (!http_is_field_value(value))
        return refuse(c, 400, ACCEPTED_FIELD,
                      "The value for %.*s holds a control character or a "
                      "byte outside ASCII.", quoted(name_len), name);
    if (policy) {
        name = policy->name;
        if (policy->check && !(value = policy->check(r, value)))
            return -1;
    }
    struct header_field *same = (struct header_field *)http_field_find(
        c->fields, c->field_count, name);
    if (same) {
        same->value = value;
        return 0;
    }
    if (c->field_count == CONTROLS_MAX_FIELDS)
        return refuse(c, 400, NULL, "At most %d response fields can be "
                                    "set.", CONTROLS_MAX_FIELDS);
    c->fields[c->field_count].name = name;
    c->fields[c->field_count].value = value;
    c->field_count++;
    return 0;
}

static int store_and_set(struct reading *r, const char *name,
                         size_t name_len, const char *value, size_t value_len)
{
    const char *stored_name = buffer_keep(&r->c->stored, name, name_len);
    const char *stored_value =
        stored_name ? buffer_keep(&r->c->stored, value, value_len) : NULL;
    if (!stored_value)
        return refuse(r->c, 400, NULL, "The fields asked for exceed %d bytes "
                                       "in all.", CONTROLS_FIELD_BYTES);
    return set_field(r, stored_name, stored_value);
}

/* One control's value, given as text[0..len) (NUL-terminated at len). */
struct control;
typedef int (*control_apply)(struct reading *r, const struct control *control,
                             const char *text, size_t len);

struct control {
    const char *query;        /* query parameter */
    const char *query_alias;  /* the other spelling peers use, or NULL */
    const char *header;       /* X-HttpStatus-{header}, in the environment's
                               * spelling, or NULL */
    control_apply apply;
    const char *field;        /* apply_field: the response field it sets */
    enum abort_point abort_at; /* apply_abort: the fault its header names */
    size_t target;            /* apply_switch, apply_ms: offset of the
                               * member of struct sim_controls it sets */
    const char *accepted;     /* apply_ms: what a refusal says is taken */
};

static int parse_boolean(const char *text, int *value)
{
    if (strcasecmp(text, "true") == 0 || strcmp(text, "1") == 0)
        *value = 1;
    else if (strcasecmp(text, "false") == 0 || strcmp(text, "0") == 0)
        *value = 0;
    else
        return -1;
    return 0;
}

static void *target_of(struct sim_controls *c, const struct control *control)
{
    return (char *)c + control->target;
}

static int apply_seed(struct reading *r, const struct control *control,
                      const char *text, size_t len)
{
    (void)control;
    const uint64_t max = (UINT64_C(1) << 63) - 1; /* a JSON integer */
    if (http_parse_decimal(text, len, max, &r->c->seed) != 0 ||
        r->c->seed > max)
        return refuse(r->c, 400, "a whole number from 0 to 2^63-1",
                      "seed '%.*s' is not a whole number from 0 to 2^63-1.",
                      quoted(len), text);
    r->c->has_seed = 1;
    return 0;
}

/* A true/false control. */
static int apply_switch(struct reading *r, const struct control *control,
                        const char *text, size_t len)
{
    if (parse_boolean(text, target_of(r->c, control)) != 0)
        return refuse(r->c, 400, ACCEPTED_BOOLEAN,
                      "%s '%.*s' is neither true nor false.", control->query,
                      quoted(len), text);
    return 0;
}

static int parse_ms(struct reading *r, const char *what, const char *accepted,
                    const char *text, size_t len, uint64_t *ms)
{
    uint64_t max = r->limits->max_sleep_ms;
    if (http_parse_decimal(text, len, max, ms) == 0 && *ms <= max)
        return 0;
    return refuse(r->c, 400, accepted,
                  "%s '%.*s' is not a number of milliseconds from 0 to "
                  "%llu.", what, quoted(len), text, (unsigned long long)max);
}

/* A delay, bounded by the operator's HTTPSTATUS_MAX_SLEEP_MS. */
static int apply_ms(struct reading *r, const struct control *control,
                    const char *text, size_t len)
{
    return parse_ms(r, control->query, control->accepted, text, len,
                    target_of(r->c, control));
}

/* sleep=MS, or sleep=LOW-HIGH for a delay drawn from the range. */
static int apply_sleep(struct reading *r, const struct control *control,
                       const char *text, size_t len)
{
    const char *dash = memchr(text, '-', len);
    uint64_t *low = &r->c->pacing.delay_ms, *high = &r->c->sleep_high_ms;
    uint64_t max = r->limits->max_sleep_ms;
    size_t low_len = dash ? (size_t)(dash - text) : len;
    *high = 0;
    /* A range whose ends are not both delays is refused as the whole
     * text, like any other value that is not one. */
    if (!dash || http_parse_decimal(text, low_len, max, low) != 0 ||
        *low > max ||
        http_parse_decimal(dash + 1, len - low_len - 1, max, high) != 0 ||
        *high > max) {
        *high = 0;
        return parse_ms(r, control->query, control->accepted, text, len,
                        low);
    }
    if (*high < *low)
        return refuse(r->c, 400, control->accepted,
                      "sleep '%.*s' is a range that runs downwards.",
                      quoted(len), text);
    return 0;
}

/* fail=SHARE: a decimal from 0 to 1 with at most six places, kept in
 * millionths so that no float decides a request. */
static int apply_fail(struct reading *r, const struct control *control,
                      const char *text, size_t len)
{
    (void)control;
    size_t whole = strspn(text, "0123456789");
    size_t places = text[whole] == '.' ? strspn(text + whole + 1,
                                                "0123456789") : 0;
    size_t used = whole + (text[whole] == '.' ? 1 + places : 0);
    uint64_t units = 0;
    for (size_t i = 0; i < whole && units <= 1; i++)
        units = units * 10 + (uint64_t)(text[i] - '0');
    uint64_t ppm = units * 1000000;
    for (size_t i = 0, scale = 100000; i < places && i < 6; i++, scale /= 10)
        ppm += (uint64_t)(text[whole + 1 + i] - '0') * scale;
    if (used != len || whole + places == 0 || places > 6 || ppm > 1000000)
        return refuse(r->c, 400, "a share from 0 to 1, such as 0.2",
                      "fail '%.*s' is not a share from 0 to 1 with at most "
                      "six decimal places.", quoted(len), text);
    r->c->has_fail = 1;
    r->c->fail_ppm = (uint32_t)ppm;
    return 0;
}

/* true spreads the body over a second; a number, over that many ms. */
#define DRIBBLE_DEFAULT_MS 1000

static int apply_dribble(struct reading *r, const struct control *control,
                         const char *text, size_t len)
{
    int on;
    if (parse_boolean(text, &on) == 0 && !all_digits(text)) {
        r->c->pacing.dribble_ms = on ? DRIBBLE_DEFAULT_MS : 0;
        return 0;
    }
    if (parse_ms(r, control->query, ACCEPTED_MS, text, len,
                 &r->c->pacing.dribble_ms) == 0)
        return 0;
    r->c->accepted = "true, false or " ACCEPTED_MS;
    return -1;
}

static int apply_abort(struct reading *r, const struct control *control,
                       const char *text, size_t len)
{
    if (control->abort_at != ABORT_NONE) {
        /* httpstat.us's form: one boolean header per point. */
        int on;
        if (parse_boolean(text, &on) != 0)
            return refuse(r->c, 400, ACCEPTED_BOOLEAN,
                          "An abort header's value '%.*s' is neither true "
                          "nor false.", quoted(len), text);
        if (on)
            r->c->pacing.abort_at = control->abort_at;
        return 0;
    }
    for (int point = ABORT_NONE; point <= ABORT_DURING_BODY; point++)
        if (strcmp(text, response_abort_name(point)) == 0) {
            r->c->pacing.abort_at = (enum abort_point)point;
            return 0;
        }
    return refuse(r->c, 400, "none, before_headers, after_headers or "
                             "during_body",
                  "abort '%.*s' is not a point to abort at.",
                  quoted(len), text);
}

static int apply_format(struct reading *r, const struct control *control,
                        const char *text, size_t len)
{
    (void)control;
    if (strcmp(text, "json") == 0)
        r->c->format = FORMAT_JSON;
    else if (strcmp(text, "text") == 0)
        r->c->format = FORMAT_TEXT;
    else if (strcmp(text, "html") == 0)
        r->c->format = FORMAT_HTML;
    else
        return refuse(r->c, 400, "json, text or html",
                      "format '%.*s' is not json, text or html.",
                      quoted(len), text);
    return 0;
}

static int apply_field(struct reading *r, const struct control *control,
                       const char *text, size_t len)
{
    return store_and_set(r, control->field, strlen(control->field), text,
                         len);
}

/* header=Name:Value, one per custom field (fortio's spelling). */
static int apply_header(struct reading *r, const struct control *control,
                        const char *text, size_t len)
{
    (void)control;
    const char *colon = memchr(text, ':', len);
    if (!colon)
        return refuse(r->c, 400, "header=Name:Value",
                      "header '%.*s' has no ':' between name and value.",
                      quoted(len), text);
    const char *value = colon + 1;
    while (*value == ' ')
        value++;
    return store_and_set(r, text, (size_t)(colon - text), value,
                         len - (size_t)(value - text));
}

/* sequence=KEY and key=KEY, into the member at control->target. */
static int apply_key(struct reading *r, const struct control *control,
                     const char *text, size_t len)
{
    if (!sequence_key_is_sane(text, len))
        return refuse(r->c, 400, ACCEPTED_KEY,
                      "%s '%.*s' is not a key: 1 to %d letters, digits, "
                      "'-', '_', '.' or '~'.",
                      control->query, quoted(len), text, SEQUENCE_KEY_MAX);
    memcpy(target_of(r->c, control), text, len + 1);
    return 0;
}

static int apply_then(struct reading *r, const struct control *control,
                      const char *text, size_t len)
{
    (void)control;
    if (sequence_then_parse(text, &r->c->then) != 0)
        return refuse(r->c, 400, "last, cycle or random",
                      "then '%.*s' is not last, cycle or random.",
                      quoted(len), text);
    r->c->has_then = 1;
    return 0;
}

static int apply_ratelimit(struct reading *r, const struct control *control,
                           const char *text, size_t len)
{
    (void)control;
    if (ratelimit_parse(text, &r->c->quota, &r->c->window_ms) != 0)
        return refuse(r->c, 400, ACCEPTED_RATELIMIT,
                      "ratelimit '%.*s' is not N/PERIOD.", quoted(len),
                      text);
    r->c->has_ratelimit = 1;
    return 0;
}

/* ratelimit_status= and fail_status=: a code from 400 to 599, into the
 * int member at control->target. */
static int apply_error_status(struct reading *r,
                              const struct control *control,
                              const char *text, size_t len)
{
    uint64_t code;
    if (http_parse_decimal(text, len, 599, &code) != 0 || code < 400 ||
        code > 599)
        return refuse(r->c, 400, "a status code from 400 to 599",
                      "%s '%.*s' is not a code from 400 to 599.",
                      control->query, quoted(len), text);
    *(int *)target_of(r->c, control) = (int)code;
    return 0;
}

static int apply_ratelimit_fields(struct reading *r,
                                  const struct control *control,
                                  const char *text, size_t len)
{
    (void)control;
    if (ratelimit_dialect_parse(text, &r->c->dialect) != 0)
        return refuse(r->c, 400, "draft10, draft7, draft6, legacy or none",
                      "ratelimit_fields '%.*s' is not draft10, draft7, "
                      "draft6, legacy or none.", quoted(len), text);
    r->c->has_ratelimit_fields = 1;
    return 0;
}

#define AT(member) offsetof(struct sim_controls, member)

/* Keep in step with README's table of controls and the parameters of
 * openapi.json: tests/unit/test_controls.c compares them with this. */
static const struct control controls[] = {
    { "sleep", NULL, "SLEEP", apply_sleep, NULL, ABORT_NONE, 0,
      ACCEPTED_SLEEP },
    { "seed", NULL, "SEED", apply_seed, NULL, ABORT_NONE, 0, NULL },
    { "suppressBody", "suppress_body", "SUPPRESSBODY", apply_switch, NULL,
      ABORT_NONE, AT(suppress_body), NULL },
    { "envelope", NULL, "ENVELOPE", apply_switch, NULL, ABORT_NONE,
      AT(envelope), NULL },
    { "sleepAfterHeaders", "sleep_after_headers", "SLEEPAFTERHEADERS",
      apply_ms, NULL, ABORT_NONE, AT(pacing.after_head_ms), ACCEPTED_MS },
    { "dribbleBody", "dribble", "DRIBBLEBODY", apply_dribble, NULL,
      ABORT_NONE, 0, NULL },
    { "abort", NULL, "ABORT", apply_abort, NULL, ABORT_NONE, 0, NULL },
    { NULL, NULL, "ABORTBEFOREHEADERS", apply_abort, NULL,
      ABORT_BEFORE_HEADERS, 0, NULL },
    { NULL, NULL, "ABORTAFTERHEADERS", apply_abort, NULL,
      ABORT_AFTER_HEADERS, 0, NULL },
    { NULL, NULL, "ABORTDURINGBODY", apply_abort, NULL, ABORT_DURING_BODY, 0,
      NULL },
    { "format", NULL, "FORMAT", apply_format, NULL, ABORT_NONE, 0, NULL },
    { "cache", NULL, "CACHE", apply_field, "Cache-Control", ABORT_NONE, 0,
      NULL },
    { "etag", NULL, "ETAG", apply_field, "ETag", ABORT_NONE, 0, NULL },
    { "location", NULL, NULL, apply_field, "Location", ABORT_NONE, 0, NULL },
    { "retry_after", "retryAfter", NULL, apply_field, "Retry-After",
      ABORT_NONE, 0, NULL },
    { "www_authenticate", "wwwAuthenticate", NULL, apply_field,
      "WWW-Authenticate", ABORT_NONE, 0, NULL },
    { "allow", NULL, NULL, apply_field, "Allow", ABORT_NONE, 0, NULL },
    { "header", NULL, NULL, apply_header, NULL, ABORT_NONE, 0, NULL },
    { "sequence", NULL, NULL, apply_key, NULL, ABORT_NONE, AT(sequence_key),
      NULL },
    { "key", NULL, "KEY", apply_key, NULL, ABORT_NONE, AT(plain_key), NULL },
    { "then", NULL, NULL, apply_then, NULL, ABORT_NONE, 0, NULL },
    { "ratelimit", NULL, NULL, apply_ratelimit, NULL, ABORT_NONE, 0, NULL },
    { "ratelimit_status", NULL, NULL, apply_error_status, NULL, ABORT_NONE,
      AT(ratelimit_status), NULL },
    { "ratelimit_fields", NULL, NULL, apply_ratelimit_fields, NULL,
      ABORT_NONE, 0, NULL },
    { "fail", NULL, NULL, apply_fail, NULL, ABORT_NONE, 0, NULL },
    { "fail_status", NULL, NULL, apply_error_status, NULL, ABORT_NONE,
      AT(fail_status), NULL },
};

#define CONTROL_COUNT (sizeof(controls) / sizeof(controls[0]))

static int from_header(struct reading *r, const char *entry)
{
    const char *equals = strchr(entry, '=');
    if (!equals)
        return 0;
    const char *value = equals + 1;
    size_t prefix = sizeof(RESPONSE_HEADER_PREFIX) - 1;
    if (strncmp(entry, RESPONSE_HEADER_PREFIX, prefix) == 0) {
        char name[CONTROLS_FIELD_NAME_MAX + 1];
        size_t env_name_len = (size_t)(equals - entry) - prefix;
        if (http_header_case(entry + prefix, env_name_len, name,
                             sizeof(name)) != 0)
            return refuse(r->c, 400, ACCEPTED_FIELD,
                          "X-HttpStatus-Response-%.*s does not name a "
                          "field of at most %d bytes.", quoted(env_name_len),
                          entry + prefix, CONTROLS_FIELD_NAME_MAX);
        return store_and_set(r, name, strlen(name), value, strlen(value));
    }
    const char *suffix = entry + sizeof(CONTROL_HEADER_PREFIX) - 1;
    size_t suffix_len = (size_t)(equals - suffix);
    for (size_t i = 0; i < CONTROL_COUNT; i++)
        if (controls[i].header && strlen(controls[i].header) == suffix_len &&
            strncmp(controls[i].header, suffix, suffix_len) == 0)
            return controls[i].apply(r, &controls[i], value, strlen(value));
    /* An X-HttpStatus-* header the simulator does not know is ignored, as
     * httpstat.us ignores it. */
    return 0;
}

static const struct control *find_query_control(const char *name, size_t len)
{
    for (size_t i = 0; i < CONTROL_COUNT; i++) {
        const char *spellings[] = { controls[i].query,
                                    controls[i].query_alias };
        for (size_t s = 0; s < 2; s++)
            if (spellings[s] && strlen(spellings[s]) == len &&
                strncasecmp(spellings[s], name, len) == 0)
                return &controls[i];
    }
    return NULL;
}

static int from_query(struct reading *r, const char *query)
{
    while (*query) {
        size_t pair_len = strcspn(query, "&");
        const char *equals = memchr(query, '=', pair_len);
        const char *next = query + pair_len + (query[pair_len] ? 1 : 0);
        const struct control *control =
            equals ? find_query_control(query, (size_t)(equals - query))
                   : NULL;
        if (control) {
            size_t name_len = (size_t)(equals - query);
            size_t raw_len = pair_len - name_len - 1;
            char value[CONTROLS_FIELD_BYTES];
            if (raw_len >= sizeof(value))
                return refuse(r->c, 400, NULL,
                              "The value of %.*s is too long.",
                              quoted(name_len), query);
            memcpy(value, equals + 1, raw_len);
            long len = http_percent_decode(value, raw_len);
            if (len < 0)
                return refuse(r->c, 400, "percent-encoding as %XX",
                              "The value of %.*s has a broken %%-escape.",
                              quoted(name_len), query);
            value[len] = '\0';
            if (memchr(value, '\0', (size_t)len))
                return refuse(r->c, 400, ACCEPTED_FIELD,
                              "The value of %.*s holds a NUL byte.",
                              quoted(name_len), query);
            if (control->apply(r, control, value, (size_t)len) != 0)
                return -1;
        }
        query = next;
    }
    return 0;
}

/* Controls that only work together.  sequence= and key= name one state:
 * the key is whichever was given, and two that differ leave it unclear
 * which state is meant. */
static int settle_combinations(struct sim_controls *c)
{
    if (c->sequence_key[0] && c->plain_key[0] &&
        strcmp(c->sequence_key, c->plain_key) != 0)
        return refuse(c, 400, NULL,
                      "sequence '%s' and key '%s' name different state; "
                      "give one key, or the same in both.",
                      c->sequence_key, c->plain_key);
    if (c->has_then && !c->sequence_key[0])
        return refuse(c, 400, NULL, "then= says what a sequence answers "
                                    "after its end; it needs sequence=KEY.");
    if (c->fail_status && !c->has_fail)
        return refuse(c, 400, NULL, "fail_status= is what fail= answers "
                                    "with; it needs fail=SHARE.");
    if ((c->ratelimit_status || c->has_ratelimit_fields) &&
        !c->has_ratelimit)
        return refuse(c, 400, NULL, "ratelimit_status= and "
                                    "ratelimit_fields= shape a rate limit; "
                                    "they need ratelimit=N/PERIOD.");
    c->sequence = c->sequence_key[0] != '\0';
    strcpy(c->key, c->sequence ? c->sequence_key : c->plain_key);
    return 0;
}

void controls_reset(struct sim_controls *c)
{
    memset(c, 0, offsetof(struct sim_controls, storage));
    buffer_init(&c->stored, c->storage, sizeof(c->storage));
    c->error_status = 0;
    c->error[0] = '\0';
    c->accepted = NULL;
}

int controls_parse(struct sim_controls *c, const struct sim_request *req,
                   const struct request_limits *limits)
{
    struct reading r = { c, req, limits };
    controls_reset(c);
    if (req->controls_overflow)
        return refuse(c, 400, NULL, "More than %d X-HttpStatus-* headers "
                                    "were sent.", REQUEST_MAX_CONTROLS);
    for (size_t i = 0; i < req->control_count; i++)
        if (from_header(&r, req->controls[i]) != 0)
            return -1;
    if (from_query(&r, req->query) != 0)
        return -1;
    return settle_combinations(c);
}

const char *controls_field(const struct sim_controls *c, const char *name)
{
    const struct header_field *found = http_field_find(c->fields,
                                                       c->field_count, name);
    return found ? found->value : NULL;
}

int controls_table_at(size_t index, const char **query, const char **alias,
                      const char **header)
{
    if (index >= CONTROL_COUNT)
        return -1;
    *query = controls[index].query;
    *alias = controls[index].query_alias;
    *header = controls[index].header;
    return 0;
}
