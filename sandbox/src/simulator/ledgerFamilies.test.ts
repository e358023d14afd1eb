import { Gauge, Registry } from 'prom-client';
import {
  escapeLabelValue,
  LedgerCounter,
  LedgerHistogram,
  seriesLabels,
  SimulatorRegistry,
} from './ledgerFamilies';

describe('seriesLabels', () => {
  it.each([
    ['plain', 'plain'],
    ['with "quotes"', 'with \\"quotes\\"'],
    ['back\\slash', 'back\\\\slash'],
    ['new\nline', 'new\\nline'],
  ])('escapes %p', (value, escaped) => {
    expect(escapeLabelValue(value)).toBe(escaped);
  });

  it('keeps the labels and their exposition text', () => {
    expect(seriesLabels({ cluster: 'sandbox-east', pod: 'a"b' })).toEqual({
      labels: { cluster: 'sandbox-east', pod: 'a"b' },
      text: 'cluster="sandbox-east",pod="a\\"b"',
    });
  });
});

describe('SimulatorRegistry', () => {
  it('renders ordinary metrics exactly as prom-client does', async () => {
    const plain = new Registry();
    const fast = new SimulatorRegistry();
    for (const registry of [plain, fast]) {
      const gauge = new Gauge({
        name: 'g',
        help: 'a gauge',
        labelNames: ['x'],
        registers: [registry],
      });
      gauge.set({ x: 'a' }, 1);
      gauge.set({ x: 'b"' }, 2.5);
      new Gauge({ name: 'h', help: 'another', registers: [registry] }).set(3);
    }
    expect(await fast.metrics()).toBe(await plain.metrics());
  });

  it('writes ledger families itself, in the same format', async () => {
    const registry = new SimulatorRegistry();
    const series = seriesLabels({ cluster: 'c', pod: 'p' });
    const counter = new LedgerCounter(
      registry,
      {
        name: 'requests_total',
        help: 'Requests.',
        labelNames: ['cluster', 'pod'],
      },
      () => [{ series, value: 42 }],
    );
    const histogram = new LedgerHistogram(
      registry,
      {
        name: 'duration_seconds',
        help: 'Latency.',
        labelNames: ['cluster', 'pod'],
      },
      () => [
        { series, buckets: [1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], sum: 0.5 },
      ],
    );
    const text = await registry.metrics();
    expect(text).toContain(
      '# HELP requests_total Requests.\n# TYPE requests_total counter\nrequests_total{cluster="c",pod="p"} 42\n',
    );
    expect(text).toContain(
      'duration_seconds_bucket{cluster="c",pod="p",le="0.005"} 1\n',
    );
    expect(text).toContain(
      'duration_seconds_bucket{cluster="c",pod="p",le="0.01"} 3\n',
    );
    expect(text).toContain(
      'duration_seconds_bucket{cluster="c",pod="p",le="10"} 3\n',
    );
    expect(text).toContain(
      'duration_seconds_bucket{cluster="c",pod="p",le="+Inf"} 4\n',
    );
    expect(text).toContain('duration_seconds_sum{cluster="c",pod="p"} 0.5\n');
    expect(text).toContain('duration_seconds_count{cluster="c",pod="p"} 4\n');
    expect(text.endsWith('\n')).toBe(true);

    expect((await counter.get()).values).toEqual([
      { labels: { cluster: 'c', pod: 'p' }, value: 42 },
    ]);
    expect((await histogram.get()).values).toContainEqual({
      labels: { cluster: 'c', pod: 'p', le: '+Inf' },
      value: 4,
      metricName: 'duration_seconds_bucket',
    });
  });
});
