/* head_parser.c - reading a response head line by line */
#include "head_parser.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "status_table.h"

/* Where the parser is: the line's start and number. */
struct cursor {
    char *text;
    size_t len, pos;
    unsigned line;
};

/* The next line without its CR LF (or LF), NUL-terminated in place; NULL
 * at the end of the text.  A last line without LF ends at text[len],
 * which is why the copy has a byte to spare. */
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

/* What is said of a CR that does not end a line: RFC 9112 Section 2.2
 * lets a recipient reject a message with one, and a value with one would
 * read differently to different parsers. */
static const char bare_cr[] = "a CR that does not end the line.";

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

/* Reads the fields up to the blank line that ends a head; keeps them only
 * when keep is set (an interim head's are skipped). */
static int parse_fields(struct cursor *at, struct parsed_head *head,
                        int keep, char *error, size_t error_size)
{
    char *line;
    size_t len;
    while ((line = next_line(at, &len)) && len > 0) {
        if (memchr(line, '\r', len))
            return stop(at, error, error_size, "%s", bare_cr);
        if (line[0] == ' ' || line[0] == '\t')
            return stop(at, error, error_size,
                        "a line that starts with whitespace continues the "
                        "previous field (obsolete line folding).");
        size_t name_len = 0;
        while (http_is_tchar(line[name_len]))
            name_len++;
        if (name_len == 0 || line[name_len] != ':')
            return stop(at, error, error_size,
                        "expected a field name and a colon, found '%.40s'.",
                        line);
        if (!keep)
            continue;
        if (head->count == HEAD_MAX_FIELDS)
            return stop(at, error, error_size,
                        "more than %d fields.", HEAD_MAX_FIELDS);
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

int head_parse(struct parsed_head *head, const char *input, size_t len,
               char *error, size_t error_size)
{
    struct cursor at = { head->text, len, 0, 0 };
    char *line;
    size_t line_len;

    head->count = 0;
    head->interim_count = 0;
    if (len > HEAD_MAX_BYTES)
        return stop(&at, error, error_size, "the head is longer than %d "
                                            "bytes.", HEAD_MAX_BYTES);
    /* A request without a body brings no data at all: input is NULL. */
    if (len)
        memcpy(head->text, input, len);
    head->text[len] = '\0';
    for (;;) {
        while ((line = next_line(&at, &line_len)) && line_len == 0)
            ;
        if (!line)
            return stop(&at, error, error_size,
                        head->interim_count ? "no final status line after "
                                              "the interim response."
                                            : "no status line found.");
        if (memchr(line, '\r', line_len))
            return stop(&at, error, error_size, "%s", bare_cr);
        int code = parse_status_line(line, line_len);
        if (code < 0)
            return stop(&at, error, error_size,
                        "expected a status line such as 'HTTP/1.1 200 OK', "
                        "found '%.40s'.", line);
        int interim = code < 200;
        if (interim && head->interim_count == HEAD_MAX_INTERIM)
            return stop(&at, error, error_size,
                        "more than %d interim responses.", HEAD_MAX_INTERIM);
        if (parse_fields(&at, head, !interim, error, error_size) != 0)
            return -1;
        if (!interim) {
            head->status = code;
            return 0;
        }
        head->interim[head->interim_count++] = code;
    }
}
