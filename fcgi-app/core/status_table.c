/* status_table.c - the registry of HTTP status codes (IANA + RFC 9110)
 *
 * Source: https://www.iana.org/assignments/http-status-codes/ and the
 * documents each row cites.  Keep rows sorted by code: status_table_find()
 * uses bsearch(), and tests/unit/test_status_table.c fails if order or
 * uniqueness breaks.
 */
#include "status_table.h"

#include <stdlib.h>
#include <string.h>

#define ROW(code, reason, doc, section, content, delivery, registry, heur, \
            never_stored, headers, description) \
    { code, reason, doc, section, description, content, delivery, registry, \
      heur, never_stored, headers, NULL }

/* A code outside the registry that people meet in the wild.  It has no
 * specification; origin names who uses it.  Such codes carry content, and
 * RFC 9110 Section 15 has clients treat them as their class's x00. */
#define UNOFFICIAL(code, reason, origin, description) \
    { code, reason, "", "", description, CONTENT_ALLOWED, DELIVER_FINAL, \
      REGISTRY_UNOFFICIAL, 0, 0, 0, origin }

/* Shorthands that keep one row on few lines. */
#define ALLOWED   CONTENT_ALLOWED
#define NONE      CONTENT_NONE
#define FINAL     DELIVER_FINAL
#define INTERIM   DELIVER_INTERIM
#define ASSIGNED  REGISTRY_ASSIGNED
#define HEUR      1
#define NOHEUR    0
#define STORABLE  0
#define NOSTORE   1

