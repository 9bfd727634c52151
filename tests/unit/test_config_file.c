/* test_config_file.c - settings from a file, below the environment */
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "config_file.h"

/* Writes text to a fresh file and names it in HTTPSTATUS_CONFIG. */
static void config_with(char path[64], const char *text)
{
    strcpy(path, "/tmp/httpstatus-config-XXXXXX");
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    setenv("HTTPSTATUS_CONFIG", path, 1);
}

TEST(config_file_fills_what_the_environment_lacks)
{
    char path[64];
    unsetenv("HTTPSTATUS_MAX_QUERY_BYTES");
    setenv("HTTPSTATUS_ORIGIN", "https://from.environment", 1);
    config_with(path, "# the worker's settings\n"
                      "\n"
                      "HTTPSTATUS_MAX_QUERY_BYTES=5\n"
                      "  HTTPSTATUS_ORIGIN=https://from.file\n");
    int loaded = config_file_load("/nonexistent/httpstatus.conf");
    const char *query = getenv("HTTPSTATUS_MAX_QUERY_BYTES");
    const char *origin = getenv("HTTPSTATUS_ORIGIN");
    int query_right = query && strcmp(query, "5") == 0;
    int origin_right = origin &&
                       strcmp(origin, "https://from.environment") == 0;
    unlink(path);
    unsetenv("HTTPSTATUS_MAX_QUERY_BYTES");
    unsetenv("HTTPSTATUS_ORIGIN");
    unsetenv("HTTPSTATUS_CONFIG");
    ASSERT_INT_EQ(loaded, 0);
    ASSERT(query_right);
    ASSERT(origin_right);
    /* No file where none was asked for is no error. */
    ASSERT_INT_EQ(config_file_load("/nonexistent/httpstatus.conf"), 0);
    return 0;
}

TEST(config_file_refuses_what_it_cannot_use)
{
    static const char *const bad[] = {
        "HTTPSTATUS_MAX_QUERY_BYTE=5\n", "PATH=/tmp\n", "no equals sign\n",
    };
    char path[64];
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        config_with(path, bad[i]);
        int loaded = config_file_load("/nonexistent/httpstatus.conf");
        unlink(path);
        ASSERT_INT_EQ(loaded, -1);
    }
    /* A file asked for must be there. */
    ASSERT_INT_EQ(config_file_load("/nonexistent/httpstatus.conf"), -1);
    unsetenv("HTTPSTATUS_CONFIG");
    return 0;
}
