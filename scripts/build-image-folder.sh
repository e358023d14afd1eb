#!/usr/bin/env bash
# Runs the build steps of packages/backend/Dockerfile outside a container,
# into a folder that then holds what the image's /app holds:
#
#   scripts/build-image-folder.sh OUT_DIR
#
# yarn build:backend (the plugins, the frontend bundle, the skeleton and
# bundle archives), the skeleton unpacked, production dependencies only
# (yarn workspaces focus --all --production, NODE_ENV=production, native
# modules built against Node 22's headers), the bundle unpacked, and the
# config, catalog, examples and templates the Dockerfile copies. Keep this
# and the Dockerfile's steps in step.
#
# OUT_DIR must lie outside the repo, so that nothing in it can resolve a
# module from the repo's node_modules. Rebuilding replaces it whole: the new
# folder is built beside it and swapped in at the end.
# MLOPS_IMAGE_SKIP_BACKEND_BUILD=1 reuses packages/backend/dist as it is.
set -euo pipefail
# shellcheck source=lib/node.sh
. "$(dirname "$0")/lib/node.sh"
# shellcheck source=lib/image.sh
. "$(dirname "$0")/lib/image.sh"

[ $# -eq 1 ] || {
  echo "usage: $0 OUT_DIR" >&2
  exit 2
}
mkdir -p "$(dirname "$1")"
OUT="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
case "$OUT/" in
  "$REPO_ROOT"/*) die "OUT_DIR must lie outside the repo ($REPO_ROOT), or modules could resolve from its node_modules" ;;
esac

# timed NAME COMMAND...: runs one build step with its progress line and time.
timed() {
  local name="$1" started
  shift
  step "$name"
  started=$(now)
  "$@"
  info "done in $(elapsed "$started")s"
}

build_backend() { (cd "$REPO_ROOT" && yarn_cmd build:backend) >"$BUILD_LOG" 2>&1 || {
  tail -n 40 "$BUILD_LOG" >&2
  die "yarn build:backend failed (log: $BUILD_LOG)"
}; }

# Dockerfile, deps stage: COPY .yarn/releases, .yarnrc.yml, backstage.json,
# yarn.lock, package.json; the skeleton unpacked.
copy_yarn_project() {
  mkdir -p "$NEW/.yarn"
  cp -R "$REPO_ROOT/.yarn/releases" "$NEW/.yarn/releases"
  cp "$REPO_ROOT/.yarnrc.yml" "$REPO_ROOT/backstage.json" "$REPO_ROOT/yarn.lock" "$REPO_ROOT/package.json" "$NEW/"
  tar xzf "$REPO_ROOT/packages/backend/dist/skeleton.tar.gz" -C "$NEW"
}

# Dockerfile, deps stage: yarn workspaces focus --all --production. Yarn's
# global cache (~/.yarn/berry/cache) is shared with the repo's install.
# better-sqlite3 installs with prebuild-install, falling back to a source
# build (2 min here): in the image prebuild-install downloads the published
# binary; here, with no such download, the first build compiles it against
# Node 22's headers (npm_config_nodedir) and keeps it in prebuild-install's
# own format in PREBUILDS_DIR, which later builds install from
# (prebuild-install's local-prebuilds option).
install_production_dependencies() {
  (cd "$NEW" && NODE_ENV=production NODE_PATH='' npm_config_better_sqlite3_local_prebuilds="$PREBUILDS_DIR" \
    node .yarn/releases/yarn-4.13.0.cjs workspaces focus --all --production) >"$FOCUS_LOG" 2>&1 || {
    tail -n 40 "$FOCUS_LOG" >&2
    die "yarn workspaces focus --production failed (log: $FOCUS_LOG)"
  }
  keep_better_sqlite3_prebuild
}

# Packs the built better-sqlite3 as prebuild-install names and lays out a
# prebuilt binary: {name}-v{version}-node-v{abi}-{platform}-{arch}.tar.gz
# holding build/Release/better_sqlite3.node.
keep_better_sqlite3_prebuild() {
  local module="$NEW/node_modules/better-sqlite3" name
  # shellcheck disable=SC2016 # a JavaScript template literal
  name="$(cd "$module" && node -p '`better-sqlite3-v${require("./package.json").version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`')"
  if [ -f "$PREBUILDS_DIR/$name" ]; then
    info "better-sqlite3 installed from $PREBUILDS_DIR/$name"
  else
    mkdir -p "$PREBUILDS_DIR"
    tar -C "$module" -czf "$PREBUILDS_DIR/$name.tmp" build/Release/better_sqlite3.node
    mv "$PREBUILDS_DIR/$name.tmp" "$PREBUILDS_DIR/$name"
    info "better-sqlite3 built from source; kept as $PREBUILDS_DIR/$name"
  fi
}

# Dockerfile, runtime stage: the COPY lines of the config, catalog, examples
# and templates (with .dockerignore's exclusions), then the bundle unpacked.
copy_runtime_files() {
  cp "$REPO_ROOT/app-config.yaml" "$REPO_ROOT/app-config.production.yaml" "$REPO_ROOT/catalog-info.yaml" "$NEW/"
  tar -C "$REPO_ROOT" -cf - --exclude=node_modules --exclude=.venv --exclude=__pycache__ \
    --exclude=.pytest_cache --exclude=site --exclude='*.local.yaml' examples templates | tar -C "$NEW" -xf -
  tar xzf "$REPO_ROOT/packages/backend/dist/bundle.tar.gz" -C "$NEW" --no-same-owner
}

started_all=$(now)
SOURCE_STAMP="$(image_source_stamp)"
ensure_node
ensure_node_modules
NEW="$(mktemp -d "$OUT.new.XXXXXX")"
chmod 755 "$NEW"
trap 'rm -rf "$NEW"' EXIT
PREBUILDS_DIR="$MLOPS_CACHE_DIR/prebuilds"
BUILD_LOG="$NEW.build.log"
FOCUS_LOG="$NEW.focus.log"

if [ "${MLOPS_IMAGE_SKIP_BACKEND_BUILD:-}" = 1 ] && [ -f "$REPO_ROOT/packages/backend/dist/bundle.tar.gz" ]; then
  info "reusing packages/backend/dist (MLOPS_IMAGE_SKIP_BACKEND_BUILD=1)"
else
  timed "yarn build:backend (plugins, frontend bundle, skeleton and bundle archives)" build_backend
fi
timed "Yarn project and workspace skeleton into $OUT" copy_yarn_project
timed "Production dependencies (yarn workspaces focus --all --production)" install_production_dependencies
timed "Backend bundle, app-config, catalog, examples and templates" copy_runtime_files

echo "$SOURCE_STAMP" >"$NEW/.source-stamp"
rm -rf "$OUT"
mv "$NEW" "$OUT"
trap - EXIT
rm -f "$BUILD_LOG" "$FOCUS_LOG"
step "Image folder ready in $OUT ($(du -sh "$OUT" | cut -f1); total $(elapsed "$started_all")s)"
