#!/usr/bin/env bats
# cgi.bats - the same binary as a plain CGI program: by hand, and under mod_cgi

# helpers.bash brings setup_file/teardown_file (one lighttpd for this file)
# and setup (the assertion libraries).
load helpers

# cgi METHOD PATH_INFO [VAR=value...] - runs the worker as a web server would
# run a CGI program (stdin is not a socket), output in $BATS_TEST_TMPDIR/cgi
cgi() {
    local method=$1 path_info=$2
    shift 2
    env -i REQUEST_METHOD="$method" SCRIPT_NAME=/cgi-bin/httpstatus \
        PATH_INFO="$path_info" SERVER_PROTOCOL=HTTP/1.1 \
        REMOTE_ADDR=192.0.2.7 HTTP_HOST=example.test "$@" \
        "$HTTPSTATUS_BIN" <"${CGI_STDIN:-/dev/null}" >"$BATS_TEST_TMPDIR/cgi"
}

# cgi_head - the CGI header section(s), CRs removed
cgi_head() {
    awk '/^\r$/ { blank++; print ""; if (!interim) exit; interim = 0; next }
         /^Status: 1/ { interim = 1 }
         { sub(/\r$/, ""); print }' "$BATS_TEST_TMPDIR/cgi"
}

# cgi_body - what follows the final header section
cgi_body() {
    awk 'done { print; next } /^\r$/ && !interim { done = 1; next }
         /^\r$/ { interim = 0; next } /^Status: 1/ { interim = 1 }' \
        "$BATS_TEST_TMPDIR/cgi"
}

@test "CGI by hand: a status with its fields and its JSON body" {
    cgi GET /api/status/511
    run cgi_head
    assert_line --index 0 "Status: 511 Network Authentication Required"
    assert_line "Content-Type: application/json; charset=utf-8"
    assert_line "Cache-Control: no-store"
    assert_line 'Link: </login.html>; rel="authenticate"'
    assert_line --regexp '^X-Request-Id: [0-9a-f]{16}$'
    cgi_body >"$BATS_TEST_TMPDIR/body"
    assert_equal "$(json .status.code)" 511
    assert_equal "$(json .request.path)" /cgi-bin/httpstatus/api/status/511
    assert_equal "$(json .request.remote_addr)" 192.0.2.7
    assert_equal "$(json .request.headers.Host)" example.test
    local length
    length=$(cgi_head | sed -n 's/^Content-Length: //p')
    assert_equal "$(head -c -1 "$BATS_TEST_TMPDIR/body" | wc -c)" "$length"
}

@test "CGI by hand: redirects stay under the script's mount point" {
    cgi GET /api/status/307
    run cgi_head
    assert_line --index 0 "Status: 307 Temporary Redirect"
    assert_line "Location: /cgi-bin/httpstatus/api/status/200"
}

@test "CGI by hand: the fields RFC 9110, 9112 and 5789 ask of OPTIONS, 415, 104 and a closing 426" {
    cgi OPTIONS /api/status/200
    run cgi_head
    assert_line --index 0 "Status: 200 OK"
    assert_line "Allow: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"
    cgi PATCH /api/status/415
    run cgi_head
    assert_line "Accept: application/json"
    assert_line "Accept-Patch: application/merge-patch+json, application/json-patch+json"
    cgi POST /api/status/104 SERVER_SOFTWARE=lighttpd/1.4.69
    run cgi_head
    assert_line --index 0 "Status: 104 Upload Resumption Supported"
    assert_line --index 1 "location: /cgi-bin/httpstatus/api/status/200"
    assert_line --index 2 "upload-draft-interop-version: 6"
    cgi GET /api/status/426 HTTP_CONNECTION=close
    run cgi_head
    assert_line "Connection: upgrade, close"
    cgi GET /api/status/426
    run cgi_head
    assert_line "Connection: upgrade"
}

@test "CGI by hand: sleep is read in any case and percent-decoded, like every control" {
    cgi GET /api/status/200 QUERY_STRING=SLEEP=1
    cgi_body >"$BATS_TEST_TMPDIR/body"
    assert_equal "$(json .response.delay_ms)" 1
    cgi GET /api/status/200 QUERY_STRING=sleep=%32
    cgi_body >"$BATS_TEST_TMPDIR/body"
    assert_equal "$(json .response.delay_ms)" 2
}

