#!/usr/bin/env bash
# Figures of the GPU job history recorded from the watch:
#  1. accuracy: a 2 s GPU Job every 10 s for MLOPS_BENCH_MINUTES (default 10),
#     each deleted 5 s after it finishes, as a CronJob with a short history
#     makes them (a CronJob itself cannot fire more than once a minute); the
#     history's GPU-seconds against the sum of the pods' own timestamps, seen
#     by a watch of the bench's own (bench/lib/pod-times.mjs);
#  2. memory: the backend's resident memory before and after 1,000 more GPU
#     Jobs (their pods pending), against the size of those objects as JSON;
#  3. apiserver requests per minute for the history, from the apiserver's
#     audit log: the watch (with its 10-minute re-list) against the re-list
#     alone every minute (the history before the watch), each for
#     MLOPS_BENCH_STEADY_MINUTES (default 5) with the 1,000 Jobs present.
# A sandbox on its own port base, a KWOK node with 8 GPUs, the backend from
# source on SQLite. Everything started is stopped at the end.
# Usage: bench/gpu-watch.sh
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

MINUTES="${MLOPS_BENCH_MINUTES:-10}"
STEADY_MINUTES="${MLOPS_BENCH_STEADY_MINUTES:-5}"
MANY=1000
bench_init gpu-watch 23840
bench_sandbox_up
kc() { kubectl --kubeconfig "$MLOPS_SANDBOX_KUBECONFIG_EAST" "$@"; }
PORTAL_SA=system:serviceaccount:mlops-portal:mlops-portal

# job NAME RUN_FOR|pending: one 1-GPU Job on the bench node; `pending` pods
# ask for a node that does not exist and stay Pending.
job() {
  local annotations="{mlops-sandbox/run-for: '$2'}" node=bench-watch-gpu ttl="ttlSecondsAfterFinished: 5"
  [ "$2" = pending ] && annotations="{}" node=no-such-node ttl=""
  cat <<YAML
---
apiVersion: batch/v1
kind: Job
metadata:
  name: $1
  namespace: bench-watch
  labels: { backstage.io/kubernetes-id: bench-watch }
spec:
  backoffLimit: 0
  $ttl
  template:
    metadata:
      labels: { backstage.io/kubernetes-id: bench-watch }
      annotations: $annotations
    spec:
      restartPolicy: Never
      nodeSelector: { kubernetes.io/hostname: $node }
      tolerations: [{ key: nvidia.com/gpu, operator: Exists, effect: NoSchedule }]
      containers:
        - name: trainer
          image: registry.example.com/bench/trainer:1
          resources: { limits: { nvidia.com/gpu: '1' } }
YAML
}

{
  gpu_node_yaml bench-watch-gpu 8 1100
  printf -- '---\napiVersion: v1\nkind: Namespace\nmetadata: { name: bench-watch }\n'
} | kc apply -f - >/dev/null

cat >"$WORK/catalog.yaml" <<YAML
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: bench-watch
  annotations:
    backstage.io/kubernetes-id: bench-watch
    backstage.io/kubernetes-namespace: bench-watch
spec: { type: training-pipeline, lifecycle: production, owner: bench-team }
YAML
# The bench's team holds the namespace (mlops.tenancy), so the pipeline reads it.
TENANCY="tenancy:
  namespaces: [{ namespace: bench-watch, owners: [group:default/bench-team] }]"
start_bench_backend "$WORK/catalog.yaml" "Component" "$TENANCY
gpuJobs:
  cacheTtl: 1s"
pipeline="$base/api/mlops/entities/component/default/bench-watch/gpu-jobs?days=1"

# requests_between FROM TO: the portal's list and watch requests on the
# cluster's Jobs, pods and nodes in [FROM, TO), as "lists watches".
requests_between() {
  "$SANDBOX_CLI" requests --cluster sandbox-east --cluster-wide --user "$PORTAL_SA" \
    --since "$1" --list | awk -v to="$2" '$2 < to && $5 ~ /(jobs|pods|nodes)/ { n[$4]++ } END { print n["list"] + 0, n["watch"] + 0 }'
}
iso() { date -u +%Y-%m-%dT%H:%M:%S.000Z; }
per_minute() { node -e 'console.log((Number(process.argv[1]) / Number(process.argv[2])).toFixed(2))' "$1" "$2"; }

# The backend's resident memory, all processes of its group, in MiB.
backend_rss() { ps -o rss= -g "$BACKEND_PID" | awk '{ s += $1 } END { printf "%.0f", s / 1024 }'; }

