// One page load of each plugin for one service while a source is faulty:
// the Kubernetes tab's call (POST /api/kubernetes/services/:name) and the
// mlops serving health, at the same moment. Prints one JSON line per
// plugin: how long the answer took (or that none came within the limit),
// whether it names the failing source, and whether the other sources' data
// is still in it.
// Usage: node bench/lib/fault-probe.mjs BASE_URL CATALOG_FILE NAME FAILING
//   FAILING: the failing source as the answers name it (a cluster's name,
//   or "prometheus"); the token in MLOPS_BENCH_TOKEN.
import fs from 'node:fs';
import { parseAllDocuments } from 'yaml';

const LIMIT_MS = 60_000;
const [base, file, name, failing] = process.argv.slice(2);
const headers = {
  authorization: `Bearer ${process.env.MLOPS_BENCH_TOKEN}`,
  'content-type': 'application/json',
};
const entity = parseAllDocuments(fs.readFileSync(file, 'utf8'))
  .map(d => d.toJSON())
  .find(e => e?.kind === 'Component' && e.metadata.name === name);
if (!entity) throw new Error(`${name} is not in ${file}`);
entity.metadata.namespace ??= 'default';

async function timed(url, init) {
  const started = performance.now();
  try {
    const response = await fetch(url, {
      ...init,
      headers,
      signal: AbortSignal.timeout(LIMIT_MS),
    });
    const body = await response.json();
    return { ms: performance.now() - started, status: response.status, body };
  } catch (error) {
    return { ms: performance.now() - started, error: error.name };
  }
}

const mentions = value =>
  JSON.stringify(value ?? '')
    .toLowerCase()
    .includes(failing.toLowerCase());

const [stock, ours] = await Promise.all([
  timed(`${base}/api/kubernetes/services/${name}`, {
    method: 'POST',
    body: JSON.stringify({ entity }),
  }),
  timed(`${base}/api/mlops/entities/component/default/${name}/serving-health`),
]);

const report = (plugin, call, named, others) =>
  console.log(
    JSON.stringify({
      plugin,
      answeredMs: call.error ? null : Math.round(call.ms),
      outcome: call.error
        ? `no answer within ${LIMIT_MS / 1000} s (${call.error})`
        : `HTTP ${call.status}`,
      namesFailingSource: call.error ? false : named,
      othersShown: call.error ? false : others,
    }),
  );

const items = stock.body?.items ?? [];
report(
  'stock',
  stock,
  items.some(i => mentions(i.cluster?.name) && i.errors?.length > 0) ||
    mentions(items.flatMap(i => i.errors ?? [])),
  items.some(
    i =>
      !mentions(i.cluster?.name) &&
      (i.resources ?? []).some(r => r.resources?.length > 0),
  ),
);
const sources = ours.body?.sources ?? [];
report(
  'ours',
  ours,
  sources.some(s => !s.ok && mentions(s.name)),
  sources.some(s => s.ok && !mentions(s.name)),
);
