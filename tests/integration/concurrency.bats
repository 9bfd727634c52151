#!/usr/bin/env bats
# concurrency.bats - delays, and requests served side by side

# This file's worker holds at most two delayed responses, so that the cap
# can be reached with a handful of requests.
export HTTPSTATUS_MAX_SLEEPERS=2
export HTTPSTATUS_MAX_SLEEP_MS=5000

# helpers.bash brings setup_file/teardown_file (one lighttpd for this file)
# and setup (the assertion libraries).
load helpers

# sleeper NAME QUERY - a delayed request in the background; its status and
# total time land in $BATS_TEST_TMPDIR/NAME, its curl PID in NAME.pid
sleeper() {
    curl -sS --max-time 20 -o "$BATS_TEST_TMPDIR/$1.body" \
        -w '%{http_code} %{time_total}\n' "$BASE/api/status/$2" \
        >"$BATS_TEST_TMPDIR/$1" 3>&- &
    echo $! >"$BATS_TEST_TMPDIR/$1.pid"
}

# wait_sleeper NAME - waits for a background request to finish
wait_sleeper() {
    wait "$(cat "$BATS_TEST_TMPDIR/$1.pid")"
}

# own_worker DIR COMMAND... - the worker that COMMAND starts (the binary,
# or a wrapper around it) on a socket of its own, DIR/sock, its stderr in
# DIR/log; returns once the socket is there, with the PID in WORKER_PID.
own_worker() {
    local dir=$1
    shift
    "$@" -s "$dir/sock" 2>"$dir/log" &
    WORKER_PID=$!
    local i
    # The socket file appears at bind(), a moment before listen(): wait
    # for the kernel to list it as listening, or a worker stopped in that
    # moment refuses every connection.
    for i in $(seq 1 50); do
        ss -xlnH | grep -qF "$dir/sock" && return 0
        sleep 0.1
    done
    return 1
}

@test "sleep=MS delays the response by at least that, and says so in the JSON" {
    fetch "$BASE/api/status/201?sleep=600"
    status_is 201
    took_at_least 0.6
    assert_equal "$(json .response.delay_ms)" 600
    assert_equal "$(header Location)" /api/status/200
}

@test "X-HttpStatus-Sleep delays too; HEAD and bodiless codes as well" {
    fetch -H 'X-HttpStatus-Sleep: 300' -I "$BASE/api/status/204"
    status_is 204
    took_at_least 0.3
    fetch "$BASE/api/status/103?sleep=300"
    status_is 200
    took_at_least 0.3
    run grep -c '^HTTP/1.1 103' "$BATS_TEST_TMPDIR/headers"
    assert_output 1
}

@test "a sleeping request does not hold a fast one back" {
    sleeper slow "200?sleep=4000"
    sleep 0.2
    fetch "$BASE/api/status/418"
    status_is 418
    # The fast answer came while the slow request was still waiting.
    kill -0 "$(cat "$BATS_TEST_TMPDIR/slow.pid")"
    wait_sleeper slow
    read -r code seconds <"$BATS_TEST_TMPDIR/slow"
    assert_equal "$code" 200
    awk -v s="$seconds" 'BEGIN { exit !(s >= 4) }'
    assert_equal "$(jq -r .response.delay_ms "$BATS_TEST_TMPDIR/slow.body")" 4000
}

@test "beyond the cap of delayed responses: 503 with Retry-After, at once" {
    sleeper first "200?sleep=3000"
    sleeper second "200?sleep=3000"
    sleep 0.5
    fetch "$BASE/api/status/200?sleep=3000"
    status_is 503
    assert_equal "$(header Retry-After)" 1
    assert_equal "$(header Content-Type)" "application/problem+json"
    [[ "$(json .detail)" == "The worker already holds as many delayed responses as it may"* ]]
    # Requests without a delay are still served while the cap is reached.
    fetch "$BASE/api/status/200"
    status_is 200
    wait_sleeper first
    wait_sleeper second
    assert_equal "$(cut -d' ' -f1 "$BATS_TEST_TMPDIR/first")" 200
    assert_equal "$(cut -d' ' -f1 "$BATS_TEST_TMPDIR/second")" 200
    # Places are given back once the delayed responses are sent.
    fetch "$BASE/api/status/200?sleep=10"
    status_is 200
}

