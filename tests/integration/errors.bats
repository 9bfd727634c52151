#!/usr/bin/env bats
# errors.bats - bad input gets a clear 4xx problem report, through lighttpd

# helpers.bash brings setup_file/teardown_file (one lighttpd for this file)
# and setup (the assertion libraries).
load helpers

# expect_problem STATUS DETAIL - the last fetch was an RFC 9457 problem
expect_problem() {
    status_is "$1"
    assert_equal "$(header Content-Type)" "application/problem+json"
    assert_equal "$(header Cache-Control)" "no-store"
    assert_equal "$(header Content-Length)" "$(body_size)"
    assert_equal "$(json .status)" "$1"
    assert_equal "$(json .type)" "about:blank"
    assert_equal "$(json .request_id)" "$(header X-Request-Id)"
    assert_equal "$(json .detail)" "$2"
}

@test "malformed codes get 400 naming the input and what is accepted" {
    local code
    # The path as sent (percent-encoded where curl needs it) and as decoded.
    local -a sent=(abc 99 600 999 1000 0404 4040 +404 404x x404 40 4.0
        %20404 404%20 18446744073709551616 511/extra 511/ %EF%BC%95%EF%BC%91%EF%BC%91)
    local -a seen=(abc 99 600 999 1000 0404 4040 +404 404x x404 40 4.0
        " 404" "404 " 18446744073709551616 511/extra 511/ "５１１")
    local i
    for i in "${!sent[@]}"; do
        fetch "$BASE/api/status/${sent[$i]}"
        expect_problem 400 "'${seen[$i]}' is not a status code the simulator accepts."
        assert_equal "$(json .accepted)" \
            "a status code (three decimal digits from 100 to 599), a list of codes and ranges such as 200,500-504, or weighted codes such as 200:0.9,500:0.1"
        assert_equal "$(json .title)" "Bad Request"
    done
}

@test "an empty code gets 400, with or without the trailing slash" {
    fetch "$BASE/api/status/"
    expect_problem 400 "'' is not a status code the simulator accepts."
    fetch "$BASE/api/status"
    expect_problem 400 "'' is not a status code the simulator accepts."
}

@test "HEAD of a malformed code gets the 400's fields and no body" {
    fetch -I "$BASE/api/status/abc"
    status_is 400
    assert_equal "$(header Content-Type)" "application/problem+json"
    raw_request HEAD /api/status/abc
    assert_equal "$(raw_body_size)" 0
}

@test "an unknown API path gets 404" {
    fetch "$BASE/api/statuses/200"
    expect_problem 404 "There is no API resource at '/api/statuses/200'."
    assert_equal "$(json .accepted)" "/api/status/{codes}, /{code}, /status/{codes}, /random/{codes}, /api/codes, /api/codes/{code}, /api/inspect, /api/health, /api/openapi.json, /api/error, /api/requests, /api/resource/{key}, /api/auth/basic/{user}/{passwd}, /api/auth/hidden-basic/{user}/{passwd}, /api/auth/bearer, /api/auth/digest/{qop}/{user}/{passwd}, /basic-auth/{user}/{passwd}, /hidden-basic-auth/{user}/{passwd}, /bearer, /digest-auth/{qop}/{user}/{passwd}"
}

@test "input quoted back is JSON-escaped and cut short" {
    fetch "$BASE/api/status/%22%3Cscript%3E%5C"
    expect_problem 400 "'\"<script>\\' is not a status code the simulator accepts."
    # On the wire: the quote and the backslash escaped.
    grep -qF '\"<script>\\' "$BATS_TEST_TMPDIR/body"
    local long
    long=$(printf 'a%.0s' $(seq 1 300))
    fetch "$BASE/api/status/$long"
    status_is 400
    assert_equal "$(json .detail)" "'$(printf 'a%.0s' $(seq 1 100))' is not a status code the simulator accepts."
}

