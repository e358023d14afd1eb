// Charts of a side-by-side run, one SVG per measure: x the viewer count,
// one line per plugin and number of clusters (colour: plugin; dash: clusters).
//
// Usage: node side-by-side-charts.mjs UPSTREAM_TSV ROUTES_TSV OUT_DIR
// (the tables bench/side-by-side.sh writes; columns in side-by-side-summary.mjs
// and in its phase()).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  extraPerMinute,
  pageRoutes,
  readTables,
  refreshBytes,
} from './side-by-side-tables.mjs';

const [upstreamFile, routesFile, outDir] = process.argv.slice(2);
const { upstream, routes } = readTables(upstreamFile, routesFile);

const PLUGINS = [
  { label: 'stock', name: 'Kubernetes tab', colour: '#c62828' },
  {
    label: 'stock+metrics',
    name: 'Kubernetes tab, pod metrics',
    colour: '#ef6c00',
  },
  { label: 'ours', name: 'mlops pages', colour: '#1565c0' },
];
const DASHES = ['', '8 4', '2 4', '12 4 2 4'];
const clusterCounts = [...new Set(upstream.map(r => r.clusters))].sort(
  (a, b) => a - b,
);
const viewerCounts = [
  ...new Set(upstream.filter(r => r.label !== 'idle').map(r => r.viewers)),
].sort((a, b) => a - b);

const MEASURES = [
  {
    file: 'apiserver-requests.svg',
    title:
      'Requests to the kube-apiservers (all clusters), beyond nobody watching',
    unit: 'requests per minute',
    log: true,
    value: r => extraPerMinute(upstream, r, 'api'),
  },
  {
    file: 'prometheus-queries.svg',
    title: 'Queries to Prometheus, beyond nobody watching',
    unit: 'queries per minute',
    log: true,
    value: r => extraPerMinute(upstream, r, 'prom'),
  },
  {
    file: 'latency-p95.svg',
    title:
      'Latency p95 of a page refresh (tab: /services/:name; ours: slowest route)',
    unit: 'ms',
    log: true,
    value: r => {
      const p95s = pageRoutes(routes, r).map(x => x.p95);
      return p95s.length ? Math.max(...p95s) : NaN;
    },
  },
  {
    file: 'bytes-per-refresh.svg',
    title:
      'Bytes per page refresh (ours: serving, alerts, autoscaling and GPU jobs together)',
    unit: 'bytes',
    log: true,
    value: r => refreshBytes(routes, r) || NaN,
  },
  {
    file: 'backend-cpu.svg',
    title: 'Backend CPU',
    unit: 'CPU seconds per minute',
    log: false,
    value: r => (r.cpu * 60) / r.window,
  },
  {
    file: 'backend-peak-rss.svg',
    title: 'Backend peak RSS',
    unit: 'MiB',
    log: false,
    value: r => r.peak,
  },
];

const W = 900;
const H = 400;
const M = { left: 70, right: 300, top: 40, bottom: 50 };
const esc = s =>
  String(s).replace(
    /[<>&]/g,
    c => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' }[c]),
  );
const fmt = n =>
  n >= 1e6
    ? `${+(n / 1e6).toFixed(1)}M`
    : n >= 1e3
    ? `${+(n / 1e3).toFixed(1)}k`
    : `${+n.toFixed(n < 10 ? 1 : 0)}`;

// x the viewer count: a line per plugin and number of clusters.
function byViewers(measure) {
  const series = [];
  for (const plugin of PLUGINS) {
    clusterCounts.forEach((clusters, i) => {
      const points = viewerCounts
        .map(viewers => {
          const row = upstream.find(
            r =>
              r.label === plugin.label &&
              r.clusters === clusters &&
              r.viewers === viewers,
          );
          return row ? { x: viewers, y: measure.value(row) } : undefined;
        })
        .filter(p => p && Number.isFinite(p.y));
      if (points.length > 0) {
        series.push({
          name: `${plugin.name}, ${clusters} clusters`,
          colour: plugin.colour,
          dash: DASHES[i % DASHES.length],
          points,
        });
      }
    });
  }
  return { xs: viewerCounts, xLabel: 'viewers', series };
}

