/* controls.c - the simulator's controls, from the query and the headers */
#include "controls.h"

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
#define ACCEPTED_FIELD "a field name that is an RFC 9110 token and a value " \
    "of visible ASCII characters and spaces; not a framing, hop-by-hop or " \
    "content field"

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

/* Copies text into c->storage, NUL-terminated; NULL when it is full. */
static char *store(struct sim_controls *c, const char *text, size_t len)
{
    if (len >= sizeof(c->storage) - c->storage_used)
        return NULL;
    char *out = c->storage + c->storage_used;
    memcpy(out, text, len);
    out[len] = '\0';
    c->storage_used += len + 1;
    return out;
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)(c | 0x20);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Percent-decodes a query value in place ('+' is a space, as forms send
 * it).  Returns the decoded length, or -1 for a broken %-escape. */
static long decode_query_value(char *text, size_t len)
{
    size_t out = 0;
    for (size_t i = 0; i < len; i++) {
        char ch = text[i];
        if (ch == '+')
            ch = ' ';
        else if (ch == '%') {
            int high = i + 2 < len ? hex_digit(text[i + 1]) : -1;
            int low = high >= 0 ? hex_digit(text[i + 2]) : -1;
            if (low < 0)
                return -1;
            ch = (char)(high * 16 + low);
            i += 2;
        }
        text[out++] = ch;
    }
    return (long)out;
}

int controls_is_tchar(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
           (ch >= '0' && ch <= '9') ||
           (ch && strchr("!#$%&'*+-.^_`|~", ch));
}

static int is_token(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!controls_is_tchar(text[i]))
            return 0;
    return len > 0;
}

/* Visible ASCII, spaces and tabs only: no CR, LF, NUL or other control
 * can reach a header line, and no byte a client might decode oddly. */
static int is_field_value(const char *text)
{
    for (; *text; text++)
        if ((*text < 0x20 && *text != '\t') || *text > 0x7e)
            return 0;
    return 1;
}

/* Fields a request can never set: the web server frames the message and
 * owns the connection, and the simulator owns its own content (a chosen
 * Content-Type could turn the echoed request into a page that runs). */
static int is_refused_field(const char *name)
{
    static const char *const refused[] = {
        "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive",
        "TE", "Trailer", "Upgrade", "Status", "Proxy-Connection",
        "Content-Type", "Content-Encoding",
    };
    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
        if (strcasecmp(name, refused[i]) == 0)
            return 1;
    return 0;
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
    while (list && *list) {
        list += strspn(list, " ,");
        size_t entry = strcspn(list, " ,");
        if ((entry == 1 && *list == '*') ||
            (entry == len && strncasecmp(list, origin, len) == 0))
            return 1;
        list += entry;
    }
    return 0;
}

static const char *check_location(struct sim_controls *c, const char *value,
                                  const struct sim_request *req,
                                  const struct request_limits *limits)
{
    size_t len = strlen(value);
    if (strpbrk(value, " \t\\"))
        goto malformed;
    if (value[0] == '/' && value[1] != '/')
        return value;
    size_t origin_len = origin_length(value);
    if (origin_len == 0)
        goto malformed;
    char own[300];
    int own_len = snprintf(own, sizeof(own), "%s://%s", req->scheme,
                           req->host);
    if (((size_t)own_len == origin_len &&
         strncasecmp(own, value, origin_len) == 0) ||
        origin_listed(limits->redirect_origins, value, origin_len))
        return value;
    refuse(c, 403, "a path such as /api/status/200, a URL on this host, or "
                   "one on an origin the operator allows "
                   "(HTTPSTATUS_REDIRECT_ORIGINS)",
           "Location '%.*s' points at another origin, which this server "
           "does not redirect to.", quoted(len), value);
    return NULL;
malformed:
    refuse(c, 400, "a path starting with / or an http(s) URL",
           "Location '%.*s' is neither a path nor an http(s) URL.",
           quoted(len), value);
    return NULL;
}

static int all_digits(const char *text)
{
    size_t n = strspn(text, "0123456789");
    return n > 0 && text[n] == '\0';
}

/* delay-seconds, or an IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT". */
static const char *check_retry_after(struct sim_controls *c,
                                     const char *value,
                                     const struct sim_request *req,
                                     const struct request_limits *limits)
{
    static const char shape[] = "aaa, 00 aaa 0000 00:00:00 GMT";
    (void)req;
    (void)limits;
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
    refuse(c, 400, "a number of seconds or an HTTP-date",
           "Retry-After '%.*s' is neither seconds nor an HTTP-date.",
           quoted(strlen(value)), value);
    return NULL;
}

