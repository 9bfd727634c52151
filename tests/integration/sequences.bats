#!/usr/bin/env bats
# sequences.bats - scenarios with memory behind lighttpd: the n-th request
# with a key answers the n-th code, every process of the host counting in
# one embedded store (HTTPSTATUS_STORE, this run's directory)

load helpers

@test "a retry test: 503, 503, then 200, each saying where it stands" {
    local url="$BASE/api/status/503,503,200?sequence=retry-$$&retry_after=1"
    fetch "$url"
    status_is 503
    assert_equal "$(header Retry-After)" 1
    assert_equal "$(header X-HttpStatus-Sequence)" "1/3; key=retry-$$"
    fetch "$url"
    status_is 503
    assert_equal "$(header X-HttpStatus-Sequence)" "2/3; key=retry-$$"
    fetch "$url"
    status_is 200
    assert_equal "$(json .response.choice.by)" sequence
    assert_equal "$(json .response.choice.sequence.position)" 3
    assert_equal "$(json .response.choice.sequence.length)" 3
    # After the end, the last code again.
    fetch "$url"
    status_is 200
    assert_equal "$(header X-HttpStatus-Sequence)" "3/3; key=retry-$$; request=4"
}

@test "the peers' URL forms count under the same key, and then=cycle goes round" {
    local key=forms-$$
    fetch "$BASE/status/500,501?sequence=$key&then=cycle"
    status_is 500
    fetch "$BASE/500,501?sequence=$key&then=cycle"
    status_is 501
    assert_equal "$(cat "$BATS_TEST_TMPDIR/body")" "501 Not Implemented"
    fetch "$BASE/random/500,501?sequence=$key&then=cycle"
    status_is 500
    assert_equal "$(header X-HttpStatus-Sequence)" "1/2; key=$key; request=3"
}

@test "the FastCGI worker and the CGI route share one sequence" {
    local list="500,501,502,503" key=shared-$$
    fetch "$BASE/api/status/$list?sequence=$key"
    status_is 500
    fetch "$BASE/cgi-bin/httpstatus/api/status/$list?sequence=$key"
    status_is 501
    fetch "$BASE/api/status/$list?key=$key&sequence=$key"
    status_is 502
    fetch -H "X-HttpStatus-Key: $key" \
        "$BASE/cgi-bin/httpstatus/api/status/$list?sequence=$key"
    status_is 503
}

@test "100 requests at once on a 100-code sequence each get a different code" {
    local key=burst-$$
    seq 1 100 | xargs -P 50 -I{} curl -s -o /dev/null -w '%{http_code}\n' \
        "$BASE/api/status/200-299?sequence=$key" >"$BATS_TEST_TMPDIR/codes"
    assert_equal "$(wc -l <"$BATS_TEST_TMPDIR/codes")" 100
    assert_equal "$(sort -u "$BATS_TEST_TMPDIR/codes" | wc -l)" 100
    assert_equal "$(sort -n "$BATS_TEST_TMPDIR/codes" | head -n 1)" 200
    assert_equal "$(sort -n "$BATS_TEST_TMPDIR/codes" | tail -n 1)" 299
}

@test "keys and lists a sequence cannot take are refused before they count" {
    fetch "$BASE/api/status/200:0.5,500:0.5?sequence=w-$$"
    status_is 400
    [[ "$(json .detail)" == *"gives weights, which it cannot follow." ]]
    fetch "$BASE/api/status/500,200?sequence=a-$$&key=b-$$"
    status_is 400
    fetch "$BASE/api/status/500,200?sequence=a%2Fb"
    status_is 400
    assert_equal "$(json .detail)" "sequence 'a/b' is not a key: 1 to 64 letters, digits, '-', '_', '.' or '~'."
    fetch "$BASE/api/status/500,200?sequence=a-$$"
    status_is 500
}

@test "jitter and chaos: a drawn delay, and a share of failures, reproducible with seed=" {
    fetch "$BASE/api/status/200?sleep=200-400"
    status_is 200
    local drawn
    drawn=$(json .response.delay_ms)
    [ "$drawn" -ge 200 ] && [ "$drawn" -le 400 ]
    took_at_least 0.2
    fetch "$BASE/api/status/200?fail=1&fail_status=502"
    status_is 502
    assert_equal "$(header X-HttpStatus-Choice)" "502; by=fail"
    local first second n
    for n in 1 2 3 4 5 6; do
        fetch "$BASE/api/status/200?fail=0.5&seed=11&sequence=chaos-a-$$"
        first="$first$(head -n 1 "$BATS_TEST_TMPDIR/code") "
        fetch "$BASE/api/status/200?fail=0.5&seed=11&sequence=chaos-b-$$"
        second="$second$(head -n 1 "$BATS_TEST_TMPDIR/code") "
    done
    assert_equal "$first" "$second"
}

