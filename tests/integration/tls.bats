#!/usr/bin/env bats
# tls.bats - lighttpd over TLS (conf/lighttpd-tls.conf, `make serve TLS=1`):
# a certificate made at start, HTTP/1.1 and HTTP/2 by ALPN

load helpers

setup_file() {
    HTTPSTATUS_TLS=1 start_lighttpd
}

@test "TLS: the API and the pages answer over HTTPS with the certificate made at start" {
    [[ "$BASE" == https://127.0.0.1:* ]]
    fetch --cacert "$HTTPSTATUS_CA" --http1.1 "$BASE/api/status/418"
    status_is 418
    assert_equal "$(json .request.headers.Host)" "${BASE#https://}"
    fetch --cacert "$HTTPSTATUS_CA" "$BASE/"
    status_is 200
    # Without trusting it, a client refuses the certificate.
    run curl -s -o /dev/null "$BASE/api/status/200"
    assert_equal "$status" 60
}

@test "TLS: HTTP/2 by ALPN carries 103 as an interim response, then 200" {
    fetch --cacert "$HTTPSTATUS_CA" --http2 "$BASE/api/status/103"
    status_is 200
    assert_equal "$(status_lines)" "103 200 "
    grep -q '^HTTP/2 103' "$BATS_TEST_TMPDIR/headers"
}

@test "TLS: HTTP/2 by ALPN, a 426 goes without Upgrade; HTTP/1.1 gets it" {
    fetch --cacert "$HTTPSTATUS_CA" --http2 "$BASE/api/status/426"
    status_is 426
    grep -q '^HTTP/2 426' "$BATS_TEST_TMPDIR/headers"
    assert_equal "$(header_count Upgrade)" 0
    fetch --cacert "$HTTPSTATUS_CA" --http1.1 "$BASE/api/status/426"
    status_is 426
    assert_equal "$(header Upgrade)" "HTTP/3.0"
}
