/* request.c - reading a simulated request out of the CGI environment */
#include "request.h"

#include <string.h>

/* Returns the value of entry when it is "name=value", else NULL. */
static const char *env_value(const char *entry, const char *name,
                             size_t name_len)
{
    if (strncmp(entry, name, name_len) == 0 && entry[name_len] == '=')
        return entry + name_len + 1;
    return NULL;
}

#define ENV_VALUE(entry, literal) \
    env_value((entry), (literal), sizeof(literal) - 1)

/* Whether path starts like one of the simulator's routes: /api, the
 * httpbin form /status, or the httpstat.us forms /random and /{code}. */
static int is_route_start(const char *path)
{
    static const char *const roots[] = { "/api", "/status", "/random" };
    for (size_t i = 0; i < sizeof(roots) / sizeof(roots[0]); i++) {
        size_t len = strlen(roots[i]);
        if (strncmp(path, roots[i], len) == 0 &&
            (path[len] == '/' || path[len] == '\0'))
            return 1;
    }
    return path[0] == '/' && path[1] >= '0' && path[1] <= '9';
}

static void compose_path(struct sim_request *req, const char *script_name,
                         const char *path_info)
{
    size_t script_len = strlen(script_name);
    size_t info_len = strlen(path_info);
    if (script_len + info_len >= sizeof(req->path)) {
        req->path_too_long = 1;
        req->path[0] = '\0';
        return;
    }
    memcpy(req->path, script_name, script_len);
    memcpy(req->path + script_len, path_info, info_len + 1);
    req->path_len = script_len + info_len;
    req->route_offset =
        is_route_start(path_info) && !is_route_start(script_name) ? script_len
                                                                  : 0;
}

/* A request header's entry ("HTTP_HOST=example.com"): the few the simulator
 * reads, picked by the name's first letter. */
static void read_header(struct sim_request *req, const char *entry)
{
    const char *value;
    switch (entry[5]) {
    case 'X':
        if (strncmp(entry, "HTTP_X_HTTPSTATUS_", 18) == 0) {
            if ((value = ENV_VALUE(entry, "HTTP_X_HTTPSTATUS_SLEEP")))
                req->sleep_header = value;
            else if (req->control_count < REQUEST_MAX_CONTROLS)
                req->controls[req->control_count++] = entry;
            else
                req->controls_overflow = 1;
        } else if ((value = ENV_VALUE(entry, "HTTP_X_REQUEST_ID")))
            req->id_header = value;
        break;
    case 'A':
        if ((value = ENV_VALUE(entry, "HTTP_ACCEPT")))
            req->accept = value;
        else if ((value = ENV_VALUE(entry,
                                    "HTTP_ACCESS_CONTROL_REQUEST_METHOD")))
            req->preflight_method = value;
        else if ((value = ENV_VALUE(entry,
                                    "HTTP_ACCESS_CONTROL_REQUEST_HEADERS")))
            req->preflight_headers = value;
        break;
    case 'H':
        if ((value = ENV_VALUE(entry, "HTTP_HOST")))
            req->host = value;
        break;
    case 'I':
        if ((value = ENV_VALUE(entry, "HTTP_IF_NONE_MATCH")))
            req->if_none_match = value;
        break;
    }
}

void request_from_env(struct sim_request *req, char *const *envp)
{
    const char *script_name = "";
    const char *path_info = "";

    memset(req, 0, sizeof(*req));
    req->method = "GET";
    req->query = "";
    req->remote_addr = "";
    req->protocol = "";
    req->host = "";
    req->scheme = "http";
    req->envp = envp;
    req->sleep_room = 1;

    /* One pass over the environment.  The first byte picks the one or two
     * names an entry can be, so the many entries the simulator does not
     * read (most of them request headers) cost a single comparison. */
    for (char *const *p = envp; p && *p; p++) {
        const char *entry = *p, *value;
        switch (entry[0]) {
        case 'H':
            if (strncmp(entry, "HTTP_", 5) == 0)
                read_header(req, entry);
            else if ((value = ENV_VALUE(entry, "HTTPS")))
                req->scheme = strcmp(value, "on") == 0 ? "https" : "http";
            break;
        case 'R':
            if ((value = ENV_VALUE(entry, "REQUEST_METHOD")))
                req->method = value;
            else if ((value = ENV_VALUE(entry, "REMOTE_ADDR")))
                req->remote_addr = value;
            else if ((value = ENV_VALUE(entry, "REQUEST_SCHEME")))
                req->scheme = strcmp(value, "https") == 0 ? "https" : "http";
            break;
        case 'Q':
            if ((value = ENV_VALUE(entry, "QUERY_STRING")))
                req->query = value;
            break;
        case 'S':
            if ((value = ENV_VALUE(entry, "SERVER_PROTOCOL")))
                req->protocol = value;
            else if ((value = ENV_VALUE(entry, "SCRIPT_NAME")))
                script_name = value;
            break;
        case 'C':
            if ((value = ENV_VALUE(entry, "CONTENT_LENGTH")))
                req->content_length = value;
            break;
        case 'P':
            if ((value = ENV_VALUE(entry, "PATH_INFO")))
                path_info = value;
            break;
        }
    }
    compose_path(req, script_name, path_info);
}

