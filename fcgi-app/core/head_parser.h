/* head_parser.h - a response head as curl -i prints it, parsed into its
 * status, interim codes and fields */
#ifndef HTTPSTATUS_HEAD_PARSER_H
#define HTTPSTATUS_HEAD_PARSER_H

#include <stddef.h>

#include "http.h"

/* The largest head read, its field count and its interim responses. */
#define HEAD_MAX_BYTES 16384
#define HEAD_MAX_FIELDS 64
#define HEAD_MAX_INTERIM 8

/* Any interim 1xx blocks, then the final status line and its fields; what
 * follows the final head (a body) is ignored.  The fields point into
 * text, the parser's own copy of the input: they live as long as the
 * parsed_head does. */
struct parsed_head {
    int status;
    int interim[HEAD_MAX_INTERIM];
    size_t interim_count;
    struct header_field fields[HEAD_MAX_FIELDS]; /* the final head's */
    size_t count;
    char text[HEAD_MAX_BYTES + 1];  /* the input, with a NUL after each
                                     * line, the last one included */
};

/* Parses input[0..len), which it does not change (NULL when len is 0);
 * len is at most HEAD_MAX_BYTES.  Returns 0, or -1 with a sentence saying where parsing
 * stopped and why written into error. */
int head_parse(struct parsed_head *head, const char *input, size_t len,
               char *error, size_t error_size);

#endif
