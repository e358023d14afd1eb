# The Python check tools (hadolint, kubernetes-validate, check-jsonschema, the
# ShellCheck wheel, ...) in a venv outside the clone, pinned by
# templates/model-service/tests/requirements-checks.txt. Outside the clone
# because TechDocs reads the repo root and refuses links that point out of it;
# in the cache folder so that a second clone (or CI) reuses it.
# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

CHECKS_VENV="${CHECKS_VENV:-$MLOPS_CACHE_DIR/venv-checks}"
CHECKS_REQUIREMENTS="$REPO_ROOT/templates/model-service/tests/requirements-checks.txt"

# Creates or updates the venv when the requirements changed; puts its bin on PATH.
ensure_checks_venv() {
  local stamp="$CHECKS_VENV/.requirements-checks"
  if ! { [ -x "$CHECKS_VENV/bin/hadolint" ] && cmp -s "$CHECKS_REQUIREMENTS" "$stamp"; }; then
    step "Installing the check tools into $CHECKS_VENV"
    python3 -m venv "$CHECKS_VENV" || die "python3 -m venv failed"
    "$CHECKS_VENV/bin/pip" install --disable-pip-version-check -q -r "$CHECKS_REQUIREMENTS" ||
      die "pip install -r $CHECKS_REQUIREMENTS failed"
    cp "$CHECKS_REQUIREMENTS" "$stamp"
  fi
  export PATH="$CHECKS_VENV/bin:$PATH"
}
