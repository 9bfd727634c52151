/* log.h - the worker's one way to say something: what went wrong, and
 * the limits it started with */
#ifndef HTTPSTATUS_LOG_H
#define HTTPSTATUS_LOG_H

/* Writes "httpstatus: " and the printf-formatted message, with a newline,
 * to stderr: a worker that lighttpd spawned inherits its fd 2, which is
 * server.breakagelog when that is set. */
__attribute__((format(printf, 1, 2)))
void log_line(const char *format, ...);

#endif
