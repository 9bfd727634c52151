/* inspector.c - notes on status codes and checks of response heads
 *
 * Source: the RFCs each note cites; ../shared/reference/semantics.md
 * collects the facts.  Keep code_notes sorted by code: lookups bsearch the
 * first note of a code and read on while the code matches.
 */
#include "inspector.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define INFO NOTE_INFO
#define WARN NOTE_WARN
#define ERROR NOTE_ERROR
#define SEM TOPIC_SEMANTICS
#define HDR TOPIC_HEADERS
#define CACHE TOPIC_CACHING
#define CLIENT TOPIC_CLIENTS

struct code_note {
    int code;
    struct note note;
};

#define N(code, severity, topic, spec, text) \
    { code, { severity, topic, spec, text, 0 } }

static const struct code_note code_notes[] = {
    N(100, INFO, SEM, "RFC 9110, Section 15.2.1",
      "Only meaningful after a request with Expect: 100-continue; a client "
      "that did not ask simply skips it and waits for the final response."),
    N(100, ERROR, CLIENT, "RFC 9110, Section 15.2",
      "An interim response: a final response must always follow, and none "
      "may go to an HTTP/1.0 client."),
    N(101, ERROR, SEM, "RFC 9110, Section 15.2.2",
      "Must not be sent unless the request's Upgrade field offered the "
      "protocol switched to; HTTP/2 and HTTP/3 have no 101 at all."),
    N(101, ERROR, HDR, "RFC 9110, Section 7.8",
      "Needs Upgrade, naming the new protocol, and Connection: upgrade."),
    N(102, WARN, CLIENT, "RFC 4918, Section 21.4",
      "WebDAV dropped it; most clients ignore it, and some mis-handle any "
      "1xx that is not 100."),
    N(103, INFO, HDR, "RFC 8297, Section 2",
      "Its fields, usually Link preload hints, are hints about the final "
      "response, not metadata of the 103 itself."),
    N(103, WARN, CLIENT, "RFC 8297, Section 3",
      "Some HTTP/1.1 clients mis-parse a 1xx other than 100 and lose track "
      "of the connection; never send it to HTTP/1.0 clients."),
    N(104, WARN, SEM, "draft-ietf-httpbis-resumable-upload",
      "A temporary registration for a draft: servers send it only when the "
      "request announced the same draft version of resumable uploads."),
    N(200, INFO, CACHE, "RFC 9110, Section 15.3.1",
      "Send a validator (ETag or Last-Modified) with GET responses so that "
      "caches can revalidate instead of fetching again."),
    N(201, INFO, HDR, "RFC 9110, Section 15.3.2",
      "Location names the new resource; without it, the target URI is the "
      "new resource."),
    N(202, INFO, SEM, "RFC 9110, Section 15.3.3",
      "Non-committal: HTTP has no way to report the outcome later, so the "
      "body should say where to check on the request."),
    N(203, WARN, SEM, "RFC 9110, Section 15.3.4",
      "Meant for a transforming proxy that changed a 200; an origin server "
      "has no reason to send it."),
    N(204, ERROR, SEM, "RFC 9112, Section 6.3",
      "No content, Content-Length or Transfer-Encoding: a single byte after "
      "the head desynchronises a persistent connection."),
    N(205, ERROR, SEM, "RFC 9110, Section 15.3.6",
      "Must not carry content; send Content-Length: 0 (or close), as a 205 "
      "is not self-delimiting like a 204."),
    N(206, ERROR, HDR, "RFC 9110, Section 15.3.7",
      "Needs Content-Range (one part) or a multipart/byteranges body, and "
      "answers only a Range request; caches that do not understand ranges "
      "must not store it."),
    N(207, INFO, SEM, "RFC 4918, Section 13",
      "WebDAV clients expect an XML multistatus body listing a status per "
      "resource."),
    N(208, WARN, SEM, "RFC 5842, Section 7.1",
      "Belongs inside a 207 body's propstat elements; as the status of a "
      "response it only appears in simulations."),
    N(226, ERROR, HDR, "RFC 3229, Section 10.4.1",
      "Needs an ETag for the current instance, and answers only a request "
      "that sent A-IM."),
    N(300, INFO, HDR, "RFC 9110, Section 15.4.1",
      "There is no standard format for the choices; a Location names the "
      "preferred one, which clients may follow."),
    N(301, WARN, CLIENT, "RFC 9110, Section 15.4.2",
      "Clients may turn a POST into a GET when they follow it; use 308 to "
      "keep the method."),
    N(301, WARN, CACHE, "RFC 9110, Section 15.1",
      "Heuristically cacheable and permanent: browsers remember it, so a "
      "mistaken 301 is hard to take back."),
    N(302, WARN, CLIENT, "RFC 9110, Section 15.4.3",
      "Clients may turn a POST into a GET when they follow it; use 307 to "
      "keep the method."),
    N(303, INFO, CLIENT, "RFC 9110, Section 15.4.4",
      "The client follows with GET (or HEAD) whatever the first method was: "
      "the usual answer after a POST."),
    N(304, ERROR, SEM, "RFC 9110, Section 15.4.5",
      "Answers only a conditional GET or HEAD, carries no content, and "
      "repeats the ETag, Cache-Control, Expires and Vary a 200 would carry."),
    N(305, WARN, SEM, "RFC 9110, Section 15.4.6",
      "Deprecated: configuring a proxy in-band was a security hole, and "
      "clients ignore it."),
    N(306, WARN, SEM, "RFC 9110, Section 15.4.7",
      "Reserved and unused; no client gives it a meaning."),
    N(307, INFO, CLIENT, "RFC 9110, Section 15.4.8",
      "The client must repeat the same method and body at the new "
      "Location."),
    N(308, INFO, CLIENT, "RFC 7538, Section 4",
      "Keeps the method like 307, permanently; very old clients treat it as "
      "300 and stay."),
    N(400, INFO, SEM, "RFC 9110, Section 15.5",
      "Say what was wrong in the body; clients should not repeat the "
      "request unchanged."),
    N(401, ERROR, HDR, "RFC 9110, Section 15.5.2",
      "Must carry WWW-Authenticate with at least one challenge; without it "
      "clients cannot know how to authenticate."),
    N(401, INFO, CLIENT, "RFC 9110, Section 11.6.1",
      "A Basic challenge makes browsers show a login dialog, even for "
      "script requests."),
    N(402, WARN, SEM, "RFC 9110, Section 15.5.3",
      "Reserved for future use: no defined semantics, so clients treat it "
      "as 400."),
    N(403, INFO, CLIENT, "RFC 9110, Section 15.5.4",
      "Repeating the request with the same credentials will not help; use "
      "404 to hide that the resource exists."),
    N(404, WARN, CACHE, "RFC 9110, Section 15.1",
      "Heuristically cacheable: a transient 404 can stick in caches unless "
      "Cache-Control says otherwise."),
    N(405, ERROR, HDR, "RFC 9110, Section 15.5.6",
      "Must carry Allow, listing the methods the resource supports and not "
      "the one refused."),
    N(406, INFO, SEM, "RFC 9110, Section 15.5.7",
      "Many servers send their default representation instead; if you send "
      "406, list the available ones."),
    N(407, ERROR, HDR, "RFC 9110, Section 15.5.8",
      "Must carry Proxy-Authenticate; a proxy sends it, an origin server "
      "only when simulating one."),
    N(408, INFO, CLIENT, "RFC 9110, Section 15.5.9",
      "The server closes the connection; clients may retry on a new one."),
    N(409, INFO, SEM, "RFC 9110, Section 15.5.10",
      "The body should give enough to recognise and resolve the conflict."),
    N(410, WARN, CACHE, "RFC 9110, Section 15.1",
      "Heuristically cacheable and meant to be permanent; use 404 when you "
      "are not sure."),
    N(411, INFO, SEM, "RFC 9110, Section 15.5.12",
      "The client must send Content-Length; some servers answer a POST "
      "without it this way."),
    N(412, INFO, SEM, "RFC 9110, Section 15.5.13",
      "Answers only a conditional request (If-Match, If-None-Match, "
      "If-Unmodified-Since)."),
    N(413, INFO, HDR, "RFC 9110, Section 15.5.14",
      "When the condition is temporary, Retry-After says when to try "
      "again; the server may close the connection."),
    N(414, WARN, CACHE, "RFC 9110, Section 15.1",
      "Heuristically cacheable."),
    N(415, INFO, HDR, "RFC 9110, Section 15.5.16",
      "Send Accept (or Accept-Encoding, or Accept-Patch for PATCH) to say "
      "what would have been taken."),
    N(416, WARN, HDR, "RFC 9110, Section 15.5.17",
      "Should carry Content-Range: bytes */length; many servers answer 200 "
      "with the whole content instead, so clients cannot rely on it."),
    N(417, INFO, SEM, "RFC 9110, Section 15.5.18",
      "The Expect field named an expectation the server cannot meet."),
    N(418, WARN, SEM, "RFC 9110, Section 15.5.19",
      "Reserved and unused: \"I'm a teapot\" is an April Fools' joke, not "
      "an HTTP status."),
    N(421, INFO, CLIENT, "RFC 9110, Section 15.5.20",
      "The connection reached the wrong server; clients may retry on "
      "another connection, even a non-idempotent request."),
    N(422, INFO, SEM, "RFC 9110, Section 15.5.21",
      "The content is well-formed but its instructions cannot be followed; "
      "older texts call it Unprocessable Entity."),
    N(423, INFO, SEM, "RFC 4918, Section 11.3", "WebDAV: the resource is "
      "locked."),
    N(424, INFO, SEM, "RFC 4918, Section 11.4", "WebDAV: the action "
      "depended on another one that failed."),
    N(425, WARN, SEM, "RFC 8470, Section 5.2",
      "Only for a request that came in TLS early data; the client retries "
      "it after the handshake."),
    N(426, ERROR, HDR, "RFC 9110, Section 15.5.22",
      "Must carry Upgrade with the protocols to switch to, and Connection: "
      "upgrade."),
    N(428, WARN, CACHE, "RFC 6585, Section 3",
      "Caches must not store it: never send it with Cache-Control public or "
      "max-age."),
    N(429, WARN, HDR, "RFC 6585, Section 4",
      "Without Retry-After, clients guess when to come back, and usually "
      "retry too soon."),
    N(429, WARN, CACHE, "RFC 6585, Section 4",
      "Caches must not store it: never send it with Cache-Control public or "
      "max-age."),
    N(431, WARN, CACHE, "RFC 6585, Section 5",
      "Caches must not store it; say in the body which field was too "
      "large."),
    N(451, INFO, HDR, "RFC 7725, Section 4",
      "A Link with rel=\"blocked-by\" identifies who implements the block."),
    N(500, INFO, SEM, "RFC 9110, Section 15.6.1",
      "Clients and monitors treat it as the server's fault: a retry may "
      "succeed, and idempotent requests are often retried automatically."),
    N(501, WARN, CACHE, "RFC 9110, Section 15.1",
      "Heuristically cacheable: the method is unsupported for every "
      "resource."),
    N(502, INFO, SEM, "RFC 9110, Section 15.6.3",
      "A gateway's code: from an origin server it misleads whoever "
      "debugs it."),
    N(503, WARN, HDR, "RFC 9110, Section 15.6.4",
      "Without Retry-After, clients guess when to come back; with it, "
      "well-behaved ones wait."),
    N(504, INFO, SEM, "RFC 9110, Section 15.6.5",
      "A gateway's code: the server behind it did not answer in time."),
    N(505, INFO, SEM, "RFC 9110, Section 15.6.6",
      "The body should say which protocol versions are supported."),
    N(506, INFO, SEM, "RFC 2295, Section 8.1",
      "A misconfiguration of experimental transparent content "
      "negotiation."),
    N(507, INFO, CLIENT, "RFC 4918, Section 11.5",
      "Temporary; a client must not repeat a request the user made "
      "automatically."),
    N(508, INFO, SEM, "RFC 5842, Section 7.2",
      "WebDAV: an infinite-depth request met a loop."),
    N(510, WARN, SEM, "RFC 2774, Section 7",
      "Obsoleted: the HTTP extension framework it belongs to is historic."),
    N(511, ERROR, CACHE, "RFC 6585, Section 6",
      "Caches must not store it: a stored 511 would show the portal's login "
      "page in place of the real resource."),
    N(511, WARN, SEM, "RFC 6585, Section 6",
      "Sent by captive portals between the client and the network, not by "
      "origin servers; it should link to the login page and carry no "
      "WWW-Authenticate challenge."),
};

