#!/usr/bin/env bats
# status.bats - /api/status/{code} for every registered code, through lighttpd

# helpers.bash brings setup_file/teardown_file (one lighttpd for this file)
# and setup (the assertion libraries).
load helpers

# The IANA registry as this test expects the JSON to report it.
declare -gA REASON=(
    [100]="Continue" [101]="Switching Protocols" [102]="Processing"
    [103]="Early Hints" [104]="Upload Resumption Supported"
    [200]="OK" [201]="Created" [202]="Accepted"
    [203]="Non-Authoritative Information" [204]="No Content"
    [205]="Reset Content" [206]="Partial Content" [207]="Multi-Status"
    [208]="Already Reported" [226]="IM Used"
    [300]="Multiple Choices" [301]="Moved Permanently" [302]="Found"
    [303]="See Other" [304]="Not Modified" [305]="Use Proxy"
    [306]="(Unused)" [307]="Temporary Redirect" [308]="Permanent Redirect"
    [400]="Bad Request" [401]="Unauthorized" [402]="Payment Required"
    [403]="Forbidden" [404]="Not Found" [405]="Method Not Allowed"
    [406]="Not Acceptable" [407]="Proxy Authentication Required"
    [408]="Request Timeout" [409]="Conflict" [410]="Gone"
    [411]="Length Required" [412]="Precondition Failed"
    [413]="Content Too Large" [414]="URI Too Long"
    [415]="Unsupported Media Type" [416]="Range Not Satisfiable"
    [417]="Expectation Failed" [418]="(Unused)" [421]="Misdirected Request"
    [422]="Unprocessable Content" [423]="Locked" [424]="Failed Dependency"
    [425]="Too Early" [426]="Upgrade Required" [428]="Precondition Required"
    [429]="Too Many Requests" [431]="Request Header Fields Too Large"
    [451]="Unavailable For Legal Reasons"
    [500]="Internal Server Error" [501]="Not Implemented"
    [502]="Bad Gateway" [503]="Service Unavailable" [504]="Gateway Timeout"
    [505]="HTTP Version Not Supported" [506]="Variant Also Negotiates"
    [507]="Insufficient Storage" [508]="Loop Detected" [510]="Not Extended"
    [511]="Network Authentication Required"
)

# The header fields each code must carry on the wire, "Name: value" per line.
declare -gA REQUIRED=(
    [201]="Location: /api/status/200"
    [300]="Location: /api/status/200"
    [301]="Location: /api/status/200"
    [302]="Location: /api/status/200"
    [303]="Location: /api/status/200"
    [307]="Location: /api/status/200"
    [308]="Location: /api/status/200"
    [401]='WWW-Authenticate: Basic realm="httpstatus", charset="UTF-8"'
    [405]="Allow: POST, PUT, PATCH, DELETE, OPTIONS"
    [407]='Proxy-Authenticate: Basic realm="httpstatus", charset="UTF-8"'
    [416]="Content-Range: bytes */1024"
    [426]=$'Upgrade: HTTP/3.0\nConnection: upgrade'
    [429]="Retry-After: 5"
    [451]='Link: </>; rel="blocked-by"'
    [503]="Retry-After: 5"
    [226]='ETag: "httpstatus-226"'
    [511]='Link: </login.html>; rel="authenticate"'
)

# check_final CODE - GET and HEAD of a final (2xx..5xx) code
check_final() {
    local code=$1
    fetch "$BASE/api/status/$code"
    status_is "$code"
    expect_eq "$(header Cache-Control)" "no-store" "$code Cache-Control"
    [[ "$(header X-Request-Id)" =~ ^[0-9a-f]{16}$ ]] ||
        { echo "$code: bad X-Request-Id '$(header X-Request-Id)'" >&2; return 1; }

    local line
    while IFS= read -r line; do
        [ -n "$line" ] || continue
        expect_eq "$(header "${line%%: *}")" "${line#*: }" "$code ${line%%: *}"
        expect_eq "$(header_count "${line%%: *}")" 1 "$code ${line%%: *} count"
    done <<<"${REQUIRED[$code]:-}"

    case $code in
    204 | 304)
        expect_eq "$(body_size)" 0 "$code body"
        expect_eq "$(header_count Content-Length)" 0 "$code Content-Length"
        expect_eq "$(header_count Content-Type)" 0 "$code Content-Type"
        ;;
    205)
        expect_eq "$(body_size)" 0 "$code body"
        expect_eq "$(header Content-Length)" 0 "$code Content-Length"
        ;;
    *)
        expect_eq "$(header Content-Type)" "application/json; charset=utf-8" \
            "$code Content-Type"
        expect_eq "$(header Content-Length)" "$(body_size)" "$code Content-Length"
        expect_eq "$(json '[.status.code, .status.reason, .status.registered,
                .response.status, .request.method, .request.path,
                .request.id] | map(tostring) | join("|")')" \
            "$code|${REASON[$code]}|true|$code|GET|/api/status/$code|$(header X-Request-Id)" \
            "$code JSON code|reason|registered|sent|method|path|id"
        ;;
    esac

    # HEAD: the same fields as GET, and not one byte after them.
    local get_length get_type
    get_length=$(header Content-Length) get_type=$(header Content-Type)
    fetch -I "$BASE/api/status/$code"
    status_is "$code"
    # lighttpd leaves out the "Content-Length: 0" of a HEAD 205, which
    # RFC 9110 §8.6 allows; a length it does send must be GET's.
    if [ "$code" != 205 ] || [ "$(header_count Content-Length)" != 0 ]; then
        expect_eq "$(header Content-Length)" "$get_length" "$code HEAD Content-Length"
    fi
    expect_eq "$(header Content-Type)" "$get_type" "$code HEAD Content-Type"
    while IFS= read -r line; do
        [ -n "$line" ] || continue
        expect_eq "$(header "${line%%: *}")" "${line#*: }" "$code HEAD ${line%%: *}"
    done <<<"${REQUIRED[$code]:-}"
    raw_request HEAD "/api/status/$code"
    expect_eq "$(raw_body_size)" 0 "$code HEAD body bytes"
}

