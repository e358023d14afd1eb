# A throw-away PostgreSQL server on loopback, for tests.
# shellcheck source=apt.sh
. "$(dirname "${BASH_SOURCE[0]}")/apt.sh"

# start_test_postgres DIR PORT: initialises DIR and starts a server on
# 127.0.0.1:PORT (trust auth, user postgres). Runs as user postgres when root.
start_test_postgres() {
  local dir="$1" port="$2" as=()
  [ -x "$PG_BIN_DIR/initdb" ] || die "PostgreSQL server binaries not found (looked in /usr/lib/postgresql/*/bin)"
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$dir"
    as=(runuser -u postgres --)
  fi
  "${as[@]}" "$PG_BIN_DIR/initdb" -D "$dir/data" -A trust -U postgres >"$dir/initdb.log" 2>&1 ||
    die "initdb failed: $(tail -n 5 "$dir/initdb.log")"
  "${as[@]}" "$PG_BIN_DIR/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1" start >/dev/null ||
    die "PostgreSQL did not start: $(tail -n 5 "$dir/server.log")"
}

stop_test_postgres() {
  local dir="$1" as=()
  [ -d "$dir/data" ] || return 0
  [ "$(id -u)" -eq 0 ] && as=(runuser -u postgres --)
  "${as[@]}" "$PG_BIN_DIR/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
}
