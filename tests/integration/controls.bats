#!/usr/bin/env bats
# controls.bats - random choice, custom fields, overrides, caching, faults,
# formats and their refusals, on every URL form

export HTTPSTATUS_REDIRECT_ORIGINS="https://allowed.example"
export HTTPSTATUS_MAX_SLEEP_MS=5000

load helpers

# expect_problem STATUS DETAIL - the last fetch was an RFC 9457 problem
expect_problem() {
    status_is "$1"
    assert_equal "$(header Content-Type)" application/problem+json
    assert_equal "$(json .status)" "$1"
    assert_equal "$(json .detail)" "$2"
}

@test "every URL form reaches the same simulator" {
    fetch "$BASE/api/status/503"
    status_is 503
    assert_equal "$(header Retry-After)" 5
    assert_equal "$(json .status.code)" 503
    fetch "$BASE/503"
    status_is 503
    assert_equal "$(header Retry-After)" 5
    fetch "$BASE/503/any/trailing/path"
    status_is 503
    fetch "$BASE/status/503"
    status_is 503
    assert_equal "$(json .request.path)" /status/503
    fetch "$BASE/random/503"
    status_is 503
    fetch "$BASE/random/503-503"
    status_is 503
    fetch -X DELETE "$BASE/status/418"
    status_is 418
}

@test "a list, a range or weights pick a code; the pick is in a header and the JSON" {
    local i code seen=" "
    for i in $(seq 1 40); do
        fetch "$BASE/api/status/200,201,500-502"
        code=$(head -n 1 "$BATS_TEST_TMPDIR/code")
        [[ " 200 201 500 501 502 " == *" $code "* ]]
        assert_equal "$(header X-HttpStatus-Choice)" "$code; by=random"
        assert_equal "$(json .response.choice.code)" "$code"
        assert_equal "$(json .response.choice.by)" random
        assert_equal "$(json .response.choice.candidates)" 5
        seen+="$code "
    done
    # Forty draws over five codes: more than one of them came up.
    [ "$(tr ' ' '\n' <<<"$seen" | sort -u | grep -c .)" -gt 1 ]
    fetch "$BASE/status/200:0.5,404:0.5"
    assert_equal "$(json .response.choice.by)" weighted
    fetch "$BASE/random/500-504"
    [[ "$(header X-HttpStatus-Choice)" == 50[0-4]"; by=random" ]]
    assert_equal "$(header Content-Type)" "text/plain; charset=utf-8"
    fetch "$BASE/api/status/404"
    assert_equal "$(header X-HttpStatus-Choice)" ""
    assert_equal "$(json .response.choice.by)" fixed
}

@test "seed=N makes the choice reproducible" {
    local first code i
    fetch "$BASE/api/status/200,201,202,203,204-206,500-504?seed=42"
    first=$(head -n 1 "$BATS_TEST_TMPDIR/code")
    assert_equal "$(header X-HttpStatus-Choice)" "$first; by=random; seed=42"
    assert_equal "$(json .response.choice.seed)" 42
    for i in 1 2 3 4 5; do
        fetch "$BASE/api/status/200,201,202,203,204-206,500-504?seed=42"
        status_is "$first"
    done
    # The same seed picks the same code on every URL form.
    fetch "$BASE/status/200,201,202,203,204-206,500-504?seed=42"
    status_is "$first"
    fetch -H 'X-HttpStatus-Seed: 42' "$BASE/random/200,201,202,203,204-206,500-504"
    status_is "$first"
    # Different seeds spread over the list.
    local seen=" "
    for i in $(seq 1 20); do
        fetch "$BASE/api/status/200,500?seed=$i"
        seen+="$(head -n 1 "$BATS_TEST_TMPDIR/code") "
    done
    [[ "$seen" == *" 200 "* && "$seen" == *" 500 "* ]]
}

