#!/usr/bin/env bash
# TechDocs built with the real generator (mkdocs build --strict with
# mkdocs-techdocs-core, from .venv): the portal's own docs and those of the
# example model services (examples/ml-org/services/). Then every runbook_url
# of the sandbox's platform rules, and of the rules files under the folders
# given (e.g. a running sandbox's rendered per-service rules), is resolved
# against the built sites (scripts/check-runbooks.py).
#
#   scripts/check-docs.sh [RULES_DIR...]
set -euo pipefail
# shellcheck source=lib/python.sh
. "$(dirname "$0")/lib/python.sh"
ensure_techdocs_venv >/dev/null

SITES="$(mktemp -d /tmp/mlops-docs-sites.XXXXXX)"
trap 'rm -rf "$SITES"' EXIT
site_args=(--site "default/component/mlops-portal=$SITES/mlops-portal")
(cd "$REPO_ROOT" && mkdocs build --strict --quiet --site-dir "$SITES/mlops-portal")
for dir in "$REPO_ROOT"/examples/ml-org/services/*/; do
  name="$(basename "$dir")"
  (cd "$dir" && mkdocs build --strict --quiet --site-dir "$SITES/$name")
  site_args+=(--site "default/component/$name=$SITES/$name")
done
echo "built with --strict: the docs of $((${#site_args[@]} / 2)) components"

check_runbooks() {
  "$VENV_DIR/bin/python" "$REPO_ROOT/scripts/check-runbooks.py" \
    --portal http://localhost:3000 "${site_args[@]}" "$@"
}
rules=("$REPO_ROOT"/sandbox/prometheus/rules/*.yml)
for dir in "$@"; do
  while IFS= read -r file; do rules+=("$file"); done < <(find "$dir" -name '*.yml' -o -name '*.yaml' | sort)
done
out="$(check_runbooks "${rules[@]}")" || {
  grep -v '^ok' <<<"$out" >&2
  exit 1
}
tail -n 1 <<<"$out"

# The check itself: each of these links is wrong in its own way.
broken="$REPO_ROOT/scripts/tests/broken-runbook-links.yml"
if out="$(check_runbooks "$broken")" ||
  [ "$(grep -c '^FAIL' <<<"$out")" -ne "$(grep -c 'alert:' "$broken")" ]; then
  echo "$out"
  echo "check-runbooks.py passed links that are wrong (above)" >&2
  exit 1
fi
echo "check-runbooks.py refuses all $(grep -c '^FAIL' <<<"$out") wrong links of $(basename "$broken")"
