#!/usr/bin/env bash
# End-to-end test of the sandbox: brings one up on its own port base and state
# dir, checks clusters, GPU scheduling, RBAC, Prometheus and its rules, the
# metrics APIs and the HPA controller, scenario switches, then tears it down
# and checks nothing is left. Prints timings and memory; the last line is
# "N passed, M failed"; exits non-zero on any failure.
#
#   sandbox/test/sandbox-test.sh        (MLOPS_SANDBOX_TEST_PORT_BASE, default 26440)
set -euo pipefail

SANDBOX_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SANDBOX="$SANDBOX_ROOT/bin/sandbox"
export MLOPS_SANDBOX_PORT_BASE="${MLOPS_SANDBOX_TEST_PORT_BASE:-26440}"
export MLOPS_SANDBOX_DIR
MLOPS_SANDBOX_DIR="$(mktemp -d /tmp/mlops-sandbox-test.XXXXXX)"
STATE="$MLOPS_SANDBOX_DIR"
BASE="$MLOPS_SANDBOX_PORT_BASE"
PROM="http://127.0.0.1:$((BASE + 50))"
TEST_NS=sandbox-test

PASSED=0
FAILED=0
SANDBOX_IS_UP=false

ok() { PASSED=$((PASSED + 1)); printf 'ok    %s\n' "$1"; }
fail() { FAILED=$((FAILED + 1)); printf 'FAIL  %s\n' "$1"; [[ -z "${2:-}" ]] || printf '      %s\n' "$2"; }
check() { # check DESCRIPTION CMD...: pass when CMD succeeds
  local out
  if out="$("${@:2}" 2>&1)"; then ok "$1"; else fail "$1" "$(tail -n 5 <<<"$out")"; fi
}
eventually() { # eventually SECONDS CMD...: retry CMD every 2 s until it succeeds
  local t=$SECONDS
  until "${@:2}"; do ((SECONDS - t < $1)) || return 1; sleep 2; done
}
ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }
secs() { awk -v ms="$1" 'BEGIN { printf "%.1f s", ms / 1000 }'; }

kc() { "$BIN/kubectl" --kubeconfig "$STATE/clusters/$1/kubeconfig" "${@:2}"; }
json() { python3 -c "import json, sys; d = json.load(sys.stdin); $1"; } # json PYTHON: d is stdin

# Pids listening on this sandbox's ports (base..base+59), and their memory.
sandbox_listeners() {
  ss -Hltnp 2>/dev/null | awk -v lo="$BASE" -v hi="$((BASE + 59))" '
    { n = split($4, a, ":"); p = a[n] + 0 } p >= lo && p <= hi { print }'
}
sandbox_pids() {
  sandbox_listeners | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u || true
}
rss_mib() {
  local pid kb=0 r
  for pid in $(sandbox_pids); do
    r="$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null)" || continue
    kb=$((kb + ${r:-0}))
  done
  echo $((kb / 1024))
}

cleanup() {
  if $SANDBOX_IS_UP; then "$SANDBOX" down >/dev/null 2>&1 || true; fi
  if ((FAILED == 0)); then rm -rf "$STATE"; else echo "logs kept in $STATE/logs"; fi
}

# ---------------------------------------------------------------- checks

cluster_answers() { # the apiserver is ready and reports the expected version
  kc "$1" get --raw /readyz >/dev/null &&
    kc "$1" version -o json | json 'assert d["serverVersion"]["gitVersion"] == "v1.34.4", d["serverVersion"]'
}

