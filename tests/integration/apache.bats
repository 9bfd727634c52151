#!/usr/bin/env bats
# apache.bats - the worker behind Apache, through each shipped way in:
# mod_fcgid (conf/apache-fcgid.conf), mod_proxy_fcgi with the worker on its
# own socket (conf/apache-proxy-fcgi.conf), and mod_cgi with conf/htaccess,
# as on shared hosting, in a directory that Debian's stock userdir.conf
# sets up (with CGI programs allowed).  One private Apache for each, on
# loopback ports.

load helpers
# shellcheck source=../../scripts/apache.sh
. "$BATS_TEST_DIRNAME/../../scripts/apache.sh"

MODES="fcgid proxy_fcgi cgi"

setup_file() {
    local mode
    for mode in $MODES; do
        HTTPSTATUS_CONF_DIR="$BATS_TEST_DIRNAME/../../conf" apache_start "$mode" ||
            return 1
        export "BASE_$mode=$APACHE_BASE" "PID_$mode=$APACHE_PID" \
            "RUNDIR_$mode=$APACHE_RUNDIR" "WORKER_$mode=${APACHE_WORKER_PID:-}"
        APACHE_WORKER_PID=
    done
}

teardown_file() {
    local mode pid worker rundir status=0
    for mode in $MODES; do
        pid=PID_$mode worker=WORKER_$mode rundir=RUNDIR_$mode
        APACHE_PID=${!pid} APACHE_WORKER_PID=${!worker}
        apache_stop || status=1
        # The worker writes to Apache's error log, or to its own.
        sanitizer_clean "${!rundir}/error.log" || status=1
        sanitizer_clean "${!rundir}/worker.log" || status=1
        rm -rf "${!rundir}"
    done
    return "$status"
}

# each_mode TEST - runs the function TEST once for each way in, with BASE
# set to it; the first assertion that fails ends the test, and the output
# shown with it names the way in.
each_mode() {
    local mode base
    for mode in $MODES; do
        base=BASE_$mode
        echo "through Apache's $mode"
        BASE=${!base}
        "$1"
    done
}

# length_is_body - Content-Length, where Apache passes it on (mod_fcgid
# does; mod_proxy_fcgi and mod_cgi send the body chunked), counts the body
length_is_body() {
    [ "$(header_count Content-Length)" -eq 0 ] ||
        assert_equal "$(header Content-Length)" "$(body_size)"
}

core_statuses() {
    fetch "$BASE/api/status/418"
    status_is 418
    assert_equal "$(json .status.code)" 418
    assert_equal "$(json .request.path)" /api/status/418
    length_is_body
    fetch "$BASE/api/status/301"
    status_is 301
    assert_equal "$(header Location)" /api/status/200
    fetch "$BASE/api/status/401"
    status_is 401
    [[ "$(header WWW-Authenticate)" == Basic* ]]
    fetch -X DELETE "$BASE/api/status/405"
    status_is 405
    assert_equal "$(header Allow)" "GET, HEAD, POST, PUT, PATCH, OPTIONS"
    fetch -X PUT -d x "$BASE/api/status/201"
    status_is 201
    assert_equal "$(json .request.body_bytes)" 1
    fetch "$BASE/api/status/204"
    status_is 204
    assert_equal "$(body_size)" 0
}

@test "Apache: statuses, their fields and bodies, through each way in" {
    each_mode core_statuses
}

interim_omitted() {
    local code
    for code in 100 103; do
        fetch "$BASE/api/status/$code"
        status_is 200
        assert_equal "$(status_lines)" "200 "
        [[ "$(header X-HttpStatus-Interim)" == \
           'omitted; reason="Apache '*'"' ]]
        assert_equal "$(json .status.code)" "$code"
        length_is_body
    done
}

@test "Apache: a 1xx is left out, the final 200 says why, and nothing is malformed" {
    each_mode interim_omitted
}

upgrade_and_cuts() {
    fetch "$BASE/api/status/426"
    status_is 426
    assert_equal "$(header Upgrade)" "HTTP/3.0"
    fetch "$BASE/api/status/200?abort=during_body"
    status_is 422
    [[ "$(json .detail)" == *"here: Apache "* ]]
}

@test "Apache: 426 carries Upgrade, and a cut it cannot pass on is refused with 422" {
    each_mode upgrade_and_cuts
}

credentials_reach_the_worker() {
    fetch -u user:pass -H 'Proxy-Authorization: Basic eHl6' \
        "$BASE/api/status/200"
    status_is 200
    assert_equal "$(json .request.headers.Authorization)" "[redacted]"
    assert_equal "$(json '.request.headers["Proxy-Authorization"]')" \
        "[redacted]"
    # A login that succeeds: curl answers the Digest challenge.
    fetch --digest -u bob:pw "$BASE/digest-auth/auth/bob/pw"
    status_is 200
    assert_equal "$(json .user)" bob
}

