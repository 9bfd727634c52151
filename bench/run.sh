#!/bin/bash
# bench/run.sh - side-by-side throughput and latency of httpstatus and its
# floors, in one run, on loopback.  Prints a table and appends it to
# bench/RESULTS.md.  Run through `make bench` (which builds what it needs).
#
# Setups, each started alone on a free loopback port while it is measured:
#   a  lighttpd serving a static JSON file the size of our typical body
#   m  lighttpd + bench/min-responder (a fixed body), threaded like the
#      worker
#   f  the same with one thread: the FastCGI floor
#   b  lighttpd + the httpstatus worker (conf/lighttpd.conf, as shipped)
#   d  httpbin's /status/200 under gunicorn with 2 workers
#   ks nginx serving the static file
#   k  nginx + the worker over kept-open FastCGI connections
#      (conf/nginx-httpstatus.conf)
#   s  (b) answering a stateful request: a sequence step and its log
#      record, in the embedded store (LMDB, the run directory's)
#   bs (b)'s stateless request again, on the worker of (s), just before or
#      after it: the reference of (s) and (r)
#   r  the same with the state in a private redis-server
# then the sleep scenario: 500 requests sleeping 2 s on (b) while a stream
# of fast requests runs beside them; the held-response scenario: 1000,
# 5000, 8000 and 8500 requests held with sleep=8000 (bench/held-clients)
# beside a fast stream, behind lighttpd and behind nginx, with a control of
# as many idle loopback connections that no server holds; and the worker's
# instructions per request (bench/callgrind.sh).
#
# Environment: ROUNDS (default 5), DURATION per measurement in seconds
# (default 5), CONNECTIONS (default 32), SLEEPERS (default 500), HELD (the
# held counts, default "1000 5000 8000 8500": on a machine whose hard fd
# limit is 20,000 the last is beyond the worker's default cap and within
# what lighttpd can take).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${HTTPSTATUS_BUILD:-$top}
worker="$build/fcgi-app/httpstatus"
responder="$build/bench/min-responder"
held_clients="$build/bench/held-clients"
rounds=${ROUNDS:-5}
duration=${DURATION:-5}
connections=${CONNECTIONS:-32}
sleepers=${SLEEPERS:-500}
# The minimal responder (m) is threaded like the worker by default: one
# thread per core less the web server's, at least 1.
threads=$(( $(nproc) - 1 ))
[ "$threads" -ge 1 ] || threads=1
LIGHTTPD=${LIGHTTPD:-$(command -v lighttpd || echo /usr/sbin/lighttpd)}
lighttpd=$LIGHTTPD
HTTPSTATUS_CONF="$top/conf/lighttpd.conf"
. "$top/scripts/lighttpd.sh"
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
nginx=$NGINX
. "$top/scripts/nginx.sh"
REDIS_SERVER=${REDIS_SERVER:-$(command -v redis-server ||
                               echo /usr/bin/redis-server)}

for tool in wrk curl "$lighttpd" "$nginx" gunicorn "$worker" "$responder" \
        "$held_clients" "$REDIS_SERVER"; do
    if ! command -v "$tool" >/dev/null; then
        echo "bench: $tool is missing; run scripts/install-deps.sh --bench" \
             "and make bench" >&2
        exit 1
    fi
done
/usr/bin/python3 -c 'import httpbin' 2>/dev/null || {
    echo "bench: httpbin is missing; run scripts/install-deps.sh --bench" >&2
    exit 1
}

rundir=$(mktemp -d /tmp/hsbench.XXXXXX)
server_pid=
lighttpd_dirs=
redis_pid=
cleanup() {
    stop_server
    [ -z "${NGINX_PID:-}" ] || stop_nginx
    [ -z "$redis_pid" ] || front_end_stop "$redis_pid" || true
    rm -rf "$rundir" $lighttpd_dirs
}
trap cleanup EXIT

# The Redis store of (r): a private server on a free loopback port.
redis_port=$(lighttpd_free_port)
"$REDIS_SERVER" --bind 127.0.0.1 --port "$redis_port" --save '' \
    --appendonly no --dir "$rundir" >"$rundir/redis.log" 2>&1 &
