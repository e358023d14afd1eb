import {
  AuthService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Knex } from 'knex';
import { KubernetesClusterAccessRegistry } from '../upstream/kubernetes/clusterAccess';
import { MlopsCore } from '../shared/core';
import { CollectorRunClaims } from '../shared/CollectorRunClaims';
import { scheduleCollector } from '../shared/scheduleCollector';
import {
  NamespaceBindings,
  readTenancyConfig,
} from '../tenancy/namespaceBindings';
import { GpuJobsConfig, readGpuJobsConfig } from './config';
import { GpuJobCollector } from './GpuJobCollector';
import { GpuJobsService } from './GpuJobsService';
import { GpuJobStore } from './GpuJobStore';
import { KubernetesJobReader } from './KubernetesJobReader';

/** The scheduler's id of the collector; one run at a time across backend replicas. */
export const GPU_JOBS_TASK_ID = 'mlops-gpu-jobs-history';

/** Wires GPU jobs: the endpoint's service and the scheduled history collector. */
export async function setUpGpuJobs(
  core: MlopsCore,
  deps: {
    rootConfig: RootConfigService;
    registry: KubernetesClusterAccessRegistry;
    catalog: CatalogService;
    db: Knex;
    scheduler: SchedulerService;
    auth: AuthService;
  },
): Promise<{ service: GpuJobsService; config: GpuJobsConfig }> {
  const config = readGpuJobsConfig(deps.rootConfig);
  const reader = new KubernetesJobReader({
    registry: deps.registry,
    timeoutMs: core.config.kubernetesTimeoutMs,
    limits: core.config.limits,
  });
  const store = new GpuJobStore(deps.db);
  const bindings = new NamespaceBindings(
    readTenancyConfig(deps.rootConfig).namespaces,
  );
  const collector = new GpuJobCollector({
    reader: new KubernetesJobReader({
      registry: deps.registry,
      timeoutMs: config.collectTimeoutMs,
      limits: core.config.limits,
    }),
    store,
    holds: (owner, cluster, namespace) =>
      bindings.holds(owner, cluster, namespace),
    catalog: deps.catalog,
    auth: deps.auth,
    logger: core.logger,
    gpuResources: config.gpuResources,
    retentionMs: config.retentionMs,
    limits: core.config.limits,
  });
  await scheduleCollector(
    deps.scheduler,
    {
      id: GPU_JOBS_TASK_ID,
      frequency: config.collectFrequency,
      timeout: config.runTimeout,
      initialDelay: { seconds: 5 },
    },
    collector,
    new CollectorRunClaims(deps.db),
  );
  const service = new GpuJobsService(core, { config, reader, store });
  return { service, config };
}
