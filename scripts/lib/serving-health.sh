# The serving-health tests of plugins/mlops-backend against a real sandbox:
# the kubernetes plugin and /api/mlops in one test backend, reading the
# sandbox's two kube-apiservers, its Prometheus and Alertmanager through every scenario
# (src/integration/*.test.ts, one file at a time: they switch the scenarios
# of one sandbox). The sandbox gets its own port base and
# state dir and is stopped afterwards.
# shellcheck source=sandbox.sh
. "$(dirname "${BASH_SOURCE[0]}")/sandbox.sh"

SERVING_HEALTH_WORK_DIR=""

stop_serving_health_sandbox() {
  [ -n "$SERVING_HEALTH_WORK_DIR" ] || return 0
  MLOPS_SANDBOX_PORT_BASE="$SERVING_HEALTH_PORT_BASE" MLOPS_SANDBOX_DIR="$SERVING_HEALTH_WORK_DIR/sandbox" \
    "$SANDBOX_CLI" down >/dev/null 2>&1 || true
  rm -rf "$SERVING_HEALTH_WORK_DIR"
  SERVING_HEALTH_WORK_DIR=""
}

# run_serving_health_tests: sandbox up, the jest suite, sandbox down.
run_serving_health_tests() {
  SERVING_HEALTH_PORT_BASE="${MLOPS_HEALTH_SANDBOX_PORT_BASE:-22440}"
  SERVING_HEALTH_WORK_DIR="$(mktemp -d /tmp/mlops-serving-health.XXXXXX)"
  local log="$ARTIFACTS_DIR/serving-health-sandbox.log" status=0
  mkdir -p "$ARTIFACTS_DIR"
  info "sandbox on port base $SERVING_HEALTH_PORT_BASE (log: artifacts/serving-health-sandbox.log)"
  (
    export MLOPS_SANDBOX_PORT_BASE="$SERVING_HEALTH_PORT_BASE"
    export MLOPS_SANDBOX_DIR="$SERVING_HEALTH_WORK_DIR/sandbox"
    # kserveCanary.test.ts waits for the canary to fail: 20 s, not 60 s.
    export MLOPS_SANDBOX_CANARY_FAILS_AFTER_S=20
    "$SANDBOX_CLI" up >"$log" 2>&1 || { tail -n 20 "$log" >&2; exit 1; }
    eval "$("$SANDBOX_CLI" env)"
    cd "$REPO_ROOT/plugins/mlops-backend" || exit 1
    integration() {
      MLOPS_SANDBOX_INTEGRATION=1 NODE_OPTIONS=--experimental-vm-modules CI=true \
        node "$REPO_ROOT/.yarn/releases/yarn-4.13.0.cjs" backstage-cli package test --runInBand "$@"
    }
    # The suites that need a fleet that has only ever been healthy run first:
    # the other suites' scenarios stay in the slow burn-rate windows (hours)
    # and leave HPAs scaled, and jest would otherwise order files by its cache.
    local first='src/integration/(servingScenarios|servingFaults)\.test\.ts'
    integration "$first" && integration src/integration --testPathIgnorePatterns "$first"
  ) || status=$?
  stop_serving_health_sandbox
  return "$status"
}
