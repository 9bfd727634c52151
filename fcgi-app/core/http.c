/* http.c - HTTP primitives shared by the request, controls and inspector */
#include "http.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

int http_is_tchar(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
           (ch >= '0' && ch <= '9') ||
           (ch && strchr("!#$%&'*+-.^_`|~", ch));
}

int http_is_token(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!http_is_tchar(text[i]))
            return 0;
    return len > 0;
}

int http_is_field_value(const char *text)
{
    for (; *text; text++)
        if ((*text < 0x20 && *text != '\t') || *text > 0x7e)
            return 0;
    return 1;
}

int http_is_token_list(const char *text, size_t max_len)
{
    size_t len = 0;
    for (; text[len]; len++) {
        char c = text[len];
        if (len == max_len ||
            !(http_is_tchar(c) || c == ',' || c == ' ' || c == '\t'))
            return 0;
    }
    return len > 0;
}

int http_parse_decimal(const char *text, size_t len, uint64_t cap,
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

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)(c | 0x20);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

long http_percent_decode(char *text, size_t len)
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

static int is_control(int ch)
{
    return (ch >= 0 && ch < 0x20) || ch == 0x7f;
}

long http_find_control(const char *text)
{
    for (const char *p = text; *p; p++) {
        if (is_control((unsigned char)*p))
            return p - text;
        if (*p == '%') {
            int high = hex_digit(p[1]);
            int low = high >= 0 ? hex_digit(p[2]) : -1;
            if (low >= 0 && is_control(high * 16 + low))
                return p - text;
        }
    }
    return -1;
}

