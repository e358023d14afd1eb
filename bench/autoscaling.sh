#!/usr/bin/env bash
# Figures of autoscaling (/api/mlops/.../autoscaling and the scheduled
# collector of scaling history) with the sandbox's large fleet:
#   endpoint   one service cold (nothing cached) and cached, then SAMPLE
#              other services cold (8 at a time) and cached; upstream
#              requests per call (list calls + Prometheus queries)
#   collector  its runs (every 30 s here): requests per run per cluster and
#              run time with every HPA of the fleet, from the backend's log
#   baseline   the same list calls made directly with curl right after the
#              collector's runs: what the collector cannot do with less
# Everything started is stopped at the end.
# Usage: bench/autoscaling.sh [FLEET_SIZE] (default 1000)
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

SIZE="${1:-1000}"
SAMPLE="${MLOPS_BENCH_SAMPLE:-100}"
CONCURRENCY="${MLOPS_BENCH_CONCURRENCY:-8}"
bench_init autoscaling 23740
bench_sandbox_up "large:$SIZE"

kget() { # kget CLUSTER PATH: one GET with the portal's token; prints the number of items and the seconds
  local url token
  url="$(eval echo "\$MLOPS_SANDBOX_${1}_URL")" token="$(eval echo "\$MLOPS_SANDBOX_${1}_TOKEN")"
  curl -fsSk -H "authorization: Bearer $token" -o "$WORK/list.json" -w '%{time_total}' "$url$2" >"$WORK/time.txt"
  echo "$(node -e 'console.log(require(process.argv[1]).items.length)' "$WORK/list.json") $(cat "$WORK/time.txt")"
}

step "Waiting for the fleet's $SIZE HPAs (the chart's) in the two clusters"
deadline=$((SECONDS + 900))
while :; do
  east=$(kget EAST "/apis/autoscaling/v2/horizontalpodautoscalers?labelSelector=mlops-sandbox%2Frole%3Dmodel-service" | cut -d' ' -f1)
  west=$(kget WEST "/apis/autoscaling/v2/horizontalpodautoscalers?labelSelector=mlops-sandbox%2Frole%3Dmodel-service" | cut -d' ' -f1)
  [ $((east + west)) -lt "$SIZE" ] || break
  [ $SECONDS -lt $deadline ] || die "only $((east + west)) of $SIZE HPAs after 15 minutes"
  sleep 10
done
info "HPAs: sandbox-east $east, sandbox-west $west (plus the lab's in sandbox-east)"

fleet_catalog "$SIZE" >"$WORK/services.yaml"
# A cache long enough for the cached pass to find every answer of the cold pass.
start_bench_backend "$WORK/services.yaml" Component "autoscaling:
  cacheTtl: 5m
  history:
    frequency: { seconds: 30 }"
wait_for_model_services "$SIZE"

# calls CONCURRENCY NAME...: the autoscaling endpoint of every service named; a load summary.
calls() {
  local concurrency="$1" name urls=()
  shift
  for name in "$@"; do urls+=("$base/api/mlops/entities/component/default/$name/autoscaling"); done
  load --token "$token" --concurrency "$concurrency" --sum upstream='sources[].requests' \
    --answers cached=cached=true --answers withHpa='hpas[]' --count failedSources='sources[].ok=false' "${urls[@]}"
}
report() { # report LABEL JSON
  node -e '
    const [label, json] = process.argv.slice(1);
    const r = JSON.parse(json);
    const f = n => n.toFixed(0).padStart(6);
    console.log(`  ${label.padEnd(32)} calls ${String(r.calls).padStart(4)}  p50 ${f(r.p50)} ms  p95 ${f(r.p95)} ms  max ${f(r.max)} ms  upstream/call ${r.upstreamPerCall.toFixed(2)}  (wall ${(r.wallMs / 1000).toFixed(1)} s, with an HPA ${r.withHpa}, cached ${r.cached}, failed sources ${r.failedSources}, non-200 ${r.non200})`);
  ' "$1" "$2"
}

step "Endpoint ($SIZE services in the fleet)"
summary="$(calls 1 svc-0001)"
report "one service, cold" "$summary"
cold=$(json_field "$summary" p50)
summary="$(calls 1 svc-0001)"
report "one service, cached" "$summary"
cached=$(json_field "$summary" p50)
names=()
for ((i = 2; i <= SAMPLE + 1 && i <= SIZE; i++)); do names+=("$(printf 'svc-%04d' "$i")"); done
summary="$(calls "$CONCURRENCY" "${names[@]}")"
report "${#names[@]} other services, cold (x$CONCURRENCY)" "$summary"
summary="$(calls "$CONCURRENCY" "${names[@]}")"
report "the same, cached (x$CONCURRENCY)" "$summary"
read -r _ t <<<"$(kget WEST "/apis/autoscaling/v2/namespaces/team-01/horizontalpodautoscalers?labelSelector=backstage.io%2Fkubernetes-id%3Dsvc-0001")"
direct=$(node -e "console.log(($t * 1000).toFixed(1))")
node -e "console.log('  ratio cold / cached: ' + ($cold / $cached).toFixed(1) + 'x; cold / one direct HPA list with curl (' + $direct + ' ms): ' + ($cold / $direct).toFixed(1) + 'x')"

step "Collector (runs every 30 s; the first 15 s after start)"
deadline=$((SECONDS + 300))
until [ "$(grep -c 'Scaling history:' "$WORK/backend.log")" -ge 3 ]; do
  [ $SECONDS -lt $deadline ] || die "fewer than 3 collector runs in 5 minutes; log: $WORK/backend.log"
  sleep 5
done
grep -o 'Scaling history: .*' "$WORK/backend.log" | sed 's/\\u001b\[[0-9;]*m//g; s/\x1b\[[0-9;]*m//g; s/".*//' | head -3 | sed 's/^/  /'
step "Baseline: the collector's two list calls per cluster, made directly with curl (median of 3)"
EVENTS='/api/v1/events?fieldSelector=involvedObject.kind%3DHorizontalPodAutoscaler'
baseline_ms=0
for c in EAST WEST; do
  runs=()
  for _ in 1 2 3; do
    read -r n1 t1 <<<"$(kget "$c" /apis/autoscaling/v2/horizontalpodautoscalers)"
    read -r n2 t2 <<<"$(kget "$c" "$EVENTS")"
    runs+=("$(node -e "console.log(Math.round(($t1 + $t2) * 1000))")")
  done
  ms=$(printf '%s\n' "${runs[@]}" | sort -n | sed -n 2p)
  baseline_ms=$((baseline_ms + ms))
  printf '  %-13s %5d HPAs, %5d Events about HPAs: 2 requests, %5d ms (runs: %s)\n' "sandbox-${c,,}" "$n1" "$n2" "$ms" "${runs[*]}"
done
run_ms=$(grep -o 'Scaling history: .* in [0-9]* ms' "$WORK/backend.log" | head -3 | grep -o '[0-9]* ms$' | cut -d' ' -f1 | sort -n | sed -n 2p)
node -e "console.log('  ratio collector run (median ' + $run_ms + ' ms) / baseline lists (' + $baseline_ms + ' ms): ' + ($run_ms / $baseline_ms).toFixed(1) + 'x')"
