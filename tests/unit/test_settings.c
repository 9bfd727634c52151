/* test_settings.c - the worker's settings: one table read by --help, the
 * configuration file, the man page and README's table */
#include "test.h"

#include <stdio.h>
#include <stdlib.h>

#include "fixture.h"
#include "settings.h"

TEST(settings_options_and_help)
{
    char *argv[] = { "httpstatus", "-t", "3", "--store=lmdb:/tmp/x",
                     "--cors-origins", "none", NULL };
    const char *values[SETTING_COUNT];
    ASSERT_INT_EQ(settings_from_options(6, argv, values), SETTINGS_SERVE);
    ASSERT_STR_EQ(values[SETTING_THREADS], "3");
    ASSERT_STR_EQ(values[SETTING_STORE], "lmdb:/tmp/x");
    ASSERT_STR_EQ(values[SETTING_CORS_ORIGINS], "none");
    ASSERT(values[SETTING_LISTEN] == NULL);

    /* The environment fills only what no option gave. */
    setenv("HTTPSTATUS_THREADS", "9", 1);
    setenv("HTTPSTATUS_MAX_SLEEP_MS", "70", 1);
    settings_from_environment(values);
    unsetenv("HTTPSTATUS_THREADS");
    unsetenv("HTTPSTATUS_MAX_SLEEP_MS");
    ASSERT_STR_EQ(values[SETTING_THREADS], "3");
    ASSERT_STR_EQ(values[SETTING_MAX_SLEEP_MS], "70");

    char *help[] = { "httpstatus", "--help", NULL };
    ASSERT_INT_EQ(settings_from_options(2, help, values), SETTINGS_HELP);
    char *version[] = { "httpstatus", "-V", NULL };
    ASSERT_INT_EQ(settings_from_options(2, version, values),
                  SETTINGS_VERSION);
    ASSERT_INT_EQ(settings_by_variable("HTTPSTATUS_REDACT"), SETTING_REDACT);
    ASSERT_INT_EQ(settings_by_variable("HTTPSTATUS_NOPE"), SETTING_COUNT);
    return 0;
}

/* How many settings text lacks the option or the variable of, saying
 * which; the text writes each '-' of an option as dash. */
static int has_every_setting(const char *what, const char *text,
                             const char *dash)
{
    int missing = 0;
    for (int i = 0; i < SETTING_COUNT; i++) {
        char option[128] = "";
        /* "--socket-mode" as this text writes it. */
        for (const char *p = "--"; *p; p++)
            strcat(option, dash);
        for (const char *p = settings[i].option; *p; p++) {
            if (*p == '-')
                strcat(option, dash);
            else
                strncat(option, p, 1);
        }
        if (!strstr(text, option) || !strstr(text, settings[i].variable)) {
            printf("# %s lacks %s or %s\n", what, settings[i].option,
                   settings[i].variable);
            missing++;
        }
    }
    return missing;
}

/* Whether option (its spelling after "--", len bytes) is one the worker
 * or httpstatus-serve takes. */
static int is_known_option(const char *option, size_t len)
{
    static const char *const others[] = { "help", "version", "port",
                                          "front", "tls" };
    for (int i = 0; i < SETTING_COUNT; i++)
        if (strlen(settings[i].option) == len &&
            strncmp(settings[i].option, option, len) == 0)
            return 1;
    for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++)
        if (strlen(others[i]) == len && strncmp(others[i], option, len) == 0)
            return 1;
    return 0;
}

TEST(settings_the_man_page_and_help_agree)
{
    char *help = NULL;
    size_t help_size = 0;
    FILE *out = open_memstream(&help, &help_size);
    ASSERT(out != NULL);
    settings_usage(out);
    fclose(out);
    int help_missing = has_every_setting("--help", help, "-");
    free(help);
    ASSERT_INT_EQ(help_missing, 0);

    char *page = read_source_file("doc/httpstatus.8");
    ASSERT(page != NULL);
    int page_missing = has_every_setting("httpstatus.8", page, "\\-");
    /* And the page names no option that is gone. */
    int unknown = 0;
    for (const char *p = strstr(page, "\\-\\-"); p;
         p = strstr(p + 4, "\\-\\-")) {
        char option[64];
        size_t len = 0;
        const char *q = p + 4;
        while (len + 1 < sizeof(option) &&
               ((*q >= 'a' && *q <= 'z') || strncmp(q, "\\-", 2) == 0)) {
            option[len++] = *q == '\\' ? '-' : *q;
            q += *q == '\\' ? 2 : 1;
        }
        if (!is_known_option(option, len)) {
            printf("# httpstatus.8 names --%.*s\n", (int)len, option);
            unknown++;
        }
    }
    char title[64];
    snprintf(title, sizeof(title), "\"httpstatus %s\"", PACKAGE_VERSION);
    int titled = strstr(page, title) != NULL;
    free(page);
    ASSERT_INT_EQ(page_missing, 0);
    ASSERT_INT_EQ(unknown, 0);
    ASSERT(titled);
    return 0;
}

TEST(settings_readme_has_one_table_of_them)
{
    char *readme = read_source_file("README.md");
    ASSERT(readme != NULL);
    char *table = strstr(readme, "| option | variable |");
    /* The table alone: it ends at the first blank line. */
    char *end = table ? strstr(table, "\n\n") : NULL;
    if (end)
        *end = '\0';
    int missing = table ? has_every_setting("README", table, "-") : -1;
    free(readme);
    ASSERT_INT_EQ(missing, 0);
    return 0;
}
