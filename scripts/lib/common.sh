# Shared helpers for the portal's setup, start and test scripts.
# Source it; it defines functions and variables, nothing else runs.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TOOLS_DIR="$REPO_ROOT/.tools"
ARTIFACTS_DIR="$REPO_ROOT/artifacts"
# Caches kept outside the clone so a second clone (or CI) reuses them.
MLOPS_CACHE_DIR="${MLOPS_CACHE_DIR:-$HOME/.cache/mlops-portal}"

step() { printf '\n\033[1;34m==>\033[0m %s\n' "$*" >&2; }
info() { printf '    %s\n' "$*" >&2; }
die() {
  printf '\033[1;31merror:\033[0m %s\n' "$*" >&2
  exit 1
}

# Seconds since the epoch, with milliseconds.
now() { date +%s.%3N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# Waits until URL answers with HTTP 2xx, up to SECONDS; returns 1 on timeout.
wait_for_http() {
  local url="$1" seconds="$2" start
  start=$(date +%s)
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    [ $(($(date +%s) - start)) -ge "$seconds" ] && return 1
    sleep 0.5
  done
}

# A free TCP port on 127.0.0.1.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