redis_pid=$!
for _ in $(seq 1 50); do
    front_end_port_free "$redis_port" || break
    sleep 0.1
done

# wait_ready URL - up to 10 s for URL to answer 200
wait_ready() {
    local i
    for i in $(seq 1 100); do
        kill -0 "$server_pid" 2>/dev/null || return 1
        [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$1")" = 200 ] &&
            return 0
        sleep 0.1
    done
    return 1
}

# stop_server - stops what start_* started, by PID, children first
stop_server() {
    [ -n "$server_pid" ] || return 0
    local children
    children=$(pgrep -P "$server_pid" || true)
    kill "$server_pid" 2>/dev/null || true
    for pid in $server_pid $children; do
        for _ in $(seq 1 100); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.05
        done
        kill -9 "$pid" 2>/dev/null || true
    done
    server_pid=
}

# start_lighttpd BIN_PATH - lighttpd as make serve runs it (the shared
# launcher, conf/lighttpd.conf, the built site), bin-path BIN_PATH
start_lighttpd() {
    HTTPSTATUS_BIN="$1" HTTPSTATUS_WWW="$rundir/www"
    lighttpd_start || return 1
    server_pid=$LIGHTTPD_PID
    port=$HTTPSTATUS_PORT
    lighttpd_dirs="$lighttpd_dirs $HTTPSTATUS_RUNDIR"
    wait_ready "http://127.0.0.1:$port/body.json"
}

start_httpbin() {
    port=$(lighttpd_free_port)
    gunicorn --workers 2 --bind "127.0.0.1:$port" --log-level warning \
        --chdir "$rundir" httpbin:app >/dev/null 2>&1 &
    server_pid=$!
    wait_ready "http://127.0.0.1:$port/status/200"
}

# start_nginx - nginx (conf/nginx-httpstatus.conf) and the worker on its own socket,
# by the shared launcher
start_nginx() {
    HTTPSTATUS_BIN=$worker HTTPSTATUS_WWW="$rundir/www" \
        HTTPSTATUS_CONF_DIR=$top/conf nginx_start || return 1
    port=$NGINX_PORT
}

stop_nginx() {
    nginx_stop || true
    rm -rf "$NGINX_RUNDIR"
}

# start SETUP [ARGS...] - start_SETUP, tried on three ports before giving up
start() {
    local attempt
    for attempt in 1 2 3; do
        "start_$1" "${@:2}" && return 0
        echo "bench: $1 did not start on port $port (attempt $attempt)" >&2
        if [ "$1" = nginx ]; then stop_nginx; else stop_server; fi
    done
    echo "bench: giving up on $1" >&2
    exit 1
}

# to_us VALUE - wrk's "1.23ms" / "456.78us" / "1.02s" in microseconds
to_us() {
    awk -v v="$1" 'BEGIN {
        n = v + 0
        if (v ~ /us$/) m = 1; else if (v ~ /ms$/) m = 1000;
        else if (v ~ /s$/) m = 1000000; else m = 1
        printf "%.0f\n", n * m }'
}

# measure NAME URL [CONNECTIONS] - one wrk run; appends
# "NAME rps p50_us p99_us" to $rundir/samples
measure() {
    local out="$rundir/wrk.out"
    wrk -t1 -c"${3:-$connections}" -d1s "$2" >/dev/null 2>&1 || true
    wrk -t1 -c"${3:-$connections}" -d"${duration}s" --latency "$2" >"$out"
    local rps p50 p99
    rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
    p50=$(to_us "$(awk '$1 == "50%" { print $2 }' "$out")")
    p99=$(to_us "$(awk '$1 == "99%" { print $2 }' "$out")")
    if grep -q 'Non-2xx' "$out"; then
        echo "bench: $1 answered non-2xx responses:" >&2
        cat "$out" >&2
    fi
    echo "$1 $rps $p50 $p99" >>"$rundir/samples"
}

