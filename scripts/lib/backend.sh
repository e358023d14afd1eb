# The portal's backend started for tests, in its own process group so that
# stopping it stops everything it started: from source (start_test_backend)
# or, through image.sh, from an image folder.
# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# shellcheck disable=SC2034 # set and read by name
TEST_BACKEND_PID=""

# start_backend_process PID_VAR URL LOG DIR COMMAND...: runs COMMAND in DIR
# in its own process group, logging to LOG, and waits up to 180 s until URL
# reports readiness; stores its pid in the variable PID_VAR and sets
# BACKEND_READY_SECONDS. The caller's environment passes on.
start_backend_process() {
  local pid_var="$1" url="$2" log="$3" dir="$4" started
  shift 4
  started=$(now)
  (cd "$dir" && exec setsid "$@") >"$log" 2>&1 &
  printf -v "$pid_var" '%s' "$!"
  if ! wait_for_http "$url/.backstage/health/v1/readiness" 180; then
    tail -n 40 "$log" >&2
    stop_backend_process "$pid_var"
    die "the backend in $dir did not become ready within 180 s (log: $log)"
  fi
  # shellcheck disable=SC2034 # read by the callers
  BACKEND_READY_SECONDS=$(elapsed "$started")
}

# stop_backend_process PID_VAR: SIGTERM to the process group, SIGKILL after
# 10 s; clears PID_VAR.
stop_backend_process() {
  local pid="${!1}"
  [ -n "$pid" ] || return 0
  kill -TERM -- "-$pid" 2>/dev/null || true
  for _ in $(seq 1 20); do
    kill -0 -- "-$pid" 2>/dev/null || break
    sleep 0.5
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true # reaped quietly
  printf -v "$1" '%s' ""
}

# start_test_backend URL LOG CONFIG...: starts packages/backend from source
# with app-config.yaml and the given config files (paths from the repo root).
# Sets TEST_BACKEND_PID and TEST_BACKEND_READY_SECONDS.
start_test_backend() {
  local url="$1" log="$2" config args=(--config ../../app-config.yaml)
  shift 2
  for config in "$@"; do args+=(--config "../../$config"); done
  start_backend_process TEST_BACKEND_PID "$url" "$log" "$REPO_ROOT/packages/backend" \
    node "$REPO_ROOT/.yarn/releases/yarn-4.13.0.cjs" start "${args[@]}"
  # shellcheck disable=SC2034 # read by the callers
  TEST_BACKEND_READY_SECONDS="$BACKEND_READY_SECONDS"
}

stop_test_backend() { stop_backend_process TEST_BACKEND_PID; }
