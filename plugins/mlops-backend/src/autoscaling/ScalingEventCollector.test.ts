import { ScalingEventStore } from './ScalingEventStore';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  collectorOn,
  event,
  HPAS,
  hpa,
  LONG_AGO,
  migratedStore,
} from '../__testUtils__/scalingHistory';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'scaling history collected on %s',
  id => {
    const freshStore = () => migratedStore(databases, id);

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

    it('records no change from or to a count the controller has not computed', async () => {
      const { store } = await freshStore();
      const collector = collectorOn(store);
      const at = (minute: number) => new Date(`2026-11-29T13:0${minute}:30Z`);
      // Created, never synced: the status says 0 of 0.
      const created = {
        ...hpa(0, '2026-11-29T13:00:00Z'),
        status: { currentReplicas: 0, desiredReplicas: 0 },
      };
      // Synced with failing metrics: still 0 desired beside 2 running.
      const failing = {
        ...hpa(0, '2026-11-29T13:00:00Z'),
        status: {
          currentReplicas: 2,
          desiredReplicas: 0,
          conditions: [
            {
              type: 'ScalingActive',
              status: 'False',
              reason: 'FailedGetPodsMetric',
            },
          ],
        },
      };
      await collector.collect('east', [created], [], at(1));
      await collector.collect('east', [failing], [], at(2));
      await collector.collect(
        'east',
        [hpa(2, '2026-11-29T13:03:00Z')],
        [],
        at(3),
      );
      await collector.collect('east', [failing], [], at(4));
      await collector.collect(
        'east',
        [hpa(3, '2026-11-29T13:05:00Z')],
        [],
        at(5),
      );

      const rows = await store.list(HPAS, LONG_AGO, 100);
      expect(rows.map(r => [r.fromReplicas, r.toReplicas])).toEqual([[2, 3]]);
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
  },
);
