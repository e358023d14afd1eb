# MLflow's tracking server (model registry) for the sandbox and the tests:
# the full `mlflow` package from PyPI (mlflow-skinny has no server: no Flask,
# SQLAlchemy or Alembic) in a venv outside the clone, pinned with hashes by
# sandbox/mlflow/requirements.lock.txt; and a server on loopback with a SQLite
# backend store, started in its own process group and stopped with it.
# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

MLFLOW_VENV="${MLFLOW_VENV:-$MLOPS_CACHE_DIR/venv-mlflow}"
MLFLOW_LOCK="$REPO_ROOT/sandbox/mlflow/requirements.lock.txt"

# Creates or updates the venv when the lock changed; prints what it did and how long it took.
ensure_mlflow_venv() {
  local stamp="$MLFLOW_VENV/.requirements-lock" started count
  if [ -x "$MLFLOW_VENV/bin/mlflow" ] && cmp -s "$MLFLOW_LOCK" "$stamp"; then
    info "MLflow up to date in $MLFLOW_VENV ($(mlflow_version))"
    return 0
  fi
  count=$(grep -c -- '--hash=' "$MLFLOW_LOCK")
  step "Installing MLflow ($count pinned packages) into $MLFLOW_VENV"
  started=$(now)
  command -v python3 >/dev/null || die "python3 is needed for MLflow; install Python 3.10+"
  rm -f "$stamp"
  python3 -m venv "$MLFLOW_VENV" || die "python3 -m venv $MLFLOW_VENV failed (on Debian: apt-get install python3-venv)"
  # pip's own progress lines ("Collecting", "Downloading", "Installing collected
  # packages") show where a slow install is; the rest of its output is noise.
  "$MLFLOW_VENV/bin/pip" install --disable-pip-version-check --no-input --progress-bar off \
    --require-hashes --only-binary :all: --no-deps -r "$MLFLOW_LOCK" 2>&1 |
    grep --line-buffered -E '^(Collecting|Installing|Successfully|ERROR)' |
    sed -u 's/^/    pip: /' >&2
  [ "${PIPESTATUS[0]}" -eq 0 ] || die "pip could not install $MLFLOW_LOCK (hash mismatch or missing wheel?)"
  cp "$MLFLOW_LOCK" "$stamp"
  info "installed $(mlflow_version) in $(elapsed "$started") s"
}

# From the package metadata: importing mlflow itself takes seconds.
mlflow_version() {
  "$MLFLOW_VENV/bin/python" -c 'from importlib.metadata import version; print("mlflow", version("mlflow"))'
}

# mlflow_lock VERSION: rewrites the lock for mlflow==VERSION from pip's resolution
# (pip --dry-run --report gives each wheel's sha256; no pip-tools needed).
mlflow_lock() {
  local version="$1" tmp
  [ -n "$version" ] || die "usage: mlflow_lock VERSION"
  tmp=$(mktemp -d)
  if ! { python3 -m venv "$tmp/venv" &&
    "$tmp/venv/bin/pip" install --disable-pip-version-check -q --dry-run --ignore-installed \
      --only-binary :all: --report "$tmp/report.json" "mlflow==$version"; }; then
    rm -rf "$tmp"
    die "pip could not resolve mlflow==$version"
  fi
  python3 - "$tmp/report.json" "$MLFLOW_LOCK" "$version" <<'EOF'
import json, sys
report, lock, version = sys.argv[1:]
install = json.load(open(report))["install"]
head = open(lock).read().split("\n")
comments = [l for l in head if l.startswith("#")]
lines = comments + [
    f"{i['metadata']['name']}=={i['metadata']['version']} \\\n"
    f"    --hash=sha256:{i['download_info']['archive_info']['hashes']['sha256']}"
    for i in sorted(install, key=lambda i: i["metadata"]["name"].lower())
]
open(lock, "w").write("\n".join(lines) + "\n")
print(f"locked mlflow=={version}: {len(install)} packages", file=sys.stderr)
EOF
  rm -rf "$tmp"
}

