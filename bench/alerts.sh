#!/usr/bin/env bash
# Figures of the alerts endpoint (/api/mlops/.../alerts, docs/runbooks/index.md):
# latency of a cold call (Prometheus read) and of a cached one, and the
# upstream requests per call when every service of a fleet is asked for,
# against a baseline measured in the same run: Prometheus' own
# GET /api/v1/alerts, which each cold call makes once.
#
# A sandbox with MLOPS_SANDBOX_FLEET=large:N (default N=200) in the
# error-spike scenario (alerts firing), a catalog file with its N services,
# the backend from source (SQLite) reading both. Everything started is
# stopped at the end.
# Usage: bench/alerts.sh [N]
set -euo pipefail
. "$(dirname "$0")/../scripts/lib/node.sh"
. "$(dirname "$0")/../scripts/lib/sandbox.sh"

SIZE="${1:-200}"
PORT_BASE="${MLOPS_BENCH_SANDBOX_PORT_BASE:-24940}"
CONCURRENCY="${MLOPS_BENCH_CONCURRENCY:-8}"
WORK="$(mktemp -d /tmp/mlops-bench-alerts.XXXXXX)"
BACKEND_PID=""

cleanup() {
  if [ -n "$BACKEND_PID" ]; then
    kill -TERM -- "-$BACKEND_PID" 2>/dev/null || true
    while kill -0 -- "-$BACKEND_PID" 2>/dev/null; do sleep 0.2; done
  fi
  MLOPS_SANDBOX_PORT_BASE="$PORT_BASE" MLOPS_SANDBOX_DIR="$WORK/sandbox" "$SANDBOX_CLI" down >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

ensure_node
ensure_node_modules

names=()
for ((i = 1; i <= SIZE; i++)); do
  printf -v name 'svc-%04d' "$i"
  printf -v team 'team-%02d' $(((i - 1) % 20 + 1))
  names+=("$name")
  cat >>"$WORK/services.yaml" <<YAML
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

cat >"$WORK/calls.mjs" <<'JS'
// GETs url(name) for every name; prints one JSON summary line.
const [base, token, concurrency, kind, ...names] = process.argv.slice(2);
const url = name =>
  kind === 'prometheus'
    ? `${base}/api/v1/alerts`
    : `${base}/api/mlops/entities/component/default/${name}/alerts`;
const results = [];
let next = 0;
async function worker() {
  while (next < names.length) {
    const name = names[next++];
    const started = performance.now();
    const response = await fetch(url(name), {
      headers: { authorization: `Bearer ${token}` },
    });
    const text = await response.text();
    const ms = performance.now() - started;
    const body = JSON.parse(text);
    results.push({
      http: response.status,
      ms,
      bytes: text.length,
      alerts: kind === 'prometheus' ? body.data.alerts.length : body.alerts?.length ?? 0,
      upstream: (body.sources ?? []).reduce((n, s) => n + s.requests, 0),
      cached: body.cached === true,
    });
  }
}
const started = performance.now();
await Promise.all(Array.from({ length: Number(concurrency) }, worker));
const ms = results.map(r => r.ms).sort((a, b) => a - b);
const q = p => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))];
const sum = key => results.reduce((n, r) => n + r[key], 0);
console.log(JSON.stringify({
  calls: results.length,
  non200: results.filter(r => r.http !== 200).length,
  cached: results.filter(r => r.cached).length,
  p50: q(0.5), p95: q(0.95), max: ms.at(-1),
  upstreamTotal: sum('upstream'),
  alerts: sum('alerts'),
  bytes: Math.round(sum('bytes') / results.length),
  wallMs: performance.now() - started,
}));
JS

report() { # report LABEL JSON
  node -e '
    const [label, json] = process.argv.slice(1);
    const r = JSON.parse(json);
    const f = n => n.toFixed(1).padStart(7);
    console.log(`${label.padEnd(40)} calls ${String(r.calls).padStart(4)}  p50 ${f(r.p50)} ms  p95 ${f(r.p95)} ms  max ${f(r.max)} ms  upstream ${r.upstreamTotal}  alerts ${r.alerts}  ${r.bytes} B/answer  (wall ${(r.wallMs / 1000).toFixed(2)} s, cached ${r.cached}, non-200 ${r.non200})`);
  ' "$1" "$2"
}
p50() { node -e 'console.log(JSON.parse(process.argv[1]).p50)' "$1"; }

