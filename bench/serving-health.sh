#!/usr/bin/env bash
# Figures of the serving-health endpoint (/api/mlops/.../serving-health):
# latency of a cold call (nothing cached) and of a cached one, and the number
# of upstream requests (Prometheus queries, Kubernetes list calls) per call,
# for a sandbox fleet of each given size (default: 1 and 200 services).
#
# For each size: a sandbox with MLOPS_SANDBOX_FLEET=large:N on its own port
# base, a catalog file with the N services it runs (svc-0001.. in
# team-01..team-20), the backend from source (SQLite) reading both, then
#   one service    svc-0001 cold, then cached
#   every service  all N cold (8 at a time), then all N cached
# Everything started is stopped at the end.
# Usage: bench/serving-health.sh [SIZE...]
set -euo pipefail
. "$(dirname "$0")/../scripts/lib/node.sh"
. "$(dirname "$0")/../scripts/lib/sandbox.sh"

SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1 200)
PORT_BASE="${MLOPS_BENCH_SANDBOX_PORT_BASE:-23440}"
CONCURRENCY="${MLOPS_BENCH_CONCURRENCY:-8}"
WORK="$(mktemp -d /tmp/mlops-bench-health.XXXXXX)"
BACKEND_PID=""

stop_backend() {
  [ -n "$BACKEND_PID" ] || return 0
  kill -TERM -- "-$BACKEND_PID" 2>/dev/null || true
  while kill -0 -- "-$BACKEND_PID" 2>/dev/null; do sleep 0.2; done
  BACKEND_PID=""
}
stop_bench_sandbox() {
  MLOPS_SANDBOX_PORT_BASE="$PORT_BASE" MLOPS_SANDBOX_DIR="$WORK/sandbox" "$SANDBOX_CLI" down >/dev/null 2>&1 || true
}
cleanup() {
  stop_backend
  stop_bench_sandbox
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

ensure_node
ensure_node_modules

# catalog_file N: the N services of the large fleet as model-service components.
catalog_file() {
  local n="$1" i name team
  for ((i = 1; i <= n; i++)); do
    printf -v name 'svc-%04d' "$i"
    printf -v team 'team-%02d' $(((i - 1) % 20 + 1))
    cat <<YAML
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: $name
  annotations:
    backstage.io/kubernetes-id: $name
    backstage.io/kubernetes-namespace: $team
spec:
  type: model-service
  lifecycle: production
  owner: $team
YAML
  done
}

cat >"$WORK/calls.mjs" <<'JS'
// Calls the endpoint for every name; prints one JSON line per call.
const [base, token, concurrency, ...names] = process.argv.slice(2);
const results = [];
let next = 0;
async function worker() {
  while (next < names.length) {
    const name = names[next++];
    const started = performance.now();
    const response = await fetch(
      `${base}/api/mlops/entities/component/default/${name}/serving-health`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    const body = await response.json();
    const ms = performance.now() - started;
    const upstream = (body.sources ?? []).reduce((n, s) => n + s.requests, 0);
    results.push({ name, http: response.status, ms, upstream, cached: body.cached, status: body.status });
  }
}
const started = performance.now();
await Promise.all(Array.from({ length: Number(concurrency) }, worker));
const wall = performance.now() - started;
const ms = results.map(r => r.ms).sort((a, b) => a - b);
const q = p => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))];
const statuses = {};
for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
console.log(JSON.stringify({
  calls: results.length,
  non200: results.filter(r => r.http !== 200).length,
  cached: results.filter(r => r.cached).length,
  p50: q(0.5), p95: q(0.95), max: ms.at(-1),
  upstreamPerCall: results.reduce((n, r) => n + r.upstream, 0) / results.length,
  upstreamTotal: results.reduce((n, r) => n + r.upstream, 0),
  wallMs: wall,
  statuses,
}));
JS

