#!/usr/bin/env bash
# Roll a new image out with the strategy chosen in chart/values.yaml
# (rollout.strategy), using helm and kubectl only.
#
#   scripts/promote.sh deploy TAG   rolling: upgrade the release to TAG
#                                   canary: start release <name>-canary with TAG beside the stable one
#                                   blue-green: deploy TAG to the idle colour, no traffic yet
#   scripts/promote.sh finish       canary: move the stable release to the canary's tag, remove the canary
#                                   blue-green: switch the Service to the idle colour
#   scripts/promote.sh abort        canary: remove the canary release
#   scripts/promote.sh status       releases, tracks, images and where the Service points
#
# Canary: the Service selects pods by app.kubernetes.io/name only, so the
# canary's pods (CANARY_REPLICAS, default 1) take their share of requests.
# Blue-green: release <name> runs the blue track and owns the Service,
# release <name>-green the green one; the Service selects one track.
#
# Environment: ENVIRONMENT (production), NAMESPACE (from catalog-info.yaml),
# VALUES (deploy/values-$ENVIRONMENT.yaml), STRATEGY (from chart/values.yaml),
# CANARY_REPLICAS (1), TIMEOUT (10m; 25m for vLLM, whose pods load the model
# for minutes).
set -euo pipefail

cd "$(dirname "$0")/.."
NAME="$(sed -n 's/^name: *//p' chart/Chart.yaml)"
ENVIRONMENT="${ENVIRONMENT:-production}"
NAMESPACE="${NAMESPACE:-$(sed -n 's#^ *backstage.io/kubernetes-namespace: *##p' catalog-info.yaml)}"
VALUES="${VALUES:-deploy/values-$ENVIRONMENT.yaml}"
STRATEGY="${STRATEGY:-$(awk '/^rollout:/ { r = 1; next } r && /^  strategy:/ { print $2; exit }' chart/values.yaml)}"
BACKEND="$(awk '/^model:/ { m = 1; next } m && /^  backend:/ { print $2; exit }' chart/values.yaml)"
CANARY_REPLICAS="${CANARY_REPLICAS:-1}"
CANARY="namespace=\"$NAMESPACE\", service=\"$NAME\", pod=~\"$NAME-canary-.*\""
if [ "$BACKEND" = vllm ]; then
  TIMEOUT="${TIMEOUT:-25m}"
  PORT=8000
  REQUESTS="http_requests_total{$CANARY, handler=~\"/v1/.*\"}"
  FAILED="http_requests_total{$CANARY, handler=~\"/v1/.*\", status=\"5xx\"}"
else
  TIMEOUT="${TIMEOUT:-10m}"
  PORT=8080
  REQUESTS="model_server_requests_total{$CANARY}"
  FAILED="model_server_requests_total{$CANARY, code=~\"5..\"}"
fi

say() { printf '[promote] %s\n' "$*" >&2; }
die() {
  say "error: $*"
  exit 1
}

helm_release() { # helm_release RELEASE TAG [--set ...]
  local release="$1" tag="$2"
  shift 2
  helm upgrade --install "$release" chart --namespace "$NAMESPACE" --values "$VALUES" \
    --set "image.tag=$tag" "$@" --wait --timeout "$TIMEOUT"
}

# A second release of the chart beside the main one: no Service, alerts or
# dashboard of its own, and the main release's ServiceAccount.
SECONDARY=(--set service.enabled=false --set metrics.prometheusRule.enabled=false
  --set grafanaDashboard.enabled=false --set serviceAccount.create=false
  --set "serviceAccount.name=$NAME")

exists() { helm status "$1" --namespace "$NAMESPACE" >/dev/null 2>&1; }

image_tag() { # image_tag DEPLOYMENT
  local image
  image="$(kubectl --namespace "$NAMESPACE" get deployment "$1" \
    -o go-template='{{ (index .spec.template.spec.containers 0).image }}')"
  echo "${image##*:}"
}

