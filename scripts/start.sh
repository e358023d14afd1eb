#!/usr/bin/env bash
# Starts the portal with its local defaults: the frontend on
# http://localhost:3000 and the backend on http://localhost:7007, SQLite under
# .data/, guest sign-in and the example ML organisation. Installs what is
# missing first; safe to run again.
set -euo pipefail
. "$(dirname "$0")/lib/node.sh"
. "$(dirname "$0")/lib/python.sh"

ensure_node
ensure_node_modules
ensure_techdocs_venv
mkdir -p "$REPO_ROOT/.data/sqlite" "$REPO_ROOT/.data/techdocs"

step "Starting the portal: frontend http://localhost:3000, backend http://localhost:7007 (Ctrl-C stops both)"
cd "$REPO_ROOT"
exec node .yarn/releases/yarn-4.13.0.cjs start "$@"