# first_line PATH QUERY - the first line of what the worker, run as a CGI
# program with two places for sleepers in $BATS_TEST_TMPDIR/places,
# answers to GET PATH?QUERY
first_line() {
    env -i REQUEST_METHOD=GET SCRIPT_NAME="$1" QUERY_STRING="$2" \
        HTTPSTATUS_CGI_PLACES="$BATS_TEST_TMPDIR/places" \
        HTTPSTATUS_MAX_CGI_SLEEPERS=2 "$HTTPSTATUS_BIN" </dev/null |
        head -n 1 | tr -d '\r'
}

@test "CGI by hand: delayed responses take one of HTTPSTATUS_MAX_CGI_SLEEPERS places, else 503" {
    first_line /api/status/200 sleep=1500 >/dev/null &
    first_line /api/status/200 sleep=1500 >/dev/null &
    sleep 0.4
    # Both places are held: a third sleeper is refused at once.
    assert_equal "$(first_line /api/status/200 sleep=100)" \
        "Status: 503 Service Unavailable"
    # A request without a delay needs no place.
    assert_equal "$(first_line /api/status/204 '')" "Status: 204 No Content"
    wait
    # The places came free when the sleepers ended.
    assert_equal "$(first_line /api/status/200 sleep=10)" "Status: 200 OK"
}

@test "CGI by hand: the request body on stdin is read and counted" {
    printf 'hello, world' >"$BATS_TEST_TMPDIR/stdin"
    CGI_STDIN="$BATS_TEST_TMPDIR/stdin" cgi PUT /api/status/200 CONTENT_LENGTH=12
    cgi_body >"$BATS_TEST_TMPDIR/body"
    assert_equal "$(json .request.body_bytes)" 12
    assert_equal "$(json .request.method)" PUT
}

@test "CGI by hand: HEAD, 204 and bad codes" {
    cgi HEAD /api/status/404
    run cgi_head
    assert_line --index 0 "Status: 404 Not Found"
    assert_line --regexp '^Content-Length: [0-9]+$'
    assert_equal "$(cgi_body | wc -c)" 0

    cgi GET /api/status/204
    run cgi_head
    assert_line --index 0 "Status: 204 No Content"
    refute_line --regexp '^Content-(Length|Type):'
    assert_equal "$(cgi_body | wc -c)" 0

    cgi GET /api/status/6xx
    run cgi_head
    assert_line --index 0 "Status: 400 Bad Request"
    assert_line "Content-Type: application/problem+json"
}

@test "CGI by hand: a 1xx code is an interim section, then the final one" {
    cgi GET /api/status/103 SERVER_SOFTWARE=lighttpd/1.4.69
    run cgi_head
    assert_line --index 0 "Status: 103 Early Hints"
    assert_line --index 1 "link: </style.css>; rel=preload; as=style"
    assert_line --index 2 "Status: 200 OK"
    # Each section ends with an empty line, CRLF-terminated.
    local expected=$'Status: 103 Early Hints\r\nlink: </style.css>; rel=preload; as=style\r\n\r\nStatus: 200 OK'
    assert_equal "$(head -c ${#expected} "$BATS_TEST_TMPDIR/cgi")" "$expected"
}

@test "CGI by hand: a 1xx goes out only through a web server known to relay it" {
    local software
    for software in "" "Apache/2.4.62 (Debian)" "nginx/1.22.1"; do
        cgi GET /api/status/103 ${software:+"SERVER_SOFTWARE=$software"}
        run cgi_head
        assert_line --index 0 "Status: 200 OK"
        assert_line --regexp '^X-HttpStatus-Interim: omitted; reason=".+"$'
        refute_line --regexp '^[Ll]ink:'
    done
    # Told which front end it is behind, the worker believes it.
    cgi GET /api/status/103 HTTPSTATUS_FRONT_END=lighttpd
    run cgi_head
    assert_line --index 0 "Status: 103 Early Hints"
    cgi GET /api/status/103 SERVER_SOFTWARE=lighttpd/1.4.69 \
        HTTPSTATUS_FRONT_END=nginx
    run cgi_head
    assert_line --index 0 "Status: 200 OK"
    assert_line --regexp '^X-HttpStatus-Interim: omitted; reason="nginx '
    run -2 --separate-stderr env HTTPSTATUS_FRONT_END=caddy "$HTTPSTATUS_BIN"
    [[ "$stderr" == *"front end caddy is not one of auto, lighttpd,"* ]]
    run -2 --separate-stderr "$HTTPSTATUS_BIN" --front-end=caddy
    [[ "$stderr" == *"front end caddy is not one of"* ]]
}

