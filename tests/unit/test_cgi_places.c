/* test_cgi_places.c - places for delayed CGI responses, across processes
 *
 * fcntl locks never conflict within the process that holds them, so each
 * place is taken by a child of its own, as each CGI request has one. */
#include "test.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgi_places.h"

/* A child that takes a place and holds it until it is killed; its pid, or
 * -1 when it found no place. */
static pid_t hold_place(const char *path, size_t max)
{
    int report[2];
    char took = 0;
    if (pipe(report) != 0)
        return -1;
    pid_t child = fork();
    if (child == 0) {
        took = cgi_place_take(path, max) >= 0;
        if (write(report[1], &took, 1) != 1)
            _exit(1);
        pause();
        _exit(0);
    }
    close(report[1]);
    if (child < 0 || read(report[0], &took, 1) != 1)
        took = 0;
    close(report[0]);
    if (!took && child > 0) {
        kill(child, SIGKILL);
        waitpid(child, NULL, 0);
    }
    return took ? child : -1;
}

static void release(pid_t holder)
{
    kill(holder, SIGKILL);
    waitpid(holder, NULL, 0);
}

TEST(cgi_places_bound_the_processes_that_sleep)
{
    char path[] = "/tmp/httpstatus-places-test.XXXXXX";
    int made = mkstemp(path);
    ASSERT(made >= 0);
    close(made);

    pid_t first = hold_place(path, 2), second = hold_place(path, 2);
    pid_t third = hold_place(path, 2);
    int full = third == -1;
    if (third > 0)
        release(third);
    /* A place comes free when its process ends, however it ends. */
    if (first > 0)
        release(first);
    pid_t again = hold_place(path, 2);
    int freed = again > 0;
    if (again > 0)
        release(again);
    if (second > 0)
        release(second);
    unlink(path);
    ASSERT(first > 0 && second > 0);
    ASSERT(full);
    ASSERT(freed);
    ASSERT_INT_EQ(cgi_place_take("/nonexistent-dir/places", 2), -1);
    return 0;
}
