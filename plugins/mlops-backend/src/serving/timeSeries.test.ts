import { SignalSeries } from '../upstream/prometheus/PrometheusClient';
import { pointsOf, seriesFound, seriesTtlMs, seriesWindow } from './timeSeries';

const NOW = Date.parse('2024-05-01T12:34:56.789Z');

describe('time-series window', () => {
  it.each([
    // range, step, start, end, rate window
    ['1h', 30, '2024-05-01T11:34:30.000Z', '2024-05-01T12:34:30.000Z', '300s'],
    ['6h', 180, '2024-05-01T06:33:00.000Z', '2024-05-01T12:33:00.000Z', '300s'],
    [
      '24h',
      720,
      '2024-04-30T12:24:00.000Z',
      '2024-05-01T12:24:00.000Z',
      '720s',
    ],
  ] as const)(
    '%s steps by %ps from %s to %s over %s',
    (range, step, start, end, rateWindow) => {
      const window = seriesWindow(range, NOW);
      expect(window.stepSeconds).toBe(step);
      expect(window.start.toISOString()).toBe(start);
      expect(window.end.toISOString()).toBe(end);
      expect(window.rateWindow).toBe(rateWindow);
    },
  );

  it.each([
    ['1h', 10_000, 15_000],
    ['1h', 20_000, 20_000],
    ['6h', 10_000, 90_000],
    ['24h', 10_000, 360_000],
  ] as const)(
    '%s with an answer TTL of %p ms is kept %p ms',
    (range, ttl, kept) => {
      expect(seriesTtlMs(range, ttl)).toBe(kept);
    },
  );
});

describe('points of a range answer', () => {
  const window = {
    start: new Date(0),
    end: new Date(90_000),
    stepSeconds: 30,
    rateWindow: '300s',
  };
  const series = (entries: Record<string, Array<[number, number | null]>>) =>
    new Map(Object.entries(entries)) as SignalSeries;

  it('has no points when the query failed', () => {
    expect(pointsOf(undefined, window)).toEqual([]);
  });

  it.each([
    [
      'values at their step, nulls where missing',
      series({
        rps: [
          [0, 1],
          [60_000, 3],
        ],
        p95: [[30_000, 120]],
      }),
      [
        [0, 1, null],
        [30_000, null, 120],
        [60_000, 3, null],
        [90_000, null, null],
      ],
    ],
    [
      'values off the grid or outside the window dropped',
      series({
        rps: [
          [15_000, 9],
          [120_000, 9],
          [-30_000, 9],
          [30_000, 2],
        ],
      }),
      [
        [0, null, null],
        [30_000, 2, null],
        [60_000, null, null],
        [90_000, null, null],
      ],
    ],
    [
      'a null value kept as null',
      series({ rps: [[0, null]], p95: [] }),
      [
        [0, null, null],
        [30_000, null, null],
        [60_000, null, null],
        [90_000, null, null],
      ],
    ],
  ])('%s', (_, answer, expected) => {
    const points = pointsOf(answer, window);
    expect(points.map(p => [p.t, p.requestsPerSecond, p.p95Ms])).toEqual(
      expected,
    );
  });

  it('maps every batched signal to its field', () => {
    const [point] = pointsOf(
      series({
        rps: [[0, 1]],
        error_ratio: [[0, 0.01]],
        p50: [[0, 50]],
        p95: [[0, 95]],
        p99: [[0, 99]],
        mean: [[0, 60]],
      }),
      { ...window, end: new Date(0) },
    );
    expect(point).toEqual({
      t: 0,
      requestsPerSecond: 1,
      errorRatio: 0.01,
      p50Ms: 50,
      p95Ms: 95,
      p99Ms: 99,
      meanMs: 60,
    });
  });

  it.each([
    [series({ rps: [[0, 1]] }), true],
    [series({ rps: [], p95: [] }), false],
    [series({}), false],
    [undefined, false],
  ])('series %j found: %p', (answer, found) => {
    expect(seriesFound(answer)).toBe(found);
  });
});
