#!/usr/bin/env bash
# Validate rendered model-service repositories with the real tools:
#
#   templates/model-service/tests/validate-output.sh [--fast] [--reuse DIR] RENDERED_DIR...
#
# hadolint, helm lint --strict, helm template (the release and values it must
# refuse), kubernetes-validate 1.34 --strict, server-side dry-run against
# the sandbox's kube-apiserver (MLOPS_DRY_RUN_KUBECONFIG), promtool check/test rules,
# the Argo Rollouts objects of each strategy and their analysis queries
# (promtool, and the same expressions as the alert rules), fixed replicas
# (no HPA, no at-maximum alert, docs that say so),
# actionlint or GitLab's CI schema, shellcheck, the service's own pytest in a
# venv installed from its hashed locks, mkdocs build --strict, every alert's
# runbook_url resolved against the built docs (scripts/check-runbooks.py), and checks of
# the rendered YAML and leftovers of templating. Prints PASS/FAIL per check
# (with several directories: one line per directory, and every failure) and
# exits non-zero when any fails, naming them.
#
#   --fast       skip the slow checks: the service's pytest and the server-side dry-run
#   --reuse DIR  a check whose input files (and release name and namespace) are
#                byte-identical to those of a check that passed before, as
#                recorded in DIR, passes without running again
#
# Tools come from: sandbox/scripts/build-binaries.sh (helm, actionlint);
# ~/.cache/mlops-portal/venv-checks (Python tools from requirements-checks.txt,
# scripts/lib/checks-venv.sh); Debian's prometheus package
# (promtool); .venv (mkdocs, scripts/lib/python.sh).
set -uo pipefail

FAST="" REUSE_DIR=""
while [ $# -gt 0 ]; do
  case "$1" in
    --fast) FAST=1 ;;
    --reuse) REUSE_DIR="$2" && shift ;;
    *) break ;;
  esac
  shift
done
[ $# -ge 1 ] || {
  echo "usage: $0 [--fast] [--reuse DIR] RENDERED_DIR..." >&2
  exit 2
}
for dir in "$@"; do
  [ -d "$dir" ] || {
    echo "not a directory: $dir" >&2
    exit 2
  }
done
[ -z "$REUSE_DIR" ] || mkdir -p "$REUSE_DIR"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../../../scripts/lib/common.sh
. "$HERE/../../../scripts/lib/common.sh"
# shellcheck source=../../../scripts/lib/apt.sh
. "$REPO_ROOT/scripts/lib/apt.sh"
# shellcheck source=../../../scripts/lib/python.sh
. "$REPO_ROOT/scripts/lib/python.sh"
# shellcheck source=../../../scripts/lib/checks-venv.sh
. "$REPO_ROOT/scripts/lib/checks-venv.sh"

K8S_SCHEMA_VERSION="${K8S_SCHEMA_VERSION:-1.34.0}"
WORK_ROOT="$(mktemp -d /tmp/model-service-validate.XXXXXX)"
trap 'rm -rf "$WORK_ROOT"' EXIT

# --- tools -------------------------------------------------------------------
# A venv per lock content, so the tests run on exactly the locked packages.
service_venv() {
  local locks=(requirements-dev.txt) key dir
  [ -f "$OUT/requirements.txt" ] && [ -z "${MODEL_BACKEND:-}" ] && locks=(requirements.txt requirements-dev.txt)
  key="$(cd "$OUT" && cat "${locks[@]}" | sha256sum | cut -c1-16)"
  dir="$CHECKS_VENV/services/$key"
  if [ ! -x "$dir/bin/pytest" ]; then
    python3 -m venv "$dir" >&2 || return 1
    local args=() f
    for f in "${locks[@]}"; do args+=(-r "$OUT/$f"); done
    "$dir/bin/pip" install --disable-pip-version-check -q --require-hashes "${args[@]}" >&2 || {
      rm -rf "$dir"
      return 1
    }
  fi
  echo "$dir"
}

ensure_checks_venv
ensure_debian_packages "/usr/bin/promtool:prometheus"
ensure_techdocs_venv >/dev/null 2>&1 || die "could not set up mkdocs (.venv)"
BIN="$("$REPO_ROOT/sandbox/scripts/build-binaries.sh")" || die "sandbox/scripts/build-binaries.sh failed"
export PATH="$BIN:$PATH"