# start_mlflow_server PORT STATE_DIR: serves STATE_DIR/mlflow.db and
# STATE_DIR/artifacts on 127.0.0.1:PORT, logging to STATE_DIR/mlflow.log, in
# its own process group (pid in STATE_DIR/mlflow.pid); waits up to 120 s for
# /health. Sets MLFLOW_URL and MLFLOW_READY_SECONDS.
start_mlflow_server() {
  local port="$1" dir="$2" started pid
  [ -n "$port" ] && [ -n "$dir" ] || die "usage: start_mlflow_server PORT STATE_DIR"
  [ -x "$MLFLOW_VENV/bin/mlflow" ] || die "MLflow is not installed; run ensure_mlflow_venv"
  MLFLOW_URL="http://127.0.0.1:$port"
  if mlflow_server_running "$dir"; then
    info "MLflow already running at $MLFLOW_URL (pid $(cat "$dir/mlflow.pid"))"
    return 0
  fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port $port on 127.0.0.1 is taken by another program; choose another"
  fi
  mkdir -p "$dir/artifacts"
  dir="$(cd "$dir" && pwd)"
  started=$(now)
  (exec setsid "$REPO_ROOT/sandbox/mlflow/mlflow-sandbox" serve "$port" "$dir") >"$dir/mlflow.log" 2>&1 &
  pid=$!
  echo "$pid" >"$dir/mlflow.pid"
  if ! wait_for_http "$MLFLOW_URL/health" 120; then
    tail -n 40 "$dir/mlflow.log" >&2
    stop_mlflow_server "$dir"
    die "MLflow did not answer $MLFLOW_URL/health within 120 s (log: $dir/mlflow.log)"
  fi
  MLFLOW_READY_SECONDS=$(elapsed "$started")
  info "MLflow $MLFLOW_URL ready in $MLFLOW_READY_SECONDS s (pid $pid, log $dir/mlflow.log)"
}

# exec_mlflow_server PORT DIR: becomes the server (for callers that run it in
# a process of their own). One worker: the sandbox's few requests do not need
# more, and each worker is a whole Python process. No job execution: it starts
# a job runner and seven huey consumers (GenAI scorers, ~700 MiB) the registry
# does not use. No telemetry leaves the machine.
exec_mlflow_server() {
  local port="$1" dir="$2"
  mkdir -p "$dir/artifacts" && cd "$dir" || die "cannot use $dir for MLflow"
  MLFLOW_SERVER_ENABLE_JOB_EXECUTION=false MLFLOW_DISABLE_TELEMETRY=true DO_NOT_TRACK=true \
    exec "$MLFLOW_VENV/bin/mlflow" server --host 127.0.0.1 --port "$port" --workers 1 \
    --backend-store-uri "sqlite:///$dir/mlflow.db" --default-artifact-root "$dir/artifacts"
}

# seed_mlflow URL: one registered model per example model service (sandbox/mlflow/seed.py).
seed_mlflow() {
  "$MLFLOW_VENV/bin/python" "$REPO_ROOT/sandbox/mlflow/seed.py" "$1" >&2
}

mlflow_server_running() {
  local pid
  pid=$(cat "$1/mlflow.pid" 2>/dev/null) && [ -n "$pid" ] && kill -0 -- "-$pid" 2>/dev/null
}

# mlflow_server_rss_mib STATE_DIR: resident memory of the server's process group, in MiB.
mlflow_server_rss_mib() {
  local pid
  pid=$(cat "$1/mlflow.pid" 2>/dev/null) || return 1
  ps -o rss= -g "$pid" | awk '{ s += $1 } END { printf "%.0f\n", s / 1024 }'
}

# stop_mlflow_server STATE_DIR: SIGTERM to the process group, SIGKILL after 10 s.
stop_mlflow_server() {
  local dir="$1" pid
  pid=$(cat "$dir/mlflow.pid" 2>/dev/null) || return 0
  if [ -n "$pid" ]; then
    kill -TERM -- "-$pid" 2>/dev/null || true
    for _ in $(seq 1 20); do
      kill -0 -- "-$pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -KILL -- "-$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -f "$dir/mlflow.pid"
}
