import { ScalingEvent } from '@internal/plugin-mlops-common';
import type { ClusterAutoscaling } from './KubernetesAutoscalingReader';
import { eventRecord } from './scalingEvents';
import type { HpaRef, ScalingEventRecord } from './ScalingEventStore';

const refKey = (r: HpaRef) => `${r.cluster}/${r.namespace}/${r.hpa}`;

/** The live Events of the clusters that answered, about the HPAs in `refs` only. */
export function liveScalingEvents(
  answers: ClusterAutoscaling[],
  refs: HpaRef[],
): ScalingEventRecord[] {
  const wanted = new Set(refs.map(refKey));
  return answers.flatMap(a =>
    a.ok
      ? a.events.flatMap(e => {
          const r = eventRecord(a.cluster, e);
          return r && wanted.has(refKey(r)) ? [r] : [];
        })
      : [],
  );
}

/** One record per key: an Event seen again has a higher count, and that one wins. */
export function latestByKey(
  events: ScalingEventRecord[],
): ScalingEventRecord[] {
  const byKey = new Map<string, ScalingEventRecord>();
  for (const e of events) {
    const known = byKey.get(e.key);
    if (!known || e.count > known.count) byKey.set(e.key, e);
  }
  return [...byKey.values()];
}

/** The history and the live Events as one list, newest first, at most `limit`. */
export function mergeScalingEvents(
  stored: ScalingEventRecord[],
  live: ScalingEventRecord[],
  limit: number,
): ScalingEvent[] {
  return latestByKey([...stored, ...live])
    .sort((a, b) => b.occurredAt.localeCompare(a.occurredAt))
    .slice(0, limit)
    .map(({ key: _key, ...event }) => event);
}
