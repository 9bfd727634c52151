# apache.sh - Apache in front of the worker, as a private instance in a
# temporary directory on a loopback port: `make serve FRONT=apache|cgi` and
# the tests through Apache.  Sourced (POSIX sh) after scripts/lighttpd.sh,
# whose free-port, fd-limit and wait-for-exit helpers it uses; it starts
# nothing by itself.  Its own variables are named _ap_*.
#
# The caller sets:
#   APACHE           the apache2 binary
#   HTTPSTATUS_BIN   the worker binary
#   HTTPSTATUS_WWW   the document root, a built site/
#   HTTPSTATUS_CONF_DIR  conf/ of the source tree, or the installed one
#
# Three ways in, each through the shipped configuration it names:
#   fcgid       mod_fcgid starts the worker (conf/apache-fcgid.conf)
#   proxy_fcgi  the worker on its own socket (conf/apache-proxy-fcgi.conf)
#   cgi         mod_cgi, the binary as httpstatus.cgi in a copy of the
#               site with conf/htaccess as its .htaccess: shared hosting

# Debian's place for Apache's modules.
APACHE_MODULES=${APACHE_MODULES:-/usr/lib/apache2/modules}

# apache_config MODE - the main configuration for MODE, on stdout
apache_config() {
    cat <<CONF
ServerRoot $APACHE_RUNDIR
ServerName 127.0.0.1
Listen 127.0.0.1:$APACHE_PORT
PidFile $APACHE_RUNDIR/apache.pid
ErrorLog $APACHE_RUNDIR/error.log
LogLevel warn
Mutex file:$APACHE_RUNDIR default
LoadModule mpm_prefork_module $APACHE_MODULES/mod_mpm_prefork.so
LoadModule authz_core_module $APACHE_MODULES/mod_authz_core.so
LoadModule mime_module $APACHE_MODULES/mod_mime.so
LoadModule dir_module $APACHE_MODULES/mod_dir.so
LoadModule alias_module $APACHE_MODULES/mod_alias.so
TypesConfig /etc/mime.types
MaxRequestWorkers 64
CONF
    # Started as root, Apache serves as an unprivileged user.
    [ "$(id -u)" -ne 0 ] || printf 'User www-data\nGroup www-data\n'
    case $1 in
    fcgid) cat <<CONF
LoadModule fcgid_module $APACHE_MODULES/mod_fcgid.so
FcgidIPCDir $APACHE_RUNDIR/fcgid
FcgidProcessTableFile $APACHE_RUNDIR/fcgid.shm
Define HTTPSTATUS_WWW $APACHE_RUNDIR/www
Define HTTPSTATUS_BIN $APACHE_RUNDIR/bin/httpstatus
Include $HTTPSTATUS_CONF_DIR/apache-fcgid.conf
CONF
        ;;
    proxy_fcgi) cat <<CONF
LoadModule proxy_module $APACHE_MODULES/mod_proxy.so
LoadModule proxy_fcgi_module $APACHE_MODULES/mod_proxy_fcgi.so
Define HTTPSTATUS_WWW $APACHE_RUNDIR/www
Define HTTPSTATUS_SOCKET $APACHE_RUNDIR/worker.sock
Include $HTTPSTATUS_CONF_DIR/apache-proxy-fcgi.conf
CONF
        ;;
    cgi)
        cat <<CONF
LoadModule cgi_module $APACHE_MODULES/mod_cgi.so
LoadModule rewrite_module $APACHE_MODULES/mod_rewrite.so
DocumentRoot $APACHE_RUNDIR/www
DirectoryIndex index.html
CONF
        # A user's directory as Debian's stock userdir.conf sets it up (its
        # overrides, options and methods), with the one line a host that
        # runs its users' CGI programs adds.
        awk '/<Directory \/home\/\*\/public_html>/, /<\/Directory>/' \
            /etc/apache2/mods-available/userdir.conf |
            sed "s|/home/\*/public_html|$APACHE_RUNDIR/www|"
        cat <<CONF
