#!/bin/sh
# autogen.sh - generate configure and the Makefile templates from a git clone
set -e
cd "$(dirname "$0")"
test -f fcgi-app/main.c || { echo "autogen.sh: run it from the source tree" >&2; exit 1; }
mkdir -p m4
autoreconf --force --install || {
    echo "autogen.sh: autoreconf failed; install the Debian packages" \
         "autoconf automake autoconf-archive pkg-config (scripts/install-deps.sh does)" >&2
    exit 1
}
