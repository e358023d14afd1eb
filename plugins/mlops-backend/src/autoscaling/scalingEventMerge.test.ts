import type { CoreV1Event } from '@kubernetes/client-node';
import {
  latestByKey,
  liveScalingEvents,
  mergeScalingEvents,
} from './scalingEventMerge';
import type { ScalingEventRecord } from './ScalingEventStore';

function record(
  key: string,
  count: number,
  occurredAt: string,
): ScalingEventRecord {
  return {
    key,
    cluster: 'east',
    namespace: 'ml',
    hpa: 'scorer',
    source: 'kubernetes-event',
    type: 'Normal',
    reason: 'SuccessfulRescale',
    message: `seen ${count}`,
    fromReplicas: null,
    toReplicas: null,
    count,
    occurredAt,
  };
}

function hpaEvent(uid: string, hpa: string, namespace = 'ml'): CoreV1Event {
  return {
    metadata: { uid, namespace },
    involvedObject: { kind: 'HorizontalPodAutoscaler', name: hpa, namespace },
    reason: 'SuccessfulRescale',
    message: 'New size: 4; reason: cpu resource utilization above target',
    lastTimestamp: new Date('2026-12-03T08:00:00Z'),
    count: 1,
  };
}

describe('scaling event merge', () => {
  it.each([
    {
      name: 'the higher count of one Event wins, whichever comes first',
      events: [
        record('a', 1, '2026-12-03T08:00:00Z'),
        record('a', 3, '2026-12-03T08:05:00Z'),
        record('a', 2, '2026-12-03T08:03:00Z'),
      ],
      counts: { a: 3 },
      occurred: { a: '2026-12-03T08:05:00Z' },
    },
    {
      name: 'an equal count keeps the first seen',
      events: [
        record('a', 2, '2026-12-03T08:00:00Z'),
        record('a', 2, '2026-12-03T09:00:00Z'),
      ],
      counts: { a: 2 },
      occurred: { a: '2026-12-03T08:00:00Z' },
    },
    {
      name: 'different Events stay apart',
      events: [
        record('a', 1, '2026-12-03T08:00:00Z'),
        record('b', 1, '2026-12-03T08:00:00Z'),
      ],
      counts: { a: 1, b: 1 },
      occurred: { a: '2026-12-03T08:00:00Z', b: '2026-12-03T08:00:00Z' },
    },
  ])('latestByKey: $name', ({ events, counts, occurred }) => {
    const merged = latestByKey(events);
    expect(Object.fromEntries(merged.map(e => [e.key, e.count]))).toEqual(
      counts,
    );
    expect(Object.fromEntries(merged.map(e => [e.key, e.occurredAt]))).toEqual(
      occurred,
    );
  });

  it.each([
    { limit: 10, keys: ['live-new', 'both', 'stored-old'] },
    { limit: 2, keys: ['live-new', 'both'] },
  ])('mergeScalingEvents: newest first, at most $limit', ({ limit, keys }) => {
    const stored = [
      record('stored-old', 1, '2026-12-03T07:00:00Z'),
      record('both', 1, '2026-12-03T08:00:00Z'),
    ];
    const live = [
      record('both', 4, '2026-12-03T08:10:00Z'),
      record('live-new', 1, '2026-12-03T09:00:00Z'),
    ];
    const merged = mergeScalingEvents(stored, live, limit);
    expect(merged.map(e => e.message)).toEqual(
      keys.map(k => (k === 'both' ? 'seen 4' : 'seen 1')),
    );
    expect(merged.every(e => !('key' in e))).toBe(true);
  });

  it('liveScalingEvents keeps the Events of the HPAs asked for, from clusters that answered', () => {
    const answers = [
      {
        cluster: 'east',
        ok: true as const,
        requests: 2,
        durationMs: 1,
        hpas: [],
        scaledObjects: [],
        events: [
          hpaEvent('1', 'scorer'),
          hpaEvent('2', 'other-service'),
          hpaEvent('3', 'scorer', 'other-namespace'),
        ],
      },
      {
        cluster: 'west',
        ok: false as const,
        error: { kind: 'timeout' as const, message: 'late' },
        requests: 2,
        durationMs: 5000,
      },
    ];
    const live = liveScalingEvents(answers, [
      { cluster: 'east', namespace: 'ml', hpa: 'scorer' },
      { cluster: 'west', namespace: 'ml', hpa: 'scorer' },
    ]);
    expect(live.map(e => [e.key, e.toReplicas])).toEqual([['event:east:1', 4]]);
  });
});
