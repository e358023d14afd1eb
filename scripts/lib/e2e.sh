# The portal as the end-to-end tests see it: a throw-away PostgreSQL on
# loopback, a local sandbox (sandbox/) on its own ports, the backend started
# against both with NODE_ENV=production as deployed (serving the production
# build of the frontend), then Playwright in Debian's Chromium. Everything
# started here is stopped on exit.
# shellcheck source=postgres.sh
. "$(dirname "${BASH_SOURCE[0]}")/postgres.sh"
# shellcheck source=sandbox.sh
. "$(dirname "${BASH_SOURCE[0]}")/sandbox.sh"
# shellcheck source=backend.sh
. "$(dirname "${BASH_SOURCE[0]}")/backend.sh"

stop_e2e_portal() {
  stop_test_backend
  [ -n "${MLOPS_SANDBOX_DIR:-}" ] && stop_sandbox
  stop_test_postgres "$MLOPS_E2E_WORK_DIR/pg"
}

# Starts PostgreSQL and the backend; exports what the tests and
# e2e/app-config.e2e.yaml read. Records the backend's cold start time.
start_e2e_portal() {
  export MLOPS_E2E_WORK_DIR
  MLOPS_E2E_WORK_DIR="$(mktemp -d /tmp/mlops-e2e.XXXXXX)"
  chmod 755 "$MLOPS_E2E_WORK_DIR" # PostgreSQL runs as its own user
  export MLOPS_PG_PORT="${MLOPS_PG_PORT:-$(free_port)}"
  export MLOPS_E2E_PORT="${MLOPS_TEST_PORT:-$(free_port)}"
  export MLOPS_E2E_BASE_URL="http://127.0.0.1:$MLOPS_E2E_PORT"
  export MLOPS_E2E_API_TOKEN
  MLOPS_E2E_API_TOKEN="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"

  step "Starting PostgreSQL on 127.0.0.1:$MLOPS_PG_PORT (data in $MLOPS_E2E_WORK_DIR/pg)"
  start_test_postgres "$MLOPS_E2E_WORK_DIR/pg" "$MLOPS_PG_PORT"

  export MLOPS_SANDBOX_PORT_BASE="${MLOPS_E2E_SANDBOX_PORT_BASE:-21440}"
  export MLOPS_SANDBOX_DIR="$MLOPS_E2E_WORK_DIR/sandbox"
  # kserve-canary's canary serves 30 s: long enough to be seen through the
  # answers' 15 s cache, short enough not to hold the browser tests.
  export MLOPS_SANDBOX_CANARY_FAILS_AFTER_S=30
  step "Starting a local sandbox on port base $MLOPS_SANDBOX_PORT_BASE"
  start_sandbox

  step "Starting the backend on $MLOPS_E2E_BASE_URL against PostgreSQL (log: artifacts/e2e-backend.log)"
  mkdir -p "$ARTIFACTS_DIR"
  NODE_ENV=production start_test_backend "$MLOPS_E2E_BASE_URL" "$ARTIFACTS_DIR/e2e-backend.log" e2e/app-config.e2e.yaml
  E2E_BACKEND_READY_SECONDS="$TEST_BACKEND_READY_SECONDS"
  info "backend ready in ${E2E_BACKEND_READY_SECONDS}s"
}

run_playwright() {
  step "Running the end-to-end tests (Playwright, /usr/bin/chromium)"
  (cd "$REPO_ROOT" && node .yarn/releases/yarn-4.13.0.cjs playwright test --config e2e/playwright.config.ts "$@")
}
