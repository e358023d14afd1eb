import type { CoreV1Event } from '@kubernetes/client-node';
import { jobEvents } from './jobEvents';

const at = (iso: string) => new Date(iso);

describe('jobEvents', () => {
  it.each([
    [
      'an Event with every field',
      {
        type: 'Warning',
        reason: 'BackoffLimitExceeded',
        message: 'Job has reached the specified backoff limit',
        involvedObject: { kind: 'Job', name: 'train' },
        count: 3,
        lastTimestamp: at('2026-11-29T13:00:00Z'),
        eventTime: at('2026-11-29T12:00:00Z'),
      },
      {
        type: 'Warning',
        reason: 'BackoffLimitExceeded',
        message: 'Job has reached the specified backoff limit',
        object: 'Job/train',
        count: 3,
        lastSeen: '2026-11-29T13:00:00.000Z',
      },
    ],
    [
      'an events.k8s.io Event: its eventTime',
      {
        involvedObject: { kind: 'Pod', name: 'train-x7k2q' },
        eventTime: at('2026-11-29T12:00:00Z'),
        metadata: { creationTimestamp: at('2026-11-29T11:00:00Z') },
      },
      {
        type: 'Normal',
        reason: '',
        message: '',
        object: 'Pod/train-x7k2q',
        count: 1,
        lastSeen: '2026-11-29T12:00:00.000Z',
      },
    ],
    [
      'an Event with only its creation time',
      {
        involvedObject: {},
        metadata: { creationTimestamp: at('2026-11-29T11:00:00Z') },
      },
      {
        type: 'Normal',
        reason: '',
        message: '',
        object: '/',
        count: 1,
        lastSeen: '2026-11-29T11:00:00.000Z',
      },
    ],
    [
      'an Event with no time',
      { involvedObject: { kind: 'Job', name: 'train' } },
      {
        type: 'Normal',
        reason: '',
        message: '',
        object: 'Job/train',
        count: 1,
        lastSeen: null,
      },
    ],
  ])('lists %s', (_, event, expected) => {
    expect(jobEvents([event as CoreV1Event])).toEqual([expected]);
  });

  it('lists the latest first and Events without a time last', () => {
    const events = [
      { reason: 'none', involvedObject: {} },
      {
        reason: 'early',
        involvedObject: {},
        lastTimestamp: at('2026-11-29T10:00:00Z'),
      },
      {
        reason: 'late',
        involvedObject: {},
        lastTimestamp: at('2026-11-29T13:00:00Z'),
      },
    ] as CoreV1Event[];
    expect(jobEvents(events).map(e => e.reason)).toEqual([
      'late',
      'early',
      'none',
    ]);
  });
});
