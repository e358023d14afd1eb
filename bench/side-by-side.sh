#!/usr/bin/env bash
# Side by side on one sandbox and one backend serving both: Backstage's own
# kubernetes plugin (the Kubernetes tab's routes) and this portal's mlops
# routes, for the same example model services, with the viewers each
# frontend makes. Per plugin and per viewer count (each for a fixed time),
# printed per route: latency p50/p95/p99, errors, response bytes; per plugin:
# requests that reached each kube-apiserver (their audit logs) and
# Prometheus (its query log) per minute, the backend's CPU seconds and peak
# RSS over the window.
#
# Viewers: the Kubernetes tab refreshes every 10 s (POST /services/:name;
# POST /resources/workloads/query measured as a second route at the same
# rate). The mlops pages refetch on signals and otherwise every 30 s
# (docs/fleet.md); here every viewer refetches every 30 s, the most they do.
# Viewer i looks at the i-th example service (round robin).
#
# Many clusters: the whole comparison again on a sandbox of each size of
# --clusters (default 2, 5 and 10 clusters, the example fleet spread over
# them: GPU services on sandbox-east, CPU ones in turn on the others). At
# each size the Kubernetes tab is measured once more with pod metrics on
# (the backend restarted with skipMetricsLookup: false), at the largest
# viewer count.
#
# Usage: bench/side-by-side.sh [--quick] [--clusters "2 5 10"] [--window S] [--against BASE_URL] [--out DIR]
#   --quick: 1 and 5 viewers, 20 s each, 2 clusters, no faults, no pod
#   metrics: the check scripts/test.sh runs; it fails when an upstream count
#   is zero or missing.
#   --window: seconds per plugin and viewer count (60).
#
# Then (not --quick), on the first size, the faults, each against both
# plugins: sandbox-east's apiserver hung (SIGSTOP), Prometheus hung,
# sandbox-east answering 403, sandbox-west stopped; for each, how long a page
# load of each plugin took, whether it names the failing source and still
# shows the others; and sandbox-west restarted: how long until each plugin
# shows it again.
#   --against: a backend and sandbox already running (the end-to-end
#   stage's): BASE_URL, a static token in MLOPS_BENCH_TOKEN, the sandbox of
#   MLOPS_SANDBOX_DIR / MLOPS_SANDBOX_PORT_BASE. Nothing is started or
#   stopped; its clusters are the only size measured.
#
#   --out: the run's tables (upstream.tsv, routes.tsv) and one SVG chart per
#   measure (bench/lib/side-by-side-charts.mjs) written to DIR
#   (docs/images/side-by-side holds those of the run docs/benchmarks.md reports).
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

VIEWERS=(1 10 50)
CLUSTER_COUNTS=(2 5 10)
WINDOW_S=60
FAULTS=1
POD_METRICS=1
AGAINST=""
OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) VIEWERS=(1 5) WINDOW_S=20 FAULTS=0 POD_METRICS=0 CLUSTER_COUNTS=(2) ;;
    --clusters) read -ra CLUSTER_COUNTS <<<"${2:?--clusters needs numbers, e.g. \"2 5 10\"}" && shift ;;
    --window) WINDOW_S="${2:?--window needs seconds}" && shift ;;
    --against) AGAINST="${2:?--against needs a base URL}" && shift ;;
    --out) OUT="${2:?--out needs a folder}" && shift ;;
    *) die "usage: bench/side-by-side.sh [--quick] [--clusters \"2 5 10\"] [--window S] [--against BASE_URL] [--out DIR]" ;;
  esac
  shift
done
[[ "$WINDOW_S" =~ ^[0-9]+$ ]] && ((WINDOW_S >= 10)) || die "--window $WINDOW_S: use 10 seconds or more"
for n in "${CLUSTER_COUNTS[@]}"; do
  [[ "$n" =~ ^[0-9]+$ ]] && ((n >= 2 && n <= 10)) || die "--clusters: $n is not a number of clusters from 2 to 10"
done
# The identity both plugins read the clusters with (the simulator's requests are not counted).
PORTAL_SA=system:serviceaccount:mlops-portal:mlops-portal
CATALOG_KINDS="Component, System, API, Resource, Group, User, Domain, Location"
MLOPS_YAML="fleet: { frequency: 30s }"
STOCK_EVERY_MS=10000
OURS_EVERY_MS=30000

