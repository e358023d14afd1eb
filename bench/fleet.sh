#!/usr/bin/env bash
# Figures of the fleet (/api/mlops/fleet, docs/fleet.md) for a sandbox fleet
# of N services (default 1000): one run of the fleet task (build time,
# upstream requests, answer size), a sample of rows against PromQL and
# kubectl, the answer's latency to a client from the cache, upstream requests
# per minute while 1, 10 and 50 viewers ask for it, the browser's time to
# render every row and to re-sort them, and the latency cold (the first
# viewers of a restarted backend).
#
# A sandbox with MLOPS_SANDBOX_FLEET=large:N on its own port base, a catalog
# of its N services (svc-0001.. in team-01..team-20, each team holding its
# namespace), the backend from source (SQLite, fleet task every 30 s) serving
# the production build of the frontend. Everything started is stopped at
# the end.
# Usage: bench/fleet.sh [N]
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

SIZE="${1:-1000}"
VIEWERS=(1 10 50)
WINDOW_S=60
bench_init fleet 25440

tenancy() {
  echo "tenancy:"
  echo "  namespaces:"
  for ((t = 1; t <= 20; t++)); do
    printf '    - { namespace: team-%02d, owners: [group:default/team-%02d] }\n' "$t" "$t"
  done
  echo "  platformGroups: [group:default/ml-platform]"
}

# fleet_json: the fleet answer as the bench's token sees it (the whole fleet).
fleet_json() { curl -fsS -H "authorization: Bearer $token" "$base/api/mlops/fleet"; }

if [ ! -f "$REPO_ROOT/packages/app/dist/index.html" ]; then
  step "Frontend production build (packages/app/dist)"
  (cd "$REPO_ROOT" && node .yarn/releases/yarn-4.13.0.cjs workspace app build >"$WORK/frontend-build.log" 2>&1) ||
    { tail -n 20 "$WORK/frontend-build.log"; die "frontend build failed"; }
fi

bench_sandbox_up "large:$SIZE"
fleet_catalog "$SIZE" >"$WORK/services.yaml"
start_bench_backend "$WORK/services.yaml" Component "$(tenancy)
fleet: { frequency: 30s }"

step "Waiting for the catalog, the services' traffic and a fleet answer of $SIZE rows"
wait_for_model_services "$SIZE"
deadline=$((SECONDS + 900))
until [ "$(fleet_json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=JSON.parse(s);console.log(v.state==="ok"?v.services.filter(r=>r.requestsPerSecond>0).length:0)})')" -ge "$SIZE" ]; do
  [ $SECONDS -lt $deadline ] || die "the fleet answer did not show traffic of $SIZE services"
  sleep 10
done

step "One run of the fleet task ($SIZE services)"
fleet_json >"$WORK/fleet.json"
node -e '
  const fs = require("fs"), zlib = require("zlib");
  const text = fs.readFileSync(process.argv[1], "utf8"), v = JSON.parse(text);
  const statuses = {};
  for (const r of v.services) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  console.log(`build ${v.buildMs} ms, upstream requests ${v.upstreamRequests} (${v.sources.map(s => `${s.name} ${s.requests}`).join(", ")}), answer ${text.length} bytes (${zlib.gzipSync(text).length} gzipped), rows ${v.services.length} ${JSON.stringify(statuses)}, teams ${v.teams.length}, GPU pools ${v.gpus.pools.length}`);
' "$WORK/fleet.json"
grep -o 'Fleet: [^"]*' "$WORK/backend.log" | tail -n 3 | sed 's/^/    backend log: /'

step "A sample of rows against PromQL at the answer's instant and kubectl"
node "$BENCH_LIB/fleet-sample.mjs" "$WORK/fleet.json" 5

step "Baseline: the same $SIZE services' serving health, one entity at a time (8 at a time, cold)"
names=()
for ((i = 1; i <= SIZE; i++)); do names+=("$base/api/mlops/entities/component/default/$(printf 'svc-%04d' "$i")/serving-health"); done
baseline="$(load --token "$token" --concurrency 8 --sum upstream='sources[].requests' "${names[@]}")"
node -e '
  const [f, b] = [JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")), JSON.parse(process.argv[2])];
  console.log(`  per entity: ${b.calls} calls in ${(b.wallMs / 1000).toFixed(1)} s, ${b.upstream} upstream requests; the fleet run: ${(f.buildMs / 1000).toFixed(1)} s, ${f.upstreamRequests} requests`);
  console.log(`  ratio fleet / per entity: time ${(f.buildMs / b.wallMs).toFixed(3)}, upstream requests ${(f.upstreamRequests / b.upstream).toFixed(4)}`);
' "$WORK/fleet.json" "$baseline"

step "Latency of the answer (from the replica's cache)"
for concurrency in 1 10; do
  summary="$(load --token "$token" --concurrency "$concurrency" --repeat 50 "$base/api/mlops/fleet")"
  echo "  $concurrency at a time: $(json_field "$summary" calls p50 p95 max bytes | awk '{printf "%s calls, p50 %.0f ms, p95 %.0f ms, max %.0f ms, %d bytes", $1, $2, $3, $4, $5}')"
done

step "Upstream requests per minute while viewers ask every 2 s (${WINDOW_S} s each)"
for viewers in "${VIEWERS[@]}"; do
  since="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  urls=()
  for ((i = 0; i < viewers * WINDOW_S / 2; i++)); do urls+=("$base/api/mlops/fleet"); done
  started=$(now)
  (for ((w = 0; w < WINDOW_S / 2; w++)); do
    load --token "$token" --concurrency "$viewers" --repeat "$viewers" "$base/api/mlops/fleet" >/dev/null &
    sleep 2
  done
  wait)
  api="$("$SANDBOX_CLI" requests --since "$since")"
  queries="$("$SANDBOX_CLI" queries --since "$since")"
  echo "  $viewers viewer(s): apiserver $api, Prometheus $queries in $(elapsed "$started") s"
done

step "Browser: time to render $SIZE rows and to re-sort them"
shots="${MLOPS_BENCH_SCREENSHOTS:-/tmp}/fleet-$SIZE"
node "$BENCH_LIB/fleet-render.mjs" "$base" "$SIZE" team-01 "$shots"
echo "  screenshots: $shots-sorted.png, $shots-filtered.png"

step "Latency of the answer cold: the first viewers of a restarted replica (empty cache, the stored answer)"
restarted_at="$(date -u +%Y-%m-%dT%H:%M:%S.000Z)"
restart_bench_backend
for i in 1 2 3; do
  curl -fsS -o "$WORK/cold.json" -w '%{time_total}\n' -H "authorization: Bearer $token" "$base/api/mlops/fleet" >"$WORK/cold.time"
  node -e '
    const fs = require("fs"), [file, time, restarted, i] = process.argv.slice(1);
    const v = JSON.parse(fs.readFileSync(file, "utf8"));
    const from = v.evaluatedAt < restarted ? "computed before the restart: read from the database" + (i === "1" ? "" : " or the cache it filled") : "computed after the restart";
    console.log(`  request ${i}: ${(Number(fs.readFileSync(time, "utf8")) * 1000).toFixed(0)} ms, ${v.services.length} rows, ${from}`);
  ' "$WORK/cold.json" "$WORK/cold.time" "$restarted_at" "$i"
done