# --- harness -----------------------------------------------------------------
# The files each check reads, for --reuse; checks not named here always run
# (they are cheap, or others read what they write). @FILE is a file an
# earlier check wrote to $WORK (its content counts, not its path).
declare -A INPUTS=(
  [catalog-info]="catalog-info.yaml chart/values.yaml"
  [python-compile]="app tests train.py"
  [hadolint]="Dockerfile"
  [helm-lint]="chart deploy"
  [helm-refuses-bad-values]="chart"
  [kubernetes-validate]="chart deploy"
  [fixed-replicas]="chart deploy docs mkdocs.yml"
  [promtool]="@alerts.rules.yaml tests"
  [rollout-objects]="chart deploy"
  [alerts-contract]="chart docs/runbooks"
  [grafana-dashboard]="chart"
  [ci-config]=".github .gitlab-ci.yml"
  [shellcheck]="scripts"
  [mkdocs]="docs mkdocs.yml"
  [runbook-links]="chart deploy docs mkdocs.yml"
)
FAILED=()
RAN=0 REUSED=0
reuse_key() { # reuse_key NAME: the check, the release and its input files' hashes
  local input
  {
    echo "$1 $NAME $NAMESPACE"
    for input in ${INPUTS[$1]}; do
      case "$input" in
        @*) echo "$input $(sha256sum <"$WORK/${input#@}")" ;;
        *) find "$input" -type f 2>/dev/null | LC_ALL=C sort | xargs -r -d '\n' sha256sum ;;
      esac
    done
  } | sha256sum | cut -c1-32
}
check() { # check NAME COMMAND...: runs it, prints PASS/FAIL with the output's tail
  local name="$1" start log="$WORK/$1.log" key=""
  shift
  if [ -n "$REUSE_DIR" ] && [ -n "${INPUTS[$name]:-}" ]; then
    key="$(reuse_key "$name")"
    if [ -e "$REUSE_DIR/$key" ]; then
      REUSED=$((REUSED + 1))
      [ -n "$QUIET" ] || printf 'PASS %-24s %6s  same files as %s\n' "$name" "-" "$(cat "$REUSE_DIR/$key")"
      return 0
    fi
  fi
  start="$(now)"
  RAN=$((RAN + 1))
  if "$@" >"$log" 2>&1; then
    [ -n "$QUIET" ] || printf 'PASS %-24s %5ss  %s\n' "$name" "$(elapsed "$start")" "$(grep -v '^[[:space:]]*$' "$log" | tail -n 1 | cut -c1-100)"
    [ -z "$key" ] || echo "$SET" >"$REUSE_DIR/$key"
  else
    printf 'FAIL %-24s %5ss%s\n' "$name" "$(elapsed "$start")" "${QUIET:+  $SET}"
    tail -n 40 "$log" | sed 's/^/    | /'
    FAILED+=("${QUIET:+$SET: }$name")
  fi
}

# --- checks ------------------------------------------------------------------
no_template_leftovers() {
  ! grep -rnE '\$\{\{ *(values|parameters)\.|\{%-? *(if|endif|for|raw)' --exclude-dir=.git . ||
    return 1
  ! find . -name '*.njk' | grep . || return 1
  echo "no Nunjucks left in $(find . -type f | wc -l) files"
}

yaml_parses() { # every YAML file outside the Helm templates
  "$CHECKS_VENV/bin/python" - <<'EOF'
import pathlib, sys, yaml
bad = 0
for path in sorted(pathlib.Path(".").rglob("*")):
    if path.suffix not in (".yaml", ".yml") or path.parts[0] == "chart" and path.parts[1] in ("templates", "files"):
        continue
    try:
        list(yaml.safe_load_all(path.read_text()))
    except yaml.YAMLError as error:
        print(f"{path}: {error}")
        bad += 1
print(f"{len(list(pathlib.Path('.').rglob('*.y*ml')))} YAML files, {bad} broken")
sys.exit(bad)
EOF
}