@test "a connection the web server closes frees its delayed response's place at once" {
    # The worker on a socket of its own, with one place, and a FastCGI
    # client that hangs up as a web server does when its client goes away.
    local dir worker
    dir=$(mktemp -d /tmp/httpstatus.XXXXXX)
    HTTPSTATUS_MAX_SLEEPERS=1 own_worker "$dir" "$HTTPSTATUS_BIN"
    worker=$WORKER_PID
    "$HTTPSTATUS_FCGI_CLIENT" "$dir/sock" sleep=5000 200 || true
    sleep 0.3
    local answer
    answer=$("$HTTPSTATUS_FCGI_CLIENT" "$dir/sock" sleep=10 | head -n 1) || true
    kill "$worker"
    wait "$worker" || true
    rm -rf "$dir"
    assert_equal "$answer" $'Status: 200 OK\r'
}

@test "unless told otherwise, a worker takes the hard fd limit and holds what a web server with it can carry beside other requests, and says so at start" {
    local dir worker
    dir=$(mktemp -d /tmp/httpstatus.XXXXXX)
    own_worker "$dir" env -u HTTPSTATUS_MAX_SLEEPERS \
        "$(command -v prlimit)" --nofile=100:1000 "$HTTPSTATUS_BIN" -t 4
    worker=$WORKER_PID
    local answer
    answer=$("$HTTPSTATUS_FCGI_CLIENT" "$dir/sock" sleep=10 | head -n 1) || true
    kill "$worker"
    wait "$worker" || true
    local said
    said=$(cat "$dir/log")
    rm -rf "$dir"
    assert_equal "$answer" $'Status: 200 OK\r'
    # On its own socket it raises its fd limit to the hard one, 1000, as its
    # web server's launcher does; then two fifths of it: a web server with
    # that limit spends two on each held response and stops at 900.
    assert_equal "$said" \
        "httpstatus: started: 4 threads, up to 400 delayed responses held, fd limit 1000"
}

# libfcgi drops a unix connection that sends nothing for 2 s; once its
# shutdown flag was set, the accept loop around that went on closing the
# dropped descriptor forever, and the worker never stopped.
@test "SIGTERM stops a worker while a web server's connection says nothing yet" {
    local dir worker
    dir=$(mktemp -d /tmp/httpstatus.XXXXXX)
    own_worker "$dir" "$HTTPSTATUS_BIN" -t 1
    worker=$WORKER_PID
    "$HTTPSTATUS_FCGI_CLIENT" "$dir/sock" - 3000 &
    local client=$!
    sleep 0.5
    kill "$worker"
    local i stopped=0
    for i in $(seq 1 30); do
        kill -0 "$worker" 2>/dev/null || { stopped=1; break; }
        sleep 0.1
    done
    [ "$stopped" = 1 ] || kill -9 "$worker"
    wait "$worker" || true
    wait "$client" || true
    rm -rf "$dir"
    assert_equal "$stopped" 1
}