/* Whether value holds only token characters and those in extra; refuses
 * it, naming field and the shape it should have, when not. */
static const char *check_token_chars(struct sim_controls *c,
                                     const char *value, const char *extra,
                                     const char *field, const char *shape,
                                     const char *accepted)
{
    for (const char *p = value; *p; p++)
        if (!controls_is_tchar(*p) && !strchr(extra, *p)) {
            refuse(c, 400, accepted, "%s '%.*s' is not %s.", field,
                   quoted(strlen(value)), value, shape);
            return NULL;
        }
    return value;
}

/* Method names separated by commas; empty is allowed (an empty Allow says
 * no method is). */
static const char *check_method_list(struct sim_controls *c,
                                     const char *value,
                                     const struct sim_request *req,
                                     const struct request_limits *limits)
{
    (void)req;
    (void)limits;
    return check_token_chars(c, value, ", ", "Allow", "a list of methods",
                             "method names separated by commas");
}

static const char *check_cache_control(struct sim_controls *c,
                                       const char *value,
                                       const struct sim_request *req,
                                       const struct request_limits *limits)
{
    (void)req;
    (void)limits;
    return check_token_chars(c, value, "=, \"", "Cache-Control",
                             "a list of directives",
                             "Cache-Control directives such as no-store, "
                             "max-age=60, public");
}

/* An entity tag, quoted as RFC 9110 Section 8.8.3 wants: a bare value
 * such as etag=v1 becomes "v1". */
static const char *check_etag(struct sim_controls *c, const char *value,
                              const struct sim_request *req,
                              const struct request_limits *limits)
{
    (void)req;
    (void)limits;
    const char *opaque = strncmp(value, "W/", 2) == 0 ? value + 2 : value;
    size_t len = strlen(opaque);
    int is_quoted = len >= 2 && opaque[0] == '"' && opaque[len - 1] == '"';
    const char *inner = is_quoted ? opaque + 1 : opaque;
    size_t inner_len = is_quoted ? len - 2 : len;
    for (size_t i = 0; i < inner_len; i++)
        if (inner[i] == '"' || inner[i] <= 0x20 || inner[i] > 0x7e) {
            refuse(c, 400, "an entity tag such as v1, \"v1\" or W/\"v1\"",
                   "ETag '%.*s' is not an entity tag.",
                   quoted(strlen(value)), value);
            return NULL;
        }
    if (is_quoted)
        return value;
    char wrapped[CONTROLS_FIELD_BYTES];
    int n = snprintf(wrapped, sizeof(wrapped), "%.*s\"%s\"",
                     (int)(opaque - value), value, opaque);
    const char *stored = n > 0 ? store(c, wrapped, (size_t)n) : NULL;
    if (!stored)
        refuse(c, 400, NULL, "The fields asked for exceed %d bytes.",
               CONTROLS_FIELD_BYTES);
    return stored;
}

/* Fields with a syntax of their own, by their usual spelling. */
static const struct field_rule {
    const char *name;
    const char *(*check)(struct sim_controls *c, const char *value,
                         const struct sim_request *req,
                         const struct request_limits *limits);
} field_rules[] = {
    { "Location", check_location },
    { "Retry-After", check_retry_after },
    { "Allow", check_method_list },
    { "Cache-Control", check_cache_control },
    { "ETag", check_etag },
    { "WWW-Authenticate", NULL },
    { "Proxy-Authenticate", NULL },
};

/* Sets a response field; a second setting of the same name replaces the
 * first.  name and value must already be in c->storage or in the request. */
