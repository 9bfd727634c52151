/* inspector.c - checks of an actual response head against what its
 * status needs: missing and misplaced fields, unsafe caching, framing */
#include "inspector.h"

#include <string.h>
#include <strings.h>

#include "status_table.h"

#define INFO NOTE_INFO
#define WARN NOTE_WARN
#define ERROR NOTE_ERROR

static const char *field_value(const struct inspected_head *head,
                               const char *name)
{
    const struct header_field *found = http_field_find(head->fields,
                                                       head->count, name);
    return found ? found->value : NULL;
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

static const char upgrade_over_http2[] =
    "Over HTTP/2 a 426 goes without Upgrade: HTTP/2 has no upgrade "
    "mechanism, and Upgrade, a connection-specific field, would make the "
    "response malformed. A client can switch protocols only on a new "
    "HTTP/1.1 connection.";

size_t inspector_head_notes(const struct inspected_head *head,
                            struct note *out, size_t max)
{
    int status = head->status;
    const struct status_entry *entry = status_lookup(status);
    int over_http2 = head->protocol &&
                     http_is_version_2_or_later(head->protocol);
    size_t count = 0;
    if (!entry)
        return 0;

    for (size_t i = 0; i < sizeof(required_fields) /
                               sizeof(required_fields[0]); i++) {
        const struct required_field *r = &required_fields[i];
        if (status < r->low || status > r->high || field_value(head, r->name))
            continue;
        if (over_http2 && strcmp(r->name, "Upgrade") == 0)
            count = notes_add(out, max, count, 1, NOTE_INFO, TOPIC_HEADERS,
                              "RFC 9113, Section 8.2.2", upgrade_over_http2);
        else
            count = notes_add(out, max, count, 1, r->severity, TOPIC_HEADERS,
                              r->spec, r->text);
    }
    for (size_t i = 0; i < sizeof(misplaced) / sizeof(misplaced[0]); i++)
        if (field_value(head, misplaced[i].name) && !misplaced[i].fits(status))
            count = notes_add(out, max, count, 1, misplaced[i].severity,
                              TOPIC_HEADERS, misplaced[i].spec,
                              misplaced[i].text);

    const char *cache_control = field_value(head, "Cache-Control");
    if (entry->never_stored && lets_caches_reuse(cache_control))
        count = notes_add(out, max, count, 1, ERROR, TOPIC_CACHING,
                          "RFC 9111, Section 3",
                          "Cache-Control lets caches store a response this "
                          "status forbids them to store.");
    else if (status >= 500 && lets_caches_reuse(cache_control))
        count = notes_add(out, max, count, 1, WARN, TOPIC_CACHING,
                          "RFC 9111, Section 4.2",
                          "A cacheable server error: caches may keep serving "
                          "this failure to everyone until it goes stale.");
    else if (entry->heuristically_cacheable && !cache_control &&
             !field_value(head, "Expires"))
        count = notes_add(out, max, count, 1, INFO, TOPIC_CACHING,
                          "RFC 9111, Section 4.2.2",
                          "No Cache-Control or Expires on a heuristically "
                          "cacheable status: caches choose a lifetime "
                          "themselves.");

    const char *length = field_value(head, "Content-Length");
    if ((status < 200 || status == 204) &&
        (length || field_value(head, "Transfer-Encoding")))
        count = notes_add(out, max, count, 1, ERROR, TOPIC_SEMANTICS,
                          "RFC 9110, Section 8.6",
                          "Content-Length and Transfer-Encoding must not "
                          "appear on a 1xx or 204.");
    else if (status == 205 && length && strcmp(length, "0") != 0)
        count = notes_add(out, max, count, 1, ERROR, TOPIC_SEMANTICS,
                          "RFC 9110, Section 15.3.6",
                          "A 205 must not carry content.");
    if (length && field_value(head, "Transfer-Encoding"))
        count = notes_add(out, max, count, 1, ERROR, TOPIC_SEMANTICS,
                          "RFC 9112, Section 6.2",
                          "Content-Length and Transfer-Encoding together make "
                          "the framing ambiguous, a request-smuggling hazard.");
    static const char *const single[] = {
        "Content-Length", "Content-Type", "Location", "ETag", "Date",
        "Retry-After", "Last-Modified", "Expires",
    };
    for (size_t i = 0; i < sizeof(single) / sizeof(single[0]); i++)
        if (field_count(head, single[i]) > 1)
            count = notes_add(out, max, count, 1, ERROR, TOPIC_HEADERS,
                              "RFC 9110, Section 5.3",
                              "A field that takes one value appears more than "
                              "once; recipients may pick either, or reject the "
                              "response.");
    if (status == 304 && head->method && strcmp(head->method, "GET") != 0 &&
        strcmp(head->method, "HEAD") != 0)
        count = notes_add(out, max, count, 1, ERROR, TOPIC_SEMANTICS,
                          "RFC 9110, Section 15.4.5",
                          "A 304 answers only a conditional GET or HEAD.");
    return count;
}

size_t inspector_notes(int code, const struct inspected_head *head,
                       struct note *out, size_t max)
{
    size_t count = notes_for_code(code, out, max);
    return count + inspector_head_notes(head, out + count, max - count);
}
