import {
  anyOfRegex,
  escapeRegex,
  LabelMatcher,
  rangeOf,
  selector,
} from '../../upstream/prometheus/promql';
import { GpuPrices } from '../../config/gpuPrices';
import {
  gpuCostSignals,
  llmSignals,
  tokenObjectiveSignals,
} from './llmQueries';
import { LATENCY_UNIT_MS, MetricProfile, SeriesSpec } from './types';

/** Where an entity's series live; every value is data and gets quoted. */
export interface MetricsScope {
  namespace?: string;
  /** Value of the profile's workload label (the kubernetes-id unless overridden). */
  metricsWorkload: string;
  /** Name of the Deployment, for the pod-name regex of platform metrics. */
  deployment: string;
  /** Restricts to these clusters through the instance's cluster label. */
  clusters?: { label: string; names: string[] };
}

/** Error-ratio windows: the template's multi-window burn-rate alerts use all of them. */
export const BURN_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];

/** Pod names of a Deployment (and its canary/blue/green releases), as the template's chart matches them. */
export function podRegex(deployment: string): string {
  return `${escapeRegex(
    deployment,
  )}(-canary|-blue|-green)?-[a-z0-9]+-[a-z0-9]+`;
}

function clusterMatchers(scope: MetricsScope): LabelMatcher[] {
  return scope.clusters
    ? [
        {
          label: scope.clusters.label,
          op: '=~',
          value: anyOfRegex(scope.clusters.names),
        },
      ]
    : [];
}

/** The matchers that confine a profile's series to the entity. */
export function scopeMatchers(
  profile: MetricProfile,
  scope: MetricsScope,
): LabelMatcher[] {
  const matchers: LabelMatcher[] = [];
  if (scope.namespace) {
    matchers.push({
      label: profile.namespaceLabel,
      op: '=',
      value: scope.namespace,
    });
  }
  matchers.push(
    profile.workloadMatch === 'exact'
      ? { label: profile.workloadLabel, op: '=', value: scope.metricsWorkload }
      : {
          label: profile.workloadLabel,
          op: '=~',
          value: podRegex(scope.metricsWorkload),
        },
  );
  return [...matchers, ...clusterMatchers(scope)];
}

/**
 * How a fleet query keeps its series apart: `by` of every aggregation, and
 * `keyed`, which labels each series with its workload before aggregating.
 * Without one, each expression aggregates the entity's series into one.
 */
export interface Grouping {
  by: readonly string[];
  keyed: (expr: string) => string;
}

function sumOf(expr: string, grouping?: Grouping, op = 'sum'): string {
  if (!grouping) return `${op}(${expr})`;
  return `${op} by (${grouping.by.join(', ')}) (${grouping.keyed(expr)})`;
}

export function seriesSelector(
  spec: SeriesSpec,
  scope: LabelMatcher[],
  suffix = '',
): string {
  return selector(spec.metric + suffix, [...scope, ...(spec.matchers ?? [])]);
}

/** Summed per-second rate of one or more counters. */
export function sumRate(
  series: SeriesSpec[],
  scope: LabelMatcher[],
  window: string,
  grouping?: Grouping,
): string {
  const rates = series.map(
    s => `rate(${seriesSelector(s, scope)}${rangeOf(window)})`,
  );
  if (rates.length === 1) return sumOf(rates[0], grouping);
  // Distinct labels keep `or` from dropping series that share label sets.
  const parts = rates.map(
    (r, i) => `label_replace(${r}, "mlops_part", "${i}", "", "")`,
  );
  return sumOf(parts.join(' or '), grouping);
}

/** Share of failed requests; 0 (not absent) when no failure was ever counted. */
export function errorRatio(
  profile: MetricProfile,
  scope: LabelMatcher[],
  window: string,
  grouping?: Grouping,
): string | undefined {
  if (!profile.errors) return undefined;
  const failed = sumRate(profile.errors.failed, scope, window, grouping);
  const total = sumRate(
    profile.errors.total ?? profile.requests,
    scope,
    window,
    grouping,
  );
  // `vector(0)` has no labels to match a group's; a group's zero is its total × 0.
  if (grouping) return `(${failed} / ${total}) or (${total} * 0)`;
  return `(${failed} or vector(0)) / ${total}`;
}

/** A latency quantile in milliseconds, or the mean when `quantile` is 'mean'. */
export function latencyMs(
  profile: MetricProfile,
  scope: LabelMatcher[],
  window: string,
  quantile: number | 'mean',
  grouping?: Grouping,
): string | undefined {
  const latency = profile.latency;
  if (!latency) return undefined;
  const toMs = LATENCY_UNIT_MS[latency.unit];
  if (latency.type === 'mean') {
    if (quantile !== 'mean') return undefined;
    return `${sumRate([latency.sum], scope, window, grouping)} / ${sumRate(
      [latency.count],
      scope,
      window,
      grouping,
    )} * ${toMs}`;
  }
  if (quantile === 'mean') return undefined;
  if (latency.type === 'histogram') {
    const buckets = selector(`${latency.metric}_bucket`, scope);
    const rate = `rate(${buckets}${rangeOf(window)})`;
    const perBucket = grouping
      ? sumOf(rate, { ...grouping, by: ['le', ...grouping.by] })
      : `sum by (le) (${rate})`;
    return `histogram_quantile(${quantile}, ${perBucket}) * ${toMs}`;
  }
  // Quantiles of a summary cannot be aggregated; the worst pod stands for all.
  const q = selector(latency.metric, [
    ...scope,
    {
      label: latency.quantileLabel ?? 'quantile',
      op: '=',
      value: `${quantile}`,
    },
  ]);
  return `${sumOf(q, grouping, 'max')} * ${toMs}`;
}

