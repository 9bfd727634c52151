/* test_status_table.c - invariants of the status table and the code parser */
#include "test.h"

#include "status_table.h"

/* The IANA HTTP Status Code Registry, 100..599, as the table must hold it.
 * Written out here independently so that a typo in the table fails. */
static const struct {
    int code;
    const char *reason;
} registry[] = {
    { 100, "Continue" }, { 101, "Switching Protocols" },
    { 102, "Processing" }, { 103, "Early Hints" },
    { 104, "Upload Resumption Supported" },
    { 200, "OK" }, { 201, "Created" }, { 202, "Accepted" },
    { 203, "Non-Authoritative Information" }, { 204, "No Content" },
    { 205, "Reset Content" }, { 206, "Partial Content" },
    { 207, "Multi-Status" }, { 208, "Already Reported" }, { 226, "IM Used" },
    { 300, "Multiple Choices" }, { 301, "Moved Permanently" },
    { 302, "Found" }, { 303, "See Other" }, { 304, "Not Modified" },
    { 305, "Use Proxy" }, { 306, "(Unused)" }, { 307, "Temporary Redirect" },
    { 308, "Permanent Redirect" },
    { 400, "Bad Request" }, { 401, "Unauthorized" },
    { 402, "Payment Required" }, { 403, "Forbidden" }, { 404, "Not Found" },
    { 405, "Method Not Allowed" }, { 406, "Not Acceptable" },
    { 407, "Proxy Authentication Required" }, { 408, "Request Timeout" },
    { 409, "Conflict" }, { 410, "Gone" }, { 411, "Length Required" },
    { 412, "Precondition Failed" }, { 413, "Content Too Large" },
    { 414, "URI Too Long" }, { 415, "Unsupported Media Type" },
    { 416, "Range Not Satisfiable" }, { 417, "Expectation Failed" },
    { 418, "(Unused)" }, { 421, "Misdirected Request" },
    { 422, "Unprocessable Content" }, { 423, "Locked" },
    { 424, "Failed Dependency" }, { 425, "Too Early" },
    { 426, "Upgrade Required" }, { 428, "Precondition Required" },
    { 429, "Too Many Requests" }, { 431, "Request Header Fields Too Large" },
    { 451, "Unavailable For Legal Reasons" },
    { 500, "Internal Server Error" }, { 501, "Not Implemented" },
    { 502, "Bad Gateway" }, { 503, "Service Unavailable" },
    { 504, "Gateway Timeout" }, { 505, "HTTP Version Not Supported" },
    { 506, "Variant Also Negotiates" }, { 507, "Insufficient Storage" },
    { 508, "Loop Detected" }, { 510, "Not Extended" },
    { 511, "Network Authentication Required" },
};
#define REGISTRY_SIZE (sizeof(registry) / sizeof(registry[0]))

static int in_list(int code, const int *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (list[i] == code)
            return 1;
    return 0;
}
#define IN(code, ...) \
    in_list((code), (const int[]){ __VA_ARGS__ }, \
            sizeof((const int[]){ __VA_ARGS__ }) / sizeof(int))

TEST(status_table_sorted_and_unique)
{
    ASSERT(status_table_count() > 0);
    for (size_t i = 0; i < status_table_count(); i++) {
        const struct status_entry *e = status_table_at(i);
        ASSERT(e->code >= 100 && e->code <= 599);
        if (i > 0)
            ASSERT(status_table_at(i - 1)->code < e->code);
        ASSERT(status_table_find(e->code) == e);
    }
    ASSERT(status_table_at(status_table_count()) == NULL);
    return 0;
}

TEST(status_table_has_every_registered_code)
{
    size_t registered = 0;
    ASSERT_INT_EQ(REGISTRY_SIZE, 64);
    for (size_t i = 0; i < status_table_count(); i++) {
        const struct status_entry *e = status_table_at(i);
        if (!status_is_registered(e))
            continue;
        ASSERT(registered < REGISTRY_SIZE);
        ASSERT_INT_EQ(e->code, registry[registered].code);
        ASSERT(e->origin == NULL);
        registered++;
    }
    ASSERT_INT_EQ(registered, REGISTRY_SIZE);
    return 0;
}