catalog_entity() {
  "$CHECKS_VENV/bin/python" - "$NAME" "$NAMESPACE" "$BACKEND" <<'EOF'
import sys, yaml
name, namespace, backend = sys.argv[1:]
entity = yaml.safe_load(open("catalog-info.yaml"))
annotations = entity["metadata"]["annotations"]
slo = yaml.safe_load(open("chart/values.yaml"))["slo"]
vllm = backend == "vllm"
problems = [
    message
    for ok, message in [
        (entity["kind"] == "Component" and entity["spec"]["type"] == "model-service", "kind Component, type model-service"),
        (entity["metadata"]["name"] == name, "metadata.name is the chart name"),
        (annotations.get("backstage.io/kubernetes-id") == name, "backstage.io/kubernetes-id"),
        (annotations.get("backstage.io/kubernetes-namespace") == namespace, "backstage.io/kubernetes-namespace"),
        (annotations.get("backstage.io/techdocs-ref") == "dir:.", "backstage.io/techdocs-ref dir:."),
        (any(k in annotations for k in ("github.com/project-slug", "gitlab.com/project-slug")), "project-slug annotation"),
        (0 < float(annotations.get("mlops-portal.io/slo-availability", "0")) < 100, "mlops-portal.io/slo-availability in (0, 100)"),
        (annotations.get("mlops-portal.io/slo-latency-p95-ms", "").isdigit(), "mlops-portal.io/slo-latency-p95-ms a whole number"),
        (entity["spec"]["lifecycle"] == "experimental", "lifecycle experimental"),
        # vLLM: the token objectives, as the chart's alerts use them.
        (not vllm or annotations.get("mlops-portal.io/metrics-profile") == "vllm", "mlops-portal.io/metrics-profile vllm"),
        (not vllm or annotations.get("mlops-portal.io/slo-ttft-p95-ms") == str(slo.get("ttftP95Ms")), "mlops-portal.io/slo-ttft-p95-ms = slo.ttftP95Ms"),
        (not vllm or annotations.get("mlops-portal.io/slo-tpot-p95-ms") == str(slo.get("tpotP95Ms")), "mlops-portal.io/slo-tpot-p95-ms = slo.tpotP95Ms"),
        (vllm or not any(k.startswith(("mlops-portal.io/slo-ttft", "mlops-portal.io/slo-tpot")) for k in annotations), "no token objectives without vLLM"),
        (bool(entity["spec"].get("owner")) and bool(entity["spec"].get("system")), "owner and system"),
    ]
    if not ok
]
print("\n".join(problems) or "catalog-info.yaml ok")
sys.exit(len(problems))
EOF
}

helm_lint() {
  helm lint --strict chart &&
    helm lint --strict chart --values deploy/values-staging.yaml &&
    helm lint --strict chart --values deploy/values-production.yaml
}

# The release with the production values, and staging's (canary and
# blue-green promote by themselves there).
helm_render() {
  helm template "$NAME" chart --namespace "$NAMESPACE" --values deploy/values-production.yaml >"$WORK/main.yaml" || return 1
  helm template "$NAME" chart --namespace "$NAMESPACE" --values deploy/values-staging.yaml >"$WORK/staging.yaml" || return 1
  echo "release ($STRATEGY): $(grep -c '^kind:' "$WORK/main.yaml") objects"
}

# The chart must refuse what its schema cannot express.
helm_refuses_bad_values() {
  local out
  if out="$(helm template "$NAME" chart --set autoscaling.enabled=true \
    --set autoscaling.minReplicas=5 --set autoscaling.maxReplicas=2 2>&1)"; then
    echo "rendered with minReplicas > maxReplicas"
    return 1
  fi
  grep -q "must not be greater than autoscaling.maxReplicas" <<<"$out" || {
    echo "$out"
    return 1
  }
  if out="$(helm template "$NAME" chart --set gpu.count=0 2>&1)"; then
    echo "rendered with gpu.count=0"
    return 1
  fi
  if out="$(helm template "$NAME" chart --set rollout.strategy=blue-green --set service.enabled=false 2>&1)" ||
    ! grep -q "blue-green needs service.enabled=true" <<<"$out"; then
    echo "blue-green without its active Service: $out"
    return 1
  fi
  if [ "$BACKEND" = vllm ]; then
    if out="$(helm template "$NAME" chart --set gpu.enabled=false 2>&1)" || ! grep -q "vLLM serves on NVIDIA GPUs only" <<<"$out"; then
      echo "vLLM without a GPU: $out"
      return 1
    fi
    if out="$(helm template "$NAME" chart --set slo.ttftP95Ms=600 2>&1)" || ! grep -q "ttftP95Ms" <<<"$out"; then
      echo "a TTFT objective that is no bucket bound of vLLM's histogram: $out"
      return 1
    fi
  fi
  echo "refused as expected"
}

split_manifests() { # built-in kinds to $WORK/builtin.yaml, CRDs counted aside
  "$CHECKS_VENV/bin/python" - "$WORK" <<'EOF'
import sys, yaml
work = sys.argv[1]
crd_kinds = {"ServiceMonitor", "PrometheusRule", "Application", "Rollout", "AnalysisTemplate"}
docs = [d for d in yaml.safe_load_all(open(f"{work}/main.yaml")) if d]
builtin = [d for d in docs if d["kind"] not in crd_kinds]
with open(f"{work}/builtin.yaml", "w") as out:
    yaml.safe_dump_all(builtin, out)
missing = [d["kind"] + "/" + d["metadata"]["name"] for d in docs
           if "backstage.io/kubernetes-id" not in d["metadata"].get("labels", {})]
pods = [d for d in builtin if d["kind"] == "Deployment"
        and "backstage.io/kubernetes-id" not in d["spec"]["template"]["metadata"]["labels"]]
print(f"{len(builtin)} built-in objects, {len(docs) - len(builtin)} custom resources")
if missing or pods:
    print("without backstage.io/kubernetes-id:", missing, [p["metadata"]["name"] for p in pods])
    sys.exit(1)
EOF
}

