#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for keyaccount's tests: loopback and a unix
# socket under DIR only, trust authentication, durability off (the data is
# thrown away). CI (.ci/run) uses it; a developer can too:
#
#   .ci/postgres.sh install          install Debian's postgresql package if missing (root)
#   .ci/postgres.sh start   [DIR]    create the cluster in DIR if needed, start it if it
#                                    is not running, print its connection string
#   .ci/postgres.sh url     [DIR]    print the connection string of the running cluster
#   .ci/postgres.sh stop    [DIR]    stop the server (the data stays in DIR)
#   .ci/postgres.sh destroy [DIR]    stop the server and remove DIR
#
# DIR defaults to ${TMPDIR:-/tmp}/keyaccount-pg. The connection string is a
# postgres:// URL with sslmode=disable, the form KEYACCOUNT_TEST_POSTGRES takes:
#
#   export KEYACCOUNT_TEST_POSTGRES=$(.ci/postgres.sh start)
#
# Port: KEYACCOUNT_PG_PORT if set (start fails if it is taken); otherwise the
# first free port from 54331 on, so that several clusters (several clones, or
# CI runs at once) can live side by side. Run as root, the server runs as the
# `postgres` OS user (PostgreSQL refuses to run as root); run as anyone else,
# it runs as that user. start, stop and destroy are idempotent.
set -euo pipefail

cmd=${1:-}
DIR=$(realpath -m -- "${2:-${TMPDIR:-/tmp}/keyaccount-pg}")
FIRST_PORT=54331
LAST_PORT=54399
MARK=.keyaccount-test-cluster

die() { echo "postgres.sh: $*" >&2; exit 1; }

pgbin() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bin" ] && command -v pg_ctl >/dev/null 2>&1; then
    bin=$(dirname "$(command -v pg_ctl)")
  fi
  [ -n "$bin" ] && [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ] || return 1
  echo "$bin"
}

# as_owner runs a command as the cluster's owner: postgres when we are root,
# ourselves otherwise.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || die "running as root but there is no 'postgres' OS user to run the server as (install Debian's postgresql package)"
    # From /, which postgres can always enter (our own directory may be private).
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# port_taken reports whether something accepts connections on 127.0.0.1:$1.
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

running() { [ -f "$DIR/data/PG_VERSION" ] && as_owner "$PGBIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; }

url() { echo "postgres://postgres@127.0.0.1:$(cat "$DIR/port")/postgres?sslmode=disable"; }

init() {
  [ -f "$DIR/data/PG_VERSION" ] && return 0
  if [ -e "$DIR" ] && [ -n "$(ls -A "$DIR")" ] && [ ! -f "$DIR/$MARK" ]; then
    die "$DIR is not empty and is not a cluster made by this script; give another DIR"
  fi
  mkdir -p "$DIR/sock"
  touch "$DIR/$MARK"
  if [ "$(id -u)" = 0 ]; then
    chown -R postgres:postgres "$DIR"
    # The server must reach DIR through every parent directory.
    runuser -u postgres -- test -w "$DIR" || die "the postgres user cannot write to $DIR (is a parent directory private?); give a DIR under /tmp"
  fi
  as_owner "$PGBIN/initdb" -D "$DIR/data" --no-locale -E UTF8 -A trust -U postgres >"$DIR/initdb.log" 2>&1 ||
    { cat "$DIR/initdb.log" >&2; die "initdb failed"; }
  cat >>"$DIR/data/postgresql.conf" <<CONF

# keyaccount test cluster (.ci/postgres.sh): loopback only, throw-away data.
listen_addresses = '127.0.0.1'
unix_socket_directories = '$DIR/sock'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = minimal
max_wal_senders = 0
max_wal_size = '4GB'
logging_collector = off
CONF
}

# start_on tries to start the server on port $1; it fails if the port is taken
# (also when another process takes it between our check and the server's bind).
start_on() {
  port_taken "$1" && return 1
  # Keep only this attempt in the log (truncating keeps the owner of the file).
  if [ -f "$DIR/server.log" ]; then : >"$DIR/server.log"; fi
  if as_owner "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -o "-p $1" -w -t 60 start >/dev/null 2>&1; then
    echo "$1" >"$DIR/port"
    return 0
  fi
  return 1
}

start() {
  init
  if running; then
    [ -f "$DIR/port" ] || die "a server runs on $DIR/data but $DIR/port is missing; run: $0 stop $DIR"
    url
    return 0
  fi
  if [ -n "${KEYACCOUNT_PG_PORT:-}" ]; then
    start_on "$KEYACCOUNT_PG_PORT" || {
      tail -n 20 "$DIR/server.log" >&2 2>/dev/null || true
      die "could not start on port $KEYACCOUNT_PG_PORT (taken? see $DIR/server.log)"
    }
  else
    local p
    for ((p = FIRST_PORT; p <= LAST_PORT; p++)); do
      start_on "$p" && break
      # A failure other than a taken port would repeat on every port.
      if ! port_taken "$p" && ! grep -qi 'could not bind\|address already in use' "$DIR/server.log" 2>/dev/null; then
        tail -n 20 "$DIR/server.log" >&2 2>/dev/null || true
        die "the server did not start (see $DIR/server.log)"
      fi
    done
    [ "$p" -le "$LAST_PORT" ] || die "no free port in $FIRST_PORT-$LAST_PORT"
  fi
  url
}

stop() {
  [ -f "$DIR/data/PG_VERSION" ] || return 0
  if running; then
    as_owner "$PGBIN/pg_ctl" -D "$DIR/data" -m fast -w -t 60 stop >/dev/null
  fi
}

case "$cmd" in
install)
  if pgbin >/dev/null; then exit 0; fi
  [ "$(id -u)" = 0 ] || die "PostgreSQL is not installed; as root run: apt-get install postgresql"
  echo "installing Debian's postgresql package" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  pgbin >/dev/null || die "postgresql installed but initdb/pg_ctl not found under /usr/lib/postgresql/*/bin"
  ;;
start)
  PGBIN=$(pgbin) || die "PostgreSQL is not installed; run: $0 install (as root), or apt-get install postgresql"
  start
  ;;
url)
  PGBIN=$(pgbin) || die "PostgreSQL is not installed"
  running || die "no server is running on $DIR; run: $0 start $DIR"
  url
  ;;
stop)
  PGBIN=$(pgbin) || exit 0
  stop
  ;;
destroy)
  if PGBIN=$(pgbin); then stop; fi
  if [ -e "$DIR" ]; then
    [ -f "$DIR/$MARK" ] || die "$DIR was not made by this script; not removing it"
    rm -rf -- "$DIR"
  fi
  ;;
*)
  echo "usage: $0 install | start [DIR] | url [DIR] | stop [DIR] | destroy [DIR]" >&2
  exit 2
  ;;
esac
