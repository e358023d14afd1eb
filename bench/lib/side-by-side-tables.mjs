// The two tables bench/side-by-side.sh writes, read for its summary and its
// charts, and the figures both derive from them.
//
// upstream.tsv, a row per phase: clusters, label (idle | stock |
// stock+metrics | ours), viewers, apiserver requests, Prometheus queries,
// window s, backend CPU s, peak RSS MiB.
// routes.tsv, a row per route and phase: clusters, label, viewers, route,
// calls, p50, p95, p99 (ms), errors, bytes (mean per answer).
import { existsSync, readFileSync } from 'node:fs';

const number = text => (text === undefined || text === '' ? NaN : Number(text));

function rowsOf(file) {
  if (!file || !existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map(line => line.split('\t'));
}

export function readTables(upstreamFile, routesFile) {
  const upstream = rowsOf(upstreamFile).map(
    ([clusters, label, viewers, api, prom, window, cpu, peak]) => ({
      clusters: number(clusters),
      label,
      viewers: number(viewers),
      api: number(api),
      prom: number(prom),
      window: number(window),
      cpu: number(cpu),
      peak: number(peak),
    }),
  );
  const routes = rowsOf(routesFile).map(
    ([
      clusters,
      label,
      viewers,
      route,
      calls,
      p50,
      p95,
      p99,
      errors,
      bytes,
    ]) => ({
      clusters: number(clusters),
      label,
      viewers: number(viewers),
      route,
      calls: number(calls),
      p50: number(p50),
      p95: number(p95),
      p99: number(p99),
      errors: number(errors),
      bytes: number(bytes),
    }),
  );
  return { upstream, routes };
}

export const perMinute = (row, n) => (n * 60) / row.window;

/** What a phase added per minute to `key` (api | prom) beyond its size's idle phase. */
export function extraPerMinute(upstream, row, key) {
  const idle = upstream.find(
    r => r.clusters === row.clusters && r.label === 'idle',
  );
  return Math.max(
    0,
    perMinute(row, row[key]) - (idle ? perMinute(idle, idle[key]) : 0),
  );
}

// One page refresh: the Kubernetes tab's /services/:name; an entity's mlops
// pages (serving with alerts, autoscaling, GPU jobs) all at once, the most
// a viewer of them fetches.
const PAGE_ROUTES = {
  stock: ['k8s-services'],
  'stock+metrics': ['k8s-services'],
  ours: ['health', 'alerts', 'autoscaling', 'gpu-jobs'],
};

/** The routes of one page refresh in the phase of `row` (none: an empty list). */
export const pageRoutes = (routes, row) =>
  routes.filter(
    r =>
      r.clusters === row.clusters &&
      r.label === row.label &&
      r.viewers === row.viewers &&
      (PAGE_ROUTES[row.label] ?? []).includes(r.route),
  );

export const refreshBytes = (routes, row) =>
  pageRoutes(routes, row).reduce((n, r) => n + r.bytes, 0);
