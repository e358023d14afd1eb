#!/usr/bin/env bash
# Fast check, no sandbox started: every file sandbox/bin/sandbox writes with
# credentials (the portal's tokens, portal.env, kwokctl's kubeconfigs and
# keys, prometheus-adapter's serving key, the state dir holding them) is
# owner-only from its creation, also when it existed with a wider mode, and
# the caller's umask is left as it was. kubectl, kwokctl and
# prometheus-adapter are stand-ins that write what the real ones write.
# The last line is "N passed, M failed"; exits non-zero on any failure.
#
#   sandbox/test/secret-files-test.sh
set -euo pipefail

SANDBOX_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$(mktemp -d /tmp/mlops-sandbox-secrets.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
export MLOPS_SANDBOX_DIR="$WORK/state" MLOPS_SANDBOX_FLEET=example
# shellcheck source=SCRIPTDIR/../bin/sandbox
. "$SANDBOX_ROOT/bin/sandbox"
umask 022 # a usual umask: files are world-readable unless the script says otherwise

PASSED=0
FAILED=0
ok() { PASSED=$((PASSED + 1)); printf 'ok    %s\n' "$1"; }
fail() { FAILED=$((FAILED + 1)); printf 'FAIL  %s\n' "$1"; [[ -z "${2:-}" ]] || printf '      %s\n' "$2"; }
owner_only() { # owner_only DESCRIPTION PATH: no group or other permission bits
  local mode
  mode="$(stat -c %a "$2" 2>/dev/null)" || { fail "$1" "$2 was not written"; return; }
  if (((8#$mode & 8#077) == 0)); then ok "$1"; else fail "$1" "$2 has mode $mode"; fi
}

# kubectl: `create token` prints a new token, everything else succeeds.
kc() {
  [[ " $* " != *" -f - "* ]] || cat >/dev/null
  [[ "${2:-}" != create ]] || printf 'token-new-%s' "$1"
}
# Records every chmod that comes after a new token was already in a file
# others can read (the window a later chmod 600 leaves open).
chmod() {
  local f="${*: -1}"
  if [[ -f "$f" ]] && grep -q token-new "$f" && (((8#$(stat -c %a "$f") & 8#077) != 0)); then
    echo "$f $(stat -c %a "$f")" >>"$WORK/exposed"
  fi
  command chmod "$@"
}

BIN="$WORK/bin"
mkdir -p "$BIN"
cat >"$BIN/kwokctl" <<'EOF'
#!/usr/bin/env bash
# Writes a kubeconfig and a CA key with the default modes of Go's os.WriteFile callers (0644).
for a in "$@"; do case "$a" in --kubeconfig=*) k="${a#--kubeconfig=}" ;; esac; done
mkdir -p "$HOME/.kwok/clusters/sandbox-east/pki" "$(dirname "$k")"
echo key >"$HOME/.kwok/clusters/sandbox-east/pki/ca.key"
echo admin-credentials >"$k"
EOF
cat >"$BIN/prometheus-adapter" <<'EOF'
#!/usr/bin/env bash
for a in "$@"; do case "$a" in --cert-dir=*) d="${a#--cert-dir=}" ;; esac; done
mkdir -p "$d"
echo serving-key >"$d/apiserver.key"
EOF
command chmod +x "$BIN/kwokctl" "$BIN/prometheus-adapter"

lock_state
owner_only "the state dir is owner-only" "$STATE"
mkdir -p "$STATE/logs" "$STATE/pids" "$STATE/clusters"

# A token rewritten over an earlier one that was world-readable.
mkdir -p "$(cluster_dir sandbox-east)" "$(cluster_dir sandbox-west)"
echo token-old >"$(cluster_dir sandbox-west)/portal-token"
command chmod 644 "$(cluster_dir sandbox-west)/portal-token"
configure_cluster sandbox-east >/dev/null
configure_cluster sandbox-west >/dev/null
owner_only "a new portal token is owner-only" "$(cluster_dir sandbox-east)/portal-token"
owner_only "a rewritten portal token is owner-only" "$(cluster_dir sandbox-west)/portal-token"
if [[ -s "$WORK/exposed" ]]; then
  fail "no new token is ever in a file others can read" "$(cat "$WORK/exposed")"
else
  ok "no new token is ever in a file others can read"
fi

write_portal_env
owner_only "a new portal.env is owner-only" "$STATE/portal.env"
command chmod 644 "$STATE/portal.env"
write_portal_env
owner_only "a rewritten portal.env is owner-only" "$STATE/portal.env"
if grep -q 'MLOPS_SANDBOX_EAST_TOKEN=token-new-sandbox-east' "$STATE/portal.env"; then
  ok "portal.env holds the tokens"
else
  fail "portal.env holds the tokens" "$(cat "$STATE/portal.env")"
fi

kwok_ctl create cluster --name sandbox-east --kubeconfig="$(kubeconfig sandbox-east)"
owner_only "kwokctl's kubeconfig is owner-only" "$(kubeconfig sandbox-east)"
owner_only "kwokctl's CA key is owner-only" "$(kwok_dir sandbox-east)/pki/ca.key"

start_adapter sandbox-east
wait "$(cat "$STATE/pids/adapter-sandbox-east.pid")" || true
owner_only "prometheus-adapter's serving key is owner-only" \
  "$(cluster_dir sandbox-east)/adapter-certs/apiserver.key"

if [[ "$(umask)" == 0022 ]]; then
  ok "the caller's umask is unchanged"
else
  fail "the caller's umask is unchanged" "umask is $(umask)"
fi

echo "$PASSED passed, $FAILED failed"
((FAILED == 0))