static const struct status_entry status_table[] = {
    ROW(100, "Continue", "RFC 9110", "15.2.1", NONE, INTERIM, ASSIGNED,
        NOHEUR, NOSTORE, 0,
        "The server has received the request head and the client may send "
        "the body it announced with Expect: 100-continue."),
    ROW(101, "Switching Protocols", "RFC 9110", "15.2.2", NONE,
        DELIVER_WITHHELD, ASSIGNED, NOHEUR, NOSTORE, HDR_UPGRADE,
        "The server switches the connection to the protocol named in its "
        "Upgrade header, one the client offered in its own Upgrade header."),
    ROW(102, "Processing", "RFC 2518", "10.1", NONE, INTERIM, ASSIGNED,
        NOHEUR, NOSTORE, 0,
        "A WebDAV server is still working on a long request. RFC 4918 "
        "dropped it; few clients do anything with it."),
    ROW(103, "Early Hints", "RFC 8297", "2", NONE, INTERIM, ASSIGNED,
        NOHEUR, NOSTORE, HDR_LINK_PRELOAD,
        "Headers, usually Link preload hints, that the final response is "
        "likely to carry, sent early so the client can start fetching."),
    ROW(104, "Upload Resumption Supported",
        "draft-ietf-httpbis-resumable-upload", "", NONE, INTERIM,
        REGISTRY_TEMPORARY, NOHEUR, NOSTORE, HDR_UPLOAD_RESUMPTION,
        "Tells the client that an interrupted upload of this request can be "
        "resumed. A temporary registration for a draft, listed until "
        "2026-11-13."),

    ROW(200, "OK", "RFC 9110", "15.3.1", ALLOWED, FINAL, ASSIGNED,
        HEUR, STORABLE, 0,
        "The request succeeded; the content depends on the method."),
    ROW(201, "Created", "RFC 9110", "15.3.2", ALLOWED, FINAL, ASSIGNED,
        NOHEUR, STORABLE, HDR_LOCATION,
        "The request created a resource, identified by Location or, without "
        "it, by the target URI."),
    ROW(202, "Accepted", "RFC 9110", "15.3.3", ALLOWED, FINAL, ASSIGNED,
        NOHEUR, STORABLE, 0,
        "The request was accepted for processing that has not finished and "
        "may still fail; HTTP has no way to report the outcome later."),
    ROW(203, "Non-Authoritative Information", "RFC 9110", "15.3.4", ALLOWED,
        FINAL, ASSIGNED, HEUR, STORABLE, 0,
        "A transforming proxy changed the origin's 200 response."),
    ROW(204, "No Content", "RFC 9110", "15.3.5", NONE, FINAL, ASSIGNED,
        HEUR, STORABLE, 0,
        "The request succeeded and there is nothing to send back; the "
        "response ends at its header section."),
    ROW(205, "Reset Content", "RFC 9110", "15.3.6", CONTENT_ZERO, FINAL,
        ASSIGNED, NOHEUR, STORABLE, 0,
        "The request succeeded and the client should reset the form or view "
        "that sent it. The response carries no content."),
    ROW(206, "Partial Content", "RFC 9110", "15.3.7", ALLOWED, FINAL,
        ASSIGNED, HEUR, STORABLE, HDR_CONTENT_RANGE_FULL,
        "The body holds the ranges of the representation that a Range "
        "request asked for, described by Content-Range."),
    ROW(207, "Multi-Status", "RFC 4918", "11.1", ALLOWED, FINAL, ASSIGNED,
        NOHEUR, STORABLE, 0,
        "A WebDAV multistatus XML body reports a separate status for each "
        "of several resources."),
    ROW(208, "Already Reported", "RFC 5842", "7.1", ALLOWED, FINAL,
        ASSIGNED, NOHEUR, STORABLE, 0,
        "Inside a WebDAV multistatus body: the members of this binding were "
        "already listed and are not repeated."),
    ROW(226, "IM Used", "RFC 3229", "10.4.1", ALLOWED, FINAL, ASSIGNED,
        NOHEUR, STORABLE, HDR_ETAG,
        "The body is the result of instance manipulations (a delta) that "
        "the request asked for with A-IM, applied to the current instance."),

    ROW(300, "Multiple Choices", "RFC 9110", "15.4.1", ALLOWED, FINAL,
        ASSIGNED, HEUR, STORABLE, HDR_LOCATION,
        "Several representations are available; the body lists them and "
        "Location may name the server's preferred one."),
    ROW(301, "Moved Permanently", "RFC 9110", "15.4.2", ALLOWED, FINAL,
        ASSIGNED, HEUR, STORABLE, HDR_LOCATION,
        "The resource has a new permanent URI, given in Location. Clients "
        "may turn a POST into a GET when they follow it."),
    ROW(302, "Found", "RFC 9110", "15.4.3", ALLOWED, FINAL, ASSIGNED,
        NOHEUR, STORABLE, HDR_LOCATION,
        "The resource is for now at the URI in Location. Clients may turn a "
        "POST into a GET when they follow it."),
    ROW(303, "See Other", "RFC 9110", "15.4.4", ALLOWED, FINAL, ASSIGNED,
        NOHEUR, STORABLE, HDR_LOCATION,
        "The answer is elsewhere: the client retrieves the URI in Location "
        "with GET, whatever the original method."),
    ROW(304, "Not Modified", "RFC 9110", "15.4.5", NONE, FINAL, ASSIGNED,
        NOHEUR, STORABLE, 0,
        "A conditional GET or HEAD found the client's stored copy still "
        "current; the response carries no content."),
    ROW(305, "Use Proxy", "RFC 9110", "15.4.6", ALLOWED, FINAL,
        REGISTRY_DEPRECATED, NOHEUR, STORABLE, 0,
        "Deprecated: it asked the client to repeat the request through a "
        "proxy, which was a security hole. Clients ignore it."),
    ROW(306, "(Unused)", "RFC 9110", "15.4.7", ALLOWED, FINAL,
        REGISTRY_UNUSED, NOHEUR, STORABLE, 0,
        "Reserved: an early draft's \"Switch Proxy\" used it. It means "
        "nothing and is never to be sent."),
    ROW(307, "Temporary Redirect", "RFC 9110", "15.4.8", ALLOWED, FINAL,
        ASSIGNED, NOHEUR, STORABLE, HDR_LOCATION,
        "The resource is for now at the URI in Location, and the client "
        "must repeat the request there with the same method and body."),
    ROW(308, "Permanent Redirect", "RFC 9110", "15.4.9", ALLOWED, FINAL,
        ASSIGNED, HEUR, STORABLE, HDR_LOCATION,
        "The resource has a new permanent URI, given in Location, and the "
        "client must keep the method and body when it follows it."),

    ROW(400, "Bad Request", "RFC 9110", "15.5.1", ALLOWED, FINAL, ASSIGNED,
        NOHEUR, STORABLE, 0,
        "The server will not process the request because of something it "
        "sees as a client error, such as malformed syntax."),
    ROW(401, "Unauthorized", "RFC 9110", "15.5.2", ALLOWED, FINAL, ASSIGNED,
        NOHEUR, STORABLE, HDR_WWW_AUTHENTICATE,
        "The request lacks valid credentials; WWW-Authenticate says how to "
        "authenticate."),
    ROW(402, "Payment Required", "RFC 9110", "15.5.3", ALLOWED, FINAL,
        ASSIGNED, NOHEUR, STORABLE, 0,
        "Reserved for future use; HTTP defines no meaning for it."),
    ROW(403, "Forbidden", "RFC 9110", "15.5.4", ALLOWED, FINAL, ASSIGNED,
        NOHEUR, STORABLE, 0,
        "The server understood the request and refuses it; sending the same "
        "credentials again will not help."),
    ROW(404, "Not Found", "RFC 9110", "15.5.5", ALLOWED, FINAL, ASSIGNED,
        HEUR, STORABLE, 0,
        "The server has no current representation for the target, or will "
        "not say that it has one."),
    ROW(405, "Method Not Allowed", "RFC 9110", "15.5.6", ALLOWED, FINAL,
        ASSIGNED, HEUR, STORABLE, HDR_ALLOW,
        "The target exists but does not support this method; Allow lists "
        "the methods it does support."),
    ROW(406, "Not Acceptable", "RFC 9110", "15.5.7", ALLOWED, FINAL,
        ASSIGNED, NOHEUR, STORABLE, 0,
        "No representation matches the request's Accept headers and the "
        "server will not send a default one."),
    ROW(407, "Proxy Authentication Required", "RFC 9110", "15.5.8", ALLOWED,
        FINAL, ASSIGNED, NOHEUR, STORABLE, HDR_PROXY_AUTHENTICATE,
        "Like 401, but the proxy in between needs the credentials; "
        "Proxy-Authenticate says how."),
    ROW(408, "Request Timeout", "RFC 9110", "15.5.9", ALLOWED, FINAL,
        ASSIGNED, NOHEUR, STORABLE, 0,
        "The server gave up waiting for the complete request and usually "
        "closes the connection; the client may retry on a new one."),
    ROW(409, "Conflict", "RFC 9110", "15.5.10", ALLOWED, FINAL, ASSIGNED,
        NOHEUR, STORABLE, 0,
        "The request conflicts with the resource's current state, for "
        "instance an edit based on an old version."),
    ROW(410, "Gone", "RFC 9110", "15.5.11", ALLOWED, FINAL, ASSIGNED,
        HEUR, STORABLE, 0,
        "The resource is gone for good and has no forwarding address."),
    ROW(411, "Length Required", "RFC 9110", "15.5.12", ALLOWED, FINAL,
        ASSIGNED, NOHEUR, STORABLE, 0,
        "The server refuses a request body without a Content-Length."),
    ROW(412, "Precondition Failed", "RFC 9110", "15.5.13", ALLOWED, FINAL,
        ASSIGNED, NOHEUR, STORABLE, 0,
        "A condition in the request's If-* headers evaluated to false."),
    ROW(413, "Content Too Large", "RFC 9110", "15.5.14", ALLOWED, FINAL,
        ASSIGNED, NOHEUR, STORABLE, 0,
        "The request body is larger than the server will process (formerly "
        "\"Payload Too Large\")."),
    ROW(414, "URI Too Long", "RFC 9110", "15.5.15", ALLOWED, FINAL,
        ASSIGNED, HEUR, STORABLE, 0,
        "The target URI is longer than the server will interpret."),
    ROW(415, "Unsupported Media Type", "RFC 9110", "15.5.16", ALLOWED, FINAL,
        ASSIGNED, NOHEUR, STORABLE, HDR_ACCEPT,
        "The request body's media type or content coding is not supported "
        "for this method and target."),
    ROW(416, "Range Not Satisfiable", "RFC 9110", "15.5.17", ALLOWED, FINAL,
        ASSIGNED, NOHEUR, STORABLE, HDR_CONTENT_RANGE_UNSATISFIED,
        "None of the requested ranges overlaps the representation; "
        "Content-Range gives its real length."),
    ROW(417, "Expectation Failed", "RFC 9110", "15.5.18", ALLOWED, FINAL,
        ASSIGNED, NOHEUR, STORABLE, 0,
        "The server cannot meet the request's Expect header."),
    ROW(418, "(Unused)", "RFC 9110", "15.5.19", ALLOWED, FINAL,
        REGISTRY_UNUSED, NOHEUR, STORABLE, 0,
        "Reserved because of the April Fools' \"I'm a teapot\" (RFC 2324) "
        "that software copied; it has no meaning in HTTP."),
    UNOFFICIAL(419, "Page Expired", "Laravel",
        "Laravel's answer to a form whose CSRF token is missing or has "
        "expired, typically after a session timed out."),
    UNOFFICIAL(420, "Enhance Your Calm", "Twitter",
        "What the Twitter API (version 1) sent a client it was rate "
        "limiting, before 429 Too Many Requests existed."),
    ROW(421, "Misdirected Request", "RFC 9110", "15.5.20", ALLOWED, FINAL,
        ASSIGNED, NOHEUR, STORABLE, 0,
        "The connection reached a server that is not authoritative for the "
        "target; the client may retry on another connection."),
    ROW(422, "Unprocessable Content", "RFC 9110", "15.5.21", ALLOWED, FINAL,
        ASSIGNED, NOHEUR, STORABLE, 0,
        "The content is well-formed but its instructions cannot be "
        "followed (formerly \"Unprocessable Entity\")."),
    ROW(423, "Locked", "RFC 4918", "11.3", ALLOWED, FINAL, ASSIGNED,
        NOHEUR, STORABLE, 0,
        "The WebDAV resource is locked."),
    ROW(424, "Failed Dependency", "RFC 4918", "11.4", ALLOWED, FINAL,
        ASSIGNED, NOHEUR, STORABLE, 0,
        "The WebDAV method failed because an action it depended on failed."),
    ROW(425, "Too Early", "RFC 8470", "5.2", ALLOWED, FINAL, ASSIGNED,
        NOHEUR, STORABLE, 0,
        "The server will not process a request sent in TLS early data, "
        "which an attacker could replay."),
    ROW(426, "Upgrade Required", "RFC 9110", "15.5.22", ALLOWED, FINAL,
        ASSIGNED, NOHEUR, STORABLE, HDR_UPGRADE,
        "The server refuses the request over the current protocol; Upgrade "
        "names the protocols it would accept."),
    ROW(428, "Precondition Required", "RFC 6585", "3", ALLOWED, FINAL,
        ASSIGNED, NOHEUR, NOSTORE, 0,
        "The server requires conditional requests (If-Match and the like) "
        "so that edits do not overwrite each other."),
    ROW(429, "Too Many Requests", "RFC 6585", "4", ALLOWED, FINAL, ASSIGNED,
        NOHEUR, NOSTORE, HDR_RETRY_AFTER,
        "The client has sent too many requests in a given time; Retry-After "
        "says how long to wait."),
    ROW(431, "Request Header Fields Too Large", "RFC 6585", "5", ALLOWED,
        FINAL, ASSIGNED, NOHEUR, NOSTORE, 0,
        "One header field, or all of them together, is too large."),
    UNOFFICIAL(440, "Login Time-out", "Microsoft IIS",
        "Microsoft IIS and Exchange: the client's session has expired and "
        "it must log in again."),
    UNOFFICIAL(444, "No Response", "nginx",
        "nginx's code for closing the connection without sending anything; "
        "it appears only in nginx's logs, and the client meets a connection "
        "closed with no answer."),
    UNOFFICIAL(449, "Retry With", "Microsoft IIS",
        "Microsoft IIS: the request lacks information the server needs; the "
        "client should retry after supplying it."),
    UNOFFICIAL(450, "Blocked by Windows Parental Controls", "Microsoft",
        "Windows Parental Controls blocked access to the requested page."),
    ROW(451, "Unavailable For Legal Reasons", "RFC 7725", "3", ALLOWED,
        FINAL, ASSIGNED, HEUR, STORABLE, HDR_LINK_BLOCKED_BY,
        "Access is denied because of a legal demand; a Link with "
        "rel=\"blocked-by\" names who enforces the block."),

    UNOFFICIAL(460, "Client Closed Connection", "AWS Elastic Load Balancing",
        "An AWS load balancer's log entry for a client that closed the "
        "connection before the idle timeout ran out."),
    UNOFFICIAL(463, "Too Many Forwarded Addresses",
               "AWS Elastic Load Balancing",
        "An AWS load balancer refused a request whose X-Forwarded-For "
        "header listed more than 30 addresses."),
    UNOFFICIAL(494, "Request Header Too Large", "nginx",
        "nginx refused a request whose header was larger than its buffers "
        "allow."),
    UNOFFICIAL(495, "SSL Certificate Error", "nginx",
        "nginx: the client certificate failed verification."),
    UNOFFICIAL(496, "SSL Certificate Required", "nginx",
        "nginx: the server requires a client certificate and the client "
        "sent none."),
    UNOFFICIAL(497, "HTTP Request Sent to HTTPS Port", "nginx",
        "nginx: a plain HTTP request arrived on a port that expects TLS."),
    UNOFFICIAL(498, "Invalid Token", "Esri ArcGIS",
        "ArcGIS Server: the token in the request has expired or is "
        "otherwise invalid."),
    UNOFFICIAL(499, "Client Closed Request", "nginx",
        "nginx logs this when the client closed the connection before the "
        "response was ready; no client ever receives it."),
    ROW(500, "Internal Server Error", "RFC 9110", "15.6.1", ALLOWED, FINAL,
        ASSIGNED, NOHEUR, STORABLE, 0,
        "The server met an unexpected condition that kept it from fulfilling "
        "the request."),
    ROW(501, "Not Implemented", "RFC 9110", "15.6.2", ALLOWED, FINAL,
        ASSIGNED, HEUR, STORABLE, 0,
        "The server does not support the functionality the request needs, "
        "such as its method, for any resource."),
    ROW(502, "Bad Gateway", "RFC 9110", "15.6.3", ALLOWED, FINAL, ASSIGNED,
        NOHEUR, STORABLE, 0,
        "A gateway or proxy got an invalid response from the server behind "
        "it."),
    ROW(503, "Service Unavailable", "RFC 9110", "15.6.4", ALLOWED, FINAL,
        ASSIGNED, NOHEUR, STORABLE, HDR_RETRY_AFTER,
        "The server cannot handle the request for now (overload or "
        "maintenance); Retry-After may say for how long."),
    ROW(504, "Gateway Timeout", "RFC 9110", "15.6.5", ALLOWED, FINAL,
        ASSIGNED, NOHEUR, STORABLE, 0,
        "A gateway or proxy did not get a timely response from the server "
        "behind it."),
    ROW(505, "HTTP Version Not Supported", "RFC 9110", "15.6.6", ALLOWED,
        FINAL, ASSIGNED, NOHEUR, STORABLE, 0,
        "The server does not support the request's major HTTP version."),
    ROW(506, "Variant Also Negotiates", "RFC 2295", "8.1", ALLOWED, FINAL,
        ASSIGNED, NOHEUR, STORABLE, 0,
        "Transparent content negotiation is misconfigured: the chosen "
        "variant negotiates again."),
    ROW(507, "Insufficient Storage", "RFC 4918", "11.5", ALLOWED, FINAL,
        ASSIGNED, NOHEUR, STORABLE, 0,
        "The WebDAV server cannot store what the request needs; the client "
        "must not repeat a user's request automatically."),
    ROW(508, "Loop Detected", "RFC 5842", "7.2", ALLOWED, FINAL, ASSIGNED,
        NOHEUR, STORABLE, 0,
        "A WebDAV operation with Depth: infinity ran into a loop of "
        "bindings and stopped."),
    UNOFFICIAL(509, "Bandwidth Limit Exceeded", "Apache (cPanel)",
        "Shared hosting panels (cPanel with Apache) send it when a site has "
        "used up its bandwidth allowance."),
    ROW(510, "Not Extended", "RFC 2774", "7", ALLOWED, FINAL,
        REGISTRY_OBSOLETED, NOHEUR, STORABLE, 0,
        "The request did not meet the policy of the HTTP Extension "
        "Framework, an experiment the registry now marks obsoleted."),
    ROW(511, "Network Authentication Required", "RFC 6585", "6", ALLOWED,
        FINAL, ASSIGNED, NOHEUR, NOSTORE, HDR_LINK_LOGIN,
        "The client must log in to the network, typically at a captive "
        "portal (hotel, airport or cafe Wi-Fi), before it gets through. It "
        "is the intercepting network's answer, not an origin server's."),
    UNOFFICIAL(520, "Web Server Returned an Unknown Error", "Cloudflare",
        "Cloudflare: the origin server answered with something empty, "
        "unknown or unexpected."),
    UNOFFICIAL(521, "Web Server Is Down", "Cloudflare",
        "Cloudflare: the origin server refused the connection."),
    UNOFFICIAL(522, "Connection Timed Out", "Cloudflare",
        "Cloudflare: the TCP connection to the origin server timed out."),
    UNOFFICIAL(523, "Origin Is Unreachable", "Cloudflare",
        "Cloudflare could not reach the origin server, for instance through "
        "a wrong DNS record."),
    UNOFFICIAL(524, "A Timeout Occurred", "Cloudflare",
        "Cloudflare connected to the origin server, but it sent no response "
        "before the timeout (100 seconds by default)."),
    UNOFFICIAL(525, "SSL Handshake Failed", "Cloudflare",
        "Cloudflare could not complete a TLS handshake with the origin "
        "server."),
    UNOFFICIAL(526, "Invalid SSL Certificate", "Cloudflare",
        "Cloudflare could not validate the origin server's TLS certificate."),
    UNOFFICIAL(527, "Railgun Error", "Cloudflare",
        "Cloudflare's retired Railgun service lost its connection to the "
        "origin."),
    UNOFFICIAL(530, "Origin DNS Error", "Cloudflare",
        "Cloudflare sends it with one of its 1xxx errors, most often when "
        "it cannot resolve the origin's host name."),
    UNOFFICIAL(561, "Unauthorized", "AWS Elastic Load Balancing",
        "An AWS load balancer's built-in authentication: the identity "
        "provider rejected the user."),
};

