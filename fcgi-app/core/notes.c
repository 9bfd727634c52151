/* notes.c - the notes on each status code
 *
 * Source: the RFCs each note cites.  Keep code_notes sorted by code:
 * notes_for_code() bsearches the first note of a code and reads on while
 * the code matches, and tests/unit/test_notes.c fails if the order breaks.
 */
#include "notes.h"

#include <stdlib.h>

#include "status_table.h"

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

size_t notes_add(struct note *out, size_t max, size_t count,
                 int about_response, enum note_severity severity,
                 enum note_topic topic, const char *spec, const char *text)
{
    if (count < max)
        out[count++] = (struct note){ severity, topic, spec, text,
                                      about_response };
    return count;
}

size_t notes_for_code(int code, struct note *out, size_t max)
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
        count = notes_add(out, max, count, 0, found->note.severity,
                          found->note.topic, found->note.spec,
                          found->note.text);

    if (entry->registry == REGISTRY_UNOFFICIAL)
        count = notes_add(out, max, count, 0, WARN, CLIENT,
                          "RFC 9110, Section 15",
                          "Not in the IANA registry: only the software named "
                          "as its origin gives it a meaning; other clients "
                          "treat it as the x00 code of its class.");
    else if (entry->registry == REGISTRY_UNASSIGNED)
        count = notes_add(out, max, count, 0, WARN, CLIENT,
                          "RFC 9110, Section 15",
                          "Unregistered: clients treat it as the x00 code of "
                          "its class.");
    if (entry->heuristically_cacheable)
        count = notes_add(out, max, count, 0, INFO, CACHE,
                          "RFC 9110, Section 15.1",
                          "Heuristically cacheable: without Cache-Control or "
                          "Expires a cache may reuse it for a while, so say "
                          "what you mean.");
    if (entry->delivery != DELIVER_FINAL)
        count = notes_add(out, max, count, 0, INFO, CACHE,
                          "RFC 9111, Section 3",
                          "Never stored by caches: it is not a final "
                          "response.");
    return count;
}

int notes_table_code(size_t index)
{
    return index < CODE_NOTE_COUNT ? code_notes[index].code : -1;
}

const char *notes_severity_name(enum note_severity severity)
{
    static const char *const names[] = {
        [NOTE_INFO] = "info", [NOTE_WARN] = "warn", [NOTE_ERROR] = "error",
    };
    return names[severity];
}

const char *notes_topic_name(enum note_topic topic)
{
    static const char *const names[] = {
        [TOPIC_SEMANTICS] = "semantics", [TOPIC_HEADERS] = "headers",
        [TOPIC_CACHING] = "caching", [TOPIC_CLIENTS] = "clients",
    };
    return names[topic];
}
