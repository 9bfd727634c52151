# helpers.bash - a real lighttpd in front of the worker for each test file,
# and helpers to fetch from it and read what came back
#
# Environment (set by `make check`, see Makefile.am):
#   HTTPSTATUS_BIN   the worker binary       HTTPSTATUS_WWW  the built site/
#   HTTPSTATUS_CONF  conf/lighttpd.conf      LIGHTTPD        the lighttpd binary

bats_require_minimum_version 1.5.0

# shellcheck source=../../scripts/lighttpd.sh
. "$BATS_TEST_DIRNAME/../../scripts/lighttpd.sh"

# Every test file talks to its own lighttpd, started once for the file.
setup_file() {
    start_lighttpd
}

teardown_file() {
    stop_lighttpd
}

# bats-support and bats-assert, from Debian's /usr/lib/bats
setup() {
    bats_load_library bats-support
    bats_load_library bats-assert
}

# start_lighttpd - lighttpd on a free loopback port for this file's tests;
# exports BASE, HTTPSTATUS_PORT, HTTPSTATUS_RUNDIR and LIGHTTPD_PID.
start_lighttpd() {
    lighttpd_start
}

# sanitizer_clean LOG - fails, showing the report, when a stopped worker
# wrote a sanitizer error or a leak into LOG
sanitizer_clean() {
    if grep -E 'AddressSanitizer|LeakSanitizer|runtime error:' "$1" >&2 \
            2>/dev/null; then
        return 1
    fi
}

# stop_lighttpd - stop lighttpd and its worker by PID, then fail if the
# worker reported a sanitizer error or a leak.
stop_lighttpd() {
    local status=0
    lighttpd_stop || status=1
    sanitizer_clean "$HTTPSTATUS_RUNDIR/worker.log" || status=1
    rm -rf "$HTTPSTATUS_RUNDIR"
    return "$status"
}

# beside_nginx - called at the top of a file that tests nginx beside
# lighttpd: its setup_file starts both, its teardown_file stops both.
beside_nginx() {
    # shellcheck source=../../scripts/nginx.sh
    . "$BATS_TEST_DIRNAME/../../scripts/nginx.sh"
    setup_file() {
        start_lighttpd_and_nginx
    }
    teardown_file() {
        stop_lighttpd_and_nginx
    }
}

# start_lighttpd_and_nginx - this file's lighttpd, then nginx and a worker
# of its own on another free port (NGINX_BASE, NGINX_PORT, ...).
start_lighttpd_and_nginx() {
    start_lighttpd
    HTTPSTATUS_CONF_DIR="$BATS_TEST_DIRNAME/../../conf" nginx_start
}

# stop_lighttpd_and_nginx - stops both by PID; fails if either worker
# reported a sanitizer error or a leak.
stop_lighttpd_and_nginx() {
    local status=0
    nginx_stop || status=1
    # nginx's worker writes its sanitizer reports to its own log.
    sanitizer_clean "$NGINX_RUNDIR/worker.log" || status=1
    rm -rf "$NGINX_RUNDIR"
    stop_lighttpd || status=1
    return "$status"
}

