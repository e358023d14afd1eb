#!/usr/bin/env bash
# Figures of the GPU jobs endpoint (/api/mlops/.../gpu-jobs) for a team with
# 500 jobs in history and 50 running: latency of cold calls (each `days`
# value is its own cache entry) and cached ones, and upstream requests per
# call, for the team (Group, answered from the history) and for its training
# pipeline (Component, live listing + history). Baseline, measured in the
# same run: the apiserver's own list of the namespace's Jobs, the call the
# endpoint cannot do without.
#
# A sandbox on its own port base gets a KWOK node with 64 GPUs, 50 Jobs that
# keep running on it and 500 that complete and are deleted by the TTL
# controller 20 s later; the backend (from source, SQLite) collects them
# every 5 s. Everything started is stopped at the end.
# Usage: bench/gpu-jobs.sh
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

RUNNING=50
HISTORY=500
CALLS=10
bench_init gpu 23640
bench_sandbox_up
kc() { kubectl --kubeconfig "$MLOPS_SANDBOX_KUBECONFIG_EAST" "$@"; }

# job NAME KEEP_RUNNING: one 1-GPU Job of the team's pipeline on the bench node.
job() {
  local ttl="ttlSecondsAfterFinished: 20" annotations="{}"
  [ "$2" = true ] && ttl="" && annotations="{mlops-sandbox/keep-running: 'true'}"
  cat <<YAML
---
apiVersion: batch/v1
kind: Job
metadata:
  name: $1
  namespace: bench-gpu
  labels: { backstage.io/kubernetes-id: bench-training }
spec:
  backoffLimit: 0
  $ttl
  template:
    metadata:
      labels: { backstage.io/kubernetes-id: bench-training }
      annotations: $annotations
    spec:
      restartPolicy: Never
      nodeSelector: { kubernetes.io/hostname: bench-gpu-1 }
      tolerations: [{ key: nvidia.com/gpu, operator: Exists, effect: NoSchedule }]
      containers:
        - name: trainer
          image: registry.example.com/bench/trainer:1
          resources: { limits: { nvidia.com/gpu: '1' } }
YAML
}

step "A 64-GPU node, $RUNNING running Jobs and $HISTORY that complete and are deleted by their TTL"
{
  gpu_node_yaml bench-gpu-1 64 1000
  printf -- '---\napiVersion: v1\nkind: Namespace\nmetadata: { name: bench-gpu }\n'
} | kc apply -f - >/dev/null
{ for ((i = 1; i <= RUNNING; i++)); do job "bench-run-$i" true; done; } >"$WORK/running.yaml"
kc apply -f "$WORK/running.yaml" >/dev/null
{ for ((i = 1; i <= HISTORY; i++)); do job "bench-done-$i" false; done; } >"$WORK/history.yaml"

cat >"$WORK/catalog.yaml" <<YAML
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: bench-team }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: bench-training
  annotations:
    backstage.io/kubernetes-id: bench-training
    backstage.io/kubernetes-namespace: bench-gpu
spec: { type: training-pipeline, lifecycle: production, owner: bench-team }
YAML
start_bench_backend "$WORK/catalog.yaml" "Component, Group" "tenancy:
  namespaces: [{ namespace: bench-gpu, owners: [group:default/bench-team] }]
gpuJobs:
  cacheTtl: 5m
  history: { frequency: 5s }"

kc apply -f "$WORK/history.yaml" >/dev/null
team="$base/api/mlops/entities/group/default/bench-team/gpu-jobs"
pipeline="$base/api/mlops/entities/component/default/bench-training/gpu-jobs"
step "Waiting until the history holds $((RUNNING + HISTORY)) jobs and the TTL controller deleted $HISTORY"
deadline=$((SECONDS + 900))
n=0
while :; do
  n=$((n + 1)) # a new `days` (11..70) each time: answers are cached for 5 minutes
  # How many jobs the team's answer holds, how many run, how many left the cluster.
  summary="$(load --token "$token" --count jobs='jobs[]' --sum running=totals.running \
    --count gone='jobs[].live=false' "$team?days=$((n % 60 + 11))")" || true
  read -r jobs running gone <<<"$(json_field "$summary" jobs running gone)"
  left=$(kc get jobs -n bench-gpu --no-headers 2>/dev/null | wc -l)
  [ "$jobs" -ge $((RUNNING + HISTORY)) ] && [ "$running" -ge "$RUNNING" ] && [ "$left" -le "$RUNNING" ] && break
  [ $SECONDS -lt $deadline ] || die "history $jobs jobs ($running running, $gone deleted), cluster $left Jobs"
  sleep 5
done
info "history: $jobs jobs, $running running, $gone deleted from the cluster; the cluster lists $left Jobs"

# calls URL: URL once per `days` value, one after another; a load summary.
calls() {
  local d urls=()
  for d in "${days[@]}"; do urls+=("$1?days=$d"); done
  load --token "$token" --sum upstream='sources[].requests' --count jobs='jobs[]' \
    --answers cached=cached=true "${urls[@]}"
}
report() { # report LABEL JSON BASELINE_P50
  node -e '
    const [label, json, baseline] = process.argv.slice(1);
    const r = JSON.parse(json);
    const f = n => n.toFixed(1).padStart(7);
    console.log(`${label.padEnd(44)} calls ${String(r.calls).padStart(3)}  p50 ${f(r.p50)} ms  max ${f(r.max)} ms  upstream/call ${(r.upstreamPerCall ?? 1).toFixed(1)}  jobs ${r.jobsPerCall}  cached ${r.cached}  non-200 ${r.non200}  p50 / baseline ${(r.p50 / Number(baseline)).toFixed(1)}x`);
  ' "$1" "$2" "$3"
}
step "Measuring"
days=() # 1..10, never asked while waiting: the first pass finds nothing cached
for ((d = 1; d <= CALLS; d++)); do days+=("$d"); done
# The apiserver's list of the namespace's Jobs with the pipeline's selector,
# as a plain HTTPS client asks; itself the one upstream request.
baseline="$(load --insecure --token "$MLOPS_SANDBOX_EAST_TOKEN" --repeat 20 \
  --count jobs='items[]' --answers cached=cached=true \
  "$MLOPS_SANDBOX_EAST_URL/apis/batch/v1/namespaces/bench-gpu/jobs?labelSelector=backstage.io%2Fkubernetes-id%3Dbench-training")"
b50=$(json_field "$baseline" p50)
report "baseline: apiserver list of the 50 Jobs" "$baseline" "$b50"
summary="$(calls "$team")"
report "team (Group, history + DCGM), cold" "$summary" "$b50"
summary="$(calls "$team")"
report "team (Group, history + DCGM), cached" "$summary" "$b50"
summary="$(calls "$pipeline")"
report "pipeline (Component, live + history), cold" "$summary" "$b50"
summary="$(calls "$pipeline")"
report "pipeline (Component, live + history), cached" "$summary" "$b50"
