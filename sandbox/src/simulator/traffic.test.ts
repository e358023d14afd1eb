import { seededRandom } from './random';
import { HEALTHY_EFFECTS } from './scenarios';
import {
  LATENCY_BUCKETS,
  latencyBucketShares,
  meanLatencySeconds,
  normalCdf,
  podShares,
  simulateRequests,
  splitCount,
  stochasticRound,
} from './traffic';

/** The latency below which `quantile` of the requests fall, read from bucket shares by linear interpolation. */
function quantileFromShares(shares: number[], quantile: number): number {
  let cumulative = 0;
  let lower = 0;
  for (let i = 0; i < LATENCY_BUCKETS.length; i++) {
    const next = cumulative + shares[i];
    if (next >= quantile) {
      return (
        lower +
        ((quantile - cumulative) / shares[i]) * (LATENCY_BUCKETS[i] - lower)
      );
    }
    cumulative = next;
    lower = LATENCY_BUCKETS[i];
  }
  return Infinity;
}

describe('normalCdf', () => {
  it.each([
    [0, 0.5],
    [1.6448536, 0.95],
    [-1.6448536, 0.05],
    [3, 0.99865],
  ])('Φ(%p) ≈ %p', (x, expected) => {
    expect(normalCdf(x)).toBeCloseTo(expected, 4);
  });
});

describe('latencyBucketShares', () => {
  it.each([
    [18, 40, 0.025, 0.05],
    [350, 900, 0.5, 1],
  ])('p50 %p ms, p95 %p ms -> p95 between %p and %p s', (p50, p95, lo, hi) => {
    const shares = latencyBucketShares(p50, p95);
    expect(shares).toHaveLength(LATENCY_BUCKETS.length + 1);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    const q95 = quantileFromShares(shares, 0.95);
    expect(q95).toBeGreaterThan(lo);
    expect(q95).toBeLessThanOrEqual(hi);
  });

  it('puts a regression of 900 ms p95 far from a healthy 40 ms one', () => {
    expect(
      quantileFromShares(latencyBucketShares(350, 900), 0.95),
    ).toBeGreaterThan(
      10 * quantileFromShares(latencyBucketShares(18, 40), 0.95),
    );
  });

  it('has a mean above the median (right-skewed)', () => {
    expect(meanLatencySeconds(18, 40)).toBeGreaterThan(0.018);
    expect(meanLatencySeconds(18, 40)).toBeLessThan(0.04);
  });
});

describe('splitCount and stochasticRound', () => {
  it.each([
    [0, [0.5, 0.5]],
    [1, [0.2, 0.3, 0.5]],
    [997, [0.1, 0.6, 0.3]],
  ])('splits %p into parts that add up', (total, shares) => {
    const parts = splitCount(total, shares, seededRandom(1));
    expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
    expect(parts.every(p => Number.isInteger(p) && p >= 0)).toBe(true);
  });

  it('rounds to integers with the right mean', () => {
    const random = seededRandom(7);
    let sum = 0;
    for (let i = 0; i < 10000; i++) sum += stochasticRound(2.3, random);
    expect(sum / 10000).toBeCloseTo(2.3, 1);
  });
});

describe('simulateRequests', () => {
  const profile = { p50Ms: 18, p95Ms: 40 };

  it.each([
    ['healthy', 0.002, 0, 0.01],
    ['error spike', 0.25, 0.2, 0.3],
  ])(
    '%s: error ratio %p gives 5xx share in [%p, %p]',
    (_, errorRatio, lo, hi) => {
      const random = seededRandom(3);
      let ok = 0;
      let errors = 0;
      for (let i = 0; i < 200; i++) {
        const step = simulateRequests(
          40,
          5,
          { ...HEALTHY_EFFECTS, errorRatio },
          profile,
          random,
        );
        ok += step.codes['200'];
        errors += step.codes['500'] + step.codes['503'];
        expect(step.buckets.reduce((a, b) => a + b, 0)).toBe(
          step.codes['200'] + step.codes['500'] + step.codes['503'],
        );
      }
      const share = errors / (ok + errors);
      expect(share).toBeGreaterThanOrEqual(lo);
      expect(share).toBeLessThanOrEqual(hi);
      expect((ok + errors) / 200 / 5).toBeCloseTo(40, -1);
    },
  );

  it('answers nothing at zero traffic', () => {
    const step = simulateRequests(
      0,
      5,
      HEALTHY_EFFECTS,
      profile,
      seededRandom(1),
    );
    expect(step.codes).toEqual({ '200': 0, '500': 0, '503': 0 });
    expect(step.sumSeconds).toBe(0);
  });
});

describe('podShares', () => {
  it('gives every pod roughly its share and sums to 1', () => {
    const shares = podShares(['a', 'b', 'c', 'd']);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    for (const s of shares) {
      expect(s).toBeGreaterThan(0.2);
      expect(s).toBeLessThan(0.3);
    }
  });
});
