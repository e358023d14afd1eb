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
. "$(dirname "$0")/lib.sh"

SIZE="${1:-200}"
CONCURRENCY="${MLOPS_BENCH_CONCURRENCY:-8}"
bench_init alerts 24940

names=()
for ((i = 1; i <= SIZE; i++)); do names+=("$(printf 'svc-%04d' "$i")"); done
fleet_catalog "$SIZE" >"$WORK/services.yaml"

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

export MLOPS_SANDBOX_ALERT_FOR=10s
bench_sandbox_up "large:$SIZE"
"$SANDBOX_CLI" scenario error-spike >/dev/null

# Long enough for the fleet pass to share the first read.
start_bench_backend "$WORK/services.yaml" Component 'alerts: { cacheTtl: 5m }'

step "Waiting for the catalog and for an alert to fire"
wait_for_model_services "$SIZE"
deadline=$((SECONDS + 600))
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