nodes_as_expected() { # nodes_as_expected CLUSTER CPU_NODES GPU_NODES
  kc "$1" get nodes -o json | json "
cpu, gpu = $2, $3
nodes = d['items']
for n in nodes:
    ready = [c['status'] for c in n['status']['conditions'] if c['type'] == 'Ready']
    assert ready == ['True'], (n['metadata']['name'], 'not Ready')
    labels = n['metadata']['labels']
    assert 'node.kubernetes.io/instance-type' in labels and 'topology.kubernetes.io/zone' in labels, labels
gpus = [n for n in nodes if 'nvidia.com/gpu' in n['status']['capacity']]
assert len(nodes) == cpu + gpu and len(gpus) == gpu, (len(nodes), len(gpus))
for n in gpus:
    l, name = n['metadata']['labels'], n['metadata']['name']
    count = n['status']['capacity']['nvidia.com/gpu']
    assert n['status']['allocatable']['nvidia.com/gpu'] == count, name
    assert l['nvidia.com/gpu.count'] == count, (name, l)
    assert l['nvidia.com/gpu.product'] in ('NVIDIA-A100-SXM4-80GB', 'NVIDIA-L4'), (name, l)
    assert int(l['nvidia.com/gpu.memory']) > 16000, (name, l)
    taints = [(t['key'], t.get('value'), t['effect']) for t in n['spec'].get('taints', [])]
    assert ('nvidia.com/gpu', 'present', 'NoSchedule') in taints, (name, taints)
products = sorted(n['metadata']['labels']['nvidia.com/gpu.product'] for n in gpus)
assert gpu == 0 or products == ['NVIDIA-A100-SXM4-80GB'] * 2 + ['NVIDIA-L4'], products
"
}

gpu_pod_stays_pending() {
  kc sandbox-east apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Pod
metadata: {name: too-many-gpus, namespace: $TEST_NS}
spec:
  tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]
  containers:
    - name: trainer
      image: nvcr.io/nvidia/pytorch:24.01-py3
      resources: {limits: {nvidia.com/gpu: "99"}}
EOF
  eventually 30 pod_unschedulable_for_gpus && sleep 3 && pod_unschedulable_for_gpus
}
pod_unschedulable_for_gpus() {
  kc sandbox-east get pod too-many-gpus -n "$TEST_NS" -o json | json "
assert d['status']['phase'] == 'Pending', d['status']['phase']
c = [c for c in d['status'].get('conditions', []) if c['type'] == 'PodScheduled']
assert c and c[0]['status'] == 'False' and 'Insufficient nvidia.com/gpu' in c[0]['message'], c
" 2>/dev/null
}

rules_loaded() {
  curl -fsS "$PROM/api/v1/rules" | json "
groups = {g['name']: g for g in d['data']['groups']}
assert {'mlops-model-service-slis', 'mlops-model-service-alerts'} <= set(groups), list(groups)
alerts = {r['name']: r for r in groups['mlops-model-service-alerts']['rules']}
want = {'ModelServiceHighErrorRate', 'ModelServiceLatencySLOBurn', 'ModelServicePodsNotReady',
        'ModelServiceHPAAtMax', 'ModelServiceGPUIdle', 'ModelServiceCrashLooping', 'GPUJobFailed'}
assert set(alerts) == want, sorted(alerts)
for name, r in alerts.items():
    assert r['duration'] == 30, (name, 'for', r['duration'])
    assert r['labels'].get('severity') and {'summary', 'description', 'runbook_url'} <= set(r['annotations']), name
    assert r['annotations']['runbook_url'].endswith('/runbooks/#' + name.lower()), name
bad = [r['name'] for g in groups.values() for r in g['rules'] if r['health'] == 'err']
assert not bad, bad
"
}

