import { createTestDatabases, migrateUpTo } from '../__testUtils__/databases';
import { migrationsDirectory } from '../database/migrations';
import { GpuJobStore } from './GpuJobStore';
import { GpuPodStore } from './GpuPodStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const MIGRATION = '20261221090000_gpu_equivalents.js';
const at = (time: string) => new Date(`2026-11-29T${time}Z`);

// Rows as the release before wrote them: whole GPUs, or a MIG resource that
// was configured under gpuResources (and then counted as whole GPUs).
const job = (uid: string, gpus: number, resource: string) => ({
  cluster: 'east',
  uid,
  namespace: 'fraud',
  name: `train-${uid}`,
  labels: '{}',
  controllers: '[]',
  state: 'succeeded',
  gpus,
  gpu_resource: resource,
  nodes: '["gpu-1"]',
  retries: 0,
  created_at: at('09:00:00'),
  started_at: at('10:00:00'),
  finished_at: at('11:00:00'),
  last_seen_at: at('11:00:00'),
});
const pod = (uid: string, gpus: number, resource: string) => ({
  cluster: 'east',
  uid: `pod-${uid}`,
  job_uid: uid,
  namespace: 'fraud',
  name: `train-${uid}-x7k2q`,
  phase: 'Succeeded',
  gpus,
  gpu_resource: resource,
  started_at: at('10:00:00'),
  finished_at: at('11:00:00'),
  end_source: 'terminated',
  end_rank: 5,
  last_seen_at: at('11:00:00'),
});
const written: Array<[string, number, string]> = [
  ['whole', 4, 'nvidia.com/gpu'],
  ['amd', 2, 'amd.com/gpu'],
  ['slices', 2, 'nvidia.com/mig-3g.40gb'],
  ['a30', 1, 'nvidia.com/mig-2g.12gb'],
  ['odd', 3, 'nvidia.com/mig-foo'],
];

describe.each(databases.eachSupportedId())(
  'gpu-equivalents migration on %s',
  id => {
    it('fills the GPU-equivalents of recorded jobs and pods, MIG slices at their fraction, and comes back down', async () => {
      const knex = await databases.init(id);
      const config = { directory: migrationsDirectory };
      await migrateUpTo(knex, MIGRATION);
      await knex('mlops_gpu_jobs').insert(written.map(w => job(...w)));
      await knex('mlops_gpu_pods').insert(written.map(w => pod(...w)));

      await knex.migrate.up({ ...config, name: MIGRATION });
      const expected = {
        whole: [4, null],
        amd: [2, null],
        slices: [6 / 7, '3g.40gb'],
        a30: [0.5, '2g.12gb'],
        odd: [0, null],
      };
      const jobs = await new GpuJobStore(knex).list({ since: new Date(0) });
      expect(
        Object.fromEntries(
          jobs.map(j => [j.uid, [j.gpuEquivalents, j.migProfile]]),
        ),
      ).toEqual(
        Object.fromEntries(
          Object.entries(expected).map(([uid, [gpus, profile]]) => [
            uid,
            [expect.closeTo(gpus as number, 12), profile],
          ]),
        ),
      );
      const pods = await new GpuPodStore(knex).podsOf(jobs);
      expect(
        Object.fromEntries(pods.map(p => [p.jobUid, p.gpuEquivalents])),
      ).toEqual(
        Object.fromEntries(
          Object.entries(expected).map(([uid, [gpus]]) => [
            uid,
            expect.closeTo(gpus as number, 12),
          ]),
        ),
      );

      await knex.migrate.down({ ...config, name: MIGRATION });
      for (const [table, column] of [
        ['mlops_gpu_jobs', 'gpu_equivalents'],
        ['mlops_gpu_jobs', 'mig_profile'],
        ['mlops_gpu_pods', 'gpu_equivalents'],
      ]) {
        expect(await knex.schema.hasColumn(table, column)).toBe(false);
      }
      const [{ n }] = await knex('mlops_gpu_pods').count({ n: '*' });
      expect(Number(n)).toBe(written.length);
    });
  },
);
