#!/bin/bash
# bench/callgrind.sh - the worker's own CPU cost per request, in instructions
#
# Runs the worker under callgrind behind lighttpd (conf/lighttpd.conf) for
# two request counts and reports the difference per request, which leaves
# start-up and shutdown out; then where the instructions of the larger run
# go, by function.  Instruction counts repeat from run to run, unlike times
# on a shared machine.  bench/run.sh runs it for its report; alone:
# HTTPSTATUS_BUILD=build-dir bench/callgrind.sh
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${HTTPSTATUS_BUILD:-$top}
worker="$build/fcgi-app/httpstatus"
lighttpd=$(command -v lighttpd || echo /usr/sbin/lighttpd)
path=${CALLGRIND_PATH:-/api/status/200}
few=100
many=1100

rundir=$(mktemp -d /tmp/hsgrind.XXXXXX)
server_pid=
cleanup() {
    [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true
    rm -rf "$rundir"
}
trap cleanup EXIT

# run COUNT - COUNT sequential requests to one worker under callgrind;
# prints the worker's total instruction count
run() {
    local port=$(( 20000 + RANDOM % 12000 )) out="$rundir/callgrind.$1"
    mkdir -p "$rundir/l$1"
    HTTPSTATUS_PORT=$port HTTPSTATUS_RUNDIR="$rundir/l$1" \
        HTTPSTATUS_WWW="$top/www" \
        HTTPSTATUS_BIN="$(command -v valgrind) --tool=callgrind --callgrind-out-file=$out $worker -t 1" \
        "$lighttpd" -D -f "$top/conf/lighttpd.conf" >/dev/null 2>&1 &
    server_pid=$!
    local i
    for i in $(seq 1 200); do
        curl -s -o /dev/null --max-time 5 "http://127.0.0.1:$port/index.html" && break
        sleep 0.1
    done
    local worker_pid
    worker_pid=$(pgrep -P "$server_pid" | head -n 1)
    for i in $(seq 1 "$1"); do
        echo "url = \"http://127.0.0.1:$port$path\""
        echo "output = /dev/null"
    done >"$rundir/urls"
    curl -s --config "$rundir/urls"
    kill "$server_pid"
    while kill -0 "$worker_pid" 2>/dev/null; do sleep 0.1; done
    server_pid=
    awk '/^(summary|totals):/ { print $2; exit }' "$out"
}

few_total=$(run "$few")
many_total=$(run "$many")
per_request=$(( (many_total - few_total) / (many - few) ))

echo "Worker instructions per request ($path, callgrind, $((many - few))" \
     "requests between two runs): $per_request."
echo
echo "Where the $many-request run's instructions go (self cost, top 12):"
echo
echo '```'
callgrind_annotate --threshold=100 "$rundir/callgrind.$many" 2>/dev/null |
    awk '/^ *[0-9,]+ \(/ && !/PROGRAM TOTALS/ && shown++ < 12'
echo '```'
