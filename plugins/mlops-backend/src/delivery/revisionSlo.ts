import { RevisionSlo } from '@internal/plugin-mlops-common';
import {
  errorRatio,
  Grouping,
  latencyMs,
  MetricsScope,
  scopeMatchers,
  sumRate,
} from '../serving/profiles/queries';
import { leRegex } from '../serving/profiles/llmQueries';
import { LATENCY_UNIT_MS, MetricProfile } from '../serving/profiles/types';
import {
  anyOfRegex,
  batchSignals,
  LabelMatcher,
  rangeOf,
  selector,
} from '../upstream/prometheus/promql';

/**
 * The label of a Rollout's pods on their series: the ServiceMonitor of the
 * model-service chart copies `rollouts-pod-template-hash` (podTargetLabels).
 */
export const HASH_SERIES_LABEL = 'rollouts_pod_template_hash';

/** The share of an LLM server's requests whose first token came after `objectiveMs`. */
function ttftSlowShare(
  profile: MetricProfile,
  m: LabelMatcher[],
  window: string,
  objectiveMs: number,
  by: string,
): string | undefined {
  const ttft = profile.llm?.ttft;
  if (!ttft) return undefined;
  const bound = objectiveMs / LATENCY_UNIT_MS[ttft.unit];
  const rates = (suffix: string, extra: LabelMatcher[] = []) =>
    ttft.metrics
      .map(
        name =>
          `rate(${selector(name + suffix, [...m, ...extra])}${rangeOf(
            window,
          )})`,
      )
      .join(' or ');
  const within = rates('_bucket', [
    { label: 'le', op: '=~', value: leRegex(bound) },
  ]);
  return `clamp_min(1 - sum by (${by}) (${within}) / sum by (${by}) (${rates(
    '_count',
  )}), 0)`;
}

/**
 * One batched instant query for the requests, 5xx share and p95 latency of
 * each revision's pods (and an LLM server's share of slow first tokens),
 * summed by pod template hash and, when the instance labels clusters, by
 * cluster; only the given hashes are asked for.
 */
export function revisionSloQuery(input: {
  profile: MetricProfile;
  scope: MetricsScope;
  hashes: string[];
  window: string;
  clusterLabel?: string;
  ttftObjectiveMs?: number;
}): string {
  const { profile, scope, hashes, window, clusterLabel } = input;
  const m: LabelMatcher[] = [
    ...scopeMatchers(profile, scope),
    { label: HASH_SERIES_LABEL, op: '=~', value: anyOfRegex(hashes) },
  ];
  const by = [HASH_SERIES_LABEL, ...(clusterLabel ? [clusterLabel] : [])];
  const grouping: Grouping = { by, keyed: expr => expr };
  const signals: Record<string, string | undefined> = {
    rps: sumRate(profile.requests, m, window, grouping),
    error_ratio: errorRatio(profile, m, window, grouping),
    p95: latencyMs(profile, m, window, 0.95, grouping),
    ttft_slow:
      input.ttftObjectiveMs === undefined
        ? undefined
        : ttftSlowShare(
            profile,
            m,
            window,
            input.ttftObjectiveMs,
            by.join(', '),
          ),
  };
  return batchSignals(
    Object.fromEntries(
      Object.entries(signals).filter((e): e is [string, string] => !!e[1]),
    ),
  );
}

/** The key of a revision's figures: its cluster ('' when series name none) and hash. */
export function sloKey(cluster: string, hash: string): string {
  return JSON.stringify([cluster, hash]);
}

/**
 * The figures of each revision from the query's samples, keyed by
 * {@link sloKey}. A profile without error or latency series gives null for
 * them; the TTFT share is there only when asked for.
 */
export function revisionSlos(
  samples: Array<{ labels: Record<string, string>; value: number | null }>,
  options: { window: string; clusterLabel?: string; ttft: boolean },
): Map<string, RevisionSlo> {
  const slos = new Map<string, RevisionSlo>();
  for (const { labels, value } of samples) {
    const hash = labels[HASH_SERIES_LABEL];
    const signal = labels.mlops_signal;
    if (!hash || !signal) continue;
    const cluster = options.clusterLabel
      ? labels[options.clusterLabel] ?? ''
      : '';
    const key = sloKey(cluster, hash);
    let slo = slos.get(key);
    if (!slo) {
      slo = {
        requestsPerSecond: null,
        errorRatio: null,
        latencyP95Seconds: null,
        ...(options.ttft ? { ttftSlowShare: null } : {}),
        window: options.window,
      };
      slos.set(key, slo);
    }
    const finite = value !== null && Number.isFinite(value) ? value : null;
    if (signal === 'rps') slo.requestsPerSecond = finite;
    else if (signal === 'error_ratio') slo.errorRatio = finite;
    else if (signal === 'p95')
      slo.latencyP95Seconds = finite === null ? null : finite / 1000;
    else if (signal === 'ttft_slow' && options.ttft) slo.ttftSlowShare = finite;
  }
  return slos;
}
