/* http.h - HTTP primitives: tokens, field values, numbers, percent-decoding,
 * content negotiation and entity tags (RFC 9110), with no simulator types */
#ifndef HTTPSTATUS_HTTP_H
#define HTTPSTATUS_HTTP_H

#include <stddef.h>
#include <stdint.h>

/* One header field.  Who owns the strings is said where a list is kept. */
struct header_field {
    const char *name;
    const char *value;
};

/* Whether ch may appear in a token (a field name, a method): RFC 9110
 * Section 5.6.2. */
int http_is_tchar(char ch);

/* Whether text[0..len) is a non-empty token. */
int http_is_token(const char *text, size_t len);

/* Whether text holds only visible ASCII, spaces and tabs: no CR, LF, NUL
 * or other control can reach a header line, and no byte a client might
 * decode oddly. */
int http_is_field_value(const char *text);

/* Whether text is a non-empty comma-separated list of tokens (RFC 9110
 * Section 5.6.1), at most max_len bytes long. */
int http_is_token_list(const char *text, size_t max_len);

/* Parses text[0..len) as a plain decimal number (digits only, at least
 * one).  Values above cap come back as cap + 1, so nothing overflows.
 * Returns 0, or -1 when the text is not such a number. */
int http_parse_decimal(const char *text, size_t len, uint64_t cap,
                       uint64_t *value);

/* Percent-decodes text[0..len) in place ('+' is a space, as HTML forms
 * send it).  Returns the decoded length, or -1 for a broken %-escape. */
long http_percent_decode(char *text, size_t len);

/* Where text first holds a control character (below 0x20, or 0x7f), raw
 * or percent-encoded ("%0d"): the offset of the byte or of its '%'; -1
 * when there is none. */
long http_find_control(const char *text);

/* Writes an environment-style header name in HTTP's usual capitalisation:
 * "USER_AGENT" (len bytes) -> "User-Agent", NUL-terminated.  Returns 0, or
 * -1 when it is empty or does not fit in out. */
int http_header_case(const char *name, size_t len, char *out,
                     size_t out_size);

/* The first field of fields[0..count) named name, without regard to case;
 * NULL when there is none. */
const struct header_field *http_field_find(const struct header_field *fields,
                                           size_t count, const char *name);

/* Whether protocol (SERVER_PROTOCOL: "HTTP/2.0", "HTTP/1.1") is HTTP/2 or
 * later, which have no connection-specific fields (RFC 9113, Section
 * 8.2.2) and no Upgrade mechanism. */
int http_is_version_2_or_later(const char *protocol);

/* Whether a comma-separated field value holds token, without regard to
 * case ("Connection: keep-alive, Close" holds "close"). */
int http_list_has(const char *list, const char *token);

/* The same for an item of item_len bytes; also for an operator's lists,
 * as "https://a.example, https://b.example" (list may be NULL). */
int http_list_has_n(const char *list, const char *item, size_t item_len);

/* Which of the media types ("application/json", ...; at most 8) an Accept
 * field prefers, honouring q-values and wildcards: its index.  fallback (an
 * index) wins ties, and also when Accept is NULL or rules out every
 * type, since a simulator has no reason to answer 406. */
size_t http_negotiate(const char *accept, const char *const *types,
                      size_t count, size_t fallback);

/* Whether an If-None-Match value names etag by the weak comparison of RFC
 * 9110 Section 13.1.2 ("*" names any). */
int http_etag_matches(const char *if_none_match, const char *etag);

/* Whether an If-Match value names etag by the strong comparison ("*"
 * names any): a weak tag never matches. */
int http_etag_matches_strongly(const char *if_match, const char *etag);

/* An IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT", 29 bytes and a NUL)
 * for seconds since the Unix epoch. */
#define HTTP_DATE_LEN 29
void http_date_format(uint64_t seconds, char out[HTTP_DATE_LEN + 1]);

/* Reads an IMF-fixdate into seconds since the Unix epoch.  Returns 0, or
 * -1 for anything else (RFC 9110 Section 5.6.7 lets a recipient ignore a
 * date it cannot parse). */
int http_date_parse(const char *text, uint64_t *seconds);

/* The raw value of name= in a query string, its length in *len; NULL
 * when the query has no such parameter. */
const char *http_query_value(const char *query, const char *name,
                             size_t *len);

/* A span such as "250ms", "10s", "5m" or "2h", at most max_ms, into *ms.
 * Returns 0, or -1 for anything else or a span of 0. */
int http_parse_duration(const char *text, size_t len, uint64_t max_ms,
                        uint64_t *ms);

#endif
