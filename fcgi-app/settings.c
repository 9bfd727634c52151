/* settings.c - the worker's settings, their options and their variables */
#include "settings.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

const struct setting_info settings[SETTING_COUNT] = {
    [SETTING_LISTEN] = {
        "listen", 's', "ADDRESS", "HTTPSTATUS_LISTEN", 0,
        "listen on ADDRESS, a unix socket path or 127.0.0.1:PORT, for a\n"
        "web server that does not start workers itself (nginx, Apache's\n"
        "mod_proxy_fcgi); without it the worker takes the socket on fd 0\n"
        "(lighttpd, mod_fcgid, spawn-fcgi), or one systemd passes, or\n"
        "serves one CGI request" },
    [SETTING_SOCKET_MODE] = {
        "socket-mode", '\0', "MODE", "HTTPSTATUS_SOCKET_MODE", 0,
        "permissions of the unix socket --listen makes, in octal, e.g.\n"
        "0660 for a web server in the socket's group" },
    [SETTING_SOCKET_OWNER] = {
        "socket-owner", '\0', "USER[:GROUP]", "HTTPSTATUS_SOCKET_OWNER", 0,
        "owner of that socket (as root), e.g. the web server's user" },
    [SETTING_THREADS] = {
        "threads", 't', "N", "HTTPSTATUS_THREADS", 1,
        "requests served at once (default: one per core but the web\n"
        "server's, at least 1, three times that with a Redis store; at\n"
        "most 1024); delayed responses wait apart and hold no thread" },
    [SETTING_FRONT_END] = {
        "front-end", '\0', "NAME", "HTTPSTATUS_FRONT_END", 1,
        "the web server in front: auto (each request's SERVER_SOFTWARE\n"
        "tells; the default), lighttpd, apache, nginx or generic; a 1xx\n"
        "goes out as an interim response only through one that relays it" },
    [SETTING_STORE] = {
        "store", '\0', "SPEC", "HTTPSTATUS_STORE", 1,
        "where scenarios keep their state: lmdb:DIRECTORY, shared by\n"
        "every worker and CGI process of the host (default\n"
        "lmdb:/tmp/httpstatus-state-UID), or redis://HOST:PORT[/DB]\n"
        "across hosts" },
    [SETTING_STORE_TIMEOUT_MS] = {
        "store-timeout-ms", '\0', "MS", "HTTPSTATUS_STORE_TIMEOUT_MS", 1,
        "how long a request waits for Redis (default 100, 1 to 10000);\n"
        "longer: 503" },
    [SETTING_MAX_BODY_BYTES] = {
        "max-body-bytes", '\0', "N", "HTTPSTATUS_MAX_BODY_BYTES", 1,
        "largest request body read (default 1048576); larger: 413" },
    [SETTING_MAX_QUERY_BYTES] = {
        "max-query-bytes", '\0', "N", "HTTPSTATUS_MAX_QUERY_BYTES", 1,
        "longest query string (default 4096, at most 1048576); longer: 414" },
    [SETTING_MAX_SLEEP_MS] = {
        "max-sleep-ms", '\0', "MS", "HTTPSTATUS_MAX_SLEEP_MS", 1,
        "longest delay a request may ask for (default 30000, at most\n"
        "86400000); longer: 400" },
    [SETTING_MAX_SLEEPERS] = {
        "max-sleepers", '\0', "N", "HTTPSTATUS_MAX_SLEEPERS", 1,
        "delayed responses held at once (default: 2/5 of the fd limit,\n"
        "what a web server with that limit carries beside other requests;\n"
        "at most 65536); more: 503" },
    [SETTING_MAX_CGI_SLEEPERS] = {
        "max-cgi-sleepers", '\0', "N", "HTTPSTATUS_MAX_CGI_SLEEPERS", 1,
        "delayed responses as a CGI program, by all processes at once\n"
        "(default 32); more: 503" },
    [SETTING_CGI_PLACES] = {
        "cgi-places", '\0', "FILE", "HTTPSTATUS_CGI_PLACES", 1,
        "the lock file that counts them (default\n"
        "/tmp/httpstatus-cgi-places-UID)" },
    [SETTING_ORIGIN] = {
        "origin", '\0', "ORIGIN", "HTTPSTATUS_ORIGIN", 1,
        "this simulator's origin, as https://status.example (default: the\n"
        "address each request came in on; never Host)" },
    [SETTING_REDIRECT_ORIGINS] = {
        "redirect-origins", '\0', "LIST", "HTTPSTATUS_REDIRECT_ORIGINS", 1,
        "origins location= may point at besides this one, as\n"
        "\"https://a.example,http://b.example:8080\", or \"*\" for any\n"
        "(default: none)" },
    [SETTING_CORS_ORIGINS] = {
        "cors-origins", '\0', "LIST", "HTTPSTATUS_CORS_ORIGINS", 1,
        "origins whose pages may call the API and read its answers: \"*\"\n"
        "(the default: any page), a list such as\n"
        "\"https://app.example,http://localhost:3000\" (the request's\n"
        "Origin is named back, with Vary: Origin), or \"none\" (no CORS\n"
        "field is sent and no preflight answered)" },
    [SETTING_REDACT] = {
        "redact", '\0', "NAMES", "HTTPSTATUS_REDACT", 1,
        "more names of request fields and query parameters whose values\n"
        "bodies and the request log show as [redacted], as\n"
        "\"x-tenant,account\" (any case), beside the built-in ones:\n"
        "Authorization, Cookie, ... and every name holding token, secret,\n"
        "passw, signature, session, credential or api-key" },
    [SETTING_EXIT_WITH_PARENT] = {
        "exit-with-parent", '\0', "1", "HTTPSTATUS_EXIT_WITH_PARENT", 0,
        "1: stop when the web server that started the worker on fd 0 dies\n"
        "(lighttpd's configuration sets it for the worker it spawns)" },
    [SETTING_CONFIG] = {
        "config", 'c', "FILE", "HTTPSTATUS_CONFIG", 0,
        "a file of NAME=value lines of these variables (default\n"
        SYSCONFDIR "/httpstatus.conf, if there); the environment\n"
        "overrides it, and options override both" },
};