SERVICES=(fraud-scorer fraud-graph-embedder reco-candidate-retrieval reco-ranker
  support-llm doc-classifier image-moderation)

# pages ROUTE: the calls of one page per example service (bench/lib/side-by-side-pages.mjs).
pages() {
  node "$BENCH_LIB/side-by-side-pages.mjs" "$1" "$base" "$REPO_ROOT/examples/ml-org/model-services.yaml" "${SERVICES[@]}"
}

# backend_pid: the node process listening on the backend's port.
backend_pid() {
  ss -Hltnp "sport = :${base##*:}" | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2
}
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# phase LABEL EVERY_MS VIEWERS ROUTE...: every route's viewers at once for
# WINDOW_S (no route: nobody watching, what the collectors alone ask); one
# line per route, then the plugin's upstream and backend figures over the
# whole window, on the sandbox's CLUSTERS clusters.
phase() {
  local label="$1" every="$2" viewers="$3" route pid ticks_before since pids=() started
  shift 3
  pid="$(backend_pid)"
  echo 5 >"/proc/$pid/clear_refs" # peak RSS from here
  ticks_before="$(cpu_ticks "$pid")"
  sleep 1
  since="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  started=$(now)
  for route in "$@"; do
    pages "$route" >"$WORK/$route.json"
    load --token "$token" --concurrency "$viewers" --every "$every" --for "$WINDOW_S" \
      --requests "$WORK/$route.json" >"$WORK/$route.out" 2>"$WORK/$route.err" &
    pids+=($!)
  done
  [ ${#pids[@]} -eq 0 ] || wait "${pids[@]}" || true
  local window api=0 n c per_cluster=() prom cpu peak
  sleep "$(awk -v s="$(elapsed "$started")" -v w="$WINDOW_S" 'BEGIN { print (w > s ? w - s : 0) }')"
  window="$(elapsed "$started")"
  sleep 1
  for c in $MLOPS_SANDBOX_CLUSTER_NAMES; do
    n="$("$SANDBOX_CLI" requests --cluster "$c" --user "$PORTAL_SA" --since "$since")"
    per_cluster+=("${c#sandbox-} $(per_minute "$n" "$window")")
    api=$((api + n))
  done
  prom="$("$SANDBOX_CLI" queries --since "$since")"
  cpu="$(awk -v a="$ticks_before" -v b="$(cpu_ticks "$pid")" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", (b - a) / hz }')"
  peak="$(awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/status")"
  for route in "$@"; do
    node -e '
      const [label, route, viewers, file, err, clusters] = process.argv.slice(1);
      const fs = require("fs");
      const r = JSON.parse(fs.readFileSync(file, "utf8"));
      const f = n => (n ?? NaN).toFixed(0).padStart(6);
      const failed = fs.readFileSync(err, "utf8").trim();
      fs.appendFileSync(process.env.ROUTES_TSV, [clusters, label, viewers, route, r.calls, r.p50, r.p95, r.p99, r.errors + r.non200, r.bytes].join("\t") + "\n");
      console.log(`  ${label.padEnd(13)} ${route.padEnd(14)} ${String(viewers).padStart(2)} viewer(s): ${String(r.calls).padStart(4)} calls  p50 ${f(r.p50)}  p95 ${f(r.p95)}  p99 ${f(r.p99)} ms  errors ${r.errors + r.non200}  ${String(r.bytes).padStart(7)} bytes/answer${failed ? `  (${failed})` : ""}`);
    ' "$label" "$route" "$viewers" "$WORK/$route.out" "$WORK/$route.err" "$CLUSTERS"
  done
  printf '  %-13s upstream per minute: %s apiservers %s (%s), Prometheus %s; backend %s CPU s, peak RSS %s MiB (%s s window)\n' \
    "$label" "$CLUSTERS" "$(per_minute "$api" "$window")" "$(IFS=,; echo "${per_cluster[*]}" | sed 's/,/, /g')" \
    "$(per_minute "$prom" "$window")" "$cpu" "$peak" "$window"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$CLUSTERS" "$label" "$viewers" "$api" "$prom" "$window" "$cpu" "$peak" >>"$WORK/upstream.tsv"
}

per_minute() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n * 60 / s }'; }

