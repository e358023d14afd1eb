# The Python check tools (kubernetes-validate, hadolint, ...) in one venv
# outside the clone, from templates/model-service/tests/requirements-checks.txt,
# as templates/model-service/tests/validate-output.sh installs them.
# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

CHECKS_VENV="${CHECKS_VENV:-$MLOPS_CACHE_DIR/venv-checks}"

# Installs the tools once (same stamp file as validate-output.sh).
ensure_checks_venv() {
  local req="$REPO_ROOT/templates/model-service/tests/requirements-checks.txt"
  local stamp="$CHECKS_VENV/.requirements-checks"
  if [ -x "$CHECKS_VENV/bin/kubernetes-validate" ] && cmp -s "$req" "$stamp"; then return 0; fi
  step "Installing the check tools into $CHECKS_VENV"
  python3 -m venv "$CHECKS_VENV" || die "python3 -m venv failed"
  "$CHECKS_VENV/bin/pip" install --disable-pip-version-check -q -r "$req" || die "pip install -r $req failed"
  cp "$req" "$stamp"
}
