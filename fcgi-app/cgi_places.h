/* cgi_places.h - the places for delayed CGI responses, shared by every CGI
 * process of one user through a lock file */
#ifndef HTTPSTATUS_CGI_PLACES_H
#define HTTPSTATUS_CGI_PLACES_H

#include <stddef.h>

#define CGI_PLACES_DEFAULT_MAX 32

/* A CGI process that sleeps holds a process (and its memory) for the whole
 * delay: these places bound how many can at once, as the FastCGI worker's
 * heap bounds its sleepers.  A place is a byte of the lock file at path,
 * locked with fcntl, so the kernel frees it when its process ends,
 * however it ends.  Returns the descriptor that holds the place (closing
 * it frees the place), or -1 when all max are taken or the file cannot be
 * used (said on stderr). */
int cgi_place_take(const char *path, size_t max);

/* The lock file's path: the one set (--cgi-places, HTTPSTATUS_CGI_PLACES)
 * unless NULL or empty, else one per user in /tmp.  Written into out. */
void cgi_places_path(const char *set, char *out, size_t size);

#endif
