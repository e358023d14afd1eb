import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { ScalingEventStore } from '../autoscaling/ScalingEventStore';
import { GpuJobStore } from '../gpuJobs/GpuJobStore';
import { applyDatabaseMigrations, migrationsDirectory } from './migrations';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const config = { directory: migrationsDirectory };

/**
 * Rows as the release that stopped at each migration wrote them, by the
 * migration that created their table: what a database of that release holds.
 */
const rowsWrittenAfter: Record<string, Array<[string, object]>> = {
  '20261129140000_scaling_events.js': [
    [
      'mlops_scaling_events',
      {
        event_key: 'uid-1',
        cluster: 'east',
        namespace: 'fraud',
        hpa: 'fraud-scorer',
        source: 'kubernetes-event',
        type: 'Normal',
        reason: 'SuccessfulRescale',
        message: 'New size: 4; reason: cpu above target',
        from_replicas: null,
        to_replicas: 4,
        count: 3,
        occurred_at: new Date('2026-11-30T10:00:00Z'),
      },
    ],
    [
      'mlops_hpa_observations',
      {
        cluster: 'east',
        namespace: 'fraud',
        hpa: 'fraud-scorer',
        desired_replicas: 4,
        observed_at: new Date('2026-11-30T10:00:00Z'),
      },
    ],
  ],
  '20261129150000_gpu_jobs.js': [
    [
      'mlops_gpu_jobs',
      {
        cluster: 'east',
        uid: 'job-1',
        namespace: 'fraud',
        name: 'train-fraud',
        labels: '{"mlops.example.com/kubernetes-id":"fraud"}',
        controllers: '[]',
        queue_name: null,
        entity_ref: 'component:default/fraud-trainer',
        team: 'fraud-ml',
        state: 'succeeded',
        gpus: 2,
        gpu_resource: 'nvidia.com/gpu',
        nodes: '["gpu-1"]',
        retries: 0,
        created_at: new Date('2026-11-30T09:00:00Z'),
        started_at: new Date('2026-11-30T09:01:00Z'),
        finished_at: new Date('2026-11-30T10:00:00Z'),
        last_seen_at: new Date('2026-11-30T10:00:00Z'),
      },
    ],
  ],
  '20261210090000_gpu_job_owner_refs.js': [],
  '20261220090000_fleet_snapshots.js': [],
};

async function migrationFiles(knex: Knex): Promise<string[]> {
  const [done, pending] = await knex.migrate.list(config);
  return [...done, ...pending].map((m: { name?: string; file?: string }) =>
    String(m.file ?? m.name),
  );
}

/** Migrates up to and including `last`, seeding each table as its release wrote it. */
async function databaseOfRelease(knex: Knex, last: string) {
  for (const file of await migrationFiles(knex)) {
    await knex.migrate.up({ ...config, name: file });
    for (const [table, row] of rowsWrittenAfter[file] ?? []) {
      await knex(table).insert(row);
    }
    if (file === last) return;
  }
}

async function expectSeededRowsRead(knex: Knex, withJobs: boolean) {
  const since = new Date('2026-11-01T00:00:00Z');
  const events = await new ScalingEventStore(knex).list(
    [{ cluster: 'east', namespace: 'fraud', hpa: 'fraud-scorer' }],
    since,
    10,
  );
  expect(events).toEqual([
    expect.objectContaining({
      key: 'uid-1',
      reason: 'SuccessfulRescale',
      toReplicas: 4,
      count: 3,
      occurredAt: '2026-11-30T10:00:00.000Z',
    }),
  ]);
  expect(
    (await new ScalingEventStore(knex).observations('east')).get(
      'fraud/fraud-scorer',
    ),
  ).toEqual({ namespace: 'fraud', hpa: 'fraud-scorer', desiredReplicas: 4 });
  const jobs = await new GpuJobStore(knex).list({ since });
  expect(jobs).toEqual(
    [
      expect.objectContaining({
        uid: 'job-1',
        team: 'group:default/fraud-ml',
        entityRef: 'component:default/fraud-trainer',
        claimants: [],
        nodes: ['gpu-1'],
        gpus: 2,
        gpuEquivalents: 2,
        migProfile: null,
        startedAt: '2026-11-30T09:01:00.000Z',
        finishedAt: '2026-11-30T10:00:00.000Z',
      }),
    ].slice(0, withJobs ? 1 : 0),
  );
}

describe.each(databases.eachSupportedId())('upgrade on %s', id => {
  const earlier = Object.keys(rowsWrittenAfter);

  it.each(earlier)(
    'a database of the release that stopped at %s migrates to the latest, its rows read as written',
    async last => {
      const knex = await databases.init(id);
      await databaseOfRelease(knex, last);

      await applyDatabaseMigrations(knex);

      const [, pending] = await knex.migrate.list(config);
      expect(pending).toEqual([]);
      await expectSeededRowsRead(
        knex,
        last !== '20261129140000_scaling_events.js',
      );
    },
  );

  it('the latest schema takes the rows of every earlier release, as a replica not yet upgraded writes them', async () => {
    const knex = await databases.init(id);
    await applyDatabaseMigrations(knex);
    // Expand only: no column an earlier release writes is gone or newly required.
    for (const [table, row] of Object.values(rowsWrittenAfter).flat()) {
      await knex(table).insert(row);
    }
    const [job] = await new GpuJobStore(knex).list({ since: new Date(0) });
    // An old replica still writes the bare team name; the first run of an
    // upgraded collector, with the catalog's answer, writes the ref again.
    expect(job).toMatchObject({
      uid: 'job-1',
      team: 'fraud-ml',
      claimants: [],
    });
    const { lastSeenAt, goneAt, ...record } = job;
    await new GpuJobStore(knex).upsert(
      [{ ...record, team: 'group:default/fraud-ml', claimants: null }],
      new Date('2026-12-01T00:00:00Z'),
    );
    await expectSeededRowsRead(knex, true);
  });
});
