/* config_file.c - settings from a file into the environment */
#include "config_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "settings.h"

/* Every setting but those that must differ between the processes
 * reading one file (a CGI program must not listen) or that name the file
 * itself. */
static int is_setting(const char *name)
{
    enum setting which = settings_by_variable(name);
    return which != SETTING_COUNT && settings[which].in_file;
}

/* One line, its newline already cut: a setting into the environment. */
static int apply_line(const char *path, unsigned number, char *line)
{
    line += strspn(line, " \t");
    if (*line == '\0' || *line == '#')
        return 0;
    char *equals = strchr(line, '=');
    if (!equals) {
        log_line("%s:%u: not NAME=value", path, number);
        return -1;
    }
    *equals = '\0';
    if (!is_setting(line)) {
        log_line("%s:%u: %s is not a setting of the worker", path, number,
                 line);
        return -1;
    }
    return setenv(line, equals + 1, 0);
}

int config_file_load(const char *default_path)
{
    const char *named = getenv("HTTPSTATUS_CONFIG");
    const char *path = named && *named ? named : default_path;
    FILE *f = fopen(path, "r");
    if (!f) {
        if (path == default_path && errno == ENOENT)
            return 0;
        log_line("cannot read %s: %s", path, strerror(errno));
        return -1;
    }
    char line[1024];
    unsigned number = 0;
    int status = 0;
    while (status == 0 && fgets(line, sizeof(line), f)) {
        number++;
        size_t len = strlen(line);
        if (len && line[len - 1] == '\n')
            line[--len] = '\0';
        else if (!feof(f)) {
            log_line("%s:%u: longer than %zu bytes", path, number,
                     sizeof(line) - 2);
            status = -1;
            break;
        }
        status = apply_line(path, number, line);
    }
    fclose(f);
    return status;
}
