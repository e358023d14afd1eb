#!/usr/bin/env bash
# Checks the Helm chart deploy/chart:
#
#   deploy/tests/chart-test.sh
#
# 1. helm lint --strict (defaults and deploy/examples/values-production.yaml),
#    helm template against values.schema.json, bad values refused,
#    kubernetes-validate 1.34 --strict on the rendered objects, no Secret
#    rendered and none embedded.
# 2. Against a sandbox (the one MLOPS_SANDBOX_DIR names when it runs, else one
#    started here on MLOPS_SANDBOX_PORT_BASE, default 27000): server-side
#    dry-run, then a real apply (KWOK runs the pods as fake; objects, RBAC and
#    the PodDisruptionBudget are real), and what the chart's ServiceAccount
#    may do (`kubectl auth can-i`) compared with the list below.
# 3. The backend started with the applied ConfigMap's app-config and the
#    Deployment's environment, reading both sandbox clusters with tokens of
#    the chart's ServiceAccount: the mlops routes answer for fraud-scorer.
#
# Prints PASS/FAIL per check with its time; exits non-zero when one fails.
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../../scripts/lib/checks-venv.sh
. "$HERE/../../scripts/lib/checks-venv.sh"
# shellcheck source=../../scripts/lib/postgres.sh
. "$REPO_ROOT/scripts/lib/postgres.sh"
# shellcheck source=../../scripts/lib/sandbox.sh
. "$REPO_ROOT/scripts/lib/sandbox.sh"
# shellcheck source=../../scripts/lib/image.sh
. "$REPO_ROOT/scripts/lib/image.sh"

CHART="$REPO_ROOT/deploy/chart"
EXAMPLE_VALUES="$REPO_ROOT/deploy/examples/values-production.yaml"
SANDBOX_VALUES="$HERE/values-sandbox.yaml"
NAMESPACE=portal-chart-test
RELEASE=chart-test
SA="system:serviceaccount:$NAMESPACE:$RELEASE-mlops-portal"
# Inside the clone: the backend's config paths are relative to the repo root.
WORK="$ARTIFACTS_DIR/chart-test"
rm -rf "$WORK" && mkdir -p "$WORK" && chmod 755 "$WORK" # PostgreSQL runs as its own user
# The values a chart without site settings cannot go without.
REQUIRED=(--set baseUrl=https://portal.example.com --set database.host=postgres.example.com
  --set techdocs.s3Bucket=portal-techdocs)