int http_header_case(const char *name, size_t len, char *out,
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

const struct header_field *http_field_find(const struct header_field *fields,
                                           size_t count, const char *name)
{
    for (size_t i = 0; i < count; i++)
        if (strcasecmp(fields[i].name, name) == 0)
            return &fields[i];
    return NULL;
}

int http_is_version_2_or_later(const char *protocol)
{
    return strncmp(protocol, "HTTP/", 5) == 0 && protocol[5] >= '2' &&
           protocol[5] <= '9';
}

int http_list_has_n(const char *list, const char *item, size_t item_len)
{
    while (list && *list) {
        list += strspn(list, " \t,");
        size_t len = strcspn(list, " \t,");
        if (len == item_len && strncasecmp(list, item, len) == 0)
            return 1;
        list += len;
    }
    return 0;
}

int http_list_has(const char *list, const char *token)
{
    return http_list_has_n(list, token, strlen(token));
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

/* How closely a media range names type: 2 exactly, 1 by "type/STAR",
 * 0 by "STAR/STAR", -1 not at all. */
static int range_level(const char *range, size_t range_len, const char *type)
{
    const char *slash = memchr(range, '/', range_len);
    const char *type_slash = strchr(type, '/');
    if (!slash)
        return -1;
    size_t major_len = (size_t)(slash - range);
    const char *sub = slash + 1;
    size_t sub_len = range_len - major_len - 1;
    int major_any = major_len == 1 && range[0] == '*';
    int sub_any = sub_len == 1 && sub[0] == '*';
    int major_ok = major_any ||
        ((size_t)(type_slash - type) == major_len &&
         strncasecmp(range, type, major_len) == 0);
    int sub_ok = sub_any || (strlen(type_slash + 1) == sub_len &&
                             strncasecmp(sub, type_slash + 1, sub_len) == 0);
    if (!major_ok || !sub_ok || (major_any && !sub_any))
        return -1;
    return major_any ? 0 : sub_any ? 1 : 2;
}

#define NEGOTIATE_MAX_TYPES 8

size_t http_negotiate(const char *accept, const char *const *types,
                      size_t count, size_t fallback)
{
    double quality[NEGOTIATE_MAX_TYPES] = { 0 };
    int specificity[NEGOTIATE_MAX_TYPES];

    if (!accept || count > NEGOTIATE_MAX_TYPES)
        return fallback;
    for (size_t i = 0; i < count; i++)
        specificity[i] = -1;
    while (*accept) {
        size_t len = strcspn(accept, ",");
        size_t range_len = strcspn(accept, ";,");
        const char *range = accept;
        while (range_len && (*range == ' ' || *range == '\t'))
            range++, range_len--;
        while (range_len && (range[range_len - 1] == ' ' ||
                             range[range_len - 1] == '\t'))
            range_len--;
        double q = accept_quality(range + range_len,
                                  len - (size_t)(range - accept) - range_len);
        for (size_t i = 0; i < count; i++) {
            int level = range_level(range, range_len, types[i]);
            if (level > specificity[i]) {
                specificity[i] = level;
                quality[i] = q;
            }
        }
        accept += len + (accept[len] ? 1 : 0);
    }

    size_t best = fallback;
    double best_q = quality[fallback];
    for (size_t i = 0; i < count; i++)
        if (quality[i] > best_q) {
            best = i;
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

int http_etag_matches(const char *if_none_match, const char *etag)
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

int http_etag_matches_strongly(const char *if_match, const char *etag)
{
    size_t etag_len = strlen(etag);
    const char *p = if_match;
    while (*p) {
        p += strspn(p, " \t,");
        if (*p == '*')
            return 1;
        size_t len = strcspn(p, ",");
        while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
            len--;
        if (len == etag_len && strncmp(p, etag, len) == 0 &&
            strncmp(p, "W/", 2) != 0)
            return 1;
        p += strcspn(p, ",");
    }
    return 0;
}

static const char *const day_names[] = { "Thu", "Fri", "Sat", "Sun", "Mon",
                                         "Tue", "Wed" };
static const char *const month_names[] = { "Jan", "Feb", "Mar", "Apr",
                                           "May", "Jun", "Jul", "Aug",
                                           "Sep", "Oct", "Nov", "Dec" };

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static int64_t days_from_civil(int64_t year, unsigned month, unsigned day)
{
    year -= month <= 2;
    int64_t era = (year >= 0 ? year : year - 399) / 400;
    unsigned year_of_era = (unsigned)(year - era * 400);
    unsigned day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 +
                           day - 1;
    unsigned day_of_era = year_of_era * 365 + year_of_era / 4 -
                          year_of_era / 100 + day_of_year;
    return era * 146097 + (int64_t)day_of_era - 719468;
}

void http_date_format(uint64_t seconds, char out[HTTP_DATE_LEN + 1])
{
    int64_t days = (int64_t)(seconds / 86400);
    unsigned rest = (unsigned)(seconds % 86400);
    /* civil_from_days, the inverse of the above. */
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned day_of_era = (unsigned)(z - era * 146097);
    unsigned year_of_era = (day_of_era - day_of_era / 1460 +
                            day_of_era / 36524 - day_of_era / 146096) / 365;
    unsigned day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 -
                                         year_of_era / 100);
    unsigned mp = (5 * day_of_year + 2) / 153;
    unsigned day = day_of_year - (153 * mp + 2) / 5 + 1;
    unsigned month = mp < 10 ? mp + 3 : mp - 9;
    int64_t year = (int64_t)year_of_era + era * 400 + (month <= 2);
    snprintf(out, HTTP_DATE_LEN + 1, "%s, %02u %s %04d %02u:%02u:%02u GMT",
             day_names[days % 7], day, month_names[month - 1], (int)year,
             rest / 3600, rest / 60 % 60, rest % 60);
}

int http_date_parse(const char *text, uint64_t *seconds)
{
    char day_name[4], month_name[4], zone[4];
    unsigned day, hour, minute, second;
    int year, used = 0;
    if (strlen(text) != HTTP_DATE_LEN ||
        sscanf(text, "%3s, %2u %3s %4d %2u:%2u:%2u %3s%n", day_name, &day,
               month_name, &year, &hour, &minute, &second, zone, &used) != 8 ||
        used != HTTP_DATE_LEN || strcmp(zone, "GMT") != 0 || year < 1970 ||
        day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
        return -1;
    for (unsigned month = 1; month <= 12; month++)
        if (strcmp(month_name, month_names[month - 1]) == 0) {
            *seconds = (uint64_t)days_from_civil(year, month, day) * 86400 +
                       hour * 3600 + minute * 60 + second;
            return 0;
        }
    return -1;
}

int http_parse_duration(const char *text, size_t len, uint64_t max_ms,
                        uint64_t *ms)
{
    static const struct { const char *unit; uint64_t ms; } units[] = {
        { "ms", 1 }, { "s", 1000 }, { "m", 60000 }, { "h", 3600000 },
    };
    size_t digits = 0;
    uint64_t count;
    while (digits < len && text[digits] >= '0' && text[digits] <= '9')
        digits++;
    if (http_parse_decimal(text, digits, max_ms, &count) != 0 || count == 0)
        return -1;
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
        if (strlen(units[i].unit) == len - digits &&
            strncmp(text + digits, units[i].unit, len - digits) == 0) {
            if (count > max_ms / units[i].ms)
                return -1;
            *ms = count * units[i].ms;
            return 0;
        }
    return -1;
}

const char *http_query_value(const char *query, const char *name,
                             size_t *len)
{
    size_t name_len = strlen(name);
    for (const char *p = query; *p;) {
        size_t pair = strcspn(p, "&");
        if (pair > name_len && strncmp(p, name, name_len) == 0 &&
            p[name_len] == '=') {
            *len = pair - name_len - 1;
            return p + name_len + 1;
        }
        p += pair + (p[pair] ? 1 : 0);
    }
    return NULL;
}
