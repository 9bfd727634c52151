#!/usr/bin/env bats
# redis.bats - the state across hosts: two lighttpd front ends, each with
# its own worker, keep their state in one private redis-server
# (HTTPSTATUS_STORE=redis://127.0.0.1:PORT), and a sequence, a rate-limit
# window, a request log and a resource continue from one to the other

load helpers

setup_file() {
    REDIS_DIR=$(mktemp -d /tmp/httpstatus-redis.XXXXXX)
    REDIS_PORT=$(lighttpd_free_port)
    "$REDIS_SERVER" --bind 127.0.0.1 --port "$REDIS_PORT" --save '' \
        --appendonly no --dir "$REDIS_DIR" --protected-mode yes \
        >"$REDIS_DIR/redis.log" 2>&1 3>&- &
    REDIS_PID=$!
    export REDIS_DIR REDIS_PID REDIS_PORT
    local i
    for i in $(seq 1 50); do
        front_end_port_free "$REDIS_PORT" || break
        sleep 0.1
    done
    HTTPSTATUS_STORE="redis://127.0.0.1:$REDIS_PORT/2"
    export HTTPSTATUS_STORE
    lighttpd_start || return 1
    export BASE_A=$BASE PID_A=$LIGHTTPD_PID RUNDIR_A=$HTTPSTATUS_RUNDIR
    lighttpd_start || return 1
    export BASE_B=$BASE PID_B=$LIGHTTPD_PID RUNDIR_B=$HTTPSTATUS_RUNDIR
}

teardown_file() {
    local status=0
    LIGHTTPD_PID=$PID_A HTTPSTATUS_RUNDIR=$RUNDIR_A stop_lighttpd || status=1
    LIGHTTPD_PID=$PID_B HTTPSTATUS_RUNDIR=$RUNDIR_B stop_lighttpd || status=1
    front_end_stop "$REDIS_PID" || status=1
    rm -rf "$REDIS_DIR"
    return "$status"
}

@test "a worker on Redis has three times the default threads, for its round trips" {
    local cores threads
    cores=$(nproc)
    threads=$(( cores > 2 ? 3 * (cores - 1) : 3 ))
    grep -q "started: $threads threads," "$RUNDIR_A/worker.log"
}

@test "a sequence continues from one host's worker to the other's" {
    local key=across-$$
    fetch "$BASE_A/api/status/500,501,502,200?sequence=$key"
    status_is 500
    fetch "$BASE_B/api/status/500,501,502,200?sequence=$key"
    status_is 501
    fetch "$BASE_B/cgi-bin/httpstatus/api/status/500,501,502,200?sequence=$key"
    status_is 502
    fetch "$BASE_A/api/status/500,501,502,200?sequence=$key"
    status_is 200
    assert_equal "$(header X-HttpStatus-Sequence)" "4/4; key=$key"
}

@test "one rate-limit window, one request log and one resource for both" {
    local key=shared-$$ etag
    fetch "$BASE_A/api/status/200?ratelimit=2/1h&key=$key"
    status_is 200
    fetch "$BASE_B/api/status/200?ratelimit=2/1h&key=$key"
    status_is 200
    fetch "$BASE_A/api/status/200?ratelimit=2/1h&key=$key"
    status_is 429
    [ "$(header Retry-After)" -gt 3500 ]
    fetch "$BASE_B/api/requests?key=$key"
    assert_equal "$(json '[.requests[].status] | join(",")')" "200,200,429"
    fetch -X PUT -d one "$BASE_A/api/resource/$key"
    status_is 201
    etag=$(header ETag)
    fetch -H "If-None-Match: $etag" "$BASE_B/api/resource/$key"
    status_is 304
    fetch -X PUT -H "If-Match: $etag" -d two "$BASE_B/api/resource/$key"
    status_is 200
    fetch -X PUT -H "If-Match: $etag" -d three "$BASE_A/api/resource/$key"
    status_is 412
}

# redis_ask COMMAND... - the replies to inline commands, one a line, from
# the database the workers use
redis_ask() {
    exec 4<>"/dev/tcp/127.0.0.1/$REDIS_PORT"
    printf '%s\r\n' "SELECT 2" "$@" QUIT >&4
    tr -d '\r' <&4
    exec 4<&-
}

