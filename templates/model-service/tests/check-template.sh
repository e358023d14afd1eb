#!/usr/bin/env bash
# Runs the template through the scaffolder's dry-run API of a real backend
# for every parameter set in params/ and validates each repository it returns
# (validate-output.sh), then checks that bad input is refused with HTTP 400
# and a message, and that nothing is written. Exits non-zero on any failure.
#
#   templates/model-service/tests/check-template.sh [OUT_ROOT]
#
# Starts the backend from source (app-config.check.yaml: loopback, SQLite in
# a scratch folder, a static token) and stops it at the end, unless
# MLOPS_SCAFFOLDER_URL and MLOPS_SCAFFOLDER_TOKEN name one already running.
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../../../scripts/lib/common.sh
. "$HERE/../../../scripts/lib/common.sh"
# shellcheck source=../../../scripts/lib/node.sh
. "$REPO_ROOT/scripts/lib/node.sh"
# shellcheck source=../../../scripts/lib/backend.sh
. "$REPO_ROOT/scripts/lib/backend.sh"
ensure_node >/dev/null 2>&1 || die "Node.js 22 is needed (scripts/lib/node.sh)"

OUT_ROOT="${1:-$(mktemp -d /tmp/model-service-out.XXXXXX)}"
mkdir -p "$OUT_ROOT"
FAILED=()
started_all="$(now)"

if [ -z "${MLOPS_SCAFFOLDER_URL:-}" ]; then
  export MLOPS_CHECK_WORK_DIR MLOPS_CHECK_PORT MLOPS_CHECK_BASE_URL MLOPS_CHECK_API_TOKEN
  MLOPS_CHECK_WORK_DIR="$(mktemp -d /tmp/mlops-template-check.XXXXXX)"
  MLOPS_CHECK_PORT="$(free_port)"
  MLOPS_CHECK_BASE_URL="http://127.0.0.1:$MLOPS_CHECK_PORT"
  MLOPS_CHECK_API_TOKEN="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
  trap 'stop_test_backend; rm -rf "$MLOPS_CHECK_WORK_DIR"' EXIT
  trap 'exit 130' INT TERM
  step "Starting the backend for the dry-runs on $MLOPS_CHECK_BASE_URL (log: $OUT_ROOT/backend.log)"
  start_test_backend "$MLOPS_CHECK_BASE_URL" "$OUT_ROOT/backend.log" templates/model-service/tests/app-config.check.yaml
  info "ready in ${TEST_BACKEND_READY_SECONDS} s"
  export MLOPS_SCAFFOLDER_URL="$MLOPS_CHECK_BASE_URL" MLOPS_SCAFFOLDER_TOKEN="$MLOPS_CHECK_API_TOKEN"
fi

# A sandbox (kube-apiserver with the chart's CRDs) for the server-side dry-runs.
if [ -z "${MLOPS_DRY_RUN_KUBECONFIG:-}" ]; then
  export MLOPS_SANDBOX_PORT_BASE="${MLOPS_CHECK_SANDBOX_PORT_BASE:-27440}"
  export MLOPS_SANDBOX_DIR
  MLOPS_SANDBOX_DIR="$(mktemp -d /tmp/mlops-template-sandbox.XXXXXX)"
  trap '"$REPO_ROOT/sandbox/bin/sandbox" down >/dev/null 2>&1; rm -rf "$MLOPS_SANDBOX_DIR"; stop_test_backend; rm -rf "${MLOPS_CHECK_WORK_DIR:-}"' EXIT
  step "Starting a sandbox for the server-side dry-runs (port base $MLOPS_SANDBOX_PORT_BASE)"
  MLOPS_SANDBOX_MLFLOW=0 "$REPO_ROOT/sandbox/bin/sandbox" up >"$OUT_ROOT/sandbox-up.log" 2>&1 ||
    { tail -n 20 "$OUT_ROOT/sandbox-up.log" >&2; die "sandbox up failed (log: $OUT_ROOT/sandbox-up.log)"; }
  export MLOPS_DRY_RUN_KUBECONFIG="$MLOPS_SANDBOX_DIR/clusters/sandbox-east/kubeconfig"
  info "sandbox-east: $(grep -o 'https://127.0.0.1:[0-9]*' "$OUT_ROOT/sandbox-up.log" | head -n 1)"
fi

dry_run() { node "$HERE/dry-run.mjs" "$@"; }
REUSE_DIR="$OUT_ROOT/passed-checks"
rm -rf "$REUSE_DIR"