active_track() {
  kubectl --namespace "$NAMESPACE" get service "$NAME" \
    -o go-template='{{ index .spec.selector "model-service/track" }}'
}

release_of() { [ "$1" = blue ] && echo "$NAME" || echo "$NAME-green"; }
other() { [ "$1" = blue ] && echo green || echo blue; }

deploy() {
  local tag="${1:?usage: promote.sh deploy TAG}"
  if ! exists "$NAME"; then
    say "first install of $NAME with $tag"
    helm_release "$NAME" "$tag"
    return
  fi
  case "$STRATEGY" in
    rolling)
      helm_release "$NAME" "$tag"
      ;;
    canary)
      say "starting $NAME-canary with $tag ($CANARY_REPLICAS pod(s))"
      helm_release "$NAME-canary" "$tag" "${SECONDARY[@]}" --set rollout.track=canary \
        --set autoscaling.enabled=false --set "replicaCount=$CANARY_REPLICAS"
      say "compare the canary's error ratio with the stable pods', e.g.:"
      say "  sum(rate(${FAILED}[5m]))"
      say "    / sum(rate(${REQUESTS}[5m]))"
      say "then run: scripts/promote.sh finish (or abort)"
      ;;
    blue-green)
      local active idle
      active="$(active_track)"
      idle="$(other "$active")"
      say "deploying $tag to the idle $idle track (traffic stays on $active)"
      if [ "$idle" = blue ]; then
        helm_release "$NAME" "$tag" --set rollout.track=blue --set "service.activeTrack=$active"
      else
        helm_release "$NAME-green" "$tag" "${SECONDARY[@]}" --set rollout.track=green
      fi
      say "check it without traffic: kubectl -n $NAMESPACE port-forward deployment/$(release_of "$idle") $PORT:$PORT"
      say "then run: scripts/promote.sh finish"
      ;;
    *) die "unknown rollout.strategy '$STRATEGY'" ;;
  esac
}

finish() {
  case "$STRATEGY" in
    rolling) say "nothing to finish for a rolling update" ;;
    canary)
      exists "$NAME-canary" || die "no canary release $NAME-canary to promote"
      local tag
      tag="$(image_tag "$NAME-canary")"
      say "promoting $tag to $NAME"
      helm_release "$NAME" "$tag"
      helm uninstall "$NAME-canary" --namespace "$NAMESPACE" --wait
      ;;
    blue-green)
      local active idle
      active="$(active_track)"
      idle="$(other "$active")"
      kubectl --namespace "$NAMESPACE" rollout status "deployment/$(release_of "$idle")" --timeout "$TIMEOUT"
      say "switching the Service from $active to $idle"
      helm upgrade "$NAME" chart --namespace "$NAMESPACE" --reset-then-reuse-values \
        --set "service.activeTrack=$idle" --wait --timeout "$TIMEOUT"
      say "done; to go back: scripts/promote.sh finish again"
      ;;
    *) die "unknown rollout.strategy '$STRATEGY'" ;;
  esac
}

abort() {
  case "$STRATEGY" in
    canary)
      helm uninstall "$NAME-canary" --namespace "$NAMESPACE" --wait
      ;;
    *) say "nothing to abort: the $STRATEGY strategy sends no traffic before 'finish'" ;;
  esac
}

status() {
  say "strategy $STRATEGY, namespace $NAMESPACE"
  helm list --namespace "$NAMESPACE" --filter "^$NAME(-canary|-green)?\$"
  kubectl --namespace "$NAMESPACE" get deployments -l "app.kubernetes.io/name=$NAME" \
    -L model-service/track -o wide
  kubectl --namespace "$NAMESPACE" get service "$NAME" -o go-template='Service selector: {{ .spec.selector }}{{ "\n" }}'
}

case "${1:-}" in
  deploy) deploy "${2:-}" ;;
  finish) finish ;;
  abort) abort ;;
  status) status ;;
  *)
    sed -n '2,14p' "$0" >&2
    exit 2
    ;;
esac