#define CODE_NOTE_COUNT (sizeof(code_notes) / sizeof(code_notes[0]))

static int compare_note_code(const void *key, const void *element)
{
    int code = *(const int *)key;
    const struct code_note *note = element;
    return (code > note->code) - (code < note->code);
}

static size_t add(struct note *out, size_t max, size_t count,
                  enum note_severity severity, enum note_topic topic,
                  const char *spec, const char *text)
{
    if (count < max) {
        out[count].severity = severity;
        out[count].topic = topic;
        out[count].spec = spec;
        out[count].text = text;
        out[count].about_response = 0;
        count++;
    }
    return count;
}

size_t inspector_code_notes(int code, struct note *out, size_t max)
{
    const struct status_entry *entry = status_lookup(code);
    size_t count = 0;
    if (!entry)
        return 0;

    const struct code_note *found = bsearch(&code, code_notes,
                                            CODE_NOTE_COUNT,
                                            sizeof(code_notes[0]),
                                            compare_note_code);
    while (found && found > code_notes && found[-1].code == code)
        found--;
    for (; found && found < code_notes + CODE_NOTE_COUNT &&
           found->code == code; found++)
        count = add(out, max, count, found->note.severity, found->note.topic,
                    found->note.spec, found->note.text);

    if (entry->registry == REGISTRY_UNOFFICIAL)
        count = add(out, max, count, WARN, CLIENT, "RFC 9110, Section 15",
                    "Not in the IANA registry: only the software named as "
                    "its origin gives it a meaning; other clients treat it "
                    "as the x00 code of its class.");
    else if (entry->registry == REGISTRY_UNASSIGNED)
        count = add(out, max, count, WARN, CLIENT, "RFC 9110, Section 15",
                    "Unregistered: clients treat it as the x00 code of its "
                    "class.");
    if (entry->heuristically_cacheable)
        count = add(out, max, count, INFO, CACHE, "RFC 9110, Section 15.1",
                    "Heuristically cacheable: without Cache-Control or "
                    "Expires a cache may reuse it for a while, so say what "
                    "you mean.");
    if (entry->delivery != DELIVER_FINAL)
        count = add(out, max, count, INFO, CACHE, "RFC 9111, Section 3",
                    "Never stored by caches: it is not a final response.");
    return count;
}

