import {
  AuthService,
  LifecycleService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Knex } from 'knex';
import { KubernetesClusterAccessRegistry } from '../upstream/kubernetes/clusterAccess';
import { MlopsCore } from '../shared/core';
import { CollectorRunClaims } from '../shared/CollectorRunClaims';
import { DatabaseLease } from '../shared/DatabaseLease';
import { scheduleCollector } from '../shared/scheduleCollector';
import { ClusterCaller } from '../upstream/kubernetes/clusterCall';
import { loadClientNode } from '../upstream/kubernetes/clientNode';
import {
  NamespaceBindings,
  readTenancyConfig,
} from '../tenancy/namespaceBindings';
import { GpuJobsConfig, readGpuJobsConfig } from './config';
import { GpuJobCollector } from './GpuJobCollector';
import { GpuJobsService } from './GpuJobsService';
import { GpuJobStore } from './GpuJobStore';
import { GpuPodStore } from './GpuPodStore';
import { JobAttribution } from './jobAttribution';
import { KubernetesQueueReader } from '../gpuQueues/KubernetesQueueReader';
import { TeamQueueReader } from '../gpuQueues/TeamQueueReader';
import { KubernetesJobReader } from './KubernetesJobReader';
import { GpuJobWatcher } from './watch/GpuJobWatcher';
import { ChangeSignals } from '../shared/entitySignals';

/** The scheduler's id of the re-list; one run at a time across backend replicas. */
export const GPU_JOBS_TASK_ID = 'mlops-gpu-jobs-history';
/** The lease of the watch; one replica at a time watches. */
export const GPU_JOBS_WATCH_LEASE = 'mlops-gpu-jobs-watch';

/**
 * Wires GPU jobs: the endpoint's service, and the history's watch (on the
 * replica holding its lease) and scheduled re-list.
 */
export async function setUpGpuJobs(
  core: MlopsCore,
  deps: {
    rootConfig: RootConfigService;
    registry: KubernetesClusterAccessRegistry;
    catalog: CatalogService;
    db: Knex;
    scheduler: SchedulerService;
    auth: AuthService;
    lifecycle: LifecycleService;
    signals: ChangeSignals;
  },
): Promise<{
  service: GpuJobsService;
  config: GpuJobsConfig;
  stores: { jobs: GpuJobStore; pods: GpuPodStore };
  watcher?: GpuJobWatcher;
}> {
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
  const podStore = new GpuPodStore(deps.db);
  const attribution = new JobAttribution({
    store,
    holds: (owner, cluster, namespace) =>
      bindings.holds(owner, cluster, namespace),
    catalog: deps.catalog,
    auth: deps.auth,
    logger: core.logger,
    claimsMaxAgeMs: 30_000,
  });
  const collector = new GpuJobCollector({
    reader: new KubernetesJobReader({
      registry: deps.registry,
      timeoutMs: config.collectTimeoutMs,
      limits: core.config.limits,
    }),
    store,
    podStore,
    attribution,
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
  const queueReader = new KubernetesQueueReader({
    registry: deps.registry,
    timeoutMs: core.config.kubernetesTimeoutMs,
    limits: core.config.limits,
  });
  const service = new GpuJobsService(core, {
    config,
    reader,
    queueReader,
    teamQueues: new TeamQueueReader({
      reader: queueReader,
      tenancy: core.tenancy,
      gpuResources: config.gpuResources,
    }),
    store,
    podStore,
  });
  const stores = { jobs: store, pods: podStore };
  if (!config.watch.enabled) return { service, config, stores };
  const clusters = new ClusterCaller({
    registry: deps.registry,
    timeoutMs: config.collectTimeoutMs,
    limits: core.config.limits,
  });
  const watcher = new GpuJobWatcher({
    lease: new DatabaseLease(
      deps.db,
      GPU_JOBS_WATCH_LEASE,
      `${os.hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`,
      config.watch.leaseTtlMs,
    ),
    clusters: {
      list: async () =>
        clusters.allClusters(await deps.auth.getOwnServiceCredentials()),
      connect: cluster => async () => {
        const connection = await clusters.kubeConfig(cluster);
        if ('error' in connection) throw new Error(connection.error.message);
        return connection;
      },
      clientNode: loadClientNode,
    },
    store,
    podStore,
    attribution,
    gpuResources: config.gpuResources,
    logger: core.logger,
    flushMs: config.watch.flushMs,
    heartbeatMs: config.watch.heartbeatMs,
    // The GPU jobs tabs of the jobs' pipelines, services and teams fetch again.
    onWritten: (owners, at) => deps.signals.entities(owners, at),
  });
  deps.lifecycle.addStartupHook(() => watcher.start());
  deps.lifecycle.addShutdownHook(() => watcher.stop());
  return { service, config, stores, watcher };
}
