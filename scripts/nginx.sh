# nginx.sh - nginx in front of the worker, with conf/nginx-httpstatus.conf
# included by conf/nginx-main.conf: the one launcher of `make bench`'s
# nginx rows and the tests through nginx.
# Sourced (POSIX sh) after scripts/lighttpd.sh, whose free-port, fd-limit
# and wait-for-exit helpers it uses; it starts nothing by itself.  Its own
# variables are named _ng_* so that they clobber none of the caller's.
#
# The caller sets:
#   NGINX            the nginx binary
#   HTTPSTATUS_BIN   the worker binary
#   HTTPSTATUS_WWW   the document root, a built site/
#   HTTPSTATUS_CONF_DIR  conf/ of the source tree, or the installed one

# nginx_start [THREADS] - the worker on its own socket with THREADS
# threads (32 by default) and nginx on a free loopback port, both in a
# fresh private directory; exports NGINX_RUNDIR, NGINX_PORT, NGINX_BASE,
# NGINX_PID and NGINX_WORKER_PID.  A few ports are tried.
nginx_start() {
    NGINX_RUNDIR=$(mktemp -d /tmp/httpstatus-nginx.XXXXXX) || return 1
    # Scenarios start afresh with each run, as behind lighttpd, unless the
    # caller names a store.
    HTTPSTATUS_STORE=${HTTPSTATUS_STORE:-lmdb:$NGINX_RUNDIR/state} \
        "$HTTPSTATUS_BIN" -s "$NGINX_RUNDIR/worker.sock" -t "${1:-32}" \
        >"$NGINX_RUNDIR/worker.log" 2>&1 3>&- &
    NGINX_WORKER_PID=$!
    export NGINX_RUNDIR NGINX_WORKER_PID
    front_end_on_a_port nginx_launch "${NGINX_FIXED_PORT:-}" && return 0
    echo "nginx did not start; its output and error log:" >&2
    cat "$NGINX_RUNDIR/nginx.out" "$NGINX_RUNDIR/nginx-error.log" >&2
    nginx_stop
    rm -rf "$NGINX_RUNDIR"
    return 1
}

# nginx_config PORT RUNDIR SERVERS - conf/nginx-main.conf filled in, on
# stdout, with its files in RUNDIR; and RUNDIR/httpstatus.conf, the copy
# of conf/nginx-httpstatus.conf it includes, with this run's values where an
# administrator writes them: listening on PORT, the pages in
# HTTPSTATUS_WWW, the upstream's server line replaced by SERVERS
# ("server unix:/path;", or several).
nginx_config() {
    front_end_fd_limits
    sed -e "s|^\( *listen \)127.0.0.1:8080|\1127.0.0.1:$1|" \
        -e "s|^\( *root \).*;|\1$HTTPSTATUS_WWW;|" \
        -e "s|^ *server unix:/run/httpstatus/httpstatus.sock;|    $3|" \
        "$HTTPSTATUS_CONF_DIR/nginx-httpstatus.conf" >"$2/httpstatus.conf"
    sed -e "s|@MAX_FDS@|$HTTPSTATUS_MAX_FDS|g" \
        -e "s|@MAX_CONNECTIONS@|$((HTTPSTATUS_MAX_FDS - 64))|g" \
        -e "s|@RUNDIR@|$2|g" "$HTTPSTATUS_CONF_DIR/nginx-main.conf"
}

# nginx_launch PORT - nginx in the background on PORT (front_end_on_a_port)
nginx_launch() {
    NGINX_PORT=$1
    NGINX_BASE="http://127.0.0.1:$NGINX_PORT"
    export NGINX_PORT NGINX_BASE
    nginx_config "$NGINX_PORT" "$NGINX_RUNDIR" \
        "server unix:$NGINX_RUNDIR/worker.sock;" >"$NGINX_RUNDIR/nginx.conf"
    "$NGINX" -c "$NGINX_RUNDIR/nginx.conf" \
        -g 'daemon off; master_process off;' \
        >"$NGINX_RUNDIR/nginx.out" 2>&1 3>&- &
    NGINX_PID=$!
    export NGINX_PID
    FRONT_PID=$NGINX_PID FRONT_BASE=$NGINX_BASE
}

# nginx_stop - stops nginx and the worker by PID (the worker writes its
# sanitizer report, if any, on the way out).  Leaves NGINX_RUNDIR, whose
# logs the caller may want to read.
nginx_stop() {
    # shellcheck disable=SC2086
    front_end_stop ${NGINX_PID:-} ${NGINX_WORKER_PID:-}
    _ng_stopped=$?
    NGINX_PID= NGINX_WORKER_PID=
    return "$_ng_stopped"
}

# nginx_serve PORT - nginx and its worker on 127.0.0.1:PORT until Ctrl-C,
# the run directory removed afterwards (httpstatus-serve --front nginx).
nginx_serve() {
    front_end_serve_port "$1" || return 1
    NGINX_FIXED_PORT=$1
    nginx_start || return 1
    trap 'nginx_stop; rm -rf "$NGINX_RUNDIR"' EXIT
    trap 'exit 130' INT TERM
    echo "httpstatus: serving $NGINX_BASE/ through nginx (Ctrl-C stops;" \
         "logs in $NGINX_RUNDIR)"
    wait "$NGINX_PID"
}
