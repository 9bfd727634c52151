#!/usr/bin/env bats
# deploy.bats - the shipped configurations inside the web servers' own, as
# an administrator deploys them: Debian's /etc/lighttpd/lighttpd.conf with
# conf/lighttpd-httpstatus.conf included, and Debian's /etc/nginx/nginx.conf
# with conf/nginx-httpstatus.conf in place of its sites.  Each is moved to
# a private directory and loopback ports; the simulator's values at the top
# of its file are set as the file says.

load helpers
# shellcheck source=../../scripts/nginx.sh
. "$BATS_TEST_DIRNAME/../../scripts/nginx.sh"
# shellcheck source=../../scripts/apache.sh
. "$BATS_TEST_DIRNAME/../../scripts/apache.sh"

ROOT="$BATS_TEST_DIRNAME/../.."

# debian_lighttpd_config RUNDIR OWN_PORT SITE_CONF - Debian's
# lighttpd.conf on stdout, its own site on 127.0.0.1:OWN_PORT with its files
# in RUNDIR, run as the user who runs the tests, SITE_CONF included at its
# end
debian_lighttpd_config() {
    sed -e "s|^server.port .*|server.port = $2\nserver.bind = \"127.0.0.1\"|" \
        -e '/use-ipv6.pl/d' -e '/^server.username/d' \
        -e '/^server.groupname/d' \
        -e "s|/var/www/html|$1/html|" \
        -e "s|/var/cache/lighttpd/uploads|$1|" \
        -e "s|/var/log/lighttpd/error.log|$1/error.log|" \
        -e "s|/run/lighttpd.pid|$1/lighttpd.pid|" /etc/lighttpd/lighttpd.conf
    echo "include \"$3\""
}

# debian_nginx_config RUNDIR SITE_CONF - Debian's nginx.conf on stdout,
# its files in RUNDIR, run as the user who runs the tests, SITE_CONF
# included in place of sites-enabled (whose default site takes port 80 on
# every address)
debian_nginx_config() {
    local temp='' kind
    for kind in client_body fastcgi proxy uwsgi scgi; do
        temp="$temp\\n\\t${kind}_temp_path $1/$kind;"
    done
    sed -e '/^user /d' -e "s|^pid .*|pid $1/nginx.pid;|" \
        -e "s|/var/log/nginx/|$1/|g" \
        -e "s|include /etc/nginx/sites-enabled/\*;|include $2;|" \
        -e "s|^http {|http {$temp|" /etc/nginx/nginx.conf
}

setup_file() {
    DEPLOY_RUNDIR=$(mktemp -d /tmp/httpstatus-deploy.XXXXXX)
    export DEPLOY_RUNDIR
    mkdir "$DEPLOY_RUNDIR/html" "$DEPLOY_RUNDIR/nginx"

    # lighttpd: Debian's site and the simulator's address side by side.
    HTTPSTATUS_RUNDIR=$DEPLOY_RUNDIR HTTPSTATUS_CONF_DIR="$ROOT/conf"
    HTTPSTATUS_MAX_REQUEST_KIB=1024
    export HTTPSTATUS_RUNDIR HTTPSTATUS_CONF_DIR HTTPSTATUS_MAX_REQUEST_KIB
    LIGHTTPD_OWN_PORT=$(lighttpd_free_port)
    SIM_PORT=$(lighttpd_free_port)
    while [ "$SIM_PORT" = "$LIGHTTPD_OWN_PORT" ]; do
        SIM_PORT=$(lighttpd_free_port)
    done
    lighttpd_site_conf "127.0.0.1:$SIM_PORT" >"$DEPLOY_RUNDIR/httpstatus.conf"
    debian_lighttpd_config "$DEPLOY_RUNDIR" "$LIGHTTPD_OWN_PORT" \
        "$DEPLOY_RUNDIR/httpstatus.conf" >"$DEPLOY_RUNDIR/lighttpd.conf"
    "$LIGHTTPD" -D -f "$DEPLOY_RUNDIR/lighttpd.conf" \
        >"$DEPLOY_RUNDIR/lighttpd.out" 2>&1 3>&- &
    LIGHTTPD_PID=$!
    LIGHTTPD_SIM="http://127.0.0.1:$SIM_PORT"
    LIGHTTPD_OWN="http://127.0.0.1:$LIGHTTPD_OWN_PORT"
    export LIGHTTPD_PID LIGHTTPD_SIM LIGHTTPD_OWN
    front_end_wait_ready "$LIGHTTPD_PID" "$LIGHTTPD_SIM" || {
        cat "$DEPLOY_RUNDIR/lighttpd.out" "$DEPLOY_RUNDIR/error.log" >&2
        return 1
    }

    # nginx: the worker on its own socket, the simulator as nginx's site.
    "$HTTPSTATUS_BIN" -s "$DEPLOY_RUNDIR/worker.sock" -t 8 \
        >"$DEPLOY_RUNDIR/worker.log" 2>&1 3>&- &
    WORKER_PID=$!
    NGINX_PORT=$(lighttpd_free_port)
    HTTPSTATUS_CONF_DIR=$ROOT/conf nginx_config "$NGINX_PORT" "$DEPLOY_RUNDIR/nginx" \
        "server unix:$DEPLOY_RUNDIR/worker.sock;" >/dev/null
    debian_nginx_config "$DEPLOY_RUNDIR/nginx" \
        "$DEPLOY_RUNDIR/nginx/httpstatus.conf" >"$DEPLOY_RUNDIR/nginx.conf"
    "$NGINX" -e "$DEPLOY_RUNDIR/nginx/error.log" \
        -c "$DEPLOY_RUNDIR/nginx.conf" -g 'daemon off; master_process off;' \
        >"$DEPLOY_RUNDIR/nginx.out" 2>&1 3>&- &
    NGINX_PID=$!
    NGINX_SIM="http://127.0.0.1:$NGINX_PORT"
    export WORKER_PID NGINX_PID NGINX_SIM
    front_end_wait_ready "$NGINX_PID" "$NGINX_SIM" || {
        cat "$DEPLOY_RUNDIR/nginx.out" "$DEPLOY_RUNDIR/nginx/error.log" >&2
        return 1
    }
}

