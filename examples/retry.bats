#!/usr/bin/env bats
# retry.bats - an example: a retry loop tested against a service that
# fails twice with 503 and Retry-After, then succeeds.  Run with the
# bats-httpstatus library installed:  bats examples/

bats_load_library bats-httpstatus

setup_file() {
    httpstatus_start
}

teardown_file() {
    httpstatus_stop
}

# The client under test: up to MAX tries of URL, waiting as long as each
# 503 or 429 asks (Retry-After in seconds, 1 when absent), sending the same
# Idempotency-Key each time.  Prints the final status.
fetch_with_retries() {
    local url=$1 max=$2 try status wait headers
    headers=$(mktemp)
    for ((try = 1; try <= max; try++)); do
        status=$(curl -s -o /dev/null -D "$headers" -w '%{http_code}' \
            -H 'Idempotency-Key: order-7' "$url")
        [[ "$status" == 503 || "$status" == 429 ]] || break
        wait=$(tr -d '\r' <"$headers" |
            awk -F': ' 'tolower($1) == "retry-after" { print $2 }')
        [[ $try -lt $max ]] && sleep "${wait:-1}"
    done
    rm -f "$headers"
    echo "$status"
}

@test "the client retries through two 503s and gets the 200" {
    run fetch_with_retries \
        "$(httpstatus_url '/api/status/503,503,200?sequence=retry-ok&retry_after=1')" 5
    assert_success
    assert_output 200
    # What the simulator saw: three tries, a second apart, one key.
    local log
    log=$(httpstatus_requests retry-ok)
    run jq -c '[.requests[].status]' <<<"$log"
    assert_output '[503,503,200]'
    run jq '.requests | (.[1].received_ms - .[0].received_ms >= 1000) and
        (.[2].received_ms - .[1].received_ms >= 1000) and
        all(.headers["Idempotency-Key"] == "order-7")' <<<"$log"
    assert_output true
}

@test "the client gives up after its last try" {
    run fetch_with_retries \
        "$(httpstatus_url '/api/status/503?sequence=retry-never&retry_after=1')" 2
    assert_output 503
}

@test "each 503 tells the client how long to wait" {
    httpstatus_fetch '/api/status/503,200?sequence=retry-field&retry_after=1'
    assert_http_status 503
    assert_http_header Retry-After 1
    assert_http_header X-HttpStatus-Sequence '1/2; key=retry-field'
    httpstatus_fetch '/api/status/503,200?sequence=retry-field&retry_after=1'
    assert_http_status 200
    assert_http_header X-HttpStatus-Sequence '2/2; key=retry-field'
    refute_http_header X-RateLimit-Remaining
}
