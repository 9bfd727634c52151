#!/bin/bash
# soak.sh - make soak: the worker behind lighttpd (as make serve runs it)
# under a long mixed load, then killed under load, then stopped under load.
# Everything listens on loopback and ends by itself; prints its figures
# and exits 1 when a target is missed.
#
#   1. SOAK_SECONDS (60) at SOAK_CONNECTIONS (64) over tests/soak/mix.lua:
#      no transport error, every status the one asked for, and the
#      worker's RSS over the last 10 s within 10 % of the first 10 s.
#   2. SIGKILL of the worker under load: requests lost, and the time until
#      lighttpd's new worker answers again.
#   3. SIGTERM of the worker while delayed responses are held and load
#      runs: every held response still arrives, complete, and the worker
#      stops.
#
# Environment (set by make soak): HTTPSTATUS_BIN, HTTPSTATUS_WWW,
# HTTPSTATUS_CONF, LIGHTTPD, WRK.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
seconds=${SOAK_SECONDS:-60}
connections=${SOAK_CONNECTIONS:-64}
held=20
. "$here/../../scripts/lighttpd.sh"

work=$(mktemp -d /tmp/httpstatus-soak.XXXXXX)
cleanup() {
    [ -z "${SAMPLER_PID:-}" ] || kill "$SAMPLER_PID" 2>/dev/null || true
    lighttpd_stop || true
    rm -rf "$work" "${HTTPSTATUS_RUNDIR:-}"
}
trap cleanup EXIT

failed=0
# target WHAT OK - prints a target's verdict and remembers a miss
target() {
    if [ "$2" = 1 ]; then
        echo "soak:   ok    $1"
    else
        echo "soak:   MISS  $1"
        failed=1
    fi
}

# worker_pid - the worker lighttpd runs now (empty while there is none)
worker_pid() {
    pgrep -P "$LIGHTTPD_PID" | head -n 1
}

# rss_kib PID - resident memory of PID in KiB
rss_kib() {
    awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || true
}

# load SECONDS OUT - the mix at full speed for SECONDS; wrk's result line
# lands in OUT
load() {
    "$WRK" -t1 -c"$connections" -d"$1"s --timeout 10s \
        -s "$here/mix.lua" "$BASE" >"$2.full" 2>&1 || true
    grep '^soak-result' "$2.full" >"$2" || {
        echo "soak: wrk gave no result:" >&2
        cat "$2.full" >&2
        exit 1
    }
}

# field NAME FILE - a name=value of wrk's result line
field() {
    tr ' ' '\n' <"$2" | sed -n "s/^$1=//p"
}

# lost FILE - wrk's requests, and those lost: answered with another status
# (lighttpd answers 5xx itself while no worker listens) or cut
lost() {
    echo "$(field requests "$1") requests," \
         "$(( $(field mismatches "$1") + $(field transport "$1") )) lost" \
         "($(field mismatches "$1") answered 5xx," \
         "$(field transport "$1") transport errors)"
}

# now_ms - wall-clock milliseconds
now_ms() {
    date +%s%3N
}

lighttpd_start
# Warm the worker up so that its first requests' allocations do not count
# as growth.
"$WRK" -t1 -c"$connections" -d2s -s "$here/mix.lua" "$BASE" >/dev/null 2>&1
worker=$(worker_pid)
echo "soak: lighttpd on $BASE, worker $worker;" \
     "$seconds s at $connections connections"

