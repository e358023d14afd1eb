#!/usr/bin/env bash
# Render the template for every parameter set in params/ and validate each
# output (validate-output.sh), then check that bad input is refused before
# anything is written. Exits non-zero on any failure.
#
#   templates/model-service/tests/check-template.sh [OUT_ROOT]
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../../../scripts/lib/common.sh
. "$HERE/../../../scripts/lib/common.sh"
# shellcheck source=../../../scripts/lib/node.sh
. "$REPO_ROOT/scripts/lib/node.sh"
ensure_node >/dev/null 2>&1 || die "Node.js 22 is needed (scripts/lib/node.sh)"

OUT_ROOT="${1:-$(mktemp -d /tmp/model-service-out.XXXXXX)}"
mkdir -p "$OUT_ROOT"
FAILED=()

render() { node "$HERE/render.mjs" "$@"; }
# One set also takes the portal URL from scaffolder.defaultEnvironment.
portal_url_for() { case "$1" in gpu-l4-*) echo "https://portal.mlops.example" ;; esac; }

for params in "$HERE"/params/*.json; do
  set_name="$(basename "$params" .json)"
  step "$set_name"
  start="$(now)"
  if PORTAL_BASE_URL="$(portal_url_for "$set_name")" render "$params" "$OUT_ROOT/$set_name" >"$OUT_ROOT/$set_name.render.log" 2>&1; then
    info "rendered in $(elapsed "$start") s into $OUT_ROOT/$set_name"
  else
    cat "$OUT_ROOT/$set_name.render.log" >&2
    FAILED+=("$set_name: render")
    continue
  fi
  start="$(now)"
  "$HERE/validate-output.sh" "$OUT_ROOT/$set_name" || FAILED+=("$set_name: validate")
  info "validated in $(elapsed "$start") s"
done

# refuse NAME 'JSON object merged into the CPU parameter set' 'expected message'
refuse() {
  local name="$1" patch="$2" expected="$3" file="$OUT_ROOT/refuse-$1.json" out
  python3 -c 'import json, sys; p = json.load(open(sys.argv[1])); p.update(json.loads(sys.argv[2])); json.dump(p, open(sys.argv[3], "w"))' \
    "$HERE/params/cpu-sklearn-github.json" "$patch" "$file"
  if out="$(render "$file" "$OUT_ROOT/refuse-$name" 2>&1)"; then
    echo "FAIL refuse $name: rendered"
    FAILED+=("refuse $name")
  elif ! grep -qF "$expected" <<<"$out" || [ -e "$OUT_ROOT/refuse-$name" ]; then
    echo "FAIL refuse $name: $out"
    FAILED+=("refuse $name")
  else
    echo "PASS refuse $name: $(grep -F "$expected" <<<"$out" | head -n 1 | cut -c1-160)"
  fi
}
step "bad input is refused, nothing written"
refuse max-below-min '{"minReplicas": 5, "maxReplicas": 3}' "maxReplicas (3) must be greater than or equal to minReplicas (5)"
refuse host-mismatch '{"ciProvider": "gitlab-ci"}' "gitlab-ci needs the repository on gitlab.com, not github.com"
refuse quote-in-description '{"description": "a \"quoted\" word"}' 'does not match pattern'
refuse newline-in-description '{"description": "two\nlines"}' 'does not match pattern'
# shellcheck disable=SC2016 # the $(id) is the point
refuse dollar-in-name '{"name": "svc-$(id)"}' 'does not match pattern'
refuse gpu-without-type '{"compute": "gpu"}' 'invalid parameters'
refuse repo-url-injection '{"repoUrl": "github.com?owner=a&repo=b;rm"}' 'does not match pattern'

if [ ${#FAILED[@]} -gt 0 ]; then
  echo "FAILED: ${FAILED[*]}"
  exit 1
fi
echo "template checks passed (outputs in $OUT_ROOT)"
