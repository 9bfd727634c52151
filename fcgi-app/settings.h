/* settings.h - every setting of the worker in one table: its option, its
 * environment variable and its help, read by --help, the configuration
 * file, and the test that holds the man page and README to it */
#ifndef HTTPSTATUS_SETTINGS_H
#define HTTPSTATUS_SETTINGS_H

#include <stdio.h>

enum setting {
    SETTING_LISTEN,
    SETTING_SOCKET_MODE,
    SETTING_SOCKET_OWNER,
    SETTING_THREADS,
    SETTING_FRONT_END,
    SETTING_STORE,
    SETTING_STORE_TIMEOUT_MS,
    SETTING_MAX_BODY_BYTES,
    SETTING_MAX_QUERY_BYTES,
    SETTING_MAX_SLEEP_MS,
    SETTING_MAX_SLEEPERS,
    SETTING_MAX_CGI_SLEEPERS,
    SETTING_CGI_PLACES,
    SETTING_ORIGIN,
    SETTING_REDIRECT_ORIGINS,
    SETTING_CORS_ORIGINS,
    SETTING_REDACT,
    SETTING_EXIT_WITH_PARENT,
    SETTING_CONFIG,
    SETTING_COUNT
};

struct setting_info {
    const char *option;     /* the long option, without "--" */
    char short_option;      /* '\0': none */
    const char *argument;   /* what the option takes, as --help shows it */
    const char *variable;   /* the environment variable */
    int in_file;            /* whether the configuration file may set it */
    const char *help;       /* lines of at most 66 columns */
};

extern const struct setting_info settings[SETTING_COUNT];

/* What the command line asked for besides serving. */
enum settings_action { SETTINGS_SERVE, SETTINGS_HELP, SETTINGS_VERSION };

/* Reads argv's options into values (NULL where an option was not given).
 * Returns the action asked for, or -1 after printing the usage to stderr
 * when the command line is not one the worker takes. */
int settings_from_options(int argc, char **argv,
                          const char *values[SETTING_COUNT]);

/* Fills each value no option gave from its environment variable. */
void settings_from_environment(const char *values[SETTING_COUNT]);

/* The setting whose variable is name, or SETTING_COUNT. */
enum setting settings_by_variable(const char *name);

/* Every option and variable with its help, as --help prints it. */
void settings_usage(FILE *to);

#endif