# worker_rss_kib PID - peak resident memory of a process (VmHWM), KiB
worker_rss_kib() {
    awk '/^VmHWM:/ { print $2 }' "/proc/$1/status"
}

# median NAME COLUMN - the median of one column of one setup's samples
median() {
    awk -v name="$1" -v col="$2" '$1 == name { print $col }' "$rundir/samples" |
        sort -g | awk '{ v[NR] = $1 } END {
            if (NR == 0) { print "nan"; exit }
            if (NR % 2) print v[(NR + 1) / 2];
            else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# paired_ratio A B COLUMN - the median over rounds of A's value over B's
# in the same round: load on a shared machine drifts from minute to
# minute, and a pair measured a few seconds apart shares most of it.
paired_ratio() {
    awk -v a="$1" -v b="$2" -v col="$3" '
        $1 == a { va[++na] = $col }
        $1 == b { vb[++nb] = $col }
        END {
            for (i = 1; i <= na && i <= nb; i++)
                if (vb[i] > 0) r[++n] = va[i] / vb[i]
            if (n == 0) { print "nan"; exit }
            for (i = 2; i <= n; i++)        # few values: insertion sort
                for (j = i; j > 1 && r[j - 1] > r[j]; j--) {
                    t = r[j]; r[j] = r[j - 1]; r[j - 1] = t
                }
            m = n % 2 ? r[(n + 1) / 2] : (r[n / 2] + r[n / 2 + 1]) / 2
            printf "%.2f", m
        }' "$rundir/samples"
}

# The site make serve serves, and a static file with exactly the body a
# typical request gets.
cp -R "$build/site" "$rundir/www"
printf '{}' >"$rundir/www/body.json"
start lighttpd "$worker"
curl -s -A 'wrk' "http://127.0.0.1:$port/api/status/200" >"$rundir/www/body.json"
stop_server
body_bytes=$(wc -c <"$rundir/www/body.json")

: >"$rundir/samples"
rss_b=0
for round in $(seq 1 "$rounds"); do
    echo "bench: round $round of $rounds" >&2
    start lighttpd "$worker"
    measure a "http://127.0.0.1:$port/body.json"
    stop_server

    start lighttpd "$responder $rundir/www/body.json $threads"
    measure m "http://127.0.0.1:$port/api/status/200"
    stop_server

    # The floor and the worker run back to back, in turn first, so that
    # each round's pair meets the same moment of a shared machine.
    for setup in $( ((round % 2)) && echo "f b" || echo "b f"); do
        if [ "$setup" = f ]; then
            start lighttpd "$responder $rundir/www/body.json 1"
            measure f "http://127.0.0.1:$port/api/status/200"
        else
            start lighttpd "$worker"
            measure b "http://127.0.0.1:$port/api/status/200"
            rss=$(worker_rss_kib "$(pgrep -P "$server_pid" | head -n 1)")
            [ "$rss" -gt "$rss_b" ] && rss_b=$rss
        fi
        stop_server
    done

    # A stateful request in each store, in turn first; in LMDB, beside a
    # stateless one (bs) on the same worker, in turn first too: its ratio
    # is the cost of the state alone, with the least of the machine's
    # drift in it.
    for store in $( ((round % 2)) && echo "lmdb redis" || echo "redis lmdb")
    do
        if [ "$store" = lmdb ]; then
            start lighttpd "$worker"
            for setup in $( ((round % 2)) && echo "bs s" || echo "s bs"); do
                measure "$setup" "http://127.0.0.1:$port/api/status/200$(
                    [ "$setup" = bs ] || echo "?sequence=bench-$round")"
            done
        else
            HTTPSTATUS_STORE="redis://127.0.0.1:$redis_port"
            export HTTPSTATUS_STORE
            start lighttpd "$worker"
            measure r \
                "http://127.0.0.1:$port/api/status/200?sequence=bench-$round"
            unset HTTPSTATUS_STORE
        fi
        stop_server
    done

    start httpbin
    measure d "http://127.0.0.1:$port/status/200"
    stop_server

    start nginx
    measure ks "http://127.0.0.1:$port/body.json"
    measure k "http://127.0.0.1:$port/api/status/200"
    stop_nginx
