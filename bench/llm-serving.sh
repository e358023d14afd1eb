#!/usr/bin/env bash
# Figures of the serving-health endpoint for an LLM service against a
# service of the template's server, in one run on the example fleet:
# support-llm (vLLM: the golden signals plus TTFT/TPOT, tokens, queue, KV
# cache, objectives on tokens and GPU cost) and fraud-graph-embedder (the
# template's server on the same cluster, GPU too). For each, REPEAT cold
# calls one after another (the answer cache is 1 ms, so every call reads
# Prometheus and the cluster again): latency, upstream requests per call
# (its answer's sources: Prometheus and each cluster's lists), the queries
# that reached Prometheus' query log (`sandbox queries`) per call, and the
# length of the batched query.
# Everything started is stopped at the end.
# Usage: bench/llm-serving.sh [REPEAT]   (default 40)
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

REPEAT="${1:-40}"
bench_init llm-serving 25940

bench_sandbox_up
start_bench_backend "$REPO_ROOT/examples/ml-org/model-services.yaml" Component \
  'serving: { cacheTtl: 1ms }'
step "Waiting for the catalog and for both services' figures"
wait_for_model_services 2
url() { echo "$base/api/mlops/entities/component/default/$1/serving-health"; }
deadline=$((SECONDS + 300))
until curl -fsS -H "authorization: Bearer $token" "$(url support-llm)" |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.exit(JSON.parse(s).llm?.ttftP95Ms != null ? 0 : 1))'; do
  [ $SECONDS -lt $deadline ] || die "support-llm has no LLM figures after 5 minutes"
  sleep 5
done

step "Measuring $REPEAT cold calls each"
printf '%-22s %6s %6s %6s %6s  %-14s %-16s %s\n' service p50 p95 p99 max 'upstream/call' 'Prometheus/call' 'batched query (chars)'
for name in fraud-graph-embedder support-llm; do
  since="$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)"
  summary="$(load --token "$token" --repeat "$REPEAT" \
    --sum upstream='sources[].requests' --answers llm='llm.ttftP95Ms' "$(url "$name")")"
  sleep 2 # the query log is written as each query completes
  logged="$("$SANDBOX_CLI" queries --since "$since" --source api --matching "$name")"
  # The longest query of this service in the window: the batched health query.
  query_bytes="$(node -e '
    const [file, since, name] = process.argv.slice(1);
    let max = 0;
    for (const line of require("fs").readFileSync(file, "utf8").split("\n")) {
      try {
        const q = JSON.parse(line);
        if (q.httpRequest && q.ts >= since && q.params.query.includes(name))
          max = Math.max(max, q.params.query.length);
      } catch {}
    }
    console.log(max);
  ' "$MLOPS_SANDBOX_DIR/prometheus/query.log" "$since" "$name")"
  node -e '
    const [name, json, logged, repeat, bytes] = process.argv.slice(1);
    const r = JSON.parse(json);
    const f = n => n.toFixed(0).padStart(6);
    console.log(`${name.padEnd(22)} ${f(r.p50)} ${f(r.p95)} ${f(r.p99)} ${f(r.max)}  ${r.upstreamPerCall.toFixed(2).padEnd(14)} ${(Number(logged) / Number(repeat)).toFixed(2).padEnd(16)} ${bytes}  (calls ${r.calls}, non-200 ${r.non200}, with LLM figures ${r.llm})`);
  ' "$name" "$summary" "$logged" "$REPEAT" "$query_bytes"
done
