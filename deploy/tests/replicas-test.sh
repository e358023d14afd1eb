#!/usr/bin/env bash
# Several backend replicas on one PostgreSQL 15 (deploy/tests/replicas.spec.ts):
# starts a throw-away PostgreSQL and a local sandbox, then the spec starts
# and stops the replicas itself. The replicas run from the image folder
# (scripts/build-image-folder.sh; built here when missing or out of date).
# Everything started here is stopped on exit.
# Usage: deploy/tests/replicas-test.sh
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=../../scripts/lib/node.sh
. "$REPO_ROOT/scripts/lib/node.sh"
# shellcheck source=../../scripts/lib/postgres.sh
. "$REPO_ROOT/scripts/lib/postgres.sh"
# shellcheck source=../../scripts/lib/sandbox.sh
. "$REPO_ROOT/scripts/lib/sandbox.sh"
# shellcheck source=../../scripts/lib/image.sh
. "$REPO_ROOT/scripts/lib/image.sh"

ensure_node
ensure_image_folder
export MLOPS_IMAGE_FOLDER="$IMAGE_FOLDER"
export MLOPS_REPLICAS_WORK_DIR
MLOPS_REPLICAS_WORK_DIR="$(mktemp -d /tmp/mlops-replicas.XXXXXX)"
chmod 755 "$MLOPS_REPLICAS_WORK_DIR" # PostgreSQL runs as its own user

cleanup() {
  [ -n "${MLOPS_SANDBOX_DIR:-}" ] && [ -z "${SANDBOX_WAS_RUNNING:-}" ] && stop_sandbox
  stop_test_postgres "$MLOPS_REPLICAS_WORK_DIR/pg"
}
trap cleanup EXIT INT TERM

export MLOPS_PG_PORT="${MLOPS_PG_PORT:-$(free_port)}"
step "Starting PostgreSQL on 127.0.0.1:$MLOPS_PG_PORT"
start_test_postgres "$MLOPS_REPLICAS_WORK_DIR/pg" "$MLOPS_PG_PORT"

export MLOPS_SANDBOX_PORT_BASE="${MLOPS_REPLICAS_SANDBOX_PORT_BASE:-24440}"
export MLOPS_SANDBOX_DIR="${MLOPS_REPLICAS_SANDBOX_DIR:-$MLOPS_REPLICAS_WORK_DIR/sandbox}"
step "Starting a local sandbox on port base $MLOPS_SANDBOX_PORT_BASE"
start_sandbox >"$MLOPS_REPLICAS_WORK_DIR/sandbox.log" 2>&1 || {
  tail -n 20 "$MLOPS_REPLICAS_WORK_DIR/sandbox.log" >&2
  die "the sandbox did not start"
}

export MLOPS_REPLICAS_TOKEN MLOPS_REPLICAS_REPO="$REPO_ROOT"
MLOPS_REPLICAS_TOKEN="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
step "Replicas on one PostgreSQL (logs in $MLOPS_REPLICAS_WORK_DIR)"
cd "$REPO_ROOT"
yarn_cmd playwright test --config deploy/tests/playwright.config.ts "$@"
