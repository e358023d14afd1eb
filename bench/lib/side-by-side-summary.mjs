// The side-by-side run's upstream table (bench/side-by-side.sh writes it):
// per number of clusters and viewers, the requests each plugin added to the
// apiservers and Prometheus per minute beyond what the collectors ask with
// nobody watching, and the ratio ours / stock. Exits 1 when a count is
// missing or zero where it cannot be (the check scripts/test.sh relies on).
//
// Usage: node side-by-side-summary.mjs UPSTREAM_TSV [ROUTES_TSV]
// Columns: clusters, label (idle | stock | stock+metrics | ours), viewers,
// apiserver requests, Prometheus queries, window s, backend CPU s, peak RSS MiB.
// With ROUTES_TSV, also the bytes of one page refresh per plugin (what
// side-by-side-charts.mjs plots).
import { existsSync, readFileSync } from 'node:fs';

const [upstreamFile, routesFile] = process.argv.slice(2);
const routes =
  routesFile && existsSync(routesFile)
    ? readFileSync(routesFile, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map(line => {
          const [clusters, label, viewers, route, , , , , , bytes] =
            line.split('\t');
          return { clusters, label, viewers, route, bytes: Number(bytes) };
        })
    : [];
// One refresh: the Kubernetes tab's /services/:name; an entity's mlops
// pages (serving with alerts, autoscaling, GPU jobs) all at once.
const PAGE_ROUTES = {
  stock: ['k8s-services'],
  'stock+metrics': ['k8s-services'],
  ours: ['health', 'alerts', 'autoscaling', 'gpu-jobs'],
};
const refreshBytes = r =>
  routes
    .filter(
      x =>
        x.clusters === r.clusters &&
        x.label === r.label &&
        x.viewers === r.viewers &&
        PAGE_ROUTES[r.label].includes(x.route),
    )
    .reduce((n, x) => n + x.bytes, 0);

const rows = readFileSync(upstreamFile, 'utf8')
  .trim()
  .split('\n')
  .map(line => {
    const [clusters, label, viewers, api, prom, window, cpu, peak] =
      line.split('\t');
    return { clusters, label, viewers, api, prom, window, cpu, peak };
  });

const missing = rows.filter(r =>
  [r.api, r.prom, r.window].some(v => v === '' || Number.isNaN(Number(v))),
);
if (missing.length > 0) {
  console.error(
    `an upstream count is missing: ${missing
      .map(r => `${r.label} at ${r.viewers} viewer(s), ${r.clusters} clusters`)
      .join('; ')}`,
  );
  process.exit(1);
}

const perMinute = (r, n) => (n * 60) / Number(r.window);
const f = n => Math.max(0, n).toFixed(0);

for (const clusters of [...new Set(rows.map(r => r.clusters))]) {
  const here = rows.filter(r => r.clusters === clusters);
  const idle = here.find(r => r.label === 'idle');
  const extra = (r, key) =>
    perMinute(r, Number(r[key])) -
    (idle ? perMinute(idle, Number(idle[key])) : 0);
  console.log(
    `  ${clusters} clusters, nobody watching: ${f(
      idle ? perMinute(idle, Number(idle.api)) : NaN,
    )} apiserver requests/min, ${f(
      idle ? perMinute(idle, Number(idle.prom)) : NaN,
    )} Prometheus queries/min (subtracted below)`,
  );
  for (const viewers of [
    ...new Set(here.filter(r => r.label !== 'idle').map(r => r.viewers)),
  ]) {
    const at = label =>
      here.find(r => r.label === label && r.viewers === viewers);
    const ours = at('ours');
    for (const stock of [at('stock'), at('stock+metrics')].filter(Boolean)) {
      const ratio = ours
        ? (
            Math.max(0, extra(ours, 'api')) / Math.max(1, extra(stock, 'api'))
          ).toFixed(3)
        : 'n/a';
      console.log(
        `    ${viewers.padStart(2)} viewer(s): apiservers ${stock.label} ${f(
          extra(stock, 'api'),
        )}, ours ${
          ours ? f(extra(ours, 'api')) : 'n/a'
        } (ratio ${ratio}); Prometheus ${stock.label} ${f(
          extra(stock, 'prom'),
        )}, ours ${ours ? f(extra(ours, 'prom')) : 'n/a'}; backend CPU s/min ${
          stock.label
        } ${((Number(stock.cpu) * 60) / Number(stock.window)).toFixed(
          1,
        )}, ours ${
          ours
            ? ((Number(ours.cpu) * 60) / Number(ours.window)).toFixed(1)
            : 'n/a'
        }${
          routes.length && ours
            ? `; bytes per refresh ${stock.label} ${refreshBytes(
                stock,
              )}, ours ${refreshBytes(ours)} (ratio ${(
                refreshBytes(ours) / Math.max(1, refreshBytes(stock))
              ).toFixed(3)})`
            : ''
        }`,
      );
    }
  }
}

const total = (label, key) =>
  rows.filter(r => r.label === label).reduce((n, r) => n + Number(r[key]), 0);
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
