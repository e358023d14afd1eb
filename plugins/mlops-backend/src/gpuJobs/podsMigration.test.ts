import { createTestDatabases, migrateUpTo } from '../__testUtils__/databases';
import { migrationsDirectory } from '../database/migrations';
import { GPU } from '../__testUtils__/gpuContainers';
import { GpuPodStore } from './GpuPodStore';
import { jobPodTimes } from './jobPodTimes';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const MIGRATION = '20261216090000_gpu_pods.js';
const at = (time: string) => new Date(`2026-11-29T${time}Z`);

const row = (uid: string, fields: Record<string, unknown>) => ({
  cluster: 'east',
  uid,
  namespace: 'fraud',
  name: `train-${uid}`,
  labels: '{}',
  controllers: '[]',
  state: 'succeeded',
  gpus: 2,
  gpu_resource: 'nvidia.com/gpu',
  nodes: '["gpu-1"]',
  retries: 0,
  created_at: at('09:00:00'),
  started_at: at('10:00:00'),
  finished_at: null,
  last_seen_at: at('11:00:00'),
  ...fields,
});

describe.each(databases.eachSupportedId())('gpu-pods migration on %s', id => {
  it('keeps each recorded job as one estimated coarse pod, and comes back down', async () => {
    const knex = await databases.init(id);
    const config = { directory: migrationsDirectory };
    await migrateUpTo(knex, MIGRATION);
    await knex('mlops_gpu_jobs').insert([
      row('done', { finished_at: at('10:30:00') }),
      row('vanished', { state: 'running', gone_at: at('11:05:00') }),
      row('running', { state: 'running' }),
      row('never-ran', { state: 'pending', started_at: null }),
    ]);

    await knex.migrate.up({ ...config, name: MIGRATION });
    const pods = await new GpuPodStore(knex).podsOf(
      ['done', 'vanished', 'running', 'never-ran'].map(uid => ({
        cluster: 'east',
        uid,
      })),
    );
    expect(
      pods.map(p => [p.uid, p.gpus, p.startedAt, p.finishedAt, p.end]).sort(),
    ).toEqual([
      [
        'coarse:done',
        2,
        '2026-11-29T10:00:00.000Z',
        '2026-11-29T10:30:00.000Z',
        'coarse',
      ],
      ['coarse:running', 2, '2026-11-29T10:00:00.000Z', null, null],
      [
        'coarse:vanished',
        2,
        '2026-11-29T10:00:00.000Z',
        '2026-11-29T11:00:00.000Z',
        'coarse',
      ],
    ]);
    expect(pods.every(p => p.estimated)).toBe(true);
    // The job's GPU-hours are what they were before: 2 GPUs for 30 minutes.
    const times = jobPodTimes(
      [
        {
          cluster: 'east',
          uid: 'done',
          live: false,
          listed: false,
          finishedAt: null,
          pods: [],
        },
      ],
      pods,
      GPU,
      at('12:00:00'),
    ).get('east/done')!;
    expect(times).toEqual({
      intervals: [
        {
          gpuEquivalents: 2,
          startedAt: '2026-11-29T10:00:00.000Z',
          finishedAt: '2026-11-29T10:30:00.000Z',
        },
      ],
      estimated: true,
    });

    await knex.migrate.down({ ...config, name: MIGRATION });
    expect(await knex.schema.hasTable('mlops_gpu_pods')).toBe(false);
    expect(await knex.schema.hasTable('mlops_leases')).toBe(false);
    expect(await knex('mlops_gpu_jobs').count({ n: '*' })).toEqual([
      { n: expect.anything() },
    ]);
  });
});
