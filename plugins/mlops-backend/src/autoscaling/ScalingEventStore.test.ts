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
  'scaling history kept and listed on %s',
  id => {
    const freshStore = () => migratedStore(databases, id);

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
        ...event(
          uid,
          'SuccessfulRescale',
          `New size: 2; reason: ${name}`,
          1,
          at,
        ),
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
  },
);
