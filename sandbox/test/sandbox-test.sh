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
# Alerts fire 10 s after their condition holds, so each scenario's alert shows within a minute or two.
export MLOPS_SANDBOX_ALERT_FOR=10s
# The kserve-canary canary fails 20 s after the switch instead of 60 s.
export MLOPS_SANDBOX_CANARY_FAILS_AFTER_S=20
MLOPS_SANDBOX_DIR="$(mktemp -d /tmp/mlops-sandbox-test.XXXXXX)"
STATE="$MLOPS_SANDBOX_DIR"
BASE="$MLOPS_SANDBOX_PORT_BASE"
PROM="http://127.0.0.1:$((BASE + 50))"
AM="http://127.0.0.1:$((BASE + 54))"
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
# shellcheck source=SCRIPTDIR/kueue-checks.sh
. "$SANDBOX_ROOT/test/kueue-checks.sh" # kueue_on_loopback, kueue_admits_and_queues
json() { python3 -c "import json, sys; d = json.load(sys.stdin); $1" "${@:2}"; } # json PYTHON [ARGS]: d is stdin, ARGS in sys.argv[1:]

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

nodes_as_expected() { # nodes_as_expected CLUSTER CPU_NODES GPU_NODES [MIG_NODES]
  kc "$1" get nodes -o json | json "
cpu, gpu, mig = $2, $3, ${4:-0}
nodes = d['items']
for n in nodes:
    ready = [c['status'] for c in n['status']['conditions'] if c['type'] == 'Ready']
    assert ready == ['True'], (n['metadata']['name'], 'not Ready')
    labels = n['metadata']['labels']
    assert 'node.kubernetes.io/instance-type' in labels and 'topology.kubernetes.io/zone' in labels, labels
gpus = [n for n in nodes if 'nvidia.com/gpu' in n['status']['capacity']]
migs = [n for n in nodes if n['metadata']['labels'].get('nvidia.com/mig.strategy') == 'mixed']
assert len(nodes) == cpu + gpu + mig and len(gpus) == gpu and len(migs) == mig, (len(nodes), len(gpus), len(migs))
for n in migs: # the GPU operator's mixed strategy: slices per profile, no nvidia.com/gpu
    l, name, cap = n['metadata']['labels'], n['metadata']['name'], n['status']['capacity']
    slices = {r: v for r, v in cap.items() if r.startswith('nvidia.com/mig-')}
    assert slices and 'nvidia.com/gpu' not in cap and l['nvidia.com/mig.capable'] == 'true', (name, cap)
    assert {r: v for r, v in n['status']['allocatable'].items() if r in slices} == slices, name
    assert all(l[r + '.count'] == v for r, v in slices.items()), (name, l)
    taints = [(t['key'], t.get('value'), t['effect']) for t in n['spec'].get('taints', [])]
    assert ('nvidia.com/gpu', 'present', 'NoSchedule') in taints, (name, taints)
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

# Every PrometheusRule the template's chart rendered is loaded (two groups a
# service, every alert with for: 10s and a runbook link into the service's
# TechDocs), next to the platform's training-job rules; none fails to evaluate.
rules_loaded() {
  local services
  services="$(for c in sandbox-east sandbox-west; do kc "$c" get prometheusrule -A -o jsonpath='{.items[*].metadata.name} '; done)"
  curl -fsS "$PROM/api/v1/rules" | json "
services = sys.argv[1].split()
assert len(services) == 7, services
groups = {g['name']: g for g in d['data']['groups']}
want = {f'{s}.{g}' for s in services for g in ('slo', 'workload')} | {'mlops-training-jobs'}
assert set(groups) == want, sorted(set(groups) ^ want)
names = set()
for g in groups.values():
    for r in g['rules']:
        assert r['health'] != 'err', (r['name'], r.get('lastError'))
        names.add(r['name'])
        if g['name'] == 'mlops-training-jobs':
            continue
        service = g['name'].rsplit('.', 1)[0]
        assert r['duration'] == 10, (g['name'], r['name'], r['duration'])
        assert r['labels']['service'] == service and r['labels'].get('severity'), r['labels']
        url = r['annotations']['runbook_url']
        assert url.startswith(f'http://localhost:3000/docs/default/component/{service}/runbooks/model-service-'), url
assert names == {'ModelServiceAvailabilitySLOBurn', 'ModelServiceLatencySLOBurn', 'ModelServiceHighErrorRate',
                 'ModelServicePodsNotReady', 'ModelServiceHPAAtMax', 'ModelServiceCrashLooping',
                 'ModelServiceGPUIdle', 'GPUJobFailed',
                 # support-llm runs vLLM
                 'ModelServiceTTFTSLOBurn', 'ModelServiceTPOTSLOBurn', 'ModelServiceKVCacheSaturated',
                 'ModelServiceQueueGrowing'}, sorted(names)
" "$services"
}

# Each service of the example catalog runs from the template's chart: its
# objects exist with the chart's labels and its Deployment is available.
fleet_from_chart() { # fleet_from_chart CLUSTER SERVICES
  kc "$1" get deploy,rollout,svc,hpa,pdb,sa,networkpolicy,servicemonitor,prometheusrule -A -l mlops-sandbox/role=model-service -o json | json "
from collections import defaultdict
kinds = defaultdict(set)
rollouts = {o['metadata']['name'] for o in d['items'] if o['kind'] == 'Rollout'}
for o in d['items']:
    labels = o['metadata']['labels']
    assert labels['app.kubernetes.io/managed-by'] == 'Helm' and labels['helm.sh/chart'].startswith('model-service-'), labels
    assert labels['backstage.io/kubernetes-id'] == o['metadata']['name'], labels
    kinds[o['kind']].add(o['metadata']['name'])
    # A Rollout runs the pods of its Deployment's template; the Deployment keeps none.
    if o['kind'] == 'Rollout' or (o['kind'] == 'Deployment' and o['metadata']['name'] not in rollouts):
        assert o['status'].get('availableReplicas', 0) >= 2, (o['kind'], o['metadata']['name'], o['status'])
    if o['kind'] == 'Deployment':
        c = o['spec']['template']['spec']['containers'][0]
        assert c['name'] == 'server' and c['securityContext']['readOnlyRootFilesystem'], c
want = set(sys.argv[1].split())
# A KEDA ScaledObject scales reco-candidate-retrieval: the simulator drops the chart's HPA.
keda = {'reco-candidate-retrieval'}
for kind in ('Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'ServiceAccount',
             'NetworkPolicy', 'ServiceMonitor', 'PrometheusRule'):
    assert kinds[kind] == (want - keda if kind == 'HorizontalPodAutoscaler' else want), (kind, sorted(kinds[kind]))
" "$2"
}

hpas_have_conditions() { # autoscaling/v2 status written by kube-controller-manager for the fleet's HPAs
  kc "$1" get hpa.v2.autoscaling -A -l mlops-sandbox/role=model-service -o json | json "
for h in d['items']:
    st = h['status']
    conds = {c['type']: c for c in st.get('conditions', [])}
    assert {'AbleToScale', 'ScalingActive', 'ScalingLimited'} <= set(conds), (h['metadata']['name'], list(conds))
    assert conds['ScalingActive']['status'] == 'True', conds['ScalingActive']
    assert st.get('currentMetrics') and st['desiredReplicas'] >= h['spec']['minReplicas'], st
"
}

jobs_in_states() { # jobs_in_states CONDITION...: a training Job in each (Complete, Failed) or Running
  kc sandbox-east get jobs -A -l mlops-sandbox/role=training-run -o json | json "
seen = set()
for j in d['items']:
    st = j['status']
    seen |= {c['type'] for c in st.get('conditions', []) if c['status'] == 'True'}
    if st.get('active'): seen.add('Running')
    for c in st.get('conditions', []):
        if c['type'] == 'Failed' and c['status'] == 'True': seen.add('Failed:' + c.get('reason', ''))
missing = set(sys.argv[1:]) - seen
assert not missing, (missing, seen)
" "$@"
}

gpu_job_pods_failed() { # OOMKilled training pods, and one Pending for lack of GPUs
  kc sandbox-east get pods -A -l mlops-sandbox/role=training-run -o json | json "
oom = [p for p in d['items'] for c in p['status'].get('containerStatuses', [])
       if (c.get('state', {}).get('terminated') or {}).get('reason') == 'OOMKilled']
pending = [p for p in d['items'] for c in p['status'].get('conditions', [])
           if c['type'] == 'PodScheduled' and c['status'] == 'False' and 'Insufficient nvidia.com/gpu' in c.get('message', '')]
assert oom and pending, (len(oom), len(pending))
"
}

series_labelled() { # the simulator's series carry the labels real exporters set
  local q
  for q in 'model_server_requests_total' 'model_server_request_duration_seconds_bucket' \
    'container_cpu_usage_seconds_total' 'DCGM_FI_DEV_GPU_UTIL' 'DCGM_FI_DEV_FB_USED' 'DCGM_FI_DEV_FB_FREE' \
    'DCGM_FI_DEV_POWER_USAGE' 'kube_deployment_status_replicas_available' \
    'kube_horizontalpodautoscaler_status_current_replicas' 'kube_pod_container_status_restarts_total'; do
    curl -fsS "$PROM/api/v1/query" --data-urlencode "query=$q" | json "
q = sys.argv[1]
series = [r['metric'] for r in d['data']['result']]
assert series, q + ': no series'
need = {'model_server': {'cluster', 'namespace', 'service', 'pod', 'model', 'code'},
        'container_': {'cluster', 'namespace', 'pod', 'container'},
        'DCGM_': {'namespace', 'pod', 'container', 'gpu', 'UUID', 'modelName', 'Hostname'},
        'kube_deployment': {'cluster', 'namespace', 'deployment'},
        'kube_horizontal': {'cluster', 'namespace', 'horizontalpodautoscaler'},
        'kube_pod': {'cluster', 'namespace', 'pod', 'container'}}
want = next(v for k, v in need.items() if q.startswith(k))
if q.endswith('_bucket'): want = want - {'code'} | {'le'}
assert all(want <= set(m) for m in series), (q, series[0])
" "$q" || return 1
  done
}

sim_targets() { curl -fsS "http://127.0.0.1:$((BASE + 52))/scenario" | json "print(' '.join(d['targets']))"; }

alert_firing() { # alert_firing ALERTNAME [SERVICE...]: firing for one of the services (any when none given)
  curl -fsS "$PROM/api/v1/alerts" | json "
name, services = sys.argv[1], sys.argv[2:]
firing = [a['labels'] for a in d['data']['alerts'] if a['state'] == 'firing' and a['labels']['alertname'] == name]
assert any(not services or l.get('service') in services for l in firing), (name, services, firing)
" "$@" 2>/dev/null
}

alert_in_alertmanager() { # alert_in_alertmanager ALERTNAME [SERVICE...]: Prometheus' alert reached Alertmanager (amtool)
  # Inhibited and silenced alerts count: they reached it (another alert of the
  # service may hold a warning back).
  amtool --alertmanager.url="$AM" alert query --active --inhibited --silenced -o json "alertname=$1" | json "
services = sys.argv[1:]
assert any(not services or a['labels'].get('service') in services for a in d), (services, [a['labels'] for a in d])
" "${@:2}" 2>/dev/null
}

burn_warning_inhibited() { # the critical alerts of error-spike's target hold back its availability burn warning
  curl -fsS "$AM/api/v2/alerts?filter=alertname=%22ModelServiceAvailabilitySLOBurn%22&filter=severity=%22warning%22" | json "
held = [a for a in d if a['labels'].get('service') in sys.argv[1:] and a['status']['inhibitedBy']]
assert held and all(a['status']['state'] == 'suppressed' for a in held), d
" "$@" 2>/dev/null
}

none_firing() { # none_firing: no alert fires; names the ones that do
  curl -fsS "$PROM/api/v1/alerts" | json "
firing = sorted({(a['labels']['alertname'], a['labels'].get('service', '')) for a in d['data']['alerts'] if a['state'] == 'firing'})
assert not firing, 'firing: ' + ', '.join(n + (' (' + s + ')' if s else '') for n, s in firing)
"
}

hpa_at_max() { # hpa_at_max SERVICE...: the controller scaled one to maxReplicas and says it is limited
  local c
  for c in sandbox-east sandbox-west; do
    kc "$c" get hpa.v2.autoscaling -A -o json | json "
ok = [h for h in d['items'] if h['metadata']['name'] in sys.argv[1:]
      and h['status'].get('currentReplicas') == h['spec']['maxReplicas']
      and any(c['type'] == 'ScalingLimited' and c['status'] == 'True' and c['reason'] == 'TooManyReplicas'
              for c in h['status'].get('conditions', []))]
assert ok
" "$@" 2>/dev/null && return 0
  done
  return 1
}

pods_crashlooping() { # pods_crashlooping SERVICE...: restarted, last terminated OOMKilled
  local c
  for c in sandbox-east sandbox-west; do
    kc "$c" get pods -A -l mlops-sandbox/role=model-service -o json | json "
bad = [p for p in d['items'] if p['metadata']['labels']['backstage.io/kubernetes-id'] in sys.argv[1:]
       for s in p['status'].get('containerStatuses', [])
       if s['restartCount'] > 0 and (s.get('lastState', {}).get('terminated') or {}).get('reason') == 'OOMKilled']
assert bad
" "$@" 2>/dev/null && return 0
  done
  return 1
}

# scenario NAME ALERT CHECK...: switch, then ALERT fires for a target and each CHECK (called with the targets) holds.
scenario() {
  local name="$1" alert="$2" targets start check_fn
  shift 2
  "$SANDBOX" scenario "$name" >/dev/null || { fail "scenario $name" "switch failed"; return; }
  start="$(date +%s%N)"
  read -r -a targets <<<"$(sim_targets)"
  if [[ "$alert" == GPUJobFailed ]]; then targets=(); fi
  for check_fn in "$@"; do
    check "$name: $check_fn ${targets[*]}" eventually 120 "$check_fn" "${targets[@]}"
  done
  check "$name: $alert fires${targets:+ for ${targets[*]}}" eventually 180 alert_firing "$alert" "${targets[@]}"
  echo "# $name: $alert firing $(secs "$(ms_since "$start")") after the switch"
  check "$name: $alert reaches Alertmanager" eventually 30 alert_in_alertmanager "$alert" "${targets[@]}"
}

# mig-jobs: read at one moment, the MIG node's slices in kubectl and in
# kube_node_status_capacity; each pod of the scenario's Jobs Running on
# east-gpu-mig-1, its slice request in kube_pod_container_resource_requests,
# one DCGM_FI_PROF_GR_ENGINE_ACTIVE series of the profile it asked for and
# no DCGM_FI_DEV_GPU_UTIL; the idle run's slice under 5 % active.
mig_jobs_on_slices() {
  local dir rc=0
  dir="$(mktemp -d /tmp/mlops-sandbox-test-mig.XXXXXX)"
  mig_jobs_read "$dir" && mig_jobs_compare "$dir" || rc=1
  rm -rf "$dir"
  return "$rc"
}
mig_jobs_read() { # mig_jobs_read DIR: kubectl's and Prometheus' answers, one right after the other
  local q
  kc sandbox-east get node east-gpu-mig-1 -o json >"$1/node" &&
    kc sandbox-east get pods -A -l mlops-sandbox/scenario=mig-jobs -o json >"$1/pods" || return 1
  for q in DCGM_FI_PROF_GR_ENGINE_ACTIVE DCGM_FI_DEV_GPU_UTIL kube_node_status_capacity kube_pod_container_resource_requests; do
    curl -fsS "$PROM/api/v1/query" --data-urlencode "query=$q{cluster=\"sandbox-east\"}" >"$1/$q" || return 1
  done
}
mig_jobs_compare() {
  python3 - "$1" <<'EOF'
import json, sys
read = lambda f: json.load(open(f'{sys.argv[1]}/{f}'))
series = lambda q: [r['metric'] | {'value': float(r['value'][1])} for r in read(q)['data']['result']]
mig = lambda r: r.startswith('nvidia.com/mig-')
ksm = lambda r: r.replace('.', '_').replace('/', '_').replace('-', '_')
node = read('node')['status']
slices = {r: v for r, v in node['capacity'].items() if mig(r)}
assert slices == {'nvidia.com/mig-1g.10gb': '7', 'nvidia.com/mig-3g.40gb': '2'}, node['capacity']
assert 'nvidia.com/gpu' not in node['capacity'], node['capacity']
capacity = {s['resource']: s['value'] for s in series('kube_node_status_capacity') if s['node'] == 'east-gpu-mig-1'}
assert all(capacity.get(ksm(r)) == int(v) for r, v in slices.items()), capacity
pods = read('pods')['items']
assert len(pods) == 4, [p['metadata']['name'] for p in pods]
engine, util = series('DCGM_FI_PROF_GR_ENGINE_ACTIVE'), series('DCGM_FI_DEV_GPU_UTIL')
requests = series('kube_pod_container_resource_requests')
for p in pods:
    name, ns = p['metadata']['name'], p['metadata']['namespace']
    assert p['status'].get('phase') == 'Running' and p['spec'].get('nodeName') == 'east-gpu-mig-1', (name, p['status'].get('phase'), p['spec'].get('nodeName'))
    [resource] = [r for r in p['spec']['containers'][0]['resources']['requests'] if mig(r)]
    profile = resource[len('nvidia.com/mig-'):]
    assert [s['value'] for s in requests if s['pod'] == name and s['resource'] == ksm(resource)] == [1], (name, resource)
    mine = [s for s in engine if s['pod'] == name and s['namespace'] == ns]
    assert len(mine) == 1 and mine[0]['GPU_I_PROFILE'] == profile and mine[0].get('GPU_I_ID'), (name, profile, mine)
    assert not [s for s in util if s['pod'] == name], (name, 'has DCGM_FI_DEV_GPU_UTIL')
    idle = p['metadata']['labels']['mlops-sandbox/run-kind'] == 'running-idle'
    assert (mine[0]['value'] < 0.05) if idle else (mine[0]['value'] > 0.5), (name, mine[0]['value'])
EOF
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

# KServe's CRDs (v1beta1 InferenceService, ServingRuntime, ClusterServingRuntime, LLMInferenceService) are served.
kserve_crds_installed() {
  local crd
  for crd in inferenceservices servingruntimes clusterservingruntimes llminferenceservices; do
    kc "$1" wait --for=condition=Established --timeout=5s "crd/$crd.serving.kserve.io" >/dev/null || return 1
  done
  kc "$1" get inferenceservices.v1beta1.serving.kserve.io -A >/dev/null
}

# isvc_status [CANARY_PERCENT READY]: image-moderation's InferenceService has the status
# KServe writes (conditions, url, address, predictor revisions, traffic, modelStatus).
isvc_status() {
  kc sandbox-east get inferenceservice image-moderation -n nlp-llm -o json | json '
import sys
canary, ready = (sys.argv[1:] + ["", "True"])[:2]
s = d["status"]
c = {x["type"]: x for x in s["conditions"]}
for t in ["Ready", "PredictorReady", "IngressReady", "LatestDeploymentReady", "RoutesReady"]:
    assert t in c and c[t]["lastTransitionTime"], "no condition " + t
assert c["Ready"]["status"] == ready, c["Ready"]
if ready == "False":
    assert c["Ready"]["reason"] == "RevisionFailed" and "failed with message" in c["Ready"]["message"], c["Ready"]
    assert c["PredictorReady"]["status"] == "False", c["PredictorReady"]
assert s["url"].startswith("http://image-moderation.nlp-llm.") and s["address"]["url"], s
p = s["components"]["predictor"]
for f in ["latestCreatedRevision", "latestReadyRevision", "latestRolledoutRevision"]:
    assert p[f].startswith("image-moderation-predictor-0000"), f
split = sorted((t.get("tag", ""), t["percent"]) for t in p["traffic"])
if canary:
    assert d["spec"]["predictor"]["canaryTrafficPercent"] == int(canary), d["spec"]
    assert split == [("latest", int(canary)), ("prev", 100 - int(canary))], split
else:
    assert split == [("", 100)] and "canaryTrafficPercent" not in d["spec"]["predictor"], split
assert s["modelStatus"]["transitionStatus"] in ("UpToDate", "BlockedByFailedLoad"), s["modelStatus"]
' "$@"
}

# rollout_healthy: doc-classifier's Rollout (sandbox-west), run by the real
# Argo Rollouts controller: workloadRef to its Deployment, Healthy, stable =
# current revision, model version 1. canary-good and canary-bad are checked by
# the health stage (src/integration/delivery.test.ts: the portal's answer
# against kubectl at every step) and the browser tests.
rollout_healthy() {
  kc sandbox-west get rollout,replicaset -n nlp-llm -o json | json '
ro = [o for o in d["items"] if o["kind"] == "Rollout" and o["metadata"]["name"] == "doc-classifier"][0]
st, spec = ro.get("status", {}), ro["spec"]
assert spec["workloadRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": "doc-classifier", "scaleDown": "never"}, spec["workloadRef"]
rs = {o["metadata"]["labels"].get("rollouts-pod-template-hash"): o for o in d["items"] if o["kind"] == "ReplicaSet"}
assert st.get("phase") == "Healthy" and not st.get("abort"), st
assert st["stableRS"] == st["currentPodHash"], st
version = rs[st["stableRS"]]["spec"]["template"]["metadata"]["annotations"]["mlops-portal.io/model-version"]
assert version == "1", ("stable runs model version", version)
'
}

own_listeners() { # own_listeners PROCESS: listening TCP sockets of this sandbox's processes of that name
  local line pid
  ss -Hltnp | grep "\"$1\"" | while read -r line; do
    pid="$(grep -o 'pid=[0-9]*' <<<"$line" | head -n 1 | cut -d= -f2)"
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$STATE/" && echo "$line"
  done
}

rollouts_on_loopback() { # the controllers listen on 127.0.0.1 only (metrics and healthz of each cluster)
  local sockets
  sockets="$(own_listeners rollouts-contro)"
  [[ "$(grep -c . <<<"$sockets")" -eq 4 ]] || { echo "expected 4 listening sockets, got: $sockets"; return 1; }
  ! grep -v ' 127\.0\.0\.1:' <<<"$sockets"
}

alertmanager_on_loopback() { # ready, one listening socket, 127.0.0.1:base+54; no cluster (gossip) port, TCP or UDP
  local pid sockets
  curl -fsS -o /dev/null "$AM/-/ready" || return 1
  pid="$(cat "$STATE/pids/alertmanager.pid")"
  sockets="$(ss -Hlntup | grep "pid=$pid,")"
  [[ "$(wc -l <<<"$sockets")" -eq 1 && "$sockets" == *" 127.0.0.1:$((BASE + 54)) "* ]] ||
    { echo "Alertmanager's listening sockets: $sockets"; return 1; }
}

mlflow_seeded() { # the seeded registry answers MLflow's REST API
  curl -fsS "http://127.0.0.1:$((BASE + 53))/api/2.0/mlflow/registered-models/get?name=doc-classifier" | json '
m = d["registered_model"]
assert {a["alias"]: a["version"] for a in m["aliases"]} == {"champion": "1", "challenger": "2"}, m["aliases"]'
}

# KServe labels a predictor's pods with its InferenceService; the simulator's do too.
isvc_pods_labelled() {
  [[ "$(kc sandbox-east get pods -n nlp-llm -l serving.kserve.io/inferenceservice=image-moderation -o name | wc -l)" -ge 2 ]]
}

portal_env_complete() {
  [[ "$(stat -c %a "$STATE/portal.env")" == 600 ]] || { echo "portal.env is not mode 600"; return 1; }
  local v
  for v in MLOPS_SANDBOX_EAST_URL MLOPS_SANDBOX_WEST_URL MLOPS_SANDBOX_EAST_TOKEN MLOPS_SANDBOX_WEST_TOKEN \
    MLOPS_PROMETHEUS_URL MLOPS_ALERTMANAGER_URL MLOPS_SANDBOX_KUBECONFIG_EAST MLOPS_SANDBOX_KUBECONFIG_WEST MLOPS_SANDBOX_HPA_STATUS_WRITER; do
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
# Frozen past a leader lease (renew deadline 10 s), the apiserver's
# controller-manager and scheduler must still run when it thaws.
freeze_outlasts_lease() {
  "$SANDBOX" freeze sandbox-east >/dev/null && sleep 20 && "$SANDBOX" thaw sandbox-east >/dev/null &&
    eventually 30 "$SANDBOX" status
}
scenario_healthy() { "$SANDBOX" scenario healthy && curl -fsS "$PROM/-/ready" && "$SANDBOX" status; }

# ---- what reached the apiservers and Prometheus (audit log, query log)

now_rfc3339() { date -u +%Y-%m-%dT%H:%M:%S.%3NZ; }
requests() { "$SANDBOX" requests "$@"; }
queries() { "$SANDBOX" queries "$@"; }
expect_count() { # expect_count N CMD...: CMD prints N
  local got
  got="$("${@:2}")" || return 1
  [[ "$got" == "$1" ]] || { echo "expected $1, got $got: ${*:2}"; "${@:2}" --list | tail -n 5; return 1; }
}

# A read with the portal's token is in sandbox-east's audit log once, with
# its user, namespace and status; sandbox-west saw nothing of it.
audit_records_portal_read() {
  local since line
  since="$(now_rfc3339)"
  portal_can sandbox-east GET "/api/v1/namespaces/$TEST_NS/pods?limit=1" || return 1
  expect_count 1 requests --cluster sandbox-east --namespace "$TEST_NS" --since "$since" || return 1
  expect_count 0 requests --cluster sandbox-west --namespace "$TEST_NS" --since "$since" || return 1
  line="$(requests --cluster sandbox-east --namespace "$TEST_NS" --since "$since" --list)"
  [[ "$line" == *" system:serviceaccount:mlops-portal:mlops-portal list /api/v1/namespaces/$TEST_NS/pods?limit=1 200" ]] ||
    { echo "unexpected audit line: $line"; return 1; }
}

# The clusters' own components (kwok-admin: the control plane, KWOK, the
# adapters, the simulator) write fraud-ml's pods and HPAs all the time; none of
# it is logged, so a namespace the portal did not read counts 0.
audit_skips_components() {
  local since="$1"
  expect_count 0 requests --namespace fraud-ml --since "$since" || return 1
  ! requests --list | grep -v ' system:serviceaccount:mlops-portal:mlops-portal \| system:anonymous ' ||
    { echo "users other than the portal are logged (above)"; return 1; }
}

query_log_records_api_query() {
  local since
  since="$(now_rfc3339)"
  curl -fsS -o /dev/null "$PROM/api/v1/query" --data-urlencode 'query=sum(up{namespace="sandbox-audit-check"})' || return 1
  expect_count 1 queries --matching 'namespace="sandbox-audit-check"' --since "$since" || return 1
  expect_count 0 queries --matching 'namespace="fraud-ml"' --since "$since"
}

# The query log also holds the rule evaluations and the adapters' queries
# (the HPA controller asks for fraud-ml's metrics every 5 s); neither counts
# as an API query.
query_log_sources() {
  [[ "$(queries --source rules)" -gt 0 ]] || { echo "no rule evaluation logged"; return 1; }
  [[ "$(queries --source adapter --matching 'namespace="fraud-ml"')" -gt 0 ]] || { echo "no adapter query logged"; return 1; }
}

file_bytes() { local f n=0; for f in "$@"; do n=$((n + $(stat -c %s "$f" 2>/dev/null || echo 0))); done; echo "$n"; }
audit_log_bytes() { file_bytes "$STATE"/clusters/*/audit*.log; }
per_minute() { # per_minute BYTES_THEN BYTES_NOW SECONDS_BETWEEN
  awk -v a="$1" -v b="$2" -v s="$3" 'BEGIN { printf "%d bytes/min", (s > 0 ? (b - a) * 60 / s : 0) }'
}

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
  check "sandbox-east: 2 CPU + 3 GPU nodes + 1 MIG node, Ready, GPU labels, capacity and taints" nodes_as_expected sandbox-east 2 3 1
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
    check "$c: KServe's CRDs installed and served" kserve_crds_installed "$c"
    check "$c: the portal token lists InferenceServices" portal_can "$c" GET /apis/serving.kserve.io/v1beta1/inferenceservices
  done
  check "the portal token reads the custom metrics API" portal_can sandbox-east GET /apis/custom.metrics.k8s.io/v1beta1
  local quiet_since
  quiet_since="$(now_rfc3339)"
  check "audit log: a read with the portal token is logged once, with user, namespace and status" audit_records_portal_read
  check "query log: an API query is logged once; a namespace not queried counts 0" query_log_records_api_query
  check "Prometheus is ready" curl -fsS "$PROM/-/ready"
  check "sandbox-east: the template's chart ran the GPU services; Deployments available" \
    eventually 60 fleet_from_chart sandbox-east "fraud-graph-embedder image-moderation reco-ranker support-llm"
  check "sandbox-west: the template's chart ran the CPU services; Deployments available" \
    eventually 60 fleet_from_chart sandbox-west "doc-classifier fraud-scorer reco-candidate-retrieval"
  check "Prometheus loaded each service's PrometheusRule (for: 10s, runbook URLs) and the platform rules" \
    eventually 30 rules_loaded
  check "promtool check rules (platform rules)" promtool check rules "$SANDBOX_ROOT"/prometheus/rules/*.yml
  check "promtool test rules (platform rules)" promtool test rules "$SANDBOX_ROOT"/prometheus/tests/*.yml
  check "training Jobs: one Complete, one Running" eventually 120 jobs_in_states Complete Running
  check "image-moderation's InferenceService has KServe's status: Ready, one revision at 100 %" eventually 60 isvc_status
  check "image-moderation's pods carry serving.kserve.io/inferenceservice" eventually 60 isvc_pods_labelled
  check "Argo Rollouts' controllers listen on 127.0.0.1 only" rollouts_on_loopback
  check "Kueue's manager listens on 127.0.0.1 only" kueue_on_loopback
  check "Kueue admits the running training runs; nlp-llm's sweeps wait, suspended, with its reason" \
    eventually 120 kueue_admits_and_queues
  check "Alertmanager is ready and listens on 127.0.0.1:$((BASE + 54)) only (no gossip port)" alertmanager_on_loopback
  check "doc-classifier runs as an Argo Rollout (workloadRef to its Deployment), Healthy" eventually 90 rollout_healthy
  check "MLflow answers with the seeded versions (doc-classifier: champion 1, challenger 2)" mlflow_seeded

  check "the simulator's target is up in Prometheus" eventually 30 simulator_target_up
  check "an HPA of the fleet has metrics from kube-controller-manager" eventually 90 fleet_hpa_has_metrics
  for c in sandbox-east sandbox-west; do
    check "$c: every HPA (autoscaling/v2) has status and conditions from the controller" eventually 90 hpas_have_conditions "$c"
  done
  check "the simulator's series carry the exporters' labels" eventually 30 series_labelled
  check "audit log: the clusters' own components are not logged; fraud-ml, never read by the portal, counts 0" \
    audit_skips_components "$quiet_since"
  check "query log: rule evaluations and the adapters' queries are logged apart from API queries" \
    eventually 30 query_log_sources
  local quiet_t0 audit_bytes0 query_bytes0
  quiet_t0=$SECONDS audit_bytes0="$(audit_log_bytes)" query_bytes0="$(file_bytes "$STATE/prometheus/query.log")"
  # A fleet that has just started on a loaded machine can trip an alert while its pods warm up.
  check "healthy: no alert fires (within 60 s of the fleet settling)" eventually 60 none_firing

  scenario error-spike ModelServiceHighErrorRate
  check "error-spike: Alertmanager's inhibit rule holds back the availability burn warning of $(sim_targets)" \
    eventually 60 burn_warning_inhibited "$(sim_targets)"
  scenario latency-regression ModelServiceLatencySLOBurn
  scenario crashloop ModelServiceCrashLooping pods_crashlooping
  scenario scale-to-max ModelServiceHPAAtMax hpa_at_max
  scenario gpu-job-failures GPUJobFailed
  check "gpu-job-failures: Jobs Failed with BackoffLimitExceeded" eventually 120 jobs_in_states Failed:BackoffLimitExceeded
  check "gpu-job-failures: OOMKilled pods and one Pending for 'Insufficient nvidia.com/gpu'" eventually 120 gpu_job_pods_failed
  scenario idle-gpus ModelServiceGPUIdle
  scenario llm-queue-saturation ModelServiceKVCacheSaturated
  "$SANDBOX" scenario kserve-canary >/dev/null || fail "scenario kserve-canary" "switch failed"
  check "kserve-canary: a canary revision takes 10 % of the traffic" eventually 30 isvc_status 10 True
  check "kserve-canary: the canary revision fails: Ready False, RevisionFailed" eventually 120 isvc_status 10 False
  local mig_t0=$SECONDS
  "$SANDBOX" scenario mig-jobs >/dev/null || fail "scenario mig-jobs" "switch failed"
  check "mig-jobs: Jobs on MIG slices run on east-gpu-mig-1; each slice's DCGM series in Prometheus (no GPU_UTIL); the idle one < 5 %" \
    eventually 90 mig_jobs_on_slices
  echo "# mig-jobs: pods and their slices' series $((SECONDS - mig_t0)) s after the switch"

  local rss quiet_s audit_growth query_growth
  rss="$(rss_mib)"
  quiet_s=$((SECONDS - quiet_t0))
  audit_growth="$(per_minute "$audit_bytes0" "$(audit_log_bytes)" "$quiet_s")"
  query_growth="$(per_minute "$query_bytes0" "$(file_bytes "$STATE/prometheus/query.log")" "$quiet_s")"
  check "frozen for 20 s and thawed, sandbox-east's control plane still runs ('sandbox status')" freeze_outlasts_lease
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
  echo "# growth over $quiet_s s of scenarios without portal requests: audit logs $audit_growth, query log $query_growth"
  echo "$PASSED passed, $FAILED failed"
  ((FAILED == 0))
}

main "$@"
