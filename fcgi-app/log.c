/* log.c - the worker's lines on stderr */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>

void log_line(const char *format, ...)
{
    char line[512];
    va_list args;
    va_start(args, format);
    vsnprintf(line, sizeof(line), format, args);
    va_end(args);
    /* One write per line, so lines of different threads do not mix. */
    fprintf(stderr, "httpstatus: %s\n", line);
}
