import { Random, unitHash, wave } from './random';
import type { ServiceEffects } from './scenarios';
import {
  latencyBucketShares,
  meanLatencySeconds,
  splitCount,
  stochasticRound,
} from './traffic';

/*
 * How a vLLM server behaves, for the series it exports (docs.vllm.ai,
 * "Production Metrics"): requests are admitted up to max-num-seqs; each
 * has a prompt and generates tokens; the first token comes after the
 * queue and the prefill, the next ones one decode step apart.
 */

/** vLLM's own histogram bounds in seconds (vllm/v1/metrics/loggers.py). */
export const VLLM_TTFT_BUCKETS = [
  0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5,
  5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0,
];
export const VLLM_TPOT_BUCKETS = [
  0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5, 5.0,
  7.5, 10.0, 20.0, 40.0, 80.0,
];
export const VLLM_E2E_BUCKETS = [
  0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0,
  60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0,
];

interface Quantiles {
  p50Ms: number;
  p95Ms: number;
}

export interface LlmBehaviour {
  promptTokens: number;
  outputTokens: number;
  ttft: Quantiles;
  tpot: Quantiles;
  /** max-num-seqs: requests generated at once. */
  maxRunning: number;
}

/** A healthy 8B model on one A100: within a 500 ms TTFT and 50 ms TPOT objective. */
export const VLLM_HEALTHY: LlmBehaviour = {
  promptTokens: 620,
  outputTokens: 180,
  ttft: { p50Ms: 110, p95Ms: 320 },
  tpot: { p50Ms: 16, p95Ms: 31 },
  maxRunning: 256,
};

/** The same server saturated: every slot taken, a queue, the KV cache full. */
const VLLM_SATURATED: Pick<LlmBehaviour, 'ttft' | 'tpot'> = {
  ttft: { p50Ms: 1800, p95Ms: 5200 },
  tpot: { p50Ms: 24, p95Ms: 46 },
};

/** Share of arrivals a saturated server cannot admit: the queue's growth. */
const SATURATED_OVERFLOW = 0.1;
/** Requests a second a server that has room takes off its queue. */
const QUEUE_DRAIN_PER_SECOND = 20;
const MAX_WAITING = 2000;

/** The two generations of vLLM's metric names (v0.11 renamed two). */
export type VllmNames = 'v0.11' | 'v0.10';

/** Which names a service's pods export: about half the fleet each, support-llm the newer. */
export function vllmNamesOf(service: string): VllmNames {
  return service === 'support-llm' || unitHash(`${service}/vllm-names`) < 0.5
    ? 'v0.11'
    : 'v0.10';
}

/** The counters and the queue of one vLLM pod, carried from tick to tick. */
export interface LlmLedger {
  /** Non-cumulative counts per bucket, one more than the bounds. */
  ttft: number[];
  ttftSum: number;
  tpot: number[];
  tpotSum: number;
  e2e: number[];
  e2eSum: number;
  promptTokens: number;
  generationTokens: number;
  preemptions: number;
  /** Gauges as of the last advance. */
  running: number;
  waiting: number;
  kvCache: number;
}

export function newLlmLedger(): LlmLedger {
  return {
    ttft: new Array(VLLM_TTFT_BUCKETS.length + 1).fill(0),
    ttftSum: 0,
    tpot: new Array(VLLM_TPOT_BUCKETS.length + 1).fill(0),
    tpotSum: 0,
    e2e: new Array(VLLM_E2E_BUCKETS.length + 1).fill(0),
    e2eSum: 0,
    promptTokens: 0,
    generationTokens: 0,
    preemptions: 0,
    running: 0,
    waiting: 0,
    kvCache: 0,
  };
}

function observe(
  buckets: number[],
  bounds: readonly number[],
  count: number,
  q: Quantiles,
  random: Random,
): number {
  splitCount(
    count,
    latencyBucketShares(q.p50Ms, q.p95Ms, bounds),
    random,
  ).forEach((n, i) => {
    buckets[i] += n;
  });
  return count * meanLatencySeconds(q.p50Ms, q.p95Ms);
}

/**
 * Runs one pod's ledger `dt` seconds on: `completed` requests finished (the
 * successful ones of the tick), at `rps` arrivals a second.
 */
export function advanceLlm(
  ledger: LlmLedger,
  input: {
    completed: number;
    rps: number;
    dt: number;
    effects: ServiceEffects;
    key: string;
    nowMs: number;
  },
  random: Random,
  behaviour: LlmBehaviour = VLLM_HEALTHY,
): void {
  const { completed, rps, dt, effects, key, nowMs } = input;
  const saturated = !!effects.llmSaturated;
  // A latency regression slows the prefill: the first token comes late.
  const regressed = effects.latencyMs && {
    p50Ms: effects.latencyMs.p50 * 4,
    p95Ms: effects.latencyMs.p95 * 4,
  };
  const ttft = saturated ? VLLM_SATURATED.ttft : regressed ?? behaviour.ttft;
  const tpot = saturated ? VLLM_SATURATED.tpot : behaviour.tpot;
  const prompt = stochasticRound(
    completed * behaviour.promptTokens * (0.9 + 0.2 * random()),
    random,
  );
  const output = stochasticRound(
    completed * behaviour.outputTokens * (0.9 + 0.2 * random()),
    random,
  );
  ledger.promptTokens += prompt;
  ledger.generationTokens += output;
  ledger.ttftSum += observe(
    ledger.ttft,
    VLLM_TTFT_BUCKETS,
    completed,
    ttft,
    random,
  );
  // One inter-token interval per token after the first of each request.
  const intervals = Math.max(0, output - completed);
  ledger.tpotSum += observe(
    ledger.tpot,
    VLLM_TPOT_BUCKETS,
    intervals,
    tpot,
    random,
  );
  // End to end: the first token, then the rest one decode step apart.
  const e2e = {
    p50Ms: ttft.p50Ms + behaviour.outputTokens * tpot.p50Ms,
    p95Ms: ttft.p95Ms + behaviour.outputTokens * tpot.p95Ms,
  };
  ledger.e2eSum += observe(
    ledger.e2e,
    VLLM_E2E_BUCKETS,
    completed,
    e2e,
    random,
  );

  const busySeconds = meanLatencySeconds(e2e.p50Ms, e2e.p95Ms);
  if (saturated) {
    ledger.running = behaviour.maxRunning;
    ledger.waiting = Math.min(
      MAX_WAITING,
      ledger.waiting + rps * SATURATED_OVERFLOW * dt,
    );
    ledger.kvCache = 0.97 + 0.025 * unitHash(`${key}/kv`);
    ledger.preemptions += stochasticRound(0.4 * dt, random);
  } else {
    // Little's law: arrivals a second times the seconds each is served.
    ledger.running = Math.min(
      behaviour.maxRunning,
      Math.round(
        rps * busySeconds * (1 + 0.05 * wave(`${key}/running`, nowMs)),
      ),
    );
    ledger.waiting = Math.max(0, ledger.waiting - QUEUE_DRAIN_PER_SECOND * dt);
    ledger.kvCache = 0.12 + 0.6 * (ledger.running / behaviour.maxRunning);
  }
}
