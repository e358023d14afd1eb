# The local sandbox (sandbox/) as the start and test scripts use it.
# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

SANDBOX_CLI="$REPO_ROOT/sandbox/bin/sandbox"

# Builds the sandbox's binaries once (Go, ~15-20 min cold; cached outside the
# clone). Its progress (which binary, n of m, elapsed) goes to stderr.
ensure_sandbox_binaries() {
  if "$REPO_ROOT/sandbox/scripts/build-binaries.sh" --check; then
    info "sandbox binaries cached"
    return 0
  fi
  step "Building the sandbox's Kubernetes, etcd, KWOK and Prometheus-adapter binaries (once; ~15-20 min cold)"
  "$REPO_ROOT/sandbox/scripts/build-binaries.sh" >/dev/null
}

# Brings a sandbox up (idempotent) and exports what `sandbox env` prints.
# SANDBOX_WAS_RUNNING tells whether it was already up before.
start_sandbox() {
  SANDBOX_WAS_RUNNING=""
  "$SANDBOX_CLI" status >/dev/null 2>&1 && SANDBOX_WAS_RUNNING=1
  "$SANDBOX_CLI" up
  eval "$("$SANDBOX_CLI" env)"
}

stop_sandbox() { "$SANDBOX_CLI" down || true; }
