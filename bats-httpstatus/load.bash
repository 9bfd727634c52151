# bats-httpstatus - a private httpstatus simulator for a bats suite, and
# assertions on the HTTP answers a test gets.
#
# In a .bats file:
#
#   bats_load_library bats-httpstatus
#   setup_file() { httpstatus_start; }
#   teardown_file() { httpstatus_stop; }
#
#   @test "my client gives up after three 503s" {
#       httpstatus_fetch /api/status/503
#       assert_http_status 503
#       assert_http_header Retry-After
#   }
#
# httpstatus_start runs lighttpd and the worker on a free port of
# 127.0.0.1 and exports HTTPSTATUS_URL (http://127.0.0.1:PORT), so that the
# client under test can be pointed at it.  It takes the worker's settings
# from the environment (HTTPSTATUS_MAX_SLEEP_MS=..., see httpstatus --help),
# and these, when the defaults do not fit:
#   HTTPSTATUS_BIN   the worker (default: this installation's)
#   LIGHTTPD         lighttpd (default: found in PATH or /usr/sbin)
#
# The assertions build on bats-support and bats-assert (Debian:
# bats-support, bats-assert), which this file loads.

bats_load_library bats-support
bats_load_library bats-assert

# This installation's files; `make install` writes its own paths here.
: "${HTTPSTATUS_BIN:=/usr/local/bin/httpstatus}"
HTTPSTATUS_SCRIPTS=${HTTPSTATUS_SCRIPTS:-/usr/local/share/httpstatus/launchers}
HTTPSTATUS_CONF=${HTTPSTATUS_CONF:-/usr/local/share/httpstatus/lighttpd.conf}
HTTPSTATUS_WWW=${HTTPSTATUS_WWW:-/usr/local/share/httpstatus/www}

# shellcheck source=../scripts/lighttpd.sh
. "$HTTPSTATUS_SCRIPTS/lighttpd.sh"

# httpstatus_start - lighttpd and the worker on a free loopback port, in
# a fresh run directory; exports HTTPSTATUS_URL, HTTPSTATUS_PORT,
# HTTPSTATUS_RUNDIR (logs: worker.log, error.log) and HTTPSTATUS_PID
# (lighttpd's).  Call it in setup_file; fails saying what is wrong.
httpstatus_start() {
    local saved_base=${BASE-} had_base=${BASE+set}
    if [[ ! -x "$HTTPSTATUS_BIN" ]]; then
        echo "httpstatus_start: no worker at $HTTPSTATUS_BIN; install" \
             "httpstatus or set HTTPSTATUS_BIN to its path" >&2
        return 1
    fi
    LIGHTTPD=${LIGHTTPD:-$(PATH=$PATH:/usr/sbin:/sbin command -v lighttpd)}
    if [[ -z "$LIGHTTPD" ]]; then
        echo "httpstatus_start: lighttpd is missing; apt-get install" \
             "lighttpd lighttpd-modules-lua" >&2
        return 1
    fi
    export HTTPSTATUS_BIN HTTPSTATUS_CONF HTTPSTATUS_WWW LIGHTTPD
    if ! lighttpd_start; then
        echo "httpstatus_start: $LIGHTTPD (with the worker" \
             "$HTTPSTATUS_BIN) did not start on 127.0.0.1; see above" >&2
        rm -rf "$HTTPSTATUS_RUNDIR"
        return 1
    fi
    HTTPSTATUS_URL=$BASE
    HTTPSTATUS_PID=$LIGHTTPD_PID
    export HTTPSTATUS_URL HTTPSTATUS_PID
    # BASE is the launcher's name; a suite may have its own.
    if [[ -n "$had_base" ]]; then BASE=$saved_base; else unset BASE; fi
    # lighttpd answers its pages without the worker: ask the worker.
    local status
    status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 \
        "$HTTPSTATUS_URL/api/health")
    if [[ "$status" != 200 ]]; then
        echo "httpstatus_start: the worker $HTTPSTATUS_BIN did not answer" \
             "$HTTPSTATUS_URL/api/health (status ${status:-none});" \
             "read $HTTPSTATUS_RUNDIR/worker.log and" \
             "$HTTPSTATUS_RUNDIR/error.log" >&2
        # Stopped, with its run directory kept for those logs.
        lighttpd_stop
        HTTPSTATUS_PID=
        return 1
    fi
}