@test "weighted choice follows its weights over many draws" {
    local i fives=0 draws=400
    for i in $(seq 1 "$draws"); do
        code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/status/200:0.8,500:0.2")
        case "$code" in
            500) fives=$((fives + 1)) ;;
            200) ;;
            *) echo "unexpected $code" >&2; return 1 ;;
        esac
    done
    # Expected 80 of 400; eight standard deviations each way (sd = 8).
    echo "500 came $fives times of $draws" >&3
    [ "$fives" -ge 30 ] && [ "$fives" -le 130 ]
}

@test "bad lists, ranges and weights get 400 naming the item" {
    fetch "$BASE/api/status/200,1000"
    expect_problem 400 "'200,1000' is not a list of status codes the simulator accepts: '1000' is not a status code from 100 to 599."
    fetch "$BASE/status/200:0,500:0"
    expect_problem 400 "'200:0,500:0' is not a list of status codes the simulator accepts: weight '0' must be greater than 0."
    fetch "$BASE/status/200:-1"
    expect_problem 400 "'200:-1' is not a list of status codes the simulator accepts: weight '-1' must be greater than 0."
    fetch "$BASE/random/0-2000000000"
    expect_problem 400 "'0-2000000000' is not a list of status codes the simulator accepts: '0' is not a status code from 100 to 599."
    fetch "$BASE/random/504-500"
    expect_problem 400 "'504-500' is not a list of status codes the simulator accepts: range '504-500' runs downwards."
    fetch "$BASE/random/x"
    expect_problem 400 "'x' is not a status code the simulator accepts."
    fetch "$BASE/api/status/200,500?seed=-1"
    expect_problem 400 "seed '-1' is not a whole number from 0 to 2^63-1."
}

@test "custom response fields, by header (any case of the prefix) and by query" {
    fetch -H 'x-httpstatus-response-X-RateLimit-Remaining: 0' \
        -H 'X-HTTPSTATUS-RESPONSE-Retry-After: 120' \
        "$BASE/api/status/429?header=X-Trace:abc%20def"
    status_is 429
    assert_equal "$(header X-Ratelimit-Remaining)" 0
    assert_equal "$(header Retry-After)" 120
    assert_equal "$(header_count Retry-After)" 1
    assert_equal "$(header X-Trace)" "abc def"
    assert_equal "$(json '.response.custom_headers["X-Trace"]')" "abc def"
    # A page may read every one of them.
    assert_equal "$(header Access-Control-Expose-Headers)" \
        "X-Request-Id, Retry-After, Vary, X-Ratelimit-Remaining, X-Trace"
    # Even sixteen of the longest names fit in the list.
    local i query="" expected="X-Request-Id, Vary" name
    for i in $(seq 10 25); do
        name="X-$(printf 'n%.0s' $(seq 1 59))$i"
        query+="&header=$name:v"
        expected+=", $name"
    done
    fetch "$BASE/api/status/200?${query#&}"
    status_is 200
    assert_equal "$(header Access-Control-Expose-Headers)" "$expected"
}

@test "custom fields that could break the response are refused" {
    local name
    for name in Content-Length Transfer-Encoding Connection Keep-Alive TE \
        Trailer Upgrade Status Content-Type; do
        fetch "$BASE/api/status/200?header=$name:1"
        expect_problem 400 "The $name field cannot be set: the web server and the simulator decide it."
        fetch -H "X-HttpStatus-Response-$name: 1" "$BASE/api/status/200"
        status_is 400
    done
    # lighttpd itself refuses a request whose URL or fields hold control
    # characters (the worker's own refusal is in the unit tests): either
    # way the answer is 400 and nothing reaches the response head.
    local injection
    for injection in '%0d%0aX-Injected:1' '%0aX-Injected:1' '%00' '%01' '%7f'; do
        fetch "$BASE/api/status/200?header=X-A:1$injection"
        status_is 400
        assert_equal "$(header X-Injected)" ""
        assert_equal "$(header X-A)" ""
    done
    fetch -H $'X-HttpStatus-Response-X-A: a\x01b' "$BASE/api/status/200"
    status_is 400
    assert_equal "$(header X-A)" ""
    fetch -H $'X-HttpStatus-Response-X-A: caf\xc3\xa9' "$BASE/api/status/200"
    expect_problem 400 "The value for X-A holds a control character or a byte outside ASCII."
    fetch "$BASE/api/status/200?header=Bad%20Name:1"
    expect_problem 400 "'Bad Name' is not a header field name."
    fetch "$BASE/api/status/200?header=X-A:%e2%82%ac"
    status_is 400
    local many="" i
    for i in $(seq 0 16); do many+="&header=X-N$i:v"; done
    fetch "$BASE/api/status/200?${many#&}"
    expect_problem 400 "At most 16 response fields can be set."
    fetch -H "X-HttpStatus-Response-X-Big: $(head -c 4100 /dev/zero | tr '\0' a)" \
        "$BASE/api/status/200"
    expect_problem 400 "The fields asked for exceed 4096 bytes in all."
}

