/* request.c - reading a simulated request out of the CGI environment */
#include "request.h"

#include <string.h>

#include "http.h"
#include "routes.h"

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

/* SCRIPT_NAME + PATH_INFO, where the route starts, and the mount prefix
 * before it.  A web server that rewrote the URL to the program (Apache's
 * RewriteRule to httpstatus.cgi on shared hosting) names the program in
 * SCRIPT_NAME, which is not where the client went: then the prefix is what
 * the client's REQUEST_URI has before PATH_INFO. */
static void compose_path(struct sim_request *req, const char *script_name,
                         const char *path_info, const char *request_uri)
{
    size_t script_len = strlen(script_name);
    size_t info_len = strlen(path_info);
    size_t uri_len = request_uri ? strcspn(request_uri, "?") : 0;
    if (request_uri && routes_starts_route(path_info) &&
        strncmp(request_uri, script_name, script_len) != 0 &&
        uri_len >= info_len &&
        memcmp(request_uri + uri_len - info_len, path_info, info_len) == 0) {
        script_name = request_uri;
        script_len = uri_len - info_len;
        req->pages_under_mount = 1;
    }
    if (script_len + info_len >= sizeof(req->path)) {
        req->path_too_long = 1;
        req->path[0] = '\0';
        return;
    }
    memcpy(req->path, script_name, script_len);
    memcpy(req->path + script_len, path_info, info_len + 1);
    req->path_len = script_len + info_len;
    req->route_offset = routes_starts_route(path_info) &&
                                !routes_starts_route(script_name)
                            ? script_len : 0;
}

/* A request header's entry ("HTTP_HOST=example.com"): the few the simulator
 * reads, picked by the name's first letter. */
static void read_header(struct sim_request *req, const char *entry)
{
    const char *value;
    switch (entry[5]) {
    case 'X':
        if (strncmp(entry, "HTTP_X_HTTPSTATUS_", 18) == 0) {
            if (req->control_count < REQUEST_MAX_CONTROLS)
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
        else if ((value = ENV_VALUE(entry, "HTTP_AUTHORIZATION")))
            req->authorization = value;
        break;
    case 'O':
        if ((value = ENV_VALUE(entry, "HTTP_ORIGIN")))
            req->origin = value;
        break;
    case 'P':
        if ((value = ENV_VALUE(entry, "HTTP_PROXY_AUTHORIZATION")))
            req->proxy_authorization = value;
        break;
    case 'C':
        if ((value = ENV_VALUE(entry, "HTTP_CONNECTION")))
            req->connection = value;
        break;
    case 'T':
        if ((value = ENV_VALUE(entry, "HTTP_TRANSFER_ENCODING")))
            req->transfer_encoding = value;
        break;
    case 'I':
        if ((value = ENV_VALUE(entry, "HTTP_IF_NONE_MATCH")))
            req->if_none_match = value;
        else if ((value = ENV_VALUE(entry, "HTTP_IF_MATCH")))
            req->if_match = value;
        else if ((value = ENV_VALUE(entry, "HTTP_IF_MODIFIED_SINCE")))
            req->if_modified_since = value;
        else if ((value = ENV_VALUE(entry, "HTTP_IF_UNMODIFIED_SINCE")))
            req->if_unmodified_since = value;
        break;
    }
}

void request_from_env(struct sim_request *req, char *const *envp)
{
    const char *script_name = "";
    const char *path_info = "";
    const char *request_uri = NULL;

    memset(req, 0, sizeof(*req));
    req->method = "GET";
    req->query = "";
    req->remote_addr = "";
    req->protocol = "";
    req->server_addr = "";
    req->server_port = "";
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
            else if ((value = ENV_VALUE(entry, "REQUEST_URI")))
                request_uri = value;
            else if ((value = ENV_VALUE(entry, "REQUEST_SCHEME")))
                req->scheme = strcmp(value, "https") == 0 ? "https" : "http";
            else if ((value = ENV_VALUE(entry, "REDIRECT_STATUS")))
                req->redirect_status = value;
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
            else if ((value = ENV_VALUE(entry, "SERVER_ADDR")))
                req->server_addr = value;
            else if ((value = ENV_VALUE(entry, "SERVER_PORT")))
                req->server_port = value;
            else if ((value = ENV_VALUE(entry, "SERVER_SOFTWARE")))
                req->server_software = value;
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
    req->request_uri = request_uri;
    compose_path(req, script_name, path_info, request_uri);
}

enum body_verdict request_body_verdict(const struct sim_request *req,
                                       const struct request_limits *limits,
                                       uint64_t *length)
{
    const char *text = req->content_length;
    uint64_t value;
    *length = 0;
    /* Web servers that buffer a chunked body pass its length on; one that
     * streams it to a CGI program leaves the program nothing to tell its
     * end from a cut by. */
    if ((!text || !*text) && req->transfer_encoding &&
        http_list_has(req->transfer_encoding, "chunked"))
        return BODY_NO_LENGTH;
    if (!text || !*text)
        return BODY_NONE;
    if (http_parse_decimal(text, strlen(text), limits->max_body_bytes,
                              &value) != 0)
        return BODY_BAD_LENGTH;
    if (value > limits->max_body_bytes)
        return BODY_TOO_LARGE;
    *length = value;
    return value ? BODY_READ : BODY_NONE;
}

const char *request_header_from_env(const char *entry, char *out,
                                    size_t out_size)
{
    /* Asked of every entry of the environment for every echo: most are
     * told apart by their first byte. */
    const char *name;
    if (entry[0] == 'H' && strncmp(entry, "HTTP_", 5) == 0)
        name = entry + 5;
    else if (entry[0] == 'C' && strncmp(entry, "CONTENT_TYPE=", 13) == 0)
        name = entry;
    else
        return NULL;

    const char *equals = strchr(name, '=');
    if (!equals || http_header_case(name, (size_t)(equals - name), out,
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
