#!/usr/bin/env bats
# resources.bats - /api/resource/{key} behind lighttpd: validators and 304s
# for caches, versions and 412 for optimistic locking, deletion, and
# versions that appear by themselves

load helpers

@test "GET makes the resource; If-None-Match and If-Modified-Since get 304" {
    local url="$BASE/api/resource/cache-$$" etag modified
    fetch "$url"
    status_is 200
    assert_equal "$(json .version)" 1
    assert_equal "$(json .body)" ""
    assert_equal "$(header Cache-Control)" no-cache
    etag=$(header ETag)
    modified=$(header Last-Modified)
    [[ "$etag" == '"1-'* ]]
    fetch -H "If-None-Match: $etag" "$url"
    status_is 304
    assert_equal "$(body_size)" 0
    assert_equal "$(header ETag)" "$etag"
    fetch -H "If-Modified-Since: $modified" "$url"
    status_is 304
    fetch -H 'If-None-Match: "other"' "$url"
    status_is 200
    fetch -I "$url"
    status_is 200
    assert_equal "$(header ETag)" "$etag"
}

@test "PUT makes a new version; a stale If-Match or If-Unmodified-Since gets 412" {
    local url="$BASE/api/resource/lock-$$" first second
    fetch -X PUT -d 'v1' "$url"
    status_is 201
    assert_equal "$(json .body)" v1
    first=$(header ETag)
    fetch -X PUT -H "If-Match: $first" -d 'v2' "$url"
    status_is 200
    assert_equal "$(json .version)" 2
    second=$(header ETag)
    # The first writer's tag is stale now: its write would lose this one.
    fetch -X PUT -H "If-Match: $first" -d 'v3' "$url"
    status_is 412
    assert_equal "$(header ETag)" "$second"
    [[ "$(json .detail)" == "If-Match names another version than the current one"* ]]
    fetch -X PUT -H 'If-Unmodified-Since: Thu, 01 Jan 1970 00:00:00 GMT' -d 'v3' "$url"
    status_is 412
    fetch "$url"
    assert_equal "$(json .body)" v2
    fetch -X PUT -H 'If-Match: *' -d 'v3' "$url"
    status_is 200
    fetch -X PATCH -d x "$url"
    status_is 405
    assert_equal "$(header Allow)" "GET, HEAD, PUT, DELETE"
    head -c 8193 /dev/zero | tr '\0' x >"$BATS_TEST_TMPDIR/big"
    fetch -X PUT --data-binary "@$BATS_TEST_TMPDIR/big" "$url"
    status_is 413
    assert_equal "$(json .detail)" "A resource keeps at most 8192 bytes."
    head -c 8192 /dev/zero | tr '\0' x >"$BATS_TEST_TMPDIR/big"
    fetch -X PUT --data-binary "@$BATS_TEST_TMPDIR/big" "$url"
    status_is 200
    assert_equal "$(json '.body | length')" 8192
}

@test "DELETE: later GETs get 404, or 410 with gone=1; a PUT brings it back" {
    local url="$BASE/api/resource/gone-$$"
    fetch "$url"
    status_is 200
    fetch -X DELETE -H 'If-Match: "nope"' "$url"
    status_is 412
    fetch -X DELETE "$url"
    status_is 204
    fetch "$url"
    status_is 404
    fetch "$url?gone=1"
    status_is 410
    fetch -X DELETE "$url"
    status_is 404
    fetch -X PUT -d back "$url"
    status_is 201
    assert_equal "$(json .version)" 3
}

@test "change_every makes a new version appear by itself, the CGI route sees the same" {
    local url="$BASE/api/resource/ticking-$$" etag
    fetch -X PUT -d tick "$url"
    fetch "$url?change_every=1s"
    etag=$(header ETag)
    sleep 1.2
    fetch -H "If-None-Match: $etag" "$url?change_every=1s"
    status_is 200
    [ "$(json .version)" -ge 2 ]
    fetch "$BASE/cgi-bin/httpstatus/api/resource/ticking-$$"
    assert_equal "$(json .version)" 1
    assert_equal "$(json .body)" tick
    fetch "$url?change_every=soon"
    status_is 400
}

@test "resource requests with a key are logged under it" {
    local key=res-log-$$
    fetch -X PUT -d one "$BASE/api/resource/$key?key=$key"
    status_is 201
    fetch -X PUT -H 'If-Match: "stale"' -d two "$BASE/api/resource/$key?key=$key"
    status_is 412
    fetch "$BASE/api/requests?key=$key"
    assert_equal "$(json '[.requests[] | "\(.method) \(.status)"] | join(",")')" "PUT 201,PUT 412"
}
