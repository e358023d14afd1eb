import {
  HpaReplicasPoint,
  HpaReplicasSeries,
  HpaStatusView,
  ScalingEvent,
} from '@internal/plugin-mlops-common';
import { SignalSeries } from '../upstream/prometheus/PrometheusClient';
import { REPLICAS_KINDS, replicasSignal } from './replicasQuery';

/** Prometheus' series per HPA; where it has none, desired replicas from the history. */
export function replicasSeries(
  hpas: HpaStatusView[],
  series: SignalSeries | undefined,
  clusterLabel: string | undefined,
  events: ScalingEvent[],
  start: Date,
  now: Date,
): HpaReplicasSeries[] {
  return hpas.map(h => {
    const ref = { cluster: h.cluster, namespace: h.namespace, hpa: h.name };
    const byKind = REPLICAS_KINDS.map(
      k => series?.get(replicasSignal(k, ref, clusterLabel)) ?? [],
    );
    if (byKind.some(points => points.length > 0)) {
      const times = [
        ...new Set(byKind.flatMap(points => points.map(([t]) => t))),
      ].sort((a, b) => a - b);
      const at = byKind.map(points => new Map(points));
      return {
        ...ref,
        source: 'prometheus' as const,
        points: times.map(t => ({
          t,
          current: at[0].get(t) ?? null,
          desired: at[1].get(t) ?? null,
          min: at[2].get(t) ?? null,
          max: at[3].get(t) ?? null,
        })),
      };
    }
    const changes = events
      .filter(
        e =>
          e.source === 'observed-change' &&
          e.cluster === h.cluster &&
          e.namespace === h.namespace &&
          e.hpa === h.name,
      )
      .filter(e => Date.parse(e.occurredAt) >= start.getTime())
      .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
    const point = (t: number, desired: number | null): HpaReplicasPoint => ({
      t,
      current: null,
      desired,
      min: h.minReplicas,
      max: h.maxReplicas,
    });
    return {
      ...ref,
      source: 'history' as const,
      points: [
        ...changes.map(e => point(Date.parse(e.occurredAt), e.toReplicas)),
        {
          ...point(now.getTime(), h.desiredReplicas),
          current: h.currentReplicas,
        },
      ],
    };
  });
}
