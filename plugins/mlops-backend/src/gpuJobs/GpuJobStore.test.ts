import { createTestDatabases } from '../__testUtils__/databases';
import { applyDatabaseMigrations } from '../database/migrations';
import { GpuJobRecord } from './jobRecord';
import { GpuJobStore } from './GpuJobStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

type Written = Parameters<GpuJobStore['upsert']>[0][number];

function record(uid: string, extra: Partial<Written> = {}): Written {
  return {
    cluster: 'east',
    namespace: 'fraud-ml',
    name: `run-${uid}`,
    uid,
    labels: { 'backstage.io/kubernetes-id': 'fraud-model-training' },
    controllers: [],
    queueName: null,
    state: 'running' as const,
    reason: null,
    message: null,
    createdAt: '2026-11-29T10:00:00.000Z',
    startedAt: '2026-11-29T10:01:00.000Z',
    finishedAt: null,
    gpus: 4,
    gpuEquivalents: 4,
    gpuResource: 'nvidia.com/gpu',
    migProfile: null,
    nodes: ['gpu-1'],
    gpuModel: 'NVIDIA-A100-SXM4-80GB',
    retries: 0,
    entityRef: 'component:default/fraud-model-training',
    team: 'group:default/fraud-ml',
    claimants: [],
    ...extra,
  };
}

const since = new Date('2026-11-01T00:00:00Z');

describe.each(databases.eachSupportedId())('GpuJobStore on %s', id => {
  async function store() {
    const knex = await databases.init(id);
    await applyDatabaseMigrations(knex);
    return { knex, store: new GpuJobStore(knex) };
  }

  it('upserts by cluster and UID: two runners at once write one row per job', async () => {
    const { store: s } = await store();
    const jobs = [record('a'), record('b')];
    const seen = new Date('2026-11-29T10:05:00Z');
    await Promise.all([s.upsert(jobs, seen), s.upsert(jobs, seen)]);
    await s.upsert(jobs, seen);
    const rows = await s.list({ since });
    expect(rows.map(r => r.uid).sort()).toEqual(['a', 'b']);
    expect(rows[0]).toMatchObject({
      gpus: 4,
      labels: { 'backstage.io/kubernetes-id': 'fraud-model-training' },
      startedAt: '2026-11-29T10:01:00.000Z',
      team: 'group:default/fraud-ml',
      claimants: [],
      goneAt: null,
    });
  });

  it('keeps what a later view lost, and the history after the Job is deleted', async () => {
    const { knex, store: s } = await store();
    await s.upsert([record('a')], new Date('2026-11-29T10:05:00Z'));
    // The Job controller deleted the pods at the deadline: no start, no nodes, no owner.
    await s.upsert(
      [
        record('a', {
          state: 'failed',
          reason: 'DeadlineExceeded',
          startedAt: null,
          nodes: [],
          gpuModel: null,
          finishedAt: '2026-11-29T11:00:00.000Z',
          entityRef: null,
          team: null,
          claimants: null,
        } as Partial<GpuJobRecord>),
      ],
      new Date('2026-11-29T11:01:00Z'),
    );
    expect(await s.markGone('east', [], new Date('2026-11-29T12:00:00Z'))).toBe(
      1,
    );
    // A restarted backend reads the same rows.
    const again = new GpuJobStore(knex);
    const [row] = await again.list({
      since,
      team: 'group:default/fraud-ml',
    });
    expect(row).toMatchObject({
      state: 'failed',
      reason: 'DeadlineExceeded',
      startedAt: '2026-11-29T10:01:00.000Z',
      finishedAt: '2026-11-29T11:00:00.000Z',
      nodes: ['gpu-1'],
      gpuModel: 'NVIDIA-A100-SXM4-80GB',
      entityRef: 'component:default/fraud-model-training',
      goneAt: '2026-11-29T12:00:00.000Z',
    });
    expect(await again.lastSeenAt()).toBe('2026-11-29T11:01:00.000Z');
  });

  it('keeps the GPU-equivalents and MIG profiles of a job on MIG slices', async () => {
    const { knex, store: s } = await store();
    const slices = {
      gpus: 3,
      gpuEquivalents: 5 / 7,
      gpuResource: 'nvidia.com/mig-3g.40gb',
      migProfile: '3g.40gb, 1g.10gb',
    };
    await s.upsert([record('mig', slices)], new Date('2026-11-29T10:05:00Z'));
    // Two of its pods run now: a running job holds its running pods' slices.
    await s.upsert(
      [record('mig', { ...slices, gpus: 2, gpuEquivalents: 4 / 7 })],
      new Date('2026-11-29T10:06:00Z'),
    );
    const [row] = await s.list({ since });
    expect(row).toMatchObject({
      gpus: 2,
      gpuResource: 'nvidia.com/mig-3g.40gb',
      migProfile: '3g.40gb, 1g.10gb',
    });
    expect(row.gpuEquivalents).toBeCloseTo(4 / 7, 12);
    // A replica of an earlier release writes no GPU-equivalents: read from gpus.
    await knex('mlops_gpu_jobs')
      .where({ uid: 'mig' })
      .update({ gpu_equivalents: null, mig_profile: null, gpus: 7 });
    const [old] = await s.list({ since });
    expect(old.gpuEquivalents).toBeCloseTo(3, 12);
    expect(old.migProfile).toBe('3g.40gb');
  });

  it('marks only the jobs missing from a listing as gone, and prunes old ones', async () => {
    const { store: s } = await store();
    await s.upsert(
      [
        record('a'),
        record('b', {
          finishedAt: '2026-10-01T00:00:00.000Z',
          state: 'succeeded',
        }),
      ],
      new Date('2026-11-29T10:05:00Z'),
    );
    expect(await s.markGone('east', ['a'], new Date())).toBe(1);
    expect(await s.markGone('west', [], new Date())).toBe(0);
    expect(await s.prune(new Date('2026-11-01T00:00:00Z'))).toBe(1);
    expect((await s.list({ since: new Date(0) })).map(r => r.uid)).toEqual([
      'a',
    ]);
  });

  it('keeps the owner and the claimants unless told, and reads them back by UID', async () => {
    const { store: s } = await store();
    const claimants = [
      'component:default/copycat',
      'component:default/fraud-model-training',
    ];
    await s.upsert([record('a', { claimants })], new Date());
    await s.upsert(
      [record('a', { entityRef: null, team: null, claimants: null })],
      new Date(),
    );
    expect(await s.ownershipOf('east', ['a', 'missing'])).toEqual(
      new Map([
        [
          'a',
          {
            entityRef: 'component:default/fraud-model-training',
            team: 'group:default/fraud-ml',
            claimants,
          },
        ],
      ]),
    );
    await s.upsert(
      [record('a', { team: 'user:default/bob', claimants: [] })],
      new Date(),
    );
    const [row] = await s.list({ since, team: 'user:default/bob' });
    expect(row).toMatchObject({ team: 'user:default/bob', claimants: [] });
    expect(await s.ownershipOf('west', ['a'])).toEqual(new Map());
  });
});
