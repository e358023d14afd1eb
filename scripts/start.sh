#!/usr/bin/env bash
# Starts the portal with its local defaults: the frontend on
# http://localhost:3000 and the backend on http://localhost:7007, SQLite under
# .data/, guest sign-in, the example ML organisation and the local sandbox
# (two Kubernetes clusters, Prometheus, a simulated fleet), whose binaries it
# builds on the first run (~15-20 min). Installs what is missing first; safe
# to run again.
#   MLOPS_SANDBOX=auto (default: build and start the sandbox; start the portal
#   without it if the build fails) | on (the same, but a failed build stops) | off
#   MLOPS_SANDBOX_CLUSTERS=N: a sandbox of N clusters (2..10), all of them
#   shown in the portal
set -euo pipefail
. "$(dirname "$0")/lib/node.sh"
. "$(dirname "$0")/lib/python.sh"
. "$(dirname "$0")/lib/sandbox.sh"

SANDBOX_MODE="${MLOPS_SANDBOX:-auto}"
case "$SANDBOX_MODE" in
  auto | on | off) ;;
  *) die "MLOPS_SANDBOX=${SANDBOX_MODE}: use auto, on or off" ;;
esac
if [ "$SANDBOX_MODE" != off ] && ! "$REPO_ROOT/sandbox/scripts/build-binaries.sh" --check; then
  step "Building the local sandbox once: ~15-20 min on a fresh machine; MLOPS_SANDBOX=off to skip"
fi

ensure_node
ensure_node_modules
ensure_techdocs_venv
mkdir -p "$REPO_ROOT/.data/sqlite" "$REPO_ROOT/.data/techdocs"

SANDBOX_STARTED=""
if [ "$SANDBOX_MODE" = off ]; then
  info "local sandbox off (MLOPS_SANDBOX=off): the model service pages say it is not running"
elif ! ensure_sandbox_binaries; then
  [ "$SANDBOX_MODE" = on ] && die "building the local sandbox failed (see above)"
  info "building the local sandbox failed (see above): starting the portal without it"
else
  step "Starting the local sandbox"
  start_sandbox
  # A sandbox that was already running is left running on exit.
  [ -n "$SANDBOX_WAS_RUNNING" ] || SANDBOX_STARTED=1
  # More clusters than app-config.yaml lists (MLOPS_SANDBOX_CLUSTERS): their
  # configuration goes last, unless the caller chose config files.
  if [ "$(wc -w <<<"${MLOPS_SANDBOX_CLUSTER_NAMES:-}")" -gt 2 ] && [[ " $* " != *" --config "* ]]; then
    "$SANDBOX_CLI" app-config >"$REPO_ROOT/.data/sandbox-clusters.yaml"
    local_config=()
    [ ! -f "$REPO_ROOT/app-config.local.yaml" ] || local_config=(--config "$REPO_ROOT/app-config.local.yaml")
    set -- --config "$REPO_ROOT/app-config.yaml" "${local_config[@]}" \
      --config "$REPO_ROOT/.data/sandbox-clusters.yaml" "$@"
    info "the portal reads the sandbox's $(wc -w <<<"$MLOPS_SANDBOX_CLUSTER_NAMES") clusters from .data/sandbox-clusters.yaml"
  fi
fi

step "Starting the portal: frontend http://localhost:3000, backend http://localhost:7007 (Ctrl-C stops both)"
cd "$REPO_ROOT"
if [ -n "$SANDBOX_STARTED" ]; then
  trap 'step "Stopping the local sandbox"; stop_sandbox' EXIT
  node .yarn/releases/yarn-4.13.0.cjs start "$@"
else
  exec node .yarn/releases/yarn-4.13.0.cjs start "$@"
fi
