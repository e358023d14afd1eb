import { combineClusterSignals } from './combineSignals';

const cluster = (name: string, values: Record<string, number | null>) => ({
  cluster: name,
  values: new Map(Object.entries(values)),
});

describe('combineClusterSignals', () => {
  it('keeps one cluster as it is', () => {
    const one = cluster('east', { rps: 2, p95: 10 });
    expect(combineClusterSignals([one])).toBe(one.values);
  });

  it.each([
    ['rps', 30],
    ['series', 3],
    // (0.1 × 10 + 0.4 × 20) / 30
    ['error_ratio:5m', 0.3],
    ['p95', 80],
    ['gpu_util', 0.5],
  ])('combines %s over clusters', (signal, expected) => {
    const combined = combineClusterSignals([
      cluster('east', {
        rps: 10,
        series: 1,
        'error_ratio:5m': 0.1,
        p95: 80,
        gpu_util: 0.2,
      }),
      cluster('west', {
        rps: 20,
        series: 2,
        'error_ratio:5m': 0.4,
        p95: 40,
        gpu_util: 0.8,
      }),
    ]);
    expect(combined.get(signal)).toBeCloseTo(expected, 10);
  });

  it('leaves out a cluster without the signal, and is null when none has it', () => {
    const combined = combineClusterSignals([
      cluster('east', { rps: 1, p95: null }),
      cluster('west', { rps: 2 }),
    ]);
    expect(combined.get('rps')).toBe(3);
    expect(combined.get('p95')).toBeNull();
  });
});