step "Sandbox with $SIZE services on port base $PORT_BASE"
export MLOPS_SANDBOX_PORT_BASE="$PORT_BASE" MLOPS_SANDBOX_DIR="$WORK/sandbox" \
  MLOPS_SANDBOX_FLEET="large:$SIZE" MLOPS_SANDBOX_ALERT_FOR=10s
"$SANDBOX_CLI" up >"$WORK/sandbox.log" 2>&1 || { tail -n 20 "$WORK/sandbox.log"; die "sandbox up failed"; }
eval "$("$SANDBOX_CLI" env)"
"$SANDBOX_CLI" scenario error-spike >/dev/null

port=$(free_port)
token="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
mkdir -p "$WORK/sqlite"
cat >"$WORK/bench.yaml" <<YAML
backend:
  baseUrl: http://127.0.0.1:$port
  listen: { port: $port, host: 127.0.0.1 }
  database:
    client: better-sqlite3
    connection: { directory: $WORK/sqlite }
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
  alerts:
    # Long enough for the fleet pass to share the first read.
    cacheTtl: 5m
YAML
(cd "$REPO_ROOT/packages/backend" && exec setsid node ../../.yarn/releases/yarn-4.13.0.cjs start \
  --config ../../app-config.yaml --config "$WORK/bench.yaml") >"$WORK/backend.log" 2>&1 &
BACKEND_PID=$!
base="http://127.0.0.1:$port"
wait_for_http "$base/.backstage/health/v1/readiness" 180 || { tail -n 20 "$WORK/backend.log"; die "backend not ready"; }

step "Waiting for the catalog and for an alert to fire"
deadline=$((SECONDS + 600))
until [ "$(curl -fsS -H "authorization: Bearer $token" \
  "$base/api/catalog/entities/by-query?filter=kind=component,spec.type=model-service&limit=1" |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).totalItems))')" -ge "$SIZE" ]; do
  [ $SECONDS -lt $deadline ] || die "the catalog did not list $SIZE services"
  sleep 2
done
until curl -fsS "$MLOPS_PROMETHEUS_URL/api/v1/alerts" | grep -q '"state":"firing"'; do
  [ $SECONDS -lt $deadline ] || die "no alert fired"
  sleep 5
done

step "Measuring ($SIZE services, $(curl -fsS "$MLOPS_PROMETHEUS_URL/api/v1/rules" | grep -o '"type":"alerting"' | wc -l) alerting rules)"
baseline="$(node "$WORK/calls.mjs" "$MLOPS_PROMETHEUS_URL" none 1 prometheus $(printf 'x %.0s' {1..20}))"
report "baseline: Prometheus GET /api/v1/alerts" "$baseline"
cold="$(node "$WORK/calls.mjs" "$base" "$token" 1 mlops svc-0001)"
report "one service, cold" "$cold"
others="$(node "$WORK/calls.mjs" "$base" "$token" "$CONCURRENCY" mlops "${names[@]:1}")"
report "the other $((SIZE - 1)) services (x$CONCURRENCY)" "$others"
cached="$(node "$WORK/calls.mjs" "$base" "$token" 1 mlops svc-0001)"
report "one service, cached" "$cached"
node -e '
  const [b, c, o, h] = process.argv.slice(1).map(j => JSON.parse(j));
  const requests = c.upstreamTotal + o.upstreamTotal;
  console.log(`ratios: cold / baseline p50 ${(c.p50 / b.p50).toFixed(2)}, cached / baseline p50 ${(h.p50 / b.p50).toFixed(2)}; Prometheus requests for ${c.calls + o.calls} services: ${requests} (${(requests / (c.calls + o.calls)).toFixed(3)} per service)`);
' "$baseline" "$cold" "$others" "$cached"
