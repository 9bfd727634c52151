#!/usr/bin/env bats
# cache.bats - an example: a cache's revalidation tested against a
# resource that changes, with its ETag, Last-Modified and 304s.  Run with
# the bats-httpstatus library installed:  bats examples/

bats_load_library bats-httpstatus

setup_file() {
    httpstatus_start
}

teardown_file() {
    httpstatus_stop
}

@test "a cached copy revalidates with its ETag until the resource changes" {
    httpstatus_fetch -X PUT --data 'v1' /api/resource/cache-doc
    assert_http_status 201
    httpstatus_fetch /api/resource/cache-doc
    assert_http_status 200
    assert_http_header Cache-Control no-cache
    local etag
    etag=$(http_header ETag)
    [[ "$etag" == '"'*'"' ]]   # strong

    httpstatus_fetch -H "If-None-Match: $etag" /api/resource/cache-doc
    assert_http_status 304
    assert_http_header ETag "$etag"
    [[ -z "$HTTP_BODY" ]]

    httpstatus_fetch -X PUT --data 'v2' /api/resource/cache-doc
    assert_http_status 200
    httpstatus_fetch -H "If-None-Match: $etag" /api/resource/cache-doc
    assert_http_status 200
    assert_http_body_contains '"body":"v2"'
    [[ "$(http_header ETag)" != "$etag" ]]
}

@test "a write with a stale ETag is refused: optimistic locking" {
    httpstatus_fetch -X PUT --data 'a' /api/resource/cache-lock
    local etag
    etag=$(http_header ETag)
    httpstatus_fetch -X PUT --data 'b' /api/resource/cache-lock
    httpstatus_fetch -X PUT -H "If-Match: $etag" --data 'c' \
        /api/resource/cache-lock
    assert_http_status 412
}

@test "Last-Modified revalidates too" {
    httpstatus_fetch /api/resource/cache-dated
    local modified
    modified=$(http_header Last-Modified)
    httpstatus_fetch -H "If-Modified-Since: $modified" /api/resource/cache-dated
    assert_http_status 304
}