/* getopt_long's value for the n-th setting's long option, apart from every
 * character a short option could be. */
#define LONG_ONLY_BASE 256

int settings_from_options(int argc, char **argv,
                          const char *values[SETTING_COUNT])
{
    struct option options[SETTING_COUNT + 3];
    char short_options[2 * SETTING_COUNT + 3];
    size_t shorts = 0;

    for (int i = 0; i < SETTING_COUNT; i++) {
        values[i] = NULL;
        options[i] = (struct option){ settings[i].option, required_argument,
                                      NULL, LONG_ONLY_BASE + i };
        if (settings[i].short_option) {
            short_options[shorts++] = settings[i].short_option;
            short_options[shorts++] = ':';
        }
    }
    options[SETTING_COUNT] = (struct option){ "help", no_argument, NULL, 'h' };
    options[SETTING_COUNT + 1] =
        (struct option){ "version", no_argument, NULL, 'V' };
    options[SETTING_COUNT + 2] = (struct option){ NULL, 0, NULL, 0 };
    memcpy(short_options + shorts, "hV", 3);

    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, short_options, options, NULL)) !=
           -1) {
        if (c == 'h')
            return SETTINGS_HELP;
        if (c == 'V')
            return SETTINGS_VERSION;
        int found = c >= LONG_ONLY_BASE ? c - LONG_ONLY_BASE : -1;
        for (int i = 0; found < 0 && i < SETTING_COUNT; i++)
            if (c == settings[i].short_option && c != '\0')
                found = i;
        if (found < 0) {
            settings_usage(stderr);
            return -1;
        }
        values[found] = optarg;
    }
    if (optind != argc) {
        fprintf(stderr, "httpstatus: %s is not an option\n", argv[optind]);
        settings_usage(stderr);
        return -1;
    }
    return SETTINGS_SERVE;
}

void settings_from_environment(const char *values[SETTING_COUNT])
{
    for (int i = 0; i < SETTING_COUNT; i++)
        if (!values[i])
            values[i] = getenv(settings[i].variable);
}

enum setting settings_by_variable(const char *name)
{
    for (int i = 0; i < SETTING_COUNT; i++)
        if (strcmp(name, settings[i].variable) == 0)
            return (enum setting)i;
    return SETTING_COUNT;
}

void settings_usage(FILE *to)
{
    fputs("usage: httpstatus [OPTION]...\n"
          "\n"
          "An HTTP status code simulator, a FastCGI worker behind a web\n"
          "server. Started with a FastCGI socket on fd 0 (or --listen, or\n"
          "by systemd's socket activation), it serves requests until\n"
          "SIGTERM; started as a CGI program, it serves the one request\n"
          "its environment describes.\n"
          "\n"
          "Every option has an environment variable of the same meaning;\n"
          "decimal numbers throughout.\n"
          "\n",
          to);
    for (int i = 0; i < SETTING_COUNT; i++) {
        const struct setting_info *s = &settings[i];
        if (s->short_option)
            fprintf(to, "  -%c, --%s=%s", s->short_option, s->option,
                    s->argument);
        else
            fprintf(to, "  --%s=%s", s->option, s->argument);
        fprintf(to, "  (%s)\n", s->variable);
        for (const char *line = s->help; *line;) {
            size_t len = strcspn(line, "\n");
            fprintf(to, "        %.*s\n", (int)len, line);
            line += len + (line[len] == '\n');
        }
    }
    fputs("  -h, --help     show this help and exit\n"
          "  -V, --version  show the version and exit\n"
          "\n"
          "See httpstatus(8).\n",
          to);
}
