# The portal's backend started from source for tests, in its own process
# group so that stopping it stops everything it started.
# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

TEST_BACKEND_PID=""

# start_test_backend URL LOG CONFIG...: starts packages/backend with
# app-config.yaml and the given config files (paths from the repo root),
# logging to LOG, and waits up to 180 s until URL reports readiness. The
# caller's environment (NODE_ENV, the variables the configs read) passes on.
# Sets TEST_BACKEND_PID and TEST_BACKEND_READY_SECONDS.
start_test_backend() {
  local url="$1" log="$2" started config args=(--config ../../app-config.yaml)
  shift 2
  for config in "$@"; do args+=(--config "../../$config"); done
  started=$(now)
  (cd "$REPO_ROOT/packages/backend" && exec setsid node "$REPO_ROOT/.yarn/releases/yarn-4.13.0.cjs" start "${args[@]}") \
    >"$log" 2>&1 &
  TEST_BACKEND_PID=$!
  if ! wait_for_http "$url/.backstage/health/v1/readiness" 180; then
    tail -n 40 "$log" >&2
    stop_test_backend
    die "the backend did not become ready within 180 s (log: $log)"
  fi
  # shellcheck disable=SC2034 # read by the callers
  TEST_BACKEND_READY_SECONDS=$(elapsed "$started")
}

stop_test_backend() {
  [ -n "$TEST_BACKEND_PID" ] || return 0
  kill -TERM -- "-$TEST_BACKEND_PID" 2>/dev/null || true
  for _ in $(seq 1 20); do
    kill -0 -- "-$TEST_BACKEND_PID" 2>/dev/null || break
    sleep 0.5
  done
  kill -KILL -- "-$TEST_BACKEND_PID" 2>/dev/null || true
  TEST_BACKEND_PID=""
}