@test "Apache: Authorization and Proxy-Authorization reach the worker" {
    each_mode credentials_reach_the_worker
}

pages() {
    fetch "$BASE/"
    status_is 200
    [[ "$(header Content-Type)" == text/html* ]]
    fetch "$BASE/codes/511"
    status_is 200
    assert_equal "$(header Content-Type)" "text/html; charset=utf-8"
}

refusals() {
    fetch "$BASE/api/status/301?to=%0D%0ASet-Cookie:%20x=1"
    status_is 400
    assert_equal "$(header Content-Type)" application/problem+json
    [[ "$(json .detail)" == "The query string holds a control character"* ]]
    assert_equal "$(header_count Set-Cookie)" 0
    fetch "$BASE/api/status/200?abc=%00"
    status_is 400
}

@test "Apache: an encoded control character in a query value gets 400, through each way in" {
    each_mode refusals
}

@test "Apache: its own refusals come as problems with their status (mod_fcgid, mod_proxy_fcgi)" {
    local base
    for base in "$BASE_fcgid" "$BASE_proxy_fcgi"; do
        fetch "$base/codes/999"
        front_end_refused 404 Apache "for '/codes/999' before it reached the simulator: nothing is served at this path."
        fetch "$base/api/status/404"
        status_is 404
        assert_equal "$(json .status.code)" 404
    done
}

@test "Apache: the pages, /codes/N as HTML" {
    each_mode pages
}

@test "Apache: delayed responses overlap behind mod_proxy_fcgi and mod_cgi" {
    local mode base pids started
    for mode in proxy_fcgi cgi; do
        base=BASE_$mode
        started=$(date +%s%N)
        pids=
        for i in 1 2 3; do
            curl -s -o "$BATS_TEST_TMPDIR/sleep$i" -w '%{http_code}' \
                "${!base}/api/status/202?sleep=1000" \
                >"$BATS_TEST_TMPDIR/code$i" &
            pids="$pids $!"
        done
        # shellcheck disable=SC2086
        wait $pids
        for i in 1 2 3; do
            assert_equal "$(cat "$BATS_TEST_TMPDIR/code$i")" 202
        done
        # Three one-second delays side by side, not one after another.
        [ $(( ($(date +%s%N) - started) / 1000000 )) -lt 2500 ]
    done
}

@test "Apache's mod_cgi: a chunked body gets 411, one with its length is read" {
    fetch -H 'Transfer-Encoding: chunked' -d hello "$BASE_cgi/api/status/200"
    status_is 411
    [[ "$(json .detail)" == *"send Content-Length."* ]]
    fetch -d hello "$BASE_cgi/api/status/200"
    status_is 200
    assert_equal "$(json .request.body_bytes)" 5
}

@test "shared hosting: the site works from a subdirectory, its links and redirects under it" {
    local dir="$RUNDIR_cgi/www/hs" link
    mkdir "$dir"
    cp -R "$HTTPSTATUS_WWW/." "$dir/"
    cp "$HTTPSTATUS_BIN" "$dir/httpstatus.cgi"
    cp "$BATS_TEST_DIRNAME/../../conf/htaccess" "$dir/.htaccess"
    chmod -R a+rX "$dir"
    fetch "$BASE_cgi/hs/api/status/302"
    status_is 302
    assert_equal "$(header Location)" /hs/api/status/200
    assert_equal "$(json .request.path)" /hs/api/status/302
    fetch "$BASE_cgi/hs/api/status/511"
    assert_equal "$(header Link)" '</hs/login.html>; rel="authenticate"'
    # The worker's own HTML body links the site under the subdirectory.
    fetch "$BASE_cgi/hs/api/status/404?format=html"
    status_is 404
    grep -qF 'href="/hs/style.css"' "$BATS_TEST_TMPDIR/body"
    grep -qF '<a href="/hs/codes/404">' "$BATS_TEST_TMPDIR/body"
    # Every link of a code page resolves under the subdirectory.
    fetch "$BASE_cgi/hs/codes/511"
    status_is 200
    cp "$BATS_TEST_TMPDIR/body" "$BATS_TEST_TMPDIR/page"
    run grep -Eo '(href|src)="/[^"]*"' "$BATS_TEST_TMPDIR/page"
    assert_output ""
    for link in ../style.css ../app.js ../ ../api/codes; do
        grep -qF "=\"$link\"" "$BATS_TEST_TMPDIR/page"
        fetch "$BASE_cgi/hs/codes/$link"
        status_is 200
    done
}
