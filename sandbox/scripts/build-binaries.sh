#!/usr/bin/env bash
# Build the Kubernetes sandbox binaries once (from the Go module proxy) and
# cache them outside the clone. Prints the bin dir as the only stdout line;
# progress goes to stderr. A second run is instant ("cached").
#
#   BIN=$(sandbox/scripts/build-binaries.sh) && export PATH="$BIN:$PATH"
#   sandbox/scripts/build-binaries.sh --check   # exit 0 when all are cached
#
# Cold build times (seconds) are recorded in "$BIN/build-times.txt".
set -euo pipefail

K8S_VERSION="${K8S_VERSION:-v1.34.4}"
ETCD_VERSION="${ETCD_VERSION:-v3.6.5}"
KWOK_VERSION="${KWOK_VERSION:-v0.8.0}"
HELM_VERSION="${HELM_VERSION:-v3.22.0}"
ACTIONLINT_VERSION="${ACTIONLINT_VERSION:-v1.7.12}"
PROMETHEUS_ADAPTER_VERSION="${PROMETHEUS_ADAPTER_VERSION:-v0.12.0}"
PROMETHEUS_OPERATOR_VERSION="${PROMETHEUS_OPERATOR_VERSION:-v0.85.0}"
ARGOCD_VERSION="${ARGOCD_VERSION:-v3.2.0}"
KSERVE_VERSION="${KSERVE_VERSION:-v0.17.0}"
ARGO_ROLLOUTS_VERSION="${ARGO_ROLLOUTS_VERSION:-v1.8.5}"
KUEUE_VERSION="${KUEUE_VERSION:-v0.17.0}"
KEDA_VERSION="${KEDA_VERSION:-v2.20.0}"
TRAINING_OPERATOR_VERSION="${TRAINING_OPERATOR_VERSION:-v1.9.3}"

CACHE_ROOT="${MLOPS_CACHE_DIR:-$HOME/.cache/mlops-portal}/sandbox-bin"
BIN="$CACHE_ROOT/k8s-$K8S_VERSION-etcd-$ETCD_VERSION-kwok-$KWOK_VERSION-helm-$HELM_VERSION"
GO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../go" && pwd)"
TIMES="$BIN/build-times.txt"
BINARIES=(kube-apiserver kube-controller-manager kube-scheduler kubectl etcd
  kwok kwokctl helm actionlint prometheus-adapter rollouts-controller
  kueue-controller)