step "1. A 2 s GPU Job every 10 s for $MINUTES min, each deleted 5 s after it finishes"
node "$BENCH_LIB/pod-times.mjs" "$MLOPS_SANDBOX_KUBECONFIG_EAST" bench-watch >"$WORK/pod-times.json" &
POD_TIMES_PID=$!
sleep 15 # the backend's watch has started and listed
from="$(iso)"
jobs_made=$((MINUTES * 6))
for ((i = 1; i <= jobs_made; i++)); do
  job "bench-cron-$i" 2s | kc apply -f - >/dev/null
  [ $((i % 6)) -eq 0 ] && info "$((i / 6)) of $MINUTES min: $i Jobs made"
  sleep 10
done
sleep 20 # the last Job finishes and is deleted
to="$(iso)"
kill -TERM "$POD_TIMES_PID"
wait "$POD_TIMES_PID" || true
own="$(cat "$WORK/pod-times.json")"
history="$(load --token "$token" --answers ok=state=\"ok\" --sum gpuHours='jobs[].gpuHours' --count jobs='jobs[]' \
  --count estimated='jobs[].gpuHoursEstimated=true' --count gone='jobs[].live=false' "$pipeline")"
read -r own_s own_pods own_ran <<<"$(json_field "$own" gpuSeconds pods ran)"
read -r hist_ok hist_h hist_jobs hist_est hist_gone <<<"$(json_field "$history" ok gpuHours jobs estimated gone)"
[ "$hist_ok" = 1 ] || die "the pipeline's GPU jobs answer is not ok: $history"
read -r cron_lists cron_watches <<<"$(requests_between "$from" "$to")"
node -e '
  const [ownS, pods, ran, histH, jobs, est, gone, made] = process.argv.slice(1).map(Number);
  const histS = histH * 3600;
  console.log(`Jobs made ${made}; the pods own watch saw ${pods} pods, ${ran} ran: ${ownS.toFixed(1)} GPU-seconds`);
  console.log(`history: ${jobs} jobs (${gone} deleted from the cluster, ${est} estimated): ${histS.toFixed(1)} GPU-seconds`);
  console.log(`history / pods: ${(histS / ownS).toFixed(4)} (difference ${(100 * (histS - ownS) / ownS).toFixed(2)} %)`);
' "$own_s" "$own_pods" "$own_ran" "$hist_h" "$hist_jobs" "$hist_est" "$hist_gone" "$jobs_made"
minutes_of() { node -e 'console.log(((Date.parse(process.argv[2]) - Date.parse(process.argv[1])) / 60000).toFixed(2))' "$1" "$2"; }
info "apiserver requests during it: $cron_lists lists, $cron_watches watches in $(minutes_of "$from" "$to") min"

step "2. Memory: $MANY more GPU Jobs whose pods stay pending"
sleep 5
rss_before=$(backend_rss)
{ for ((i = 1; i <= MANY; i++)); do job "bench-many-$i" pending; done; } >"$WORK/many.yaml"
kc apply -f "$WORK/many.yaml" >/dev/null
deadline=$((SECONDS + 600))
until [ "$(json_field "$(load --token "$token" --sum pending=totals.pending "$pipeline")" pending)" -ge "$MANY" ]; do
  [ $SECONDS -lt $deadline ] || die "the history did not show $MANY pending jobs"
  sleep 5
done
sleep 10
rss_after=$(backend_rss)
json_bytes=$(kc get jobs,pods -n bench-watch -o json | wc -c)
node -e '
  const [before, after, bytes, n] = process.argv.slice(1).map(Number);
  console.log(`backend RSS ${before} MiB before, ${after} MiB with ${n} Jobs and their pods watched: +${after - before} MiB`);
  console.log(`those objects as the apiserver sends them (JSON): ${(bytes / 1048576).toFixed(1)} MiB`);
' "$rss_before" "$rss_after" "$json_bytes" "$MANY"

step "3. apiserver requests per minute, $STEADY_MINUTES min each, $MANY Jobs present"
from="$(iso)"
sleep $((STEADY_MINUTES * 60))
to="$(iso)"
read -r watch_lists watch_watches <<<"$(requests_between "$from" "$to")"
stop_backend
start_bench_backend "$WORK/catalog.yaml" "Component" "$TENANCY
gpuJobs:
  cacheTtl: 1s
  history: { frequency: 1m, watch: { enabled: false } }"
from="$(iso)"
sleep $((STEADY_MINUTES * 60))
to="$(iso)"
read -r relist_lists relist_watches <<<"$(requests_between "$from" "$to")"
watch_total=$((watch_lists + watch_watches))
relist_total=$((relist_lists + relist_watches))
echo "watch (re-list every 10 min): $watch_lists lists + $watch_watches watches = $(per_minute "$watch_total" "$STEADY_MINUTES")/min"
echo "re-list every minute, no watch: $relist_lists lists + $relist_watches watches = $(per_minute "$relist_total" "$STEADY_MINUTES")/min"
echo "watch / re-list: $(node -e 'console.log((Number(process.argv[1]) / Number(process.argv[2])).toFixed(2))' "$watch_total" "$relist_total")"
