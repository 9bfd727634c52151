# lighttpd.sh - lighttpd in front of the worker, with conf/lighttpd.conf:
# the one launcher of httpstatus-serve (`make serve`), bats-httpstatus, the
# bats tests and `make bench`.
# Sourced (POSIX sh); it defines functions and starts nothing by itself.
# POSIX sh has no local variables: the functions' own are named _lt_* so
# that they clobber none of the caller's.
#
# The caller sets, and the functions export for the configuration:
#   LIGHTTPD         the lighttpd binary
#   HTTPSTATUS_CONF  conf/lighttpd.conf
#   HTTPSTATUS_BIN   the worker (bin-path: a command line)
#   HTTPSTATUS_WWW   the document root, a built site/

# front_end_fd_limits - the descriptors a front end may open, from the
# machine's hard limit (at most 65536), exported as HTTPSTATUS_MAX_FDS, and
# the connections it may keep, half of them (a held response costs two
# descriptors, the client's and the worker's), as
# HTTPSTATUS_MAX_CONNECTIONS.  Both front ends raise their own fd limit to
# their figure, which must not pass the hard limit.
front_end_fd_limits() {
    _lt_hard=$(ulimit -H -n)
    HTTPSTATUS_MAX_FDS=65536
    if [ "$_lt_hard" != unlimited ] && [ "$_lt_hard" -lt 65536 ]; then
        HTTPSTATUS_MAX_FDS=$_lt_hard
    fi
    HTTPSTATUS_MAX_CONNECTIONS=$((HTTPSTATUS_MAX_FDS / 2))
    export HTTPSTATUS_MAX_FDS HTTPSTATUS_MAX_CONNECTIONS
}

# lighttpd_rundir - a fresh private directory for the socket and the logs,
# short enough for a unix socket path (108 bytes), exported as
# HTTPSTATUS_RUNDIR; and lighttpd's descriptor and connection limits.
# With HTTPSTATUS_TLS=1, lighttpd serves HTTPS (conf/lighttpd-tls.conf, the
# sibling of HTTPSTATUS_CONF) with a fresh self-signed certificate, whose
# PEM file (certificate only) is exported as HTTPSTATUS_CA for clients;
# HTTPSTATUS_SCHEME is https then, else http.
lighttpd_rundir() {
    HTTPSTATUS_RUNDIR=$(mktemp -d /tmp/httpstatus.XXXXXX) || return 1
    front_end_fd_limits
    # lighttpd's body limit is the worker's, rounded up to whole KiB; a
    # setting the worker will refuse to start with leaves the default.
    case ${HTTPSTATUS_MAX_BODY_BYTES:-} in
        '' | *[!0-9]* | ?????????????*) _lt_body=1048576 ;;
        *) _lt_body=$HTTPSTATUS_MAX_BODY_BYTES ;;
    esac
    HTTPSTATUS_MAX_REQUEST_KIB=$(((_lt_body + 1023) / 1024))
    HTTPSTATUS_CONF_DIR=$(dirname "$HTTPSTATUS_CONF")
    HTTPSTATUS_SCHEME=http
    if [ "${HTTPSTATUS_TLS:-0}" = 1 ]; then
        lighttpd_certificate || return 1
        HTTPSTATUS_CONF=$HTTPSTATUS_CONF_DIR/lighttpd-tls.conf
        HTTPSTATUS_SCHEME=https
    fi
    HTTPSTATUS_SITE_CONF=$HTTPSTATUS_RUNDIR/httpstatus.conf
    # Sequences start afresh with each run, shared by its FastCGI worker
    # and CGI route, unless the caller names a store (Redis).
    HTTPSTATUS_STORE=${HTTPSTATUS_STORE:-lmdb:$HTTPSTATUS_RUNDIR/state}
    export HTTPSTATUS_RUNDIR LIGHTTPD HTTPSTATUS_CONF HTTPSTATUS_CONF_DIR \
        HTTPSTATUS_BIN HTTPSTATUS_WWW HTTPSTATUS_SCHEME HTTPSTATUS_SITE_CONF \
        HTTPSTATUS_MAX_REQUEST_KIB HTTPSTATUS_STORE
}