@test "overrides replace the code's own fields" {
    fetch "$BASE/api/status/302?location=/api/status/204"
    status_is 302
    assert_equal "$(header Location)" /api/status/204
    assert_equal "$(header_count Location)" 1
    fetch -L "$BASE/api/status/302?location=/api/status/204"
    status_is 204
    fetch "$BASE/api/status/503?retry_after=30"
    assert_equal "$(header Retry-After)" 30
    fetch "$BASE/api/status/503?retry_after=Sun,%2006%20Nov%201994%2008:49:37%20GMT"
    assert_equal "$(header Retry-After)" "Sun, 06 Nov 1994 08:49:37 GMT"
    fetch "$BASE/api/status/401?www_authenticate=Bearer%20realm=%22api%22"
    assert_equal "$(header WWW-Authenticate)" 'Bearer realm="api"'
    fetch "$BASE/api/status/405?allow=GET,%20HEAD"
    assert_equal "$(header Allow)" "GET, HEAD"
    # On a code that has no such field of its own, the field is added.
    fetch "$BASE/api/status/201?location=/api/status/200"
    assert_equal "$(header Location)" /api/status/200
    fetch "$BASE/api/status/503?retry_after=soon"
    expect_problem 400 "Retry-After 'soon' is neither seconds nor an HTTP-date."
    fetch "$BASE/api/status/405?allow=GET;POST"
    expect_problem 400 "Allow 'GET;POST' is not a list of methods."
    fetch "$BASE/api/status/401?www_authenticate=Basic%20realm=%C3%A9"
    expect_problem 400 "The value for WWW-Authenticate holds a control character or a byte outside ASCII."
    fetch "$BASE/api/status/302?location=/a%20b"
    expect_problem 400 "Location '/a b' is neither a path nor an http(s) URL."
}

@test "a redirect to another origin is refused unless the operator allows it" {
    fetch "$BASE/api/status/302?location=https://evil.example/login"
    expect_problem 403 "Location 'https://evil.example/login' points at another origin, which this server does not redirect to."
    assert_equal "$(header Location)" ""
    fetch -H 'X-HttpStatus-Response-Location: https://evil.example/' "$BASE/302"
    status_is 403
    fetch "$BASE/api/status/302?location=//evil.example/"
    expect_problem 400 "Location '//evil.example/' is neither a path nor an http(s) URL."
    fetch "$BASE/api/status/302?location=/%5Cevil.example"
    status_is 400
    fetch "$BASE/api/status/302?location=javascript:alert(1)"
    status_is 400
    fetch "$BASE/api/status/302?location=https://allowed.example/next"
    status_is 302
    assert_equal "$(header Location)" https://allowed.example/next
    # This server's own origin is always allowed.
    fetch "$BASE/api/status/307?location=http://127.0.0.1:$HTTPSTATUS_PORT/api/status/200"
    status_is 307
    assert_equal "$(header Location)" "http://127.0.0.1:$HTTPSTATUS_PORT/api/status/200"
}

@test "the simulator's origin is never the one Host names" {
    fetch -H 'Host: evil.example' "$BASE/api/status/302?location=http://evil.example/"
    expect_problem 403 "Location 'http://evil.example/' points at another origin, which this server does not redirect to."
    assert_equal "$(header Location)" ""
}

