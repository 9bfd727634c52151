#!/usr/bin/env bats
# redirects.bats - an example: a redirect follower tested against each
# kind of redirect: which keep the method and body, which turn into GET,
# and a loop it must stop.  Run with the bats-httpstatus library
# installed:  bats examples/

bats_load_library bats-httpstatus

setup_file() {
    httpstatus_start
}

teardown_file() {
    httpstatus_stop
}

# The client under test: METHOD URL, following at most MAX redirects as
# browsers do (301 and 302 turn a POST into a GET, 303 anything but HEAD;
# 307 and 308 keep the method and body).  Prints "STATUS METHOD" of the
# final request, or "too many" past MAX.
follow() {
    local method=$1 url=$2 max=${3:-5} hop status location headers
    headers=$(mktemp)
    for ((hop = 0; hop <= max; hop++)); do
        local body=()
        [[ "$method" == GET || "$method" == HEAD ]] || body=(--data 'x=1')
        status=$(curl -s -o /dev/null -D "$headers" -w '%{http_code}' \
            -X "$method" "${body[@]}" "$url")
        location=$(tr -d '\r' <"$headers" |
            awk -F': ' 'tolower($1) == "location" { print $2 }')
        case $status in
        301 | 302) [[ "$method" != POST ]] || method=GET ;;
        303) [[ "$method" == HEAD ]] || method=GET ;;
        307 | 308) ;;
        *) rm -f "$headers"; echo "$status $method"; return ;;
        esac
        [[ "$location" == /* ]] && location=$HTTPSTATUS_URL$location
        url=$location
    done
    rm -f "$headers"
    echo too many
}

@test "a 303 after a POST is followed with a GET" {
    run follow POST "$(httpstatus_url '/api/status/303?location=/api/status/201')"
    assert_output '201 GET'
}

@test "a 307 and a 308 keep the POST" {
    run follow POST "$(httpstatus_url '/api/status/307?location=/api/status/201')"
    assert_output '201 POST'
    run follow POST "$(httpstatus_url '/api/status/308?location=/api/status/201')"
    assert_output '201 POST'
}

@test "the follower sends the request the redirect points at" {
    run follow POST "$(httpstatus_url '/api/status/307?location=/api/status/200%3Fkey%3Dredirect-307')"
    assert_output '200 POST'
    httpstatus_fetch /api/requests?key=redirect-307
    assert_http_status 200
    run jq -r '.requests[0] | "\(.method) \(.body_bytes)"' <<<"$HTTP_BODY"
    assert_output 'POST 3'
}

@test "a chain longer than the follower's limit stops it" {
    local chain='/api/status/302?location=/api/status/302%3Flocation%3D/api/status/200'
    run follow GET "$(httpstatus_url "$chain")" 1
    assert_output 'too many'
    run follow GET "$(httpstatus_url "$chain")" 2
    assert_output '200 GET'
}

@test "every redirect names where to go" {
    local code
    for code in 301 302 303 307 308; do
        httpstatus_fetch "/api/status/$code"
        assert_http_status "$code"
        assert_http_header Location
    done
}