static int set_field(struct sim_controls *c, const char *name,
                     const char *value, const struct sim_request *req,
                     const struct request_limits *limits)
{
    size_t name_len = strlen(name);
    if (!is_token(name, name_len) || name_len > CONTROLS_FIELD_NAME_MAX)
        return refuse(c, 400, ACCEPTED_FIELD,
                      "'%.*s' is not a header field name.",
                      quoted(name_len), name);
    if (is_refused_field(name))
        return refuse(c, 400, ACCEPTED_FIELD,
                      "The %.*s field cannot be set: the web server and the "
                      "simulator decide it.", quoted(name_len), name);
    if (!is_field_value(value))
        return refuse(c, 400, ACCEPTED_FIELD,
                      "The value for %.*s holds a control character or a "
                      "byte outside ASCII.", quoted(name_len), name);
    for (size_t i = 0; i < sizeof(field_rules) / sizeof(field_rules[0]);
         i++)
        if (strcasecmp(name, field_rules[i].name) == 0) {
            name = field_rules[i].name;
            if (field_rules[i].check &&
                !(value = field_rules[i].check(c, value, req, limits)))
                return -1;
        }
    for (size_t i = 0; i < c->field_count; i++)
        if (strcasecmp(c->fields[i].name, name) == 0) {
            c->fields[i].value = value;
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

static int store_and_set(struct sim_controls *c, const char *name,
                         size_t name_len, const char *value, size_t value_len,
                         const struct sim_request *req,
                         const struct request_limits *limits)
{
    const char *stored_name = store(c, name, name_len);
    const char *stored_value = stored_name ? store(c, value, value_len)
                                           : NULL;
    if (!stored_value)
        return refuse(c, 400, NULL, "The fields asked for exceed %d bytes "
                                    "in all.", CONTROLS_FIELD_BYTES);
    return set_field(c, stored_name, stored_value, req, limits);
}

/* One control's value, given as text[0..len) (NUL-terminated at len). */
struct control;
typedef int (*control_apply)(struct sim_controls *c,
                             const struct control *control, const char *text,
                             size_t len, const struct sim_request *req,
                             const struct request_limits *limits);

struct control {
    const char *query;        /* query parameter */
    const char *query_alias;  /* the other spelling peers use, or NULL */
    const char *header;       /* X-HttpStatus-{header}, in the environment's
                               * spelling, or NULL */
    control_apply apply;
    const char *field;        /* the response field it sets, or NULL */
    enum abort_point abort_at; /* the fault it asks for, or ABORT_NONE */
    size_t switch_at;         /* apply_switch: offset of the int it sets */
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

static int apply_seed(struct sim_controls *c, const struct control *control,
                      const char *text, size_t len,
                      const struct sim_request *req,
                      const struct request_limits *limits)
{
    (void)control;
    (void)req;
    (void)limits;
    const uint64_t max = (UINT64_C(1) << 63) - 1; /* a JSON integer */
    if (request_parse_decimal(text, len, max, &c->seed) != 0 ||
        c->seed > max)
        return refuse(c, 400, "a whole number from 0 to 2^63-1",
                      "seed '%.*s' is not a whole number from 0 to 2^63-1.",
                      quoted(len),
                      text);
    c->has_seed = 1;
    return 0;
}

/* A true/false control: the int it sets lies at control->switch_at. */
static int apply_switch(struct sim_controls *c, const struct control *control,
                        const char *text, size_t len,
                        const struct sim_request *req,
                        const struct request_limits *limits)
{
    (void)req;
    (void)limits;
    int *target = (int *)(void *)((char *)c + control->switch_at);
    if (parse_boolean(text, target) != 0)
        return refuse(c, 400, ACCEPTED_BOOLEAN,
                      "%s '%.*s' is neither true nor false.", control->query,
                      quoted(len), text);
    return 0;
}

static int parse_ms(struct sim_controls *c, const char *what,
                    const char *text, size_t len,
                    const struct request_limits *limits, uint64_t *ms)
{
    if (request_parse_decimal(text, len, limits->max_sleep_ms, ms) == 0 &&
        *ms <= limits->max_sleep_ms)
        return 0;
    return refuse(c, 400, ACCEPTED_MS,
                  "%s '%.*s' is not a number of milliseconds from 0 to "
                  "%llu.", what, quoted(len), text,
                  (unsigned long long)limits->max_sleep_ms);
}

static int apply_sleep_after(struct sim_controls *c,
                             const struct control *control, const char *text,
                             size_t len, const struct sim_request *req,
                             const struct request_limits *limits)
{
    (void)control;
    (void)req;
    return parse_ms(c, "sleepAfterHeaders", text, len, limits,
                    &c->sleep_after_headers_ms);
}

/* true spreads the body over a second; a number, over that many ms. */
#define DRIBBLE_DEFAULT_MS 1000

static int apply_dribble(struct sim_controls *c,
                         const struct control *control, const char *text,
                         size_t len, const struct sim_request *req,
                         const struct request_limits *limits)
{
    (void)control;
    (void)req;
    int on;
    if (parse_boolean(text, &on) == 0 && !all_digits(text)) {
        c->dribble_ms = on ? DRIBBLE_DEFAULT_MS : 0;
        return 0;
    }
    if (parse_ms(c, "dribbleBody", text, len, limits, &c->dribble_ms) == 0)
        return 0;
    c->accepted = "true, false or " ACCEPTED_MS;
    return -1;
}

static int apply_abort(struct sim_controls *c, const struct control *control,
                       const char *text, size_t len,
                       const struct sim_request *req,
                       const struct request_limits *limits)
{
    static const char *const points[] = {
        [ABORT_NONE] = "none",
        [ABORT_BEFORE_HEADERS] = "before_headers",
        [ABORT_AFTER_HEADERS] = "after_headers",
        [ABORT_DURING_BODY] = "during_body",
    };
    (void)req;
    (void)limits;
    if (control->abort_at != ABORT_NONE) {
        /* httpstat.us's form: one boolean header per point. */
        int on;
        if (parse_boolean(text, &on) != 0)
            return refuse(c, 400, ACCEPTED_BOOLEAN,
                          "An abort header's value '%.*s' is neither true "
                          "nor false.", quoted(len), text);
        if (on)
            c->abort_at = control->abort_at;
        return 0;
    }
    for (size_t i = 0; i < sizeof(points) / sizeof(points[0]); i++)
        if (strcmp(text, points[i]) == 0) {
            c->abort_at = (enum abort_point)i;
            return 0;
        }
    return refuse(c, 400, "none, before_headers, after_headers or "
                          "during_body",
                  "abort '%.*s' is not a point to abort at.",
                  quoted(len), text);
}

static int apply_format(struct sim_controls *c,
                        const struct control *control, const char *text,
                        size_t len, const struct sim_request *req,
                        const struct request_limits *limits)
{
    (void)control;
    (void)req;
    (void)limits;
    if (strcmp(text, "json") == 0)
        c->format = FORMAT_JSON;
    else if (strcmp(text, "text") == 0)
        c->format = FORMAT_TEXT;
    else if (strcmp(text, "html") == 0)
        c->format = FORMAT_HTML;
    else
        return refuse(c, 400, "json, text or html",
                      "format '%.*s' is not json, text or html.",
                      quoted(len), text);
    return 0;
}

static int apply_field(struct sim_controls *c, const struct control *control,
                       const char *text, size_t len,
                       const struct sim_request *req,
                       const struct request_limits *limits)
{
    return store_and_set(c, control->field, strlen(control->field), text, len,
                         req, limits);
}

/* header=Name:Value, one per custom field (fortio's spelling). */
static int apply_header(struct sim_controls *c,
                        const struct control *control, const char *text,
                        size_t len, const struct sim_request *req,
                        const struct request_limits *limits)
{
    (void)control;
    const char *colon = memchr(text, ':', len);
    if (!colon)
        return refuse(c, 400, "header=Name:Value",
                      "header '%.*s' has no ':' between name and value.",
                      quoted(len),
                      text);
    const char *value = colon + 1;
    while (*value == ' ')
        value++;
    return store_and_set(c, text, (size_t)(colon - text), value,
                         len - (size_t)(value - text), req, limits);
}

static const struct control controls[] = {
    { "seed", NULL, "SEED", apply_seed, NULL, ABORT_NONE, 0 },
    { "suppressBody", "suppress_body", "SUPPRESSBODY", apply_switch, NULL,
      ABORT_NONE, offsetof(struct sim_controls, suppress_body) },
    { "envelope", NULL, "ENVELOPE", apply_switch, NULL, ABORT_NONE,
      offsetof(struct sim_controls, envelope) },
    { "sleepAfterHeaders", "sleep_after_headers", "SLEEPAFTERHEADERS",
      apply_sleep_after, NULL, ABORT_NONE, 0 },
    { "dribbleBody", "dribble", "DRIBBLEBODY", apply_dribble, NULL,
      ABORT_NONE, 0 },
    { "abort", NULL, "ABORT", apply_abort, NULL, ABORT_NONE, 0 },
    { NULL, NULL, "ABORTBEFOREHEADERS", apply_abort, NULL,
      ABORT_BEFORE_HEADERS, 0 },
    { NULL, NULL, "ABORTAFTERHEADERS", apply_abort, NULL,
      ABORT_AFTER_HEADERS, 0 },
    { NULL, NULL, "ABORTDURINGBODY", apply_abort, NULL, ABORT_DURING_BODY, 0 },
    { "format", NULL, "FORMAT", apply_format, NULL, ABORT_NONE, 0 },
    { "cache", NULL, "CACHE", apply_field, "Cache-Control", ABORT_NONE, 0 },
    { "etag", NULL, "ETAG", apply_field, "ETag", ABORT_NONE, 0 },
    { "location", NULL, NULL, apply_field, "Location", ABORT_NONE, 0 },
    { "retry_after", "retryAfter", NULL, apply_field, "Retry-After",
      ABORT_NONE, 0 },
    { "www_authenticate", "wwwAuthenticate", NULL, apply_field,
      "WWW-Authenticate", ABORT_NONE, 0 },
    { "allow", NULL, NULL, apply_field, "Allow", ABORT_NONE, 0 },
    { "header", NULL, NULL, apply_header, NULL, ABORT_NONE, 0 },
};

#define CONTROL_COUNT (sizeof(controls) / sizeof(controls[0]))

static int from_header(struct sim_controls *c, const char *entry,
                       const struct sim_request *req,
                       const struct request_limits *limits)
{
    const char *equals = strchr(entry, '=');
    if (!equals)
        return 0;
    const char *value = equals + 1;
    size_t prefix = sizeof(RESPONSE_HEADER_PREFIX) - 1;
    if (strncmp(entry, RESPONSE_HEADER_PREFIX, prefix) == 0) {
        char name[CONTROLS_FIELD_NAME_MAX + 1];
        size_t env_name_len = (size_t)(equals - entry) - prefix;
        if (request_header_case(entry + prefix, env_name_len, name,
                                sizeof(name)) != 0)
            return refuse(c, 400, ACCEPTED_FIELD,
                          "X-HttpStatus-Response-%.*s does not name a "
                          "field of at most %d bytes.", quoted(env_name_len),
                          entry + prefix, CONTROLS_FIELD_NAME_MAX);
        return store_and_set(c, name, strlen(name), value, strlen(value),
                             req, limits);
    }
    const char *suffix = entry + sizeof(CONTROL_HEADER_PREFIX) - 1;
    size_t suffix_len = (size_t)(equals - suffix);
    for (size_t i = 0; i < CONTROL_COUNT; i++)
        if (controls[i].header && strlen(controls[i].header) == suffix_len &&
            strncmp(controls[i].header, suffix, suffix_len) == 0)
            return controls[i].apply(c, &controls[i], value, strlen(value),
                                     req, limits);
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

static int from_query(struct sim_controls *c, const char *query,
                      const struct sim_request *req,
                      const struct request_limits *limits)
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
                return refuse(c, 400, NULL, "The value of %.*s is too long.",
                              quoted(name_len), query);
            memcpy(value, equals + 1, raw_len);
            long len = decode_query_value(value, raw_len);
            if (len < 0)
                return refuse(c, 400, "percent-encoding as %XX",
                              "The value of %.*s has a broken %%-escape.",
                              quoted(name_len), query);
            value[len] = '\0';
            if (memchr(value, '\0', (size_t)len))
                return refuse(c, 400, ACCEPTED_FIELD,
                              "The value of %.*s holds a NUL byte.",
                              quoted(name_len), query);
            if (control->apply(c, control, value, (size_t)len, req,
                               limits) != 0)
                return -1;
        }
        query = next;
    }
    return 0;
}

void controls_reset(struct sim_controls *c)
{
    memset(c, 0, offsetof(struct sim_controls, storage));
    c->storage_used = 0;
    c->error_status = 0;
    c->error[0] = '\0';
    c->accepted = NULL;
}

int controls_parse(struct sim_controls *c, const struct sim_request *req,
                   const struct request_limits *limits)
{
    controls_reset(c);
    if (req->controls_overflow)
        return refuse(c, 400, NULL, "More than %d X-HttpStatus-* headers "
                                    "were sent.", REQUEST_MAX_CONTROLS);
    for (size_t i = 0; i < req->control_count; i++)
        if (from_header(c, req->controls[i], req, limits) != 0)
            return -1;
    return from_query(c, req->query, req, limits);
}

const char *controls_field(const struct sim_controls *c, const char *name)
{
    for (size_t i = 0; i < c->field_count; i++)
        if (strcasecmp(c->fields[i].name, name) == 0)
            return c->fields[i].value;
    return NULL;
}

/* The q-value of an Accept element's parameters ("1" when none). */
static double accept_quality(const char *params, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++) {
        if ((params[i] | 0x20) != 'q' || params[i + 1] != '=' ||
            (i > 0 && params[i - 1] != ';' && params[i - 1] != ' '))
            continue;
        double q = 0, scale = 1;
        int fraction = 0;
        for (size_t j = i + 2; j < len && params[j] != ';'; j++) {
            if (params[j] == '.')
                fraction = 1;
            else if (params[j] >= '0' && params[j] <= '9') {
                if (fraction)
                    q += (params[j] - '0') * (scale /= 10);
                else
                    q = q * 10 + (params[j] - '0');
            } else
                break;
        }
        return q > 1 ? 1 : q;
    }
    return 1;
}