static const char *field_value(const struct inspected_head *head,
                               const char *name)
{
    for (size_t i = 0; i < head->count; i++)
        if (strcasecmp(head->fields[i].name, name) == 0)
            return head->fields[i].value;
    return NULL;
}

static size_t field_count(const struct inspected_head *head,
                          const char *name)
{
    size_t n = 0;
    for (size_t i = 0; i < head->count; i++)
        n += strcasecmp(head->fields[i].name, name) == 0;
    return n;
}

/* Whether Cache-Control lets a shared cache store and reuse the response:
 * a lifetime or public, and none of no-store, no-cache, private. */
static int lets_caches_reuse(const char *cache_control)
{
    char lower[256];
    size_t len = 0;
    if (!cache_control)
        return 0;
    for (; cache_control[len] && len + 1 < sizeof(lower); len++) {
        char c = cache_control[len];
        lower[len] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    lower[len] = '\0';
    if (strstr(lower, "no-store") || strstr(lower, "no-cache") ||
        strstr(lower, "private"))
        return 0;
    return strstr(lower, "public") || strstr(lower, "s-maxage=") ||
           (strstr(lower, "max-age=") && !strstr(lower, "max-age=0"));
}

/* A field the status needs, by the rule its note cites. */
static const struct required_field {
    int low, high;            /* the statuses that need it */
    const char *name;
    enum note_severity severity;
    const char *spec;
    const char *text;
} required_fields[] = {
    { 301, 303, "Location", ERROR, "RFC 9110, Section 15.4",
      "A redirect without Location leaves the client nowhere to go." },
    { 307, 308, "Location", ERROR, "RFC 9110, Section 15.4",
      "A redirect without Location leaves the client nowhere to go." },
    { 401, 401, "WWW-Authenticate", ERROR, "RFC 9110, Section 15.5.2",
      "A 401 without WWW-Authenticate is broken: the client cannot tell "
      "how to authenticate." },
    { 405, 405, "Allow", ERROR, "RFC 9110, Section 15.5.6",
      "A 405 must carry Allow." },
    { 407, 407, "Proxy-Authenticate", ERROR, "RFC 9110, Section 15.5.8",
      "A 407 must carry Proxy-Authenticate." },
    { 426, 426, "Upgrade", ERROR, "RFC 9110, Section 15.5.22",
      "A 426 must carry Upgrade." },
    { 206, 206, "Content-Range", ERROR, "RFC 9110, Section 15.3.7",
      "A single-part 206 must carry Content-Range." },
    { 226, 226, "ETag", ERROR, "RFC 3229, Section 10.4.1",
      "A 226 must carry the ETag of the current instance." },
    { 429, 429, "Retry-After", WARN, "RFC 6585, Section 4",
      "A 429 without Retry-After leaves clients guessing when to retry." },
    { 503, 503, "Retry-After", WARN, "RFC 9110, Section 15.6.4",
      "A 503 without Retry-After leaves clients guessing when to retry." },
};

/* A field that means nothing, or something wrong, with the status. */
struct misplaced_field {
    const char *name;
    int (*fits)(int status);
    enum note_severity severity;
    const char *spec;
    const char *text;
};

static int is_redirect_or_created(int status)
{
    return status / 100 == 3 || status == 201;
}

static int takes_retry_after(int status)
{
    return status / 100 == 3 || status == 413 || status == 429 ||
           status == 503;
}

static int takes_challenge(int status)
{
    return status == 401;
}

static const struct misplaced_field misplaced[] = {
    { "Location", is_redirect_or_created, WARN, "RFC 9110, Section 10.2.2",
      "Location on this status means nothing to clients (it is for 3xx and "
      "201; Content-Location names the representation)." },
    { "Retry-After", takes_retry_after, INFO, "RFC 9110, Section 10.2.3",
      "Retry-After on this status is ignored by clients (it is for 3xx, "
      "413, 429 and 503)." },
    { "WWW-Authenticate", takes_challenge, WARN, "RFC 9110, Section 11.6.1",
      "A WWW-Authenticate challenge outside a 401 confuses clients; a 511 "
      "in particular should not carry one." },
};

size_t inspector_head_notes(const struct inspected_head *head,
                            struct note *out, size_t max)
{
    int status = head->status;
    const struct status_entry *entry = status_lookup(status);
    size_t count = 0;
    if (!entry)
        return 0;

    for (size_t i = 0; i < sizeof(required_fields) /
                               sizeof(required_fields[0]); i++) {
        const struct required_field *r = &required_fields[i];
        if (status >= r->low && status <= r->high &&
            !field_value(head, r->name))
            count = add(out, max, count, r->severity, TOPIC_HEADERS, r->spec,
                        r->text);
    }
    for (size_t i = 0; i < sizeof(misplaced) / sizeof(misplaced[0]); i++)
        if (field_value(head, misplaced[i].name) && !misplaced[i].fits(status))
            count = add(out, max, count, misplaced[i].severity,
                        TOPIC_HEADERS, misplaced[i].spec, misplaced[i].text);

    const char *cache_control = field_value(head, "Cache-Control");
    if (entry->never_stored && lets_caches_reuse(cache_control))
        count = add(out, max, count, ERROR, TOPIC_CACHING,
                    "RFC 9111, Section 3",
                    "Cache-Control lets caches store a response this status "
                    "forbids them to store.");
    else if (status >= 500 && lets_caches_reuse(cache_control))
        count = add(out, max, count, WARN, TOPIC_CACHING,
                    "RFC 9111, Section 4.2",
                    "A cacheable server error: caches may keep serving this "
                    "failure to everyone until it goes stale.");
    else if (entry->heuristically_cacheable && !cache_control &&
             !field_value(head, "Expires"))
        count = add(out, max, count, INFO, TOPIC_CACHING,
                    "RFC 9111, Section 4.2.2",
                    "No Cache-Control or Expires on a heuristically "
                    "cacheable status: caches choose a lifetime themselves.");

    const char *length = field_value(head, "Content-Length");
    if ((status < 200 || status == 204) &&
        (length || field_value(head, "Transfer-Encoding")))
        count = add(out, max, count, ERROR, TOPIC_SEMANTICS,
                    "RFC 9110, Section 8.6",
                    "Content-Length and Transfer-Encoding must not appear "
                    "on a 1xx or 204.");
    else if (status == 205 && length && strcmp(length, "0") != 0)
        count = add(out, max, count, ERROR, TOPIC_SEMANTICS,
                    "RFC 9110, Section 15.3.6",
                    "A 205 must not carry content.");
    if (length && field_value(head, "Transfer-Encoding"))
        count = add(out, max, count, ERROR, TOPIC_SEMANTICS,
                    "RFC 9112, Section 6.2",
                    "Content-Length and Transfer-Encoding together make the "
                    "framing ambiguous, a request-smuggling hazard.");
    static const char *const single[] = {
        "Content-Length", "Content-Type", "Location", "ETag", "Date",
        "Retry-After", "Last-Modified", "Expires",
    };
    for (size_t i = 0; i < sizeof(single) / sizeof(single[0]); i++)
        if (field_count(head, single[i]) > 1)
            count = add(out, max, count, ERROR, TOPIC_HEADERS,
                        "RFC 9110, Section 5.3",
                        "A field that takes one value appears more than "
                        "once; recipients may pick either, or reject the "
                        "response.");
    if (status == 304 && head->method && strcmp(head->method, "GET") != 0 &&
        strcmp(head->method, "HEAD") != 0)
        count = add(out, max, count, ERROR, TOPIC_SEMANTICS,
                    "RFC 9110, Section 15.4.5",
                    "A 304 answers only a conditional GET or HEAD.");
    for (size_t i = 0; i < count; i++)
        out[i].about_response = 1;
    return count;
}

size_t inspector_notes(int code, const struct inspected_head *head,
                       struct note *out, size_t max)
{
    size_t count = inspector_code_notes(code, out, max);
    return count + inspector_head_notes(head, out + count, max - count);
}

/* Where the parser is: the line's start and number. */
struct cursor {
    char *text;
    size_t len, pos;
    unsigned line;
};

/* The next line without its CR LF (or LF), NUL-terminated in place; NULL
 * at the end of the text. */
static char *next_line(struct cursor *at, size_t *line_len)
{
    if (at->pos >= at->len)
        return NULL;
    char *start = at->text + at->pos;
    char *end = memchr(start, '\n', at->len - at->pos);
    size_t len = end ? (size_t)(end - start) : at->len - at->pos;
    at->pos += len + (end ? 1 : 0);
    at->line++;
    if (len && start[len - 1] == '\r')
        len--;
    start[len] = '\0';
    *line_len = len;
    return start;
}

__attribute__((format(printf, 4, 5)))
static int stop(const struct cursor *at, char *error, size_t error_size,
                const char *format, ...)
{
    char why[200];
    va_list args;
    va_start(args, format);
    vsnprintf(why, sizeof(why), format, args);
    va_end(args);
    snprintf(error, error_size, "Parsing stopped at line %u: %s", at->line,
             why);
    return -1;
}

/* "HTTP/1.1 404 Not Found", "HTTP/2 200": the code, or -1. */
static int parse_status_line(const char *line, size_t len)
{
    static const char *const versions[] = {
        "HTTP/1.0 ", "HTTP/1.1 ", "HTTP/2 ", "HTTP/2.0 ", "HTTP/3 ",
    };
    int code;
    for (size_t i = 0; i < sizeof(versions) / sizeof(versions[0]); i++) {
        size_t vlen = strlen(versions[i]);
        if (len < vlen + 3 || strncmp(line, versions[i], vlen) != 0)
            continue;
        if ((len == vlen + 3 || line[vlen + 3] == ' ') &&
            status_parse_code(line + vlen, 3, &code) == 0)
            return code;
    }
    return -1;
}

/* Reads the fields up to the blank line that ends a head. */
static int parse_fields(struct cursor *at, struct parsed_head *head,
                        int keep, char *error, size_t error_size)
{
    char *line;
    size_t len;
    while ((line = next_line(at, &len)) && len > 0) {
        if (line[0] == ' ' || line[0] == '\t')
            return stop(at, error, error_size,
                        "a line that starts with whitespace continues the "
                        "previous field (obsolete line folding).");
        size_t name_len = 0;
        while (controls_is_tchar(line[name_len]))
            name_len++;
        if (name_len == 0 || line[name_len] != ':')
            return stop(at, error, error_size,
                        "expected a field name and a colon, found '%.40s'.",
                        line);
        if (!keep)
            continue;
        if (head->count == INSPECTOR_MAX_FIELDS)
            return stop(at, error, error_size,
                        "more than %d fields.", INSPECTOR_MAX_FIELDS);
        line[name_len] = '\0';
        char *value = line + name_len + 1;
        while (*value == ' ' || *value == '\t')
            value++;
        char *end = value + strlen(value);
        while (end > value && (end[-1] == ' ' || end[-1] == '\t'))
            *--end = '\0';
        head->fields[head->count].name = line;
        head->fields[head->count].value = value;
        head->count++;
    }
    return 0;
}

int inspector_parse_head(char *text, size_t len, struct parsed_head *head,
                         char *error, size_t error_size)
{
    struct cursor at = { text, len, 0, 0 };
    char *line;
    size_t line_len;

    head->count = 0;
    head->interim_count = 0;
    for (;;) {
        while ((line = next_line(&at, &line_len)) && line_len == 0)
            ;
        if (!line)
            return stop(&at, error, error_size,
                        head->interim_count ? "no final status line after "
                                              "the interim response."
                                            : "no status line found.");
        int code = parse_status_line(line, line_len);
        if (code < 0)
            return stop(&at, error, error_size,
                        "expected a status line such as 'HTTP/1.1 200 OK', "
                        "found '%.40s'.", line);
        int interim = code < 200;
        if (interim && head->interim_count == INSPECTOR_MAX_INTERIM)
            return stop(&at, error, error_size,
                        "more than %d interim responses.",
                        INSPECTOR_MAX_INTERIM);
        if (parse_fields(&at, head, !interim, error, error_size) != 0)
            return -1;
        if (!interim) {
            head->status = code;
            return 0;
        }
        head->interim[head->interim_count++] = code;
    }
}

const char *inspector_severity_name(enum note_severity severity)
{
    static const char *const names[] = {
        [NOTE_INFO] = "info", [NOTE_WARN] = "warn", [NOTE_ERROR] = "error",
    };
    return names[severity];
}

const char *inspector_topic_name(enum note_topic topic)
{
    static const char *const names[] = {
        [TOPIC_SEMANTICS] = "semantics", [TOPIC_HEADERS] = "headers",
        [TOPIC_CACHING] = "caching", [TOPIC_CLIENTS] = "clients",
    };
    return names[topic];
}
