import {
  anyOfRegex,
  LabelMatcher,
  quoteLabelValue,
  selector,
} from '../upstream/prometheus/promql';
import { HpaRef } from './ScalingEventStore';

/** kube-state-metrics' series of an HPA's replicas, by what the chart calls them. */
const SERIES = {
  current: 'kube_horizontalpodautoscaler_status_current_replicas',
  desired: 'kube_horizontalpodautoscaler_status_desired_replicas',
  min: 'kube_horizontalpodautoscaler_spec_min_replicas',
  max: 'kube_horizontalpodautoscaler_spec_max_replicas',
} as const;

export type ReplicasKind = keyof typeof SERIES;
export const REPLICAS_KINDS = Object.keys(SERIES) as ReplicasKind[];

/** The signal name one series of {@link replicasQuery} comes back under. */
export function replicasSignal(
  kind: ReplicasKind,
  hpa: HpaRef,
  clusterLabel?: string,
): string {
  return [
    kind,
    ...(clusterLabel ? [hpa.cluster] : []),
    hpa.namespace,
    hpa.hpa,
  ].join('|');
}

/**
 * One range query for the replicas of every HPA given: each series is
 * named `kind|cluster|namespace|hpa` (without the cluster when the instance
 * has no cluster label) through `label_join`, so the batch reads back by name.
 */
export function replicasQuery(hpas: HpaRef[], clusterLabel?: string): string {
  const unique = (values: string[]) => [...new Set(values)].sort();
  const matchers: LabelMatcher[] = [
    {
      label: 'namespace',
      op: '=~',
      value: anyOfRegex(unique(hpas.map(h => h.namespace))),
    },
    {
      label: 'horizontalpodautoscaler',
      op: '=~',
      value: anyOfRegex(unique(hpas.map(h => h.hpa))),
    },
  ];
  const labels = ['namespace', 'horizontalpodautoscaler'];
  if (clusterLabel) {
    matchers.push({
      label: clusterLabel,
      op: '=~',
      value: anyOfRegex(unique(hpas.map(h => h.cluster))),
    });
    labels.unshift(clusterLabel);
  }
  return REPLICAS_KINDS.map(kind => {
    const grouped = `max by (${labels.join(', ')}) (${selector(
      SERIES[kind],
      matchers,
    )})`;
    const tagged = `label_replace(${grouped}, "mlops_kind", ${quoteLabelValue(
      kind,
    )}, "", "")`;
    const sources = ['mlops_kind', ...labels].map(quoteLabelValue).join(', ');
    return `label_join(${tagged}, "mlops_signal", "|", ${sources})`;
  }).join('\n  or ');
}
