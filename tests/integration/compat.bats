#!/usr/bin/env bats
# compat.bats - what httpstat.us's and httpbin's own test suites assert for
# their status endpoints, asserted here against the same URLs

export HTTPSTATUS_MAX_SLEEP_MS=1000

load helpers

# The methods httpstat.us runs every status test with.
METHODS=(GET PUT POST DELETE HEAD OPTIONS TRACE PATCH)

# method_args METHOD - curl arguments for a request with that method.  Like
# the HTTP clients those suites use, an empty POST, PUT or PATCH says
# "Content-Length: 0" (lighttpd answers 411 to one that says nothing).
method_args() {
    case "$1" in
        HEAD) echo -I ;;
        POST | PUT | PATCH) echo "-X $1 --data-binary @/dev/null" ;;
        *) echo "-X $1" ;;
    esac
}

# draws_within TIMES URL "CODES" - every one of TIMES requests to URL is
# answered with one of CODES
draws_within() {
    local i code
    for i in $(seq 1 "$1"); do
        fetch "$2"
        code=$(head -n 1 "$BATS_TEST_TMPDIR/code")
        [[ " $3 " == *" $code "* ]] || { echo "$2 gave $code" >&2; return 1; }
    done
}

# Codes of httpstat.us's table with a body (its TestCases), a sample.
CODES=(200 201 202 203 206 300 301 302 303 307 308 400 401 403 404 405 409
    410 418 422 429 500 501 502 503 504 511)

@test "httpstat.us: /{code} answers with the code and '{code} {description}' as text" {
    local method code body
    for method in "${METHODS[@]}"; do
        for code in 200 404 503; do
            # shellcheck disable=SC2046
            fetch $(method_args "$method") "$BASE/$code"
            status_is "$code"
            assert_equal "$(header Content-Type)" "text/plain; charset=utf-8"
            [ "$method" = HEAD ] && continue
            body=$(cat "$BATS_TEST_TMPDIR/body")
            assert_equal "$(header Content-Length)" "${#body}"
        done
    done
    for code in "${CODES[@]}"; do
        fetch "$BASE/$code"
        status_is "$code"
        body=$(cat "$BATS_TEST_TMPDIR/body")
        [[ "$body" == "$code "* ]]
        assert_equal "$(header Content-Length)" "${#body}"
    done
    fetch "$BASE/200"
    assert_equal "$(cat "$BATS_TEST_TMPDIR/body")" "200 OK"
    fetch "$BASE/404"
    assert_equal "$(cat "$BATS_TEST_TMPDIR/body")" "404 Not Found"
}

@test "httpstat.us: Accept: application/json gives {code, description}" {
    local method
    for method in GET PUT POST DELETE PATCH; do
        # shellcheck disable=SC2046
        fetch $(method_args "$method") -H 'Accept: application/json' "$BASE/404"
        status_is 404
        assert_equal "$(header Content-Type)" "application/json; charset=utf-8"
        assert_equal "$(json .code)" 404
        assert_equal "$(json .description)" "Not Found"
    done
}

@test "httpstat.us: codes without content have no body, Content-Type or Content-Length" {
    local code
    for code in 204 304; do
        fetch "$BASE/$code"
        status_is "$code"
        assert_equal "$(body_size)" 0
        assert_equal "$(header Content-Type)" ""
    done
    fetch "$BASE/205"
    status_is 205
    assert_equal "$(body_size)" 0
    assert_equal "$(header Content-Length)" 0
}

@test "httpstat.us: suppressBody by query and by header, on every method" {
    local method
    for method in GET PUT POST DELETE PATCH; do
        # shellcheck disable=SC2046
        fetch $(method_args "$method") "$BASE/200?suppressBody=true"
        status_is 200
        assert_equal "$(body_size)" 0
        assert_equal "$(header Content-Type)" ""
        # shellcheck disable=SC2046
        fetch $(method_args "$method") -H 'X-HttpStatus-SuppressBody: true' "$BASE/201"
        status_is 201
        assert_equal "$(body_size)" 0
    done
}

