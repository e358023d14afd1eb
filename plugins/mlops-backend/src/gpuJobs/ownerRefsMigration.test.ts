import { createTestDatabases, migrateUpTo } from '../__testUtils__/databases';
import { migrationsDirectory } from '../database/migrations';
import { GpuJobStore } from './GpuJobStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const MIGRATION = '20261210090000_gpu_job_owner_refs.js';

const row = (uid: string, team: string | null) => ({
  cluster: 'east',
  uid,
  namespace: 'fraud',
  name: `train-${uid}`,
  labels: '{}',
  controllers: '[]',
  entity_ref: team ? 'component:default/fraud-trainer' : null,
  team,
  state: 'succeeded',
  gpus: 2,
  gpu_resource: 'nvidia.com/gpu',
  nodes: '["gpu-1"]',
  retries: 0,
  created_at: new Date('2026-11-29T10:00:00Z'),
  finished_at: new Date('2026-11-29T11:00:00Z'),
  last_seen_at: new Date('2026-11-29T11:00:00Z'),
});

describe.each(databases.eachSupportedId())('owner-refs migration on %s', id => {
  it('turns bare team names into group refs, adds claimants, and comes back down', async () => {
    const knex = await databases.init(id);
    // The schema as the previous migrations left it, with rows written then.
    const config = { directory: migrationsDirectory };
    await migrateUpTo(knex, MIGRATION);
    const longName = 'x'.repeat(250);
    await knex('mlops_gpu_jobs').insert([
      row('a', 'fraud-ml'),
      row('b', 'Fraud-ML'),
      row('c', null),
      row('d', longName),
    ]);

    await knex.migrate.up({ ...config, name: MIGRATION });
    const store = new GpuJobStore(knex);
    const since = new Date(0);
    const jobs = await store.list({ since });
    expect(jobs.map(j => [j.uid, j.team, j.claimants]).sort()).toEqual([
      ['a', 'group:default/fraud-ml', []],
      ['b', 'group:default/fraud-ml', []],
      ['c', null, []],
      ['d', `group:default/${longName}`, []],
    ]);
    expect(
      (await store.list({ since, team: 'group:default/fraud-ml' })).map(
        j => j.uid,
      ),
    ).toEqual(expect.arrayContaining(['a', 'b']));
    expect(jobs.find(j => j.uid === 'a')).toMatchObject({
      entityRef: 'component:default/fraud-trainer',
      nodes: ['gpu-1'],
      finishedAt: '2026-11-29T11:00:00.000Z',
    });
    await knex('mlops_gpu_jobs').where({ uid: 'c' }).update({
      team: 'user:default/bob',
      claimants: '["component:default/x"]',
    });

    await knex.migrate.down({ ...config, name: MIGRATION });
    const down = await knex('mlops_gpu_jobs')
      .select('uid', 'team')
      .orderBy('uid');
    expect(down).toEqual([
      { uid: 'a', team: 'fraud-ml' },
      { uid: 'b', team: 'fraud-ml' },
      { uid: 'c', team: 'bob' },
      { uid: 'd', team: longName },
    ]);
    expect(await knex.schema.hasColumn('mlops_gpu_jobs', 'claimants')).toBe(
      false,
    );
  });
});