# CustomResourceDefinitions the model-service chart's objects need, as their
# projects publish them: MODULE@VERSION PATH-IN-MODULE.
CRDS=(
  "github.com/prometheus-operator/prometheus-operator@$PROMETHEUS_OPERATOR_VERSION example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml"
  "github.com/prometheus-operator/prometheus-operator@$PROMETHEUS_OPERATOR_VERSION example/prometheus-operator-crd/monitoring.coreos.com_prometheusrules.yaml"
  "github.com/argoproj/argo-cd/v3@$ARGOCD_VERSION manifests/crds/application-crd.yaml"
  # KServe's own: the simulator writes InferenceServices and their status as
  # its controller would (no KServe controller runs in the sandbox).
  "github.com/kserve/kserve@$KSERVE_VERSION config/crd/full/serving.kserve.io_inferenceservices.yaml"
  "github.com/kserve/kserve@$KSERVE_VERSION config/crd/full/serving.kserve.io_servingruntimes.yaml"
  "github.com/kserve/kserve@$KSERVE_VERSION config/crd/full/serving.kserve.io_clusterservingruntimes.yaml"
  "github.com/kserve/kserve@$KSERVE_VERSION config/crd/full/llmisvc/serving.kserve.io_llminferenceservices.yaml"
  # Argo Rollouts': the chart's Rollout and AnalysisTemplate (canary and
  # blue-green), and the AnalysisRuns and Experiments its controller makes.
  "github.com/argoproj/argo-rollouts@$ARGO_ROLLOUTS_VERSION manifests/crds/rollout-crd.yaml"
  "github.com/argoproj/argo-rollouts@$ARGO_ROLLOUTS_VERSION manifests/crds/analysis-template-crd.yaml"
  "github.com/argoproj/argo-rollouts@$ARGO_ROLLOUTS_VERSION manifests/crds/cluster-analysis-template-crd.yaml"
  "github.com/argoproj/argo-rollouts@$ARGO_ROLLOUTS_VERSION manifests/crds/analysis-run-crd.yaml"
  "github.com/argoproj/argo-rollouts@$ARGO_ROLLOUTS_VERSION manifests/crds/experiment-crd.yaml"
  # Kueue's, all of them: its manager watches each kind (MultiKueue, Topology,
  # ...) and will not start without them.
  "sigs.k8s.io/kueue@$KUEUE_VERSION config/components/crd/bases/kueue.x-k8s.io_admissionchecks.yaml"
  "sigs.k8s.io/kueue@$KUEUE_VERSION config/components/crd/bases/kueue.x-k8s.io_clusterqueues.yaml"
  "sigs.k8s.io/kueue@$KUEUE_VERSION config/components/crd/bases/kueue.x-k8s.io_cohorts.yaml"
  "sigs.k8s.io/kueue@$KUEUE_VERSION config/components/crd/bases/kueue.x-k8s.io_localqueues.yaml"
  "sigs.k8s.io/kueue@$KUEUE_VERSION config/components/crd/bases/kueue.x-k8s.io_multikueueclusters.yaml"
  "sigs.k8s.io/kueue@$KUEUE_VERSION config/components/crd/bases/kueue.x-k8s.io_multikueueconfigs.yaml"
  "sigs.k8s.io/kueue@$KUEUE_VERSION config/components/crd/bases/kueue.x-k8s.io_provisioningrequestconfigs.yaml"
  "sigs.k8s.io/kueue@$KUEUE_VERSION config/components/crd/bases/kueue.x-k8s.io_resourceflavors.yaml"
  "sigs.k8s.io/kueue@$KUEUE_VERSION config/components/crd/bases/kueue.x-k8s.io_topologies.yaml"
  "sigs.k8s.io/kueue@$KUEUE_VERSION config/components/crd/bases/kueue.x-k8s.io_workloadpriorityclasses.yaml"
  "sigs.k8s.io/kueue@$KUEUE_VERSION config/components/crd/bases/kueue.x-k8s.io_workloads.yaml"
  # KEDA's: no KEDA operator runs in the sandbox (it would cost a build of
  # 2,271 packages, sandbox/README.md "KEDA"); the simulator writes the
  # ScaledObject's HPA and status as the operator would.
  "github.com/kedacore/keda/v2@$KEDA_VERSION config/crd/bases/keda.sh_scaledobjects.yaml"
  "github.com/kedacore/keda/v2@$KEDA_VERSION config/crd/bases/keda.sh_scaledjobs.yaml"
  "github.com/kedacore/keda/v2@$KEDA_VERSION config/crd/bases/keda.sh_triggerauthentications.yaml"
  "github.com/kedacore/keda/v2@$KEDA_VERSION config/crd/bases/keda.sh_clustertriggerauthentications.yaml"
  # Kubeflow Training Operator's PyTorchJob: no operator runs in the sandbox;
  # the simulator makes the pods and writes the status as it would.
  "github.com/kubeflow/training-operator@$TRAINING_OPERATOR_VERSION manifests/base/crds/kubeflow.org_pytorchjobs.yaml"
)

