import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Knex } from 'knex';
import { MlopsCore } from '../shared/core';
import { KubernetesClusterAccessRegistry } from '../upstream/kubernetes/clusterAccess';
import { GpuJobCollector } from './GpuJobCollector';
import { KubernetesJobReader } from './KubernetesJobReader';
import { setUpGpuJobs } from './setup';
import { ChangeSignals } from '../shared/entitySignals';

jest.mock('./KubernetesJobReader', () => ({
  ...jest.requireActual('./KubernetesJobReader'),
  KubernetesJobReader: jest.fn(),
}));
jest.mock('./GpuJobCollector', () => ({ GpuJobCollector: jest.fn() }));

const REQUEST_TIMEOUT_MS = 5_000;

async function setUp(gpuJobs: object) {
  const readers = jest.mocked(KubernetesJobReader);
  readers.mockClear();
  jest.mocked(GpuJobCollector).mockClear();
  const core = {
    config: { kubernetesTimeoutMs: REQUEST_TIMEOUT_MS },
    logger: mockServices.logger.mock(),
  } as unknown as MlopsCore;
  const scheduler = mockServices.scheduler.mock();
  await setUpGpuJobs(core, {
    rootConfig: new ConfigReader({ mlops: { gpuJobs } }),
    registry: {} as KubernetesClusterAccessRegistry,
    catalog: {} as CatalogService,
    db: {} as Knex,
    scheduler,
    auth: mockServices.auth.mock(),
    lifecycle: mockServices.lifecycle.mock(),
    signals: new ChangeSignals({ publish: async () => {} }),
  });
  const collectorReader = jest.mocked(GpuJobCollector).mock.calls[0][0].reader;
  const index = readers.mock.instances.indexOf(
    collectorReader as KubernetesJobReader,
  );
  return {
    collector: readers.mock.calls[index][0].timeoutMs,
    all: readers.mock.calls.map(([options]) => options.timeoutMs),
    task: scheduler.scheduleTask.mock.calls[0][0],
  };
}

describe('setUpGpuJobs', () => {
  it.each([
    ['no history config', {}, 60_000],
    ['history.timeout 2m', { history: { timeout: '2m' } }, 120_000],
    [
      'history.timeout as an object',
      { history: { timeout: { seconds: 90 } } },
      90_000,
    ],
  ])(
    'gives the collector its own list timeout (%s), not the request timeout',
    async (_name, gpuJobs, expected) => {
      const timeouts = await setUp(gpuJobs);
      expect(timeouts.collector).toBe(expected);
      expect(timeouts.all).toContain(REQUEST_TIMEOUT_MS);
    },
  );

  it.each([
    ['no history config', {}, { minutes: 5 }],
    [
      'history.runTimeout 30s',
      { history: { runTimeout: '30s' } },
      { seconds: 30 },
    ],
  ])(
    'schedules the collector once across replicas, its run aborted after history.runTimeout (%s)',
    async (_name, gpuJobs, timeout) => {
      const { task } = await setUp(gpuJobs);
      expect(task).toMatchObject({ scope: 'global', timeout });
    },
  );
});
