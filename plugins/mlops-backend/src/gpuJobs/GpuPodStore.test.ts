import { createTestDatabases } from '../__testUtils__/databases';
import { applyDatabaseMigrations } from '../database/migrations';
import { GpuPodStore } from './GpuPodStore';
import { GpuPodRecord } from './podRecord';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const pod = (overrides: Partial<GpuPodRecord> = {}): GpuPodRecord => ({
  cluster: 'east',
  uid: 'p1',
  jobUid: 'j1',
  namespace: 'ml',
  name: 'train-0',
  phase: 'Running',
  node: 'gpu-1',
  gpuModel: 'A100',
  gpus: 1,
  gpuEquivalents: 1,
  gpuResource: 'nvidia.com/gpu',
  startedAt: '2026-11-29T10:00:00.000Z',
  finishedAt: null,
  end: null,
  estimated: false,
  lastRunningAt: '2026-11-29T10:01:00.000Z',
  ...overrides,
});

const at = (time: string) => new Date(`2026-11-29T${time}Z`);

describe.each(databases.eachSupportedId())('GpuPodStore on %s', id => {
  async function store() {
    const knex = await databases.init(id);
    await applyDatabaseMigrations(knex);
    return new GpuPodStore(knex);
  }

  it('only learns: an older view never undoes a finish, a start or a later sighting', async () => {
    const s = await store();
    const finished = pod({
      phase: 'Succeeded',
      finishedAt: '2026-11-29T10:02:00.000Z',
      end: 'terminated',
      lastRunningAt: null,
    });
    await s.upsert([finished], at('10:02:01'));
    // A re-list that began before the pod finished still saw it running.
    await s.upsert([pod({ node: null, gpuModel: null })], at('10:02:02'));
    const [stored] = await s.podsOf([{ cluster: 'east', uid: 'j1' }]);
    expect(stored).toMatchObject({
      phase: 'Succeeded',
      startedAt: '2026-11-29T10:00:00.000Z',
      finishedAt: '2026-11-29T10:02:00.000Z',
      end: 'terminated',
      estimated: false,
      node: 'gpu-1',
      gpuModel: 'A100',
      lastRunningAt: '2026-11-29T10:01:00.000Z',
    });
  });

  it('keeps a pod’s GPU-equivalents, and fills those of a row an earlier release wrote', async () => {
    const knex = await databases.init(id);
    await applyDatabaseMigrations(knex);
    const s = new GpuPodStore(knex);
    const onSlice = pod({
      uid: 'slice',
      gpus: 1,
      gpuEquivalents: 3 / 7,
      gpuResource: 'nvidia.com/mig-3g.40gb',
    });
    await s.upsert([onSlice, pod({ uid: 'old' })], at('10:01:00'));
    await knex('mlops_gpu_pods')
      .where({ uid: 'old' })
      .update({ gpu_equivalents: null, gpus: 2 });
    const read = async () =>
      new Map(
        (await s.podsOf([{ cluster: 'east', uid: 'j1' }])).map(p => [
          p.uid,
          p.gpuEquivalents,
        ]),
      );
    const before = await read();
    expect(before.get('slice')).toBeCloseTo(3 / 7, 12);
    expect(before.get('old')).toBe(2);
    // The next write of an upgraded replica stores what it knows.
    await s.upsert([pod({ uid: 'old', gpuEquivalents: 2 })], at('10:02:00'));
    expect(
      await knex('mlops_gpu_pods')
        .where({ uid: 'old' })
        .first('gpu_equivalents'),
    ).toEqual({ gpu_equivalents: 2 });
  });

  it('replaces an estimated end by a better-known one, never the reverse', async () => {
    const s = await store();
    await s.upsert(
      [
        pod({
          finishedAt: '2026-11-29T10:01:00.000Z',
          end: 'last-seen',
          estimated: true,
        }),
      ],
      at('10:05:00'),
    );
    await s.upsert(
      [pod({ finishedAt: '2026-11-29T10:03:00.000Z', end: 'deleted' })],
      at('10:05:01'),
    );
    await s.upsert(
      [
        pod({
          finishedAt: '2026-11-29T10:04:00.000Z',
          end: 'job',
          estimated: true,
        }),
      ],
      at('10:05:02'),
    );
    const [stored] = await s.podsOf([{ cluster: 'east', uid: 'j1' }]);
    expect(stored).toMatchObject({
      finishedAt: '2026-11-29T10:03:00.000Z',
      end: 'deleted',
      estimated: false,
    });
  });

  it("ends a pod a re-list no longer finds at its Job's completion, or its last sighting", async () => {
    const s = await store();
    await s.upsert(
      [
        pod({ uid: 'p1', jobUid: 'j1' }),
        pod({ uid: 'p2', jobUid: 'j2' }),
        pod({ uid: 'p3', jobUid: 'j3' }),
        pod({
          uid: 'pending',
          jobUid: 'j3',
          startedAt: null,
          phase: 'Pending',
          lastRunningAt: null,
        }),
      ],
      at('10:01:00'),
    );
    await s.touchRunning('east', ['p2'], at('10:03:00'));
    // p3 was written by the watch after the list began: it stays open.
    await s.upsert([pod({ uid: 'p3', jobUid: 'j3' })], at('10:06:00'));
    const gone = await s.markGone(
      'east',
      [],
      at('10:05:00'),
      new Map([['j1', '2026-11-29T10:04:00.000Z']]),
    );
    expect(gone).toBe(3);
    const pods = await s.podsOf(
      ['j1', 'j2', 'j3'].map(uid => ({ cluster: 'east', uid })),
    );
    const byUid = new Map(pods.map(p => [p.uid, p]));
    expect(byUid.get('p1')).toMatchObject({
      finishedAt: '2026-11-29T10:04:00.000Z',
      end: 'job',
      estimated: true,
      goneAt: '2026-11-29T10:05:00.000Z',
    });
    expect(byUid.get('p2')).toMatchObject({
      finishedAt: '2026-11-29T10:03:00.000Z',
      end: 'last-seen',
      estimated: true,
    });
    expect(byUid.get('p3')).toMatchObject({ finishedAt: null, goneAt: null });
    expect(byUid.get('pending')).toMatchObject({
      startedAt: null,
      finishedAt: null,
      goneAt: '2026-11-29T10:05:00.000Z',
    });
  });
});
