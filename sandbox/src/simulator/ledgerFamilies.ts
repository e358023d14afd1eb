import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { LATENCY_BUCKETS } from './traffic';

/**
 * The families fed by per-pod ledgers: tens of thousands of series in a large
 * fleet. prom-client formats every series anew at each scrape (seconds of CPU
 * and much garbage for 1000 services); these families keep each ledger's label
 * text and write their own lines. They are still ordinary prom-client metrics
 * in the registry (get() works), SimulatorRegistry just takes the fast path.
 */

export type Labels = Record<string, string>;

/** A series as a ledger keeps it: the labels, and the same labels already as exposition text. */
export interface SeriesLabels {
  labels: Labels;
  text: string;
}

export function escapeLabelValue(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/"/g, '\\"');
}

export function seriesLabels(labels: Labels): SeriesLabels {
  return {
    labels,
    text: Object.entries(labels)
      .map(([k, v]) => `${k}="${escapeLabelValue(v)}"`)
      .join(','),
  };
}

function valueText(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function header(name: string, help: string, type: string): string {
  const escaped = help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
  return `# HELP ${name} ${escaped}\n# TYPE ${name} ${type}`;
}

interface TextFamily {
  renderText(): string;
}

function rendersText(metric: unknown): metric is TextFamily {
  return typeof (metric as Partial<TextFamily>).renderText === 'function';
}

/** prom-client's Registry, taking the fast path for families that write their own text. */
export class SimulatorRegistry extends Registry {
  async metrics(): Promise<string> {
    const parts = await Promise.all(
      this.getMetricsAsArray().map(metric =>
        rendersText(metric)
          ? metric.renderText()
          : this.getSingleMetricAsString(metric.name),
      ),
    );
    return `${parts.join('\n\n')}\n`;
  }
}

export interface CounterRow {
  series: SeriesLabels;
  value: number;
}

type RowSpec = { name: string; help: string; labelNames: string[] };

/** The exposition lines of a family of one value per series. */
function rowsText(spec: RowSpec, type: string, rows: Iterable<CounterRow>) {
  const lines = [header(spec.name, spec.help, type)];
  for (const { series, value } of rows) {
    lines.push(`${spec.name}{${series.text}} ${valueText(value)}`);
  }
  return lines.join('\n');
}

/** prom-client's values of the same rows (what get() returns). */
function rowValues(rows: Iterable<CounterRow>) {
  return [...rows].map(r => ({ labels: r.series.labels, value: r.value }));
}

export class LedgerCounter extends Counter<string> {
  constructor(
    registry: Registry,
    private readonly spec: RowSpec,
    private readonly rows: () => Iterable<CounterRow>,
  ) {
    super({ ...spec, registers: [registry] });
  }

  renderText(): string {
    return rowsText(this.spec, 'counter', this.rows());
  }

  async get() {
    return { ...(await super.get()), values: rowValues(this.rows()) };
  }
}

/** A gauge whose values the ledgers hold, written like the counters. */
export class LedgerGauge extends Gauge<string> {
  constructor(
    registry: Registry,
    private readonly spec: RowSpec,
    private readonly rows: () => Iterable<CounterRow>,
  ) {
    super({ ...spec, registers: [registry] });
  }

  renderText(): string {
    return rowsText(this.spec, 'gauge', this.rows());
  }

  async get() {
    return { ...(await super.get()), values: rowValues(this.rows()) };
  }
}

export interface HistogramRow {
  series: SeriesLabels;
  /** Non-cumulative counts per bucket of the family's bounds, plus one above the last. */
  buckets: readonly number[];
  sum: number;
}

/** `le` as Python's prometheus_client writes it (the servers simulated here are Python): 1.0, 0.25. */
export function pythonLe(bound: number): string {
  return Number.isInteger(bound) ? `${bound}.0` : String(bound);
}

export class LedgerHistogram extends Histogram<string> {
  private readonly bucketLabels: string[];

  constructor(
    registry: Registry,
    private readonly spec: {
      name: string;
      help: string;
      labelNames: string[];
      /** Upper bounds in seconds; LATENCY_BUCKETS when absent. */
      bounds?: number[];
      leText?: (bound: number) => string;
    },
    private readonly rows: () => Iterable<HistogramRow>,
  ) {
    const bounds = spec.bounds ?? LATENCY_BUCKETS;
    super({
      name: spec.name,
      help: spec.help,
      labelNames: spec.labelNames,
      buckets: bounds,
      registers: [registry],
    });
    this.bucketLabels = [...bounds.map(spec.leText ?? String), '+Inf'];
  }

  renderText(): string {
    const leLabels = this.bucketLabels;
    const { name } = this.spec;
    const lines = [header(name, this.spec.help, 'histogram')];
    for (const { series, buckets, sum } of this.rows()) {
      let cumulative = 0;
      buckets.forEach((n, i) => {
        cumulative += n;
        lines.push(
          `${name}_bucket{${series.text},le="${leLabels[i]}"} ${cumulative}`,
        );
      });
      lines.push(`${name}_sum{${series.text}} ${valueText(sum)}`);
      lines.push(`${name}_count{${series.text}} ${cumulative}`);
    }
    return lines.join('\n');
  }

  async get() {
    const base = await super.get();
    const { name } = this.spec;
    const leLabels = this.bucketLabels;
    const values = [];
    for (const { series, buckets, sum } of this.rows()) {
      let cumulative = 0;
      for (const [i, n] of buckets.entries()) {
        cumulative += n;
        values.push({
          labels: { ...series.labels, le: leLabels[i] },
          value: cumulative,
          metricName: `${name}_bucket`,
        });
      }
      values.push({
        labels: series.labels,
        value: sum,
        metricName: `${name}_sum`,
      });
      values.push({
        labels: series.labels,
        value: cumulative,
        metricName: `${name}_count`,
      });
    }
    return { ...base, values };
  }
}
