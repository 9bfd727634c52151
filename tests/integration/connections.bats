#!/usr/bin/env bats
# connections.bats - what lighttpd does with a connection: keep-alive
# around the fields it adds, and clients that trickle their requests

# helpers.bash brings lighttpd's launcher and setup (the assertion
# libraries); this file runs nginx beside lighttpd.
load helpers
beside_nginx

# Slow clients a failed test left behind end now, not at their own time.
teardown() {
    [ -z "${SLOW_PID:-}" ] || kill "$SLOW_PID" 2>/dev/null || true
}

# pipeline FILE REQUEST... - sends the requests at once over one
# connection, then keeps every byte of the answers in FILE until lighttpd
# closes it.  The requests go from a background writer: answers fill the
# socket buffers long before the last request is written.
pipeline() {
    local out=$1
    shift
    timeout 20 bash -c '
        exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
        shift
        printf "%s" "$@" >&3 &
        cat <&3' pipeline "$HTTPSTATUS_PORT" "$@" >"$out"
}

# add_get PATH [FIELD] - appends one HTTP/1.1 GET to the array requests
# (printf -v: a command substitution would strip the final LF)
add_get() {
    local request
    printf -v request 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\n' \
        "$1" "${2:-}"
    requests+=("$request")
}

# lighttpd closes a connection after its 1000th request (its
# max-keep-alive-requests) and says so with Connection: close, except on a
# response that carries Upgrade, where it writes Connection: upgrade
# instead.  A client that reused the connection after such a 426 lost its
# next request.
@test "a 426 as the request after lighttpd's keep-alive limit leaves the connection open for the next" {
    local requests=() i
    for i in $(seq 1 1000); do
        add_get /api/status/204
    done
    add_get /api/status/426
    add_get /api/status/200 $'Connection: close\r\n'
    pipeline "$BATS_TEST_TMPDIR/answers" "${requests[@]}"

    # A status line may follow a JSON body on the same line.
    grep -o 'HTTP/1\.1 [0-9]*' "$BATS_TEST_TMPDIR/answers" \
        >"$BATS_TEST_TMPDIR/statuses"
    run wc -l <"$BATS_TEST_TMPDIR/statuses"
    assert_output 1002
    run tail -n 2 "$BATS_TEST_TMPDIR/statuses"
    assert_output $'HTTP/1.1 426\nHTTP/1.1 200'
    # Only the answer to the request that asked to close says close.
    run grep -ci '^Connection: .*close' "$BATS_TEST_TMPDIR/answers"
    assert_output 1
}

# trickle PORT COUNT SECONDS - COUNT slowloris clients from 127.0.0.1 to
# PORT for SECONDS in the background, a header byte from each every second;
# returns once they are connected.  Their report lands in
# $BATS_TEST_TMPDIR/slow, their PID in SLOW_PID.
trickle() {
    "$HTTPSTATUS_SLOW_CLIENTS" 127.0.0.1 "$1" "$2" 1000 "$3" \
        >"$BATS_TEST_TMPDIR/slow" 3>&- &
    SLOW_PID=$!
    local i
    for i in $(seq 1 200); do
        grep -q '^connected' "$BATS_TEST_TMPDIR/slow" && return 0
        sleep 0.1
    done
    return 1
}

# served_from_elsewhere BASE - a normal request from 127.0.0.2 answered
# within 3 s, while the slow clients are still there
served_from_elsewhere() {
    run curl -sS -o /dev/null -w '%{http_code}' --max-time 3 \
        --interface 127.0.0.2 "$1/api/status/200"
    assert_output 200
}

# lighttpd's default limits (1365 connections of 4096 descriptors) were
# full at 1,365 trickling clients, and every other request waited.
@test "lighttpd: a client from 127.0.0.2 is served while 1500 from 127.0.0.1 trickle their headers" {
    trickle "$HTTPSTATUS_PORT" 1500 6
    assert_equal "$(cat "$BATS_TEST_TMPDIR/slow")" "connected 1500"
    served_from_elsewhere "$BASE"
    wait "$SLOW_PID"
    # lighttpd has no header deadline: they are all still there.
    assert_equal "$(tail -n 1 "$BATS_TEST_TMPDIR/slow")" "open 1500 closed 0"
}

@test "nginx: a client from 127.0.0.2 is served while 1500 from 127.0.0.1 trickle, and they are cut at the 10 s header deadline" {
    trickle "$NGINX_PORT" 1500 13
    assert_equal "$(cat "$BATS_TEST_TMPDIR/slow")" "connected 1500"
    served_from_elsewhere "$NGINX_BASE"
    wait "$SLOW_PID"
    assert_equal "$(tail -n 1 "$BATS_TEST_TMPDIR/slow")" "open 0 closed 1500"
}