# 1. The long mixed load, with the worker's RSS sampled every second.
(
    while kill -0 "$worker" 2>/dev/null; do
        rss_kib "$worker"
        sleep 1
    done
) >"$work/rss" &
SAMPLER_PID=$!
load "$seconds" "$work/long"
kill "$SAMPLER_PID" 2>/dev/null || true
wait "$SAMPLER_PID" 2>/dev/null || true
SAMPLER_PID=
read -r first last < <(awk '
    { rss[NR] = $1 }
    END {
        n = (NR < 20) ? int(NR / 2) : 10
        for (i = 1; i <= n; i++) { a += rss[i]; b += rss[NR - n + i] }
        printf "%d %d\n", a / n, b / n
    }' "$work/rss")
growth=$(awk -v a="$first" -v b="$last" 'BEGIN { printf "%.1f", (b - a) * 100 / a }')
echo "soak: 1. $(cut -d' ' -f2- "$work/long")"
echo "soak:    worker RSS $first KiB over the first 10 s, $last KiB over" \
     "the last 10 s ($growth %)"
target "no transport error" "$([ "$(field transport "$work/long")" = 0 ] && echo 1)"
target "every status as asked" \
    "$([ "$(field mismatches "$work/long")" = 0 ] &&
       [ "$(field checked "$work/long")" -gt 0 ] && echo 1)"
target "RSS growth below 10 %" \
    "$(awk -v g="$growth" 'BEGIN { print (g < 10) ? 1 : 0 }')"

# 2. SIGKILL under load.  A probe asks every 20 ms meanwhile; the recovery
# time runs from the kill to the first answer after the last failure.
(
    end=$(( $(now_ms) + 6000 ))
    while [ "$(now_ms)" -lt "$end" ]; do
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 \
            "$BASE/api/status/200")
        echo "$(now_ms) $code"
        sleep 0.02
    done
) >"$work/probe" &
probe=$!
load 6 "$work/kill" &
loader=$!
sleep 2
killed_at=$(now_ms)
kill -KILL "$worker"
wait "$loader" "$probe"
recovered_at=$(awk -v k="$killed_at" '
    { at[NR] = $1; code[NR] = $2 }
    $1 >= k && $2 != 200 { bad = $1 }
    END {
        if (bad == "") { print k; exit }
        for (i = 1; i <= NR; i++)
            if (at[i] > bad && code[i] == 200) { print at[i]; exit }
    }' "$work/probe")
new_worker=$(worker_pid)
echo "soak: 2. SIGKILL of worker $worker under load: $(lost "$work/kill")"
if [ -n "$recovered_at" ]; then
    echo "soak:    answering again $(( recovered_at - killed_at )) ms after" \
         "the kill, new worker $new_worker"
fi
target "a new worker answers after SIGKILL" \
    "$([ -n "$recovered_at" ] && [ -n "$new_worker" ] &&
       [ "$new_worker" != "$worker" ] && echo 1)"

# 3. SIGTERM while $held delayed responses are held and load runs.
worker=$new_worker
holders=
for i in $(seq 1 "$held"); do
    curl -s -o "$work/held.$i" -w '%{http_code}\n' --max-time 20 \
        "$BASE/api/status/202?sleep=5000" >"$work/held.$i.code" &
    holders="$holders $!"
done
load 4 "$work/term" &
loader=$!
sleep 1
kill -TERM "$worker"
# shellcheck disable=SC2086
wait "$loader" $holders
complete=0
for i in $(seq 1 "$held"); do
    if [ "$(cat "$work/held.$i.code")" = 202 ] &&
            jq -e '.code == 202' "$work/held.$i" >/dev/null 2>&1; then
        complete=$((complete + 1))
    fi
done
echo "soak: 3. SIGTERM of worker $worker with $held responses held:" \
     "$complete of $held arrived complete; load beside them:" \
     "$(lost "$work/term")"
target "every held response finishes after SIGTERM" \
    "$([ "$complete" = "$held" ] && echo 1)"
# Gone, or a zombie lighttpd has not reaped yet: either way it stopped.
stopped=0
for _ in $(seq 1 50); do
    state=$(awk '{ print $3 }' "/proc/$worker/stat" 2>/dev/null || true)
    if [ -z "$state" ] || [ "$state" = Z ]; then
        stopped=1
        break
    fi
    sleep 0.1
done
target "the worker stops after SIGTERM" "$stopped"

exit "$failed"