@test "/api/requests lists what the client sent with a key: a retry loop with back-off, asserted" {
    local key=retries-$$ url pause
    url="$BASE/api/status/503,503,200?sequence=$key&retry_after=1"
    for pause in 1 2 0; do
        fetch -X POST -H "Idempotency-Key: order-7" -H "Authorization: Bearer t0ken" \
            -d 'item=1' "$url"
        sleep "$pause"
    done
    # Reads of the log are not logged; the CGI route logs into the same.
    fetch "$BASE/api/requests?key=$key"
    status_is 200
    assert_equal "$(json '.requests | length')" 3
    assert_equal "$(json '[.requests[].status] | join(",")')" "503,503,200"
    assert_equal "$(json '[.requests[].headers["Idempotency-Key"]] | unique | join(",")')" order-7
    assert_equal "$(json '.requests[0].headers.Authorization')" "[redacted]"
    assert_equal "$(json '.requests[0].body_bytes')" 6
    assert_equal "$(json '.requests[0].method')" POST
    [ "$(json '.requests[1].received_ms - .requests[0].received_ms')" -ge 1000 ]
    [ "$(json '.requests[2].received_ms - .requests[1].received_ms')" -ge 2000 ]
    fetch "$BASE/cgi-bin/httpstatus/api/status/204?key=$key"
    status_is 204
    fetch -H "X-HttpStatus-Key: $key" "$BASE/cgi-bin/httpstatus/api/requests"
    assert_equal "$(json '.requests | length')" 4
    assert_equal "$(json '.requests[3].path')" /cgi-bin/httpstatus/api/status/204
    fetch "$BASE/api/requests"
    status_is 400
}

@test "the index page lists the scenarios, and its example link is a working sequence" {
    fetch "$BASE/"
    status_is 200
    cp "$BATS_TEST_TMPDIR/body" "$BATS_TEST_TMPDIR/index"
    grep -q '<h2 id="scenarios">Scenarios with memory</h2>' "$BATS_TEST_TMPDIR/index"
    local link word
    for word in ratelimit= api/requests api/auth/digest api/resource/KEY fail=0.2; do
        grep -qF "$word" "$BATS_TEST_TMPDIR/index"
    done
    link=$(grep -o 'href="api/status/503,503,200?sequence=demo&amp;retry_after=1"' \
        "$BATS_TEST_TMPDIR/index" | sed 's/href="//; s/"$//; s/&amp;/\&/')
    [ -n "$link" ]
    fetch "$BASE/${link/demo/index-$$}"
    status_is 503
    assert_equal "$(header X-HttpStatus-Sequence)" "1/3; key=index-$$"
}

@test "the textbook retry test: curl --retry gets through 503, 503, 200, waiting as Retry-After says" {
    local key=curl-retry-$$
    run curl -s -o "$BATS_TEST_TMPDIR/out" -w "%{http_code}" --retry 3 \
        "$BASE/api/status/503,503,200?sequence=$key&retry_after=1"
    assert_equal "$output" 200
    fetch "$BASE/api/requests?key=$key"
    assert_equal "$(json '[.requests[].status] | join(",")')" "503,503,200"
    [ "$(json '.requests[1].received_ms - .requests[0].received_ms')" -ge 1000 ]
    [ "$(json '.requests[2].received_ms - .requests[1].received_ms')" -ge 1000 ]
}

@test "through the CGI mount: a sequence with jitter and chaos, and a Digest login" {
    local key=cgi-mix-$$
    fetch "$BASE/cgi-bin/httpstatus/api/status/503,200?sequence=$key&sleep=50-100&fail=0"
    status_is 503
    local drawn
    drawn=$(json .response.delay_ms)
    [ "$drawn" -ge 50 ] && [ "$drawn" -le 100 ]
    fetch "$BASE/cgi-bin/httpstatus/api/status/503,200?sequence=$key&fail=1&fail_status=500"
    status_is 500
    fetch --digest -u bob:pw "$BASE/cgi-bin/httpstatus/digest-auth/auth/bob/pw"
    status_is 200
}
