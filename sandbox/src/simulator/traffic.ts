import type { FrameworkProfile } from './fleet';
import { Random, unitHash, wave } from './random';
import type { ServiceEffects } from './scenarios';

/** Upper bounds (seconds) of model_server_request_duration_seconds. */
export const LATENCY_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];
export const STATUS_CODES = ['200', '500', '503'] as const;
export type StatusCode = (typeof STATUS_CODES)[number];

const Z95 = 1.6448536;

/** Standard normal CDF (Abramowitz & Stegun 7.1.26, error < 1.5e-7). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2);
  const poly =
    t *
    (0.254829592 +
      t *
        (-0.284496736 +
          t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/**
 * Share of requests falling in each bucket (last entry: above the highest
 * bound) for a log-normal latency with the given median and p95.
 */
export function latencyBucketShares(
  p50Ms: number,
  p95Ms: number,
  bounds: readonly number[] = LATENCY_BUCKETS,
): number[] {
  const sigma = Math.log(Math.max(p95Ms, p50Ms * 1.01) / p50Ms) / Z95;
  const mu = Math.log(p50Ms / 1000);
  const shares: number[] = [];
  let previous = 0;
  for (const bound of bounds) {
    const cdf = normalCdf((Math.log(bound) - mu) / sigma);
    shares.push(cdf - previous);
    previous = cdf;
  }
  shares.push(1 - previous);
  return shares;
}

export function meanLatencySeconds(p50Ms: number, p95Ms: number): number {
  const sigma = Math.log(Math.max(p95Ms, p50Ms * 1.01) / p50Ms) / Z95;
  return (p50Ms / 1000) * Math.exp((sigma * sigma) / 2);
}

/** floor(x) plus one with probability frac(x): integer counts with the right mean. */
export function stochasticRound(x: number, random: Random): number {
  const base = Math.floor(x);
  return base + (random() < x - base ? 1 : 0);
}

/** Splits an integer total by shares; the parts always add up to `total`. */
export function splitCount(
  total: number,
  shares: readonly number[],
  random: Random,
): number[] {
  const parts = shares.map(s => Math.floor(s * total));
  let rest = total - parts.reduce((a, b) => a + b, 0);
  while (rest > 0) {
    let pick = random();
    let index = 0;
    for (; index < shares.length - 1; index++) {
      pick -= shares[index];
      if (pick < 0) break;
    }
    parts[index]++;
    rest--;
  }
  return parts;
}

/** Requests per second the whole service receives now. */
export function serviceRps(
  name: string,
  baseRps: number,
  effects: ServiceEffects,
  nowMs: number,
): number {
  return (
    baseRps * effects.rpsMultiplier * (1 + 0.15 * wave(`${name}/rps`, nowMs))
  );
}

/** Each ready pod's share of the service's traffic (load balancing is never perfectly even). */
export function podShares(podNames: readonly string[]): number[] {
  const weights = podNames.map(p => 0.9 + 0.2 * unitHash(p));
  const sum = weights.reduce((a, b) => a + b, 0);
  return weights.map(w => w / sum);
}

export interface TrafficIncrement {
  codes: Record<StatusCode, number>;
  /** Non-cumulative counts per bucket, last entry above the highest bound. */
  buckets: number[];
  sumSeconds: number;
}

export function simulateRequests(
  rps: number,
  dtSeconds: number,
  effects: ServiceEffects,
  profile: Pick<FrameworkProfile, 'p50Ms' | 'p95Ms'>,
  random: Random,
): TrafficIncrement {
  const expected = Math.max(0, rps * dtSeconds);
  const jitter = (random() - 0.5) * 2 * Math.sqrt(expected);
  const total = Math.max(0, stochasticRound(expected + jitter, random));
  const errors = Math.min(
    total,
    stochasticRound(total * effects.errorRatio, random),
  );
  const unavailable = stochasticRound(errors * 0.4, random);
  const p50 = effects.latencyMs?.p50 ?? profile.p50Ms;
  const p95 = effects.latencyMs?.p95 ?? profile.p95Ms;
  return {
    codes: {
      '200': total - errors,
      '500': errors - unavailable,
      '503': unavailable,
    },
    buckets: splitCount(total, latencyBucketShares(p50, p95), random),
    sumSeconds: total * meanLatencySeconds(p50, p95) * (0.97 + 0.06 * random()),
  };
}

/** CPU cores a model server burns at this request rate (capped by its limit). */
export function podCpuCores(
  profile: FrameworkProfile,
  rpsPerPod: number,
  key: string,
  nowMs: number,
): number {
  const request = profile.cpuRequestMillis / 1000;
  const busy = 0.02 * request + rpsPerPod * profile.cpuSecondsPerRequest;
  const noisy = busy * (1 + 0.05 * wave(`${key}/cpu`, nowMs, 120_000));
  return Math.min(profile.cpuLimitMillis / 1000, Math.max(0, noisy));
}

export function podMemoryBytes(
  profile: FrameworkProfile,
  rpsPerPod: number,
  crashing: boolean,
  key: string,
  nowMs: number,
): number {
  const mib = 1024 * 1024;
  if (crashing) {
    return Math.round(
      profile.memoryLimitMiB *
        mib *
        (0.96 + 0.03 * unitHash(`${key}/${nowMs}`)),
    );
  }
  const fraction =
    0.55 + 0.1 * Math.min(rpsPerPod / 50, 2) + 0.04 * wave(`${key}/mem`, nowMs);
  return Math.round(profile.memoryRequestMiB * mib * fraction);
}