@test "httpstat.us: per-code fields: Location, Retry-After, WWW-Authenticate, Link" {
    local code
    for code in 301 302 303 307 308; do
        fetch "$BASE/$code"
        status_is "$code"
        # Relative to the serving host, never a hard-coded public one.
        assert_equal "$(header Location)" /api/status/200
    done
    fetch "$BASE/429"
    assert_equal "$(header Retry-After)" 5
    fetch "$BASE/503"
    assert_equal "$(header Retry-After)" 5
    fetch "$BASE/401"
    [[ "$(header WWW-Authenticate)" == Basic* ]]
    fetch "$BASE/206"
    [[ "$(header Content-Range)" =~ ^bytes\ 0-[0-9]+/[0-9]+$ ]]
}

@test "httpstat.us: X-HttpStatus-Response-* sets fields; Location and Retry-After replace the defaults" {
    fetch -H 'X-HttpStatus-Response-Foo: bar' -H 'x-httpstatus-response-baz: qux' \
        "$BASE/200"
    assert_equal "$(header Foo)" bar
    assert_equal "$(header Baz)" qux
    fetch -H 'X-HttpStatus-Response-Location: /somewhere' "$BASE/302"
    assert_equal "$(header Location)" /somewhere
    assert_equal "$(header_count Location)" 1
    fetch -H 'X-HttpStatus-Response-Retry-After: 99' "$BASE/503"
    assert_equal "$(header Retry-After)" 99
    assert_equal "$(header_count Retry-After)" 1
    # httpstat.us's own test: a relative reference is a Location too.
    fetch -H 'X-HttpStatus-Response-Location: example.com' "$BASE/302"
    status_is 302
    assert_equal "$(header Location)" example.com
}

@test "httpstat.us: /random/{range} picks from the range; a parse error is 400" {
    draws_within 20 "$BASE/random/200,201,500-504" "200 201 500 501 502 503 504"
    fetch "$BASE/random/190-199"
    # httpstat.us accepts a 1xx range too; the pick goes out as an interim
    # response followed by a final 200.
    status_is 200
    assert_equal "$(json .response.interim[0].status)" "$(json .response.choice.code)"
    fetch "$BASE/random/x"
    status_is 400
    fetch "$BASE/random/200-abc"
    status_is 400
}

@test "httpstat.us: sleep up to the maximum waits, over it is 400" {
    fetch "$BASE/200?sleep=500"
    status_is 200
    took_at_least 0.5
    fetch -H 'X-HttpStatus-Sleep: 500' "$BASE/200"
    took_at_least 0.5
    fetch "$BASE/200?sleep=1001"
    status_is 400
    fetch -H 'X-HttpStatus-Sleep: 1001' "$BASE/200"
    status_is 400
}

@test "httpbin: /status/418 answers 418 for every method" {
    local method
    for method in GET POST PUT DELETE PATCH TRACE OPTIONS HEAD; do
        # shellcheck disable=SC2046
        fetch $(method_args "$method") "$BASE/status/418"
        status_is 418
    done
}

@test "httpbin: an invalid code or list is 400" {
    fetch "$BASE/status/4!9"
    status_is 400
    fetch "$BASE/status/200,402,foo"
    status_is 400
    fetch "$BASE/status/foo"
    status_is 400
    fetch "$BASE/status/3.14"
    status_is 400
    fetch "$BASE/status/600"
    status_is 400
    fetch "$BASE/status/1024"
    status_is 400
}

@test "httpbin: a list is chosen from; weights need not add up to 1" {
    draws_within 20 "$BASE/status/200,203,418" "200 203 418"
    draws_within 10 "$BASE/status/200:5,500:0.000001" "200 500"
}

@test "httpbin: redirects carry a Location that leads somewhere" {
    local code
    for code in 301 302 303 307 308; do
        fetch -L "$BASE/status/$code"
        status_is 200
    done
}
