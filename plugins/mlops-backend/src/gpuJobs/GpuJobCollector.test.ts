import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import { CatalogService } from '@backstage/plugin-catalog-node';
import type { V1Job } from '@kubernetes/client-node';
import { createTestDatabases } from '../__testUtils__/databases';
import { container, GPU } from '../__testUtils__/gpuContainers';
import { applyDatabaseMigrations } from '../database/migrations';
import { NamespaceBindings } from '../tenancy/namespaceBindings';
import { GpuJobCollector } from './GpuJobCollector';
import { GpuJobStore } from './GpuJobStore';
import { GpuPodStore } from './GpuPodStore';
import { JobAttribution } from './jobAttribution';
import { DEFAULT_LIST_LIMITS } from '../upstream/kubernetes/listPages';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const bindings = new NamespaceBindings([
  {
    cluster: 'east',
    namespace: 'shared-gpu',
    owners: ['group:default/fraud-ml', 'group:default/nlp'],
  },
  { cluster: 'east', namespace: 'fraud', owners: ['group:default/fraud-ml'] },
  { cluster: 'east', namespace: 'bob', owners: ['user:default/bob'] },
]);

const component = (name: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'fraud-model-training' },
  },
  spec: { type: 'training-pipeline', owner },
});
const trainer = component('fraud-trainer', 'fraud-ml');
const copycat = component('copycat', 'group:default/nlp');
const TRAINER = 'component:default/fraud-trainer';
const COPYCAT = 'component:default/copycat';

const job = (namespace: string): V1Job => ({
  metadata: {
    name: 'train-1',
    namespace,
    uid: 'uid-1',
    labels: { 'backstage.io/kubernetes-id': 'fraud-model-training' },
    creationTimestamp: new Date('2026-11-29T10:00:00Z'),
  },
  spec: {
    template: { spec: { containers: [container({ 'nvidia.com/gpu': '2' })] } },
  } as V1Job['spec'],
  status: { active: 1 },
});

/** A collector over one cluster listing `namespace`'s job, with `entities()` as the catalog. */
async function collectorOf(
  id: Parameters<typeof databases.init>[0],
  namespace: string,
  entities: () => Entity[] | Promise<Entity[]>,
) {
  const knex = await databases.init(id);
  await applyDatabaseMigrations(knex);
  const store = new GpuJobStore(knex);
  const logger = mockServices.logger.mock();
  const catalog = {
    getEntities: jest.fn(async () => ({ items: await entities() })),
  } as unknown as CatalogService;
  const collector = new GpuJobCollector({
    reader: {
      allClusters: async () => [{ name: 'east' } as ClusterDetails],
      readJobs: async () => ({
        cluster: 'east',
        ok: true as const,
        requests: 2,
        durationMs: 1,
        jobs: [job(namespace)],
        pods: [],
        nodes: new Map(),
      }),
    },
    store,
    podStore: new GpuPodStore(knex),
    attribution: new JobAttribution({
      store,
      holds: (owner, cluster, ns) => bindings.holds(owner, cluster, ns),
      catalog,
      auth: mockServices.auth(),
      logger,
      claimsMaxAgeMs: 0,
    }),
    auth: mockServices.auth(),
    logger,
    gpuResources: GPU,
    retentionMs: 30 * 86_400_000,
    limits: DEFAULT_LIST_LIMITS,
  });
  const owner = async () =>
    (await store.ownershipOf('east', ['uid-1'])).get('uid-1');
  return { collector, owner, logger };
}

describe.each(databases.eachSupportedId())('GpuJobCollector on %s', id => {
  it('keeps the first owner over ten runs while a second claimant alternates in catalog order', async () => {
    let run = 0;
    const { collector, owner, logger } = await collectorOf(
      id,
      'shared-gpu',
      () => {
        if (run === 0) return [trainer];
        return run % 2 ? [copycat, trainer] : [trainer, copycat];
      },
    );
    const seen = [];
    for (run = 0; run <= 10; run++) {
      await collector.run();
      seen.push(await owner());
    }
    expect(seen[0]).toEqual({
      entityRef: TRAINER,
      team: 'group:default/fraud-ml',
      claimants: [],
    });
    // COPYCAT sorts first, yet the job stays with its first owner.
    for (const later of seen.slice(1)) {
      expect(later).toEqual({
        entityRef: TRAINER,
        team: 'group:default/fraud-ml',
        claimants: [COPYCAT, TRAINER],
      });
    }
    const conflictLogs = logger.info.mock.calls.filter(([m]) =>
      String(m).includes('is claimed by'),
    );
    expect(conflictLogs).toHaveLength(1);
    expect(conflictLogs[0][0]).toContain(`${COPYCAT}, ${TRAINER}`);
  });

  it('attributes two claimants from the start to the sorted first, whatever the order', async () => {
    let run = 0;
    const { collector, owner } = await collectorOf(id, 'shared-gpu', () =>
      run % 2 ? [trainer, copycat] : [copycat, trainer],
    );
    for (run = 0; run < 10; run++) {
      await collector.run();
      expect(await owner()).toEqual({
        entityRef: COPYCAT,
        team: 'group:default/nlp',
        claimants: [COPYCAT, TRAINER],
      });
    }
  });

  it('never gives a job to a claimant whose owner does not hold the namespace', async () => {
    const { collector, owner } = await collectorOf(id, 'fraud', () => [
      copycat,
    ]);
    await collector.run();
    // No namespace as team either: the owner is unknown.
    expect(await owner()).toEqual({
      entityRef: null,
      team: null,
      claimants: [],
    });
  });

  it('logs a change of owner with both refs, and keeps the owner when the catalog is down', async () => {
    let entities: Entity[] | Error = [trainer];
    const { collector, owner, logger } = await collectorOf(id, 'fraud', () => {
      if (entities instanceof Error) throw entities;
      return entities;
    });
    await collector.run();
    const successor = component('fraud-trainer-v2', 'fraud-ml');
    // The trainer moved to a team that does not hold `fraud`.
    entities = [component('fraud-trainer', 'nlp'), successor];
    await collector.run();
    expect(await owner()).toMatchObject({
      entityRef: 'component:default/fraud-trainer-v2',
    });
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringMatching(
        /east\/fraud\/train-1 changes owner from component:default\/fraud-trainer to component:default\/fraud-trainer-v2/,
      ),
    );
    entities = new Error('catalog unavailable');
    await collector.run();
    expect(await owner()).toEqual({
      entityRef: 'component:default/fraud-trainer-v2',
      team: 'group:default/fraud-ml',
      claimants: [],
    });
  });

  it('records a user owner as a user', async () => {
    const { collector, owner } = await collectorOf(id, 'bob', () => [
      component('bobs-notebook', 'user:bob'),
    ]);
    await collector.run();
    expect(await owner()).toMatchObject({
      entityRef: 'component:default/bobs-notebook',
      team: 'user:default/bob',
    });
  });
});
