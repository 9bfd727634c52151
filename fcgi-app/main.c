/* main.c - the httpstatus worker: settings, then FastCGI or one CGI request
 *
 * Started by a web server with a listening socket on fd 0 (or given one
 * with --listen, or by systemd), it runs the threaded FastCGI server
 * (server.c); started as a CGI program, it answers the one request its
 * environment describes.
 */
#include <errno.h>
#include <fcgiapp.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cgi_places.h"
#include "config_file.h"
#include "cors.h"
#include "exchange.h"
#include "http.h"
#include "log.h"
#include "redact.h"
#include "server.h"
#include "settings.h"
#include "state_lmdb.h"
#ifdef HAVE_HIREDIS
#include "state_redis.h"
#endif

extern char **environ;

struct options {
    const char *listen_address;   /* -s; NULL: fd 0 from the web server */
    const char *socket_mode;      /* --socket-mode, for a unix socket */
    const char *socket_owner;     /* --socket-owner, USER[:GROUP] */
    struct server_config server;
    size_t max_cgi_sleepers;      /* delayed CGI responses at once */
    const char *cgi_places;       /* the lock file that counts them */
    int exit_with_parent;         /* stop when the spawning server dies */
    struct state_store store;     /* --store, HTTPSTATUS_STORE */
    struct state_lmdb lmdb;
#ifdef HAVE_HIREDIS
    struct state_redis redis;
#endif
};

/* A number setting's value, or fallback when it has none; accepted values
 * run from min to max.  Returns -1 after saying why when the value is not
 * such a number. */
static int setting_number(const char *const values[SETTING_COUNT],
                          enum setting which, uint64_t fallback,
                          uint64_t min, uint64_t max, uint64_t *out)
{
    const char *text = values[which];
    *out = fallback;
    if (!text)
        return 0;
    if (http_parse_decimal(text, strlen(text), max, out) != 0 ||
        *out < min || *out > max) {
        log_line("--%s/%s=%s is not a number from %llu to %llu",
                 settings[which].option, settings[which].variable, text,
                 (unsigned long long)min, (unsigned long long)max);
        return -1;
    }
    return 0;
}

/* lmdb:DIRECTORY.  By default a directory of the user's in /tmp: every
 * process of the user finds it there, CGI programs too, which some web
 * servers start with no environment. */
static int store_parse(const char *spec, struct options *opt,
                       uint64_t timeout_ms)
{
    char fallback[64];
    if (!spec || !*spec) {
        snprintf(fallback, sizeof(fallback), "lmdb:/tmp/httpstatus-state-%lu",
                 (unsigned long)getuid());
        spec = fallback;
    }
    if (strncmp(spec, "lmdb:/", 6) == 0 &&
        state_lmdb_init(&opt->lmdb, &opt->store, spec + 5) == 0)
        return 0;
#ifdef HAVE_HIREDIS
    if (state_redis_init(&opt->redis, &opt->store, spec,
                         (unsigned)timeout_ms) == 0)
        return 0;
    log_line("store %s is neither lmdb:/DIRECTORY (an absolute path of at "
             "most 511 bytes) nor redis://HOST:PORT[/DB]", spec);
#else
    log_line("store %s is not lmdb:/DIRECTORY (an absolute path of at most "
             "511 bytes); redis:// needs a worker built with hiredis", spec);
#endif
    return -1;
}

/* Threads when none are asked for.  A request whose state is in Redis
 * waits for its round trip, about twice as long as its own work, which
 * other threads can use: three times as many (on 2 cores, stateful
 * requests a second in five rounds: 11.8-14.2k with 2 threads, 13.1-15.5k
 * with 3, no more with 4; stateless ones the same within the noise). */
static uint64_t default_threads(const char *const values[SETTING_COUNT])
{
    uint64_t threads = server_default_threads();
    const char *store = values[SETTING_STORE];
    if (store && strncmp(store, "redis://", 8) == 0)
        threads *= 3;
    return threads < SERVER_MAX_THREADS ? threads : SERVER_MAX_THREADS;
}

/* A unix socket path, as --socket-mode and --socket-owner need. */
static int is_socket_path(const char *listen_address)
{
    return listen_address && listen_address[0] == '/';
}

