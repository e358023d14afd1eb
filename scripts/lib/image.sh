# The backend started from an image folder (scripts/build-image-folder.sh):
# what the container runs, outside a container. Its own process group, so
# that stopping it stops everything it started.
# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

IMAGE_BACKEND_PID=""
# The image folder of this clone, kept between checks (e.g. the deploy
# stage's image and chart checks).
IMAGE_FOLDER="${MLOPS_IMAGE_FOLDER:-${TMPDIR:-/tmp}/mlops-image-folder-$(printf '%s' "$REPO_ROOT" | sha256sum | cut -c1-8)}"

# What the image folder is built from: the committed and changed files of
# the paths the image build reads (not tests or docs). build-image-folder.sh
# writes it into the folder as .source-stamp.
IMAGE_SOURCE_PATHS=(packages plugins examples templates yarn.lock package.json .yarnrc.yml
  backstage.json catalog-info.yaml app-config.yaml app-config.production.yaml)
image_source_stamp() {
  (cd "$REPO_ROOT" && {
    git ls-tree -r HEAD -- "${IMAGE_SOURCE_PATHS[@]}" && git diff HEAD -- "${IMAGE_SOURCE_PATHS[@]}"
  } 2>/dev/null | sha256sum | cut -c1-16)
}

# ensure_image_folder: builds IMAGE_FOLDER unless it was built from the
# source as it is now.
ensure_image_folder() {
  if [ -f "$IMAGE_FOLDER/packages/backend/dist/index.cjs.js" ] &&
    [ "$(cat "$IMAGE_FOLDER/.source-stamp" 2>/dev/null)" = "$(image_source_stamp)" ]; then
    info "image folder up to date: $IMAGE_FOLDER"
    return 0
  fi
  "$REPO_ROOT/scripts/build-image-folder.sh" "$IMAGE_FOLDER"
}

# start_image_backend DIR URL LOG CONFIG...: starts `node packages/backend`
# in DIR with NODE_ENV=production and the given configs (paths relative to
# DIR, or absolute), NODE_PATH unset, logging to LOG; waits up to 180 s until
# URL reports readiness. Sets IMAGE_BACKEND_PID and IMAGE_BACKEND_READY_SECONDS.
start_image_backend() {
  local dir="$1" url="$2" log="$3" started config args=()
  shift 3
  for config in "$@"; do args+=(--config "$config"); done
  [ -f "$dir/packages/backend/dist/index.cjs.js" ] || die "$dir holds no backend bundle (scripts/build-image-folder.sh)"
  started=$(now)
  (cd "$dir" && NODE_ENV=production exec env -u NODE_PATH setsid node packages/backend "${args[@]}") >"$log" 2>&1 &
  IMAGE_BACKEND_PID=$!
  if ! wait_for_http "$url/.backstage/health/v1/readiness" 180; then
    tail -n 40 "$log" >&2
    stop_image_backend
    die "the backend from $dir did not become ready within 180 s (log: $log)"
  fi
  # shellcheck disable=SC2034 # read by the callers
  IMAGE_BACKEND_READY_SECONDS=$(elapsed "$started")
}

stop_image_backend() {
  [ -n "$IMAGE_BACKEND_PID" ] || return 0
  kill -TERM -- "-$IMAGE_BACKEND_PID" 2>/dev/null || true
  for _ in $(seq 1 20); do
    kill -0 -- "-$IMAGE_BACKEND_PID" 2>/dev/null || break
    sleep 0.5
  done
  kill -KILL -- "-$IMAGE_BACKEND_PID" 2>/dev/null || true
  wait "$IMAGE_BACKEND_PID" 2>/dev/null || true # reaped quietly
  IMAGE_BACKEND_PID=""
# The image folder of this clone, kept between checks (e.g. the deploy
# stage's image and chart checks).
IMAGE_FOLDER="${MLOPS_IMAGE_FOLDER:-${TMPDIR:-/tmp}/mlops-image-folder-$(printf '%s' "$REPO_ROOT" | sha256sum | cut -c1-8)}"

# What the image folder is built from: the committed and changed files of
# the paths the image build reads (not tests or docs). build-image-folder.sh
# writes it into the folder as .source-stamp.
IMAGE_SOURCE_PATHS=(packages plugins examples templates yarn.lock package.json .yarnrc.yml
  backstage.json catalog-info.yaml app-config.yaml app-config.production.yaml)
image_source_stamp() {
  (cd "$REPO_ROOT" && {
    git ls-tree -r HEAD -- "${IMAGE_SOURCE_PATHS[@]}" && git diff HEAD -- "${IMAGE_SOURCE_PATHS[@]}"
  } 2>/dev/null | sha256sum | cut -c1-16)
}

# ensure_image_folder: builds IMAGE_FOLDER unless it was built from the
# source as it is now.
ensure_image_folder() {
  if [ -f "$IMAGE_FOLDER/packages/backend/dist/index.cjs.js" ] &&
    [ "$(cat "$IMAGE_FOLDER/.source-stamp" 2>/dev/null)" = "$(image_source_stamp)" ]; then
    info "image folder up to date: $IMAGE_FOLDER"
    return 0
  fi
  "$REPO_ROOT/scripts/build-image-folder.sh" "$IMAGE_FOLDER"
}
}
