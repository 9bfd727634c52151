#!/bin/bash
# check-deb.sh - builds the Debian package from the committed tree, checks
# its contents, installs it on this machine, serves through it, runs the
# example suite against its bats library, and purges it again.  As root
# (it installs a package); .ci/run runs it.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/httpstatus-deb.XXXXXX)
serve_pid=
cleanup() {
    [[ -z "$serve_pid" ]] || kill "$(ps -o pid= --ppid "$serve_pid")" \
        2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# From the committed files only, as a release would be.
mkdir "$work/httpstatus"
git -C "$top" archive HEAD | tar -x -C "$work/httpstatus"
(cd "$work/httpstatus" &&
    dpkg-buildpackage -us -uc -b >"$work/build.log" 2>&1) || {
    tail -n 60 "$work/build.log" >&2
    exit 1
}
grep -E '^(ok|not ok) ' "$work/build.log" | grep -c '^ok' |
    sed 's/^/unit tests passed in the package build: /'
deb=$(ls "$work"/httpstatus_*.deb)

dpkg -c "$deb" | awk '{ print $6 }' >"$work/contents"
for path in ./usr/bin/httpstatus ./usr/bin/httpstatus-serve \
    ./usr/share/man/man8/httpstatus.8.gz \
    ./usr/share/man/man8/httpstatus-serve.8.gz \
    ./usr/share/httpstatus/www/index.html \
    ./usr/share/httpstatus/www/codes/503 \
    ./usr/share/httpstatus/lighttpd-httpstatus.conf \
    ./usr/share/httpstatus/nginx-httpstatus.conf \
    ./usr/share/httpstatus/apache-fcgid.conf ./usr/share/httpstatus/htaccess \
    ./usr/share/httpstatus/launchers/lighttpd.sh \
    ./lib/systemd/system/httpstatus.socket \
    ./lib/systemd/system/httpstatus.service \
    ./usr/lib/sysusers.d/httpstatus.conf \
    ./usr/lib/bats/bats-httpstatus/load.bash \
    ./etc/httpstatus.conf ./etc/lighttpd/conf-available/50-httpstatus.conf \
    ./etc/nginx/sites-available/httpstatus; do
    grep -qx -- "$path" "$work/contents" || {
        echo "check-deb: $deb lacks $path" >&2
        exit 1
    }
done
echo "check-deb: $(basename "$deb") has the worker, pages, man page," \
     "configurations, units and bats library"
# README says lintian finds no error or warning; keep it so.
lintian --tag-display-limit 0 "$deb" >"$work/lintian.log" 2>&1 || true
if grep -E '^[EW]: ' "$work/lintian.log"; then
    echo "check-deb: lintian finds the above in $(basename "$deb")" >&2
    exit 1
fi

DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$deb" >"$work/install.log"
httpstatus --version
id -nG www-data | grep -qw httpstatus
MANPAGER=cat man httpstatus | grep -q 'httpstatus-serve'

. "$top/scripts/lighttpd.sh"
port=$(lighttpd_free_port)
env -i PATH=/usr/bin:/bin httpstatus-serve --port "$port" \
    >"$work/serve.out" 2>&1 &
serve_pid=$!
front_end_wait_ready "$serve_pid" "http://127.0.0.1:$port" || {
    cat "$work/serve.out" >&2
    exit 1
}
status=$(curl -s -o /dev/null -w '%{http_code}' \
    "http://127.0.0.1:$port/api/status/418")
[[ "$status" == 418 ]] || {
    echo "check-deb: the installed package answered $status for 418" >&2
    exit 1
}
kill "$(ps -o pid= --ppid "$serve_pid")"
lighttpd_wait_exit "$serve_pid"
serve_pid=
echo "check-deb: httpstatus-serve served 418 from the installed package"

# bats finds the library in /usr/lib/bats by default.
env -i PATH=/usr/bin:/bin bats --tap "$top/examples"

DEBIAN_FRONTEND=noninteractive apt-get purge -y -q httpstatus \
    >"$work/purge.log"
if [[ -e /usr/bin/httpstatus || -e /etc/httpstatus.conf ]]; then
    echo "check-deb: the purged package left files behind" >&2
    exit 1
fi
echo "check-deb: installed, served, ran the examples, purged"
