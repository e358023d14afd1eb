#!/usr/bin/env bash
# Builds the image folder (scripts/build-image-folder.sh: the Dockerfile's
# steps outside a container) and proves it works alone: every dependency of
# its workspaces resolves inside the folder, no dev dependency got in, and
# the backend started from it (NODE_ENV=production, SQLite in memory) is
# ready, serves the frontend's index.html and lists the example services.
# Prints the folder's size against the repo's node_modules and the start time.
#
#   scripts/tests/image-folder-test.sh
#
# MLOPS_IMAGE_FOLDER: where to build (default: a folder under /tmp per clone;
# kept afterwards for other checks). MLOPS_IMAGE_PORT: the backend's port.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib/node.sh
. "$HERE/../lib/node.sh"
# shellcheck source=../lib/image.sh
. "$HERE/../lib/image.sh"

ensure_node
OUT="$IMAGE_FOLDER"
WORK="$(mktemp -d /tmp/mlops-image-test.XXXXXX)"
trap 'stop_image_backend; rm -rf "$WORK"' EXIT INT TERM
FAILED=()

# check NAME COMMAND...: runs one check and prints PASS or FAIL with its output.
check() {
  local name="$1" output
  shift
  if output="$("$@" 2>&1)"; then
    printf '    PASS %s%s\n' "$name" "${output:+: $output}" >&2
  else
    printf '    FAIL %s\n%s\n' "$name" "$output" >&2
    FAILED+=("$name")
  fi
}

build_started=$(now)
"$REPO_ROOT/scripts/build-image-folder.sh" "$OUT"
BUILD_SECONDS=$(elapsed "$build_started")