# The named parameter sets: every check, slow ones included (the service's
# pytest in a venv, the server-side dry-run). Together they use every value
# of every matrix dimension.
for params in "$HERE"/params/*.json; do
  set_name="$(basename "$params" .json)"
  step "$set_name"
  start="$(now)"
  rm -rf "${OUT_ROOT:?}/$set_name"
  if dry_run "$params" "$OUT_ROOT/$set_name" >"$OUT_ROOT/$set_name.dry-run.log" 2>&1; then
    info "scaffolded in $(elapsed "$start") s into $OUT_ROOT/$set_name: $(head -n 1 "$OUT_ROOT/$set_name.dry-run.log")"
  else
    cat "$OUT_ROOT/$set_name.dry-run.log" >&2
    FAILED+=("$set_name: dry-run")
    continue
  fi
  start="$(now)"
  "$HERE/validate-output.sh" --reuse "$REUSE_DIR" "$OUT_ROOT/$set_name" || FAILED+=("$set_name: validate")
  info "validated in $(elapsed "$start") s"
done
python3 "$HERE/matrix.py" covers "$HERE"/params/*.json || FAILED+=("named sets: coverage")

# The matrix: every combination of framework, compute (CPU or each GPU
# type), CI provider, rollout strategy and Argo CD through the dry-run API
# and the fast checks; checks whose files an earlier set already passed
# with are not run again.
step "Template matrix: every combination the form allows, dry-run and fast checks"
MATRIX="$OUT_ROOT/matrix"
rm -rf "$MATRIX"
mkdir -p "$MATRIX/params" "$MATRIX/out"
matrix_size="$(python3 "$HERE/matrix.py" write "$HERE/params/cpu-onnx-gitlab-argocd.json" "$MATRIX/params")"
start="$(now)"
# shellcheck disable=SC2016 # expanded by the inner shell
find "$MATRIX/params" -name '*.json' -print0 | sort -z |
  xargs -0 -P 2 -I{} sh -c 'set="$(basename "$1" .json)"; node "$2" "$1" "$3/out/$set" >"$3/out/$set.log" 2>&1 || echo "$set"' _ {} "$HERE/dry-run.mjs" "$MATRIX" >"$MATRIX/dry-run-failed.txt"
dry_run_failed="$(wc -l <"$MATRIX/dry-run-failed.txt")"
info "$((matrix_size - dry_run_failed)) of $matrix_size combinations scaffolded in $(elapsed "$start") s"
while read -r set_name; do
  cat "$MATRIX/out/$set_name.log" >&2
  FAILED+=("matrix $set_name: dry-run")
done <"$MATRIX/dry-run-failed.txt"
start="$(now)"
mapfile -t scaffolded < <(find "$MATRIX/out" -mindepth 1 -maxdepth 1 -type d | sort)
# Workers take every n-th repository; they share what passed.
workers="${MLOPS_TEMPLATE_MATRIX_WORKERS:-2}" pids=()
for ((w = 0; w < workers; w++)); do
  share=()
  for ((i = w; i < ${#scaffolded[@]}; i += workers)); do share+=("${scaffolded[i]}"); done
  "$HERE/validate-output.sh" --fast --reuse "$REUSE_DIR" "${share[@]}" >"$MATRIX/validate-$w.log" 2>&1 &
  pids+=($!)
done
wait "${pids[@]}"
cat "$MATRIX"/validate-*.log | grep -v '^all checks passed\|^FAILED' | grep -v '^\[build-binaries\]'
matrix_failed="$(cat "$MATRIX"/validate-*.log | grep -c '^FAIL ')"
failed_sets="$(cat "$MATRIX"/validate-*.log | grep '^FAIL ' | awk '{ print $NF }' | sort -u | wc -l)"
matrix_passed=$((${#scaffolded[@]} - failed_sets))
[ "$matrix_failed" -eq 0 ] || FAILED+=("matrix: $matrix_failed checks")
checks_run="$(cat "$MATRIX"/validate-*.log | awk '/^PASS .* checks run/ { run += $3; reused += $6 } END { print run " checks run, " reused " reused" }')"
MATRIX_SUMMARY="template matrix: $matrix_passed of $matrix_size combinations passed (dry-run and fast checks in $(elapsed "$start") s, $workers workers; $checks_run from identical files)"
info "$MATRIX_SUMMARY"

# refuse NAME 'JSON object merged into the CPU parameter set' 'expected message'
refuse() {
  local name="$1" patch="$2" expected="$3" file="$OUT_ROOT/refuse-$1.json" out
  python3 -c 'import json, sys; p = json.load(open(sys.argv[1])); p.update(json.loads(sys.argv[2])); json.dump(p, open(sys.argv[3], "w"))' \
    "$HERE/params/cpu-sklearn-github.json" "$patch" "$file"
  rm -rf "${OUT_ROOT:?}/refuse-$name"
  if out="$(dry_run "$file" "$OUT_ROOT/refuse-$name" 2>&1)"; then
    echo "FAIL refuse $name: scaffolded"
    FAILED+=("refuse $name")
  elif ! grep -q "HTTP 400" <<<"$out" || ! grep -qF "$expected" <<<"$out" || [ -e "$OUT_ROOT/refuse-$name" ]; then
    echo "FAIL refuse $name: $out"
    FAILED+=("refuse $name")
  else
    echo "PASS refuse $name: $(grep -F "$expected" <<<"$out" | head -n 1 | sed 's/^ *//' | cut -c1-140)"
  fi
}
step "bad input is refused with HTTP 400 and a message, nothing written"
refuse uppercase-name '{"name": "Fraud-Scorer"}' 'instance.name does not match pattern'
refuse path-in-name '{"name": "../x"}' 'instance.name does not match pattern'
# shellcheck disable=SC2016 # the $(id) is the point
refuse shell-in-name '{"name": "svc-$(id)"}' 'instance.name does not match pattern'
refuse yaml-in-name '{"name": "svc: {a: b}"}' 'instance.name does not match pattern'
refuse 300-char-name "{\"name\": \"$(printf 'a%.0s' {1..300})\"}" 'instance.name does not meet maximum length of 40'
# shellcheck disable=SC2016 # a backtick, not a command
refuse backtick-in-description '{"description": "a `code` word"}' 'instance.description does not match pattern'
refuse newline-in-description '{"description": "two\nlines"}' 'instance.description does not match pattern'
refuse repo-url-injection '{"repoUrl": "github.com?owner=a&repo=b;rm"}' 'instance.repoUrl does not match pattern'
refuse host-mismatch '{"ciProvider": "gitlab-ci"}' 'instance.ciProvider does not exactly match expected constant: github-actions'
refuse gpu-count-zero '{"compute": "gpu", "gpuType": "NVIDIA-L4", "gpuCount": 0}' 'instance.gpuCount must be greater than or equal to 1'
refuse gpu-without-type '{"compute": "gpu", "gpuCount": 1}' 'instance requires property "gpuType"'
refuse max-below-min '{"minReplicas": 5, "maxReplicas": 3}' 'InputError: Invalid model service: maxReplicas (3) must be greater than or equal to minReplicas (5)'
LLM='"framework": "vllm", "llmModel": "Qwen/Qwen2.5-7B-Instruct", "ttftP95Ms": 500, "tpotP95Ms": 50'
L4='"compute": "gpu", "gpuType": "NVIDIA-L4", "gpuCount": 1'
refuse vllm-on-cpu "{$LLM, \"compute\": \"cpu\"}" 'instance.compute does not exactly match expected constant: gpu'
refuse vllm-without-ttft "{$L4, \"framework\": \"vllm\", \"llmModel\": \"Qwen/Qwen2.5-7B-Instruct\", \"tpotP95Ms\": 50}" 'instance requires property "ttftP95Ms"'
refuse ttft-not-a-bucket "{$L4, $LLM, \"ttftP95Ms\": 600}" 'instance.ttftP95Ms is not one of enum values'
refuse tpot-not-a-bucket "{$L4, $LLM, \"tpotP95Ms\": 60}" 'instance.tpotP95Ms is not one of enum values'
refuse llm-model-path-escape "{$L4, $LLM, \"llmModel\": \"/models/../etc\"}" 'instance.llmModel does not match pattern'
refuse llm-model-shell "{$L4, $LLM, \"llmModel\": \"Qwen/Qwen2.5;id\"}" 'instance.llmModel does not match pattern'

info "all template checks took $(elapsed "$started_all") s"
if [ ${#FAILED[@]} -gt 0 ]; then
  echo "FAILED: ${FAILED[*]}"
  echo "${MATRIX_SUMMARY:-template matrix: not run}"
  exit 1
fi
echo "template checks passed (outputs in $OUT_ROOT); ${MATRIX_SUMMARY:-template matrix: not run}"
