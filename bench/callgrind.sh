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
LIGHTTPD=${LIGHTTPD:-$(command -v lighttpd || echo /usr/sbin/lighttpd)}
HTTPSTATUS_CONF="$top/conf/lighttpd.conf"
HTTPSTATUS_WWW="$build/site"
. "$top/scripts/lighttpd.sh"
path=${CALLGRIND_PATH:-/api/status/200}
few=100
many=1100

rundir=$(mktemp -d /tmp/hsgrind.XXXXXX)
lighttpd_dirs=
cleanup() {
    lighttpd_stop || true
    rm -rf "$rundir" $lighttpd_dirs
}
trap cleanup EXIT

# run COUNT - COUNT sequential requests to one worker under callgrind;
# sets total to the worker's instruction count
run() {
    local out="$rundir/callgrind.$1" i worker_pid
    HTTPSTATUS_BIN="$(command -v valgrind) --tool=callgrind --callgrind-out-file=$out $worker -t 1"
    lighttpd_start >&2 || exit 1
    lighttpd_dirs="$lighttpd_dirs $HTTPSTATUS_RUNDIR"
    # The worker under valgrind may take a moment to appear.
    for i in $(seq 1 100); do
        worker_pid=$(pgrep -P "$LIGHTTPD_PID" | head -n 1) && break
        sleep 0.1
    done
    for i in $(seq 1 "$1"); do
        echo "url = \"$BASE$path\""
        echo "output = /dev/null"
    done >"$rundir/urls"
    curl -s --config "$rundir/urls"
    lighttpd_stop || true
    # callgrind writes its counts as the worker exits.
    while kill -0 "$worker_pid" 2>/dev/null; do sleep 0.1; done
    total=$(awk '/^(summary|totals):/ { print $2; exit }' "$out")
}

run "$few"
few_total=$total
run "$many"
many_total=$total
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
