import { mockServices } from '@backstage/backend-test-utils';
import type {
  CoreV1Event,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import { createTestDatabases } from '../__testUtils__/databases';
import { applyDatabaseMigrations } from '../database/migrations';
import { KubernetesAutoscalingReader } from './KubernetesAutoscalingReader';
import { ScalingEventCollector } from './ScalingEventCollector';
import { ScalingEventStore } from './ScalingEventStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const HPAS = [{ cluster: 'east', namespace: 'fraud-ml', hpa: 'fraud-scorer' }];
const LONG_AGO = new Date('2000-01-01T00:00:00Z');

function hpa(
  desired: number,
  lastScaleTime: string,
): V2HorizontalPodAutoscaler {
  return {
    metadata: { name: 'fraud-scorer', namespace: 'fraud-ml' },
    spec: {
      scaleTargetRef: { kind: 'Deployment', name: 'fraud-scorer' },
      maxReplicas: 10,
    },
    status: {
      currentReplicas: desired,
      desiredReplicas: desired,
      lastScaleTime: new Date(lastScaleTime),
    },
  } as V2HorizontalPodAutoscaler;
}

function event(
  uid: string,
  reason: string,
  message: string,
  count: number,
  at: string,
): CoreV1Event {
  return {
    metadata: { uid, namespace: 'fraud-ml', name: `fraud-scorer.${uid}` },
    involvedObject: {
      kind: 'HorizontalPodAutoscaler',
      namespace: 'fraud-ml',
      name: 'fraud-scorer',
    },
    reason,
    message,
    type: reason.startsWith('Failed') ? 'Warning' : 'Normal',
    count,
    lastTimestamp: new Date(at),
  } as CoreV1Event;
}

function collectorOn(store: ScalingEventStore) {
  return new ScalingEventCollector({
    reader: {} as KubernetesAutoscalingReader,
    store,
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
    retentionMs: 30 * 24 * 3600_000,
  });
}

describe.each(databases.eachSupportedId())('scaling history on %s', id => {
  async function freshStore() {
    const knex = await databases.init(id);
    await applyDatabaseMigrations(knex);
    return { knex, store: new ScalingEventStore(knex) };
  }

  it('records Events and desired-replica changes; two runners at once write each once', async () => {
    const { knex, store } = await freshStore();
    await collectorOn(store).collect(
      'east',
      [hpa(2, '2026-11-29T13:00:00Z')],
      [],
      new Date('2026-11-29T13:01:00Z'),
    );

    const hpas = [hpa(5, '2026-11-29T13:05:00Z')];
    const events = [
      event(
        'e1',
        'SuccessfulRescale',
        'New size: 5; reason: pods metric requests_per_second above target',
        1,
        '2026-11-29T13:05:00Z',
      ),
      event(
        'e2',
        'FailedGetPodsMetric',
        'unable to get metric requests_per_second',
        3,
        '2026-11-29T13:06:00Z',
      ),
    ];
    const at = new Date('2026-11-29T13:06:30Z');
    // Two backend replicas whose runs overlap, each with its own store over the one database.
    await Promise.all([
      collectorOn(store).collect('east', hpas, events, at),
      collectorOn(new ScalingEventStore(knex)).collect(
        'east',
        hpas,
        events,
        at,
      ),
    ]);

    const rows = await store.list(HPAS, LONG_AGO, 100);
    expect(
      rows.map(r => [
        r.reason,
        r.fromReplicas,
        r.toReplicas,
        r.count,
        r.occurredAt,
      ]),
    ).toEqual([
      ['FailedGetPodsMetric', null, null, 3, '2026-11-29T13:06:00.000Z'],
      ['DesiredReplicasChanged', 2, 5, 1, '2026-11-29T13:05:00.000Z'],
      ['SuccessfulRescale', null, 5, 1, '2026-11-29T13:05:00.000Z'],
    ]);
    const [{ n }] = await knex('mlops_scaling_events').count({ n: '*' });
    expect(Number(n)).toBe(3);
  });

  it('loses nothing over a restart and keeps the higher count of a repeated Event', async () => {
    const { knex, store } = await freshStore();
    const first = collectorOn(store);
    await first.collect(
      'east',
      [hpa(2, '2026-11-29T13:00:00Z')],
      [],
      new Date('2026-11-29T13:00:30Z'),
    );
    await first.collect(
      'east',
      [hpa(4, '2026-11-29T13:02:00Z')],
      [
        event(
          'e1',
          'FailedGetPodsMetric',
          'unable to get metric',
          2,
          '2026-11-29T13:02:00Z',
        ),
      ],
      new Date('2026-11-29T13:02:30Z'),
    );

    // A new backend process over the same database: what it sees again is not duplicated,
    // what changed while it was down is recorded against the last observation.
    const restarted = collectorOn(new ScalingEventStore(knex));
    await restarted.collect(
      'east',
      [hpa(6, '2026-11-29T13:10:00Z')],
      [
        event(
          'e1',
          'FailedGetPodsMetric',
          'unable to get metric',
          7,
          '2026-11-29T13:09:00Z',
        ),
        event(
          'e1',
          'FailedGetPodsMetric',
          'unable to get metric',
          5,
          '2026-11-29T13:08:00Z',
        ),
      ],
      new Date('2026-11-29T13:10:30Z'),
    );

    const rows = await store.list(HPAS, LONG_AGO, 100);
    expect(
      rows.map(r => [
        r.reason,
        r.fromReplicas,
        r.toReplicas,
        r.count,
        r.occurredAt,
      ]),
    ).toEqual([
      ['DesiredReplicasChanged', 4, 6, 1, '2026-11-29T13:10:00.000Z'],
      ['FailedGetPodsMetric', null, null, 7, '2026-11-29T13:09:00.000Z'],
      ['DesiredReplicasChanged', 2, 4, 1, '2026-11-29T13:02:00.000Z'],
    ]);
  });

  it('prunes what is older than the retention and keeps the rest', async () => {
    const { store } = await freshStore();
    const collector = collectorOn(store);
    await collector.collect(
      'east',
      [hpa(3, '2026-11-29T13:00:00Z')],
      [
        event(
          'old',
          'SuccessfulRescale',
          'New size: 3; reason: cpu',
          1,
          '2026-10-01T00:00:00Z',
        ),
        event(
          'new',
          'SuccessfulRescale',
          'New size: 4; reason: cpu',
          1,
          '2026-11-29T12:00:00Z',
        ),
      ],
      new Date('2026-11-29T13:00:00Z'),
    );
    expect(await store.prune(new Date('2026-11-01T00:00:00Z'))).toBe(1);
    const rows = await store.list(HPAS, LONG_AGO, 100);
    expect(rows.map(r => r.message)).toEqual(['New size: 4; reason: cpu']);
    // Observations of HPAs that still exist are refreshed by every run, so they survive.
    expect(
      (await store.observations('east')).get('fraud-ml/fraud-scorer')
        ?.desiredReplicas,
    ).toBe(3);
  });

  it('lists only the HPAs asked for, newest first, up to the limit', async () => {
    const { store } = await freshStore();
    const other = (name: string, uid: string, at: string) => ({
      ...event(uid, 'SuccessfulRescale', `New size: 2; reason: ${name}`, 1, at),
      involvedObject: {
        kind: 'HorizontalPodAutoscaler',
        namespace: 'fraud-ml',
        name,
      },
    });
    await collectorOn(store).collect(
      'east',
      [],
      [
        other('fraud-scorer', 'a', '2026-11-29T10:00:00Z'),
        other('fraud-scorer', 'b', '2026-11-29T11:00:00Z'),
        other('reco-ranker', 'c', '2026-11-29T12:00:00Z'),
      ],
      new Date(),
    );
    const rows = await store.list(HPAS, LONG_AGO, 1);
    expect(rows.map(r => r.occurredAt)).toEqual(['2026-11-29T11:00:00.000Z']);
  });
});
