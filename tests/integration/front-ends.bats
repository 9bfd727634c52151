#!/usr/bin/env bats
# front-ends.bats - what reaches the client through each web server: a 1xx
# goes out as an interim response only where the front end relays one

load helpers
beside_nginx

@test "nginx: a 1xx is left out, and the final 200 says why in a field and its body" {
    local code
    for code in 100 102 103 104; do
        fetch "$NGINX_BASE/api/status/$code"
        status_is 200
        assert_equal "$(status_lines)" "200 "
        [[ "$(header X-HttpStatus-Interim)" == \
           'omitted; reason="nginx '*'"' ]]
        assert_equal "$(json .status.code)" "$code"
        assert_equal "$(json '.response.interim | length')" 0
        [[ "$(json .response.note)" == \
           "The code was not sent as an interim response: nginx "* ]]
        assert_equal "$(header Content-Length)" "$(body_size)"
    done
}

@test "nginx: final codes carry no X-HttpStatus-Interim" {
    fetch "$NGINX_BASE/api/status/200"
    status_is 200
    assert_equal "$(header_count X-HttpStatus-Interim)" 0
}

@test "nginx: its own refusals come as problems with their status, a large body before it is uploaded" {
    fetch "$NGINX_BASE/codes/999"
    front_end_refused 404 nginx "for '/codes/999' before it reached the simulator: nothing is served at this path."
    refused_before_upload "$NGINX_BASE" nginx
    fetch "$NGINX_BASE/$(printf '1%.0s' $(seq 9000))"
    front_end_refused 414 nginx "the URL is longer than it accepts"
    fetch "$NGINX_BASE/api/status/200"
    status_is 200
}

@test "nginx: logins succeed with the right credentials, curl answering Digest" {
    fetch --digest -u bob:pw "$NGINX_BASE/digest-auth/auth/bob/pw"
    status_is 200
    fetch -u bob:pw "$NGINX_BASE/basic-auth/bob/nope"
    status_is 401
}

@test "nginx and lighttpd: an encoded control character in a query value gets 400, whoever refuses it" {
    local base
    for base in "$NGINX_BASE" "$BASE"; do
        fetch "$base/api/status/301?to=%0D%0ASet-Cookie:%20x=1"
        status_is 400
        assert_equal "$(header Content-Type)" application/problem+json
        assert_equal "$(header_count Set-Cookie)" 0
        assert_equal "$(header_count Location)" 0
    done
}

@test "lighttpd over HTTP/2 (h2c): 103 arrives as an interim response with its Link, then 200" {
    fetch --http2-prior-knowledge "$BASE/api/status/103"
    status_is 200
    assert_equal "$(status_lines)" "103 200 "
    grep -q '^HTTP/2 103' "$BATS_TEST_TMPDIR/headers"
    grep -qi '^link: </style.css>; rel=preload; as=style' \
        "$BATS_TEST_TMPDIR/headers"
    assert_equal "$(header_count X-HttpStatus-Interim)" 0
}

@test "lighttpd over HTTP/2 (h2c): 100, 102 and 104 arrive as interim responses" {
    local code
    for code in 100 102 104; do
        fetch --http2-prior-knowledge "$BASE/api/status/$code"
        status_is 200
        assert_equal "$(status_lines)" "$code 200 "
    done
}

@test "lighttpd over HTTP/2 (h2c): a 426 goes without Upgrade and Connection, and its notes say why" {
    fetch --http2-prior-knowledge "$BASE/api/status/426"
    status_is 426
    assert_equal "$(header_count Upgrade)" 0
    assert_equal "$(header_count Connection)" 0
    run json '[.notes[] | select(.about == "response") | .text]'
    assert_output --partial "Over HTTP/2 a 426 goes without Upgrade"
    refute_output --partial "A 426 must carry Upgrade."
}

@test "lighttpd: Upgrade goes with every 426, one picked from a list too, and with no other status" {
    fetch "$BASE/api/status/426"
    status_is 426
    assert_equal "$(header Upgrade)" "HTTP/3.0"
    assert_equal "$(header Connection)" "upgrade"
    fetch "$BASE/api/status/426,426"
    status_is 426
    assert_equal "$(header Upgrade)" "HTTP/3.0"
    fetch "$BASE/api/status/426?envelope=true"
    status_is 200
    assert_equal "$(header_count Upgrade)" 0
}

@test "nginx: sleepAfterHeaders sends the head first, and a cut it cannot pass on is refused with 422" {
    run curl -s -o /dev/null -w '%{http_code} %{time_starttransfer} %{time_total}' \
        "$NGINX_BASE/api/status/200?sleepAfterHeaders=1500"
    local code first total
    read -r code first total <<<"$output"
    assert_equal "$code" 200
    awk -v f="$first" -v t="$total" 'BEGIN { exit !(f < 1.0 && t >= 1.5) }'
    local point
    for point in before_headers after_headers during_body; do
        fetch "$NGINX_BASE/api/status/200?abort=$point"
        status_is 422
        [[ "$(json .detail)" == "abort=$point cannot reach the client as a cut connection here: nginx "* ]]
    done
}

@test "lighttpd: a Range request gets the whole simulated response, and 206 stays the worker's" {
    fetch -r 0-9 "$BASE/api/status/200"
    status_is 200
    assert_equal "$(header Content-Length)" "$(body_size)"
    assert_equal "$(json .status.code)" 200
    fetch -r 0-9 "$BASE/api/status/206"
    status_is 206
    [[ "$(header Content-Range)" == "bytes 0-"* ]]
    assert_equal "$(json .status.code)" 206
}
