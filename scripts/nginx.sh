# nginx.sh - nginx in front of the worker, with conf/nginx.conf: the one
# launcher of `make bench`'s nginx rows and the tests through nginx.
# Sourced (POSIX sh) after scripts/lighttpd.sh, whose free-port, fd-limit
# and wait-for-exit helpers it uses; it starts nothing by itself.  Its own
# variables are named _ng_* so that they clobber none of the caller's.
#
# The caller sets:
#   NGINX            the nginx binary
#   HTTPSTATUS_BIN   the worker binary
#   HTTPSTATUS_WWW   the document root, a built site/
#   HTTPSTATUS_ROOT  the source tree (for conf/nginx.conf)

# nginx_start [THREADS] - the worker on its own socket with THREADS
# threads (32 by default) and nginx on a free loopback port, both in a
# fresh private directory; exports NGINX_RUNDIR, NGINX_PORT, NGINX_BASE,
# NGINX_PID and NGINX_WORKER_PID.  A few ports are tried.
nginx_start() {
    NGINX_RUNDIR=$(mktemp -d /tmp/httpstatus-nginx.XXXXXX) || return 1
    "$HTTPSTATUS_BIN" -s "$NGINX_RUNDIR/worker.sock" -t "${1:-32}" \
        >"$NGINX_RUNDIR/worker.log" 2>&1 3>&- &
    NGINX_WORKER_PID=$!
    export NGINX_RUNDIR NGINX_WORKER_PID
    for _ng_attempt in 1 2 3 4 5; do
        NGINX_PORT=$(lighttpd_free_port)
        NGINX_BASE="http://127.0.0.1:$NGINX_PORT"
        export NGINX_PORT NGINX_BASE
        front_end_fd_limits
        sed -e "s|@PORT@|$NGINX_PORT|g" -e "s|@WWW@|$HTTPSTATUS_WWW|g" \
            -e "s|@MAX_FDS@|$HTTPSTATUS_MAX_FDS|g" \
            -e "s|@MAX_CONNECTIONS@|$((HTTPSTATUS_MAX_FDS - 64))|g" \
            -e "s|@SOCKET@|$NGINX_RUNDIR/worker.sock|g" \
            -e "s|@RUNDIR@|$NGINX_RUNDIR|g" \
            "$HTTPSTATUS_ROOT/conf/nginx.conf" >"$NGINX_RUNDIR/nginx.conf"
        "$NGINX" -c "$NGINX_RUNDIR/nginx.conf" \
            -g 'daemon off; master_process off;' \
            >"$NGINX_RUNDIR/nginx.out" 2>&1 3>&- &
        NGINX_PID=$!
        export NGINX_PID
        if nginx_wait_ready; then
            return 0
        fi
        kill "$NGINX_PID" 2>/dev/null
        lighttpd_wait_exit "$NGINX_PID"
    done
    echo "nginx did not start; its output and error log:" >&2
    cat "$NGINX_RUNDIR/nginx.out" "$NGINX_RUNDIR/nginx-error.log" >&2
    nginx_stop
    rm -rf "$NGINX_RUNDIR"
    return 1
}

# nginx_wait_ready - up to 10 s for the worker to answer through nginx,
# failing at once if nginx died.
nginx_wait_ready() {
    for _ng_i in $(seq 1 100); do
        kill -0 "$NGINX_PID" 2>/dev/null || return 1
        if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 \
                "$NGINX_BASE/api/health")" = 200 ]; then
            return 0
        fi
        sleep 0.1
    done
    return 1
}

# nginx_stop - stops nginx and the worker by PID (the worker writes its
# sanitizer report, if any, on the way out).  Leaves NGINX_RUNDIR, whose
# logs the caller may want to read.
nginx_stop() {
    _ng_stopped=0
    for _ng_pid in ${NGINX_PID:-} ${NGINX_WORKER_PID:-}; do
        kill "$_ng_pid" 2>/dev/null
        lighttpd_wait_exit "$_ng_pid" || _ng_stopped=1
    done
    NGINX_PID= NGINX_WORKER_PID=
    return "$_ng_stopped"
}
