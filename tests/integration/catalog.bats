#!/usr/bin/env bats
# catalog.bats - the catalog API, the inspector's notes, /api/inspect

load helpers

# The IANA registry's codes, written out here independently of the table.
REGISTERED="100 101 102 103 104 200 201 202 203 204 205 206 207 208 226
300 301 302 303 304 305 306 307 308 400 401 402 403 404 405 406 407 408 409
410 411 412 413 414 415 416 417 418 421 422 423 424 425 426 428 429 431 451
500 501 502 503 504 505 506 507 508 510 511"

@test "/api/codes lists every registered code, and the unofficial ones apart" {
    fetch "$BASE/api/codes"
    status_is 200
    assert_equal "$(header Content-Type)" application/json
    assert_equal "$(json '[.codes[] | select(.registered) | .code] | join(" ")')" \
        "$(echo $REGISTERED)"
    assert_equal "$(json '[.codes[] | select(.registry == "unofficial")] | length')" 25
    assert_equal "$(json '.codes[] | select(.code == 522) | .origin')" Cloudflare
    assert_equal "$(json '.codes[] | select(.code == 405) | .headers | join(",")')" Allow
    assert_equal "$(json '.codes[] | select(.code == 511) | .page')" /codes/511
    assert_equal "$(json '.codes[] | select(.code == 511) | .simulator')" /api/status/511
}

@test "/api/codes/{code} carries well-formed notes for every registered code" {
    local code
    for code in $REGISTERED; do
        fetch "$BASE/api/codes/$code"
        status_is 200
        assert_equal "$(json .code)" "$code"
        # At least one note; each has a known severity and topic, a spec and
        # a text.
        jq -e '(.notes | length) > 0 and all(.notes[];
                 (.severity | IN("info", "warn", "error")) and
                 (.topic | IN("semantics", "headers", "caching", "clients")) and
                 (.spec | length) > 0 and (.text | length) > 10 and
                 .about == "code")' "$BATS_TEST_TMPDIR/body" >/dev/null ||
            { echo "notes of $code are malformed" >&2; return 1; }
    done
    fetch "$BASE/api/codes/511"
    assert_equal "$(json '[.notes[] | select(.severity == "error") | .topic] | join(",")')" caching
    fetch "$BASE/api/codes/299"
    status_is 404
    fetch "$BASE/api/codes/abc"
    status_is 400
}

@test "the catalog is cacheable: ETag, max-age, and If-None-Match gives 304" {
    local etag
    fetch "$BASE/api/codes"
    etag=$(header ETag)
    [[ "$etag" =~ ^\"[0-9a-f]{16}\"$ ]]
    assert_equal "$(header Cache-Control)" "public, max-age=3600"
    fetch -H "If-None-Match: $etag" "$BASE/api/codes"
    status_is 304
    assert_equal "$(body_size)" 0
    assert_equal "$(header ETag)" "$etag"
    fetch -H 'If-None-Match: "0000000000000000"' "$BASE/api/codes"
    status_is 200
    fetch "$BASE/api/codes/404"
    etag=$(header ETag)
    fetch -H "If-None-Match: W/$etag" "$BASE/api/codes/404"
    status_is 304
}

@test "the diagnostic body carries the notes about the code and this response" {
    fetch "$BASE/api/status/503?cache=max-age=60&retry_after=10"
    assert_equal "$(json '[.notes[] | select(.about == "response") | .text] | join("|")')" \
        "A cacheable server error: caches may keep serving this failure to everyone until it goes stale."
    [ "$(json '[.notes[] | select(.about == "code")] | length')" -gt 0 ]
    fetch "$BASE/api/status/200?location=/x"
    assert_equal "$(json '[.notes[] | select(.about == "response") | .severity] | join(",")')" warn
    fetch "$BASE/api/status/401"
    assert_equal "$(json '[.notes[] | select(.about == "response")] | length')" 0
}

@test "/api/inspect lints a response head as curl -i prints it" {
    printf 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 401 Unauthorized\r\nContent-Type: text/html\r\n\r\n<html>' \
        >"$BATS_TEST_TMPDIR/head"
    fetch --data-binary "@$BATS_TEST_TMPDIR/head" "$BASE/api/inspect"
    status_is 200
    assert_equal "$(json .status)" 401
    assert_equal "$(json '.interim | join(",")')" 100
    assert_equal "$(json '.headers[0] | join(": ")')" "Content-Type: text/html"
    assert_equal "$(json '[.notes[] | select(.about == "response") | .text] | join("|")')" \
        "A 401 without WWW-Authenticate is broken: the client cannot tell how to authenticate."
    # A head from the simulator itself passes clean.
    curl -s -i "$BASE/api/status/429" >"$BATS_TEST_TMPDIR/head"
    fetch --data-binary "@$BATS_TEST_TMPDIR/head" "$BASE/api/inspect"
    status_is 200
    assert_equal "$(json .status)" 429
    assert_equal "$(json '[.notes[] | select(.about == "response")] | length')" 0
}

@test "/api/inspect: garbage gets 400 saying where parsing stopped" {
    printf 'HTTP/1.1 200 OK\r\nX-Fine: 1\r\nnot a field\r\n' >"$BATS_TEST_TMPDIR/head"
    fetch --data-binary "@$BATS_TEST_TMPDIR/head" "$BASE/api/inspect"
    status_is 400
    assert_equal "$(header Content-Type)" application/problem+json
    assert_equal "$(json .detail)" "Parsing stopped at line 3: expected a field name and a colon, found 'not a field'."
    printf '<script>alert(1)</script>' >"$BATS_TEST_TMPDIR/head"
    fetch --data-binary "@$BATS_TEST_TMPDIR/head" "$BASE/api/inspect"
    status_is 400
    assert_equal "$(json .detail)" "Parsing stopped at line 1: expected a status line such as 'HTTP/1.1 200 OK', found '<script>alert(1)</script>'."
    fetch -d '' "$BASE/api/inspect"
    status_is 400
    head -c 20000 /dev/zero | tr '\0' a >"$BATS_TEST_TMPDIR/big"
    fetch --data-binary "@$BATS_TEST_TMPDIR/big" "$BASE/api/inspect"
    status_is 413
    fetch "$BASE/api/inspect"
    status_is 405
    assert_equal "$(header Allow)" POST
}