static int options_parse(struct options *opt,
                         const char *const values[SETTING_COUNT])
{
    uint64_t threads, max_sleepers, max_query, max_cgi_sleepers;
    uint64_t store_timeout_ms;
    struct request_limits *limits = &opt->server.limits;
    const char *mode = values[SETTING_SOCKET_MODE];

    opt->listen_address = values[SETTING_LISTEN];
    opt->socket_mode = mode;
    opt->socket_owner = values[SETTING_SOCKET_OWNER];
    opt->exit_with_parent = values[SETTING_EXIT_WITH_PARENT] &&
                            strcmp(values[SETTING_EXIT_WITH_PARENT], "1") == 0;
    if (mode && (!is_socket_path(opt->listen_address) ||
                 strspn(mode, "01234567") != strlen(mode) ||
                 strlen(mode) < 3 || strlen(mode) > 4)) {
        log_line("--socket-mode takes an octal mode such as 0660, for a "
                 "unix socket given with --listen=/PATH");
        return -1;
    }
    if (opt->socket_owner && !is_socket_path(opt->listen_address)) {
        log_line("--socket-owner is for a unix socket given with "
                 "--listen=/PATH");
        return -1;
    }
    /* FCGX_OpenSocket binds every interface for ":PORT"; never do that. */
    if (opt->listen_address && opt->listen_address[0] == ':') {
        log_line("--listen=%s would listen on every interface; give "
                 "127.0.0.1:PORT", opt->listen_address);
        return -1;
    }
    if (setting_number(values, SETTING_THREADS, default_threads(values), 1,
                       SERVER_MAX_THREADS, &threads) != 0 ||
        setting_number(values, SETTING_MAX_SLEEPERS,
                       SERVER_SLEEPERS_FROM_FD_LIMIT, 0, SERVER_MAX_SLEEPERS,
                       &max_sleepers) != 0 ||
        setting_number(values, SETTING_MAX_BODY_BYTES,
                       REQUEST_DEFAULT_MAX_BODY, 0, UINT64_C(1) << 40,
                       &limits->max_body_bytes) != 0 ||
        setting_number(values, SETTING_MAX_QUERY_BYTES,
                       REQUEST_DEFAULT_MAX_QUERY, 0, 1u << 20,
                       &max_query) != 0 ||
        setting_number(values, SETTING_MAX_SLEEP_MS,
                       REQUEST_DEFAULT_MAX_SLEEP_MS, 0, UINT64_C(86400000),
                       &limits->max_sleep_ms) != 0 ||
        setting_number(values, SETTING_MAX_CGI_SLEEPERS,
                       CGI_PLACES_DEFAULT_MAX, 0, 100000,
                       &max_cgi_sleepers) != 0 ||
        setting_number(values, SETTING_STORE_TIMEOUT_MS, 100, 1, 10000,
                       &store_timeout_ms) != 0)
        return -1;
    limits->front_end = FRONT_END_AUTO;
    if (values[SETTING_FRONT_END] &&
        front_end_parse(values[SETTING_FRONT_END], &limits->front_end) != 0) {
        log_line("front end %s is not one of auto, lighttpd, apache, nginx "
                 "and generic", values[SETTING_FRONT_END]);
        return -1;
    }
    if (!cors_origins_valid(values[SETTING_CORS_ORIGINS])) {
        log_line("cors origins %s are not \"*\", \"none\" or a list of "
                 "origins such as https://app.example",
                 values[SETTING_CORS_ORIGINS]);
        return -1;
    }
    if (values[SETTING_REDACT] && *values[SETTING_REDACT] &&
        !redact_names_valid(values[SETTING_REDACT])) {
        log_line("redact %s is not a comma-separated list of field or "
                 "parameter names", values[SETTING_REDACT]);
        return -1;
    }
    limits->cors_origins = values[SETTING_CORS_ORIGINS];
    limits->secret_names = values[SETTING_REDACT];
#ifndef HAVE_HIREDIS
    (void)store_timeout_ms;
#endif
    if (store_parse(values[SETTING_STORE], opt, store_timeout_ms) != 0)
        return -1;
    limits->state = &opt->store;
    opt->max_cgi_sleepers = (size_t)max_cgi_sleepers;
    opt->cgi_places = values[SETTING_CGI_PLACES];
    limits->redirect_origins = values[SETTING_REDIRECT_ORIGINS];
    limits->origin = values[SETTING_ORIGIN];
    opt->server.threads = (unsigned)threads;
    opt->server.max_sleepers = (size_t)max_sleepers;
    limits->max_query_bytes = (size_t)max_query;
    return 0;
}

