#!/usr/bin/env bash
# Figures of the portal foundation, measured on a fresh clone of HEAD:
#   install   yarn install from a clean clone: with Yarn's global cache warm,
#             and (with --cold) with an empty cache, i.e. every package fetched
#   start     backend cold start (SQLite, from source) to the first 200 on
#             /.backstage/health/v1/readiness, then a second start as baseline
#   bundle    frontend production build: time, total size, gzip of entry chunks
# Usage: bench/foundation.sh [--cold]
set -euo pipefail
. "$(dirname "$0")/../scripts/lib/node.sh"

COLD=0
[ "${1:-}" = "--cold" ] && COLD=1
WORK="$(mktemp -d /tmp/mlops-bench.XXXXXX)"
BACKEND_PID=""
cleanup() {
  [ -n "$BACKEND_PID" ] && kill -TERM -- "-$BACKEND_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

ensure_node
CLONE="$WORK/clone"
step "Cloning HEAD into $CLONE"
git clone -q --no-hardlinks "$REPO_ROOT" "$CLONE"

timed_install() { # timed_install LABEL [ENV...]
  local label="$1" started
  shift
  rm -rf "$CLONE/node_modules"
  started=$(now)
  (cd "$CLONE" && env "$@" node .yarn/releases/yarn-4.13.0.cjs install --immutable >"$WORK/install.log" 2>&1) ||
    { tail -n 20 "$WORK/install.log"; die "yarn install failed"; }
  echo "install ($label): $(elapsed "$started") s"
}

step "Install"
[ "$COLD" = 1 ] && timed_install "empty cache" YARN_GLOBAL_FOLDER="$WORK/yarn-global"
timed_install "warm cache" YARN_ENABLE_TELEMETRY=0

start_backend_once() { # prints seconds to readiness
  local port="$1" started
  started=$(now)
  (cd "$CLONE/packages/backend" && exec setsid node ../../.yarn/releases/yarn-4.13.0.cjs start \
    --config ../../app-config.yaml --config "$WORK/bench.yaml") >"$WORK/backend.log" 2>&1 &
  BACKEND_PID=$!
  wait_for_http "http://127.0.0.1:$port/.backstage/health/v1/readiness" 180 ||
    { tail -n 20 "$WORK/backend.log" >&2; die "backend not ready in 180 s"; }
  elapsed "$started"
  kill -TERM -- "-$BACKEND_PID" 2>/dev/null || true
  while kill -0 -- "-$BACKEND_PID" 2>/dev/null; do sleep 0.2; done
  BACKEND_PID=""
}

step "Backend start (SQLite, from source)"
port=$(free_port)
cat >"$WORK/bench.yaml" <<YAML
backend:
  baseUrl: http://127.0.0.1:$port
  listen: { port: $port, host: 127.0.0.1 }
  database: { client: better-sqlite3, connection: ':memory:' }
YAML
first=$(start_backend_once "$port")
second=$(start_backend_once "$port")
echo "backend cold start to readiness: $first s"
echo "backend second start (baseline): $second s (cold/second = $(awk -v a="$first" -v b="$second" 'BEGIN{printf "%.2f", a/b}'))"

step "Frontend production build"
started=$(now)
(cd "$CLONE" && node .yarn/releases/yarn-4.13.0.cjs workspace app build >"$WORK/build.log" 2>&1) ||
  { tail -n 20 "$WORK/build.log"; die "frontend build failed"; }
echo "frontend build: $(elapsed "$started") s"
dist="$CLONE/packages/app/dist"
js_total=$(find "$dist/static" -name '*.js' -printf '%s\n' | awk '{ s += $1 } END { print s }')
map_total=$(find "$dist/static" -name '*.map' -printf '%s\n' | awk '{ s += $1 } END { print s }')
entries=$(grep -o 'src="/static/[^"]*\.js"' "$dist/index.html" | sed 's#src="/##; s#"$##')
entry_raw=0
entry_gz=0
for f in $entries; do
  entry_raw=$((entry_raw + $(stat -c %s "$dist/$f")))
  entry_gz=$((entry_gz + $(gzip -9 -c "$dist/$f" | wc -c)))
done
echo "bundle JavaScript: $((js_total / 1024)) KiB in $(find "$dist/static" -name '*.js' | wc -l) files (source maps, not loaded by browsers: $((map_total / 1024)) KiB)"
echo "entry chunks ($(echo "$entries" | wc -w)): $((entry_raw / 1024)) KiB, gzip $((entry_gz / 1024)) KiB (gzip/raw = $(awk -v a="$entry_gz" -v b="$entry_raw" 'BEGIN{printf "%.2f", a/b}'))"
