import {
  AuthService,
  CacheService,
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Knex } from 'knex';
import { KubernetesClusterAccessRegistry } from '../kubernetes/clusterAccess';
import { KubernetesWorkloadReader } from '../kubernetes/KubernetesWorkloadReader';
import { ServingConfig } from '../service/config';
import { GpuJobsConfig, readGpuJobsConfig } from './config';
import { GpuJobCollector } from './GpuJobCollector';
import { GpuJobsService } from './GpuJobsService';
import { GpuJobStore } from './GpuJobStore';
import { KubernetesJobReader } from './KubernetesJobReader';

/** The scheduler's id of the collector; one run at a time across backend replicas. */
export const GPU_JOBS_TASK_ID = 'mlops-gpu-jobs-history';

/** Wires GPU jobs: the endpoint's service and the scheduled history collector. */
export async function setUpGpuJobs(deps: {
  rootConfig: RootConfigService;
  serving: ServingConfig;
  kubernetes: KubernetesWorkloadReader;
  registry: KubernetesClusterAccessRegistry;
  catalog: CatalogService;
  db: Knex;
  cache: CacheService;
  scheduler: SchedulerService;
  auth: AuthService;
  logger: LoggerService;
}): Promise<{ service: GpuJobsService; config: GpuJobsConfig }> {
  const config = readGpuJobsConfig(deps.rootConfig);
  const reader = new KubernetesJobReader({
    registry: deps.registry,
    timeoutMs: deps.serving.kubernetesTimeoutMs,
  });
  const store = new GpuJobStore(deps.db);
  const collector = new GpuJobCollector({
    reader,
    store,
    catalog: deps.catalog,
    auth: deps.auth,
    logger: deps.logger,
    gpuResources: config.gpuResources,
    retentionMs: config.retentionMs,
  });
  await deps.scheduler.scheduleTask({
    id: GPU_JOBS_TASK_ID,
    scope: 'global',
    frequency: config.collectFrequency,
    timeout: { minutes: 5 },
    initialDelay: { seconds: 5 },
    fn: async signal => {
      await collector.run(signal as AbortSignal);
    },
  });
  const service = new GpuJobsService({
    config,
    serving: deps.serving,
    workloads: deps.kubernetes,
    reader,
    store,
    cache: deps.cache,
    logger: deps.logger,
  });
  return { service, config };
}