# What the ServiceAccount may do (`kubectl auth can-i --list`, whitespace
# squeezed, LC_ALL=C sorted): read-only access to what the plugins read,
# plus what Kubernetes grants every authenticated caller (discovery, health,
# version, the OIDC issuer's keys, self reviews).
EXPECTED_CAN_I='[/.well-known/openid-configuration/] [] [get]
[/.well-known/openid-configuration] [] [get]
[/api/*] [] [get]
[/api] [] [get]
[/apis/*] [] [get]
[/apis] [] [get]
[/healthz] [] [get]
[/livez] [] [get]
[/openapi/*] [] [get]
[/openapi] [] [get]
[/openid/v1/jwks/] [] [get]
[/openid/v1/jwks] [] [get]
[/readyz] [] [get]
[/version/] [] [get]
[/version] [] [get]
analysisruns.argoproj.io [] [] [get list watch]
clusterqueues.kueue.x-k8s.io [] [] [get list watch]
configmaps [] [] [get list watch]
cronjobs.batch [] [] [get list watch]
daemonsets.apps [] [] [get list watch]
deployments.apps [] [] [get list watch]
events [] [] [get list watch]
horizontalpodautoscalers.autoscaling [] [] [get list watch]
inferenceservices.serving.kserve.io [] [] [get list watch]
ingresses.networking.k8s.io [] [] [get list watch]
jobs.batch [] [] [get list watch]
limitranges [] [] [get list watch]
localqueues.kueue.x-k8s.io [] [] [get list watch]
localqueues.visibility.kueue.x-k8s.io/pendingworkloads [] [] [get list watch]
nodes [] [] [get list watch]
pods [] [] [get list watch]
pods.metrics.k8s.io [] [] [get list watch]
pods/log [] [] [get list watch]
pytorchjobs.kubeflow.org [] [] [get list watch]
replicasets.apps [] [] [get list watch]
resourcequotas [] [] [get list watch]
rollouts.argoproj.io [] [] [get list watch]
scaledobjects.keda.sh [] [] [get list watch]
selfsubjectaccessreviews.authorization.k8s.io [] [] [create]
selfsubjectreviews.authentication.k8s.io [] [] [create]
selfsubjectrulesreviews.authorization.k8s.io [] [] [create]
services [] [] [get list watch]
statefulsets.apps [] [] [get list watch]
workloads.kueue.x-k8s.io [] [] [get list watch]'

FAILED=()
check() { # check NAME COMMAND...: runs it, prints PASS/FAIL with the output's tail
  local name="$1" start log
  log="$WORK/$(echo "$1" | tr -c 'a-zA-Z0-9\n' '-').log"
  shift
  start="$(now)"
  if "$@" >"$log" 2>&1; then
    printf 'PASS  %-70s %6ss\n' "$name" "$(elapsed "$start")" >&2
  else
    printf 'FAIL  %-70s %6ss\n' "$name" "$(elapsed "$start")" >&2
    tail -n 25 "$log" | sed 's/^/      /' >&2
    FAILED+=("$name")
  fi
}

# --- 1. the chart on its own ---------------------------------------------------
render() { helm template "$RELEASE" "$CHART" --namespace "$NAMESPACE" "$@"; }

lint_defaults() { helm lint --strict "$CHART" "${REQUIRED[@]}"; }
lint_example() { helm lint --strict "$CHART" -f "$EXAMPLE_VALUES"; }

render_all() {
  render "${REQUIRED[@]}" >"$WORK/defaults.yaml" &&
    render -f "$EXAMPLE_VALUES" >"$WORK/production.yaml" &&
    # Everything optional switched on, to validate every template.
    render -f "$EXAMPLE_VALUES" --set ingress.tlsSecretName=portal-tls --set postgresql.enabled=true \
      --set 'kubernetes.customResources[0].group=argoproj.io' \
      --set 'kubernetes.customResources[0].apiVersion=v1alpha1' \
      --set 'kubernetes.customResources[0].plural=rollouts' >"$WORK/everything.yaml"
}

# expect_refused WHAT MESSAGE-PATTERN HELM-ARGS...: the chart must refuse these values.
expect_refused() {
  local what="$1" pattern="$2" out
  shift 2
  if out="$(render "$@" 2>&1)"; then
    echo "accepted: $what"
    return 1
  fi
  grep -Eq "$pattern" <<<"$out" || {
    echo "refused for another reason than expected ($pattern): $out"
    return 1
  }
  echo "refused: $what"
}

bad_values_refused() {
  expect_refused 'replicaCount "two"' "replicaCount.*want integer" "${REQUIRED[@]}" --set replicaCount=two &&
    expect_refused 'an unknown key' "additional properties 'replicas' not allowed" "${REQUIRED[@]}" --set replicas=2 &&
    expect_refused 'a typo in a nested key' "additional properties 'enable' not allowed" "${REQUIRED[@]}" --set ingress.enable=true &&
    expect_refused 'no baseUrl' "baseUrl" --set database.host=db --set techdocs.s3Bucket=b &&
    expect_refused 'sslMode maybe' "sslMode" "${REQUIRED[@]}" --set database.sslMode=maybe &&
    expect_refused 'a secret as an object type' "objectTypes" "${REQUIRED[@]}" --set 'kubernetes.objectTypes[0]=secrets' &&
    expect_refused 'a password as a value' "additional properties 'password' not allowed" "${REQUIRED[@]}" --set database.password=hunter2 &&
    expect_refused 'an image digest that is not one' "digest" "${REQUIRED[@]}" --set image.digest=latest
}

kubernetes_validate() {
  kubernetes-validate -k "$K8S_SCHEMA_VERSION" --strict "$WORK/defaults.yaml" "$WORK/production.yaml" "$WORK/everything.yaml"
}

# Secrets are referenced, never rendered: no Secret object, and every
# credential variable comes from a secretKeyRef.
no_secrets_rendered() {
  python3 - "$WORK/defaults.yaml" "$WORK/everything.yaml" <<'EOF'
import sys, yaml
for path in sys.argv[1:]:
    docs = [d for d in yaml.safe_load_all(open(path)) if d]
    assert not [d for d in docs if d["kind"] == "Secret"], f"{path}: a Secret is rendered"
    for d in docs:
        spec = d["spec"]["template"]["spec"] if d["kind"] in ("Deployment", "StatefulSet") else None
        for c in (spec or {}).get("containers", []):
            for e in c.get("env", []):
                secretish = any(w in e["name"] for w in ("SECRET", "PASSWORD", "TOKEN"))
                if secretish and "valueFrom" not in e:
                    sys.exit(f"{path}: {d['kind']} {c['name']} sets {e['name']} by value")
    print(f"{path}: {len(docs)} objects, no Secret, credentials only by secretKeyRef")
EOF
}

# --- 2. against the sandbox ------------------------------------------------------
SANDBOX_STARTED=""
kc_east() { kubectl --kubeconfig "$MLOPS_SANDBOX_KUBECONFIG_EAST" "$@"; }
# shellcheck disable=SC2153 # exported by `sandbox env` (start_sandbox)
kc_west() { kubectl --kubeconfig "$MLOPS_SANDBOX_KUBECONFIG_WEST" "$@"; }

use_sandbox() {
  if [ -n "${MLOPS_SANDBOX_DIR:-}" ] && "$SANDBOX_CLI" status >/dev/null 2>&1; then
    info "using the running sandbox in $MLOPS_SANDBOX_DIR"
  else
    export MLOPS_SANDBOX_PORT_BASE="${MLOPS_CHART_SANDBOX_PORT_BASE:-27000}"
    export MLOPS_SANDBOX_DIR="${MLOPS_CHART_SANDBOX_DIR:-$WORK/sandbox}"
    step "Starting a sandbox on port base $MLOPS_SANDBOX_PORT_BASE ($MLOPS_SANDBOX_DIR)"
    SANDBOX_STARTED=1
  fi
  start_sandbox >"$WORK/sandbox-up.log" 2>&1 || {
    tail -n 20 "$WORK/sandbox-up.log" >&2
    die "the sandbox did not start (log: $WORK/sandbox-up.log)"
  }
}

# The chart as installed in the sandbox: the addresses of this run.
render_sandbox() {
  render -f "$SANDBOX_VALUES" \
    --set "baseUrl=$BACKEND_URL" --set "containerPort=$BACKEND_PORT" \
    --set database.host=127.0.0.1 --set "database.port=$PG_PORT" \
    --set "kubernetes.clusters[0].url=$MLOPS_SANDBOX_EAST_URL" \
    --set "kubernetes.clusters[1].url=$MLOPS_SANDBOX_WEST_URL" \
    --set "mlops.prometheus.instances[0].url=$MLOPS_PROMETHEUS_URL" "$@"
}

create_namespaces() {
  local kc
  for kc in kc_east kc_west; do
    # An earlier run's namespace may still be terminating.
    "$kc" wait --for=delete "namespace/$NAMESPACE" --timeout=60s >/dev/null 2>&1
    "$kc" create namespace "$NAMESPACE" --dry-run=client -o yaml | "$kc" apply -f - >/dev/null || return 1
  done
}

dry_run_server() {
  create_namespaces &&
    kc_east apply --dry-run=server --validate=strict -n "$NAMESPACE" -f "$WORK/sandbox.yaml"
}

# The whole chart on east (where the portal "runs"); on west only what
# lets the portal read it: the ServiceAccount and its read-only ClusterRole.
apply_for_real() {
  kc_east apply --validate=strict -n "$NAMESPACE" -f "$WORK/sandbox.yaml" &&
    render_sandbox --show-only templates/serviceaccount.yaml --show-only templates/rbac.yaml >"$WORK/sandbox-reader.yaml" &&
    kc_west apply --validate=strict -n "$NAMESPACE" -f "$WORK/sandbox-reader.yaml" &&
    kc_east -n "$NAMESPACE" rollout status "deployment/$RELEASE-mlops-portal" --timeout=60s
}

# The PodDisruptionBudget is enforced by the real API. Evictions are
# dry-runs (checked against the budget, nothing evicted), because KWOK
# replaces an evicted pod faster than a second eviction could race it.
pdb_enforced() {
  local deploy="deployment/$RELEASE-mlops-portal" pod
  wait_pdb 2 1 || return 1
  pod="$(kc_east -n "$NAMESPACE" get pods -l app.kubernetes.io/component=backend -o name | head -n 1)"
  evict "${pod#pod/}" || return 1
  echo "with 2 healthy replicas: evicting ${pod#pod/} allowed"
  kc_east -n "$NAMESPACE" scale "$deploy" --replicas=1 >/dev/null || return 1
  wait_pdb 1 0 || return 1
  pod="$(kc_east -n "$NAMESPACE" get pods -l app.kubernetes.io/component=backend \
    --field-selector=status.phase=Running -o name | head -n 1)"
  if evict "${pod#pod/}" 2>"$WORK/evict.err"; then
    echo "with 1 healthy replica: evicting ${pod#pod/} was allowed"
    return 1
  fi
  grep -q "disruption budget" "$WORK/evict.err" || return 1
  echo "with 1 healthy replica: refused: $(cat "$WORK/evict.err")"
  kc_east -n "$NAMESPACE" scale "$deploy" --replicas=2 >/dev/null && wait_pdb 2 1
}

wait_pdb() { # wait_pdb HEALTHY ALLOWED: until the budget's status says so (30 s)
  local status
  for _ in $(seq 1 60); do
    status="$(kc_east -n "$NAMESPACE" get pdb "$RELEASE-mlops-portal" \
      -o jsonpath='{.status.currentHealthy} {.status.disruptionsAllowed}')"
    [ "$status" = "$1 $2" ] && echo "PDB currentHealthy disruptionsAllowed: $status" && return 0
    sleep 0.5
  done
  echo "PDB status stayed '$status', expected '$1 $2'"
  return 1
}

evict() {
  kc_east create --raw "/api/v1/namespaces/$NAMESPACE/pods/$1/eviction?dryRun=All" -f - >/dev/null <<EOF
{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"$1","namespace":"$NAMESPACE"},"deleteOptions":{"dryRun":["All"]}}
EOF
}

can_i_list() {
  kc_east auth can-i --list --as="$SA" | tail -n +2 | awk '{ $1 = $1; print }' | LC_ALL=C sort -u
}

rbac_as_expected() {
  local actual
  actual="$(can_i_list)" || return 1
  diff <(echo "$EXPECTED_CAN_I") <(echo "$actual") || {
    echo "kubectl auth can-i --list differs from the expected list (< expected, > actual)"
    return 1
  }
  echo "can-i --list as expected ($(wc -l <<<"$actual") lines)"
}

refused() { # refused [--west] VERB RESOURCE [ARGS...]: can-i must answer no
  local answer kc=kc_east
  [ "$1" = --west ] && kc=kc_west && shift
  answer="$("$kc" auth can-i "$@" --as="$SA" 2>&1)"
  echo "can-i $*: $answer"
  [ "$answer" = no ]
}

writes_refused() {
  refused create deployments -n fraud-ml &&
    refused delete pods -n fraud-ml &&
    refused get secrets -n fraud-ml &&
    refused list secrets --all-namespaces &&
    refused patch horizontalpodautoscalers -n fraud-ml &&
    refused create pods/exec -n fraud-ml &&
    refused update configmaps -n "$NAMESPACE" &&
    refused get secrets -n "$NAMESPACE" &&
    refused --west get secrets -n fraud-ml &&
    refused --west delete pods -n fraud-ml
}

# --- 3. the backend with the applied config ---------------------------------------
# The Deployment's env as applied: plain values as they are, secretKeyRefs
# from the test's stand-ins (cluster tokens issued for the chart's
# ServiceAccount). Fails on a secretKeyRef it has no stand-in for.
backend_env_from_deployment() {
  kc_east -n "$NAMESPACE" get "deployment/$RELEASE-mlops-portal" -o json >"$WORK/deployment.json" &&
    python3 - "$WORK/deployment.json" >"$WORK/backend.env" <<'EOF'
import json, os, shlex, sys
container = json.load(open(sys.argv[1]))["spec"]["template"]["spec"]["containers"][0]
stand_ins = {
    "BACKEND_SECRET": "chart-test-backend-secret-0123456789",
    "AUTH_SESSION_SECRET": "chart-test-session-secret-0123456789",
    "AUTH_GITHUB_CLIENT_ID": "chart-test-client-id",
    "AUTH_GITHUB_CLIENT_SECRET": "chart-test-client-secret",
    "GITHUB_TOKEN": "chart-test-github-token",
    "POSTGRES_PASSWORD": "unused-with-trust-auth",
    "K8S_CLUSTER_SANDBOX_EAST_TOKEN": os.environ["EAST_TOKEN"],
    "K8S_CLUSTER_SANDBOX_WEST_TOKEN": os.environ["WEST_TOKEN"],
}
for e in container["env"]:
    if "value" in e:
        print(f"export {e['name']}={shlex.quote(e['value'])}")
    elif e["valueFrom"]["secretKeyRef"].get("optional"):
        continue
    elif e["name"] in stand_ins:
        print(f"export {e['name']}={shlex.quote(stand_ins[e['name']])}")
    else:
        sys.exit(f"no test value for the Secret-backed variable {e['name']}")
EOF
}

# start_portal_backend URL LOG CONFIG...: the one place the backend starts.
start_portal_backend() {
  ensure_image_folder && start_image_backend "$IMAGE_FOLDER" "$@"
}

start_backend_from_chart() {
  kc_east -n "$NAMESPACE" get "configmap/$RELEASE-mlops-portal" \
    -o jsonpath='{.data.app-config\.chart\.yaml}' >"$WORK/app-config.chart.yaml" || return 1
  local sa_name="$RELEASE-mlops-portal"
  EAST_TOKEN="$(kc_east -n "$NAMESPACE" create token "$sa_name" --duration=1h)" || return 1
  WEST_TOKEN="$(kc_west -n "$NAMESPACE" create token "$sa_name" --duration=1h)" || return 1
  EAST_TOKEN="$EAST_TOKEN" WEST_TOKEN="$WEST_TOKEN" backend_env_from_deployment || return 1
  # shellcheck disable=SC1091
  . "$WORK/backend.env"
  export MLOPS_CHART_TEST_TOKEN MLOPS_CHART_TEST_WORK_DIR="$WORK" MLOPS_CHART_TEST_REPO="$REPO_ROOT"
  MLOPS_CHART_TEST_TOKEN="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
  start_portal_backend "$BACKEND_URL" "$WORK/backend.log" app-config.yaml app-config.production.yaml \
    "$WORK/app-config.chart.yaml" "$REPO_ROOT/deploy/tests/app-config.chart-test.yaml" || return 1
  echo "backend ready in ${IMAGE_BACKEND_READY_SECONDS}s (from the image folder $IMAGE_FOLDER)"
}

mlops_get() {
  curl -sS --max-time 30 -H "Authorization: Bearer $MLOPS_CHART_TEST_TOKEN" \
    -o "$WORK/response.json" -w '%{http_code}' "$BACKEND_URL/api/mlops/entities/component/default/$1"
}

# The catalog reads its file once started; wait until fraud-scorer is known.
mlops_routes_answer() {
  local code route
  for _ in $(seq 1 60); do
    code="$(mlops_get fraud-scorer/serving-health)"
    [ "$code" = 200 ] && break
    sleep 1
  done
  for route in serving-health autoscaling; do
    code="$(mlops_get "fraud-scorer/$route")"
    echo "GET .../fraud-scorer/$route: $code $(head -c 400 "$WORK/response.json")"
    [ "$code" = 200 ] || return 1
    python3 - "$WORK/response.json" "$route" <<'EOF' || return 1
import json, sys
body, route = json.load(open(sys.argv[1])), sys.argv[2]
assert body["state"] == "ok", f"{route}: state {body['state']}"
# Both clusters read with the chart's ServiceAccount tokens, none refused.
clusters = {x["name"]: x for x in body.get("sources", []) if x["kind"] == "kubernetes"}
assert sorted(clusters) == ["sandbox-east", "sandbox-west"], f"{route}: sources {body.get('sources')}"
failed = [x for x in body["sources"] if not x["ok"]]
assert not failed, f"{route}: failed sources {failed}"
if route == "serving-health":
    # A sandbox minutes old has served a few thousand requests: its ~0.03 %
    # of errors can briefly burn a 99.9 % budget. Anything else is a failure.
    codes = [r["code"] for r in body["reasons"]]
    if body["status"] == "healthy":
        assert "2/2 replicas ready" in json.dumps(body["reasons"]), body["reasons"]
    else:
        assert body["status"] == "degraded" and all(c.startswith("error-budget") for c in codes), (body["status"], codes)
else:
    hpas = [(h["cluster"], h["namespace"], h["name"]) for h in body["hpas"]]
    assert ("sandbox-west", "fraud-ml", "fraud-scorer") in hpas, hpas
print(f"{route}: sources {body['sources']}")
EOF
  done
}

# --- run ---------------------------------------------------------------------
cleanup() {
  stop_image_backend
  stop_test_postgres "$WORK/pg"
  if [ -n "$SANDBOX_STARTED" ]; then
    stop_sandbox >/dev/null 2>&1
  elif [ -n "${MLOPS_SANDBOX_KUBECONFIG_EAST:-}" ]; then
    kc_east delete namespace "$NAMESPACE" --wait=false >/dev/null 2>&1
    kc_west delete namespace "$NAMESPACE" --wait=false >/dev/null 2>&1
    kc_east delete clusterrole,clusterrolebinding "$RELEASE-mlops-portal-read" >/dev/null 2>&1
    kc_west delete clusterrole,clusterrolebinding "$RELEASE-mlops-portal-read" >/dev/null 2>&1
  fi
}
trap cleanup EXIT INT TERM

started_all="$(now)"
ensure_checks_venv
BIN="$("$REPO_ROOT/sandbox/scripts/build-binaries.sh" 2>/dev/null)" || die "sandbox/scripts/build-binaries.sh failed"
export PATH="$CHECKS_VENV/bin:$BIN:$PATH"
K8S_SCHEMA_VERSION="${K8S_SCHEMA_VERSION:-1.34.0}"

step "The chart on its own"
check "helm lint --strict (defaults + baseUrl, database host, bucket)" lint_defaults
check "helm lint --strict (deploy/examples/values-production.yaml)" lint_example
check "helm template with the schema (defaults, example, everything on)" render_all
check "bad values refused by the schema and the templates" bad_values_refused
check "kubernetes-validate $K8S_SCHEMA_VERSION --strict" kubernetes_validate
check "no Secret rendered; credentials only by secretKeyRef" no_secrets_rendered

step "The chart in the sandbox"
use_sandbox
PG_PORT="${MLOPS_CHART_PG_PORT:-$(free_port)}"
BACKEND_PORT="${MLOPS_CHART_BACKEND_PORT:-$(free_port)}"
BACKEND_URL="http://127.0.0.1:$BACKEND_PORT"
render_sandbox >"$WORK/sandbox.yaml" || die "helm template with $SANDBOX_VALUES failed"
check "server-side dry-run (kubectl apply --dry-run=server)" dry_run_server
check "apply to the sandbox; the Deployment rolls out" apply_for_real
check "PodDisruptionBudget enforced by the API (eviction of the last replica refused)" pdb_enforced
check "ServiceAccount: kubectl auth can-i --list as expected" rbac_as_expected
check "ServiceAccount: create, delete, patch, exec and secrets refused" writes_refused

step "The backend with the chart's config and ServiceAccount tokens"
start_test_postgres "$WORK/pg" "$PG_PORT"
check "backend starts with the applied ConfigMap and Deployment env" start_backend_from_chart
check "mlops routes answer for fraud-scorer (serving health, autoscaling)" mlops_routes_answer

step "Chart checks: $(elapsed "$started_all")s"
if [ ${#FAILED[@]} -gt 0 ]; then
  printf '    failed: %s\n' "${FAILED[@]}" >&2
  exit 1
fi
