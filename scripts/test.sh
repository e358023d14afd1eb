#!/usr/bin/env bash
# Runs every test of the portal. Installs what is missing first (Node.js 22,
# JavaScript dependencies, the TechDocs generator, PostgreSQL, Prometheus and
# Chromium from Debian's packages, the sandbox's Go-built binaries); safe to
# run again. Stages:
#   static   type check, lint, formatting, the TechDocs of the portal and of
#            the example services (mkdocs --strict), the runbook links of
#            the platform's alert rules, hadolint on the backend's Dockerfile
#   unit     backstage-cli repo test, database tests also on a real PostgreSQL
#   template the model-service template through the scaffolder's dry-run API
#            for every parameter set, each repository checked with the real
#            tools, bad input refused
#   deploy   the backend image: its build steps run outside a container into
#            a folder (scripts/build-image-folder.sh), the backend started
#            from that folder alone; the Helm chart (deploy/chart): lint,
#            schema, kubernetes-validate, server-side dry-run and apply to a
#            sandbox, its ServiceAccount's rights, the backend on the applied
#            config; several replicas on one PostgreSQL (deploy/tests/)
#   sandbox  the local sandbox, checked with kubectl and Prometheus' API
#   health   /api/mlops (serving health) against a sandbox's real clusters and
#            Prometheus, through its scenarios
#   e2e      backend on a real PostgreSQL and the sandbox serving the image
#            build's frontend, Playwright in Chromium; then, on that backend,
#            bench/side-by-side.sh --quick (the kubernetes plugin's routes
#            and ours under viewers: the counting works)
# Run a subset with: scripts/test.sh unit e2e
# The sandbox and health stages mostly wait on the sandbox's clocks (alerts'
# `for:`, scenario switches), so they run one after the other in the
# background, each on its own sandbox, while the CPU-bound stages run and the
# e2e stage starts its portal; their output is shown when they finish, before
# the browser tests start.
# MLOPS_TEST_SERIAL=1 runs every stage in the foreground.
set -euo pipefail
. "$(dirname "$0")/lib/node.sh"
. "$(dirname "$0")/lib/python.sh"
. "$(dirname "$0")/lib/e2e.sh" # and sandbox.sh
. "$(dirname "$0")/lib/serving-health.sh"
. "$(dirname "$0")/lib/checks-venv.sh"
. "$(dirname "$0")/lib/image.sh"