report() { # report LABEL JSON
  node -e '
    const [label, json] = process.argv.slice(1);
    const r = JSON.parse(json);
    const f = n => n.toFixed(0).padStart(6);
    console.log(`${label.padEnd(34)} calls ${String(r.calls).padStart(4)}  p50 ${f(r.p50)} ms  p95 ${f(r.p95)} ms  max ${f(r.max)} ms  upstream/call ${r.upstreamPerCall.toFixed(2)}  (total ${r.upstreamTotal}, wall ${(r.wallMs / 1000).toFixed(1)} s, cached ${r.cached}, non-200 ${r.non200}, ${JSON.stringify(r.statuses)})`);
  ' "$1" "$2"
}

for size in "${SIZES[@]}"; do
  step "Fleet of $size service(s): sandbox on port base $PORT_BASE"
  export MLOPS_SANDBOX_PORT_BASE="$PORT_BASE" MLOPS_SANDBOX_DIR="$WORK/sandbox" MLOPS_SANDBOX_FLEET="large:$size"
  started=$(now)
  "$SANDBOX_CLI" up >"$WORK/sandbox-$size.log" 2>&1 || { tail -n 20 "$WORK/sandbox-$size.log"; die "sandbox up failed"; }
  info "sandbox up in $(elapsed "$started") s"
  eval "$("$SANDBOX_CLI" env)"

  names=()
  for ((i = 1; i <= size; i++)); do names+=("$(printf 'svc-%04d' "$i")"); done
  catalog_file "$size" >"$WORK/services.yaml"
  port=$(free_port)
  token="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
  mkdir -p "$WORK/sqlite-$size"
  cat >"$WORK/bench.yaml" <<YAML
backend:
  baseUrl: http://127.0.0.1:$port
  listen: { port: $port, host: 127.0.0.1 }
  database:
    client: better-sqlite3
    connection: { directory: $WORK/sqlite-$size }
  auth:
    externalAccess:
      - type: static
        options: { token: $token, subject: bench }
catalog:
  locations:
    - type: file
      target: $WORK/services.yaml
      rules:
        - allow: [Component]
mlops:
  serving:
    # Long enough for the cached pass to find every answer of the cold pass.
    cacheTtl: 5m
YAML
  (cd "$REPO_ROOT/packages/backend" && exec setsid node ../../.yarn/releases/yarn-4.13.0.cjs start \
    --config ../../app-config.yaml --config "$WORK/bench.yaml") >"$WORK/backend-$size.log" 2>&1 &
  BACKEND_PID=$!
  base="http://127.0.0.1:$port"
  wait_for_http "$base/.backstage/health/v1/readiness" 180 || { tail -n 20 "$WORK/backend-$size.log"; die "backend not ready"; }

  step "Waiting for the catalog and for every service's metrics and replicas"
  deadline=$((SECONDS + 600))
  until [ "$(curl -fsS -H "authorization: Bearer $token" \
    "$base/api/catalog/entities/by-query?filter=kind=component,spec.type=model-service&limit=1" |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).totalItems))')" -ge "$size" ]; do
    [ $SECONDS -lt $deadline ] || die "the catalog did not list $size services"
    sleep 2
  done
  until [ "$(curl -fsS "$MLOPS_PROMETHEUS_URL/api/v1/query" \
    --data-urlencode 'query=count(count by (namespace, service) (rate(model_server_requests_total{service=~"svc-.*"}[1m]) > 0))' |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).data.result[0]?.value[1] ?? 0))')" -ge "$size" ]; do
    [ $SECONDS -lt $deadline ] || die "Prometheus did not see traffic of $size services"
    sleep 5
  done

  step "Measuring ($size service(s) in the fleet)"
  report "one service, cold" "$(node "$WORK/calls.mjs" "$base" "$token" 1 svc-0001)"
  report "one service, cached" "$(node "$WORK/calls.mjs" "$base" "$token" 1 svc-0001)"
  if [ "$size" -gt 1 ]; then
    rest=("${names[@]:1}")
    report "$((size - 1)) other services, cold (x$CONCURRENCY)" "$(node "$WORK/calls.mjs" "$base" "$token" "$CONCURRENCY" "${rest[@]}")"
    report "all $size services, cached (x$CONCURRENCY)" "$(node "$WORK/calls.mjs" "$base" "$token" "$CONCURRENCY" "${names[@]}")"
  fi

  stop_backend
  stop_bench_sandbox
done