# check_class DIGIT COUNT - every registered code of a class; COUNT guards
# against a loop that silently checks nothing.
check_class() {
    local code checked=0
    for code in "${!REASON[@]}"; do
        [ "${code:0:1}" = "$1" ] || continue
        check_final "$code"
        checked=$((checked + 1))
    done
    expect_eq "$checked" "$2" "codes checked in class ${1}xx"
}

@test "every registered 2xx code answers with itself, its headers and its body" {
    check_class 2 10
}

@test "every registered 3xx code answers with itself, its headers and its body" {
    check_class 3 9
}

@test "every registered 4xx code answers with itself, its headers and its body" {
    check_class 4 29
}

@test "every registered 5xx code answers with itself, its headers and its body" {
    check_class 5 11
}

@test "the table covers the 64 codes of the IANA registry" {
    [ "${#REASON[@]}" -eq 64 ]
}

@test "511 carries the login Link, JSON that points to the login page, and is not cacheable" {
    fetch "$BASE/api/status/511"
    status_is 511
    assert_equal "$(header Link)" '</login.html>; rel="authenticate"'
    assert_equal "$(header_count WWW-Authenticate)" 0
    assert_equal "$(json '.response.headers.Link')" '</login.html>; rel="authenticate"'
    assert_equal "$(json .status.spec)" "RFC 6585, Section 6"
    assert_equal "$(json .status.cache_may_store)" false
    assert_equal "$(json .status.class)" "5xx"
    assert_equal "$(json .status.class_name)" "Server Error"
    fetch "$BASE/login.html"
    status_is 200
    grep -q 'Network login' "$BATS_TEST_TMPDIR/body"
}

@test "the JSON body describes the request: query, headers, redactions, address, time" {
    fetch -H 'Authorization: Bearer secret-token' -H 'Cookie: sid=hush' \
        -H 'Proxy-Authorization: Basic c2VjcmV0' -H 'X-Custom: hello' \
        "$BASE/api/status/418?a=1&b=two"
    status_is 418
    assert_equal "$(json .request.query)" "a=1&b=two"
    assert_equal "$(json '.request.headers["X-Custom"]')" hello
    assert_equal "$(json '.request.headers.Authorization')" "[redacted]"
    assert_equal "$(json '.request.headers.Cookie')" "[redacted]"
    assert_equal "$(json '.request.headers["Proxy-Authorization"]')" "[redacted]"
    run ! grep -e secret-token -e hush -e c2VjcmV0 "$BATS_TEST_TMPDIR/body"
    assert_equal "$(json .request.remote_addr)" 127.0.0.1
    assert_equal "$(json .request.body_bytes)" 0
    [[ "$(json .request.received)" =~ ^20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]\.[0-9]{3}Z$ ]]
    assert_equal "$(json .status.registry)" unused
    assert_equal "$(json .status.reason)" "(Unused)"
}

@test "unregistered codes 100..599 are accepted and reported as unregistered" {
    fetch "$BASE/api/status/299"
    status_is 299
    assert_equal "$(json .status.registered)" false
    assert_equal "$(json .status.registry)" unassigned
    assert_equal "$(json .status.class_name)" Successful
    assert_equal "$(json .status.spec)" "RFC 9110, Section 15.3"
    fetch "$BASE/api/status/599"
    status_is 599
    assert_equal "$(json .status.registered)" false
    assert_equal "$(json .status.class)" 5xx
    fetch "$BASE/api/status/432"
    status_is 432
    assert_equal "$(json .status.code)" 432
}

@test "request bodies are read and counted for every method with a body" {
    local method
    head -c 70000 /dev/urandom >"$BATS_TEST_TMPDIR/upload"
    for method in POST PUT PATCH DELETE OPTIONS; do
        fetch -X "$method" --data-binary "@$BATS_TEST_TMPDIR/upload" \
            "$BASE/api/status/202"
        status_is 202
        assert_equal "$(json .request.method)" "$method"
        assert_equal "$(json .request.body_bytes)" 70000
    done
    fetch -X POST -H 'Transfer-Encoding: chunked' \
        --data-binary "@$BATS_TEST_TMPDIR/upload" "$BASE/api/status/201"
    status_is 201
    assert_equal "$(json .request.body_bytes)" 70000
}