# httpstatus_stop - stops what httpstatus_start started, by its PID, and
# removes its run directory.  Call it in teardown_file.
httpstatus_stop() {
    [[ -n "${HTTPSTATUS_PID:-}" ]] || return 0
    LIGHTTPD_PID=$HTTPSTATUS_PID
    local status=0
    lighttpd_stop || status=1
    rm -rf "$HTTPSTATUS_RUNDIR"
    HTTPSTATUS_PID=
    return "$status"
}

# httpstatus_url PATH - the simulator's URL for PATH ("/api/status/503").
httpstatus_url() {
    echo "$HTTPSTATUS_URL$1"
}

# httpstatus_fetch [CURL OPTION...] PATH_OR_URL - a request with curl (a
# path goes to the simulator); sets HTTP_STATUS (the final status), and
# HTTP_BODY and HTTP_HEADERS (the final head as curl got it, CRs removed)
# for the assertions below.  Fails only when curl gets no answer.
httpstatus_fetch() {
    local target=${!#}
    local options=("${@:1:$#-1}")
    [[ "$target" != /* ]] || target=$HTTPSTATUS_URL$target
    local dir=${BATS_TEST_TMPDIR:-${BATS_FILE_TMPDIR:-/tmp}}
    : >"$dir/httpstatus-body"
    HTTP_STATUS=$(curl -sS --max-time 30 -D "$dir/httpstatus-head" \
        -o "$dir/httpstatus-body" -w '%{http_code}' "${options[@]}" \
        "$target") || {
        echo "httpstatus_fetch: curl got no answer from $target" >&2
        return 1
    }
    HTTP_BODY=$(cat "$dir/httpstatus-body")
    # Only the last head counts: a 1xx or a redirect followed came before.
    HTTP_HEADERS=$(tr -d '\r' <"$dir/httpstatus-head" |
        awk '/^HTTP\// { head = "" } { head = head $0 "\n" } END {
             printf "%s", head }')
    export HTTP_STATUS HTTP_BODY HTTP_HEADERS
}

# http_header NAME - the value of the last fetch's field NAME (any case);
# several lines when it came several times; fails when absent.
http_header() {
    local found
    found=$(awk -v name="$1" 'BEGIN { name = tolower(name) }
        index($0, ":") { n = tolower(substr($0, 1, index($0, ":") - 1))
            if (n == name) { v = substr($0, index($0, ":") + 1)
                sub(/^[ \t]+/, "", v); print v; hit = 1 } }
        END { exit !hit }' <<<"$HTTP_HEADERS") || return 1
    echo "$found"
}

# assert_http_status CODE - the last fetch's final status was CODE.
assert_http_status() {
    [[ "$HTTP_STATUS" == "$1" ]] && return 0
    batslib_print_kv_single_or_multi 8 \
        expected "$1" actual "$HTTP_STATUS" head "$HTTP_HEADERS" \
        body "$HTTP_BODY" |
        batslib_decorate 'HTTP status differs' | fail
}

# assert_http_header NAME [VALUE] - the last fetch's final head has NAME,
# with VALUE when given (the whole value; any case for NAME).
assert_http_header() {
    local value
    if ! value=$(http_header "$1"); then
        batslib_print_kv_single_or_multi 8 field "$1" head "$HTTP_HEADERS" |
            batslib_decorate 'HTTP field missing' | fail
        return
    fi
    [[ $# -lt 2 || "$value" == "$2" ]] && return 0
    batslib_print_kv_single_or_multi 8 field "$1" expected "$2" \
        actual "$value" | batslib_decorate 'HTTP field differs' | fail
}

# refute_http_header NAME - the last fetch's final head lacks NAME.
refute_http_header() {
    local value
    value=$(http_header "$1") || return 0
    batslib_print_kv_single_or_multi 8 field "$1" value "$value" |
        batslib_decorate 'HTTP field present' | fail
}

# assert_http_body_contains TEXT - the last fetch's body holds TEXT.
assert_http_body_contains() {
    [[ "$HTTP_BODY" == *"$1"* ]] && return 0
    batslib_print_kv_single_or_multi 8 expected "$1" body "$HTTP_BODY" |
        batslib_decorate 'HTTP body lacks the text' | fail
}

# httpstatus_requests KEY - the simulator's log of the requests made with
# key= or sequence= KEY, as JSON ({"requests": [...]}), on stdout.
httpstatus_requests() {
    curl -sS --max-time 10 "$HTTPSTATUS_URL/api/requests?key=$1"
}
