#!/usr/bin/env bats
# ratelimits.bats - real rate-limit windows behind lighttpd: the quota, the
# refusal with the time left, and a client that honours Retry-After

load helpers

@test "the first N requests of a window pass, the rest get 429 with the seconds left" {
    local url="$BASE/api/status/200?ratelimit=3/10s&key=quota-$$" i
    for i in 1 2 3; do
        fetch "$url"
        status_is 200
        assert_equal "$(header RateLimit-Policy)" '"default";q=3;w=10'
        [[ "$(header RateLimit)" == "\"default\";r=$((3 - i));t="* ]]
    done
    fetch "$url"
    status_is 429
    local left
    left=$(header Retry-After)
    [ "$left" -ge 9 ] && [ "$left" -le 10 ]
    assert_equal "$(header RateLimit)" "\"default\";r=0;t=$left"
    assert_equal "$(json .response.ratelimit.used)" 4
    assert_equal "$(json .response.ratelimit.limited)" true
}

@test "a client that honours Retry-After never sees a second 429" {
    local url="$BASE/api/status/204?ratelimit=2/1s&key=polite-$$" round
    for round in 1 2 3; do
        fetch "$url"
        status_is 204
        fetch "$url"
        status_is 204
        fetch "$url"
        status_is 429
        sleep "$(header Retry-After)"
    done
    fetch "$url"
    status_is 204
}

@test "each dialect of quota fields, and 503 in place of 429" {
    local key=dialects-$$
    fetch "$BASE/api/status/200?ratelimit=1/1h&key=$key&ratelimit_fields=draft7"
    status_is 200
    assert_equal "$(header RateLimit-Policy)" "1;w=3600"
    [[ "$(header RateLimit)" == "limit=1, remaining=0, reset="* ]]
    fetch "$BASE/api/status/200?ratelimit=1/1h&key=$key&ratelimit_fields=draft6&ratelimit_status=503"
    status_is 503
    assert_equal "$(header RateLimit-Limit)" 1
    assert_equal "$(header RateLimit-Remaining)" 0
    assert_equal "$(header RateLimit-Reset)" "$(header Retry-After)"
    fetch "$BASE/api/status/200?ratelimit=1/1h&key=$key&ratelimit_fields=legacy"
    status_is 429
    assert_equal "$(header X-RateLimit-Limit)" 1
    [ "$(header X-RateLimit-Reset)" -gt "$(date +%s)" ]
    assert_equal "$(header_count RateLimit)" 0
    fetch "$BASE/api/status/200?ratelimit=1/1h&key=$key&ratelimit_fields=none"
    status_is 429
    assert_equal "$(header_count RateLimit)" 0
    assert_equal "$(header_count X-RateLimit-Limit)" 0
}

@test "without a key the window is the client address's, across routes" {
    fetch "$BASE/api/status/200?ratelimit=1/1h"
    status_is 200
    fetch "$BASE/cgi-bin/httpstatus/status/200?ratelimit=1/1h"
    status_is 429
    fetch -H "X-HttpStatus-Key: other-$$" "$BASE/api/status/200?ratelimit=1/1h"
    status_is 200
}