<Directory $APACHE_RUNDIR/www>
    Options +ExecCGI
</Directory>
CONF
        ;;
    esac
}

# apache_start MODE - Apache (and, for proxy_fcgi, the worker on its own
# socket) on a free loopback port in a fresh private directory; exports
# APACHE_RUNDIR, APACHE_PORT, APACHE_BASE and APACHE_PID.  A few ports
# are tried.
apache_start() {
    APACHE_RUNDIR=$(mktemp -d /tmp/httpstatus-apache.XXXXXX) || return 1
    export APACHE_RUNDIR
    # Apache's user reads copies, wherever the checkout is and whoever
    # may read it.
    cp -R "$HTTPSTATUS_WWW" "$APACHE_RUNDIR/www"
    case $1 in
    fcgid)
        mkdir "$APACHE_RUNDIR/fcgid" "$APACHE_RUNDIR/bin"
        cp "$HTTPSTATUS_BIN" "$APACHE_RUNDIR/bin/httpstatus"
        [ "$(id -u)" -ne 0 ] || chown www-data "$APACHE_RUNDIR/fcgid" ;;
    proxy_fcgi)
        "$HTTPSTATUS_BIN" -s "$APACHE_RUNDIR/worker.sock" \
            --socket-mode=0666 >"$APACHE_RUNDIR/worker.log" 2>&1 3>&- &
        APACHE_WORKER_PID=$!
        export APACHE_WORKER_PID ;;
    cgi)
        cp "$HTTPSTATUS_BIN" "$APACHE_RUNDIR/www/httpstatus.cgi"
        cp "$HTTPSTATUS_CONF_DIR/htaccess" "$APACHE_RUNDIR/www/.htaccess" ;;
    esac
    chmod -R a+rX "$APACHE_RUNDIR"
    APACHE_MODE=$1
    front_end_on_a_port apache_launch "${APACHE_FIXED_PORT:-}" && return 0
    echo "Apache did not start; its output and error log:" >&2
    cat "$APACHE_RUNDIR/apache.out" "$APACHE_RUNDIR/error.log" >&2
    apache_stop
    return 1
}

# apache_launch PORT - Apache in the background on PORT, configured for
# APACHE_MODE (front_end_on_a_port)
apache_launch() {
    APACHE_PORT=$1
    APACHE_BASE="http://127.0.0.1:$APACHE_PORT"
    export APACHE_PORT APACHE_BASE
    apache_config "$APACHE_MODE" >"$APACHE_RUNDIR/apache.conf"
    # A session of its own: stopping, mod_fcgid signals its whole process
    # group, which would otherwise be the caller's.
    setsid "$APACHE" -f "$APACHE_RUNDIR/apache.conf" -DFOREGROUND \
        >"$APACHE_RUNDIR/apache.out" 2>&1 3>&- &
    APACHE_PID=$!
    export APACHE_PID
    FRONT_PID=$APACHE_PID FRONT_BASE=$APACHE_BASE
}

# apache_stop - stops Apache (which stops the workers it started) and a
# worker of its own, by PID.  Leaves APACHE_RUNDIR for its logs.
apache_stop() {
    # shellcheck disable=SC2086
    front_end_stop ${APACHE_PID:-} ${APACHE_WORKER_PID:-}
    _ap_stopped=$?
    APACHE_PID= APACHE_WORKER_PID=
    return "$_ap_stopped"
}

# apache_serve MODE PORT - Apache (MODE as for apache_start) on
# 127.0.0.1:PORT until Ctrl-C, its run directory removed afterwards (make
# serve FRONT=apache|cgi).
apache_serve() {
    front_end_serve_port "$2" || return 1
    APACHE_FIXED_PORT=$2
    apache_start "$1" || return 1
    trap 'apache_stop; rm -rf "$APACHE_RUNDIR"' EXIT
    trap 'exit 130' INT TERM
    echo "httpstatus: serving $APACHE_BASE/ through Apache ($1) (Ctrl-C" \
         "stops; logs in $APACHE_RUNDIR)"
    wait "$APACHE_PID"
}
