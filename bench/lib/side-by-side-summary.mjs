// The side-by-side run's summary (bench/side-by-side.sh): per number of
// clusters and viewers, the requests each plugin added to the apiservers and
// Prometheus per minute beyond what the collectors ask with nobody watching,
// the ratio ours / stock, backend CPU and the bytes of one page refresh.
// Exits 1 when a count is missing or zero where it cannot be (the check
// scripts/test.sh relies on).
//
// Usage: node side-by-side-summary.mjs UPSTREAM_TSV ROUTES_TSV
// (columns in side-by-side-tables.mjs)
import {
  extraPerMinute,
  perMinute,
  readTables,
  refreshBytes,
} from './side-by-side-tables.mjs';

const { upstream, routes } = readTables(process.argv[2], process.argv[3]);

const missing = upstream.filter(r =>
  [r.api, r.prom, r.window].some(Number.isNaN),
);
if (missing.length > 0) {
  console.error(
    `an upstream count is missing: ${missing
      .map(r => `${r.label} at ${r.viewers} viewer(s), ${r.clusters} clusters`)
      .join('; ')}`,
  );
  process.exit(1);
}

const f = n => Math.max(0, n).toFixed(0);
const ratio = (a, b) => (a / Math.max(1, b)).toFixed(3);
const cpu = r => ((r.cpu * 60) / r.window).toFixed(1);

for (const clusters of [...new Set(upstream.map(r => r.clusters))]) {
  const here = upstream.filter(r => r.clusters === clusters);
  const idle = here.find(r => r.label === 'idle');
  if (idle) {
    console.log(
      `  ${clusters} clusters, nobody watching: ${f(
        perMinute(idle, idle.api),
      )} apiserver requests/min, ${f(
        perMinute(idle, idle.prom),
      )} Prometheus queries/min (subtracted below)`,
    );
  }
  for (const viewers of [
    ...new Set(here.filter(r => r.label !== 'idle').map(r => r.viewers)),
  ]) {
    const at = label =>
      here.find(r => r.label === label && r.viewers === viewers);
    const ours = at('ours');
    for (const stock of [at('stock'), at('stock+metrics')].filter(Boolean)) {
      const [sApi, sProm] = ['api', 'prom'].map(k =>
        extraPerMinute(upstream, stock, k),
      );
      const line = [
        `    ${String(viewers).padStart(2)} viewer(s), ${
          stock.label
        }: apiservers ${f(sApi)}, Prometheus ${f(sProm)}, CPU s/min ${cpu(
          stock,
        )}, bytes per refresh ${refreshBytes(routes, stock)}`,
      ];
      if (ours) {
        const [oApi, oProm] = ['api', 'prom'].map(k =>
          extraPerMinute(upstream, ours, k),
        );
        line.push(
          `ours: ${f(oApi)} (ratio ${ratio(oApi, sApi)}), ${f(oProm)}, ${cpu(
            ours,
          )}, ${refreshBytes(routes, ours)} (ratio ${ratio(
            refreshBytes(routes, ours),
            refreshBytes(routes, stock),
          )})`,
        );
      }
      console.log(line.join('; '));
    }
  }
}

const total = (label, key) =>
  upstream.filter(r => r.label === label).reduce((n, r) => n + r[key], 0);
if (total('stock', 'api') === 0) {
  console.error(
    'the apiservers counted no request of the kubernetes plugin: the audit logs were not read',
  );
  process.exit(1);
}
if (total('ours', 'prom') === 0) {
  console.error(
    'Prometheus counted no query of the mlops routes: the query log was not read',
  );
  process.exit(1);
}
