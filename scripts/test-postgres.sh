# Start and stop a throwaway PostgreSQL 15 server for the tests. Sourced by scripts/test.
# PostgreSQL refuses to run as root, so the server runs as the `postgres` user from a temp dir it owns.
# Exports GLEANER_TEST_PG, a libpq connection string the tests read; tests that need it skip without it.

start_test_postgres() {
  local bin=/usr/lib/postgresql/15/bin
  if [ ! -x "$bin/initdb" ]; then
    echo "gleaner: PostgreSQL 15 not installed; postgres tests will be skipped" >&2
    return 0
  fi
  GLEANER_PG_DIR=$(mktemp -d /tmp/gleaner-pg.XXXXXX)
  local port=$(( 20000 + RANDOM % 20000 ))
  local run=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$GLEANER_PG_DIR"
    run=(su postgres -s /bin/sh -c)
  else
    run=(sh -c)
  fi
  "${run[@]}" "$bin/initdb -D $GLEANER_PG_DIR/data -A trust -U gleaner >$GLEANER_PG_DIR/initdb.log 2>&1"
  "${run[@]}" "$bin/pg_ctl -D $GLEANER_PG_DIR/data -l $GLEANER_PG_DIR/server.log -o '-p $port -k $GLEANER_PG_DIR -c listen_addresses=127.0.0.1' -w start >/dev/null"
  export GLEANER_TEST_PG="host=127.0.0.1 port=$port user=gleaner dbname=postgres"
  GLEANER_PG_RUN=("${run[@]}")
  echo "gleaner: test PostgreSQL on 127.0.0.1:$port" >&2
}

stop_test_postgres() {
  [ -n "${GLEANER_PG_DIR:-}" ] || return 0
  "${GLEANER_PG_RUN[@]}" "/usr/lib/postgresql/15/bin/pg_ctl -D $GLEANER_PG_DIR/data -m fast -w stop >/dev/null" || true
  rm -rf "$GLEANER_PG_DIR"
}
