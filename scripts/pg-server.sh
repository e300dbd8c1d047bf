#!/usr/bin/env bash
# Starts a throwaway PostgreSQL + PostGIS server on 127.0.0.1 for the tests, and prints its DATABASE_URL.
#   scripts/pg-server.sh start [DIR] [PORT]   (default DIR=/tmp/jingwang-pg, PORT=54329)
#   scripts/pg-server.sh stop  [DIR]
# Needs Debian's postgresql and postgresql-15-postgis-3 (installed by .ci/run).
set -euo pipefail
cmd=${1:-start}; dir=${2:-/tmp/jingwang-pg}; port=${3:-54329}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
[ -n "$bin" ] || { echo "PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql postgresql-15-postgis-3)" >&2; exit 1; }
run() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
case "$cmd" in
  start)
    if [ ! -f "$dir/PG_VERSION" ]; then
      mkdir -p "$dir"; [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
      run "$bin/initdb -D '$dir' -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null"
    fi
    if ! run "$bin/pg_ctl -D '$dir' status" >/dev/null 2>&1; then
      run "$bin/pg_ctl -D '$dir' -l '$dir/server.log' -w -o \"-c listen_addresses=127.0.0.1 -p $port -k /tmp -c fsync=off -c synchronous_commit=off -c full_page_writes=off\" start" >/dev/null
      echo "started" >&2
    fi
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    run "$bin/pg_ctl -D '$dir' -m fast stop" >/dev/null 2>&1 || true
    ;;
  *) echo "usage: $0 start|stop [DIR] [PORT]" >&2; exit 2 ;;
esac
