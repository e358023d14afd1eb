import {
  AuthService,
  CacheService,
  PermissionsService,
  RootConfigService,
  SchedulerService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Knex } from 'knex';
import { GpuJobsConfig } from '../gpuJobs/config';
import { GpuJobStore } from '../gpuJobs/GpuJobStore';
import { GpuPodStore } from '../gpuJobs/GpuPodStore';
import { CollectorRunClaims } from '../shared/CollectorRunClaims';
import { ChangeSignals } from '../shared/entitySignals';
import { ServingHealthService } from '../serving/ServingHealthService';
import { MlopsCore } from '../shared/core';
import { scheduleCollector } from '../shared/scheduleCollector';
import { ClusterCaller } from '../upstream/kubernetes/clusterCall';
import { KubernetesClusterAccessRegistry } from '../upstream/kubernetes/clusterAccess';
import { readFleetConfig } from './config';
import { FleetCollector } from './FleetCollector';
import { FleetService } from './FleetService';
import { FleetSnapshotStore } from './FleetSnapshotStore';
import { FleetTask } from './FleetTask';
import { PrometheusClient } from '../upstream/prometheus/PrometheusClient';

export const FLEET_TASK_ID = 'mlops-fleet';

/** The fleet task, scheduled once across replicas, and the service that serves its answer. */
export async function setUpFleet(
  core: MlopsCore,
  deps: {
    rootConfig: RootConfigService;
    registry: KubernetesClusterAccessRegistry;
    catalog: CatalogService;
    db: Knex;
    scheduler: SchedulerService;
    auth: AuthService;
    cache: CacheService;
    permissions: PermissionsService;
    userInfo: UserInfoService;
    signals: ChangeSignals;
    servingHealth: ServingHealthService;
    gpuJobs: {
      config: GpuJobsConfig;
      stores: { jobs: GpuJobStore; pods: GpuPodStore };
    };
  },
): Promise<FleetService> {
  const config = readFleetConfig(deps.rootConfig);
  const gpu = deps.gpuJobs.config;
  const snapshots = new FleetSnapshotStore(deps.db);
  const service = new FleetService({
    cache: deps.cache,
    snapshots,
    permissions: deps.permissions,
    userInfo: deps.userInfo,
    cacheTtlMs: config.cacheTtlMs,
  });
  const collector = new FleetCollector(core, {
    catalog: deps.catalog,
    auth: deps.auth,
    clusters: new ClusterCaller({
      registry: deps.registry,
      timeoutMs: gpu.collectTimeoutMs,
      limits: core.config.limits,
    }),
    prometheus: PrometheusClient.byName(
      core.config.instances.map(i => ({
        ...i,
        timeoutMs: Math.max(i.timeoutMs, config.queryTimeoutMs),
      })),
    ),
    stores: deps.gpuJobs.stores,
    gpu: {
      gpuResources: gpu.gpuResources,
      idle: gpu.idle,
      dcgmLabels: gpu.dcgmLabels,
      prices: config.prices,
    },
  });
  await scheduleCollector(
    deps.scheduler,
    {
      id: FLEET_TASK_ID,
      frequency: config.frequency,
      timeout: config.timeout,
      initialDelay: { seconds: 3 },
    },
    new FleetTask({
      collector,
      snapshots,
      service,
      signals: deps.signals,
      logger: core.logger,
      beforePublish: async (refs, readable) => {
        await Promise.all(
          refs.map(ref => {
            const read = readable.get(ref);
            return read && deps.servingHealth.forget(read.target, read.scope);
          }),
        );
      },
    }),
    new CollectorRunClaims(deps.db),
  );
  return service;
}
