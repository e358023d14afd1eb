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
 * The desired replicas the controller computed, or null while it has not:
 * a new HPA's status says 0 until its first sync, and stays 0 beside
 * running replicas while its metrics fail (0 is real only with scaling
 * disabled, when no replica runs either).
 */
function desiredReplicas(h: V2HorizontalPodAutoscaler): number | null {
  const status = h.status;
  if (status?.desiredReplicas === undefined) return null;
  const synced =
    (status.conditions?.length ?? 0) > 0 || status.lastScaleTime !== undefined;
  if (!synced) return null;
  if (status.desiredReplicas === 0 && (status.currentReplicas ?? 0) > 0)
    return null;
  return status.desiredReplicas;
}

/**
 * Changes of desired replicas since the last observation; from or to a
 * count the controller has not computed is no change. The key is the
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
    const desired = desiredReplicas(h);
    const before = previous.get(`${namespace}/${hpa}`);
    // While not computed, the last known count stands.
    observations.push({
      namespace,
      hpa,
      desiredReplicas: desired ?? before?.desiredReplicas ?? null,
    });
    if (
      !before ||
      before.desiredReplicas === null ||
      desired === null ||
      before.desiredReplicas === desired
    )
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
      message: `Desired replicas changed from ${before.desiredReplicas} to ${desired}`,
      fromReplicas: before.desiredReplicas,
      toReplicas: desired,
      count: 1,
      occurredAt: lastScale ?? now.toISOString(),
    });
  }
  return { changes, observations };
}
