#!/usr/bin/env bats
# interim.bats - 1xx codes: an interim response, then a final 200 that explains

# helpers.bash brings setup_file/teardown_file (one lighttpd for this file)
# and setup (the assertion libraries).
load helpers

@test "100, 102, 103 and 104 come as an interim response followed by a final 200" {
    local code
    for code in 100 102 103 104; do
        fetch "$BASE/api/status/$code"
        status_is 200
        assert_equal "$(status_lines)" "$code 200 "
        assert_equal "$(json .status.code)" "$code"
        assert_equal "$(json .response.status)" 200
        assert_equal "$(json '.response.interim[0].status')" "$code"
        assert_equal "$(json '.response.interim | length')" 1
        assert_equal "$(json .status.body_allowed)" false
        [[ "$(json .response.note)" == "HTTP has no final 1xx response"* ]]
        assert_equal "$(header Content-Type)" "application/json; charset=utf-8"
        assert_equal "$(header Content-Length)" "$(body_size)"
    done
}

@test "103 Early Hints carries a preload Link on the interim response" {
    fetch "$BASE/api/status/103"
    # The first header block is the 103's.
    run awk '/^\r?$/ { exit } { print }' "$BATS_TEST_TMPDIR/headers"
    assert_line --index 0 --regexp '^HTTP/1\.1 103'
    # Lower case: see response.c (lighttpd's HTTP/2 takes names as they are).
    assert_line --regexp '^link: </style.css>; rel=preload; as=style'
    assert_equal "$(json '.response.interim[0].headers.Link')" \
        "</style.css>; rel=preload; as=style"
    # The hinted resource exists.
    fetch "$BASE/style.css"
    status_is 200
}

@test "101 is never sent: a final 200 explains why, with or without an Upgrade offer" {
    fetch "$BASE/api/status/101"
    status_is 200
    assert_equal "$(status_lines)" "200 "
    assert_equal "$(json .status.code)" 101
    assert_equal "$(json '.response.interim | length')" 0
    [[ "$(json .response.note)" == "101 Switching Protocols was not sent"* ]]
    assert_equal "$(header_count Upgrade)" 0

    fetch -H 'Connection: Upgrade' -H 'Upgrade: websocket' "$BASE/api/status/101"
    status_is 200
    assert_equal "$(status_lines)" "200 "
    assert_equal "$(json '.request.headers.Upgrade')" websocket
}

@test "an unregistered 1xx code is an interim response too" {
    fetch "$BASE/api/status/150"
    status_is 200
    assert_equal "$(status_lines)" "150 200 "
    assert_equal "$(json .status.registered)" false
}

@test "HTTP/1.0 clients get no interim response, and the note says why" {
    fetch --http1.0 "$BASE/api/status/103"
    status_is 200
    assert_equal "$(status_lines)" "200 "
    assert_equal "$(json '.response.interim | length')" 0
    [[ "$(json .response.note)" == *"HTTP/1.0"* ]]
}

@test "HEAD of a 1xx code: interim response, final 200 with no body" {
    local code
    for code in 100 102 103 104; do
        fetch -I "$BASE/api/status/$code"
        status_is 200
        assert_equal "$(status_lines)" "$code 200 "
        raw_request HEAD "/api/status/$code"
        run grep -c '^HTTP/1.1 ' "$BATS_TEST_TMPDIR/raw"
        assert_output 2
        assert_equal "$(raw_body_size)" 0
    done
    fetch -I "$BASE/api/status/101"
    assert_equal "$(status_lines)" "200 "
    raw_request GET /api/status/102
    assert_equal "$(raw_body_size)" "$(grep -i '^Content-Length:' "$BATS_TEST_TMPDIR/raw" | tr -dc 0-9)"
}

@test "a request with Expect: 100-continue gets its body through" {
    head -c 4000 /dev/zero >"$BATS_TEST_TMPDIR/upload"
    fetch -H 'Expect: 100-continue' --data-binary "@$BATS_TEST_TMPDIR/upload" \
        "$BASE/api/status/100"
    status_is 200
    assert_equal "$(json .request.body_bytes)" 4000
    assert_equal "$(json '.response.interim[0].status')" 100
}