/* The unofficial group: codes and who uses them, written out here too. */
TEST(status_table_unofficial_codes)
{
    static const struct {
        int code;
        const char *origin;
    } unofficial[] = {
        { 419, "Laravel" }, { 420, "Twitter" }, { 440, "Microsoft IIS" },
        { 444, "nginx" }, { 449, "Microsoft IIS" }, { 450, "Microsoft" },
        { 460, "AWS Elastic Load Balancing" },
        { 463, "AWS Elastic Load Balancing" }, { 494, "nginx" },
        { 495, "nginx" }, { 496, "nginx" }, { 497, "nginx" },
        { 498, "Esri ArcGIS" }, { 499, "nginx" }, { 509, "Apache (cPanel)" },
        { 520, "Cloudflare" }, { 521, "Cloudflare" }, { 522, "Cloudflare" },
        { 523, "Cloudflare" }, { 524, "Cloudflare" }, { 525, "Cloudflare" },
        { 526, "Cloudflare" }, { 527, "Cloudflare" }, { 530, "Cloudflare" },
        { 561, "AWS Elastic Load Balancing" },
    };
    size_t n = sizeof(unofficial) / sizeof(unofficial[0]);
    ASSERT_INT_EQ(status_table_count(), REGISTRY_SIZE + n);
    for (size_t i = 0; i < n; i++) {
        const struct status_entry *e = status_table_find(unofficial[i].code);
        ASSERT(e != NULL);
        ASSERT_INT_EQ(e->registry, REGISTRY_UNOFFICIAL);
        ASSERT(!status_is_registered(e));
        ASSERT_STR_EQ(e->origin, unofficial[i].origin);
        ASSERT(strlen(e->description) > 20);
        ASSERT_STR_EQ(e->spec_doc, "");
    }
    ASSERT_STR_EQ(status_table_find(499)->reason, "Client Closed Request");
    ASSERT_STR_EQ(status_table_find(522)->reason, "Connection Timed Out");
    return 0;
}

TEST(status_table_reason_phrases)
{
    for (size_t i = 0; i < REGISTRY_SIZE; i++) {
        const struct status_entry *e = status_table_find(registry[i].code);
        ASSERT(e != NULL);
        ASSERT_STR_EQ(e->reason, registry[i].reason);
        ASSERT(e->description && strlen(e->description) > 20);
        ASSERT(e->spec_doc && *e->spec_doc);
        ASSERT(status_is_registered(e));
        ASSERT(e->spec_section != NULL);
        ASSERT(status_class_name(e->code) != NULL);
    }
    ASSERT_STR_EQ(status_class_name(404), "Client Error");
    ASSERT_STR_EQ(status_class_name(100), "Informational");
    ASSERT_STR_EQ(status_class_name(599), "Server Error");
    ASSERT(status_class_name(99) == NULL);
    ASSERT(status_class_name(600) == NULL);
    ASSERT_INT_EQ(status_table_find(306)->registry, REGISTRY_UNUSED);
    ASSERT_INT_EQ(status_table_find(418)->registry, REGISTRY_UNUSED);
    ASSERT_INT_EQ(status_table_find(305)->registry, REGISTRY_DEPRECATED);
    ASSERT_INT_EQ(status_table_find(510)->registry, REGISTRY_OBSOLETED);
    ASSERT_INT_EQ(status_table_find(104)->registry, REGISTRY_TEMPORARY);
    ASSERT_STR_EQ(status_table_find(511)->spec_doc, "RFC 6585");
    ASSERT_STR_EQ(status_table_find(511)->spec_section, "6");
    return 0;
}

TEST(status_table_content_rules)
{
    /* RFC 9110 §15.2, §15.3.5, §15.3.6, §15.4.5. */
    for (size_t i = 0; i < status_table_count(); i++) {
        const struct status_entry *e = status_table_at(i);
        enum status_content expected = CONTENT_ALLOWED;
        if (e->code < 200 || e->code == 204 || e->code == 304)
            expected = CONTENT_NONE;
        else if (e->code == 205)
            expected = CONTENT_ZERO;
        ASSERT_INT_EQ(e->content, expected);
    }
    return 0;
}

TEST(status_table_delivery_rules)
{
    for (size_t i = 0; i < status_table_count(); i++) {
        const struct status_entry *e = status_table_at(i);
        enum status_delivery expected = DELIVER_FINAL;
        if (e->code == 101)
            expected = DELIVER_WITHHELD;
        else if (e->code < 200)
            expected = DELIVER_INTERIM;
        ASSERT_INT_EQ(e->delivery, expected);
    }
    return 0;
}