@test "what a request keeps in Redis expires an hour after its last write" {
    local key=idle-$$ ttl
    fetch "$BASE_A/api/status/503,200?sequence=$key"
    status_is 503
    fetch "$BASE_B/api/status/200?ratelimit=5/10s&key=$key"
    status_is 200
    run redis_ask "PTTL httpstatus:sequence:$key" \
        "PTTL httpstatus:ratelimit:$key" "PTTL httpstatus:log:$key" \
        "LLEN httpstatus:log:$key"
    assert_equal "${lines[0]}" "+OK"
    for ttl in "${lines[1]}" "${lines[2]}" "${lines[3]}"; do
        [[ "$ttl" =~ ^:[0-9]+$ ]]
        [ "${ttl#:}" -gt 3590000 ] && [ "${ttl#:}" -le 3600000 ]
    done
    assert_equal "${lines[4]}" ":2"
}

@test "a server that always replies (no CLIENT REPLY) gets the same answers" {
    local dir port pid key=loud-$$ status=0
    dir=$(mktemp -d /tmp/httpstatus-redis.XXXXXX)
    port=$(lighttpd_free_port)
    "$REDIS_SERVER" --bind 127.0.0.1 --port "$port" --save '' \
        --appendonly no --dir "$dir" --rename-command CLIENT '' \
        >"$dir/redis.log" 2>&1 3>&- &
    pid=$!
    for _ in $(seq 1 50); do
        front_end_port_free "$port" || break
        sleep 0.1
    done
    HTTPSTATUS_STORE="redis://127.0.0.1:$port" lighttpd_start
    # Replies the worker did not wait for are read before its next
    # command, so each step gets its own reply.
    for expected in 503 502 200 200; do
        fetch "$BASE/api/status/503,502,200?sequence=$key"
        status_is "$expected" || status=1
    done
    fetch "$BASE/api/requests?key=$key"
    [ "$(json '[.requests[].status] | join(",")')" = "503,502,200,200" ] ||
        status=1
    stop_lighttpd || status=1
    front_end_stop "$pid" || status=1
    rm -rf "$dir"
    return "$status"
}

@test "100 requests at once through both hosts on a 100-code sequence each get a different code" {
    local key=burst-$$
    { seq 1 50 | sed "s|.*|$BASE_A|"; seq 1 50 | sed "s|.*|$BASE_B|"; } |
        xargs -P 40 -I{} curl -s -o /dev/null -w '%{http_code}\n' \
            "{}/api/status/200-299?sequence=$key" >"$BATS_TEST_TMPDIR/codes"
    assert_equal "$(wc -l <"$BATS_TEST_TMPDIR/codes")" 100
    assert_equal "$(sort -u "$BATS_TEST_TMPDIR/codes" | wc -l)" 100
}

@test "a stalled or lost Redis costs a stateful request a quick 503, and stateless ones nothing" {
    local key=stall-$$
    kill -STOP "$REDIS_PID"
    fetch "$BASE_A/api/status/200?sequence=$key"
    local stalled=$?
    kill -CONT "$REDIS_PID"
    [ "$stalled" -eq 0 ]
    status_is 503
    assert_equal "$(header Retry-After)" 1
    assert_equal "$(json .detail)" "The sequence of '$key' cannot be kept: the Redis server failed (see the worker's log)."
    awk 'NR == 2 { exit !($1 < 1) }' "$BATS_TEST_TMPDIR/code"
    fetch "$BASE_A/api/status/200"
    status_is 200
    # The stalled step reached the server, which ran it once resumed: the
    # request that timed out was counted all the same.
    fetch "$BASE_A/api/status/200?sequence=$key"
    status_is 200
    assert_equal "$(header X-HttpStatus-Sequence)" "1/1; key=$key; request=2"
    # A server that is gone: refused at once.
    local gone
    gone=$(lighttpd_free_port)
    run --separate-stderr env HTTPSTATUS_STORE="redis://127.0.0.1:$gone" \
        REQUEST_METHOD=GET \
        PATH_INFO=/api/status/200 QUERY_STRING="sequence=$key" \
        SERVER_PROTOCOL=HTTP/1.1 "$HTTPSTATUS_BIN"
    [[ "$output" == "Status: 503 Service Unavailable"* ]]
    [[ "$output" == *"the Redis server cannot be reached in time"* ]]
}
