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
. "$(dirname "$0")/lib/common.sh"

SIZE="${1:-200}"
CONCURRENCY="${MLOPS_BENCH_CONCURRENCY:-8}"
bench_init alerts 24940

names=()
for ((i = 1; i <= SIZE; i++)); do names+=("$(printf 'svc-%04d' "$i")"); done
fleet_catalog "$SIZE" >"$WORK/services.yaml"

# calls CONCURRENCY NAME...: the alerts endpoint of every service named; a load summary.
calls() {
  local concurrency="$1" name urls=()
  shift
  for name in "$@"; do urls+=("$base/api/mlops/entities/component/default/$name/alerts"); done
  load --token "$token" --concurrency "$concurrency" --sum upstream='sources[].requests' \
    --count alerts='alerts[]' --answers cached=cached=true "${urls[@]}"
}

report() { # report LABEL JSON
  node -e '
    const [label, json] = process.argv.slice(1);
    const r = JSON.parse(json);
    const f = n => n.toFixed(1).padStart(7);
    console.log(`${label.padEnd(40)} calls ${String(r.calls).padStart(4)}  p50 ${f(r.p50)} ms  p95 ${f(r.p95)} ms  max ${f(r.max)} ms  upstream ${r.upstream}  alerts ${r.alerts}  ${r.bytes} B/answer  (wall ${(r.wallMs / 1000).toFixed(2)} s, cached ${r.cached}, non-200 ${r.non200})`);
  ' "$1" "$2"
}

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
# The same figures as the endpoint's (no sources: upstream 0, cached 0).
baseline="$(load --repeat 20 --sum upstream='sources[].requests' --count alerts='data.alerts[]' \
  --answers cached=cached=true "$MLOPS_PROMETHEUS_URL/api/v1/alerts")"
report "baseline: Prometheus GET /api/v1/alerts" "$baseline"
cold="$(calls 1 svc-0001)"
report "one service, cold" "$cold"
others="$(calls "$CONCURRENCY" "${names[@]:1}")"
report "the other $((SIZE - 1)) services (x$CONCURRENCY)" "$others"
cached="$(calls 1 svc-0001)"
report "one service, cached" "$cached"
node -e '
  const [b, c, o, h] = process.argv.slice(1).map(j => JSON.parse(j));
  const requests = c.upstream + o.upstream;
  console.log(`ratios: cold / baseline p50 ${(c.p50 / b.p50).toFixed(2)}, cached / baseline p50 ${(h.p50 / b.p50).toFixed(2)}; Prometheus requests for ${c.calls + o.calls} services: ${requests} (${(requests / (c.calls + o.calls)).toFixed(3)} per service)`);
' "$baseline" "$cold" "$others" "$cached"