int request_parse_decimal(const char *text, size_t len, uint64_t cap,
                          uint64_t *value)
{
    uint64_t result = 0;
    if (len == 0)
        return -1;
    for (size_t i = 0; i < len; i++) {
        if (text[i] < '0' || text[i] > '9')
            return -1;
        if (result <= cap)
            result = result * 10 + (uint64_t)(text[i] - '0');
    }
    *value = result > cap ? cap + 1 : result;
    return 0;
}

enum body_verdict request_body_verdict(const struct sim_request *req,
                                       const struct request_limits *limits,
                                       uint64_t *length)
{
    const char *text = req->content_length;
    uint64_t value;
    *length = 0;
    if (!text || !*text)
        return BODY_NONE;
    if (request_parse_decimal(text, strlen(text), limits->max_body_bytes,
                              &value) != 0)
        return BODY_BAD_LENGTH;
    if (value > limits->max_body_bytes)
        return BODY_TOO_LARGE;
    *length = value;
    return value ? BODY_READ : BODY_NONE;
}

const char *request_query_value(const char *query, const char *name,
                                size_t *len)
{
    size_t name_len = strlen(name);
    const char *pair = query;
    while (*pair) {
        const char *end = strchr(pair, '&');
        size_t pair_len = end ? (size_t)(end - pair) : strlen(pair);
        if (pair_len > name_len && strncmp(pair, name, name_len) == 0 &&
            pair[name_len] == '=') {
            *len = pair_len - name_len - 1;
            return pair + name_len + 1;
        }
        if (!end)
            break;
        pair = end + 1;
    }
    return NULL;
}

enum sleep_verdict request_sleep(const struct sim_request *req,
                                 const struct request_limits *limits,
                                 uint64_t *ms, const char **text,
                                 size_t *text_len)
{
    *ms = 0;
    *text = request_query_value(req->query, "sleep", text_len);
    if (!*text) {
        *text = req->sleep_header;
        if (!*text)
            return SLEEP_NONE;
        *text_len = strlen(*text);
    }
    uint64_t value;
    if (request_parse_decimal(*text, *text_len, limits->max_sleep_ms,
                              &value) != 0)
        return SLEEP_BAD;
    if (value > limits->max_sleep_ms)
        return SLEEP_TOO_LONG;
    *ms = value;
    return value ? SLEEP_OK : SLEEP_NONE;
}

int request_header_case(const char *name, size_t len, char *out,
                       size_t out_size)
{
    if (len == 0 || len >= out_size)
        return -1;
    int word_start = 1;
    for (size_t i = 0; i < len; i++) {
        char c = name[i];
        if (c == '_') {
            out[i] = '-';
            word_start = 1;
            continue;
        }
        if (c >= 'A' && c <= 'Z' && !word_start)
            c = (char)(c - 'A' + 'a');
        out[i] = c;
        word_start = 0;
    }
    out[len] = '\0';
    return 0;
}

const char *request_header_from_env(const char *entry, char *out,
                                    size_t out_size)
{
    const char *name;
    if (strncmp(entry, "HTTP_", 5) == 0)
        name = entry + 5;
    else if (strncmp(entry, "CONTENT_TYPE=", 13) == 0)
        name = entry;
    else
        return NULL;

    const char *equals = strchr(name, '=');
    if (!equals || request_header_case(name, (size_t)(equals - name), out,
                               out_size) != 0)
        return NULL;
    return equals + 1;
}

int request_id_is_sane(const char *id)
{
    size_t len = 0;
    for (; id[len]; len++) {
        char c = id[len];
        if (len == REQUEST_ID_MAX ||
            !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
              c == ':'))
            return 0;
    }
    return len > 0;
}

void request_set_id(struct sim_request *req, uint64_t generated)
{
    if (req->id_header && request_id_is_sane(req->id_header))
        memcpy(req->id, req->id_header, strlen(req->id_header) + 1);
    else
        request_format_id(req->id, generated);
}

void request_format_id(char out[REQUEST_ID_LEN + 1], uint64_t value)
{
    static const char hex[] = "0123456789abcdef";
    for (int i = REQUEST_ID_LEN - 1; i >= 0; i--) {
        out[i] = hex[value & 0xf];
        value >>= 4;
    }
    out[REQUEST_ID_LEN] = '\0';
}

/* Writes value as exactly width decimal digits. */
static void put_digits(char *out, unsigned value, int width)
{
    for (int i = width - 1; i >= 0; i--) {
        out[i] = (char)('0' + value % 10);
        value /= 10;
    }
}

void request_format_time(char out[REQUEST_TIME_LEN + 1],
                         const struct timespec *when)
{
    struct tm utc;
    time_t seconds = when->tv_sec;

    /* Written digit by digit: this runs for every request. */
    gmtime_r(&seconds, &utc);
    memcpy(out, "0000-00-00T00:00:00.000Z", REQUEST_TIME_LEN + 1);
    put_digits(out, (unsigned)(utc.tm_year + 1900) % 10000, 4);
    put_digits(out + 5, (unsigned)utc.tm_mon + 1, 2);
    put_digits(out + 8, (unsigned)utc.tm_mday, 2);
    put_digits(out + 11, (unsigned)utc.tm_hour, 2);
    put_digits(out + 14, (unsigned)utc.tm_min, 2);
    put_digits(out + 17, (unsigned)utc.tm_sec, 2);
    put_digits(out + 20, (unsigned)(when->tv_nsec / 1000000), 3);
}