# lighttpd_certificate - a self-signed certificate for 127.0.0.1 and
# localhost in HTTPSTATUS_RUNDIR: server.pem (key and certificate, for
# lighttpd) and ca.pem (the certificate, for clients: HTTPSTATUS_CA).
lighttpd_certificate() {
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
        -addext 'subjectAltName=IP:127.0.0.1,DNS:localhost' \
        -keyout "$HTTPSTATUS_RUNDIR/key.pem" \
        -out "$HTTPSTATUS_RUNDIR/ca.pem" 2>"$HTTPSTATUS_RUNDIR/openssl.out" || {
        echo "openssl could not make a certificate:" >&2
        cat "$HTTPSTATUS_RUNDIR/openssl.out" >&2
        return 1
    }
    cat "$HTTPSTATUS_RUNDIR/key.pem" "$HTTPSTATUS_RUNDIR/ca.pem" \
        >"$HTTPSTATUS_RUNDIR/server.pem"
    HTTPSTATUS_TLS_PEM=$HTTPSTATUS_RUNDIR/server.pem
    HTTPSTATUS_CA=$HTTPSTATUS_RUNDIR/ca.pem
    export HTTPSTATUS_TLS_PEM HTTPSTATUS_CA
}

# lighttpd_free_port - a loopback port, below Linux's ephemeral range (where
# client connections come from), that nobody listens on now.
lighttpd_free_port() {
    while :; do
        _lt_port=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom) % 12000 ))
        if front_end_port_free "$_lt_port"; then
            echo "$_lt_port"
            return
        fi
    done
}

# front_end_serve_port PORT - for httpstatus-serve: fails, saying so, when
# another program holds 127.0.0.1:PORT, before anything claims to serve
# there (another server could even answer the readiness check).
front_end_serve_port() {
    front_end_port_free "$1" && return 0
    echo "httpstatus: 127.0.0.1:$1 is taken; choose another port (make" \
         "serve PORT=N, httpstatus-serve --port N)" >&2
    return 1
}

# front_end_port_free PORT - whether nothing listens on 127.0.0.1:PORT: a
# connection there is refused (curl exit 7), where anything that accepts
# it, HTTP or not, counts as taken.
front_end_port_free() {
    curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$1/"
    [ $? -eq 7 ]
}

# lighttpd_start - lighttpd in the background on a free loopback port, in a
# fresh HTTPSTATUS_RUNDIR; exports HTTPSTATUS_PORT, BASE and LIGHTTPD_PID.
# A port somebody took between the pick and lighttpd's bind makes lighttpd
# exit at once, so a few ports are tried.  -i: lighttpd stops by itself
# when idle, should a run be aborted.
lighttpd_start() {
    lighttpd_rundir || return 1
    for _lt_attempt in 1 2 3 4 5; do
        HTTPSTATUS_PORT=$(lighttpd_free_port)
        BASE="$HTTPSTATUS_SCHEME://127.0.0.1:$HTTPSTATUS_PORT"
        export HTTPSTATUS_PORT BASE
        lighttpd_site_conf "127.0.0.1:$HTTPSTATUS_PORT" \
            >"$HTTPSTATUS_SITE_CONF" || return 1
        "$LIGHTTPD" -D -i 300 -f "$HTTPSTATUS_CONF" \
            >"$HTTPSTATUS_RUNDIR/lighttpd.out" 2>&1 3>&- &
        LIGHTTPD_PID=$!
        export LIGHTTPD_PID
        if lighttpd_wait_ready; then
            return 0
        fi
        kill "$LIGHTTPD_PID" 2>/dev/null
        lighttpd_wait_exit "$LIGHTTPD_PID"
    done
    echo "lighttpd did not start; its output and error log:" >&2
    cat "$HTTPSTATUS_RUNDIR/lighttpd.out" "$HTTPSTATUS_RUNDIR/error.log" >&2
    return 1
}

# lighttpd_site_conf LISTEN - conf/lighttpd-httpstatus.conf with this run's
# values at its top, as an administrator would write them: answering on
# LISTEN, the worker's socket in HTTPSTATUS_RUNDIR
lighttpd_site_conf() {
    awk -v listen="$1" -v www="$HTTPSTATUS_WWW" -v bin="$HTTPSTATUS_BIN" \
        -v socket="$HTTPSTATUS_RUNDIR/fcgi.sock" \
        -v lua="$HTTPSTATUS_CONF_DIR/upgrade-426.lua" \
        -v kib="$HTTPSTATUS_MAX_REQUEST_KIB" '
        BEGIN {
            value["listen"] = "\"" listen "\""; value["www"] = "\"" www "\""
            value["bin"] = "\"" bin "\""; value["socket"] = "\"" socket "\""
            value["lua"] = "\"" lua "\""; value["max_request_kib"] = kib
        }
        /^var\.httpstatus_[a-z_]+ = / {
            name = substr($1, 16)
            if (name in value) { print $1 " = " value[name]; next }
        }
        { print }' "$HTTPSTATUS_CONF_DIR/lighttpd-httpstatus.conf"
}