@test "CGI by hand: the peers' URL forms and the controls" {
    cgi GET /404/trailing
    run cgi_head
    assert_line --index 0 "Status: 404 Not Found"
    assert_line "Content-Type: text/plain; charset=utf-8"
    assert_equal "$(cgi_body)" "404 Not Found"
    cgi GET /status/200,500 QUERY_STRING='seed=3&header=X-A:b'
    run cgi_head
    assert_line --regexp '^X-HttpStatus-Choice: (200|500); by=random; seed=3$'
    assert_line "X-A: b"
    cgi GET /api/status/302 QUERY_STRING=location=https://evil.example/
    run cgi_head
    assert_line --index 0 "Status: 403 Forbidden"
    # A cut during the body: the process stops writing half-way, where the
    # web server passes a cut on; elsewhere the cut is refused.
    cgi GET /api/status/200 QUERY_STRING=abort=during_body
    run cgi_head
    assert_line --index 0 "Status: 422 Unprocessable Content"
    cgi GET /api/status/200 QUERY_STRING=abort=during_body \
        SERVER_SOFTWARE=lighttpd/1.4.69
    local length
    length=$(cgi_head | sed -n 's/^Content-Length: //p')
    [ "$(cgi_body | head -c -1 | wc -c)" -lt "$length" ]
    cgi GET /api/status/200 QUERY_STRING=dribble=200
    cgi_body >"$BATS_TEST_TMPDIR/body"
    assert_equal "$(json .response.dribble_ms)" 200
}

@test "under lighttpd's mod_cgi: status, fields, body, and Upgrade on 426" {
    fetch "$BASE/cgi-bin/httpstatus/api/status/401"
    status_is 401
    assert_equal "$(header WWW-Authenticate)" 'Basic realm="httpstatus", charset="UTF-8"'
    assert_equal "$(json .request.path)" /cgi-bin/httpstatus/api/status/401
    assert_equal "$(header Content-Length)" "$(body_size)"

    fetch "$BASE/cgi-bin/httpstatus/api/status/426"
    status_is 426
    assert_equal "$(header Upgrade)" HTTP/3.0

    fetch -X POST --data 'a=b' "$BASE/cgi-bin/httpstatus/api/status/303"
    status_is 303
    assert_equal "$(header Location)" /cgi-bin/httpstatus/api/status/200
    assert_equal "$(json .request.body_bytes)" 3
}

@test "under lighttpd's mod_cgi: 1xx as interim, bad codes as 400" {
    fetch "$BASE/cgi-bin/httpstatus/api/status/102"
    status_is 200
    run grep -c '^HTTP/1.1 102' "$BATS_TEST_TMPDIR/headers"
    assert_output 1
    fetch "$BASE/cgi-bin/httpstatus/api/status/abc"
    status_is 400
    assert_equal "$(json .detail)" "'abc' is not a status code the simulator accepts."
    fetch "$BASE/cgi-bin/httpstatus/503/x"
    status_is 503
    assert_equal "$(cat "$BATS_TEST_TMPDIR/body")" "503 Service Unavailable"
    fetch "$BASE/cgi-bin/httpstatus/status/418?sleepAfterHeaders=300"
    status_is 418
    took_at_least 0.3
}

@test "under lighttpd's mod_cgi: faults as they happen, a cut at once, and a closing 426 keeps upgrade" {
    run curl -s -o /dev/null -w '%{http_code} %{time_starttransfer} %{time_total}' \
        "$BASE/cgi-bin/httpstatus/api/status/200?sleepAfterHeaders=1500"
    local code first total point
    read -r code first total <<<"$output"
    assert_equal "$code" 200
    awk -v f="$first" -v t="$total" 'BEGIN { exit !(f < 1.0 && t >= 1.5) }'
    # The head says the connection ends, so lighttpd cuts the client's at
    # once rather than holding it (curl exit 18: short of Content-Length).
    for point in after_headers during_body; do
        run curl -s -o /dev/null -w '%{http_code} %{time_total}' \
            "$BASE/cgi-bin/httpstatus/api/status/200?abort=$point"
        assert_equal "$status" 18
        read -r code total <<<"$output"
        assert_equal "$code" 200
        awk -v t="$total" 'BEGIN { exit !(t < 3) }'
    done
    fetch "$BASE/cgi-bin/httpstatus/api/status/200?abort=before_headers"
    status_is 422
    assert_equal "$(json .detail)" "abort=before_headers cannot reach the client as a cut connection here: lighttpd answers a FastCGI or CGI program that ends before its head with a 500 page of its own."
    fetch -H 'Connection: close' "$BASE/cgi-bin/httpstatus/api/status/426"
    status_is 426
    assert_equal "$(header Upgrade)" HTTP/3.0
    assert_equal "$(header Connection)" upgrade
}

