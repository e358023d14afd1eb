import { LabelMatcher } from '../../upstream/prometheus/promql';

/** One counter or gauge, with matchers on top of the entity's scope. */
export interface SeriesSpec {
  metric: string;
  matchers?: LabelMatcher[];
}

/** How latency is exported: quantiles come only from histograms and summaries. */
export type LatencySpec =
  | { type: 'histogram'; metric: string; unit: LatencyUnit }
  | {
      type: 'summary';
      metric: string;
      quantileLabel?: string;
      unit: LatencyUnit;
    }
  | { type: 'mean'; sum: SeriesSpec; count: SeriesSpec; unit: LatencyUnit };

export type LatencyUnit = 'seconds' | 'milliseconds' | 'microseconds';

/**
 * A latency histogram exported under one of several names (newer name
 * first): per series, the first name present counts, so a server that
 * exports both generations is not counted twice.
 */
export interface HistogramSpec {
  metrics: string[];
  unit: LatencyUnit;
}

/**
 * A gauge, one series or the first present of several names; with `over`,
 * its share of that second gauge, series by series.
 */
export interface GaugeSpec {
  series: SeriesSpec[];
  over?: SeriesSpec;
}

/**
 * What an LLM server exports of its token streams. Each is optional: a
 * server that does not export a figure shows none. `notes` say where a
 * figure stands in for one the server does not export as such.
 */
export interface LlmSpec {
  /** Time to first token. */
  ttft?: HistogramSpec;
  /** Time per output token (between tokens of one stream). */
  tpot?: HistogramSpec;
  /** Counters of prompt tokens. */
  inputTokens?: SeriesSpec[];
  /** Counters of generated tokens. */
  outputTokens?: SeriesSpec[];
  /** Requests being generated now. */
  running?: GaugeSpec;
  /** Requests queued for a slot. */
  waiting?: GaugeSpec;
  /** KV-cache use, 0..1; the fullest pod stands for the service. */
  kvCache?: GaugeSpec;
  /** Counters of requests preempted (their KV cache evicted). */
  preemptions?: SeriesSpec[];
  notes?: string[];
}

/**
 * The metric names and labels of one model server: data, so that
 * app-config can add or replace profiles without code.
 */
export interface MetricProfile {
  id: string;
  title: string;
  /** A metric whose presence, within the entity's scope, selects this profile. */
  detect: string;
  /** Label holding the namespace. */
  namespaceLabel: string;
  /** Label matched against the workload name. */
  workloadLabel: string;
  /** `exact`: the label holds the workload name; `pods`: it holds pod names of the workload's Deployment. */
  workloadMatch: 'exact' | 'pods';
  /** Counters whose summed rate is the traffic. */
  requests: SeriesSpec[];
  /** Failed requests over all requests; absent when the server counts no failures. */
  errors?: { failed: SeriesSpec[]; total?: SeriesSpec[] };
  latency?: LatencySpec;
  /** Token-stream figures of an LLM server. */
  llm?: LlmSpec;
}

export const LATENCY_UNIT_MS: Record<LatencyUnit, number> = {
  seconds: 1000,
  milliseconds: 1,
  microseconds: 0.001,
};
