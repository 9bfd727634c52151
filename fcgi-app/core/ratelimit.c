/* ratelimit.c - quota windows and their fields */
#include "ratelimit.h"

#include <inttypes.h>
#include <string.h>

int ratelimit_parse(const char *text, uint64_t *quota, uint64_t *window_ms)
{
    const char *slash = strchr(text, '/');
    if (!slash ||
        http_parse_decimal(text, (size_t)(slash - text), RATELIMIT_MAX_QUOTA,
                           quota) != 0 ||
        *quota == 0 || *quota > RATELIMIT_MAX_QUOTA)
        return -1;
    return http_parse_duration(slash + 1, strlen(slash + 1),
                               RATELIMIT_MAX_WINDOW_MS, window_ms);
}

static const char *const dialect_names[] = {
    "draft10", "draft7", "draft6", "legacy", "none",
};

int ratelimit_dialect_parse(const char *text,
                            enum ratelimit_dialect *dialect)
{
    for (size_t i = 0; i < sizeof(dialect_names) / sizeof(dialect_names[0]);
         i++)
        if (strcmp(text, dialect_names[i]) == 0) {
            *dialect = (enum ratelimit_dialect)i;
            return 0;
        }
    return -1;
}

const char *ratelimit_dialect_name(enum ratelimit_dialect dialect)
{
    return dialect_names[dialect];
}

int ratelimit_over(const struct ratelimit_window *w)
{
    return w->used > w->quota;
}

uint64_t ratelimit_reset_s(const struct ratelimit_window *w)
{
    uint64_t seconds = (w->left_ms + 999) / 1000;
    return seconds ? seconds : 1;
}

/* One field, its value printed into space and NUL-terminated there. */
__attribute__((format(printf, 6, 7)))
static int add(struct header_field *fields, size_t *count, size_t max,
               struct buffer *space, const char *name, const char *format,
               ...)
{
    va_list args;
    size_t start = space->len;
    if (*count >= max)
        return -1;
    va_start(args, format);
    int failed = buffer_vprintf(space, format, args);
    va_end(args);
    if (failed || buffer_append(space, "", 1) != 0)
        return -1;
    fields[(*count)++] = (struct header_field){ name, space->data + start };
    return 0;
}

int ratelimit_fields(const struct ratelimit_window *w,
                     struct header_field *fields, size_t *count, size_t max,
                     struct buffer *space)
{
    uint64_t remaining = ratelimit_over(w) ? 0 : w->quota - w->used;
    uint64_t reset = ratelimit_reset_s(w);
    uint64_t window_s = (w->window_ms + 999) / 1000;
    switch (w->dialect) {
    case RATELIMIT_DRAFT10:
        return add(fields, count, max, space, "RateLimit-Policy",
                   "\"default\";q=%" PRIu64 ";w=%" PRIu64, w->quota,
                   window_s) ||
               add(fields, count, max, space, "RateLimit",
                   "\"default\";r=%" PRIu64 ";t=%" PRIu64, remaining,
                   reset);
    case RATELIMIT_DRAFT7:
        return add(fields, count, max, space, "RateLimit-Policy",
                   "%" PRIu64 ";w=%" PRIu64, w->quota, window_s) ||
               add(fields, count, max, space, "RateLimit",
                   "limit=%" PRIu64 ", remaining=%" PRIu64
                   ", reset=%" PRIu64, w->quota, remaining, reset);
    case RATELIMIT_DRAFT6:
        return add(fields, count, max, space, "RateLimit-Policy",
                   "%" PRIu64 ";w=%" PRIu64, w->quota, window_s) ||
               add(fields, count, max, space, "RateLimit-Limit",
                   "%" PRIu64, w->quota) ||
               add(fields, count, max, space, "RateLimit-Remaining",
                   "%" PRIu64, remaining) ||
               add(fields, count, max, space, "RateLimit-Reset",
                   "%" PRIu64, reset);
    case RATELIMIT_LEGACY:
        /* The vendors' reset is a moment, in Unix seconds. */
        return add(fields, count, max, space, "X-RateLimit-Limit",
                   "%" PRIu64, w->quota) ||
               add(fields, count, max, space, "X-RateLimit-Remaining",
                   "%" PRIu64, remaining) ||
               add(fields, count, max, space, "X-RateLimit-Reset",
                   "%" PRIu64, (w->now_ms + w->left_ms + 999) / 1000);
    case RATELIMIT_NONE:
        break;
    }
    return 0;
}
