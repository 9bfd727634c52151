#!/usr/bin/env bats
# browser.bats - the web pages in a real headless chromium (playwright-core)
#
# Each test runs one scenario of tests/browser/pages.mjs against this
# file's lighttpd; screenshots land in $HTTPSTATUS_ARTIFACTS.

load helpers

# configure --disable-browser-tests leaves these out, and each says so.
setup_file() {
    if [ "$HTTPSTATUS_BROWSER_TESTS" != no ]; then
        start_lighttpd
    fi
}

teardown_file() {
    if [ "$HTTPSTATUS_BROWSER_TESTS" != no ]; then
        stop_lighttpd
    fi
}

setup() {
    if [ "$HTTPSTATUS_BROWSER_TESTS" = no ]; then
        skip "configured with --disable-browser-tests"
    fi
    bats_load_library bats-support
    bats_load_library bats-assert
}

# scenario NAME - runs it; its complaints are in the output on failure
scenario() {
    run node "$BATS_TEST_DIRNAME/../browser/pages.mjs" "$BASE" "$1" \
        "$HTTPSTATUS_ARTIFACTS"
    [ "$status" -eq 0 ] || { echo "$output" >&2; return 1; }
}

@test "browser: the index filters to 511; its page sends and shows 511 with its fields" {
    scenario index-511
}

@test "browser: 204 shows no body" {
    scenario code-204
}

@test "browser: 301 shows the redirect the server sent, not the page it leads to" {
    scenario code-301
}

@test "browser: 401 shows the challenge without a login dialog" {
    scenario code-401
}

@test "browser: custom header and cache controls; markup in a value stays text" {
    scenario controls
}

@test "browser: phone width, dark mode, labels, keyboard, nothing from other sites" {
    scenario layout
}
