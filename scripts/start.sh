#!/usr/bin/env bash
# Starts the portal with its local defaults: the frontend on
# http://localhost:3000 and the backend on http://localhost:7007, SQLite under
# .data/, guest sign-in, the example ML organisation and, when its binaries
# are built, the local sandbox (two Kubernetes clusters, Prometheus, a
# simulated fleet). Installs what is missing first; safe to run again.
#   MLOPS_SANDBOX=auto (default: use the sandbox when built) | on (build it) | off
set -euo pipefail
. "$(dirname "$0")/lib/node.sh"
. "$(dirname "$0")/lib/python.sh"
. "$(dirname "$0")/lib/sandbox.sh"

ensure_node
ensure_node_modules
ensure_techdocs_venv
mkdir -p "$REPO_ROOT/.data/sqlite" "$REPO_ROOT/.data/techdocs"

SANDBOX_STARTED=""
case "${MLOPS_SANDBOX:-auto}" in
  off) info "local sandbox off (MLOPS_SANDBOX=off)" ;;
  on | auto)
    if [ "${MLOPS_SANDBOX:-auto}" = on ] || "$REPO_ROOT/sandbox/scripts/build-binaries.sh" --check; then
      ensure_sandbox_binaries
      step "Starting the local sandbox"
      start_sandbox
      # A sandbox that was already running is left running on exit.
      [ -n "$SANDBOX_WAS_RUNNING" ] || SANDBOX_STARTED=1
    else
      info "local sandbox not built: MLOPS_SANDBOX=on $0 builds it once (~15 min) and starts it"
    fi
    ;;
  *) die "MLOPS_SANDBOX=${MLOPS_SANDBOX}: use auto, on or off" ;;
esac

step "Starting the portal: frontend http://localhost:3000, backend http://localhost:7007 (Ctrl-C stops both)"
cd "$REPO_ROOT"
if [ -n "$SANDBOX_STARTED" ]; then
  trap 'step "Stopping the local sandbox"; stop_sandbox' EXIT
  node .yarn/releases/yarn-4.13.0.cjs start "$@"
else
  exec node .yarn/releases/yarn-4.13.0.cjs start "$@"
fi
