/* cgi_places.c - places for delayed CGI responses, as locked bytes */
#include "cgi_places.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

void cgi_places_path(const char *set, char *out, size_t size)
{
    if (set && *set)
        snprintf(out, size, "%s", set);
    else
        snprintf(out, size, "/tmp/httpstatus-cgi-places-%lu",
                 (unsigned long)getuid());
}

int cgi_place_take(const char *path, size_t max)
{
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        log_line("%s: %s; delayed CGI responses are refused", path,
                 strerror(errno));
        return -1;
    }
    /* Start anywhere, so that concurrent processes seldom try the same
     * places one after the other. */
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    size_t start = max ? ((size_t)now.tv_nsec ^ (size_t)getpid()) % max : 0;
    for (size_t i = 0; i < max; i++) {
        struct flock place = { .l_type = F_WRLCK, .l_whence = SEEK_SET,
                               .l_start = (off_t)((start + i) % max),
                               .l_len = 1 };
        if (fcntl(fd, F_SETLK, &place) == 0)
            return fd;
    }
    close(fd);
    return -1;
}
