#!/usr/bin/env bats
# scale-out.bats - two workers on two loopback TCP ports behind one nginx
# (conf/nginx-httpstatus.conf with both in its upstream): stateless workers
# share the load, and when one dies under load the front end sends new
# requests to the other.

load helpers
# shellcheck source=../../scripts/nginx.sh
. "$BATS_TEST_DIRNAME/../../scripts/nginx.sh"

# start_worker PORT - a worker on 127.0.0.1:PORT; prints its PID
start_worker() {
    "$HTTPSTATUS_BIN" -s "127.0.0.1:$1" -t 8 \
        >>"$SCALE_RUNDIR/workers.log" 2>&1 3>&- &
    echo $!
}

setup_file() {
    SCALE_RUNDIR=$(mktemp -d /tmp/httpstatus-scale.XXXXXX)
    PORT_A=$(lighttpd_free_port)
    PORT_B=$(lighttpd_free_port)
    while [ "$PORT_B" = "$PORT_A" ]; do PORT_B=$(lighttpd_free_port); done
    WORKER_A=$(start_worker "$PORT_A")
    WORKER_B=$(start_worker "$PORT_B")
    NGINX_PORT=$(lighttpd_free_port)
    SCALE_BASE="http://127.0.0.1:$NGINX_PORT"
    export SCALE_RUNDIR PORT_A PORT_B WORKER_A WORKER_B SCALE_BASE
    # The shipped file with its one upstream server replaced by both.
    HTTPSTATUS_CONF_DIR="$BATS_TEST_DIRNAME/../../conf" nginx_config "$NGINX_PORT" \
        "$SCALE_RUNDIR" \
        "server 127.0.0.1:$PORT_A; server 127.0.0.1:$PORT_B;" \
        >"$SCALE_RUNDIR/nginx.conf"
    grep -q "server 127.0.0.1:$PORT_B;" "$SCALE_RUNDIR/httpstatus.conf"
    "$NGINX" -c "$SCALE_RUNDIR/nginx.conf" \
        -g 'daemon off; master_process off;' \
        >"$SCALE_RUNDIR/nginx.out" 2>&1 3>&- &
    NGINX_PID=$!
    export NGINX_PID
    front_end_wait_ready "$NGINX_PID" "$SCALE_BASE"
}

teardown_file() {
    local status=0
    front_end_stop "$NGINX_PID" "$WORKER_A" "$WORKER_B" || status=1
    sanitizer_clean "$SCALE_RUNDIR/workers.log" || status=1
    rm -rf "$SCALE_RUNDIR"
    return "$status"
}

# codes COUNT - COUNT sequential requests over a few connections; prints
# how many answered each status, as "200 COUNT"
codes() {
    local i
    for i in $(seq 1 "$1"); do
        echo "url = \"$SCALE_BASE/api/status/200\""
        echo 'output = /dev/null'
        echo 'write-out = "%{http_code}\n"'
    done >"$BATS_TEST_TMPDIR/urls"
    curl -s --config "$BATS_TEST_TMPDIR/urls" | sort | uniq -c |
        awk '{ print $2, $1 }'
}

@test "scale-out: both workers serve, and new requests succeed after one dies under load" {
    assert_equal "$(codes 40)" "200 40"
    # nginx has connections open to both workers.
    run ss -Htn state established "( dport = :$PORT_A or dport = :$PORT_B )"
    [[ "$output" == *":$PORT_A"* && "$output" == *":$PORT_B"* ]]

    # Load runs while worker A dies; what A held in flight may fail.
    codes 400 >"$BATS_TEST_TMPDIR/during" &
    local load=$!
    sleep 0.2
    kill -9 "$WORKER_A"
    wait "$load"
    local ok
    ok=$(awk '$1 == 200 { print $2 }' "$BATS_TEST_TMPDIR/during")
    [ "${ok:-0}" -ge 390 ]
    # Afterwards every request goes to B.
    assert_equal "$(codes 100)" "200 100"
}