done

# The sleep scenario on (b): SLEEPERS connections each asking for a 2 s
# delay, with a fast stream beside them, against the fast stream alone.
echo "bench: sleep scenario" >&2
start lighttpd "$worker"
worker_pid=$(pgrep -P "$server_pid" | head -n 1)
base_rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$worker_pid/status")
wrk -t1 -c"$sleepers" -d3s --timeout 10s --latency \
    "http://127.0.0.1:$port/api/status/200?sleep=2000" >"$rundir/sleep.out" &
sleep_wrk=$!
sleep 0.2
wrk -t1 -c"$connections" -d2s --latency \
    "http://127.0.0.1:$port/api/status/200" >"$rundir/beside.out" &
beside_wrk=$!
sleep 1.2
sleeping_rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$worker_pid/status")
wait "$sleep_wrk" "$beside_wrk"
sleep 2.5
wrk -t1 -c"$connections" -d2s --latency \
    "http://127.0.0.1:$port/api/status/200" >"$rundir/alone.out"
stop_server

sleep_done=$(awk '/requests in/ { print $1 }' "$rundir/sleep.out")
sleep_p50=$(to_us "$(awk '$1 == "50%" { print $2 }' "$rundir/sleep.out")")
sleep_max=$(to_us "$(awk '$1 == "Latency" { print $4 }' "$rundir/sleep.out")")
sleep_errors=$(awk '/Socket errors|Non-2xx/' "$rundir/sleep.out")
beside_rps=$(awk '/^Requests\/sec:/ { print $2 }' "$rundir/beside.out")
alone_rps=$(awk '/^Requests\/sec:/ { print $2 }' "$rundir/alone.out")

