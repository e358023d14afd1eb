#!/usr/bin/env bash
# Render the chart's alert rules as a plain Prometheus rules file: the .spec
# of the PrometheusRule, for `promtool check rules` and `promtool test rules`.
#
#   scripts/render-alerts.sh [OUT] [helm template flags...]   (OUT: build/alerts.rules.yaml)
set -euo pipefail

cd "$(dirname "$0")/.."
NAME="$(sed -n 's/^name: *//p' chart/Chart.yaml)"
NAMESPACE="${NAMESPACE:-$(sed -n 's#^ *backstage.io/kubernetes-namespace: *##p' catalog-info.yaml)}"
OUT="${1:-build/alerts.rules.yaml}"
shift || true

mkdir -p "$(dirname "$OUT")"
# templates/prometheusrule.yaml writes .spec as the last top-level key, two
# spaces deep: everything after "spec:" minus that indent is the rules file.
helm template "$NAME" chart --namespace "$NAMESPACE" --show-only templates/prometheusrule.yaml "$@" |
  awk 'in_spec { sub(/^  /, ""); print } /^spec:/ { in_spec = 1 }' >"$OUT"
grep -q '^groups:' "$OUT" || {
  echo "render-alerts: no rule groups in $OUT" >&2
  exit 1
}
echo "$OUT"