@test "fields that plant state in a browser or send it elsewhere are refused" {
    fetch "$BASE/api/status/200?header=Set-Cookie:session=planted"
    expect_problem 403 "The Set-Cookie field cannot be set: it would plant state in a browser on this server's behalf."
    assert_equal "$(header Set-Cookie)" ""
    fetch -H 'X-HttpStatus-Response-Strict-Transport-Security: max-age=31536000' "$BASE/200"
    status_is 403
    fetch "$BASE/api/status/200?header=Refresh:0;url=https://evil.example/"
    expect_problem 403 "Refresh 'https://evil.example/' points at another origin, which this server does not redirect to."
    fetch "$BASE/api/status/200?header=Link:%3Chttps://evil.example/x.js%3E;%20rel=preload"
    status_is 403
    # A refresh or a link that stays here is set as asked.
    fetch "$BASE/api/status/200?header=Refresh:1;url=/api/status/204"
    status_is 200
    assert_equal "$(header Refresh)" "1;url=/api/status/204"
}

@test "a CORS field a request sets is sent once, with its value" {
    fetch -H 'X-HttpStatus-Response-Access-Control-Allow-Origin: https://app.example' "$BASE/api/status/200"
    status_is 200
    assert_equal "$(header Access-Control-Allow-Origin)" https://app.example
    assert_equal "$(header_count Access-Control-Allow-Origin)" 1
}

@test "suppressBody drops the body with Content-Type and Content-Length" {
    fetch "$BASE/api/status/200?suppressBody=true"
    status_is 200
    assert_equal "$(body_size)" 0
    assert_equal "$(header Content-Type)" ""
    fetch "$BASE/api/status/404?suppress_body=true"
    status_is 404
    assert_equal "$(body_size)" 0
    fetch -H 'X-HttpStatus-SuppressBody: true' "$BASE/500"
    status_is 500
    assert_equal "$(body_size)" 0
    fetch "$BASE/api/status/200?suppressBody=false"
    [ "$(body_size)" -gt 100 ]
    fetch "$BASE/api/status/200?suppressBody=maybe"
    expect_problem 400 "suppressBody 'maybe' is neither true nor false."
}

@test "cache= and etag= with If-None-Match give a real 304" {
    fetch "$BASE/api/status/200?cache=max-age=60,%20public&etag=v1"
    status_is 200
    assert_equal "$(header Cache-Control)" "max-age=60, public"
    assert_equal "$(header ETag)" '"v1"'
    fetch -H 'If-None-Match: "v1"' "$BASE/api/status/200?cache=max-age=60&etag=v1"
    status_is 304
    assert_equal "$(body_size)" 0
    assert_equal "$(header ETag)" '"v1"'
    assert_equal "$(header Cache-Control)" max-age=60
    fetch -H 'If-None-Match: W/"v1", "v2"' "$BASE/api/status/200?etag=v1"
    status_is 304
    fetch -H 'If-None-Match: "other"' "$BASE/api/status/200?etag=v1"
    status_is 200
    # Not a GET: the precondition fails.
    fetch -X PUT -H 'If-None-Match: *' "$BASE/api/status/200?etag=v1"
    status_is 412
    # Only a 2xx is subject to the condition.
    fetch -H 'If-None-Match: *' "$BASE/api/status/500?etag=v1"
    status_is 500
    # 226's own entity tag takes part too.
    fetch -H 'If-None-Match: "httpstatus-226"' "$BASE/api/status/226"
    status_is 304
    fetch "$BASE/api/status/200?cache=max-age=60;x"
    expect_problem 400 "Cache-Control 'max-age=60;x' is not a list of directives."
    fetch "$BASE/api/status/200?etag=a%22b"
    expect_problem 400 "ETag 'a\"b' is not an entity tag."
}