/* The class rows stand for every unregistered code of their class
 * (RFC 9110 §15: a client treats an unknown code as its class's x00). */
static const struct status_entry class_rows[] = {
    ROW(100, "Unregistered", "RFC 9110", "15.2", NONE, INTERIM,
        REGISTRY_UNASSIGNED, NOHEUR, NOSTORE, 0,
        "An unregistered informational code: an interim response that "
        "clients skip while they wait for the final one."),
    ROW(200, "Unregistered", "RFC 9110", "15.3", ALLOWED, FINAL,
        REGISTRY_UNASSIGNED, NOHEUR, STORABLE, 0,
        "An unregistered success code: clients treat it as 200 OK."),
    ROW(300, "Unregistered", "RFC 9110", "15.4", ALLOWED, FINAL,
        REGISTRY_UNASSIGNED, NOHEUR, STORABLE, 0,
        "An unregistered redirection code: clients treat it as 300 Multiple "
        "Choices and may follow a Location if one is given."),
    ROW(400, "Unregistered", "RFC 9110", "15.5", ALLOWED, FINAL,
        REGISTRY_UNASSIGNED, NOHEUR, STORABLE, 0,
        "An unregistered client error code: clients treat it as 400 Bad "
        "Request."),
    ROW(500, "Unregistered", "RFC 9110", "15.6", ALLOWED, FINAL,
        REGISTRY_UNASSIGNED, NOHEUR, STORABLE, 0,
        "An unregistered server error code: clients treat it as 500 "
        "Internal Server Error."),
};