// x the number of clusters: a line per plugin at the largest viewer count.
function byClusters(measure) {
  const viewers = viewerCounts[viewerCounts.length - 1];
  const series = PLUGINS.map(plugin => ({
    name: plugin.name,
    colour: plugin.colour,
    dash: '',
    points: clusterCounts
      .map(clusters => {
        const row = upstream.find(
          r =>
            r.label === plugin.label &&
            r.clusters === clusters &&
            r.viewers === viewers,
        );
        return row ? { x: clusters, y: measure.value(row) } : undefined;
      })
      .filter(p => p && Number.isFinite(p.y)),
  })).filter(s => s.points.length > 0);
  return {
    xs: clusterCounts,
    xLabel: `clusters (${viewers} viewers)`,
    series,
    linear: true,
  };
}

function chart(measure, { xs, xLabel, series, linear }) {
  const ys = series.flatMap(s => s.points.map(p => p.y));
  const floor = measure.log ? 1 : 0;
  const top = Math.max(floor + 1, ...ys) * (measure.log ? 1.5 : 1.1);
  const lo = measure.log ? Math.log10(floor) : 0;
  const hi = measure.log ? Math.log10(top) : top;
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  // Viewer counts as categories; numbers of clusters to scale.
  const [xMin, xMax] = [xs[0], xs[xs.length - 1]];
  const x = value =>
    M.left +
    (xs.length === 1
      ? plotW / 2
      : (linear
          ? (value - xMin) / (xMax - xMin)
          : xs.indexOf(value) / (xs.length - 1)) * plotW);
  const y = v => {
    const t = measure.log ? Math.log10(Math.max(v, floor)) : v;
    return M.top + plotH - ((t - lo) / (hi - lo)) * plotH;
  };
  const ticks = measure.log
    ? Array.from({ length: Math.floor(hi) + 1 }, (_, i) => 10 ** i).filter(
        t => t >= floor && t <= top,
      )
    : Array.from({ length: 6 }, (_, i) => (top * i) / 5);
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${M.left}" y="22" font-size="14" font-weight="bold">${esc(
      measure.title,
    )}</text>`,
    `<text transform="translate(16 ${
      M.top + plotH / 2
    }) rotate(-90)" text-anchor="middle">${esc(measure.unit)}${
      measure.log ? ' (log scale)' : ''
    }</text>`,
    `<text x="${M.left + plotW / 2}" y="${H - 10}" text-anchor="middle">${esc(
      xLabel,
    )}</text>`,
  ];
  for (const t of ticks) {
    out.push(
      `<line x1="${M.left}" x2="${M.left + plotW}" y1="${y(t)}" y2="${y(
        t,
      )}" stroke="#ddd"/>`,
      `<text x="${M.left - 6}" y="${y(t) + 4}" text-anchor="end">${fmt(
        t,
      )}</text>`,
    );
  }
  for (const v of xs) {
    out.push(
      `<text x="${x(v)}" y="${
        M.top + plotH + 18
      }" text-anchor="middle">${v}</text>`,
    );
  }
  out.push(
    `<rect x="${M.left}" y="${M.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#888"/>`,
  );
  series.forEach((s, i) => {
    const path = s.points.map(p => `${x(p.x)},${y(p.y)}`).join(' ');
    out.push(
      `<polyline points="${path}" fill="none" stroke="${s.colour}" stroke-width="2" stroke-dasharray="${s.dash}"/>`,
      ...s.points.map(
        p =>
          `<circle cx="${x(p.x)}" cy="${y(p.y)}" r="3.5" fill="${
            s.colour
          }"><title>${esc(
            `${s.name}, ${xLabel} ${p.x}: ${fmt(p.y)} ${measure.unit}`,
          )}</title></circle>`,
      ),
    );
    const ly = M.top + 10 + i * 18;
    const lx = M.left + plotW + 14;
    out.push(
      `<line x1="${lx}" x2="${lx + 26}" y1="${ly}" y2="${ly}" stroke="${
        s.colour
      }" stroke-width="2" stroke-dasharray="${s.dash}"/>`,
      `<text x="${lx + 32}" y="${ly + 4}">${esc(s.name)}</text>`,
    );
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

const written = [];
for (const measure of MEASURES) {
  for (const [suffix, layout] of [
    ['by-viewers', byViewers],
    ['by-clusters', byClusters],
  ]) {
    const file = measure.file.replace(/\.svg$/, `-${suffix}.svg`);
    writeFileSync(join(outDir, file), chart(measure, layout(measure)));
    written.push(file);
  }
}
console.log(`${written.length} charts: ${written.join(', ')}`);
