import type {
  CoreV1Event,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import { isoOrNull } from '../shared/dates';
import { HpaObservation, ScalingEventRecord } from './ScalingEventStore';

/** `New size: 5; reason: ...` of a SuccessfulRescale Event. */
function newSize(message: string): number | null {
  const match = /New size: (\d+)/.exec(message);
  return match ? Number(match[1]) : null;
}

/** An Event about an HPA as a scaling event; its uid keeps it unique, its count grows. */
export function eventRecord(
  cluster: string,
  event: CoreV1Event,
): ScalingEventRecord | undefined {
  const uid = event.metadata?.uid;
  const occurredAt =
    isoOrNull(event.lastTimestamp) ??
    isoOrNull(event.eventTime as unknown as Date | string | undefined) ??
    isoOrNull(event.firstTimestamp) ??
    isoOrNull(event.metadata?.creationTimestamp);
  const hpa = event.involvedObject?.name;
  if (!uid || !occurredAt || !hpa) return undefined;
  const message = event.message ?? '';
  return {
    key: `event:${cluster}:${uid}`,
    cluster,
    namespace:
      event.involvedObject.namespace ?? event.metadata?.namespace ?? '',
    hpa,
    source: 'kubernetes-event',
    type: event.type ?? null,
    reason: event.reason ?? 'Unknown',
    message,
    fromReplicas: null,
    toReplicas: event.reason === 'SuccessfulRescale' ? newSize(message) : null,
    count: event.count ?? 1,
    occurredAt,
  };
}

/**
 * Changes of desired replicas since the last observation. The key is the
 * HPA with its last scale time and new desired replicas, which every
 * collector that sees the same change computes alike.
 */
export function observedChanges(
  cluster: string,
  hpas: V2HorizontalPodAutoscaler[],
  previous: Map<string, HpaObservation>,
  now: Date,
): { changes: ScalingEventRecord[]; observations: HpaObservation[] } {
  const changes: ScalingEventRecord[] = [];
  const observations: HpaObservation[] = [];
  for (const h of hpas) {
    const namespace = h.metadata?.namespace ?? '';
    const hpa = h.metadata?.name ?? '';
    const desired = h.status?.desiredReplicas ?? null;
    observations.push({ namespace, hpa, desiredReplicas: desired });
    const before = previous.get(`${namespace}/${hpa}`);
    if (!before || before.desiredReplicas === desired || desired === null)
      continue;
    const lastScale = isoOrNull(
      h.status?.lastScaleTime as Date | string | undefined,
    );
    changes.push({
      key: `desired:${cluster}:${namespace}/${hpa}:${
        lastScale ?? 'none'
      }:${desired}`,
      cluster,
      namespace,
      hpa,
      source: 'observed-change',
      type: null,
      reason: 'DesiredReplicasChanged',
      message: `Desired replicas changed from ${
        before.desiredReplicas ?? 'none'
      } to ${desired}`,
      fromReplicas: before.desiredReplicas,
      toReplicas: desired,
      count: 1,
      occurredAt: lastScale ?? now.toISOString(),
    });
  }
  return { changes, observations };
}
