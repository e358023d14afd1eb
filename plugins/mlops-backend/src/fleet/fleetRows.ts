import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  EntityNotConfigured,
  FleetReplicas,
  FleetServiceRow,
  matchesLabelSelector,
  parseLabelSelector,
} from '@internal/plugin-mlops-common';
import type { V1Pod, V2HorizontalPodAutoscaler } from '@kubernetes/client-node';
import { hpaView } from '../autoscaling/hpaView';
import type { MlopsConfig } from '../config/mlopsConfig';
import { gpuRequestOf } from '../gpuJobs/gpuRequest';
import { healthFigures } from '../serving/healthAnswer';
import { metricsTargetOf } from '../serving/metricsTarget';
import { servingPlaceOf } from '../serving/metricsScope';
import { chosenProfile } from '../serving/profileChoice';
import { EntityTarget } from '../shared/entityTarget';
import { NO_PROMETHEUS_SERVES } from '../shared/sourceReports';
import { scopedClusters, TenantScope } from '../tenancy/tenantScope';
import { ClusterWorkloads } from '../upstream/kubernetes/KubernetesWorkloadReader';
import { SignalValues } from '../upstream/prometheus/PrometheusClient';
import { ClusterInventory } from './clusterInventory';
import { combineClusterSignals } from './combineSignals';
import { FleetMetrics, PLATFORM } from './fleetMetrics';
import { workloadKey } from './fleetQueries';
import { frameworkOf, ownerRefOf, systemRefOf } from './entityFields';

/** A model service and what the tenancy decided it may read. */
export type FleetEntity =
  | { entity: Entity; ok: true; target: EntityTarget; scope: TenantScope }
  | { entity: Entity; ok: false; answer: EntityNotConfigured };

/** What every row is computed from: one collector run's reads. */
export interface FleetReads {
  inventory: ReadonlyMap<string, ClusterInventory>;
  metrics: FleetMetrics;
  config: Pick<
    MlopsConfig,
    | 'instances'
    | 'profiles'
    | 'defaultProfileId'
    | 'sloWindowDays'
    | 'thresholds'
  >;
  gpuResources: readonly string[];
  at: Date;
}

function labelsOf(o: { metadata?: { labels?: Record<string, string> } }) {
  return o.metadata?.labels ?? {};
}

/** The entity's Deployments, pods and HPAs in one listed cluster, as a per-entity read would list them. */
function workloadsIn(
  inventory: ClusterInventory | undefined,
  cluster: string,
  target: EntityTarget,
): { workloads: ClusterWorkloads; hpas: V2HorizontalPodAutoscaler[] } {
  if (!inventory) {
    return {
      workloads: {
        cluster,
        ok: false,
        error: {
          kind: 'not-configured',
          message: `Cluster '${cluster}' was not listed by this run`,
        },
        requests: 0,
        durationMs: 0,
      },
      hpas: [],
    };
  }
  if (!inventory.ok) return { workloads: inventory, hpas: [] };
  const parsed = parseLabelSelector(target.labelSelector);
  const inNamespace = byNamespace(inventory).get(target.namespace ?? '');
  const selected = <T extends Labelled>(items: T[] | undefined): T[] =>
    parsed.ok && items
      ? items.filter(o => matchesLabelSelector(parsed.selector, labelsOf(o)))
      : [];
  return {
    workloads: {
      cluster,
      ok: true,
      deployments: selected(inNamespace?.deployments),
      pods: selected(inNamespace?.pods),
      rollouts: selected(inNamespace?.rollouts),
      requests: 0,
      durationMs: 0,
    },
    hpas: selected(inNamespace?.hpas),
  };
}

type Labelled = {
  metadata?: { namespace?: string; labels?: Record<string, string> };
};
type ListedCluster = Extract<ClusterInventory, { ok: true }>;
type NamespaceObjects = Required<
  Pick<ListedCluster, 'deployments' | 'pods' | 'hpas' | 'rollouts'>
>;

const namespaceIndexes = new WeakMap<
  ListedCluster,
  Map<string, NamespaceObjects>
>();

/** A listed cluster's Deployments, pods, HPAs and Rollouts by namespace, made once per run. */
function byNamespace(inventory: ListedCluster): Map<string, NamespaceObjects> {
  let index = namespaceIndexes.get(inventory);
  if (index) return index;
  index = new Map();
  const add = <K extends keyof NamespaceObjects>(key: K) => {
    for (const o of (inventory[key] ?? []) as Labelled[]) {
      const ns = o.metadata?.namespace ?? '';
      let entry = index!.get(ns);
      if (!entry)
        index!.set(
          ns,
          (entry = { deployments: [], pods: [], hpas: [], rollouts: [] }),
        );
      (entry[key] as Labelled[]).push(o);
    }
  };
  add('deployments');
  add('pods');
  add('hpas');
  add('rollouts');
  namespaceIndexes.set(inventory, index);
  return index;
}

function replicasOf(
  ready: { ready: number; desired: number } | null,
  hpas: Array<{ cluster: string; hpa: V2HorizontalPodAutoscaler }>,
  at: Date,
): FleetReplicas | null {
  if (!ready) return null;
  const views = hpas.map(h => hpaView(h.cluster, h.hpa, at));
  const pinnedAtMax =
    views.length > 0 && views.every(v => v.pinned?.at === 'max');
  // Pinned since the latest of the HPAs' own "since": the service was not
  // pinned as a whole before every HPA of it was.
  const since = views.map(v => v.pinned?.since ?? null);
  return {
    ready: ready.ready,
    desired: ready.desired,
    max: views.length ? views.reduce((sum, v) => sum + v.maxReplicas, 0) : null,
    pinnedAtMax,
    pinnedAtMaxSince:
      pinnedAtMax && since.every(s => s !== null)
        ? (since as string[]).sort()[since.length - 1]
        : null,
  };
}

