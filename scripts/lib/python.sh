# The TechDocs generator (mkdocs + mkdocs-techdocs-core) in a git-ignored
# virtualenv at .venv, pinned by scripts/requirements-techdocs.txt. The venv
# holds copies, not symlinks: TechDocs refuses a docs folder (here the repo
# root) that contains links pointing outside it.
# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

VENV_DIR="$REPO_ROOT/.venv"

ensure_techdocs_venv() {
  local req="$REPO_ROOT/scripts/requirements-techdocs.txt"
  local stamp="$VENV_DIR/.mlops-requirements"
  if [ -x "$VENV_DIR/bin/mkdocs" ] && cmp -s "$req" "$stamp"; then
    info "TechDocs generator up to date ($("$VENV_DIR/bin/mkdocs" --version | cut -d' ' -f1-3))"
  else
    step "Installing the TechDocs generator (mkdocs-techdocs-core) into .venv"
    command -v python3 >/dev/null || die "python3 is needed for TechDocs (mkdocs); install Python 3.9+"
    python3 -m venv --copies "$VENV_DIR" || die "could not create .venv (on Debian: apt-get install python3-venv)"
    "$VENV_DIR/bin/pip" install --disable-pip-version-check -q -r "$req" ||
      die "pip could not install $req"
    cp "$req" "$stamp"
  fi
  export PATH="$VENV_DIR/bin:$PATH"
  export NO_MKDOCS_2_WARNING=1
}
