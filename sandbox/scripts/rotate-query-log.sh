#!/usr/bin/env bash
# Keeps Prometheus' query log small. It records every rule evaluation (~60
# rules every 5 s) and prometheus-adapter's queries, about 0.9 MB a minute,
# and Prometheus never rotates it. When it passes MAX_MB, it becomes QUERY_LOG.1 (replacing
# the older one) and a reload makes Prometheus open a new QUERY_LOG.
# `sandbox up` runs it in the background; `down` stops it.
#
#   sandbox/scripts/rotate-query-log.sh QUERY_LOG PROMETHEUS_URL [MAX_MB] [CHECK_SECONDS]
set -euo pipefail

log="$1" prometheus="$2" max_bytes=$((${3:-20} * 1024 * 1024)) every="${4:-30}"

while sleep "$every"; do
  size="$(stat -c %s "$log" 2>/dev/null || echo 0)"
  ((size > max_bytes)) || continue
  mv -f "$log" "$log.1"
  # Until the reload, Prometheus goes on writing to the renamed file: nothing is lost.
  # When it is down (scenario prometheus-down), it opens a new file as it starts.
  if curl -fsS -o /dev/null --max-time 10 -X POST "$prometheus/-/reload"; then
    echo "$(date -u +%FT%TZ) rotated $log at $size bytes"
  else
    echo "$(date -u +%FT%TZ) rotated $log at $size bytes; Prometheus did not reload"
  fi
done