static size_t stdio_read(void *in, char *buf, size_t len)
{
    return fread(buf, 1, len, in);
}

static int stdio_write(void *out, const char *buf, size_t len)
{
    return fwrite(buf, 1, len, out) == len ? 0 : -1;
}

static int stdio_flush(void *out)
{
    return fflush(out) == 0 ? 0 : -1;
}

/* A CGI program cuts its response short by exiting, which serve_cgi does
 * as soon as the step that asked for the cut returns. */
static void cgi_abort(void *conn)
{
    (void)conn;
}

static void sleep_ms(uint64_t ms)
{
    struct timespec delay = { (time_t)(ms / 1000),
                              (long)(ms % 1000) * 1000000L };
    while (nanosleep(&delay, &delay) != 0 && errno == EINTR)
        ;
}

/* A CGI process serves one request, so its delays simply sleep: in one of
 * the places that bound how many CGI processes may sleep at once, or not
 * at all (503). */
static int serve_cgi(const struct options *opt)
{
    struct exchange io = { stdio_read, stdio_write, stdio_flush, cgi_abort,
                           stdin, stdout, NULL };
    struct id_source ids;
    struct exchange_space *space = malloc(sizeof(*space));
    struct outgoing out;
    uint64_t wait_ms;
    int step, rc = 1;

    if (!space) {
        log_line("out of memory");
        return 1;
    }
    char places[512];
    cgi_places_path(opt->cgi_places, places, sizeof(places));
    int place = cgi_place_take(places, opt->max_cgi_sleepers);
    id_source_init(&ids);
    exchange_prepare(&io, environ, &opt->server.limits, &ids, place >= 0,
                     space);
    if (place >= 0 && !pacing_holds_a_place(&space->response.pacing)) {
        close(place);
        place = -1;
    }
    sleep_ms(space->response.pacing.delay_ms);
    exchange_outgoing(&out, space);
    while ((step = exchange_step(&io, &out, &wait_ms)) == 1)
        sleep_ms(wait_ms);
    if (step == 0 && fflush(stdout) == 0)
        rc = 0;
    if (place >= 0)
        close(place);
    opt->store.close(opt->store.self);
    free(space);
    return rc;
}

/* A web server that spawns its workers (lighttpd's bin-path) stops them
 * when it stops, but cannot when it is killed; its configuration then sets
 * HTTPSTATUS_EXIT_WITH_PARENT, and the worker takes its parent's death as
 * a SIGTERM.  Workers that spawn-fcgi, systemd or -s start outlive their
 * starter and never set it. */
static int follow_parent(pid_t parent)
{
    if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0) {
        log_line("prctl(PR_SET_PDEATHSIG): %s", strerror(errno));
        return -1;
    }
    /* The parent may have gone before prctl took effect. */
    return getppid() == parent ? 0 : -1;
}

/* A worker on a socket of its own has no web server to set its fd limit,
 * as lighttpd does for the worker it spawns (its max-fds): it takes the
 * hard limit, at most 65536, as the launchers do for the web server in
 * front, so that the two are sized from the same figure. */
#define OWN_SOCKET_MAX_FDS 65536

static void raise_fd_limit(void)
{
    struct rlimit files;
    if (getrlimit(RLIMIT_NOFILE, &files) != 0)
        return;
    rlim_t wanted = files.rlim_max == RLIM_INFINITY ||
                            files.rlim_max > OWN_SOCKET_MAX_FDS
                        ? OWN_SOCKET_MAX_FDS : files.rlim_max;
    if (files.rlim_cur == RLIM_INFINITY || files.rlim_cur >= wanted)
        return;
    files.rlim_cur = wanted;
    if (setrlimit(RLIMIT_NOFILE, &files) != 0)
        log_line("raising the fd limit to %llu failed: %s",
                 (unsigned long long)wanted, strerror(errno));
}

/* Hands the unix socket at path to owner, "USER" or "USER:GROUP" (the
 * web server's), which only root may do.  Returns 0, or -1 after saying
 * why. */