@test "405 never allows the method it refused" {
    fetch -X POST --data '' "$BASE/api/status/405"
    status_is 405
    assert_equal "$(header Allow)" "GET, HEAD, PUT, PATCH, DELETE, OPTIONS"
    fetch -X DELETE "$BASE/api/status/405"
    assert_equal "$(header Allow)" "GET, HEAD, POST, PUT, PATCH, OPTIONS"
}

@test "206 describes its whole body with Content-Range" {
    fetch "$BASE/api/status/206"
    status_is 206
    local size
    size=$(body_size)
    assert_equal "$(header Content-Range)" "bytes 0-$((size - 1))/$size"
}

@test "a redirect lands on a 200 when followed" {
    fetch -L "$BASE/api/status/308"
    status_is 200
    assert_equal "$(json .request.path)" /api/status/200
}

@test "request ids differ from request to request" {
    fetch "$BASE/api/status/200"
    local first
    first=$(header X-Request-Id)
    fetch "$BASE/api/status/200"
    [ "$first" != "$(header X-Request-Id)" ]
}

@test "a sane X-Request-Id from the client is kept, anything else replaced" {
    fetch -H 'X-Request-Id: 0f8fad5b-d9cb-469f-a165-70867728950e' "$BASE/api/status/200"
    assert_equal "$(header X-Request-Id)" 0f8fad5b-d9cb-469f-a165-70867728950e
    assert_equal "$(json .request.id)" 0f8fad5b-d9cb-469f-a165-70867728950e
    fetch -H 'X-Request-Id: <b>not a token</b>' "$BASE/api/status/200"
    [[ "$(header X-Request-Id)" =~ ^[0-9a-f]{16}$ ]]
    fetch -H 'X-Request-Id: trace-7' "$BASE/api/status/abc"
    assert_equal "$(json .request_id)" trace-7
}

@test "/api/health answers 200 for load balancers" {
    fetch "$BASE/api/health"
    status_is 200
    assert_equal "$(cat "$BATS_TEST_TMPDIR/body")" '{"status":"ok"}'
    assert_equal "$(header Cache-Control)" no-store
    fetch -I "$BASE/api/health"
    status_is 200
}

@test "/api/openapi.json describes every route and control" {
    fetch "$BASE/api/openapi.json"
    status_is 200
    assert_equal "$(header Content-Type)" application/json
    assert_equal "$(header Cache-Control)" "public, max-age=3600"
    assert_equal "$(json .openapi)" 3.1.0
    assert_equal "$(json '.paths | keys | join(" ")')" \
        "/api/auth/basic/{user}/{passwd} /api/auth/bearer /api/auth/digest/{qop}/{user}/{passwd} /api/auth/hidden-basic/{user}/{passwd} /api/codes /api/codes/{code} /api/error /api/health /api/inspect /api/openapi.json /api/requests /api/resource/{key} /api/status/{codes} /basic-auth/{user}/{passwd} /bearer /digest-auth/{qop}/{user}/{passwd} /hidden-basic-auth/{user}/{passwd} /random/{codes} /status/{codes} /{code}"
    local control
    for control in sleep seed suppressBody sleepAfterHeaders dribbleBody abort envelope \
        format cache etag location retry_after www_authenticate allow header \
        sequence then key ratelimit ratelimit_status ratelimit_fields fail fail_status; do
        assert_equal "$(json ".components.parameters.$control.name")" "$control"
    done
}

@test "CORS: any origin, and every field of the answer exposed" {
    fetch -H 'Origin: https://example.test' "$BASE/api/status/429"
    status_is 429
    assert_equal "$(header Access-Control-Allow-Origin)" "*"
    assert_equal "$(header Access-Control-Expose-Headers)" "X-Request-Id, Retry-After, Vary"
    fetch "$BASE/api/status/511"
    assert_equal "$(header Access-Control-Expose-Headers)" "X-Request-Id, Link, Vary"
}

@test "CORS: a preflight is answered, a plain OPTIONS gets the simulated status" {
    fetch -X OPTIONS -H 'Origin: https://example.test' \
        -H 'Access-Control-Request-Method: PUT' \
        -H 'Access-Control-Request-Headers: x-httpstatus-sleep, content-type' \
        "$BASE/api/status/503"
    status_is 204
    assert_equal "$(header Access-Control-Allow-Origin)" "*"
    assert_equal "$(header Access-Control-Allow-Methods)" \
        "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"
    assert_equal "$(header Access-Control-Allow-Headers)" \
        "x-httpstatus-sleep, content-type"
    assert_equal "$(header Access-Control-Max-Age)" 600
    assert_equal "$(body_size)" 0
    fetch -X OPTIONS "$BASE/api/status/503"
    status_is 503
    assert_equal "$(header Retry-After)" 5
}