@test "the worker's command line: help, refusals, no listening on every interface" {
    run -0 "$HTTPSTATUS_BIN" -h
    assert_line --index 0 'usage: httpstatus [OPTION]...'
    assert_line '  -s, --listen=ADDRESS  (HTTPSTATUS_LISTEN)'
    run -2 --separate-stderr "$HTTPSTATUS_BIN" --socket-mode=0666
    [[ "$stderr" == *"--socket-mode takes an octal mode such as 0660"* ]]
    run -2 --separate-stderr "$HTTPSTATUS_BIN" -s /tmp/x.sock \
        --socket-mode=rw
    [[ "$stderr" == *"--socket-mode takes an octal mode"* ]]
    # A socket the web server's user may connect to.
    local sock="$BATS_TEST_TMPDIR/w.sock" pid
    "$HTTPSTATUS_BIN" -s "$sock" --socket-mode=0660 3>&- &
    pid=$!
    # The mode follows the socket's creation by a moment.
    for _ in $(seq 1 50); do
        [ "$(stat -c %a "$sock" 2>/dev/null)" = 660 ] && break
        sleep 0.1
    done
    assert_equal "$(stat -c %a "$sock")" 660
    kill "$pid"
    wait "$pid" || true
    # Given to the web server's user, which only root may do.
    run -2 --separate-stderr "$HTTPSTATUS_BIN" -s 127.0.0.1:9 \
        --socket-owner=www-data
    [[ "$stderr" == *"--socket-owner is for a unix socket"* ]]
    run -1 --separate-stderr "$HTTPSTATUS_BIN" -s "$sock.2" \
        --socket-owner=no-such-user-here
    [[ "$stderr" == *"--socket-owner=no-such-user-here: no such user"* ]]
    if [ "$(id -u)" -eq 0 ]; then
        "$HTTPSTATUS_BIN" -s "$sock.3" --socket-owner=nobody:nogroup 3>&- &
        pid=$!
        for _ in $(seq 1 50); do
            [ "$(stat -c %U:%G "$sock.3" 2>/dev/null)" = nobody:nogroup ] &&
                break
            sleep 0.1
        done
        assert_equal "$(stat -c %U:%G "$sock.3")" nobody:nogroup
        kill "$pid"
        wait "$pid" || true
    fi
    run -2 --separate-stderr "$HTTPSTATUS_BIN" -s :9000
    [[ "$stderr" == *"would listen on every interface"* ]]
    run -2 "$HTTPSTATUS_BIN" extra-argument
    run -2 --separate-stderr env HTTPSTATUS_MAX_BODY_BYTES=12k "$HTTPSTATUS_BIN"
    [[ "$stderr" == *"HTTPSTATUS_MAX_BODY_BYTES=12k is not a number from 0 to"* ]]
    run -2 --separate-stderr "$HTTPSTATUS_BIN" -t 0
    [[ "$stderr" == *"--threads/HTTPSTATUS_THREADS=0 is not a number from 1 to 1024"* ]]
    run -2 --separate-stderr env HTTPSTATUS_THREADS=many "$HTTPSTATUS_BIN"
    [[ "$stderr" == *"--threads/HTTPSTATUS_THREADS=many is not a number from 1 to 1024"* ]]
}

@test "limits come from the environment" {
    printf '0123456789' >"$BATS_TEST_TMPDIR/stdin"
    CGI_STDIN="$BATS_TEST_TMPDIR/stdin" cgi POST /api/status/200 \
        CONTENT_LENGTH=10 HTTPSTATUS_MAX_BODY_BYTES=9
    run cgi_head
    assert_line --index 0 "Status: 413 Content Too Large"
    cgi GET /api/status/200 QUERY_STRING=abcdef HTTPSTATUS_MAX_QUERY_BYTES=5
    run cgi_head
    assert_line --index 0 "Status: 414 URI Too Long"
}

