import { LlmFigures, ServingTimePoint } from '@internal/plugin-mlops-common';
import {
  SignalSeries,
  SignalValues,
} from '../upstream/prometheus/PrometheusClient';
import { LlmSpec } from './profiles/types';

/**
 * The LLM figures of the batched health query; null when the server is
 * not an LLM server, the query failed or none of its figures has a value.
 */
export function llmFiguresOf(
  values: SignalValues | undefined,
  spec: LlmSpec | undefined,
  currency = 'USD',
): LlmFigures | null {
  if (!values || !spec) return null;
  const v = (name: string) => values.get(name) ?? null;
  const figures: Omit<LlmFigures, 'notes' | 'cost'> = {
    ttftP50Ms: v('llm_ttft_p50'),
    ttftP95Ms: v('llm_ttft_p95'),
    tpotP50Ms: v('llm_tpot_p50'),
    tpotP95Ms: v('llm_tpot_p95'),
    inputTokensPerSecond: v('llm_input_tps'),
    outputTokensPerSecond: v('llm_output_tps'),
    requestsRunning: v('llm_running'),
    requestsWaiting: v('llm_waiting'),
    kvCacheUsage: v('llm_kv_cache'),
    preemptionsPerSecond: v('llm_preemptions'),
  };
  if (Object.values(figures).every(x => x === null)) return null;
  return {
    ...figures,
    cost: costOf(values, figures.outputTokensPerSecond, currency),
    notes: spec.notes ?? [],
  };
}

/** What the service's GPUs cost, an hour and per million output tokens. */
function costOf(
  values: SignalValues,
  outputTokensPerSecond: number | null,
  currency: string,
): LlmFigures['cost'] {
  const gpus = values.get('llm_gpus') ?? null;
  const priced = values.get('llm_gpus_priced') ?? 0;
  const perHour = values.get('llm_gpu_cost_per_hour') ?? null;
  if (gpus === null) return null;
  const tokensPerHour =
    outputTokensPerSecond === null ? null : outputTokensPerSecond * 3600;
  return {
    currency,
    gpus,
    unpricedGpus: gpus - priced,
    perHour: priced > 0 ? perHour : null,
    outputTokensPerHour: tokensPerHour,
    perMillionOutputTokens:
      priced > 0 && perHour !== null && tokensPerHour
        ? perHour / (tokensPerHour / 1e6)
        : null,
  };
}

/** The LLM fields of one chart point, from its row of signal values. */
export function llmPointOf(
  row: Record<string, number | null>,
): Partial<ServingTimePoint> {
  return {
    ttftP95Ms: row.llm_ttft_p95 ?? null,
    tpotP95Ms: row.llm_tpot_p95 ?? null,
    inputTokensPerSecond: row.llm_input_tps ?? null,
    outputTokensPerSecond: row.llm_output_tps ?? null,
    requestsRunning: row.llm_running ?? null,
    requestsWaiting: row.llm_waiting ?? null,
    kvCacheUsage: row.llm_kv_cache ?? null,
  };
}

/** Whether any LLM figure of a range query has a value. */
export function llmSeriesFound(series: SignalSeries | undefined): boolean {
  return [...(series ?? new Map()).entries()].some(
    ([name, values]) => name.startsWith('llm_') && values.length > 0,
  );
}