# The held-response scenario: N requests held with sleep=8000 on each front
# end while a fast stream runs beside them, against the fast stream alone
# on the same instance just before.
held_rows=
# fast_stream SECONDS OUT - 8 connections of /api/status/204 on $port
fast_stream() {
    wrk -t1 -c8 -d"$1"s --latency "http://127.0.0.1:$port/api/status/204" \
        >"$2" 2>&1
}
# worker_holds PID COUNT LIMIT_S - waits until process PID has COUNT
# descriptors open, at most LIMIT_S seconds after the held clients started;
# prints the seconds since then.
worker_holds() {
    local fds
    while :; do
        fds=(/proc/"$1"/fd/*)
        [ "${#fds[@]}" -lt "$2" ] || break
        [ "$SECONDS" -lt "$(( held_started + $3 ))" ] || break
        sleep 0.05
    done
    awk -v s="$held_started_ns" -v t="$(date +%s%N)" \
        'BEGIN { printf "%.2f", (t - s) / 1e9 }'
}
# fast_columns - "p50 / p99 / worst | p99 alone | p99 ratio | req/s ratio"
# of the fast stream beside, against alone
fast_columns() {
    local p99_alone p50 p99 worst rps_alone rps
    p99_alone=$(to_us "$(awk '$1 == "99%" { print $2 }' "$rundir/fast-alone.out")")
    p50=$(to_us "$(awk '$1 == "50%" { print $2 }' "$rundir/fast-beside.out")")
    p99=$(to_us "$(awk '$1 == "99%" { print $2 }' "$rundir/fast-beside.out")")
    worst=$(to_us "$(awk '$1 == "Latency" { print $4 }' "$rundir/fast-beside.out")")
    rps_alone=$(awk '/^Requests\/sec:/ { print $2 }' "$rundir/fast-alone.out")
    rps=$(awk '/^Requests\/sec:/ { print $2 }' "$rundir/fast-beside.out")
    if awk -v r="${rps:-0}" 'BEGIN { exit !(r == 0) }'; then
        printf 'no answer in 5 s | %.0f | — | 0' "$p99_alone"
        return
    fi
    printf '%.0f / %.0f / %.0f | %.0f | %.2f | %.2f' \
        "$p50" "$p99" "$worst" "$p99_alone" \
        "$(awk -v a="$p99" -v b="$p99_alone" 'BEGIN { print (b > 0 ? a / b : 0) }')" \
        "$(awk -v a="$rps" -v b="$rps_alone" 'BEGIN { print (b > 0 ? a / b : 0) }')"
}
# Each front end holds each count in turn; then the control: as many idle
# loopback connections as the largest count, between two ends of
# held-clients itself, beside the same fast stream.
largest=$(printf '%s\n' ${HELD:-1000 5000 8000 8500} | sort -n | tail -n 1)
for front in lighttpd nginx; do
    for held in ${HELD:-1000 5000 8000 8500} control; do
        echo "bench: $held held on $front" >&2
        if [ "$front" = lighttpd ]; then
            start lighttpd "$worker"
            held_worker=$(pgrep -P "$server_pid" | head -n 1)
        else
            start nginx
            held_worker=$NGINX_WORKER_PID
        fi
        fast_stream 1 /dev/null
        fast_stream 5 "$rundir/fast-alone.out"
        if [ "$held" = control ]; then
            "$held_clients" --idle "$largest" 12 >"$rundir/idle.out" &
            held_pid=$!
            for _ in $(seq 1 200); do
                grep -q '^holding' "$rundir/idle.out" && break
                sleep 0.05
            done
            fast_stream 5 "$rundir/fast-beside.out"
            wait "$held_pid" || true
            if [ "$front" = lighttpd ]; then stop_server; else stop_nginx; fi
            held_rows="$held_rows| $front, control | $(awk '{ print $2 }' "$rundir/idle.out") idle loopback connections, no server | — | — | — | $(fast_columns) | — |
"
            continue
        fi
        before_rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$held_worker/status")
        held_started=$SECONDS held_started_ns=$(date +%s%N)
        "$held_clients" "$port" "/api/status/200?sleep=8000" "$held" 30 \
            >"$rundir/held.out" &
        held_pid=$!
        # The fast stream runs while they are all held: from the moment the
        # worker holds the last (a connection each), for 5 s; the first
        # come back at 8 s.  Up to 3 s for a worker that refused some.
        held_at=$(worker_holds "$held_worker" "$held" 3)
        fast_stream 5 "$rundir/fast-beside.out"
        held_rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$held_worker/status")
        wait "$held_pid"
        if [ "$front" = lighttpd ]; then stop_server; else stop_nginx; fi
        sending=$(awk '/^sending took/ { print $3 }' "$rundir/held.out")
        read -r _ _ _ ok _ refused _ other _ unanswered _ seconds \
            < <(grep '^sent' "$rundir/held.out")
        held_rows="$held_rows$(printf '| %s | %d | %d × 200, %d × 503, %d other, %d unanswered | %s / %s | %s | %s | %d |' \
            "$front" "$held" "$ok" "$refused" "$other" "$unanswered" \
            "$sending" "$held_at" "$seconds" "$(fast_columns)" \
            "$(( (held_rss - before_rss) * 1024 / held ))")
"
    done
done

echo "bench: instructions per request (callgrind)" >&2
instructions=$(HTTPSTATUS_BUILD="$build" bash "$top/bench/callgrind.sh")

# The report.
report=$(
    ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
    echo "### $(date -u '+%Y-%m-%d %H:%M UTC') — $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(uname -r)"
    echo
    echo "lighttpd $("$lighttpd" -v 2>&1 | awk '{ print $1; exit }' | cut -d/ -f2)," \
         "nginx $("$nginx" -v 2>&1 | cut -d/ -f2), wrk -t1 -c$connections," \
         "${duration}s per run, median of $rounds rounds (a ratio marked same round:" \
         "the median of the rounds' own ratios), body $body_bytes bytes," \
         "worker threads: the default, $threads here ($((3 * threads)) with" \
         "Redis in (r), 32 behind nginx)."
    echo
    echo "| setup | req/s | p50 µs | p99 µs |"
    echo "|---|---:|---:|---:|"
    for s in a m f b bs s r d ks k; do
        case $s in
        a) label="(a) lighttpd static file" ;;
        m) label="(m) lighttpd + minimal libfcgi responder, $threads thread(s), as the worker" ;;
        f) label="(f) lighttpd + minimal libfcgi responder, 1 thread (the floor)" ;;
        b) label="(b) lighttpd + httpstatus" ;;
        bs) label="(bs) (b) again, beside (s) on its worker" ;;
        s) label="(s) (b), a sequence step and its log record in LMDB" ;;
        r) label="(r) (b), the same in Redis" ;;
        d) label="(d) httpbin, gunicorn 2 workers" ;;
        ks) label="(ks) nginx static file" ;;
        k) label="(k) nginx + httpstatus, kept-open FastCGI" ;;
        esac
        printf '| %s | %.0f | %.0f | %.0f |\n' "$label" "$(median $s 2)" \
            "$(median $s 3)" "$(median $s 4)"
    done
    echo
    echo "| ratio | value | target |"
    echo "|---|---:|---|"
    echo "| (b)/(m) req/s, same round | $(paired_ratio b m 2) | ≥ 0.9 |"
    echo "| (b)/(f) req/s, same round | $(paired_ratio b f 2) | ≥ 0.9 |"
    echo "| (b)/(d) req/s | $(ratio "$(median b 2)" "$(median d 2)") | ≥ 2.5 |"
    echo "| (s)/(bs) req/s, stateful in LMDB, same round | $(paired_ratio s bs 2) | ≥ 0.8 |"
    echo "| (r)/(bs) req/s, stateful in Redis, same round | $(paired_ratio r bs 2) | ≥ 0.6 |"
    echo "| p99 (b)/(m), same round | $(paired_ratio b m 4) | ≤ 1.2 |"
    echo "| (b)/(a) req/s | $(ratio "$(median b 2)" "$(median a 2)") | — |"
    echo "| (k)/(ks) req/s | $(ratio "$(median k 2)" "$(median ks 2)") | as high as the protocol allows |"
    echo "| (k)/(b) req/s | $(ratio "$(median k 2)" "$(median b 2)") | > 1 |"
    echo
    echo "Worker RSS under load (b), peak: $((rss_b / 1024)).$(( (rss_b % 1024) * 10 / 1024 )) MiB (target < 16 MiB)."
    echo
    echo "Sleep scenario on (b): $sleepers connections asking for sleep=2000 completed" \
         "$sleep_done requests, p50 $((${sleep_p50%.*} / 1000)) ms, max $((${sleep_max%.*} / 1000)) ms" \
         "${sleep_errors:+($sleep_errors)}; a fast stream beside them ran at $beside_rps req/s" \
         "against $alone_rps req/s alone ($(ratio "$beside_rps" "$alone_rps")). Worker RSS" \
         "$((base_rss / 1024)) MiB idle, $((sleeping_rss / 1024)) MiB with the sleepers held" \
         "($(( (sleeping_rss - base_rss) * 1024 / (sleepers > 0 ? sleepers : 1) )) bytes each)."
    echo
    echo "Held responses: N requests with sleep=8000 sent at once; once the worker holds them all, 8 connections ask for /api/status/204 for 5 s beside them (fast stream, µs), against 5 s of the same stream alone just before. The control row holds as many loopback connections with no server in them: what the fast stream loses beside it is the machine's, not the server's."
    echo
    echo "| front end | held | answered | sent / all held after, s | time for all, s | fast p50 / p99 / worst | fast p99 alone | p99 ratio (target ≤ 2) | fast req/s ratio (target ≥ 0.9 at 1000) | worker RSS per held, bytes (target ≤ 6144) |"
    echo "|---|---:|---|---:|---:|---|---:|---:|---:|---:|"
    printf '%s' "$held_rows"
    echo
    echo "$instructions"
)
echo "$report"
printf '\n%s\n' "$report" >>"$top/bench/RESULTS.md"
