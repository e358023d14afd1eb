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
}

export const LATENCY_UNIT_MS: Record<LatencyUnit, number> = {
  seconds: 1000,
  milliseconds: 1,
  microseconds: 0.001,
};
