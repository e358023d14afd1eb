#!/usr/bin/env bash
# Runs every test of the portal. Installs what is missing first (Node.js 22,
# JavaScript dependencies, the TechDocs generator, PostgreSQL, Prometheus and
# Chromium from Debian's packages, the sandbox's Go-built binaries); safe to
# run again. Stages:
#   static   type check, lint, formatting, the TechDocs of the portal and of
#            the example services (mkdocs --strict), the runbook links of
#            the platform's alert rules
#   unit     backstage-cli repo test, database tests also on a real PostgreSQL
#   template the model-service template through the scaffolder's dry-run API
#            for every parameter set, each repository checked with the real
#            tools, bad input refused
#   sandbox  the local sandbox, checked with kubectl and Prometheus' API
#   health   /api/mlops (serving health) against a sandbox's real clusters and
#            Prometheus, through its scenarios
#   e2e      production frontend build, backend on a real PostgreSQL and the
#            sandbox, Playwright in Chromium
#   deploy   several backend replicas on one PostgreSQL (deploy/tests/)
# Run a subset with: scripts/test.sh unit e2e
set -euo pipefail
. "$(dirname "$0")/lib/node.sh"
. "$(dirname "$0")/lib/python.sh"
. "$(dirname "$0")/lib/e2e.sh" # and sandbox.sh
. "$(dirname "$0")/lib/serving-health.sh"

STAGES=("$@")
[ ${#STAGES[@]} -gt 0 ] || STAGES=(static unit template sandbox health e2e deploy)
export CI="${CI:-true}"

PASSED=0
FAILED=0
FAILED_NAMES=()
TIMINGS=()

# run_check NAME COMMAND...: runs one check, records its outcome and time.
run_check() {
  local name="$1" started
  shift
  step "$name"
  started=$(now)
  if "$@"; then
    PASSED=$((PASSED + 1))
    TIMINGS+=("$name: passed in $(elapsed "$started")s")
  else
    FAILED=$((FAILED + 1))
    FAILED_NAMES+=("$name")
    TIMINGS+=("$name: FAILED after $(elapsed "$started")s")
  fi
}

yarn_run() { (cd "$REPO_ROOT" && yarn_cmd "$@"); }

stage_static() {
  run_check "Type check (tsc)" yarn_run tsc
  run_check "Lint (eslint)" yarn_run backstage-cli repo lint
  run_check "Formatting (prettier)" yarn_run prettier --check --loglevel warn .
  run_check "TechDocs of the portal and the example services (mkdocs --strict); runbook links of the platform's rules" \
    "$REPO_ROOT/scripts/check-docs.sh"
}

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
  trap stop_unit_postgres EXIT INT TERM
  start_unit_postgres
  run_check "Unit tests (backstage-cli repo test; databases: SQLite, PostgreSQL)" yarn_run backstage-cli repo test --ci
  run_check "Sandbox secret files are owner-only (stand-ins, no sandbox started)" "$REPO_ROOT/sandbox/test/secret-files-test.sh"
  stop_unit_postgres
  trap - EXIT INT TERM
}

stage_template() {
  run_check "Model service template (dry-run matrix, checks, bad input)" \
    "$REPO_ROOT/templates/model-service/tests/check-template.sh" "$ARTIFACTS_DIR/model-service-template"
}

stage_sandbox() {
  run_check "Sandbox (clusters, GPU nodes, Prometheus, HPAs, scenarios)" "$REPO_ROOT/sandbox/test/sandbox-test.sh"
}

stage_health() {
  trap stop_serving_health_sandbox EXIT INT TERM
  run_check "Serving health against the sandbox (scenarios, faults, PromQL cross-checks)" run_serving_health_tests
  trap - EXIT INT TERM
}

build_frontend() {
  yarn_run workspace app build >"$ARTIFACTS_DIR/frontend-build.log" 2>&1 ||
    { tail -n 40 "$ARTIFACTS_DIR/frontend-build.log" >&2; return 1; }
}

stage_e2e() {
  mkdir -p "$ARTIFACTS_DIR/screenshots"
  run_check "Frontend production build" build_frontend
  trap stop_e2e_portal EXIT INT TERM
  start_e2e_portal
  TIMINGS+=("Backend cold start to readiness: ${E2E_BACKEND_READY_SECONDS}s")
  run_check "Runbook links of the sandbox's rules, rendered from the template per service" \
    "$REPO_ROOT/scripts/check-docs.sh" "$MLOPS_SANDBOX_DIR/prometheus/rules"
  # MLOPS_E2E_ONLY: spec file filters, e.g. "tenant-safety", while working on them.
  # shellcheck disable=SC2086
  run_check "End-to-end tests (API on PostgreSQL, browser)" run_playwright ${MLOPS_E2E_ONLY:-}
  stop_e2e_portal
  trap - EXIT INT TERM
}

stage_deploy() {
  run_check "Replicas on one PostgreSQL (migrations once, collectors once per interval, kill -9)" \
    "$REPO_ROOT/deploy/tests/replicas-test.sh"
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

for stage in "${STAGES[@]}"; do
  case "$stage" in
    static | unit | template | sandbox | health | e2e | deploy) "stage_$stage" ;;
    *) die "unknown stage '$stage' (choose from: static unit template sandbox health e2e deploy)" ;;
  esac
done

step "Summary (total $(elapsed "$started_all")s)"
printf '    %s\n' "${TIMINGS[@]}" >&2
[ ${#FAILED_NAMES[@]} -eq 0 ] || printf '    failed: %s\n' "${FAILED_NAMES[@]}" >&2
echo "summary: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