@test "CORS origins and more secret names come from the environment" {
    local allowed=HTTPSTATUS_CORS_ORIGINS=https://app.example
    cgi GET /api/status/200 HTTP_ORIGIN=https://app.example "$allowed"
    run cgi_head
    assert_line 'Access-Control-Allow-Origin: https://app.example'
    assert_line 'Vary: Origin'
    cgi GET /api/status/200 HTTP_ORIGIN=https://other.example "$allowed"
    run cgi_head
    refute_line --partial 'Access-Control-'
    cgi GET /api/status/200 HTTP_X_TENANT=acme-7 QUERY_STRING=account=42 \
        HTTPSTATUS_REDACT=x-tenant,account
    run cgi_body
    refute_output --partial 'acme-7'
    assert_equal "$(jq -r '.request.headers["X-Tenant"]' <<<"$output")" \
        '[redacted]'
    assert_equal "$(jq -r .request.query <<<"$output")" 'account=[redacted]'
}

@test "settings come from HTTPSTATUS_CONFIG's file too, the environment first" {
    printf '# limits\nHTTPSTATUS_MAX_QUERY_BYTES=5\n' \
        >"$BATS_TEST_TMPDIR/httpstatus.conf"
    cgi GET /api/status/200 QUERY_STRING=abcdef \
        HTTPSTATUS_CONFIG="$BATS_TEST_TMPDIR/httpstatus.conf"
    run cgi_head
    assert_line --index 0 "Status: 414 URI Too Long"
    cgi GET /api/status/200 QUERY_STRING=abcdef \
        HTTPSTATUS_CONFIG="$BATS_TEST_TMPDIR/httpstatus.conf" \
        HTTPSTATUS_MAX_QUERY_BYTES=100
    run cgi_head
    assert_line --index 0 "Status: 200 OK"
    printf 'HTTPSTATUS_MAX_QUERY=5\n' >"$BATS_TEST_TMPDIR/typo.conf"
    run -2 --separate-stderr env HTTPSTATUS_CONFIG="$BATS_TEST_TMPDIR/typo.conf" \
        "$HTTPSTATUS_BIN"
    [[ "$stderr" == *"typo.conf:1: HTTPSTATUS_MAX_QUERY is not a setting"* ]]
}

# valgrind_post PATH_INFO LENGTH [VAR=value...] - the worker as a CGI
# program under valgrind, POSTed $BATS_TEST_TMPDIR/stdin; fails on any
# memory error or leak.  libfcgi's FCGX_Init keeps one block to the end
# ("still reachable"), with no public call to free it: not counted.
valgrind_post() {
    local path=$1 length=$2
    shift 2
    env -i REQUEST_METHOD=POST SCRIPT_NAME=/cgi-bin/httpstatus \
        PATH_INFO="$path" CONTENT_LENGTH="$length" "$@" \
        valgrind -q --leak-check=full \
        --errors-for-leak-kinds=definite,indirect,possible \
        --error-exitcode=99 "$HTTPSTATUS_BIN" \
        <"$BATS_TEST_TMPDIR/stdin" >"$BATS_TEST_TMPDIR/cgi" ||
        { echo "valgrind failed on $path" >&2; return 1; }
}

@test "valgrind finds no memory errors or leaks in a CGI request of each kind" {
    command -v valgrind >/dev/null || skip "valgrind is not installed"
    # An ASan build (./configure --enable-sanitizers) checks itself instead.
    if grep -q __asan_init "$HTTPSTATUS_BIN"; then
        skip "the worker is built with AddressSanitizer"
    fi
    printf 'body' >"$BATS_TEST_TMPDIR/stdin"
    local path query=''
    for path in /api/status/103 /api/status/206 /api/status/abc /api/nothing \
        /random/200,500-504 /status/200:0.5,500:0.5 /api/status/200 \
        /api/openapi.json; do
        [ "$path" = /api/status/200 ] &&
            query='header=X-A:1&etag=v&abort=during_body&format=html'
        valgrind_post "$path" 4 HTTP_X_ODD=$'\xff' QUERY_STRING="$query" \
            HTTP_X_HTTPSTATUS_RESPONSE_X_B=2 SERVER_SOFTWARE=lighttpd/1.4.69
        grep -q '^Status: ' "$BATS_TEST_TMPDIR/cgi"
    done
    # A head to inspect of the largest size, its last line without LF.
    { printf 'HTTP/1.1 200 OK\r\nX-Pad: '
      head -c 16360 /dev/zero | tr '\0' p; } >"$BATS_TEST_TMPDIR/stdin"
    assert_equal "$(wc -c <"$BATS_TEST_TMPDIR/stdin")" 16384
    valgrind_post /api/inspect 16384
    grep -q '^Status: 200 OK' "$BATS_TEST_TMPDIR/cgi"
}