api_status() { # api_status CLUSTER METHOD PATH: HTTP status for the portal's token
  # shellcheck source=/dev/null
  (set +u; . "$STATE/portal.env"
    local v; v="$(tr '[:lower:]' '[:upper:]' <<<"${1#sandbox-}")"
    local url="MLOPS_SANDBOX_${v}_URL" token="MLOPS_SANDBOX_${v}_TOKEN" ca="MLOPS_SANDBOX_${v}_CA_FILE"
    curl -s -o /dev/null -w '%{http_code}' --cacert "${!ca}" -X "$2" \
      -H "Authorization: Bearer ${!token}" "${!url}$3")
}
portal_can() { [[ "$(api_status "$@")" == 200 ]]; }
portal_forbidden() { [[ "$(api_status "$@")" == 403 ]]; }
portal_reads_workloads() {
  portal_can "$1" GET /apis/apps/v1/deployments && portal_can "$1" GET /apis/batch/v1/jobs &&
    portal_can "$1" GET /apis/autoscaling/v2/horizontalpodautoscalers && portal_can "$1" GET /api/v1/nodes
}

portal_env_complete() {
  [[ "$(stat -c %a "$STATE/portal.env")" == 600 ]] || { echo "portal.env is not mode 600"; return 1; }
  local v
  for v in MLOPS_SANDBOX_EAST_URL MLOPS_SANDBOX_WEST_URL MLOPS_SANDBOX_EAST_TOKEN MLOPS_SANDBOX_WEST_TOKEN \
    MLOPS_PROMETHEUS_URL MLOPS_SANDBOX_KUBECONFIG_EAST MLOPS_SANDBOX_KUBECONFIG_WEST MLOPS_SANDBOX_HPA_STATUS_WRITER; do
    grep -q "^export $v=." "$STATE/portal.env" || { echo "portal.env lacks $v"; return 1; }
  done
  grep -qx "export MLOPS_SANDBOX_EAST_URL=https://127.0.0.1:$((BASE + 3))" "$STATE/portal.env"
}

metrics_apis_available() {
  local a
  for a in v1beta1.custom.metrics.k8s.io v1beta1.metrics.k8s.io; do
    [[ "$(kc "$1" get apiservice "$a" -o 'jsonpath={.status.conditions[?(@.type=="Available")].status}')" == True ]] ||
      { echo "$a not Available in $1"; return 1; }
  done
}

simulator_target_up() {
  curl -fsS "$PROM/api/v1/targets" | json "
t = [t for t in d['data']['activeTargets'] if t['labels']['job'] == 'simulator']
assert t and t[0]['health'] == 'up', t
" 2>/dev/null
}

fleet_hpa_has_metrics() { # some HPA of the simulator's fleet got currentMetrics from the controller
  local c
  for c in sandbox-east sandbox-west; do
    kc "$c" get hpa -A -o json | json "
assert any(h['status'].get('currentMetrics') for h in d['items'])
" 2>/dev/null && return 0
  done
  return 1
}

apiserver_refuses() { ! curl -sk --max-time 2 -o /dev/null "https://127.0.0.1:$((BASE + 4))/readyz"; }
prometheus_refuses() { ! curl -s --max-time 2 -o /dev/null "$PROM/-/ready"; }

scenario_cluster_unreachable() { "$SANDBOX" scenario cluster-unreachable && apiserver_refuses; }
scenario_prometheus_down() {
  "$SANDBOX" scenario prometheus-down && prometheus_refuses && cluster_answers sandbox-west
}
scenario_healthy() { "$SANDBOX" scenario healthy && curl -fsS "$PROM/-/ready" && "$SANDBOX" status; }

nothing_left() {
  local l
  l="$(sandbox_listeners)"
  [[ -z "$l" ]] || { echo "still listening: $l"; return 1; }
  ! pgrep -af "$STATE" || { echo "processes of $STATE still run"; return 1; }
  [[ -z "$(find "$STATE" -mindepth 1 -maxdepth 1 ! -name logs ! -name .lock)" ]] ||
    { echo "data left in $STATE"; ls -A "$STATE"; return 1; }
}

# ---------------------------------------------------------------- run

main() {
  trap cleanup EXIT
  BIN="$("$SANDBOX_ROOT/scripts/build-binaries.sh")" # first, so that `up` below starts from the cache
  echo "# sandbox test on port base $BASE, state $STATE"
  [[ -z "$(sandbox_listeners)" ]] || { echo "ports $BASE..$((BASE + 59)) are in use; set MLOPS_SANDBOX_TEST_PORT_BASE"; exit 1; }

  local t0 start_ms
  t0="$(date +%s%N)"
  SANDBOX_IS_UP=true
  if ! "$SANDBOX" up >"$STATE.up.log" 2>&1; then
    cat "$STATE.up.log"
    fail "sandbox up"
    echo "$PASSED passed, $FAILED failed"
    exit 1
  fi
  start_ms="$(ms_since "$t0")"
  mv "$STATE.up.log" "$STATE/logs/up.log"
  grep -E '^  ' "$STATE/logs/up.log" | sed -n '1,/sandbox up/p' | sed 's/^/# /'
  ok "sandbox up in $(secs "$start_ms")"

  check "second 'up' reports the running sandbox and exits 0" \
    bash -c "'$SANDBOX' up | grep -q 'already running'"
  check "sandbox-east answers (v1.34.4)" cluster_answers sandbox-east
  check "sandbox-west answers (v1.34.4)" cluster_answers sandbox-west
  check "sandbox-east: 2 CPU + 3 GPU nodes, Ready, GPU labels, capacity and taints" nodes_as_expected sandbox-east 2 3
  check "sandbox-west: 3 CPU nodes, Ready" nodes_as_expected sandbox-west 3 0
  kc sandbox-east create namespace "$TEST_NS" >/dev/null
  check "a pod asking 99 GPUs stays Pending with 'Insufficient nvidia.com/gpu'" gpu_pod_stays_pending
  check "portal.env (mode 600) has URLs, tokens, kubeconfigs, HPA writer" portal_env_complete
  check "'sandbox env' prints portal.env" bash -c "'$SANDBOX' env | grep -q '^export MLOPS_PROMETHEUS_URL=$PROM$'"
  local c
  for c in sandbox-east sandbox-west; do
    check "$c: the portal token lists pods in all namespaces" portal_can "$c" GET /api/v1/pods
    check "$c: the portal token lists deployments, jobs, HPAs, nodes" portal_reads_workloads "$c"
    check "$c: the portal token cannot delete a pod (403)" portal_forbidden "$c" DELETE \
      "/api/v1/namespaces/kube-system/pods/any"
    check "$c: metrics APIs (prometheus-adapter) Available" metrics_apis_available "$c"
  done
  check "the portal token reads the custom metrics API" portal_can sandbox-east GET /apis/custom.metrics.k8s.io/v1beta1
  check "Prometheus is ready" curl -fsS "$PROM/-/ready"
  check "Prometheus loaded the rule groups (7 alerts, for: 30s, runbook URLs)" eventually 20 rules_loaded
  check "promtool check rules" promtool check rules "$SANDBOX_ROOT"/prometheus/rules/*.yml
  check "promtool test rules" promtool test rules "$SANDBOX_ROOT"/prometheus/tests/*.yml

  check "the simulator's target is up in Prometheus" eventually 30 simulator_target_up
  check "an HPA of the fleet has metrics from kube-controller-manager" eventually 90 fleet_hpa_has_metrics

  local rss
  rss="$(rss_mib)"
  check "scenario cluster-unreachable stops sandbox-west's apiserver" scenario_cluster_unreachable
  check "scenario prometheus-down restores sandbox-west, stops Prometheus" scenario_prometheus_down
  check "scenario healthy restores Prometheus; 'sandbox status' is healthy" scenario_healthy

  t0="$(date +%s%N)"
  check "sandbox down" "$SANDBOX" down
  local down_ms
  down_ms="$(ms_since "$t0")"
  SANDBOX_IS_UP=false
  check "no process, listening port or data of the sandbox is left" nothing_left

  echo "# start (binaries cached): $(secs "$start_ms")"
  echo "# resident memory of the sandbox processes: $rss MiB"
  echo "# tear-down: $(secs "$down_ms")"
  echo "$PASSED passed, $FAILED failed"
  ((FAILED == 0))
}

main "$@"