static const char *const class_names[] = {
    "Informational", "Successful", "Redirection", "Client Error",
    "Server Error",
};

static int compare_code(const void *key, const void *row)
{
    int code = *(const int *)key;
    const struct status_entry *entry = row;
    return (code > entry->code) - (code < entry->code);
}

const struct status_entry *status_table_find(int code)
{
    return bsearch(&code, status_table,
                   sizeof(status_table) / sizeof(status_table[0]),
                   sizeof(status_table[0]), compare_code);
}

const struct status_entry *status_lookup(int code)
{
    if (code < 100 || code > 599)
        return NULL;
    const struct status_entry *entry = status_table_find(code);
    return entry ? entry : &class_rows[code / 100 - 1];
}

size_t status_table_count(void)
{
    return sizeof(status_table) / sizeof(status_table[0]);
}

const struct status_entry *status_table_at(size_t index)
{
    return index < status_table_count() ? &status_table[index] : NULL;
}

const char *status_class_name(int code)
{
    if (code < 100 || code > 599)
        return NULL;
    return class_names[code / 100 - 1];
}

int status_is_registered(const struct status_entry *entry)
{
    return entry->registry != REGISTRY_UNASSIGNED &&
           entry->registry != REGISTRY_UNOFFICIAL;
}

const char *status_registry_name(enum status_registry registry)
{
    static const char *const names[] = {
        [REGISTRY_ASSIGNED] = "assigned",
        [REGISTRY_UNASSIGNED] = "unassigned",
        [REGISTRY_UNUSED] = "unused",
        [REGISTRY_DEPRECATED] = "deprecated",
        [REGISTRY_OBSOLETED] = "obsoleted",
        [REGISTRY_TEMPORARY] = "temporary",
        [REGISTRY_UNOFFICIAL] = "unofficial",
    };
    return names[registry];
}