@test "content negotiation: JSON, text and HTML by Accept with q-values, or format=" {
    fetch -H 'Accept: text/plain' "$BASE/api/status/511"
    assert_equal "$(header Content-Type)" "text/plain; charset=utf-8"
    assert_equal "$(cat "$BATS_TEST_TMPDIR/body")" "511 Network Authentication Required"
    assert_equal "$(header Vary)" Accept
    fetch -H 'Accept: text/html;q=0.9, application/json;q=0.4' "$BASE/api/status/404"
    assert_equal "$(header Content-Type)" "text/html; charset=utf-8"
    grep -q '<h1>404 Not Found</h1>' "$BATS_TEST_TMPDIR/body"
    fetch -H 'Accept: application/json' "$BASE/404"
    assert_equal "$(header Content-Type)" "application/json; charset=utf-8"
    assert_equal "$(json .status.code)" 404
    fetch -H 'Accept: */*' "$BASE/404"
    assert_equal "$(header Content-Type)" "text/plain; charset=utf-8"
    fetch -H 'Accept: text/*' "$BASE/api/status/404"
    assert_equal "$(header Content-Type)" "text/plain; charset=utf-8"
    # Nothing acceptable: the default, never 406.
    fetch -H 'Accept: image/png' "$BASE/api/status/404"
    status_is 404
    assert_equal "$(header Content-Type)" "application/json; charset=utf-8"
    fetch -H 'Accept: application/json' "$BASE/api/status/418?format=text"
    assert_equal "$(cat "$BATS_TEST_TMPDIR/body")" "418 (Unused)"
    fetch "$BASE/api/status/200?format=html"
    assert_equal "$(header Content-Type)" "text/html; charset=utf-8"
    fetch "$BASE/api/status/200?format=xml"
    expect_problem 400 "format 'xml' is not json, text or html."
    # Errors stay problem+json whatever was asked for.
    fetch -H 'Accept: text/html' "$BASE/api/status/abc"
    assert_equal "$(header Content-Type)" application/problem+json
}

# fault QUERY - curl's view of a request that asks for a fault: exit code,
# status, time to the first byte, total time and body size
fault() {
    curl -s -o "$BATS_TEST_TMPDIR/body" -D "$BATS_TEST_TMPDIR/headers" \
        --max-time 15 -w '%{http_code} %{time_starttransfer} %{time_total} %{size_download}\n' \
        "$@" >"$BATS_TEST_TMPDIR/fault" || true
}

@test "faults: aborts before headers, after headers and during the body" {
    # lighttpd turns a backend that ends before any header into its own
    # 500, so that cut is refused.
    fetch "$BASE/api/status/200?abort=before_headers"
    status_is 422
    [[ "$(json .detail)" == "abort=before_headers cannot reach the client as a cut connection here: lighttpd answers "* ]]
    : >"$BATS_TEST_TMPDIR/body"
    run curl -s -o "$BATS_TEST_TMPDIR/body" -w '%{http_code}' "$BASE/api/status/200?abort=after_headers"
    assert_equal "$status" 18     # curl: transfer closed with bytes remaining
    assert_equal "$output" 200
    assert_equal "$(body_size)" 0
    run curl -s -o "$BATS_TEST_TMPDIR/body" -w '%{http_code}' \
        -H 'X-HttpStatus-AbortDuringBody: true' "$BASE/api/status/200"
    assert_equal "$status" 18
    assert_equal "$output" 200
    [ "$(body_size)" -gt 0 ]
    run curl -s -o /dev/null -w '%{http_code} %{size_download}' "$BASE/503?abort=during_body"
    assert_equal "$status" 18
    # Half of "503 Service Unavailable".
    assert_equal "$output" "503 11"
    run curl -s -o /dev/null -w '%{http_code}' -H 'X-HttpStatus-AbortAfterHeaders: true' "$BASE/503"
    assert_equal "$status" 18
    assert_equal "$output" 503
    fetch "$BASE/api/status/200?abort=later"
    expect_problem 400 "abort 'later' is not a point to abort at."
    # The worker is still there.
    fetch "$BASE/api/status/204"
    status_is 204
}