teardown_file() {
    local status=0
    front_end_stop ${LIGHTTPD_PID:-} ${NGINX_PID:-} ${WORKER_PID:-} ||
        status=1
    sanitizer_clean "$DEPLOY_RUNDIR/worker.log" || status=1
    rm -rf "$DEPLOY_RUNDIR"
    return "$status"
}

@test "Debian's lighttpd with lighttpd-httpstatus.conf included: the simulator on its address, 1xx and 426 included" {
    fetch "$LIGHTTPD_SIM/api/status/418"
    status_is 418
    assert_equal "$(json .status.code)" 418
    fetch "$LIGHTTPD_SIM/api/status/103"
    assert_equal "$(status_lines)" "103 200 "
    fetch "$LIGHTTPD_SIM/api/status/426"
    status_is 426
    assert_equal "$(header Upgrade)" "HTTP/3.0"
    fetch "$LIGHTTPD_SIM/codes/511"
    status_is 200
    assert_equal "$(header Content-Type)" "text/html; charset=utf-8"
    fetch "$LIGHTTPD_SIM/codes/999"
    front_end_refused 404 lighttpd "nothing is served at this path"
}

@test "Debian's lighttpd with lighttpd-httpstatus.conf included: its own site is left as it was" {
    echo "Debian's own page" >"$DEPLOY_RUNDIR/html/index.html"
    fetch "$LIGHTTPD_OWN/"
    status_is 200
    assert_equal "$(cat "$BATS_TEST_TMPDIR/body")" "Debian's own page"
    fetch "$LIGHTTPD_OWN/api/status/418"
    status_is 404
    assert_equal "$(header Content-Type)" "text/html"
}

@test "Debian's nginx with nginx-httpstatus.conf as its site: the simulator, its refusals as problems" {
    fetch "$NGINX_SIM/api/status/418"
    status_is 418
    assert_equal "$(json .status.code)" 418
    fetch "$NGINX_SIM/api/status/103"
    status_is 200
    [[ "$(header X-HttpStatus-Interim)" == 'omitted; reason="nginx '* ]]
    fetch "$NGINX_SIM/codes/511"
    status_is 200
    assert_equal "$(header Content-Type)" "text/html; charset=utf-8"
    fetch "$NGINX_SIM/style.css"
    status_is 200
    assert_equal "$(header Content-Type)" "text/css"
    fetch "$NGINX_SIM/codes/999"
    front_end_refused 404 nginx "nothing is served at this path"
    refused_before_upload "$NGINX_SIM" nginx
}

@test "make serve's launcher serves the pages and the API on the port it is given" {
    local port pid
    port=$(lighttpd_free_port)
    (lighttpd_serve "$port" >"$DEPLOY_RUNDIR/serve.out" 2>&1 3>&-) &
    pid=$!
    front_end_wait_ready "$pid" "http://127.0.0.1:$port" || {
        cat "$DEPLOY_RUNDIR/serve.out" >&2
        return 1
    }
    fetch "http://127.0.0.1:$port/api/status/418"
    status_is 418
    fetch "http://127.0.0.1:$port/codes/418"
    status_is 200
    # lighttpd runs in the launcher's foreground: stopped, it ends the
    # launcher, whose trap removes the run directory.
    front_end_stop "$(ps -o pid= --ppid "$pid")"
    lighttpd_wait_exit "$pid"
}

@test "make serve's launchers refuse a port another program holds, before claiming to serve" {
    local port=${LIGHTTPD_SIM##*:}
    run lighttpd_serve "$port"
    assert_equal "$status" 1
    assert_output "httpstatus: 127.0.0.1:$port is taken; choose another port (make serve PORT=N, httpstatus-serve --port N)"
    run nginx_serve "$port"
    assert_equal "$status" 1
    assert_output "httpstatus: 127.0.0.1:$port is taken; choose another port (make serve PORT=N, httpstatus-serve --port N)"
    run apache_serve cgi "$port"
    assert_equal "$status" 1
    assert_output "httpstatus: 127.0.0.1:$port is taken; choose another port (make serve PORT=N, httpstatus-serve --port N)"
}
