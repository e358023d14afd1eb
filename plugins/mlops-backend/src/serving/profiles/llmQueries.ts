import { GpuPrices } from '../../config/gpuPrices';
import {
  escapeRegex,
  LabelMatcher,
  rangeOf,
  selector,
} from '../../upstream/prometheus/promql';
import { seriesSelector, sumRate } from './queries';
import { GaugeSpec, HistogramSpec, LATENCY_UNIT_MS, LlmSpec } from './types';

/** A quantile of a histogram known under several names, in milliseconds. */
/**
 * The rates of one series of a histogram known under several names. After
 * rate() the names are gone: `or` keeps a pod's series of the first name
 * and drops the same series under a later one.
 */
function histogramRates(
  spec: HistogramSpec,
  suffix: '_bucket' | '_count',
  scope: LabelMatcher[],
  window: string,
  matchers: LabelMatcher[] = [],
): string {
  return spec.metrics
    .map(
      m =>
        `rate(${seriesSelector(
          { metric: m + suffix, matchers },
          scope,
        )}${rangeOf(window)})`,
    )
    .join(' or ');
}

function quantileMs(
  spec: HistogramSpec,
  scope: LabelMatcher[],
  window: string,
  quantile: number,
): string {
  const rates = histogramRates(spec, '_bucket', scope, window);
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

/** `le` of a bound as any client writes it: 0.5 or 0.50, 1 or 1.0. */
export function leRegex(bound: number): string {
  const text = String(bound);
  return Number.isInteger(bound) ? `${text}(\\.0+)?` : `${escapeRegex(text)}0*`;
}

/**
 * Share of observations above `objectiveMs` over `window`, from the
 * histogram's bucket at that bound; nothing when it has no such bucket.
 */
export function shareOver(
  spec: HistogramSpec,
  scope: LabelMatcher[],
  window: string,
  objectiveMs: number,
): string {
  const bound = objectiveMs / LATENCY_UNIT_MS[spec.unit];
  const within = histogramRates(spec, '_bucket', scope, window, [
    { label: 'le', op: '=~', value: leRegex(bound) },
  ]);
  const all = histogramRates(spec, '_count', scope, window);
  return `clamp_min(1 - sum(${within}) / sum(${all}), 0)`;
}

/** The LLM objectives an entity has and its server's histograms can tell. */
export function tokenObjectivesOf(
  spec: LlmSpec | undefined,
  objectives: { ttftP95Ms?: number; tpotP95Ms?: number },
): Array<{ figure: 'ttft' | 'tpot'; ms: number; histogram: HistogramSpec }> {
  const out: Array<{
    figure: 'ttft' | 'tpot';
    ms: number;
    histogram: HistogramSpec;
  }> = [];
  if (spec?.ttft && objectives.ttftP95Ms !== undefined)
    out.push({
      figure: 'ttft',
      ms: objectives.ttftP95Ms,
      histogram: spec.ttft,
    });
  if (spec?.tpot && objectives.tpotP95Ms !== undefined)
    out.push({
      figure: 'tpot',
      ms: objectives.tpotP95Ms,
      histogram: spec.tpot,
    });
  return out;
}

/** Per objective and window, the share over the objective: `llm_ttft_over:1h`. */
export function tokenObjectiveSignals(
  spec: LlmSpec | undefined,
  objectives: { ttftP95Ms?: number; tpotP95Ms?: number },
  scope: LabelMatcher[],
  windows: readonly string[],
): Record<string, string> {
  const signals: Record<string, string> = {};
  for (const o of tokenObjectivesOf(spec, objectives)) {
    for (const w of windows) {
      signals[`llm_${o.figure}_over:${w}`] = shareOver(
        o.histogram,
        scope,
        w,
        o.ms,
      );
    }
  }
  return signals;
}

/** A GPU model as the DCGM exporter writes it (`NVIDIA A100-SXM4-80GB`) or node labels do (dashes). */
export function gpuModelRegex(model: string): string {
  return model.split(/[- ]/).map(escapeRegex).join('[- ]');
}

/**
 * The GPUs of the pods `pods` matches (DCGM: a series per GPU), those the
 * price table knows, and what they cost an hour at its prices.
 */
export function gpuCostSignals(
  prices: GpuPrices,
  pods: LabelMatcher[],
): Record<string, string> {
  const gpus = (model?: string) =>
    `count(${selector('DCGM_FI_DEV_GPU_UTIL', [
      ...pods,
      ...(model
        ? [{ label: 'modelName', op: '=~' as const, value: model }]
        : []),
    ])})`;
  const models = Object.entries(prices.perGpuHour);
  if (models.length === 0) return { llm_gpus: gpus() };
  return {
    llm_gpus: gpus(),
    llm_gpus_priced: gpus(models.map(([m]) => gpuModelRegex(m)).join('|')),
    llm_gpu_cost_per_hour: models
      .map(
        ([m, price]) => `(${gpus(gpuModelRegex(m))} * ${price} or vector(0))`,
      )
      .join(' + '),
  };
}