# fetch [curl options...] URL - runs curl; the status code (and on a second
# line the seconds it took) goes to $BATS_TEST_TMPDIR/code, headers to
# .../headers, the body to .../body, and
# the final response's fields into HEADERS (lower-case names; repeated
# fields joined by newlines) and HEADER_COUNT.
fetch() {
    # curl creates no body file for a response without content.
    : >"$BATS_TEST_TMPDIR/body"
    curl -sS --max-time 10 -D "$BATS_TEST_TMPDIR/headers" \
        -o "$BATS_TEST_TMPDIR/body" -w '%{http_code}\n%{time_total}\n%{size_upload}\n' "$@" \
        >"$BATS_TEST_TMPDIR/code"
    declare -gA HEADERS=() HEADER_COUNT=()
    local line name
    while IFS= read -r line; do
        line=${line%$'\r'}
        if [[ "$line" == HTTP/* ]]; then
            # A new status line: an interim section's fields do not count.
            HEADERS=() HEADER_COUNT=()
            continue
        fi
        [[ "$line" == *:* ]] || continue
        name=${line%%:*}
        name=${name,,}
        HEADERS[$name]=${HEADERS[$name]:+${HEADERS[$name]}$'\n'}${line#*: }
        HEADER_COUNT[$name]=$(( ${HEADER_COUNT[$name]:-0} + 1 ))
    done <"$BATS_TEST_TMPDIR/headers"
}

# status_lines - the status codes of the last fetch's header sections, in
# order, each followed by a space: "103 200 "
status_lines() {
    grep -E '^HTTP/' "$BATS_TEST_TMPDIR/headers" | tr -d '\r' |
        cut -d' ' -f2 | tr '\n' ' '
}

# uploaded - how many body bytes the last fetch sent
uploaded() {
    sed -n 3p "$BATS_TEST_TMPDIR/code"
}

# front_end_refused STATUS SERVER TEXT - the last fetch got STATUS as the
# problem the worker makes of a refusal by the web server SERVER
# ("lighttpd", "nginx", "Apache"), its detail holding TEXT
front_end_refused() {
    status_is "$1"
    assert_equal "$(header Content-Type)" application/problem+json
    assert_equal "$(json .status)" "$1"
    [[ "$(json .detail)" == "$2 refused the request"*"$3"* ]] ||
        { echo "detail: $(json .detail)" >&2; return 1; }
}

# refused_before_upload BASE SERVER - a body one byte over the worker's
# limit, sent with Expect: 100-continue, gets the web server SERVER's 413
# as a problem, with no 100 Continue and no byte uploaded
refused_before_upload() {
    head -c 1048577 /dev/zero >"$BATS_TEST_TMPDIR/upload"
    fetch -X POST -H 'Expect: 100-continue' \
        --data-binary "@$BATS_TEST_TMPDIR/upload" "$1/api/status/200"
    front_end_refused 413 "$2" "the body is larger than it accepts"
    assert_equal "$(status_lines)" "413 "
    assert_equal "$(uploaded)" 0
}

# status_is CODE - the final status of the last fetch
status_is() {
    local got
    got=$(head -n 1 "$BATS_TEST_TMPDIR/code")
    [ "$got" = "$1" ] || { echo "status $got, expected $1" >&2; return 1; }
}

# took_at_least SECONDS - the last fetch took at least that long
took_at_least() {
    awk -v least="$1" 'NR == 2 { exit !($1 >= least) }' "$BATS_TEST_TMPDIR/code" ||
        { echo "took $(sed -n 2p "$BATS_TEST_TMPDIR/code") s, less than $1 s" >&2; return 1; }
}

# header NAME - the value of NAME in the final response of the last fetch
# (empty when absent)
header() {
    printf '%s' "${HEADERS[${1,,}]:-}"
}

# header_count NAME - how often NAME occurs in the final response
header_count() {
    printf '%s' "${HEADER_COUNT[${1,,}]:-0}"
}

# raw_request METHOD PATH - one HTTP/1.1 request over a plain socket, every
# byte of the answer kept in $BATS_TEST_TMPDIR/raw (curl -I cannot show
# bytes that follow a HEAD response's header section).
raw_request() {
    timeout 10 bash -c '
        exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
        printf "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n" \
            "$2" "$3" >&3
        cat <&3' raw "$HTTPSTATUS_PORT" "$1" "$2" >"$BATS_TEST_TMPDIR/raw"
}

# raw_body_size - bytes after the final header section of the raw answer
# (interim 1xx sections are skipped)
raw_body_size() {
    awk 'BEGIN { RS = "\r\n\r\n"; ORS = "" }
         { blocks[NR] = $0 }
         END {
             # Print whatever follows the last header block that starts a
             # final (non-1xx) response.
             for (i = 1; i <= NR; i++)
                 if (blocks[i] ~ /^HTTP\/1\.[01] [2-5]/) { last = i; break }
             for (j = last + 1; j <= NR; j++) printf "%s%s", blocks[j], (j < NR ? RS : "")
         }' "$BATS_TEST_TMPDIR/raw" | wc -c | tr -d ' '
}

# body_size - bytes in the body of the last fetch
body_size() {
    wc -c <"$BATS_TEST_TMPDIR/body" | tr -d ' '
}

# json FILTER - jq -r FILTER over the body of the last fetch
json() {
    jq -r "$1" "$BATS_TEST_TMPDIR/body"
}

# expect_eq ACTUAL EXPECTED WHAT - fail with a message naming WHAT
expect_eq() {
    [ "$1" = "$2" ] || { echo "$3: got '$1', expected '$2'" >&2; return 1; }
}