# Server-side dry-run against a real kube-apiserver (the sandbox's, with the
# ServiceMonitor, PrometheusRule, Argo CD Application and Argo Rollouts CRDs installed):
# admission, defaulting and the CRDs' schemas with strict field validation.
# The release goes to a namespace of its own, apart from the sandbox's fleet
# (which runs services of the same names); namespaces are created for real.
DRY_RUN_NAMESPACE=model-service-check
server_dry_run() {
  local kcfg="$MLOPS_DRY_RUN_KUBECONFIG" ns out="$WORK/dry-run.out"
  local files=(-f "$WORK/main.yaml")
  for ns in "$DRY_RUN_NAMESPACE" $(sed -n 's/^  namespace: *//p' deploy/argocd-application.yaml 2>/dev/null); do
    kubectl --kubeconfig "$kcfg" create namespace "$ns" --dry-run=client -o yaml |
      kubectl --kubeconfig "$kcfg" apply -f - >/dev/null || return 1
  done
  local apply=(kubectl --kubeconfig "$kcfg" apply --server-side --dry-run=server --validate=strict
    --field-manager=model-service-check)
  "${apply[@]}" -n "$DRY_RUN_NAMESPACE" "${files[@]}" >"$out" || return 1
  if [ -f deploy/argocd-application.yaml ]; then
    "${apply[@]}" -f deploy/argocd-application.yaml >>"$out" || return 1
  fi
  echo "server-side dry-run: $(wc -l <"$out") objects accepted by $(kubectl --kubeconfig "$kcfg" config view --minify -o jsonpath='{.clusters[0].cluster.server}')"
}

kube_validate() {
  split_manifests && kubernetes-validate -k "$K8S_SCHEMA_VERSION" --strict "$WORK/builtin.yaml" &&
    echo "kubernetes $K8S_SCHEMA_VERSION strict: $(grep -c '^kind:' "$WORK/builtin.yaml") objects valid"
}

promtool_rules() {
  mkdir -p build && cp "$WORK/alerts.rules.yaml" build/alerts.rules.yaml &&
    promtool check rules build/alerts.rules.yaml &&
    promtool test rules tests/alerts.test.yaml
  local rc=$?
  rm -rf build
  return $rc
}