@test "faults: a sleep after the headers and a dribbled body" {
    fault "$BASE/api/status/200?sleepAfterHeaders=2000"
    read -r code first total size <"$BATS_TEST_TMPDIR/fault"
    assert_equal "$code" 200
    # The head came well before the body (generous margins: shared hosts).
    awk -v f="$first" -v t="$total" 'BEGIN { exit !(f < 1.5 && t >= 2.0) }'
    [ "$size" -gt 100 ]
    fault -H 'X-HttpStatus-SleepAfterHeaders: 1000' "$BASE/201"
    read -r code first total size <"$BATS_TEST_TMPDIR/fault"
    assert_equal "$code" 201
    awk -v t="$total" 'BEGIN { exit !(t >= 1.0) }'
    fault "$BASE/api/status/200?dribble=2000"
    read -r code first total size <"$BATS_TEST_TMPDIR/fault"
    assert_equal "$code" 200
    awk -v f="$first" -v t="$total" 'BEGIN { exit !(f < 1.5 && t >= 2.0) }'
    # Dribbled or not, the body is whole.
    jq -e '.response.dribble_ms == 2000' "$BATS_TEST_TMPDIR/body"
    fault -H 'X-HttpStatus-DribbleBody: true' "$BASE/api/status/200"
    read -r code first total size <"$BATS_TEST_TMPDIR/fault"
    awk -v t="$total" 'BEGIN { exit !(t >= 1.0) }'
    fetch "$BASE/api/status/200?sleepAfterHeaders=5001"
    expect_problem 400 "sleepAfterHeaders '5001' is not a number of milliseconds from 0 to 5000."
    fetch "$BASE/api/status/200?dribble=fast"
    expect_problem 400 "dribbleBody 'fast' is not a number of milliseconds from 0 to 5000."
}

@test "sleep on every form, by query and by header; bad values get 400" {
    fetch "$BASE/404?sleep=500"
    status_is 404
    took_at_least 0.5
    fetch -H 'X-HttpStatus-Sleep: 500' "$BASE/random/201"
    status_is 201
    took_at_least 0.5
    fetch "$BASE/status/200?sleep=5001"
    expect_problem 400 "sleep '5001' is not a number of milliseconds from 0 to 5000."
    fetch "$BASE/status/200?sleep=-1"
    status_is 400
}

@test "envelope=true answers 200 with an exact account of the response" {
    fetch "$BASE/api/status/301?envelope=true&header=X-A:1"
    status_is 200
    assert_equal "$(header Location)" ""
    assert_equal "$(json .status)" 301
    assert_equal "$(json .reason)" "Moved Permanently"
    assert_equal "$(json '.headers[] | select(.[0] == "Location") | .[1]')" /api/status/200
    assert_equal "$(json '.headers[] | select(.[0] == "X-A") | .[1]')" 1
    # The account's fields and body are the real response's.
    fetch "$BASE/api/status/301?envelope=true&format=text"
    assert_equal "$(json .body)" "301 Moved Permanently"
    assert_equal "$(json '.headers[] | select(.[0] == "Content-Length") | .[1]')" 21
    assert_equal "$(json .body_bytes)" 21
    fetch "$BASE/api/status/301?format=text"
    assert_equal "$(header Content-Length)" 21
    fetch -H 'X-HttpStatus-Envelope: true' "$BASE/api/status/103"
    assert_equal "$(json .interim[0].status)" 103
    assert_equal "$(json '.interim[0].headers[0] | join(": ")')" "Link: </style.css>; rel=preload; as=style"
    assert_equal "$(json .status)" 200
    fetch "$BASE/401?envelope=true"
    status_is 200
    assert_equal "$(header WWW-Authenticate)" ""
    assert_equal "$(json .body)" "401 Unauthorized"
    fetch "$BASE/api/status/204?envelope=true"
    assert_equal "$(json .body_bytes)" 0
    fetch "$BASE/api/status/200?envelope=maybe"
    expect_problem 400 "envelope 'maybe' is neither true nor false."
}
