# The backend started from an image folder (scripts/build-image-folder.sh):
# what the container runs, outside a container.
# shellcheck source=backend.sh
. "$(dirname "${BASH_SOURCE[0]}")/backend.sh"

# shellcheck disable=SC2034 # set and read by name
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
  local dir="$1" url="$2" log="$3" config args=()
  shift 3
  for config in "$@"; do args+=(--config "$config"); done
  [ -f "$dir/packages/backend/dist/index.cjs.js" ] || die "$dir holds no backend bundle (scripts/build-image-folder.sh)"
  NODE_ENV=production start_backend_process IMAGE_BACKEND_PID "$url" "$log" "$dir" \
    env -u NODE_PATH node packages/backend "${args[@]}"
  # shellcheck disable=SC2034 # read by the callers
  IMAGE_BACKEND_READY_SECONDS="$BACKEND_READY_SECONDS"
}

stop_image_backend() { stop_backend_process IMAGE_BACKEND_PID; }