# fault LABEL SERVICE FAILING SETUP TEARDOWN: SETUP, then, once the mlops
# answers kept from before have expired, one page load of each plugin for
# SERVICE (bench/lib/fault-probe.mjs); then TEARDOWN.
fault() {
  local label="$1" service="$2" failing="$3"
  eval "$4"
  sleep "$FAULT_SETTLE_S"
  MLOPS_BENCH_TOKEN="$token" node "$BENCH_LIB/fault-probe.mjs" "$base" \
    "$REPO_ROOT/examples/ml-org/model-services.yaml" "$service" "$failing" |
    node -e '
      const label = process.argv[1];
      for (const line of require("fs").readFileSync(0, "utf8").trim().split("\n")) {
        const r = JSON.parse(line);
        console.log(`  ${label.padEnd(30)} ${r.plugin.padEnd(5)} ${r.answeredMs === null ? "no answer" : `answered in ${r.answeredMs} ms`.padEnd(20)} names the failing source: ${r.namesFailingSource ? "yes" : "no"}; other sources shown: ${r.othersShown ? "yes" : "no"} (${r.outcome})`);
      }' "$label"
  eval "$5"
  sleep "$FAULT_SETTLE_S"
}

# restart_recovery SERVICE CLUSTER: the cluster's apiserver stopped, then
# started again (kwokctl start) while a viewer of each plugin asks every
# second; seconds from the start command until the apiserver is ready and
# until each plugin answers without an error for the cluster.
restart_recovery() {
  local service="$1" cluster="$2" started starter ready="$WORK/restart-ready" stock="" ours="" line
  "$SANDBOX_CLI" scenario cluster-unreachable >/dev/null
  sleep "$FAULT_SETTLE_S"
  rm -f "$ready"
  started=$(now)
  ("$SANDBOX_CLI" scenario healthy >/dev/null && elapsed "$started" >"$ready") &
  starter=$!
  while [ -z "$stock" ] || [ -z "$ours" ]; do
    [ "$(elapsed "$started" | cut -d. -f1)" -lt 300 ] || break
    while read -r line; do
      case "$line" in
        *'"plugin":"stock"'*'"namesFailingSource":false'*) [ -n "$stock" ] || stock="$(elapsed "$started")" ;;
        *'"plugin":"ours"'*'"namesFailingSource":false'*) [ -n "$ours" ] || ours="$(elapsed "$started")" ;;
      esac
    done < <(MLOPS_BENCH_TOKEN="$token" node "$BENCH_LIB/fault-probe.mjs" "$base" \
      "$REPO_ROOT/examples/ml-org/model-services.yaml" "$service" "$cluster")
    sleep 1
  done
  wait "$starter" || die "$cluster did not start again"
  echo "  $cluster restarted (kwokctl start; its apiserver ready after $(cat "$ready") s)   stock answered without its error ${stock:-not} s after the start, ours ${ours:-not} s (ours keeps a failure up to mlops.serving.cacheTtl)"
}

# faults: every fault once, against the backend as it runs.
faults() {
  fault "sandbox-east apiserver hung" fraud-scorer sandbox-east \
    '"$SANDBOX_CLI" freeze sandbox-east >/dev/null' '"$SANDBOX_CLI" thaw sandbox-east >/dev/null'
  fault "Prometheus hung" fraud-scorer prometheus \
    '"$SANDBOX_CLI" freeze prometheus >/dev/null' '"$SANDBOX_CLI" thaw prometheus >/dev/null'
  fault "sandbox-east answering 403" fraud-scorer sandbox-east \
    '"$SANDBOX_CLI" forbid sandbox-east >/dev/null' '"$SANDBOX_CLI" allow sandbox-east >/dev/null'
  fault "sandbox-west stopped" fraud-graph-embedder sandbox-west \
    '"$SANDBOX_CLI" scenario cluster-unreachable >/dev/null' '"$SANDBOX_CLI" scenario healthy >/dev/null'
  restart_recovery fraud-graph-embedder sandbox-west
}

# warm_up ROUTE...: one call of each route (the backend's caches and
# connections as after the first viewer).
warm_up() {
  local route
  for route in "$@"; do
    pages "$route" >"$WORK/$route.json"
    load --token "$token" --requests "$WORK/$route.json" >/dev/null || die "route $route failed"
  done
}

