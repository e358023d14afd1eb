import { AuthService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  FleetServiceRow,
  FleetView,
  SourceReport,
} from '@internal/plugin-mlops-common';
import { GpuJobsConfig } from '../gpuJobs/config';
import { GpuJobStore } from '../gpuJobs/GpuJobStore';
import { GpuPodStore } from '../gpuJobs/GpuPodStore';
import { sloWindowOf } from '../serving/healthAnswer';
import { MlopsCore } from '../shared/core';
import { clusterReport } from '../shared/sourceReports';
import { ClusterCaller } from '../upstream/kubernetes/clusterCall';
import { ObjectBudget } from '../upstream/kubernetes/listPages';
import { PrometheusClient } from '../upstream/prometheus/PrometheusClient';
import { GpuPrices } from '../config/gpuPrices';
import { ClusterInventory, readClusterInventory } from './clusterInventory';
import { readFleetEntities, ReadableServices } from './fleetCatalog';
import {
  gpuCost,
  gpuPools,
  pendingJobsOf,
  runningGpuPods,
  serviceGpuHours,
} from './fleetGpus';
import { readFleetMetrics } from './fleetMetrics';
import { fleetRowOf } from './fleetRows';
import { teamRows } from './fleetTeams';
import { readIdleGpuPods } from './idleGpuPods';
import { readServingGpuHours, servingWeekGpuHours } from './servingGpuHours';
import { readWeekJobs, weekStartOf } from './weekJobs';

/** What the fleet task needs besides the plugin's core. */
export interface FleetCollectorOptions {
  catalog: Pick<CatalogService, 'queryEntities'>;
  auth: Pick<AuthService, 'getOwnServiceCredentials'>;
  clusters: ClusterCaller;
  /** Clients of the configured instances with the task's longer query timeout. */
  prometheus: ReadonlyMap<string, PrometheusClient>;
  stores: { jobs: GpuJobStore; pods: GpuPodStore };
  gpu: Pick<GpuJobsConfig, 'gpuResources' | 'idle' | 'dcgmLabels'> & {
    prices: GpuPrices;
  };
}

const severity = { down: 0, degraded: 1, unknown: 2, healthy: 3 } as const;

/** Worst first, then by name. */
export function sortRows(rows: FleetServiceRow[]): FleetServiceRow[] {
  return rows.sort(
    (a, b) =>
      severity[a.status] - severity[b.status] ||
      a.entityRef.localeCompare(b.entityRef),
  );
}

/**
 * Computes the fleet answer: the catalog's model services read in pages,
 * one paginated list per object type per cluster, a constant number of
 * grouped Prometheus queries and the GPU jobs history, whatever the number
 * of services.
 */
export class FleetCollector {
  constructor(
    private readonly core: MlopsCore,
    private readonly options: FleetCollectorOptions,
  ) {}

  /** The fleet answer, and where each readable service was read. */
  async compute(
    signal?: AbortSignal,
  ): Promise<{ view: FleetView; readable: ReadableServices }> {
    const started = Date.now();
    const at = new Date(started);
    const { core, options } = this;
    const credentials = await options.auth.getOwnServiceCredentials();
    const { items, readable, ...catalog } = await readFleetEntities(
      core,
      options.catalog,
      credentials,
    );
    const clusters = await options.clusters.allClusters(credentials);
    const budget = ObjectBudget.perCollectorRun(core.config.limits);
    const [inventories, metrics, week] = await Promise.all([
      Promise.all(
        clusters.map(c =>
          readClusterInventory(options.clusters, c, budget, signal),
        ),
      ),
      readFleetMetrics({
        instances: core.config.instances,
        clients: options.prometheus,
        profiles: core.config.profiles,
        sloWindow: sloWindowOf(core.config.sloWindowDays),
        at,
      }),
      readWeekJobs(options.stores, options.gpu.gpuResources, at),
    ]);
    const inventory = new Map<string, ClusterInventory>(
      inventories.map(i => [i.cluster, i]),
    );
    const services = sortRows(
      items.map(item =>
        fleetRowOf(item, {
          inventory,
          metrics,
          config: core.config,
          gpuResources: options.gpu.gpuResources,
          at,
        }),
      ),
    );
    const prometheus = {
      instances: core.config.instances,
      clients: options.prometheus,
    };
    const [idle, serving] = await Promise.all([
      readIdleGpuPods({ ...prometheus, inventory, config: options.gpu, at }),
      readServingGpuHours({
        ...prometheus,
        resources: options.gpu.gpuResources,
        since: weekStartOf(at),
        at,
      }),
    ]);
    const owners = new Map(services.map(s => [s.entityRef, s.owner]));
    const weekGpuHours = [
      ...week.weekJobs,
      ...servingWeekGpuHours({
        readable,
        read: serving.byInstance,
        inventory,
        owners,
        instances: core.config.instances,
      }),
    ];
    const teamOf = (cluster: string, namespace: string) =>
      core.tenancy.ownersOf(cluster, namespace)[0] ?? null;
    const gpuPods = runningGpuPods(
      inventory,
      options.gpu.gpuResources,
      teamOf,
      pod => idle.isIdle(pod),
    );
    const { prices } = options.gpu;
    const sources: SourceReport[] = [
      ...mergedReports([
        ...metrics.sources,
        ...idle.sources,
        ...serving.sources,
      ]),
      ...inventories.map(clusterReport),
    ];
    const upstreamRequests =
      catalog.requests + sources.reduce((sum, s) => sum + s.requests, 0);
    const view: FleetView = {
      state: 'ok',
      evaluatedAt: at.toISOString(),
      buildMs: Date.now() - started,
      upstreamRequests,
      services,
      teams: teamRows({
        services,
        gpuPods,
        weekGpuHours,
        prices,
      }),
      gpus: {
        pools: gpuPools(inventory, gpuPods, options.gpu.gpuResources),
        pendingJobs: pendingJobsOf(week.pending),
        weekStart: weekStartOf(at).toISOString(),
        services: serviceGpuHours(
          weekGpuHours,
          prices,
          ref => owners.get(ref) ?? null,
        ),
        cost: gpuCost(weekGpuHours, prices),
      },
      sources,
      wholeFleet: true,
    };
    return { view, readable };
  }
}

/** One report per source: the requests of its several queries added up, failed if one did. */
function mergedReports(reports: SourceReport[]): SourceReport[] {
  const merged = new Map<string, SourceReport>();
  for (const report of reports) {
    const key = `${report.kind}/${report.name}`;
    const seen = merged.get(key);
    merged.set(
      key,
      seen
        ? {
            ...(seen.ok ? report : seen),
            requests: seen.requests + report.requests,
            durationMs: Math.max(seen.durationMs, report.durationMs),
          }
        : report,
    );
  }
  return [...merged.values()];
}