STAGES=("$@")
[ ${#STAGES[@]} -gt 0 ] || STAGES=(static unit template deploy sandbox health e2e)
export CI="${CI:-true}"

PASSED=0
FAILED=0
FAILED_NAMES=()
TIMINGS=()

# What a stage started and must stop if the run ends early (e.g. Ctrl-C).
STAGE_CLEANUP=""
cleanup_stage() { [ -z "$STAGE_CLEANUP" ] || "$STAGE_CLEANUP"; }

# tally_check passed|failed NAME SECONDS [NOTE]: counts one check's outcome.
tally_check() {
  if [ "$1" = passed ]; then
    PASSED=$((PASSED + 1))
    TIMINGS+=("$2: passed in ${3}s${4:-}")
  else
    FAILED=$((FAILED + 1))
    FAILED_NAMES+=("$2")
    TIMINGS+=("$2: FAILED after ${3}s${4:-}")
  fi
}

# run_check NAME COMMAND...: runs one check and counts its outcome and time
# (in the background stages: writes them to CHECK_RESULTS_FILE, one per line).
run_check() {
  local name="$1" started outcome=passed
  shift
  step "$name"
  started=$(now)
  "$@" || outcome=failed
  if [ -n "${CHECK_RESULTS_FILE:-}" ]; then
    printf '%s\t%s\t%s\n' "$outcome" "$name" "$(elapsed "$started")" >>"$CHECK_RESULTS_FILE"
  else
    tally_check "$outcome" "$name" "$(elapsed "$started")"
  fi
}

yarn_run() { (cd "$REPO_ROOT" && yarn_cmd "$@"); }

stage_static() {
  run_check "Type check (tsc)" yarn_run tsc
  run_check "Lint (eslint)" yarn_run backstage-cli repo lint
  run_check "Formatting (prettier)" yarn_run prettier --check --loglevel warn .
  run_check "TechDocs of the portal and the example services (mkdocs --strict); runbook links of the platform's rules" \
    "$REPO_ROOT/scripts/check-docs.sh"
  run_check "Backend Dockerfile (hadolint)" lint_dockerfile
}

# In a subshell: the check tools' venv stays off the other stages' PATH.
lint_dockerfile() { (ensure_checks_venv && hadolint "$REPO_ROOT/packages/backend/Dockerfile"); }

# Database tests (TestDatabases) run on SQLite and on this real PostgreSQL.
start_unit_postgres() {
  UNIT_PG_DIR="$(mktemp -d /tmp/mlops-unit-pg.XXXXXX)"
  chmod 755 "$UNIT_PG_DIR" # PostgreSQL runs as its own user
  local port
  port="${MLOPS_UNIT_PG_PORT:-$(free_port)}"
  step "Starting PostgreSQL on 127.0.0.1:$port for the database tests"
  start_test_postgres "$UNIT_PG_DIR/pg" "$port"
  export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="postgresql://postgres@127.0.0.1:$port"
  export MLOPS_REQUIRE_POSTGRES=1 BACKSTAGE_TEST_DISABLE_DOCKER=1
}

stop_unit_postgres() {
  [ -n "${UNIT_PG_DIR:-}" ] || return 0
  stop_test_postgres "$UNIT_PG_DIR/pg"
  rm -rf "$UNIT_PG_DIR"
  UNIT_PG_DIR=""
}

stage_unit() {
  STAGE_CLEANUP=stop_unit_postgres
  start_unit_postgres
  run_check "Unit tests (backstage-cli repo test; databases: SQLite, PostgreSQL)" yarn_run backstage-cli repo test --ci
  run_check "Sandbox secret files are owner-only (stand-ins, no sandbox started)" "$REPO_ROOT/sandbox/test/secret-files-test.sh"
  run_check "Sandbox ports and portal config for 2 to 10 clusters (no sandbox started)" "$REPO_ROOT/sandbox/test/cluster-layout-test.sh"
  stop_unit_postgres
  STAGE_CLEANUP=""
}

stage_template() {
  run_check "Model service template (dry-run matrix, checks, bad input)" \
    "$REPO_ROOT/templates/model-service/tests/check-template.sh" "$ARTIFACTS_DIR/model-service-template"
}

stage_deploy() {
  run_check "Image folder: the Dockerfile's steps outside a container, the backend started from it alone" \
    "$REPO_ROOT/scripts/tests/image-folder-test.sh"
  run_check "Helm chart (lint, schema, dry-run and apply to the sandbox, RBAC, backend on its config)" \
    "$REPO_ROOT/deploy/tests/chart-test.sh"
  run_check "Replicas on one PostgreSQL (migrations once, collectors once per interval, kill -9)" \
    "$REPO_ROOT/deploy/tests/replicas-test.sh"
}

stage_sandbox() {
  run_check "Sandbox (clusters, GPU nodes, Prometheus, HPAs, scenarios)" "$REPO_ROOT/sandbox/test/sandbox-test.sh"
}

stage_health() {
  STAGE_CLEANUP=stop_serving_health_sandbox
  run_check "Serving health against the sandbox (scenarios, faults, PromQL cross-checks)" run_serving_health_tests
  STAGE_CLEANUP=""
}

# The deploy stage's image build (yarn build:backend) builds the frontend
# too: built during this run, it is not built again.
build_frontend() {
  local index="$REPO_ROOT/packages/app/dist/index.html"
  if [ -f "$index" ] && [ "$(stat -c %Y "$index")" -ge "${started_all%.*}" ]; then
    info "built during this run (by the image build of the deploy stage)"
    return 0
  fi
  yarn_run workspace app build >"$ARTIFACTS_DIR/frontend-build.log" 2>&1 ||
    { tail -n 40 "$ARTIFACTS_DIR/frontend-build.log" >&2; return 1; }
}

stage_e2e() {
  mkdir -p "$ARTIFACTS_DIR/screenshots"
  # Some specs start further backends from the image folder, as deployed.
  run_check "Image folder (built by the deploy stage when it ran)" ensure_image_folder
  export MLOPS_IMAGE_FOLDER="$IMAGE_FOLDER"
  run_check "Frontend production build" build_frontend
  STAGE_CLEANUP=stop_e2e_portal
  start_e2e_portal
  TIMINGS+=("Backend cold start to readiness: ${E2E_BACKEND_READY_SECONDS}s")
  run_check "Runbook links of the sandbox's rules, rendered from the template per service" \
    "$REPO_ROOT/scripts/check-docs.sh" "$MLOPS_SANDBOX_DIR/prometheus/rules"
  # It counts upstream requests rather than timing them, so it runs while the
  # background stages finish; it changes no scenario of the sandbox.
  [ -n "${MLOPS_E2E_ONLY:-}" ] ||
    run_check "Side by side with the kubernetes plugin, quick (upstream counting works)" \
      env MLOPS_BENCH_TOKEN="$MLOPS_E2E_API_TOKEN" "$REPO_ROOT/bench/side-by-side.sh" --quick --against "$MLOPS_E2E_BASE_URL"
  # The browser tests are timing-sensitive and use both cores.
  wait_background_stages
  # MLOPS_E2E_ONLY: spec file filters, e.g. "tenant-safety", while working on them.
  # shellcheck disable=SC2086
  run_check "End-to-end tests (API on PostgreSQL, browser)" run_playwright ${MLOPS_E2E_ONLY:-}
  stop_e2e_portal
  STAGE_CLEANUP=""
}

started_all=$(now)
ensure_node
ensure_node_modules
ensure_techdocs_venv
needs_stage() { [[ " ${STAGES[*]} " == *" $1 "* ]]; }
if needs_stage e2e || needs_stage unit || needs_stage sandbox || needs_stage health || needs_stage deploy; then
  ensure_debian_packages "/usr/lib/postgresql/*/bin/initdb:postgresql" "/usr/bin/chromium:chromium" \
    "/usr/bin/prometheus:prometheus"
fi
# The template checks use helm and actionlint from the sandbox's binaries.
if needs_stage e2e || needs_stage sandbox || needs_stage health || needs_stage template || needs_stage deploy; then
  ensure_sandbox_binaries
fi

BACKGROUND_PID=""
BACKGROUND_STAGES=()
BACKGROUND_RESULTS=""

# The background stages one after the other, each on its own sandbox, with
# its own log (artifacts/background-STAGE.log). Side by side, their
# sandboxes' starts competed with the foreground's builds and tests for the
# two cores (CRDs not served within a minute): docs/benchmarks.md.
start_background_stages() {
  [ $# -gt 0 ] || return 0
  mkdir -p "$ARTIFACTS_DIR"
  BACKGROUND_STAGES=("$@")
  BACKGROUND_RESULTS="$(mktemp /tmp/mlops-test-results.XXXXXX)"
  step "Starting in the background: $* (output shown when done; logs: artifacts/background-*.log)"
  set -m # its own process group, so that stopping it stops all it started
  (
    trap cleanup_stage EXIT
    trap 'exit 130' INT TERM
    CHECK_RESULTS_FILE="$BACKGROUND_RESULTS"
    for stage in "$@"; do
      "stage_$stage" >"$ARTIFACTS_DIR/background-$stage.log" 2>&1
    done
  ) &
  BACKGROUND_PID=$!
  set +m
}

wait_background_stages() {
  [ -n "$BACKGROUND_PID" ] || return 0
  step "Waiting for the background stages (logs: artifacts/background-*.log)"
  wait "$BACKGROUND_PID" || true
  BACKGROUND_PID=""
  local stage outcome name seconds
  for stage in "${BACKGROUND_STAGES[@]}"; do cat "$ARTIFACTS_DIR/background-$stage.log" >&2; done
  while IFS=$'\t' read -r outcome name seconds; do
    tally_check "$outcome" "$name" "$seconds" " (background)"
  done <"$BACKGROUND_RESULTS"
  rm -f "$BACKGROUND_RESULTS"
}

stop_background_stages() {
  [ -n "$BACKGROUND_PID" ] || return 0
  kill -TERM -- "-$BACKGROUND_PID" 2>/dev/null || true
  wait "$BACKGROUND_PID" 2>/dev/null || true
}
trap 'cleanup_stage; stop_background_stages' EXIT
trap 'exit 130' INT TERM

ALL_STAGES="static unit template deploy sandbox health e2e"
BACKGROUND=()
FOREGROUND=()
for stage in "${STAGES[@]}"; do
  [[ " $ALL_STAGES " == *" $stage "* ]] || die "unknown stage '$stage' (choose from: $ALL_STAGES)"
  if [ "${MLOPS_TEST_SERIAL:-}" != 1 ] && [[ " sandbox health " == *" $stage "* ]]; then
    BACKGROUND+=("$stage")
  else
    FOREGROUND+=("$stage")
  fi
done

start_background_stages "${BACKGROUND[@]}"
# The e2e stage starts its portal while the background stages finish, and
# waits for them before its browser tests.
for stage in "${FOREGROUND[@]}"; do "stage_$stage"; done
wait_background_stages

step "Summary (total $(elapsed "$started_all")s)"
printf '    %s\n' "${TIMINGS[@]}" >&2
[ ${#FAILED_NAMES[@]} -eq 0 ] || printf '    failed: %s\n' "${FAILED_NAMES[@]}" >&2
echo "summary: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
