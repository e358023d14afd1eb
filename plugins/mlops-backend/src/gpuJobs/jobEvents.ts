import type { CoreV1Event } from '@kubernetes/client-node';
import { GpuJobEvent } from '@internal/plugin-mlops-common';
import { isoOrNull } from '../shared/dates';

/** The Events of a job and its pods as the drawer lists them, latest first. */
export function jobEvents(events: readonly CoreV1Event[]): GpuJobEvent[] {
  return events
    .map(e => ({
      type: e.type ?? 'Normal',
      reason: e.reason ?? '',
      message: e.message ?? '',
      object: `${e.involvedObject?.kind ?? ''}/${e.involvedObject?.name ?? ''}`,
      count: e.count ?? 1,
      lastSeen: isoOrNull(
        e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp,
      ),
    }))
    .sort((a, b) => (b.lastSeen ?? '').localeCompare(a.lastSeen ?? ''));
}
