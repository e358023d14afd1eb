# shellcheck shell=bash
# What the bench scripts share: a work folder, a sandbox on its own port
# base and the backend from source (SQLite) reading a catalog file, all
# stopped at exit, and the load generator beside this file. Source it, then
# call bench_init.
BENCH_LIB="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../../scripts/lib/node.sh
. "$BENCH_LIB/../../scripts/lib/node.sh"
# shellcheck source=../../scripts/lib/sandbox.sh
. "$BENCH_LIB/../../scripts/lib/sandbox.sh"

BACKEND_PID=""

# bench_init NAME DEFAULT_PORT_BASE: sets WORK and PORT_BASE
# (MLOPS_BENCH_SANDBOX_PORT_BASE overrides), installs what is missing.
bench_init() {
  WORK="$(mktemp -d "/tmp/mlops-bench-$1.XXXXXX")"
  PORT_BASE="${MLOPS_BENCH_SANDBOX_PORT_BASE:-$2}"
  export MLOPS_SANDBOX_PORT_BASE="$PORT_BASE" MLOPS_SANDBOX_DIR="$WORK/sandbox"
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
  ensure_node
  ensure_node_modules
}

stop_backend() {
  [ -n "$BACKEND_PID" ] || return 0
  kill -TERM -- "-$BACKEND_PID" 2>/dev/null || true
  while kill -0 -- "-$BACKEND_PID" 2>/dev/null; do sleep 0.2; done
  BACKEND_PID=""
}

stop_bench_sandbox() {
  "$SANDBOX_CLI" down >/dev/null 2>&1 || true
}

bench_cleanup() {
  stop_backend
  stop_bench_sandbox
  rm -rf "$WORK"
}

# bench_sandbox_up [FLEET]: the sandbox (MLOPS_SANDBOX_FLEET=FLEET when
# given), then its environment (kubeconfigs, URLs, tokens) exported. No MLflow
# registry unless MLOPS_SANDBOX_MLFLOW=1: it would add ~500 MiB per sandbox.
bench_sandbox_up() {
  local started log="$WORK/sandbox${1:+-$1}.log"
  step "Sandbox${1:+ with MLOPS_SANDBOX_FLEET=$1}, ${MLOPS_SANDBOX_CLUSTERS:-2} clusters, on port base $PORT_BASE"
  started=$(now)
  MLOPS_SANDBOX_FLEET="${1:-${MLOPS_SANDBOX_FLEET:-}}" MLOPS_SANDBOX_MLFLOW="${MLOPS_SANDBOX_MLFLOW:-0}" \
    "$SANDBOX_CLI" up >"$log" 2>&1 ||
    { tail -n 20 "$log"; die "sandbox up failed"; }
  info "sandbox up in $(elapsed "$started") s"
  eval "$("$SANDBOX_CLI" env)"
}

# fleet_catalog N: the first N services of the large fleet (svc-0001.. in
# team-01..team-20) as model-service components.
fleet_catalog() {
  local i name team
  for ((i = 1; i <= $1; i++)); do
    printf -v name 'svc-%04d' "$i"
    printf -v team 'team-%02d' $(((i - 1) % 20 + 1))
    printf -- '---\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: %s\n  annotations:\n    backstage.io/kubernetes-id: %s\n    backstage.io/kubernetes-namespace: %s\nspec:\n  type: model-service\n  lifecycle: production\n  owner: %s\n' \
      "$name" "$name" "$team" "$team"
  done
}

# start_bench_backend CATALOG_FILE KINDS MLOPS_YAML: the backend on
# 127.0.0.1:PORT_BASE+90 (inside the sandbox's range, below the ephemeral
# ports) with a fresh SQLite folder, the catalog file (entity KINDS, e.g.
# "Component, Group") and MLOPS_YAML as its `mlops:` block. Sets `base` and
# `token` (a static token the backend accepts); waits for readiness.
start_bench_backend() {
  BENCH_SQLITE="$(mktemp -d "$WORK/sqlite.XXXXXX")"
  token="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
  write_bench_config "$@"
  run_bench_backend
}