static int give_socket(const char *path, const char *owner)
{
    char user[64];
    const char *colon = strchr(owner, ':');
    size_t user_len = colon ? (size_t)(colon - owner) : strlen(owner);
    if (user_len == 0 || user_len >= sizeof(user)) {
        log_line("--socket-owner=%s is not USER or USER:GROUP", owner);
        return -1;
    }
    memcpy(user, owner, user_len);
    user[user_len] = '\0';
    const struct passwd *pw = getpwnam(user);
    const struct group *gr = colon ? getgrnam(colon + 1) : NULL;
    if (!pw || (colon && !gr)) {
        log_line("--socket-owner=%s: no such %s", owner,
                 !pw ? "user" : "group");
        return -1;
    }
    if (chown(path, pw->pw_uid, gr ? gr->gr_gid : pw->pw_gid) != 0) {
        log_line("cannot give %s to %s: %s", path, owner, strerror(errno));
        return -1;
    }
    return 0;
}

/* systemd's socket activation: one listening socket passed as fd 3
 * (sd_listen_fds(3)); -1 when this process was given none. */
static int socket_from_systemd(void)
{
    const char *pid = getenv("LISTEN_PID");
    const char *fds = getenv("LISTEN_FDS");
    uint64_t listen_pid;
    if (!pid || !fds || strcmp(fds, "1") != 0 ||
        http_parse_decimal(pid, strlen(pid), UINT64_MAX, &listen_pid) != 0 ||
        listen_pid != (uint64_t)getpid())
        return -1;
    /* The variables are for this process, not for what it starts. */
    unsetenv("LISTEN_PID");
    unsetenv("LISTEN_FDS");
    unsetenv("LISTEN_FDNAMES");
    return 3;
}

int main(int argc, char **argv)
{
    struct options opt;
    const char *values[SETTING_COUNT];
    pid_t parent = getppid();

    switch (settings_from_options(argc, argv, values)) {
    case SETTINGS_HELP:
        settings_usage(stdout);
        return 0;
    case SETTINGS_VERSION:
        printf("httpstatus %s\n", PACKAGE_VERSION);
        return 0;
    case SETTINGS_SERVE:
        break;
    default:
        return 2;
    }
    if (values[SETTING_CONFIG])
        setenv(settings[SETTING_CONFIG].variable, values[SETTING_CONFIG], 1);
    if (config_file_load(SYSCONFDIR "/httpstatus.conf") != 0)
        return 2;
    settings_from_environment(values);
    if (options_parse(&opt, values) != 0)
        return 2;
    if (FCGX_Init() != 0) {
        log_line("FCGX_Init failed");
        return 1;
    }
    int activated = opt.listen_address ? -1 : socket_from_systemd();
    /* FCGX_Accept_r has no CGI fallback of its own: fd 0 that is not a
     * listening socket means a web server ran us as a CGI program. */
    if (!opt.listen_address && activated < 0 && FCGX_IsCGI())
        return serve_cgi(&opt);

    if (!opt.listen_address && activated < 0 && opt.exit_with_parent &&
        follow_parent(parent) != 0)
        return 1;
    opt.server.listen_fd = activated >= 0 ? activated : 0;
    if (opt.listen_address) {
        raise_fd_limit();
        /* A burst of delayed requests arrives faster than the threads
         * accept it; a web server whose connect finds the queue full
         * answers 502, so ask for the longest queue the kernel allows
         * (net.core.somaxconn caps it). */
        opt.server.listen_fd = FCGX_OpenSocket(opt.listen_address,
                                               SOMAXCONN);
        if (opt.server.listen_fd < 0) {
            log_line("cannot listen on %s: %s", opt.listen_address,
                     strerror(errno));
            return 1;
        }
        if (opt.socket_owner &&
            give_socket(opt.listen_address, opt.socket_owner) != 0)
            return 1;
        /* The socket is made 0755 for the user running the worker, and a
         * web server running as another user cannot connect to it. */
        if (opt.socket_mode &&
            chmod(opt.listen_address,
                  (mode_t)strtoul(opt.socket_mode, NULL, 8)) != 0) {
            log_line("cannot set mode %s on %s: %s", opt.socket_mode,
                     opt.listen_address, strerror(errno));
            return 1;
        }
    }
    int rc = server_run(&opt.server);
    opt.store.close(opt.store.self);
    return rc;
}