step "Checking the folder alone"
# Every dependency of every workspace in the folder resolves to a file in
# the folder; no node_modules above it could lend one.
resolves_inside() {
  (cd "$OUT" && env -u NODE_PATH node - "$OUT" <<'JS'
const fs = require('node:fs');
const path = require('node:path');
const { createRequire } = require('node:module');
const root = process.argv[2];
const outside = [];
let count = 0;
for (let dir = path.dirname(root); ; dir = path.dirname(dir)) {
  if (fs.existsSync(path.join(dir, 'node_modules'))) outside.push(`${dir}/node_modules exists above the folder`);
  if (dir === path.dirname(dir)) break;
}
const workspaces = ['packages/backend', ...fs.readdirSync(path.join(root, 'plugins')).map(p => `plugins/${p}`)];
for (const ws of workspaces) {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, ws, 'package.json'), 'utf8'));
  const req = createRequire(path.join(root, ws, 'package.json'));
  for (const dep of Object.keys(pkg.dependencies ?? {})) {
    let where;
    try {
      where = fs.realpathSync(req.resolve(`${dep}/package.json`));
    } catch {
      try { where = fs.realpathSync(req.resolve(dep)); } catch (e) { outside.push(`${ws}: ${dep} does not resolve`); continue; }
    }
    count += 1;
    if (!where.startsWith(`${root}/`)) outside.push(`${ws}: ${dep} resolves to ${where}`);
  }
}
if (outside.length) { console.log(outside.join('\n')); process.exit(1); }
console.log(`${count} dependencies of ${workspaces.length} workspaces, all inside`);
JS
  )
}
no_dev_dependencies() {
  local found=()
  for pkg in @backstage/cli jest @playwright/test prettier react react-dom; do
    [ -e "$OUT/node_modules/$pkg" ] && found+=("$pkg")
  done
  [ ${#found[@]} -eq 0 ] || {
    echo "dev or frontend-only packages in node_modules: ${found[*]}"
    return 1
  }
  echo "no @backstage/cli, jest, playwright, prettier, react"
}
native_module_built() {
  # shellcheck disable=SC2016 # JavaScript
  (cd "$OUT" && env -u NODE_PATH node -e '
    const Database = require(require.resolve("better-sqlite3", { paths: ["packages/backend"] }));
    const v = new Database(":memory:").prepare("select sqlite_version() v").get().v;
    console.log(`better-sqlite3 loads in node ${process.version} (SQLite ${v})`);')
}
check "every dependency resolves inside the folder" resolves_inside
check "production dependencies only" no_dev_dependencies
check "better-sqlite3 built for this Node" native_module_built

PORT="${MLOPS_IMAGE_PORT:-$(free_port)}"
export MLOPS_IMAGE_PORT="$PORT" MLOPS_IMAGE_BASE_URL="http://127.0.0.1:$PORT" MLOPS_IMAGE_WORK_DIR="$WORK"
MLOPS_IMAGE_API_TOKEN="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
export MLOPS_IMAGE_API_TOKEN
mkdir -p "$ARTIFACTS_DIR"
LOG="$ARTIFACTS_DIR/image-folder-backend.log"
step "Starting the backend from $OUT on $MLOPS_IMAGE_BASE_URL"
start_image_backend "$OUT" "$MLOPS_IMAGE_BASE_URL" "$LOG" app-config.yaml "$HERE/app-config.image-folder.yaml"
info "ready in ${IMAGE_BACKEND_READY_SECONDS}s"

readiness() { curl -fsS "$MLOPS_IMAGE_BASE_URL/.backstage/health/v1/readiness"; }
# The frontend's index.html as app-backend serves it: the same entry script
# as the bundle's packages/app/dist/index.html.
serves_frontend() {
  local body script
  body="$(curl -fsS "$MLOPS_IMAGE_BASE_URL/")"
  script="$(grep -o 'static/main\.[0-9a-f]*\.js' "$OUT/packages/app/dist/index.html" | head -n 1)"
  [ -n "$script" ] || {
    echo "no main script in the bundle's index.html"
    return 1
  }
  if ! grep -q 'id="root"' <<<"$body" || ! grep -qF "$script" <<<"$body"; then
    echo "/ is not the bundle's index.html: ${body:0:300}"
    return 1
  fi
  curl -fsS -o /dev/null "$MLOPS_IMAGE_BASE_URL/$script" || {
    echo "$script is not served"
    return 1
  }
  echo "index.html with $script"
}
# The example model services, once the catalog has read the example files.
lists_example_services() {
  local expected=(fraud-scorer fraud-graph-embedder reco-candidate-retrieval reco-ranker support-llm doc-classifier image-moderation)
  local body="" missing=() deadline=$(($(date +%s) + 90)) name
  while :; do
    body="$(curl -fsS -H "Authorization: Bearer $MLOPS_IMAGE_API_TOKEN" \
      "$MLOPS_IMAGE_BASE_URL/api/catalog/entities?filter=kind=component&fields=metadata.name")" || body=""
    missing=()
    for name in "${expected[@]}"; do
      grep -qF "\"name\":\"$name\"" <<<"$body" || missing+=("$name")
    done
    [ ${#missing[@]} -eq 0 ] && break
    [ "$(date +%s)" -ge "$deadline" ] && {
      echo "missing after 90 s: ${missing[*]} (answer: ${body:0:300})"
      return 1
    }
    sleep 1
  done
  echo "${#expected[@]} example model services"
}
refuses_without_token() {
  local code
  code="$(curl -sS -o /dev/null -w '%{http_code}' "$MLOPS_IMAGE_BASE_URL/api/catalog/entities?filter=kind=component")"
  [ "$code" = 401 ] || {
    echo "HTTP $code without a token"
    return 1
  }
  echo "HTTP 401"
}
check "/.backstage/health/v1/readiness" readiness
check "/ serves the frontend" serves_frontend
check "/api/catalog/entities lists the example services" lists_example_services
check "/api/catalog/entities without a token" refuses_without_token
stop_image_backend

step "Figures"
FOLDER_SIZE="$(du -sh "$OUT" | cut -f1)"
FOLDER_MODULES="$(du -sh "$OUT/node_modules" | cut -f1)"
REPO_MODULES="$(du -sh "$REPO_ROOT/node_modules" | cut -f1)"
info "image folder: $FOLDER_SIZE ($FOLDER_MODULES of it production node_modules); the repo's full node_modules: $REPO_MODULES"
info "folder built in ${BUILD_SECONDS}s; backend from the folder ready in ${IMAGE_BACKEND_READY_SECONDS}s"
info "folder kept in $OUT; backend log in $LOG"

[ ${#FAILED[@]} -eq 0 ] || die "failed: ${FAILED[*]}"