enum body_format controls_negotiate(const char *accept,
                                    enum body_format fallback)
{
    static const struct {
        enum body_format format;
        const char *type, *subtype;
    } offered[] = {
        { FORMAT_JSON, "application", "json" },
        { FORMAT_TEXT, "text", "plain" },
        { FORMAT_HTML, "text", "html" },
    };
    enum { OFFERED = sizeof(offered) / sizeof(offered[0]) };
    double quality[OFFERED] = { 0 };
    int specificity[OFFERED] = { -1, -1, -1 };

    if (!accept)
        return fallback;
    while (*accept) {
        size_t len = strcspn(accept, ",");
        size_t range_len = strcspn(accept, ";,");
        const char *range = accept;
        while (range_len && (*range == ' ' || *range == '\t'))
            range++, range_len--;
        while (range_len && (range[range_len - 1] == ' ' ||
                             range[range_len - 1] == '\t'))
            range_len--;
        const char *slash = memchr(range, '/', range_len);
        if (slash) {
            size_t type_len = (size_t)(slash - range);
            const char *sub = slash + 1;
            size_t sub_len = range_len - type_len - 1;
            double q = accept_quality(accept + (range - accept) + range_len,
                                      len - (size_t)(range - accept) -
                                          range_len);
            for (size_t i = 0; i < OFFERED; i++) {
                int type_any = type_len == 1 && range[0] == '*';
                int sub_any = sub_len == 1 && sub[0] == '*';
                int type_ok = type_any ||
                    (strlen(offered[i].type) == type_len &&
                     strncasecmp(range, offered[i].type, type_len) == 0);
                int sub_ok = sub_any ||
                    (strlen(offered[i].subtype) == sub_len &&
                     strncasecmp(sub, offered[i].subtype, sub_len) == 0);
                int level = type_any ? 0 : sub_any ? 1 : 2;
                if (type_ok && sub_ok && (!type_any || sub_any) &&
                    level > specificity[i]) {
                    specificity[i] = level;
                    quality[i] = q;
                }
            }
        }
        accept += len + (accept[len] ? 1 : 0);
    }

    enum body_format best = fallback;
    double best_q = 0;
    for (size_t i = 0; i < OFFERED; i++)
        if (offered[i].format == fallback)
            best_q = quality[i];
    for (size_t i = 0; i < OFFERED; i++)
        if (quality[i] > best_q) {
            best = offered[i].format;
            best_q = quality[i];
        }
    return best;
}

/* The opaque part of an entity tag: without W/, quotes kept. */
static const char *opaque_tag(const char *tag, size_t *len)
{
    if (*len >= 2 && strncmp(tag, "W/", 2) == 0) {
        tag += 2;
        *len -= 2;
    }
    return tag;
}

int controls_etag_matches(const char *if_none_match, const char *etag)
{
    size_t etag_len = strlen(etag);
    const char *mine = opaque_tag(etag, &etag_len);
    while (*if_none_match) {
        if_none_match += strspn(if_none_match, " \t,");
        size_t len = strcspn(if_none_match, " \t,");
        if (len == 1 && *if_none_match == '*')
            return 1;
        size_t tag_len = len;
        const char *theirs = opaque_tag(if_none_match, &tag_len);
        if (tag_len == etag_len && strncmp(theirs, mine, tag_len) == 0)
            return 1;
        if_none_match += len;
    }
    return 0;
}