/** Platform metrics (cAdvisor, kube-state-metrics, DCGM) of the Deployment's pods. */
function platformMatchers(scope: MetricsScope): LabelMatcher[] {
  return [
    ...(scope.namespace
      ? [{ label: 'namespace', op: '=' as const, value: scope.namespace }]
      : []),
    { label: 'pod', op: '=~', value: podRegex(scope.deployment) },
    ...clusterMatchers(scope),
  ];
}

export function cpuRatio(scope: MetricsScope): string {
  return cpuRatioOf(platformMatchers(scope));
}

export function gpuUtilisation(scope: MetricsScope): string {
  return gpuUtilisationOf(platformMatchers(scope));
}

/** CPU used over CPU requested of the pods `pods` matches, per group when given. */
export function cpuRatioOf(pods: LabelMatcher[], grouping?: Grouping): string {
  const usage = selector('container_cpu_usage_seconds_total', [
    ...pods,
    { label: 'container', op: '!=', value: '' },
    { label: 'container', op: '!=', value: 'POD' },
  ]);
  const requests = selector('kube_pod_container_resource_requests', [
    ...pods,
    { label: 'resource', op: '=', value: 'cpu' },
  ]);
  return `${sumOf(`rate(${usage}[5m])`, grouping)} / ${sumOf(
    requests,
    grouping,
  )}`;
}

/**
 * Mean DCGM utilisation (0–1) of the GPUs and MIG slices of the pods `pods`
 * matches. A slice has no DCGM_FI_DEV_GPU_UTIL: its graphics engine
 * activity (0–1) stands for it. `or` matches label sets without the metric
 * name, so a whole GPU that also exports engine activity counts once, by
 * its GPU_UTIL; a slice's series carry GPU_I_ID and match none of those.
 */
export function gpuUtilisationOf(
  pods: LabelMatcher[],
  grouping?: Grouping,
): string {
  const util = selector('DCGM_FI_DEV_GPU_UTIL', pods);
  const engine = selector('DCGM_FI_PROF_GR_ENGINE_ACTIVE', pods);
  return sumOf(`(${util} / 100) or ${engine}`, grouping, 'avg');
}

/** What an entity asks of its LLM server beyond the profile: objectives, and prices for its cost. */
export interface LlmQueryOptions {
  objectives?: { ttftP95Ms?: number; tpotP95Ms?: number };
  prices?: GpuPrices;
}

/** Expressions of the health endpoint, answered by one batched instant query. */
export function healthSignals(
  profile: MetricProfile,
  scope: MetricsScope,
  sloWindow: string,
  options: LlmQueryOptions = {},
): Record<string, string> {
  const m = scopeMatchers(profile, scope);
  const llm = profile.llm;
  return {
    ...trafficSignals(profile, m, sloWindow),
    ...llmSignals(llm, m, '5m'),
    ...tokenObjectiveSignals(llm, options.objectives ?? {}, m, BURN_WINDOWS),
    ...(llm && options.prices
      ? gpuCostSignals(options.prices, platformMatchers(scope))
      : {}),
    cpu_ratio: cpuRatio(scope),
    gpu_util: gpuUtilisation(scope),
  };
}

/**
 * What the profile's own series say: whether they exist, traffic, latency
 * and error ratios over every burn-rate window and the SLO window.
 */
export function trafficSignals(
  profile: MetricProfile,
  m: LabelMatcher[],
  sloWindow: string,
  grouping?: Grouping,
): Record<string, string> {
  const signals: Record<string, string | undefined> = {
    series: sumOf(
      `last_over_time(${selector(profile.detect, m)}${rangeOf('1h')})`,
      grouping,
      'count',
    ),
    rps: sumRate(profile.requests, m, '5m', grouping),
    p50: latencyMs(profile, m, '5m', 0.5, grouping),
    p95: latencyMs(profile, m, '5m', 0.95, grouping),
    p99: latencyMs(profile, m, '5m', 0.99, grouping),
    mean: latencyMs(profile, m, '5m', 'mean', grouping),
    'p95:1h': latencyMs(profile, m, '1h', 0.95, grouping),
  };
  for (const window of [...BURN_WINDOWS, sloWindow]) {
    signals[`error_ratio:${window}`] = errorRatio(profile, m, window, grouping);
  }
  return definedOnly(signals);
}

/** Expressions of the charts, answered by one batched range query. */
export function timeSeriesSignals(
  profile: MetricProfile,
  scope: MetricsScope,
  window: string,
): Record<string, string> {
  const m = scopeMatchers(profile, scope);
  return definedOnly({
    rps: sumRate(profile.requests, m, window),
    error_ratio: errorRatio(profile, m, window),
    p50: latencyMs(profile, m, window, 0.5),
    p95: latencyMs(profile, m, window, 0.95),
    p99: latencyMs(profile, m, window, 0.99),
    mean: latencyMs(profile, m, window, 'mean'),
    ...llmSignals(profile.llm, m, window),
  });
}

/** One expression per profile: how many of its series exist for the entity. */
export function detectionSignals(
  profiles: MetricProfile[],
  scope: MetricsScope,
): Record<string, string> {
  return Object.fromEntries(
    profiles.map(p => [
      p.id,
      `count(last_over_time(${selector(
        p.detect,
        scopeMatchers(p, scope),
      )}${rangeOf('1h')}))`,
    ]),
  );
}

function definedOnly(
  signals: Record<string, string | undefined>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(signals).filter((e): e is [string, string] => !!e[1]),
  );
}