# lighttpd_wait_ready - up to 10 s for the index page to answer, failing at
# once if lighttpd died.
lighttpd_wait_ready() {
    for _lt_i in $(seq 1 100); do
        kill -0 "$LIGHTTPD_PID" 2>/dev/null || return 1
        # Alive after answering: the answer was ours, not from a server
        # that already held the port while lighttpd failed to bind.
        if curl -s -o /dev/null --max-time 1 \
                ${HTTPSTATUS_CA:+--cacert "$HTTPSTATUS_CA"} \
                "$BASE/index.html"; then
            sleep 0.1
            kill -0 "$LIGHTTPD_PID" 2>/dev/null
            return
        fi
        sleep 0.1
    done
    return 1
}

# front_end_wait_ready PID BASE - up to 10 s for the worker to answer
# /api/health through the front end at BASE, failing at once if the front
# end (PID) died: the launchers of nginx and Apache share it.
front_end_wait_ready() {
    for _lt_i in $(seq 1 100); do
        kill -0 "$1" 2>/dev/null || return 1
        if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 \
                "$2/api/health")" = 200 ]; then
            return 0
        fi
        sleep 0.1
    done
    return 1
}

# front_end_on_a_port LAUNCH [PORT] - calls LAUNCH with a port, PORT or
# else a free one, until what it started in the background (its PID in
# FRONT_PID, its URL in FRONT_BASE) answers; a port somebody took between
# the pick and the bind makes it exit at once, so a few free ports are
# tried.  Returns 1 after stopping the last try.
front_end_on_a_port() {
    for _lt_attempt in 1 2 3 4 5; do
        "$1" "${2:-$(lighttpd_free_port)}"
        if front_end_wait_ready "$FRONT_PID" "$FRONT_BASE"; then
            return 0
        fi
        kill "$FRONT_PID" 2>/dev/null
        lighttpd_wait_exit "$FRONT_PID"
        [ -z "${2:-}" ] || break
    done
    return 1
}

# front_end_stop PID... - stops each process by PID and waits up to 10 s
# for it; returns 1 if one outlived the wait.
front_end_stop() {
    _lt_stopped=0
    for _lt_pid in "$@"; do
        kill "$_lt_pid" 2>/dev/null
        lighttpd_wait_exit "$_lt_pid" || _lt_stopped=1
    done
    return "$_lt_stopped"
}

# lighttpd_wait_exit PID - up to 10 s for a process to end.
lighttpd_wait_exit() {
    for _lt_i in $(seq 1 100); do
        kill -0 "$1" 2>/dev/null || return 0
        sleep 0.1
    done
    return 1
}

# lighttpd_stop - stops lighttpd by PID and waits for the workers it
# started to end too (a sanitizer writes its report on the way out).
# Leaves HTTPSTATUS_RUNDIR, whose logs the caller may want to read.
lighttpd_stop() {
    [ -n "${LIGHTTPD_PID:-}" ] || return 0
    _lt_stopped=0
    _lt_workers=$(pgrep -P "$LIGHTTPD_PID" || true)
    kill "$LIGHTTPD_PID" 2>/dev/null
    lighttpd_wait_exit "$LIGHTTPD_PID" || _lt_stopped=1
    for _lt_worker in $_lt_workers; do
        lighttpd_wait_exit "$_lt_worker" || _lt_stopped=1
    done
    LIGHTTPD_PID=
    return "$_lt_stopped"
}

# lighttpd_serve PORT - lighttpd in the foreground on 127.0.0.1:PORT until
# Ctrl-C, its run directory removed afterwards (httpstatus-serve).
lighttpd_serve() {
    front_end_serve_port "$1" || return 1
    lighttpd_rundir || return 1
    HTTPSTATUS_PORT=$1
    export HTTPSTATUS_PORT
    lighttpd_site_conf "127.0.0.1:$1" >"$HTTPSTATUS_SITE_CONF" || return 1
    trap 'rm -rf "$HTTPSTATUS_RUNDIR"' EXIT
    trap 'exit 130' INT TERM
    echo "httpstatus: serving $HTTPSTATUS_SCHEME://127.0.0.1:$1/ (Ctrl-C" \
         "stops; logs in $HTTPSTATUS_RUNDIR)"
    [ -z "${HTTPSTATUS_CA:-}" ] ||
        echo "httpstatus: a self-signed certificate; trust it with" \
             "curl --cacert $HTTPSTATUS_CA"
    "$LIGHTTPD" -D -f "$HTTPSTATUS_CONF"
}
