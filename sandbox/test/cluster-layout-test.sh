#!/usr/bin/env bash
# Fast check, no sandbox started: for every number of clusters (2..10) the
# ports of sandbox/bin/sandbox are distinct, inside base..base+PORT_SPAN-1,
# keep base+90..99 free (the benchmarks' backend), and the first two clusters
# keep the ports they always had; `app-config` lists every cluster with its
# variables and no secret; out-of-range counts are refused.
# The last line is "N passed, M failed"; exits non-zero on any failure.
#
#   sandbox/test/cluster-layout-test.sh
set -euo pipefail

SANDBOX_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$(mktemp -d /tmp/mlops-sandbox-layout.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
export MLOPS_SANDBOX_DIR="$WORK/state" MLOPS_SANDBOX_PORT_BASE=20000
unset MLOPS_SANDBOX_CLUSTERS
# shellcheck source=SCRIPTDIR/../bin/sandbox
. "$SANDBOX_ROOT/bin/sandbox"

PASSED=0
FAILED=0
ok() { PASSED=$((PASSED + 1)); printf 'ok    %s\n' "$1"; }
fail() { FAILED=$((FAILED + 1)); printf 'FAIL  %s\n' "$1"; [[ -z "${2:-}" ]] || printf '      %s\n' "$2"; }
check() { if eval "$2"; then ok "$1"; else fail "$1" "${3:-}"; fi; } # check DESCRIPTION CONDITION [DETAIL]

for n in $(seq 2 "$MAX_CLUSTERS"); do
  set_clusters "$n"
  ports="$(all_ports | cut -d' ' -f1)"
  check "$n clusters: ${#CLUSTERS[@]} named, sandbox-east first" '[[ ${#CLUSTERS[@]} == "$n" && ${CLUSTERS[0]} == sandbox-east ]]'
  check "$n clusters: $(wc -l <<<"$ports") ports, all distinct" '[[ "$(sort -u <<<"$ports" | wc -l)" == "$(wc -l <<<"$ports")" ]]'
  check "$n clusters: ports within base..base+$((PORT_SPAN - 1))" \
    '(($(sort -n <<<"$ports" | head -n1) >= PORT_BASE && $(sort -n <<<"$ports" | tail -n1) < PORT_BASE + PORT_SPAN))'
  check "$n clusters: base+90..99 left free" '! grep -qE "^200(9[0-9])$" <<<"$ports"' "$(grep -E '^2009[0-9]$' <<<"$ports" | tr '\n' ' ')"
done
set_clusters 2
check "sandbox-east's apiserver stays on base+3, sandbox-west's on base+4" \
  '[[ "$(port sandbox-east apiserver) $(port sandbox-west apiserver)" == "20003 20004" ]]'

config="$(MLOPS_SANDBOX_CLUSTERS=5 bash "$SANDBOX_ROOT/bin/sandbox" app-config)"
check "app-config of 5 clusters lists 5" '[[ "$(grep -c "^        - name: sandbox-" <<<"$config")" == 5 ]]'
check "app-config names sandbox-c5 with its variables" \
  'grep -qF "url: \${MLOPS_SANDBOX_C5_URL}" <<<"$config" && grep -qF "serviceAccountToken: \${MLOPS_SANDBOX_C5_TOKEN}" <<<"$config"'
check "app-config: mlops.localSandbox lists every cluster" \
  'grep -qF "clusters: [sandbox-east, sandbox-west, sandbox-c3, sandbox-c4, sandbox-c5]" <<<"$config"'
check "app-config --pod-metrics turns metrics lookup on" \
  '[[ "$(MLOPS_SANDBOX_CLUSTERS=3 bash "$SANDBOX_ROOT/bin/sandbox" app-config --pod-metrics | grep -c "skipMetricsLookup: false")" == 3 ]]'
for bad in 1 11 x; do
  out="$(MLOPS_SANDBOX_CLUSTERS=$bad bash "$SANDBOX_ROOT/bin/sandbox" app-config 2>&1)" && rc=0 || rc=$?
  check "MLOPS_SANDBOX_CLUSTERS=$bad is refused with a message" '((rc != 0)) && grep -q "use a number of clusters from 2 to 10" <<<"$out"' "$out"
done
out="$(MLOPS_SANDBOX_CLUSTERS=10 MLOPS_SANDBOX_PORT_BASE=65400 bash "$SANDBOX_ROOT/bin/sandbox" app-config 2>&1)" && rc=0 || rc=$?
check "a port base too high for 10 clusters is refused" '((rc != 0)) && grep -q "ports base..base+" <<<"$out"' "$out"

echo "$PASSED passed, $FAILED failed"
((FAILED == 0))
