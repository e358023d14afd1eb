#!/usr/bin/env bash
# Figures of the Delivery endpoint on the example fleet, with the sandbox's
# real Argo Rollouts controllers and MLflow: doc-classifier (a Rollout, its
# model versions in MLflow) and fraud-scorer (a plain Deployment).
# 1. REPEAT cold calls each (answer and MLflow caches 1 ms, so every call
#    reads the clusters, Prometheus and MLflow again): latency, and upstream
#    requests per call by kind of source;
# 2. the same with the default caches (15 s answer, 1 minute MLflow);
# 3. canary-bad: seconds from the switch to the controller's abort, and
#    canary-good: to the promotion (kubectl, every second).
# Everything started is stopped at the end.
# Usage: bench/delivery.sh [REPEAT]   (default 40)
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

REPEAT="${1:-40}"
bench_init delivery 31440

MLOPS_SANDBOX_MLFLOW=1 bench_sandbox_up
url() { echo "$base/api/mlops/entities/component/default/$1/delivery"; }

# by_kind URL: one call's upstream requests per kind of source.
by_kind() {
  curl -fsS -H "authorization: Bearer $token" "$1" | node -e '
    let s = ""; process.stdin.on("data", d => (s += d)).on("end", () => {
      const by = {};
      for (const r of JSON.parse(s).sources) by[r.kind] = (by[r.kind] ?? 0) + r.requests;
      console.log(Object.entries(by).map(([k, n]) => `${k} ${n}`).join(", "));
    });'
}

measure() { # measure LABEL: REPEAT calls per service, then one call's breakdown
  local name summary
  printf '%-9s %-16s %6s %6s %6s %6s  %-14s %s\n' "$1" service p50 p95 p99 max 'upstream/call' 'one call, by source'
  for name in doc-classifier fraud-scorer; do
    summary="$(load --token "$token" --repeat "$REPEAT" --sum upstream='sources[].requests' "$(url "$name")")"
    node -e '
      const [label, name, json, kinds] = process.argv.slice(1);
      const r = JSON.parse(json);
      const f = n => n.toFixed(0).padStart(6);
      console.log(`${"".padEnd(9)} ${name.padEnd(16)} ${f(r.p50)} ${f(r.p95)} ${f(r.p99)} ${f(r.max)}  ${r.upstreamPerCall.toFixed(2).padEnd(14)} ${kinds}  (calls ${r.calls}, non-200 ${r.non200})`);
    ' "$1" "$name" "$summary" "$(by_kind "$(url "$name")")"
  done
}

start_bench_backend "$REPO_ROOT/examples/ml-org/model-services.yaml" Component \
  "$(printf 'delivery: { cacheTtl: 1ms }\nmodelRegistry:\n  mlflow: { name: sandbox, baseUrl: %s, cacheTtl: 1ms }' "$MLOPS_MLFLOW_URL")"
step "Waiting for the catalog and for doc-classifier's Rollout with its SLO figures"
wait_for_model_services 7
deadline=$((SECONDS + 300))
until curl -fsS -H "authorization: Bearer $token" "$(url doc-classifier)" |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.exit(JSON.parse(s).rollouts?.[0]?.revisions?.some(r => r.slo) ? 0 : 1))'; do
  [ $SECONDS -lt $deadline ] || die "doc-classifier has no Rollout with SLO figures after 5 minutes"
  sleep 5
done

step "$REPEAT cold calls each (answer and MLflow caches 1 ms)"
measure cold
stop_backend
start_bench_backend "$REPO_ROOT/examples/ml-org/model-services.yaml" Component \
  "$(printf 'modelRegistry:\n  mlflow: { name: sandbox, baseUrl: %s }' "$MLOPS_MLFLOW_URL")"
wait_for_model_services 7
step "$REPEAT calls each with the default caches (answer 15 s, MLflow 1 minute)"
measure cached

KUBECTL="$("$REPO_ROOT/sandbox/scripts/build-binaries.sh" 2>/dev/null)/kubectl"
kc() { "$KUBECTL" --kubeconfig "$MLOPS_SANDBOX_KUBECONFIG_WEST" -n nlp-llm "$@"; }
# seconds_until WHAT: polls doc-classifier's Rollout every second (3 minutes at most).
seconds_until() {
  local t0=$SECONDS state
  while ((SECONDS - t0 < 180)); do
    state="$(kc get rollout doc-classifier -o 'jsonpath={.status.phase}/{.status.abort}/{.status.stableRS}/{.status.currentPodHash}')"
    case "$1" in
      aborted) [[ "$state" == Degraded/true/* ]] && break ;;
      promoted) IFS=/ read -r phase _ stable current <<<"$state"
        [[ "$phase" == Healthy && "$stable" == "$current" && "$stable" != "$STABLE0" ]] && break ;;
      healthy) IFS=/ read -r phase abort stable current <<<"$state"
        [[ "$phase" == Healthy && -z "$abort" && "$stable" == "$current" ]] && break ;;
    esac
    sleep 1
  done
  echo $((SECONDS - t0))
}
step "Argo Rollouts in the sandbox: canary-bad, then canary-good"
STABLE0="$(kc get rollout doc-classifier -o 'jsonpath={.status.stableRS}')"
"$SANDBOX_CLI" scenario canary-bad >/dev/null
info "canary-bad: aborted by the controller $(seconds_until aborted) s after the switch"
"$SANDBOX_CLI" scenario healthy >/dev/null
info "healthy: back on the stable revision $(seconds_until healthy) s after the switch"
"$SANDBOX_CLI" scenario canary-good >/dev/null
info "canary-good: promoted by the controller $(seconds_until promoted) s after the switch"
"$SANDBOX_CLI" scenario healthy >/dev/null
for c in east west; do
  pid="$(cat "$MLOPS_SANDBOX_DIR/pids/rollouts-sandbox-$c.pid")"
  info "rollouts-controller (sandbox-$c): $(ps -o rss= -g "$pid" | awk '{ s += $1 } END { printf "%.0f", s / 1024 }') MiB resident"
done
info "mlflow server: $(ps -o rss= -g "$(cat "$MLOPS_SANDBOX_DIR/pids/mlflow.pid")" | awk '{ s += $1 } END { printf "%.0f", s / 1024 }') MiB resident"