/** GPU-equivalents the running pods request (a MIG slice counts its fraction). */
function runningGpus(pods: V1Pod[], resources: readonly string[]): number {
  return pods
    .filter(p => p.status?.phase === 'Running')
    .reduce(
      (sum, p) => sum + (gpuRequestOf(p.spec, resources)?.gpuEquivalents ?? 0),
      0,
    );
}

/** The signals of the row's workload in the clusters it is read on, and the profile chosen. */
function rowSignals(
  target: EntityTarget,
  place: ReturnType<typeof servingPlaceOf>,
  reads: FleetReads,
) {
  const { config, metrics } = reads;
  const { instance, scope } = place;
  const signalsOf = (
    id: string,
    workload: string,
  ): SignalValues | undefined => {
    const groups = metrics.byInstance
      .get(instance!.name)
      ?.get(id)
      ?.get(workloadKey(target.namespace ?? '', workload));
    const wanted = scope.clusters?.names;
    const list = (groups ?? []).filter(
      g => !wanted || wanted.includes(g.cluster),
    );
    return list.length ? combineClusterSignals(list) : undefined;
  };
  const answered = instance && metrics.byInstance.has(instance.name);
  const detection = answered
    ? config.profiles.find(
        p => (signalsOf(p.id, target.metricsWorkload)?.get('series') ?? 0) > 0,
      )?.id ?? '-'
    : null;
  const { profile, detected } = chosenProfile(
    config.profiles,
    config.defaultProfileId,
    target.profileId,
    detection,
  );
  const metricsTarget = metricsTargetOf(
    profile,
    detected,
    instance?.name ?? null,
    scope,
  );
  if (!instance) {
    return { metricsTarget, failure: NO_PROMETHEUS_SERVES };
  }
  if (!answered) {
    const report = metrics.sources.find(s => s.name === instance.name);
    return {
      metricsTarget,
      failure:
        report?.error?.message ??
        `Prometheus '${instance.name}' did not answer`,
    };
  }
  const values: SignalValues = new Map([
    ...(signalsOf(profile.id, target.metricsWorkload) ?? new Map()),
    ...(signalsOf(PLATFORM, target.kubernetesId) ?? new Map()),
  ]);
  return { metricsTarget, values };
}

function unknownRow(
  entity: Entity,
  reason: string,
): Omit<FleetServiceRow, 'status' | 'reason'> & {
  status: 'unknown';
  reason: string;
} {
  return {
    ...identityOf(entity),
    namespace: null,
    clusters: [],
    status: 'unknown',
    reason,
    requestsPerSecond: null,
    errorRatio: null,
    latencyP95Ms: null,
    latencyP95ObjectiveMs: null,
    errorBudgetRemaining: null,
    burnRate1h: null,
    replicas: null,
    gpusAllocated: 0,
    gpuUtilisation: null,
  };
}

function identityOf(entity: Entity) {
  return {
    entityRef: stringifyEntityRef(entity),
    name: entity.metadata.name,
    title: entity.metadata.title ?? null,
    owner: ownerRefOf(entity),
    system: systemRefOf(entity),
    framework: frameworkOf(entity),
  };
}

/**
 * One row of the fleet: the same findings, from the same rules, as the
 * entity's serving health, computed from the run's shared reads instead of
 * reads of its own. A service that cannot be read is a row with status
 * unknown and the reason.
 */
export function fleetRowOf(
  item: FleetEntity,
  reads: FleetReads,
): FleetServiceRow {
  if (!item.ok) return unknownRow(item.entity, item.answer.message);
  const { entity, target, scope } = item;
  const { config, at } = reads;
  const located = scopedClusters(scope);
  const place = servingPlaceOf(target, located, config.instances);
  const perCluster = place.clusters.map(c =>
    workloadsIn(reads.inventory.get(c.name), c.name, target),
  );
  const workloads = perCluster.map(p => p.workloads);
  const metrics = rowSignals(target, place, reads);
  const { signals, slo, replicas, status, reasons } = healthFigures({
    values: metrics.values,
    metricsFailure: metrics.failure,
    metricsTarget: metrics.metricsTarget,
    profileAnnotated: !!target.profileId,
    objectives: target.objectives,
    workloads,
    located,
    clusters: place.clusters,
    at,
    config,
  });
  const pods = workloads.flatMap(w => (w.ok ? w.pods : []));
  return {
    ...identityOf(entity),
    namespace: target.namespace ?? null,
    clusters: place.clusters.map(c => c.name),
    status,
    reason: reasons[0]?.message ?? '',
    requestsPerSecond: signals?.requestsPerSecond ?? null,
    errorRatio: signals?.errorRatio ?? null,
    latencyP95Ms: signals?.latency.p95Ms ?? null,
    latencyP95ObjectiveMs: target.objectives.latencyP95Ms,
    errorBudgetRemaining: slo?.errorBudgetRemaining ?? null,
    burnRate1h: slo?.burnRates.find(w => w.window === '1h')?.burnRate ?? null,
    replicas: replicasOf(
      replicas,
      perCluster.flatMap((p, i) =>
        p.hpas.map(hpa => ({ cluster: place.clusters[i].name, hpa })),
      ),
      at,
    ),
    gpusAllocated: runningGpus(pods, reads.gpuResources),
    gpuUtilisation: signals?.saturation.gpuUtilisation ?? null,
  };
}
