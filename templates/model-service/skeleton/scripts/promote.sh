#!/usr/bin/env bash
# Roll a new image out with the strategy chosen in chart/values.yaml
# (rollout.strategy). canary and blue-green are run by Argo Rollouts (the
# chart's Rollout and its SLO analysis); this wraps its kubectl plugin.
#
#   scripts/promote.sh deploy TAG   helm upgrade to TAG. rolling: waits for the Deployment.
#                                   canary, blue-green: waits until the Rollout pauses for
#                                   promotion (analysis passed), is healthy, or was aborted (exit 1)
#   scripts/promote.sh wait         waits as deploy does, for a change made otherwise
#   scripts/promote.sh finish       kubectl argo rollouts promote, then waits until healthy
#   scripts/promote.sh abort        kubectl argo rollouts abort, then helm rollback
#   scripts/promote.sh status       kubectl argo rollouts get rollout (rolling: the Deployment)
#
# Environment: ENVIRONMENT (production), NAMESPACE (from catalog-info.yaml),
# VALUES (deploy/values-$ENVIRONMENT.yaml), STRATEGY (from chart/values.yaml),
# TIMEOUT for helm (10m; 25m for vLLM, whose pods load the model for
# minutes), ROLLOUT_TIMEOUT for the Rollout's steps and analysis (40m; 90m for vLLM).
set -euo pipefail

cd "$(dirname "$0")/.."
NAME="$(sed -n 's/^name: *//p' chart/Chart.yaml)"
ENVIRONMENT="${ENVIRONMENT:-production}"
NAMESPACE="${NAMESPACE:-$(sed -n 's#^ *backstage.io/kubernetes-namespace: *##p' catalog-info.yaml)}"
VALUES="${VALUES:-deploy/values-$ENVIRONMENT.yaml}"
STRATEGY="${STRATEGY:-$(awk '/^rollout:/ { r = 1; next } r && /^  strategy:/ { print $2; exit }' chart/values.yaml)}"
BACKEND="$(awk '/^model:/ { m = 1; next } m && /^  backend:/ { print $2; exit }' chart/values.yaml)"
if [ "$BACKEND" = vllm ]; then
  TIMEOUT="${TIMEOUT:-25m}"
  ROLLOUT_TIMEOUT="${ROLLOUT_TIMEOUT:-90m}"
else
  TIMEOUT="${TIMEOUT:-10m}"
  ROLLOUT_TIMEOUT="${ROLLOUT_TIMEOUT:-40m}"
fi

say() { printf '[promote] %s\n' "$*" >&2; }
die() {
  say "error: $*"
  exit 1
}

rollouts() { kubectl argo rollouts --namespace "$NAMESPACE" "$@"; }

need_plugin() {
  rollouts version >/dev/null 2>&1 ||
    die "the Argo Rollouts kubectl plugin is needed: https://argo-rollouts.readthedocs.io/en/stable/installation/#kubectl-plugin-installation"
}

minutes() { # minutes 90m -> 90 (h and s rounded to minutes)
  case "$1" in
    *h) echo $((${1%h} * 60)) ;;
    *m) echo "${1%m}" ;;
    *s) echo $(((${1%s} + 59) / 60)) ;;
    *) die "timeout '$1' is not a duration such as 40m" ;;
  esac
}

# Until the Rollout has seen the Deployment's current template and then is
# Healthy (done), Paused (waiting for `finish`: the analysis passed, or had
# no requests to judge) or Degraded (aborted, e.g. by a failed analysis).
wait_rollout() {
  local generation observed phase message deadline
  generation="$(kubectl --namespace "$NAMESPACE" get deployment "$NAME" -o jsonpath='{.metadata.generation}')"
  deadline=$((SECONDS + 60 * $(minutes "$ROLLOUT_TIMEOUT")))
  while :; do
    IFS=$'\t' read -r observed phase message < <(kubectl --namespace "$NAMESPACE" get rollout "$NAME" \
      -o jsonpath='{.status.workloadObservedGeneration}{"\t"}{.status.phase}{"\t"}{.status.message}{"\n"}')
    if [ "$observed" = "$generation" ]; then
      case "$phase" in
        Healthy)
          say "$NAME is healthy"
          return 0
          ;;
        Paused)
          say "$NAME is paused${message:+ ($message)}: check it, then scripts/promote.sh finish (or abort)"
          rollouts get rollout "$NAME" >&2 || true
          return 0
          ;;
        Degraded)
          rollouts get rollout "$NAME" >&2 || true
          die "$NAME is degraded${message:+: $message}; scripts/promote.sh abort rolls the release back"
          ;;
      esac
    fi
    [ "$SECONDS" -lt "$deadline" ] || die "$NAME did not pause or finish within $ROLLOUT_TIMEOUT (phase ${phase:-unknown})"
    sleep 10
  done
}

deploy() {
  local tag="${1:?usage: promote.sh deploy TAG}"
  [ "$STRATEGY" = rolling ] || need_plugin
  say "deploying $tag to $NAME in $NAMESPACE ($STRATEGY)"
  # canary, blue-green: the new tag changes the Deployment's template and the
  # Rollout takes it from there (Helm's --wait sees only the Deployment, which
  # keeps 0 replicas).
  helm upgrade --install "$NAME" chart --namespace "$NAMESPACE" --values "$VALUES" \
    --set "image.tag=$tag" --wait --timeout "$TIMEOUT"
  [ "$STRATEGY" = rolling ] || wait_rollout
}

finish() {
  [ "$STRATEGY" != rolling ] || {
    say "nothing to finish for a rolling update"
    return
  }
  need_plugin
  rollouts promote "$NAME"
  rollouts status "$NAME" --timeout "$ROLLOUT_TIMEOUT"
}

abort() {
  [ "$STRATEGY" != rolling ] || {
    say "nothing to abort for a rolling update: helm -n $NAMESPACE rollback $NAME"
    return
  }
  need_plugin
  rollouts abort "$NAME"
  if [ -f deploy/argocd-application.yaml ]; then
    say "traffic is back on the stable pods; revert the tag commit in deploy/values-production.yaml for Argo CD"
  else
    say "traffic is back on the stable pods; rolling the release back to the stable template"
    helm rollback "$NAME" --namespace "$NAMESPACE" --wait --timeout "$TIMEOUT"
  fi
}

status() {
  say "strategy $STRATEGY, namespace $NAMESPACE"
  helm list --namespace "$NAMESPACE" --filter "^$NAME\$"
  if [ "$STRATEGY" = rolling ]; then
    kubectl --namespace "$NAMESPACE" get deployment "$NAME" -o wide
  else
    need_plugin
    rollouts get rollout "$NAME"
  fi
}

case "${1:-}" in
  deploy) deploy "${2:-}" ;;
  wait) [ "$STRATEGY" = rolling ] || wait_rollout ;;
  finish) finish ;;
  abort) abort ;;
  status) status ;;
  *)
    sed -n '2,17p' "$0" >&2
    exit 2
    ;;
esac
