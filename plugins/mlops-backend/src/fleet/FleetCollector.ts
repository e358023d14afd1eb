import { AuthService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  FleetServiceRow,
  FleetView,
  SourceReport,
} from '@internal/plugin-mlops-common';
import { DcgmLabels } from '../gpuJobs/dcgm';
import { jobKey } from '../gpuJobs/dcgmAttribution';
import { readJobUtilisation } from '../gpuJobs/jobUtilisation';
import { GpuJobStore } from '../gpuJobs/GpuJobStore';
import { GpuPodStore } from '../gpuJobs/GpuPodStore';
import { sloWindowOf } from '../serving/healthAnswer';
import { MlopsCore } from '../shared/core';
import {
  EntityTarget,
  resolveEntityTarget,
  targetDefaults,
} from '../shared/entityTarget';
import { scopedClusters, TenantScope } from '../tenancy/tenantScope';
import { clusterReport } from '../shared/sourceReports';
import { locateTenantScope } from '../tenancy/entityScope';
import { ClusterCaller } from '../upstream/kubernetes/clusterCall';
import { ObjectBudget } from '../upstream/kubernetes/listPages';
import { ClusterInventory, readClusterInventory } from './clusterInventory';
import { readModelServices } from './fleetCatalog';
import {
  gpuCost,
  gpuModelsOfNodes,
  gpuPools,
  GpuPrices,
  pendingJobsOf,
  runningGpuPods,
  serviceGpuHours,
  WeekGpuHours,
} from './fleetGpus';
import { readFleetMetrics } from './fleetMetrics';
import { FleetEntity, fleetRowOf } from './fleetRows';
import { teamRows } from './fleetTeams';
import { readWeekJobs, weekStartOf } from './weekJobs';
import { readServingGpuHours } from './servingGpuHours';
import { workloadKey } from './fleetQueries';
import { servingPlaceOf } from '../serving/metricsScope';
import { PrometheusClient } from '../upstream/prometheus/PrometheusClient';

/** What the fleet task needs besides the plugin's core. */
export interface FleetCollectorOptions {
  catalog: Pick<CatalogService, 'queryEntities'>;
  auth: Pick<AuthService, 'getOwnServiceCredentials'>;
  clusters: ClusterCaller;
  /** Clients of the configured instances with the task's longer query timeout. */
  prometheus: ReadonlyMap<string, PrometheusClient>;
  stores: { jobs: GpuJobStore; pods: GpuPodStore };
  gpu: {
    resources: readonly string[];
    idle: { utilisationPercent: number; forMinutes: number };
    dcgmLabels: DcgmLabels;
    prices: GpuPrices;
  };
}

/** The services the tenancy let the run read, by entity ref, with where they were read. */
export type ReadableServices = Map<
  string,
  { target: EntityTarget; scope: TenantScope }
>;

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
    const catalog = await readModelServices(options.catalog, credentials);
    const defaults = targetDefaults(core.config);
    const items: FleetEntity[] = await Promise.all(
      catalog.entities.map(async (entity): Promise<FleetEntity> => {
        const resolved = resolveEntityTarget(entity, defaults);
        if (!resolved.ok) return { entity, ...resolved };
        const decided = await locateTenantScope(
          core,
          entity,
          resolved.target.namespace,
          credentials,
        );
        if (!decided.ok) return { entity, ...decided };
        return {
          entity,
          ok: true,
          target: { ...resolved.target, namespace: decided.scope.namespace },
          scope: decided.scope,
        };
      }),
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
      readWeekJobs(options.stores, options.gpu.resources, at),
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
          gpuResources: options.gpu.resources,
          at,
        }),
      ),
    );
    const readable: ReadableServices = new Map(
      items.flatMap(i =>
        i.ok
          ? [[i.target.entityRef, { target: i.target, scope: i.scope }]]
          : [],
      ),
    );
    const idle = await this.idleGpuPods(inventory, at);
    const owners = new Map(services.map(s => [s.entityRef, s.owner]));
    const serving = await this.servingGpuHours(readable, inventory, owners, at);
    const weekGpuHours = [...week.weekJobs, ...serving.hours];
    const teamOf = (cluster: string, namespace: string) =>
      core.tenancy.ownersOf(cluster, namespace)[0] ?? null;
    const gpuPods = runningGpuPods(
      inventory,
      options.gpu.resources,
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
        pools: gpuPools(inventory, gpuPods, options.gpu.resources),
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

  /**
   * The week's GPU-hours of each readable service's own pods, from the
   * GPUs they requested minute by minute (one query per instance), priced
   * by the GPU model of the node they ran on.
   */
  private async servingGpuHours(
    readable: ReadableServices,
    inventory: ReadonlyMap<string, ClusterInventory>,
    owners: ReadonlyMap<string, string | null>,
    at: Date,
  ): Promise<{ hours: WeekGpuHours[]; sources: SourceReport[] }> {
    const { instances } = this.core.config;
    const read = await readServingGpuHours({
      instances,
      clients: this.options.prometheus,
      resources: this.options.gpu.resources,
      since: weekStartOf(at),
      at,
    });
    const models = gpuModelsOfNodes(inventory);
    const hours: WeekGpuHours[] = [];
    for (const [entityRef, { target, scope }] of readable) {
      const place = servingPlaceOf(target, scopedClusters(scope), instances);
      const perNode = place.instance
        ? read.byInstance
            .get(place.instance.name)
            ?.get(workloadKey(target.namespace ?? '', target.kubernetesId))
        : undefined;
      const wanted = place.scope.clusters?.names;
      for (const entry of perNode ?? []) {
        if (wanted && !wanted.includes(entry.cluster)) continue;
        const cluster =
          entry.cluster ||
          place.clusters.find(c => models.has(`${c.name}/${entry.node}`))?.name;
        hours.push({
          team: owners.get(entityRef) ?? null,
          entityRef,
          gpuModel: models.get(`${cluster}/${entry.node}`) ?? null,
          gpuHours: entry.gpuHours,
        });
      }
    }
    return { hours, sources: read.sources };
  }

  /**
   * Which running GPU pods are idle: the GPU jobs' DCGM query (one per
   * instance) with each pod as a job of its own, and their idle rule.
   */
  private async idleGpuPods(
    inventory: ReadonlyMap<string, ClusterInventory>,
    at: Date,
  ) {
    const { gpu } = this.options;
    const pods = runningGpuPods(
      inventory,
      gpu.resources,
      () => null,
      () => false,
    );
    const { byJob, sources } = await readJobUtilisation(
      {
        instances: this.core.config.instances,
        clients: this.options.prometheus,
      },
      gpu,
      pods.map(p => ({
        cluster: p.cluster,
        namespace: p.namespace,
        name: p.name,
        pods: [{ metadata: { name: p.name, namespace: p.namespace } }],
      })),
      at,
    );
    const windowMs = gpu.idle.forMinutes * 60_000;
    return {
      sources,
      isIdle: (pod: {
        cluster: string;
        namespace: string;
        name: string;
        startedAt: string | null;
      }) => {
        const max = byJob.get(jobKey(pod.cluster, pod.namespace, pod.name))
          ?.utilisation.maxUtilOverIdleWindowPercent;
        return (
          max !== undefined &&
          max !== null &&
          max < gpu.idle.utilisationPercent &&
          !!pod.startedAt &&
          at.getTime() - Date.parse(pod.startedAt) >= windowMs
        );
      },
    };
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
