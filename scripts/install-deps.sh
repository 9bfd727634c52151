#!/bin/sh
# install-deps.sh [--bench] - install what a fresh Debian 12 machine lacks
# to build, serve and test httpstatus (and with --bench, to run make bench).
# Safe to run again: it installs only what is missing.  Runs apt-get as
# root, through sudo when started by another user.
set -eu

# chromium runs the browser tests, driven by playwright-core from npm;
# clang and its runtime build make fuzz's libFuzzer targets.
# liblmdb-dev is the embedded store of the scenarios with memory;
# libhiredis-dev builds the Redis store, which the tests run against a
# private redis-server.
# nginx-light is a front end the tests use too; wrk loads make soak.
# lighttpd-modules-lua (mod_magnet) gives a 426 its Upgrade field;
# lighttpd-mod-openssl serves TLS.  apache2 with mod_fcgid (mod_proxy_fcgi
# and mod_cgi come with it) is the third front end.  man-db and systemd
# (systemd-analyze, systemd-socket-activate) test the installed man page
# and units; debhelper, lintian and fakeroot build the Debian package.
packages="build-essential autoconf automake autoconf-archive pkg-config
libfcgi-dev libyajl-dev liblmdb-dev libhiredis-dev redis-server lighttpd
lighttpd-modules-lua lighttpd-mod-openssl
nginx-light apache2 libapache2-mod-fcgid curl jq procps iproute2 valgrind bats
bats-assert bats-support chromium clang libclang-rt-14-dev wrk man-db systemd
debhelper lintian fakeroot"
if [ "${1:-}" = --bench ]; then
    packages="$packages python3-httpbin gunicorn"
fi

missing=
for package in $packages; do
    if ! dpkg-query -W -f '${db:Status-Status}' "$package" 2>/dev/null |
            grep -qx installed; then
        missing="$missing $package"
    fi
done
# Node.js may come from elsewhere than Debian; any node from 18 on (Debian
# 12's own is 18) and npm will do.
command -v node >/dev/null || missing="$missing nodejs"
command -v npm >/dev/null || missing="$missing npm"

if [ "$(id -u)" -eq 0 ]; then
    as_root=
else
    as_root=sudo
fi
if [ -n "$missing" ]; then
    echo "install-deps: installing$missing"
    $as_root apt-get update
    # Debian starts lighttpd, nginx and Apache on port 80 of every address
    # when it installs them, and Redis on 6379; the project runs its own
    # instances on loopback ports instead.  policy-rc.d (when the machine
    # has none) keeps the packages from starting a service, and the
    # services are not enabled for boot.
    policy=
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        policy=/usr/sbin/policy-rc.d
        printf '#!/bin/sh\nexit 101\n' | $as_root tee "$policy" >/dev/null
        $as_root chmod 755 "$policy"
    fi
    DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y \
        --no-install-recommends $missing || {
        [ -z "$policy" ] || $as_root rm -f "$policy"
        exit 1
    }
    [ -z "$policy" ] || $as_root rm -f "$policy"
    for service in lighttpd nginx apache2 redis-server; do
        case " $missing " in
            *" $service "*|*" $service-light "*)
                [ ! -d /run/systemd/system ] ||
                    $as_root systemctl disable --now "$service" \
                        >/dev/null 2>&1 || true ;;
        esac
    done
fi

# playwright-core, at the version package-lock.json pins, next to the tests
# (again when an older checkout left another version there).
browser_dir=$(dirname "$0")/../tests/browser
version_of() {
    sed -n "s/.*\"$1\": \"\([0-9.]*\)\".*/\1/p" "$2" | head -n 1
}
wanted=$(version_of playwright-core "$browser_dir/package.json")
installed=
if [ -f "$browser_dir/node_modules/playwright-core/package.json" ]; then
    installed=$(version_of version \
        "$browser_dir/node_modules/playwright-core/package.json")
fi
if [ "$installed" != "$wanted" ]; then
    echo "install-deps: installing playwright-core $wanted (npm)"
    npm ci --prefix "$browser_dir" --no-audit --no-fund
fi
echo "install-deps: everything is installed"