# Each strategy rendered: rolling makes no Argo Rollouts object; canary and
# blue-green a Rollout of the Deployment's template (kept at 0 replicas) that
# the HPA scales, and an AnalysisTemplate whose queries promtool accepts and
# which are the alert rules' SLO expressions (error ratio, p95 latency, slow
# shares of tokens), scoped to the new pods, against the same objectives.
rollout_objects() {
  local strategy
  for strategy in rolling canary blue-green; do
    helm template "$NAME" chart --namespace "$NAMESPACE" --values deploy/values-production.yaml \
      --set "rollout.strategy=$strategy" >"$WORK/strategy-$strategy.yaml" || return 1
  done
  "$CHECKS_VENV/bin/python" - "$WORK" "$STRATEGY" <<'EOF' || return 1
import re, sys, yaml
work, strategy = sys.argv[1:]
problems = []
def objects(path):
    return {(d["kind"], d["metadata"]["name"]): d for d in yaml.safe_load_all(open(path)) if d}
def need(ok, message):
    if not ok:
        problems.append(message)
def first(objs, kind):
    return next((d for (k, _), d in objs.items() if k == kind), None)
alerts = [r["expr"] for g in yaml.safe_load(open(f"{work}/alerts.rules.yaml"))["groups"] for r in g["rules"]]
flat = lambda text: re.sub(r"\[\d+[smhdwy]\]", "[W]", re.sub(r"\s+", "", text))
new_pods = ', rollouts_pod_template_hash="{{args.new-pods-hash}}"'
rules = []
for variant in ("rolling", "canary", "blue-green"):
    objs = objects(f"{work}/strategy-{variant}.yaml")
    kinds = {kind for kind, _ in objs}
    deployment, hpa, monitor = first(objs, "Deployment"), first(objs, "HorizontalPodAutoscaler"), first(objs, "ServiceMonitor")
    name = deployment["metadata"]["name"]
    if variant == "rolling":
        need(not kinds & {"Rollout", "AnalysisTemplate"}, f"rolling renders {sorted(kinds & {'Rollout', 'AnalysisTemplate'})}")
        need(deployment["spec"].get("replicas") != 0, "rolling: the Deployment has 0 replicas")
        need(not hpa or hpa["spec"]["scaleTargetRef"]["kind"] == "Deployment", "rolling: the HPA does not scale the Deployment")
        continue
    rollout, template = objs.get(("Rollout", name)), objs.get(("AnalysisTemplate", f"{name}-slo"))
    if not rollout or not template:
        problems.append(f"{variant}: no Rollout {name} or AnalysisTemplate {name}-slo")
        continue
    spec = rollout["spec"]
    need(spec["workloadRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": name, "scaleDown": "never"}, f"{variant}: workloadRef {spec['workloadRef']}")
    need(deployment["spec"].get("replicas") == 0, f"{variant}: the Deployment keeps replicas")
    need(spec["selector"]["matchLabels"] == deployment["spec"]["selector"]["matchLabels"], f"{variant}: the Rollout's and the Deployment's selectors differ")
    need(not hpa or hpa["spec"]["scaleTargetRef"] == {"apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "name": name}, f"{variant}: the HPA does not scale the Rollout")
    need(not monitor or "rollouts-pod-template-hash" in monitor["spec"].get("podTargetLabels", []), f"{variant}: the ServiceMonitor drops rollouts-pod-template-hash")
    if variant == "canary":
        steps = spec["strategy"]["canary"]["steps"]
        analyses = [s["analysis"] for s in steps if "analysis" in s]
        need(any("setWeight" in s for s in steps) and analyses and "pause" in steps[-1], f"canary steps {steps}")
    else:
        blue_green = spec["strategy"]["blueGreen"]
        analyses = [blue_green["postPromotionAnalysis"]]
        for service in (blue_green["activeService"], blue_green["previewService"]):
            need(("Service", service) in objs, f"blue-green: no Service {service}")
        preview = objs.get(("Service", blue_green["previewService"]), {"metadata": {"labels": {}}})
        need(not monitor or {"key": "model-service/service-role", "operator": "DoesNotExist"} in monitor["spec"]["selector"].get("matchExpressions", [])
             and "model-service/service-role" in preview["metadata"]["labels"], "blue-green: the ServiceMonitor scrapes the preview Service")
        need(isinstance(blue_green["autoPromotionEnabled"], bool), "blue-green: autoPromotionEnabled")
    for analysis in analyses:
        need(analysis["templates"] == [{"templateName": f"{name}-slo"}], f"{variant}: analysis templates {analysis['templates']}")
        need(analysis["args"] == [{"name": "new-pods-hash", "valueFrom": {"podTemplateHashValue": "Latest"}}], f"{variant}: analysis args {analysis['args']}")
    metrics = template["spec"]["metrics"]
    wanted = {"error-ratio", "latency-p95"} | ({"ttft-slow-share", "tpot-slow-share"} if "vllm:" in " ".join(alerts) else set())
    need({m["name"] for m in metrics} == wanted, f"{variant}: analysis metrics {[m['name'] for m in metrics]} != {sorted(wanted)}")
    for metric in metrics:
        query = metric["provider"]["prometheus"]["query"]
        need(new_pods in query, f"{metric['name']}: not scoped to the new pods")
        objective = re.fullmatch(r"len\(result\) > 0 && result\[0\] <= (.+)", metric["successCondition"])
        objective = objective and objective.group(1)
        need(objective and metric["failureCondition"] == f"len(result) > 0 && result[0] > {objective}", f"{metric['name']}: conditions")
        core = flat(query.replace(new_pods, ""))
        if metric["name"] == "error-ratio":  # the ratio, or 0 where there are requests but no 5xx series yet
            match = re.fullmatch(r"\((.+)\)or0\*sumby\(namespace,service\)\(rate\(.+\)\)", core)
            core = match.group(1) if match else core
        need(objective and any(core in flat(a) and flat(objective) in flat(a) for a in alerts),
             f"{variant} {metric['name']}: no alert rule has the expression {core} and the objective {objective}")
        if variant == "canary":
            rules.append({"record": f"analysis:{metric['name'].replace('-', '_')}", "expr": query.replace("{{args.new-pods-hash}}", "6b4c9d7f8")})
with open(f"{work}/analysis.rules.yaml", "w") as out:
    yaml.safe_dump({"groups": [{"name": "rollout-analysis", "rules": rules}]}, out, sort_keys=False)
if strategy != "rolling":  # staging promotes by itself
    spec = first(objects(f"{work}/staging.yaml"), "Rollout")["spec"]["strategy"]
    need(spec.get("blueGreen", {}).get("autoPromotionEnabled") is True
         or "canary" in spec and not any(s.get("pause") == {} for s in spec["canary"]["steps"]), "staging: the rollout waits for a person")
print("\n".join(problems) or f"rolling: no Rollout; canary and blue-green: Rollout of the Deployment scaled by the HPA, {len(rules)} analysis queries = the alert rules' expressions and objectives")
sys.exit(len(problems))
EOF
  promtool check rules "$WORK/analysis.rules.yaml"
}

# minReplicas = maxReplicas is a fixed count: no HPA (it could only sit at
# its maximum), no at-maximum alert or runbook, and docs that say so; the
# repository as rendered, and the chart given equal bounds by --set.
fixed_replicas() {
  helm template "$NAME" chart --namespace "$NAMESPACE" --set autoscaling.enabled=true \
    --set autoscaling.minReplicas=3 --set autoscaling.maxReplicas=3 >"$WORK/fixed.yaml" || return 1
  "$CHECKS_VENV/bin/python" - "$WORK" <<'EOF'
import pathlib, sys, yaml
work = sys.argv[1]
problems = []
def need(ok, message):
    if not ok:
        problems.append(message)
def check_release(path, fixed, count, what):
    docs = [d for d in yaml.safe_load_all(open(path)) if d]
    kinds = {d["kind"]: d for d in docs}
    workload = kinds.get("Rollout") or kinds["Deployment"]
    rules = [r.get("alert") for d in docs if d["kind"] == "PrometheusRule" for g in d["spec"]["groups"] for r in g["rules"]]
    if fixed:
        need("HorizontalPodAutoscaler" not in kinds, f"{what}: fixed replicas render an HPA")
        need(workload["spec"].get("replicas") == count, f"{what}: {workload['kind']} replicas {workload['spec'].get('replicas')} != {count}")
        need("ModelServiceHPAAtMax" not in rules, f"{what}: fixed replicas render ModelServiceHPAAtMax")
    else:
        hpa = kinds.get("HorizontalPodAutoscaler", {"spec": {}})["spec"]
        need((hpa.get("minReplicas"), hpa.get("maxReplicas")) == count, f"{what}: HPA bounds {hpa.get('minReplicas')}-{hpa.get('maxReplicas')} != {count}")
        need("replicas" not in workload["spec"], f"{what}: the {workload['kind']} the HPA scales sets replicas")
values = yaml.safe_load(open("chart/values.yaml"))
scaling = values["autoscaling"]
fixed = not scaling["enabled"] or scaling["minReplicas"] == scaling["maxReplicas"]
if fixed:
    count = scaling["minReplicas"] if scaling["enabled"] else values["replicaCount"]
else:
    count = (scaling["minReplicas"], scaling["maxReplicas"])
check_release(f"{work}/main.yaml", fixed, count, "production")
check_release(f"{work}/fixed.yaml", True, 3, "--set minReplicas=maxReplicas=3")
docs = {p: pathlib.Path(p).read_text() for p in ("docs/index.md", "docs/autoscaling.md", "docs/runbooks/index.md", "mkdocs.yml")}
runbook = pathlib.Path("docs/runbooks/model-service-hpa-at-max.md")
if fixed:
    linked = [p for p, text in docs.items() if "hpa-at-max.md)" in text or p == "mkdocs.yml" and "hpa-at-max" in text]
    need(not runbook.exists() and not linked, f"fixed replicas: the HPA-at-max runbook is still there or linked from {linked}")
    need("fixed number of replicas" in docs["docs/autoscaling.md"] and "fixed (no HPA)" in docs["docs/index.md"], "fixed replicas: the docs do not say the count is fixed")
    need(f"{count} to {count} replicas" not in " ".join(docs.values()), "fixed replicas: the docs speak of a range")
    summary = f"fixed {count} replicas: no HPA, no at-maximum alert or runbook"
else:
    need(runbook.exists() and "hpa-at-max" in docs["mkdocs.yml"], "autoscaling: no HPA-at-max runbook")
    summary = f"HPA {count[0]}-{count[1]}"
print("\n".join(problems) or f"{summary}; equal bounds by --set: no HPA, 3 replicas")
sys.exit(len(problems))
EOF
}

# Exactly one provider's configuration. (fs:delete leaves an emptied .github/
# folder behind; git does not publish empty folders.)
# Every alert: severity and service labels, summary, description and a
# runbook_url whose page exists in docs/runbooks/; the expected set of alerts.
alerts_contract() {
  "$CHECKS_VENV/bin/python" - "$WORK/alerts.rules.yaml" <<'EOF'
import pathlib, re, sys, yaml
rules = [r for g in yaml.safe_load(open(sys.argv[1]))["groups"] for r in g["rules"]]
values = yaml.safe_load(open("chart/values.yaml"))
gpu, vllm = values["gpu"]["enabled"], values["model"]["backend"] == "vllm"
scaling = values["autoscaling"]
hpa = scaling["enabled"] and scaling["minReplicas"] < scaling["maxReplicas"]
expected = {"ModelServiceAvailabilitySLOBurn", "ModelServiceHighErrorRate", "ModelServiceLatencySLOBurn",
            "ModelServicePodsNotReady", "ModelServiceCrashLooping"} | ({"ModelServiceGPUIdle"} if gpu else set())
if hpa:
    expected.add("ModelServiceHPAAtMax")
if vllm:
    expected |= {"ModelServiceTTFTSLOBurn", "ModelServiceTPOTSLOBurn", "ModelServiceKVCacheSaturated", "ModelServiceQueueGrowing"}
problems = []
names = {r["alert"] for r in rules}
if names != expected:
    problems.append(f"alerts {sorted(names)} != expected {sorted(expected)}")
for rule in rules:
    # ModelServiceTTFTSLOBurn -> model-service-ttft-slo-burn: acronyms are words.
    words = re.sub(r"(TTFT|TPOT|SLO|HPA|GPU|KV)", r"-\1-", rule["alert"])
    kebab = re.sub(r"-+", "-", re.sub(r"(?<=[a-z])(?=[A-Z])", "-", words)).strip("-").lower()
    labels, annotations = rule.get("labels", {}), rule.get("annotations", {})
    if not {"severity", "service"} <= labels.keys():
        problems.append(f"{rule['alert']}: labels {sorted(labels)}")
    if not {"summary", "description", "runbook_url"} <= annotations.keys():
        problems.append(f"{rule['alert']}: annotations {sorted(annotations)}")
    if vllm and "model_server_" in rule["expr"]:
        problems.append(f"{rule['alert']}: reads model_server_* series, which vLLM does not export")
    url = annotations.get("runbook_url", "")
    if not url.endswith(f"/runbooks/{kebab}/") or not pathlib.Path(f"docs/runbooks/{kebab}.md").is_file():
        problems.append(f"{rule['alert']}: runbook {url} (docs/runbooks/{kebab}.md)")
print("\n".join(problems) or f"{len(rules)} rules, {len(names)} alerts, every runbook page exists")
sys.exit(len(problems))
EOF
}

grafana_dashboard() {
  if ! helm template "$NAME" chart --namespace "$NAMESPACE" --show-only templates/grafana-dashboard.yaml >"$WORK/dashboard.yaml" 2>/dev/null; then
    echo "dashboard disabled (grafanaDashboard.enabled: false)"
    return 0
  fi
  "$CHECKS_VENV/bin/python" - "$WORK/dashboard.yaml" "$BACKEND" <<'EOF'
import json, re, sys, yaml
configmap = yaml.safe_load(open(sys.argv[1]))
vllm = sys.argv[2] == "vllm"
assert configmap["metadata"]["labels"].get("grafana_dashboard") == "1", "label grafana_dashboard: \"1\""
(key, text), = configmap["data"].items()
dashboard = json.loads(text)
left = re.findall(r"__[A-Z_]+__", text)
assert not left, f"placeholders left: {left}"
exprs = [t["expr"] for p in dashboard["panels"] for t in p.get("targets", [])]
if vllm:
    # The LLM figures, and none of the FastAPI server's series.
    read = " ".join(exprs)
    wanted = ["vllm:time_to_first_token_seconds_bucket", "vllm:inter_token_latency_seconds_bucket",
              "vllm:prompt_tokens_total", "vllm:generation_tokens_total", "vllm:num_requests_running",
              "vllm:num_requests_waiting", "vllm:kv_cache_usage_perc", "vllm:num_preemptions_total"]
    missing = [name for name in wanted if name not in read]
    assert not missing and "model_server_" not in read, f"vLLM dashboard: missing {missing}"
print(f"{key}: {len(dashboard['panels'])} panels, {len(exprs)} queries")
EOF
}

ci_config() {
  local workflows
  workflows="$(find .github/workflows -type f 2>/dev/null)"
  if [ -n "$workflows" ] && [ ! -e .gitlab-ci.yml ]; then
    # shellcheck disable=SC2086 # one path per line, no spaces
    actionlint $workflows && echo "actionlint: no findings in" $workflows
  elif [ -z "$workflows" ] && [ -f .gitlab-ci.yml ]; then
    check-jsonschema --builtin-schema vendor.gitlab-ci .gitlab-ci.yml
  else
    echo "expected the files of exactly one CI provider; found: ${workflows:-no workflow} $(ls .gitlab-ci.yml 2>/dev/null)"
    return 1
  fi
}

service_tests() {
  local venv
  venv="$(service_venv)" || {
    echo "could not install the locks into a venv"
    return 1
  }
  if [ -f requirements.txt ] && [ -z "${MODEL_BACKEND:-}" ]; then
    "$venv/bin/python" -m pytest -p no:cacheprovider -q
  else
    MODEL_BACKEND=stub "$venv/bin/python" -m pytest -p no:cacheprovider -q
  fi
  local rc=$?
  find . -name __pycache__ -type d -prune -exec rm -rf {} +
  return $rc
}

mkdocs_build() {
  NO_MKDOCS_2_WARNING=1 mkdocs build --strict --site-dir "$WORK/site"
}

# Every alert's runbook_url resolves to a page (and anchor) of the docs just
# built, as the portal serves them under /docs/default/component/<name>/.
runbook_links() {
  local portal
  [ -d "$WORK/site" ] || mkdocs_build >/dev/null 2>&1 || return 1
  portal="$("$CHECKS_VENV/bin/python" -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["portal"]["baseUrl"])' chart/values.yaml)"
  "$CHECKS_VENV/bin/python" "$REPO_ROOT/scripts/check-runbooks.py" --portal "$portal" \
    --site "default/component/$NAME=$WORK/site" "$WORK/alerts.rules.yaml"
}

validate() { # validate DIR: every check on one rendered repository
  OUT="$(cd "$1" && pwd)" SET="$(basename "$1")"
  WORK="$WORK_ROOT/$SET"
  mkdir -p "$WORK"
  NAME="$(sed -n 's/^name: *//p' "$OUT/chart/Chart.yaml")"
  BACKEND="$(awk '/^model:/ { m = 1; next } m && /^  backend:/ { print $2; exit }' "$OUT/chart/values.yaml")"
  NAMESPACE="$(sed -n 's#^ *backstage.io/kubernetes-namespace: *##p' "$OUT/catalog-info.yaml")"
  STRATEGY="$(awk '/^rollout:/ { r = 1; next } r && /^  strategy:/ { print $2; exit }' "$OUT/chart/values.yaml")"
  cd "$OUT" || return 1

  check templating no_template_leftovers
  check yaml yaml_parses
  check catalog-info catalog_entity
  # shellcheck disable=SC2016 # $0 expands in the inner shell
  check python-compile sh -c '"$0" -m compileall -q -x "/\\." . && echo "every .py compiles"' "$CHECKS_VENV/bin/python"
  check hadolint sh -c 'hadolint Dockerfile && echo "hadolint: no findings"'
  check helm-lint helm_lint
  check helm-template helm_render
  check helm-refuses-bad-values helm_refuses_bad_values
  check kubernetes-validate kube_validate
  if [ -n "$FAST" ]; then
    :
  elif [ -n "${MLOPS_DRY_RUN_KUBECONFIG:-}" ]; then
    check server-dry-run server_dry_run
  else
    echo "SKIP server-dry-run: set MLOPS_DRY_RUN_KUBECONFIG to a cluster with the CRDs (check-template.sh starts the sandbox for it)"
  fi
  check render-alerts env NAMESPACE="$NAMESPACE" bash scripts/render-alerts.sh "$WORK/alerts.rules.yaml"
  check promtool promtool_rules
  check rollout-objects rollout_objects
  check fixed-replicas fixed_replicas
  check alerts-contract alerts_contract
  check grafana-dashboard grafana_dashboard
  check ci-config ci_config
  check shellcheck sh -c 'shellcheck scripts/*.sh && echo "shellcheck: no findings in" scripts/*.sh'
  [ -n "$FAST" ] || check pytest service_tests
  check mkdocs mkdocs_build
  check runbook-links runbook_links
  cd "$WORK_ROOT" || return 1
}

QUIET=""
[ $# -eq 1 ] || QUIET=1
for dir in "$@"; do
  failed_before=${#FAILED[@]} ran_before=$RAN reused_before=$REUSED start="$(now)"
  validate "$dir"
  if [ -n "$QUIET" ] && [ ${#FAILED[@]} -eq "$failed_before" ]; then
    printf 'PASS %-44s %2d checks run, %2d reused, %5ss\n' "$SET" $((RAN - ran_before)) $((REUSED - reused_before)) "$(elapsed "$start")"
  fi
done

if [ ${#FAILED[@]} -gt 0 ]; then
  echo "FAILED: ${FAILED[*]}"
  exit 1
fi
echo "all checks passed ($# repositories; $RAN checks run, $REUSED reused)"