# A burst of delayed requests reaches the worker's socket faster than its
# threads accept; a connect that finds the queue full is a 502 from the web
# server.  The queue is as long as the kernel allows (net.core.somaxconn),
# both on a socket lighttpd makes and on one the worker makes itself.
@test "a burst queues at the worker's socket: as long a queue as the kernel allows" {
    local longest want dir worker
    longest=$(cat /proc/sys/net/core/somaxconn)
    want=$(( longest < 3000 ? longest : 3000 ))
    worker=$(pgrep -P "$LIGHTTPD_PID" | head -n 1)
    kill -STOP "$worker"
    local behind_lighttpd
    behind_lighttpd=$("$HTTPSTATUS_FCGI_CLIENT" \
        "$HTTPSTATUS_RUNDIR/fcgi.sock-0" --queue 3000) || true
    kill -CONT "$worker"

    dir=$(mktemp -d /tmp/httpstatus.XXXXXX)
    own_worker "$dir" "$HTTPSTATUS_BIN" -t 1
    kill -STOP "$WORKER_PID"
    local own
    own=$("$HTTPSTATUS_FCGI_CLIENT" "$dir/sock" --queue 3000) || true
    kill -CONT "$WORKER_PID"
    kill "$WORKER_PID"
    wait "$WORKER_PID" || true
    rm -rf "$dir"
    [ "${behind_lighttpd#queued }" -ge "$want" ] ||
        fail "behind lighttpd: $behind_lighttpd, want $want"
    [ "${own#queued }" -ge "$want" ] || fail "own socket: $own, want $want"
    fetch "$BASE/api/status/204"
    status_is 204
}

@test "bad and oversized sleeps get 400" {
    local value
    for value in abc -1 1.5 "" 5001 99999999999999999999999; do
        fetch "$BASE/api/status/200?sleep=$value"
        status_is 400
        assert_equal "$(json .detail)" \
            "sleep '$value' is not a number of milliseconds from 0 to 5000."
    done
    fetch -H 'X-HttpStatus-Sleep: soon' "$BASE/api/status/200"
    status_is 400
    assert_equal "$(json .detail)" \
        "sleep 'soon' is not a number of milliseconds from 0 to 5000."
    fetch "$BASE/api/status/200?sleep=0"
    status_is 200
    assert_equal "$(json .response.delay_ms)" 0
}

@test "many requests at once all get their own answer" {
    local i
    for i in $(seq 1 40); do
        curl -sS --max-time 20 -o "$BATS_TEST_TMPDIR/many.$i" \
            "$BASE/api/status/$((400 + i))" 3>&- &
    done
    wait
    for i in $(seq 1 40); do
        assert_equal "$(jq -r .status.code "$BATS_TEST_TMPDIR/many.$i")" $((400 + i))
    done
    # 40 distinct request ids.
    assert_equal "$(cat "$BATS_TEST_TMPDIR"/many.* | jq -r .request.id | sort -u | wc -l)" 40
}

@test "at a low fd limit, delayed responses beyond it get 503 and the worker keeps accepting" {
    # This test's own lighttpd, whose worker, with 8 threads, may open 64
    # files and would hold 1000 delayed responses.
    HTTPSTATUS_BIN="$(command -v prlimit) --nofile=64:64 $HTTPSTATUS_BIN -t 8"
    HTTPSTATUS_MAX_SLEEPERS=1000
    lighttpd_start
    local i clients=()
    for i in $(seq 1 60); do
        curl -s -o /dev/null -w '%{http_code}\n' --max-time 10 \
            "$BASE/api/status/200?sleep=1500" >>"$BATS_TEST_TMPDIR/codes" &
        clients+=($!)
    done
    sleep 0.5
    local fast
    # Nothing below may end the test before lighttpd is stopped.
    fast=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 \
        "$BASE/api/status/204") || true
    # Not a bare wait: lighttpd is a child of this shell too.
    wait "${clients[@]}" || true
    local later
    later=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 \
        "$BASE/api/status/204") || true
    local lowered=0
    grep -q 'HTTPSTATUS_MAX_SLEEPERS 1000 lowered to 24: the fd limit is 64' \
        "$HTTPSTATUS_RUNDIR/worker.log" && lowered=1
    lighttpd_stop
    rm -rf "$HTTPSTATUS_RUNDIR"
    assert_equal "$fast" 204
    assert_equal "$later" 204
    assert_equal "$lowered" 1
    # Every held request was answered: 24 after their sleep, the rest 503.
    assert_equal "$(grep -c '^200$' "$BATS_TEST_TMPDIR/codes")" 24
    assert_equal "$(grep -c '^503$' "$BATS_TEST_TMPDIR/codes")" 36
}