TEST(status_table_cache_rules)
{
    for (size_t i = 0; i < status_table_count(); i++) {
        const struct status_entry *e = status_table_at(i);
        /* RFC 9110 §15.1 and RFC 7725 §3 (451). */
        ASSERT_INT_EQ(e->heuristically_cacheable,
                      IN(e->code, 200, 203, 204, 206, 300, 301, 308, 404,
                         405, 410, 414, 451, 501));
        /* RFC 9111 §3 (1xx) and RFC 6585 §3-6: never stored. */
        ASSERT_INT_EQ(e->never_stored,
                      e->code < 200 || IN(e->code, 428, 429, 431, 511));
    }
    return 0;
}

TEST(status_table_header_rules)
{
    struct {
        unsigned header;
        int codes[8];
    } rules[] = {
        { HDR_LOCATION, { 201, 300, 301, 302, 303, 307, 308 } },
        { HDR_WWW_AUTHENTICATE, { 401 } },
        { HDR_PROXY_AUTHENTICATE, { 407 } },
        { HDR_ALLOW, { 405 } },
        { HDR_RETRY_AFTER, { 429, 503 } },
        { HDR_CONTENT_RANGE_FULL, { 206 } },
        { HDR_CONTENT_RANGE_UNSATISFIED, { 416 } },
        { HDR_UPGRADE, { 101, 426 } },
        { HDR_LINK_PRELOAD, { 103 } },
        { HDR_LINK_LOGIN, { 511 } },
        { HDR_LINK_BLOCKED_BY, { 451 } },
        { HDR_ETAG, { 226 } },
        { HDR_UPLOAD_RESUMPTION, { 104 } },
        { HDR_ACCEPT, { 415 } },
    };
    unsigned all = 0;
    for (size_t r = 0; r < sizeof(rules) / sizeof(rules[0]); r++)
        all |= rules[r].header;
    for (size_t i = 0; i < status_table_count(); i++) {
        const struct status_entry *e = status_table_at(i);
        ASSERT_INT_EQ(e->headers & ~all, 0);
        for (size_t r = 0; r < sizeof(rules) / sizeof(rules[0]); r++) {
            int listed = in_list(e->code, rules[r].codes, 8);
            if (listed != !!(e->headers & rules[r].header)) {
                printf("# code %d, header bit %#x\n", e->code,
                       rules[r].header);
                return 1;
            }
        }
    }
    return 0;
}

TEST(status_lookup_unregistered_uses_class_row)
{
    const struct status_entry *e = status_lookup(299);
    ASSERT(e != NULL);
    ASSERT(status_table_find(299) == NULL);
    ASSERT_INT_EQ(e->registry, REGISTRY_UNASSIGNED);
    ASSERT_INT_EQ(e->content, CONTENT_ALLOWED);
    ASSERT_STR_EQ(e->spec_section, "15.3");
    ASSERT_INT_EQ(status_lookup(199)->delivery, DELIVER_INTERIM);
    ASSERT_INT_EQ(status_lookup(199)->content, CONTENT_NONE);
    ASSERT_INT_EQ(status_lookup(599)->registry, REGISTRY_UNASSIGNED);
    ASSERT_STR_EQ(status_lookup(432)->spec_section, "15.5");
    ASSERT(status_lookup(404) == status_table_find(404));
    ASSERT(status_lookup(99) == NULL);
    ASSERT(status_lookup(600) == NULL);
    ASSERT(status_lookup(-1) == NULL);
    return 0;
}

static int parses(const char *text, int *code)
{
    return status_parse_code(text, strlen(text), code);
}

TEST(status_parse_code_accepts_100_to_599)
{
    int code = 0;
    ASSERT_INT_EQ(parses("100", &code), 0);
    ASSERT_INT_EQ(code, 100);
    ASSERT_INT_EQ(parses("511", &code), 0);
    ASSERT_INT_EQ(code, 511);
    ASSERT_INT_EQ(parses("599", &code), 0);
    ASSERT_INT_EQ(code, 599);
    /* The length is the caller's: "4041" cut to three bytes is 404. */
    ASSERT_INT_EQ(status_parse_code("4041", 3, &code), 0);
    ASSERT_INT_EQ(code, 404);
    return 0;
}

TEST(status_parse_code_rejects_malformed)
{
    static const char *const bad[] = {
        "", "abc", "99", "099", "600", "999", "000", "404x", "x404", "+404",
        "-404", " 404", "404 ", "0404", "4040", "40", "4.0", "4e2",
        "18446744073709551616", "2147483648", "１００",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        int code = -7;
        if (parses(bad[i], &code) != -1 || code != -7) {
            printf("# accepted \"%s\"\n", bad[i]);
            return 1;
        }
    }
    ASSERT_INT_EQ(status_parse_code("404", 0, &(int){ 0 }), -1);
    return 0;
}
