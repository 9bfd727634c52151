#!/usr/bin/env bats
# logins.bats - logins that succeed, with curl as the client: Basic, Bearer
# and Digest (MD5 and SHA-256, curl computing the answer), for origins and
# proxies, behind lighttpd

load helpers

@test "Basic: the right user and password get 200, others the challenge" {
    fetch -u alice:s3cret "$BASE/basic-auth/alice/s3cret"
    status_is 200
    assert_equal "$(json .authenticated)" true
    assert_equal "$(json .user)" alice
    fetch -u alice:wrong "$BASE/api/auth/basic/alice/s3cret"
    status_is 401
    assert_equal "$(header WWW-Authenticate)" 'Basic realm="httpstatus", charset="UTF-8"'
    assert_equal "$(header Content-Type)" application/problem+json
    fetch "$BASE/hidden-basic-auth/alice/s3cret"
    status_is 404
    assert_equal "$(header_count WWW-Authenticate)" 0
    fetch -u alice:s3cret "$BASE/hidden-basic-auth/alice/s3cret"
    status_is 200
}

@test "Digest: curl --digest gets through with MD5 and SHA-256; a wrong password does not" {
    fetch --digest -u bob:pw "$BASE/digest-auth/auth/bob/pw"
    status_is 200
    assert_equal "$(status_lines)" "401 200 "
    assert_equal "$(json .user)" bob
    fetch --digest -u bob:pw "$BASE/api/auth/digest/auth/bob/pw/SHA-256"
    status_is 200
    [[ "$(grep -i '^WWW-Authenticate' "$BATS_TEST_TMPDIR/headers")" == *"algorithm=SHA-256"* ]]
    fetch --digest -u bob:nope "$BASE/digest-auth/auth/bob/pw"
    status_is 401
    assert_equal "$(json .detail)" "The response does not match the password in the URL."
}

@test "Digest: an answer to an expired nonce gets stale=true and a new nonce" {
    fetch "$BASE/digest-auth/auth/bob/pw?stale_after=1"
    status_is 401
    local challenge nonce
    challenge=$(header WWW-Authenticate)
    nonce=$(sed -n 's/.*nonce="\([^"]*\)".*/\1/p' <<<"$challenge")
    [ -n "$nonce" ]
    local uri="/digest-auth/auth/bob/pw?stale_after=1" ha1 ha2 response
    ha1=$(printf '%s' "bob:httpstatus:pw" | md5sum | cut -c1-32)
    ha2=$(printf '%s' "GET:$uri" | md5sum | cut -c1-32)
    response=$(printf '%s' "$ha1:$nonce:00000001:abc:auth:$ha2" | md5sum | cut -c1-32)
    local credentials="Digest username=\"bob\", realm=\"httpstatus\", nonce=\"$nonce\", uri=\"$uri\", qop=auth, nc=00000001, cnonce=\"abc\", response=\"$response\""
    fetch -H "Authorization: $credentials" "$BASE$uri"
    status_is 200
    sleep 2.1
    fetch -H "Authorization: $credentials" "$BASE$uri"
    status_is 401
    [[ "$(header WWW-Authenticate)" == *"stale=true" ]]
    [[ "$(header WWW-Authenticate)" != *"nonce=\"$nonce\""* ]]
}

@test "Bearer, and the proxies' logins with Proxy-Authorization and 407" {
    fetch -H 'Authorization: Bearer tok-1' "$BASE/bearer"
    status_is 200
    assert_equal "$(json .token)" tok-1
    fetch "$BASE/bearer"
    status_is 401
    assert_equal "$(header WWW-Authenticate)" 'Bearer realm="httpstatus"'
    fetch -u carol:pw "$BASE/api/auth/proxy-basic/carol/pw"
    status_is 407
    assert_equal "$(header Proxy-Authenticate)" 'Basic realm="httpstatus", charset="UTF-8"'
    fetch -H "Proxy-Authorization: Basic $(printf carol:pw | base64)" \
        "$BASE/api/auth/proxy-basic/carol/pw"
    status_is 200
}

@test "logins with a key are logged: a client's retry with credentials after the challenge" {
    local key=login-$$
    fetch --digest -u bob:pw "$BASE/digest-auth/auth/bob/pw?key=$key"
    status_is 200
    fetch "$BASE/api/requests?key=$key"
    assert_equal "$(json '[.requests[].status] | join(",")')" "401,200"
    assert_equal "$(json '.requests[1].headers.Authorization')" "[redacted]"
}
