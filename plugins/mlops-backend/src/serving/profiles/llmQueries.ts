import { LabelMatcher, rangeOf } from '../../upstream/prometheus/promql';
import { seriesSelector, sumRate } from './queries';
import { GaugeSpec, HistogramSpec, LATENCY_UNIT_MS, LlmSpec } from './types';

/** A quantile of a histogram known under several names, in milliseconds. */
function quantileMs(
  spec: HistogramSpec,
  scope: LabelMatcher[],
  window: string,
  quantile: number,
): string {
  // After rate() the names are gone: `or` keeps a pod's series of the
  // first name and drops the same series under a later one.
  const rates = spec.metrics
    .map(
      m =>
        `rate(${seriesSelector({ metric: `${m}_bucket` }, scope)}${rangeOf(
          window,
        )})`,
    )
    .join(' or ');
  return `histogram_quantile(${quantile}, sum by (le) (${rates})) * ${
    LATENCY_UNIT_MS[spec.unit]
  }`;
}

function gauge(spec: GaugeSpec, scope: LabelMatcher[], op: 'sum' | 'max') {
  const values = spec.series.map(s => seriesSelector(s, scope)).join(' or ');
  if (!spec.over) return `${op}(${values})`;
  // The labels that tell the two series apart (e.g. used and max blocks).
  const apart = new Set(
    [...spec.series, spec.over].flatMap(s =>
      (s.matchers ?? []).map(x => x.label),
    ),
  );
  const ignoring = apart.size ? ` ignoring(${[...apart].join(', ')})` : '';
  return `${op}(${values} /${ignoring} ${seriesSelector(spec.over, scope)})`;
}

/** Signal names of the LLM figures, for the health query and the charts. */
export const LLM_SIGNALS = [
  'llm_ttft_p50',
  'llm_ttft_p95',
  'llm_tpot_p50',
  'llm_tpot_p95',
  'llm_input_tps',
  'llm_output_tps',
  'llm_running',
  'llm_waiting',
  'llm_kv_cache',
  'llm_preemptions',
] as const;
export type LlmSignal = (typeof LLM_SIGNALS)[number];

/** The expressions of the LLM figures a profile's server exports. */
export function llmSignals(
  spec: LlmSpec | undefined,
  scope: LabelMatcher[],
  window: string,
): Partial<Record<LlmSignal, string>> {
  if (!spec) return {};
  const signals: Partial<Record<LlmSignal, string>> = {};
  if (spec.ttft) {
    signals.llm_ttft_p50 = quantileMs(spec.ttft, scope, window, 0.5);
    signals.llm_ttft_p95 = quantileMs(spec.ttft, scope, window, 0.95);
  }
  if (spec.tpot) {
    signals.llm_tpot_p50 = quantileMs(spec.tpot, scope, window, 0.5);
    signals.llm_tpot_p95 = quantileMs(spec.tpot, scope, window, 0.95);
  }
  if (spec.inputTokens)
    signals.llm_input_tps = sumRate(spec.inputTokens, scope, window);
  if (spec.outputTokens)
    signals.llm_output_tps = sumRate(spec.outputTokens, scope, window);
  if (spec.running) signals.llm_running = gauge(spec.running, scope, 'sum');
  if (spec.waiting) signals.llm_waiting = gauge(spec.waiting, scope, 'sum');
  if (spec.kvCache) signals.llm_kv_cache = gauge(spec.kvCache, scope, 'max');
  if (spec.preemptions)
    signals.llm_preemptions = sumRate(spec.preemptions, scope, window);
  return signals;
}
