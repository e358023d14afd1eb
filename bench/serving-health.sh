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
. "$(dirname "$0")/lib/common.sh"

SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1 200)
CONCURRENCY="${MLOPS_BENCH_CONCURRENCY:-8}"
bench_init health 23440

# calls CONCURRENCY NAME...: the endpoint of every service named; a load summary.
calls() {
  local concurrency="$1" name urls=()
  shift
  for name in "$@"; do urls+=("$base/api/mlops/entities/component/default/$name/serving-health"); done
  load --token "$token" --concurrency "$concurrency" --sum upstream='sources[].requests' \
    --answers cached=cached=true --tally statuses=status "${urls[@]}"
}

report() { # report LABEL JSON
  node -e '
    const [label, json] = process.argv.slice(1);
    const r = JSON.parse(json);
    const f = n => n.toFixed(0).padStart(6);
    console.log(`${label.padEnd(34)} calls ${String(r.calls).padStart(4)}  p50 ${f(r.p50)} ms  p95 ${f(r.p95)} ms  max ${f(r.max)} ms  upstream/call ${r.upstreamPerCall.toFixed(2)}  (total ${r.upstream}, wall ${(r.wallMs / 1000).toFixed(1)} s, cached ${r.cached}, non-200 ${r.non200}, ${JSON.stringify(r.statuses)})`);
  ' "$1" "$2"
}

for size in "${SIZES[@]}"; do
  bench_sandbox_up "large:$size"
  names=()
  for ((i = 1; i <= size; i++)); do names+=("$(printf 'svc-%04d' "$i")"); done
  fleet_catalog "$size" >"$WORK/services.yaml"
  # Long enough for the cached pass to find every answer of the cold pass.
  start_bench_backend "$WORK/services.yaml" Component 'serving: { cacheTtl: 5m }'

  step "Waiting for the catalog and for every service's metrics and replicas"
  wait_for_model_services "$size"
  deadline=$((SECONDS + 600))
  until [ "$(curl -fsS "$MLOPS_PROMETHEUS_URL/api/v1/query" \
    --data-urlencode 'query=count(count by (namespace, service) (rate({__name__=~"model_server_requests_total|vllm:e2e_request_latency_seconds_count", service=~"svc-.*"}[1m]) > 0))' |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).data.result[0]?.value[1] ?? 0))')" -ge "$size" ]; do
    [ $SECONDS -lt $deadline ] || die "Prometheus did not see traffic of $size services"
    sleep 5
  done

  step "Measuring ($size service(s) in the fleet)"
  summary="$(calls 1 svc-0001)"
  report "one service, cold" "$summary"
  summary="$(calls 1 svc-0001)"
  report "one service, cached" "$summary"
  if [ "$size" -gt 1 ]; then
    summary="$(calls "$CONCURRENCY" "${names[@]:1}")"
    report "$((size - 1)) other services, cold (x$CONCURRENCY)" "$summary"
    summary="$(calls "$CONCURRENCY" "${names[@]}")"
    report "all $size services, cached (x$CONCURRENCY)" "$summary"
  fi

  stop_backend
  stop_bench_sandbox
done