@test "bytes that are not UTF-8 reach the JSON as U+FFFD" {
    fetch -H $'X-Odd: a\xffb' "$BASE/api/status/200"
    status_is 200
    assert_equal "$(json '.request.headers["X-Odd"]')" $'a\xef\xbf\xbdb'
    jq -e . "$BATS_TEST_TMPDIR/body" >/dev/null
}

@test "an oversized query string gets 414" {
    local query
    query=$(printf 'q%.0s' $(seq 1 5000))
    fetch "$BASE/api/status/200?$query"
    expect_problem 414 "The query string is 5000 bytes long; at most 4096 are accepted."
    fetch "$BASE/api/status/200?${query:0:4096}"
    status_is 200
    assert_equal "$(json .request.query | wc -c)" 4097
}

@test "a body over the limit gets 413 before it is uploaded, sent with Content-Length or chunked" {
    # lighttpd's limit is the worker's: it refuses before the upload (no
    # 100 Continue), and its refusal reaches the client as the worker's
    # problem.
    refused_before_upload "$BASE" lighttpd
    fetch -X PUT -H 'Transfer-Encoding: chunked' \
        --data-binary "@$BATS_TEST_TMPDIR/upload" "$BASE/api/status/200"
    front_end_refused 413 lighttpd "the body is larger than it accepts"
    head -c 1048576 /dev/zero >"$BATS_TEST_TMPDIR/upload"
    fetch -X POST --data-binary "@$BATS_TEST_TMPDIR/upload" "$BASE/api/status/200"
    status_is 200
    assert_equal "$(json .request.body_bytes)" 1048576
}

@test "lighttpd's own refusals come as problems with their status; the worker's answers are never replaced" {
    fetch "$BASE/api/status/200?next=%0d%0aSet-Cookie:%20x=1"
    front_end_refused 400 lighttpd \
        "for '/api/status/200?next=%0d%0aSet-Cookie:%20x=1' before it reached the simulator: the request is malformed"
    fetch -H "X-Big: $(head -c 70000 /dev/zero | tr '\0' a)" \
        "$BASE/api/status/200"
    front_end_refused 431 lighttpd "header fields are larger than it accepts"
    fetch "$BASE/codes/999"
    front_end_refused 404 lighttpd "nothing is served at this path"
    fetch -X POST "$BASE/api/status/200"
    front_end_refused 411 lighttpd "the body came without a length"
    fetch "$BASE/api/status/404"
    status_is 404
    assert_equal "$(json .status.code)" 404
    fetch "$BASE/api/error"
    expect_problem 404 "There is no refusal to describe: /api/error answers the refusals of the web server in front, which sends them here with REDIRECT_STATUS."
}

@test "header injection through the path never reaches the response head" {
    # lighttpd refuses encoded control characters itself; what it lets
    # through must not add a field.
    fetch "$BASE/api/status/302%0d%0aX-Injected:%20yes"
    assert_equal "$(header_count X-Injected)" 0
    [ "$(head -n 1 "$BATS_TEST_TMPDIR/code")" -ge 400 ]
    fetch "$BASE/api/status/302?%0d%0aX-Injected:%20yes"
    assert_equal "$(header_count X-Injected)" 0
}

@test "the worker keeps serving after every kind of bad input" {
    fetch "$BASE/api/status/200"
    status_is 200
    assert_equal "$(json .status.reason)" OK
}

@test "a worker that lighttpd spawned stops when lighttpd is killed" {
    lighttpd_start    # this test's own lighttpd, killed below
    local worker= i
    for i in $(seq 1 50); do
        worker=$(pgrep -P "$LIGHTTPD_PID" | head -n 1) && break
        sleep 0.1
    done
    [ -n "$worker" ]
    kill -KILL "$LIGHTTPD_PID"
    local outlived=0
    lighttpd_wait_exit "$worker" || outlived=1
    [ "$outlived" = 0 ] || kill "$worker"
    rm -rf "$HTTPSTATUS_RUNDIR"
    [ "$outlived" = 0 ] || { echo "worker $worker outlived lighttpd" >&2; return 1; }
}