log() { printf '[build-binaries] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

all_cached() {
  local b
  for b in "${BINARIES[@]}"; do [[ -x "$BIN/$b" ]] || return 1; done
  for b in "${CRDS[@]}"; do [[ -s "$BIN/crds/${b##*/}" ]] || return 1; done
}

# module_dir DIR MODULE[@VERSION]: downloads the module (in DIR's module, the
# version its go.mod requires) and prints its folder in the module cache.
module_dir() {
  local json dir
  json="$(cd "$1" && GOFLAGS="$(go env GOFLAGS) -mod=mod" go mod download -json "$2" 2>&1)" || {
    echo "cannot download $2 from the Go module proxy ($(sed -n 's/^[[:space:]]*"Error": "\(.*\)",*$/\1/p' <<<"$json" | head -n 1))" >&2
    return 1
  }
  dir="$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p' <<<"$json")"
  [[ -d "$dir" ]] || { echo "go mod download $2 named no folder" >&2; return 1; }
  echo "$dir"
}

# fetch_crds: copy each CRD file out of its Go module (the proxy serves the
# projects' release sources) into $BIN/crds.
fetch_crds() {
  local entry module file dir
  mkdir -p "$BIN/crds"
  for entry in "${CRDS[@]}"; do
    module="${entry%% *}" file="${entry#* }"
    if [[ -s "$BIN/crds/${file##*/}" ]]; then log "cached   crds/${file##*/}"; continue; fi
    log "fetching crds/${file##*/} from $module ..."
    dir="$(module_dir "$TMP" "$module")" || die "its CRD ${file##*/} is needed"
    [[ -s "$dir/$file" ]] || die "$module has no $file (go mod download $module)"
    cp "$dir/$file" "$BIN/crds/${file##*/}.tmp" && chmod 644 "$BIN/crds/${file##*/}.tmp" && mv -f "$BIN/crds/${file##*/}.tmp" "$BIN/crds/${file##*/}"
  done
}

find_go() {
  command -v go >/dev/null 2>&1 || PATH="$PATH:/usr/local/go/bin"
  command -v go >/dev/null 2>&1 || die "go not found: install Go 1.24+ (https://go.dev/dl) or add it to PATH"
  export GOTOOLCHAIN=local
  local v minor; v="$(go env GOVERSION)"; v="${v#go}"
  minor="$(cut -d. -f2 <<<"$v")"; minor="${minor%%[!0-9]*}"
  [[ "${v%%.*}" -gt 1 || "${minor:-0}" -ge 24 ]] ||
    die "go $v is too old: Kubernetes $K8S_VERSION needs Go 1.24+"
}

# The wrapper modules pin exact versions; refuse to build a mismatched cache.
check_pin() { # check_pin DIR MODULE VERSION
  grep -q "^require $2 $3\$" "$GO_DIR/$1/go.mod" ||
    die "$GO_DIR/$1/go.mod does not require $2 $3: update it and run 'go mod tidy' there"
}

k8s_ldflags() {
  local v="${K8S_VERSION#v}" pkg out=""
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    out+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=${v%%.*}"
    out+=" -X $pkg.gitMinor=$(cut -d. -f2 <<<"$v") -X $pkg.gitTreeState=clean"
  done
  echo "${out# }"
}

# Like helm's Makefile: real version; default .Capabilities = the sandbox k8s.
helm_ldflags() {
  local p minor; minor="$(cut -d. -f2 <<<"$K8S_VERSION")"
  printf -- '-X helm.sh/helm/v3/internal/version.version=%s' "$HELM_VERSION"
  for p in pkg/lint/rules pkg/chartutil; do
    printf -- ' -X helm.sh/helm/v3/%s.k8sVersionMajor=1' "$p"
    printf -- ' -X helm.sh/helm/v3/%s.k8sVersionMinor=%s' "$p" "$minor"
  done
}

# go_build MODULE_DIR PKG [LDFLAGS [FLAG]]: build PKG inside a wrapper module into $OUT.
go_build() {
  (cd "$GO_DIR/$1" && GOFLAGS="$(go env GOFLAGS) -mod=mod" \
    go build -ldflags "${3:-}" ${4:+"$4"} -o "$OUT" "$2")
}

# go_inst PKG@VERSION [LDFLAGS]: `go install` into a temp GOBIN, then to $OUT.
go_inst() {
  local gobin="$TMP/gobin" pkg="${1%@*}"
  rm -rf "$gobin" &&
    (cd "$TMP" && GOBIN="$gobin" go install -ldflags "${2:-}" "$1") &&
    mv "$gobin/${pkg##*/}" "$OUT"
}

# Like Argo Rollouts' Makefile minus the git metadata a module zip lacks, so
# `rollouts-controller version` prints "v<version>+unknown".
argo_rollouts_ldflags() {
  local p=github.com/argoproj/argo-rollouts/utils/version
  printf -- '-X %s.version=%s -X %s.gitTreeState=clean' "$p" "${ARGO_ROLLOUTS_VERSION#v}" "$p"
}

# The controller binds its metrics and healthz ports on every interface
# (`listenAddr = "0.0.0.0:%d"`, a constant without a flag); the sandbox keeps
# everything on loopback. Go refuses overlays of files in the module cache, so
# the build uses a copy of the module with that one line changed, through a
# go.mod of its own (-modfile) that replaces the module with the copy.
# Prints the -modfile flag.
argo_rollouts_patched() {
  local mod=github.com/argoproj/argo-rollouts src copy="$TMP/argo-rollouts-src" wrapper="$GO_DIR/argo-rollouts"
  src="$(module_dir "$wrapper" "$mod")" || return 1
  cp -r "$src" "$copy" && chmod -R u+w "$copy" || return 1
  sed -i 's|listenAddr *= "0.0.0.0:%d"|listenAddr = "127.0.0.1:%d"|' "$copy/controller/controller.go"
  grep -q 'listenAddr = "127.0.0.1:%d"' "$copy/controller/controller.go" ||
    die "argo-rollouts $ARGO_ROLLOUTS_VERSION: listenAddr not found in controller/controller.go"
  cp "$wrapper/go.mod" "$TMP/argo.mod" && cp "$wrapper/go.sum" "$TMP/argo.sum" &&
    (cd "$wrapper" && go mod edit -modfile="$TMP/argo.mod" -replace "$mod=$copy") &&
    echo "-modfile=$TMP/argo.mod"
}

# Kueue's listen addresses all come from its Configuration file, but without
# its internal certificate management (which needs webhook configurations the
# sandbox does not register) it reads the metrics and visibility servers'
# certificates from fixed paths (/etc/kueue/metrics/certs, /visibility).
# Built inside a copy of its module with both pointed at the webhook's
# certDir, which the sandbox fills.
kueue_build() {
  local mod="sigs.k8s.io/kueue@$KUEUE_VERSION" src copy="$TMP/kueue-src"
  src="$(module_dir "$TMP" "$mod")" || die "kueue $KUEUE_VERSION is needed"
  cp -r "$src" "$copy" && chmod -R u+w "$copy" || return 1
  sed -i 's|metricsCertPath := "/etc/kueue/metrics/certs"|metricsCertPath := cfg.Webhook.CertDir|' "$copy/cmd/kueue/main.go"
  sed -i 's|= certDir + "/tls\.|= cfg.Webhook.CertDir + "/tls.|' "$copy/pkg/visibility/server.go"
  if ! grep -q 'metricsCertPath := cfg.Webhook.CertDir' "$copy/cmd/kueue/main.go" ||
    [[ "$(grep -c 'cfg.Webhook.CertDir + "/tls' "$copy/pkg/visibility/server.go")" -ne 2 ]]; then
    die "kueue $KUEUE_VERSION: the certificate paths to patch were not found"
  fi
  (cd "$copy" && go build -ldflags "-X sigs.k8s.io/kueue/pkg/version.GitVersion=$KUEUE_VERSION" \
    -o "$OUT" ./cmd/kueue)
}

# Progress: which binary, n of m, and the time since this run began.
BUILD_N=0
progress() { printf '%s/%s, %s elapsed' "$BUILD_N" "${#BINARIES[@]}" "$(mmss $((SECONDS - RUN_START)))"; }
mmss() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

heartbeat() { # heartbeat NAME START: periodic progress while a build runs
  local s; trap 'kill "$s" 2>/dev/null; exit 0' TERM
  exec >/dev/null
  while :; do
    sleep 30 & s=$!; wait "$s"
    log "  ... $1 still building: $(mmss $(($(date +%s) - $2))) ($(progress))"
  done
}

# build NAME CMD...: run CMD (which writes $OUT), time it, move it into place.
build() {
  local name="$1" start hb rc=0; shift
  BUILD_N=$((BUILD_N + 1))
  if [[ -x "$BIN/$name" ]]; then log "cached   $name ($(progress))"; return; fi
  OUT="$TMP/$name"; start=$(date +%s)
  log "building $name ($(progress)) ..."
  heartbeat "$name" "$start" &
  hb=$!
  "$@" >&2 || rc=$?
  kill "$hb" 2>/dev/null; wait "$hb" 2>/dev/null || true
  [[ $rc -eq 0 && -x "$OUT" ]] || die "building $name failed (exit $rc); see output above"
  local secs=$(($(date +%s) - start))
  mv -f "$OUT" "$BIN/$name"
  { grep -v "^$name " "$TIMES" 2>/dev/null || true; echo "$name $secs"; } >"$TIMES.tmp"
  mv -f "$TIMES.tmp" "$TIMES"
  log "built    $name in $(mmss "$secs") ($(progress))"
}

check_version() { # check_version NAME ARGS...: output must mention $K8S_VERSION
  local out; out="$("$BIN/$1" "${@:2}" 2>&1)" || true # no `| grep -q`: SIGPIPE+pipefail
  [[ "$out" == *"$K8S_VERSION"* ]] ||
    die "$1 does not report $K8S_VERSION (ldflags missing?); delete $BIN/$1 and rerun"
}

main() {
  if [[ "${1:-}" == --check ]]; then all_cached; return; fi
  if all_cached; then log "cached: $BIN"; echo "$BIN"; return; fi
  find_go
  check_pin k8s k8s.io/kubernetes "$K8S_VERSION"
  check_pin etcd go.etcd.io/etcd/server/v3 "$ETCD_VERSION"
  check_pin prometheus-adapter sigs.k8s.io/prometheus-adapter "$PROMETHEUS_ADAPTER_VERSION"
  check_pin argo-rollouts github.com/argoproj/argo-rollouts "$ARGO_ROLLOUTS_VERSION"
  mkdir -p "$BIN"
  exec 9>"$BIN/.lock"
  if flock 9 2>/dev/null; then rm -rf "$BIN"/.tmp.*; fi # serialise runs, drop stale temps
  TMP="$(mktemp -d "$BIN/.tmp.XXXXXX")"
  trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$TMP"' EXIT
  local k8s_ld; k8s_ld="$(k8s_ldflags)"
  RUN_START=$SECONDS
  log "bin dir: $BIN ($(nproc 2>/dev/null || echo '?') cores)"
  log "building ${#BINARIES[@]} binaries with Go, once: ~25-30 min cold on 2 cores (kube-apiserver ~5 min, rollouts-controller ~12, kueue-controller ~?); a line every 30 s"

  local c
  for c in kube-apiserver kube-controller-manager kube-scheduler kubectl; do
    build "$c" go_build k8s "k8s.io/kubernetes/cmd/$c" "$k8s_ld"
  done
  build etcd go_build etcd go.etcd.io/etcd/server/v3
  build kwok go_inst "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
  build kwokctl go_inst "sigs.k8s.io/kwok/cmd/kwokctl@$KWOK_VERSION"
  build helm go_inst "helm.sh/helm/v3/cmd/helm@$HELM_VERSION" "$(helm_ldflags)"
  build actionlint go_inst "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"
  # Wrapper module: `go install ...@version` needs the proxy's @v/list (403 here).
  build prometheus-adapter go_build prometheus-adapter sigs.k8s.io/prometheus-adapter/cmd/adapter
  # Wrapper module: its go.mod has replace directives, which `go install` refuses.
  if [[ ! -x "$BIN/rollouts-controller" ]]; then
    local patched; patched="$(argo_rollouts_patched)" || die "could not prepare the patched argo-rollouts module"
  fi
  build rollouts-controller go_build argo-rollouts \
    github.com/argoproj/argo-rollouts/cmd/rollouts-controller "$(argo_rollouts_ldflags)" "${patched:-}"
  build kueue-controller kueue_build
  fetch_crds

  check_version kube-apiserver --version
  check_version kubectl version --client
  log "done in $(mmss $((SECONDS - RUN_START))): $BIN"
  echo "$BIN"
}

main "$@"