# restart_bench_backend: the same backend stopped and started again on its
# database (what a restarted replica sees: an empty cache, the stored rows).
restart_bench_backend() {
  stop_backend
  run_bench_backend
}

# write_bench_config CATALOG_FILE KINDS MLOPS_YAML: bench.yaml, and the
# sandbox's clusters (any number) as sandbox-clusters.yaml, with
# BENCH_SANDBOX_CONFIG_FLAGS (e.g. --pod-metrics) passed to `sandbox app-config`.
write_bench_config() {
  local port=$((PORT_BASE + 90)) sqlite="$BENCH_SQLITE"
  base="http://127.0.0.1:$port"
  # shellcheck disable=SC2086 # flags, split on purpose
  "$SANDBOX_CLI" app-config ${BENCH_SANDBOX_CONFIG_FLAGS:-} >"$WORK/sandbox-clusters.yaml"
  cat >"$WORK/bench.yaml" <<YAML
app:
  baseUrl: $base
backend:
  baseUrl: $base
  listen: { port: $port, host: 127.0.0.1 }
  database:
    client: better-sqlite3
    connection: { directory: $sqlite }
  auth:
    externalAccess:
      - type: static
        options: { token: $token, subject: bench }
catalog:
  locations:
    - type: file
      target: $1
      rules:
        - allow: [$2]
mlops:
$(printf '%s\n' "$3" | sed 's/^/  /')
YAML
}

run_bench_backend() {
  step "Backend from source on $base (SQLite)"
  (cd "$REPO_ROOT/packages/backend" && exec setsid node ../../.yarn/releases/yarn-4.13.0.cjs start \
    --config ../../app-config.yaml --config "$WORK/sandbox-clusters.yaml" --config "$WORK/bench.yaml") >>"$WORK/backend.log" 2>&1 &
  BACKEND_PID=$!
  wait_for_http "$base/.backstage/health/v1/readiness" 240 ||
    { tail -n 20 "$WORK/backend.log"; die "backend not ready"; }
}

# gpu_node_yaml NAME GPUS PODS: a KWOK node with GPUS H100s, tainted so that
# only pods tolerating nvidia.com/gpu land on it.
gpu_node_yaml() {
  cat <<YAML
---
apiVersion: v1
kind: Node
metadata:
  name: $1
  annotations: { kwok.x-k8s.io/node: fake }
  labels:
    type: kwok
    kubernetes.io/hostname: $1
    nvidia.com/gpu.present: 'true'
    nvidia.com/gpu.product: NVIDIA-H100-80GB-HBM3
spec:
  taints: [{ key: nvidia.com/gpu, value: present, effect: NoSchedule }]
status:
  capacity: { cpu: '192', memory: 2Ti, pods: '$3', nvidia.com/gpu: '$2' }
  allocatable: { cpu: '192', memory: 2Ti, pods: '$3', nvidia.com/gpu: '$2' }
YAML
}

# wait_for_model_services N: until the catalog lists N model services.
wait_for_model_services() {
  local deadline=$((SECONDS + 600))
  until [ "$(json_field "$(curl -fsS -H "authorization: Bearer $token" \
    "$base/api/catalog/entities/by-query?filter=kind=component,spec.type=model-service&limit=1")" totalItems)" -ge "$1" ]; do
    [ $SECONDS -lt $deadline ] || die "the catalog did not list $1 services"
    sleep 2
  done
}

# load [OPTION...] URL...: bench/lib/load.mjs (options at its head); prints
# its JSON summary of the calls.
load() { node "$BENCH_LIB/load.mjs" "$@"; }

# json_field JSON KEY...: top-level fields of a JSON object (a load summary),
# space-separated.
json_field() { node -e 'const [j, ...keys] = process.argv.slice(1); console.log(keys.map(k => JSON.parse(j)[k]).join(" "))' "$@"; }
