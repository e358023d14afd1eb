import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { createTestDatabases } from '../__testUtils__/databases';
import { applyDatabaseMigrations } from '../database/migrations';
import { MlopsCore } from '../shared/core';
import { DAY_MS } from '../shared/dates';
import { SharedAnswers } from '../shared/SharedAnswers';
import { GpuJobsConfig } from './config';
import { GpuJobsService } from './GpuJobsService';
import { GpuJobStore } from './GpuJobStore';
import { GpuPodStore } from './GpuPodStore';
import { KubernetesJobReader } from './KubernetesJobReader';
import { KubernetesQueueReader } from '../gpuQueues/KubernetesQueueReader';
import { TeamQueueReader } from '../gpuQueues/TeamQueueReader';
import {
  nlpClusterQueue,
  trainingQueue,
} from '../gpuQueues/__fixtures__/kueue';
import { NamespaceBindings } from '../tenancy/namespaceBindings';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const team: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'fraud-ml', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

const config = {
  gpuResources: ['nvidia.com/gpu'],
  idle: { utilisationPercent: 5, forMinutes: 30 },
  cacheTtlMs: 15_000,
  defaultDays: 7,
  retentionMs: 30 * DAY_MS,
  dcgmLabels: { namespace: 'namespace', pod: 'pod' },
} as GpuJobsConfig;

function finishedJob(name: string, daysAgo: number) {
  const finished = new Date(Date.now() - daysAgo * DAY_MS);
  return {
    cluster: 'east',
    namespace: 'fraud-ml',
    name,
    uid: `uid-${name}`,
    labels: {},
    controllers: [],
    queueName: null,
    state: 'succeeded' as const,
    reason: null,
    message: null,
    createdAt: new Date(finished.getTime() - 3_600_000).toISOString(),
    startedAt: new Date(finished.getTime() - 3_500_000).toISOString(),
    finishedAt: finished.toISOString(),
    gpus: 2,
    gpuEquivalents: 2,
    gpuResource: 'nvidia.com/gpu',
    migProfile: null,
    nodes: ['gpu-1'],
    gpuModel: null,
    retries: 0,
    entityRef: null,
    team: 'group:default/fraud-ml',
    claimants: null,
  };
}

describe.each(databases.eachSupportedId())('GpuJobsService on %s', id => {
  async function serviceWith(jobs: ReturnType<typeof finishedJob>[]) {
    const knex = await databases.init(id);
    await applyDatabaseMigrations(knex);
    const store = new GpuJobStore(knex);
    await store.upsert(jobs, new Date());
    const core = {
      config: { instances: [] },
      prometheus: new Map(),
      answers: new SharedAnswers(mockServices.cache.mock()),
    } as unknown as MlopsCore;
    const reader = {
      allClusters: async () => [],
    } as unknown as KubernetesJobReader;
    const queueReader = {
      allClusters: async () => [{ name: 'east' }],
      readClusterWideQueues: async () => ({
        cluster: 'east',
        ok: true,
        requests: 2,
        durationMs: 1,
        localQueues: [
          {
            ...trainingQueue,
            metadata: { name: 'training', namespace: 'fraud-ml' },
          },
          trainingQueue,
        ],
        clusterQueues: [nlpClusterQueue],
      }),
    } as unknown as KubernetesQueueReader;
    return new GpuJobsService(core, {
      config,
      reader,
      queueReader,
      teamQueues: new TeamQueueReader({
        reader: queueReader,
        tenancy: new NamespaceBindings([
          { cluster: '*', namespace: 'fraud-ml', owners: ['fraud-ml'] },
        ]),
        gpuResources: config.gpuResources,
      }),
      store,
      podStore: new GpuPodStore(knex),
    });
  }

  it('finds a job for the drawer anywhere in the stored history, not only the default list window', async () => {
    const service = await serviceWith([finishedJob('train-old', 20)]);
    const detail = await service.getJob(
      team,
      { cluster: 'east', namespace: 'fraud-ml', name: 'train-old' },
      mockCredentials.user(),
    );
    if (!('job' in detail))
      throw new Error(`not configured: ${detail.message}`);
    expect(detail.job).toMatchObject({
      cluster: 'east',
      namespace: 'fraud-ml',
      name: 'train-old',
      state: 'succeeded',
    });
    expect(detail.pods).toEqual([]);
  });

  it('is not found beyond the history window, and says which window it searched', async () => {
    const service = await serviceWith([finishedJob('train-older', 45)]);
    await expect(
      service.getJob(
        team,
        { cluster: 'east', namespace: 'fraud-ml', name: 'train-older' },
        mockCredentials.user(),
      ),
    ).rejects.toThrow(
      "group:default/fraud-ml has no GPU job fraud-ml/train-older in cluster 'east' within the last 30 days",
    );
  });

  it("answers a team with the queues of the namespaces it holds, and each cluster's report", async () => {
    const service = await serviceWith([finishedJob('train-1', 1)]);
    const view = await service.getJobs(team, 7, mockCredentials.service());
    if (view.state !== 'ok') throw new Error(view.message);
    expect(view.queues).toEqual([
      expect.objectContaining({
        cluster: 'east',
        namespace: 'fraud-ml',
        localQueue: 'training',
        clusterQueue: 'nlp-llm',
      }),
    ]);
    expect(view.sources).toContainEqual(
      expect.objectContaining({ kind: 'kubernetes', name: 'east', ok: true }),
    );
  });
});
