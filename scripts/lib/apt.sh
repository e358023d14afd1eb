# Debian packages the tests need (PostgreSQL, Chromium, Prometheus).
# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

PG_BIN_DIR="${PG_BIN_DIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)}"

# ensure_debian_packages "check-path:package" ...: installs the packages whose
# check path is missing, with apt-get (as root, or through sudo).
ensure_debian_packages() {
  local missing=() pair
  for pair in "$@"; do
    compgen -G "${pair%%:*}" >/dev/null || missing+=("${pair#*:}")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  step "Installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  command -v apt-get >/dev/null ||
    die "apt-get not found; install ${missing[*]} with your package manager"
  $sudo apt-get update -qq >&2 || die "apt-get update failed"
  local log
  log="$(mktemp /tmp/mlops-apt.XXXXXX.log)"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}" >"$log" 2>&1 ||
    die "apt-get install ${missing[*]} failed: $(tail -n 20 "$log")"
  info "installed (log: $log)"
  PG_BIN_DIR="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"
}