int status_parse_code(const char *text, size_t len, int *code)
{
    if (len != 3)
        return -1;
    int value = 0;
    for (size_t i = 0; i < 3; i++) {
        if (text[i] < '0' || text[i] > '9')
            return -1;
        value = value * 10 + (text[i] - '0');
    }
    if (value < 100 || value > 599)
        return -1;
    *code = value;
    return 0;
}

int status_spec_title(const struct status_entry *entry, struct buffer *out)
{
    if (buffer_puts(out, entry->spec_doc))
        return -1;
    if (*entry->spec_section &&
        (buffer_puts(out, ", Section ") ||
         buffer_puts(out, entry->spec_section)))
        return -1;
    return 0;
}

int status_spec_url(const struct status_entry *entry, struct buffer *out)
{
    if (strncmp(entry->spec_doc, "RFC ", 4) != 0)
        return buffer_puts(out, "https://datatracker.ietf.org/doc/") ||
               buffer_puts(out, entry->spec_doc) || buffer_puts(out, "/");
    if (buffer_puts(out, "https://www.rfc-editor.org/rfc/rfc") ||
        buffer_puts(out, entry->spec_doc + 4))
        return -1;
    if (*entry->spec_section &&
        (buffer_puts(out, "#section-") ||
         buffer_puts(out, entry->spec_section)))
        return -1;
    return 0;
}