# measure: on the running sandbox and backend, nobody watching, then every
# viewer count for both plugins.
measure() {
  wait_for_model_services "${#SERVICES[@]}"
  step "Warming up ($CLUSTERS clusters): one call of every route"
  warm_up k8s-services k8s-workloads health alerts autoscaling gpu-jobs fleet
  step "Nobody watching, $CLUSTERS clusters, ${WINDOW_S} s: what the backend's collectors ask by themselves"
  phase idle 0 0
  for viewers in "${VIEWERS[@]}"; do
    step "$viewers viewer(s), $CLUSTERS clusters, ${WINDOW_S} s per plugin"
    phase stock "$STOCK_EVERY_MS" "$viewers" k8s-services k8s-workloads
    phase ours "$OURS_EVERY_MS" "$viewers" health alerts autoscaling gpu-jobs fleet
  done
}

# with_backend_config [SANDBOX_APP_CONFIG_FLAGS] [MLOPS_YAML_EXTRA]: the
# backend restarted on its database with that configuration.
with_backend_config() {
  BENCH_SANDBOX_CONFIG_FLAGS="${1:-}" write_bench_config "$REPO_ROOT/examples/ml-org/all.yaml" "$CATALOG_KINDS" \
    "$MLOPS_YAML${2:+
$2}"
  restart_bench_backend
  wait_for_model_services "${#SERVICES[@]}"
}

# pod_metrics: the Kubernetes tab with pod metrics on, at the largest viewer
# count; the backend is left with that configuration.
pod_metrics() {
  local most="${VIEWERS[${#VIEWERS[@]} - 1]}"
  step "Pod metrics on (skipMetricsLookup: false), $most viewer(s), $CLUSTERS clusters, ${WINDOW_S} s"
  with_backend_config --pod-metrics
  warm_up k8s-services k8s-workloads
  phase stock+metrics "$STOCK_EVERY_MS" "$most" k8s-services k8s-workloads
}

export ROUTES_TSV
if [ -n "$AGAINST" ]; then
  WORK="$(mktemp -d /tmp/mlops-bench-side-by-side.XXXXXX)"
  trap 'rm -rf "$WORK"' EXIT
  ensure_node
  base="$AGAINST"
  token="${MLOPS_BENCH_TOKEN:?MLOPS_BENCH_TOKEN: a static token the backend at $AGAINST accepts}"
  eval "$("$SANDBOX_CLI" env)"
  CLUSTERS="$(wc -w <<<"${MLOPS_SANDBOX_CLUSTER_NAMES:-sandbox-east sandbox-west}")"
  ROUTES_TSV="$WORK/routes.tsv"
  measure
else
  bench_init side-by-side 30440 # clear of the test stages' sandboxes (21440..27440), room for 10 clusters
  ROUTES_TSV="$WORK/routes.tsv"
  for CLUSTERS in "${CLUSTER_COUNTS[@]}"; do
    if [ -n "$BACKEND_PID" ]; then
      stop_backend
      stop_bench_sandbox
    fi
    MLOPS_SANDBOX_CLUSTERS="$CLUSTERS" bench_sandbox_up
    info "sandbox of $CLUSTERS clusters: $("$SANDBOX_CLI" status | sed -n 's/^ *memory *//p'); machine: $(free -m | awk '/^Mem:/ { print $7 " MiB available of " $2 }')"
    start_bench_backend "$REPO_ROOT/examples/ml-org/all.yaml" "$CATALOG_KINDS" "$MLOPS_YAML"
    measure
    if [ "$FAULTS" = 1 ] && [ "$CLUSTERS" = "${CLUSTER_COUNTS[0]}" ]; then
      FAULT_SETTLE_S=16 # past mlops.serving.cacheTtl (15 s)
      step "Faults, $CLUSTERS clusters, the Kubernetes tab bounded per cluster as this portal ships it"
      faults
      step "Faults again, the kubernetes plugin as Backstage ships it (mlops.kubernetesTab.boundClusterCalls: false)"
      with_backend_config "" "kubernetesTab: { boundClusterCalls: false }"
      faults
    fi
    [ "$POD_METRICS" = 0 ] || pod_metrics
  done
fi

step "Upstream requests per minute beyond the collectors' own (apiservers together; Prometheus), ours / stock"
node "$BENCH_LIB/side-by-side-summary.mjs" "$WORK/upstream.tsv" "$WORK/routes.tsv"
if [ -n "$OUT" ]; then
  mkdir -p "$OUT"
  cp "$WORK/upstream.tsv" "$WORK/routes.tsv" "$OUT/"
  node "$BENCH_LIB/side-by-side-charts.mjs" "$WORK/upstream.tsv" "$WORK/routes.tsv" "$OUT"
  info "tables and charts in $OUT"
fi
