import { migSliceOf, SourceReport } from '@internal/plugin-mlops-common';
import { upstreamReport } from '../shared/sourceReports';
import {
  anyOfRegex,
  quoteLabelValue,
  selector,
} from '../upstream/prometheus/promql';
import {
  PrometheusClient,
  PrometheusInstance,
} from '../upstream/prometheus/PrometheusClient';
import { servingPlaceOf } from '../serving/metricsScope';
import { scopedClusters } from '../tenancy/tenantScope';
import { ClusterInventory } from './clusterInventory';
import type { ReadableServices } from './fleetCatalog';
import { gpuModelsOfNodes, WeekGpuHours } from './fleetGpus';
import { DEPLOYMENT_OF_POD, WORKLOAD_KEY, workloadKey } from './fleetQueries';

/** GPU-hours of one workload's pods on one node since the week began. */
export interface NodeGpuHours {
  cluster: string;
  node: string;
  gpuHours: number;
}

/** kube-state-metrics' name of an extended resource: `nvidia.com/gpu` → `nvidia_com_gpu`. */
export function ksmResource(resource: string): string {
  return resource.replace(/[^a-zA-Z0-9_]/g, '_');
}

/** kube-state-metrics' names of the MIG slices: `nvidia.com/mig-1g.10gb` → `nvidia_com_mig_1g_10gb`. */
const KSM_MIG_PREFIX = 'nvidia_com_mig_';
const KSM_MIG = /^nvidia_com_mig_((?:\d+c_)?\d+g)_(\d+gb)(?:_([a-z][a-z_]*))?$/;

/**
 * What one unit of a resource kube-state-metrics names is in GPUs: a MIG
 * slice its fraction (`nvidia_com_mig_3g_40gb` is 3/7), a configured GPU
 * resource 1, anything else 0.
 */
export function gpuEquivalentOfKsm(
  name: string,
  resources: readonly string[],
): number {
  const mig = KSM_MIG.exec(name);
  if (mig) {
    const [, instance, memory, suffix] = mig;
    const profile = `${instance.replace('_', '.')}.${memory}${
      suffix ? `+${suffix.replace(/_/g, '.')}` : ''
    }`;
    return migSliceOf(`nvidia.com/mig-${profile}`)?.fraction ?? 0;
  }
  return resources.some(r => ksmResource(r) === name) ? 1 : 0;
}

/**
 * One query: the GPUs and MIG slices the pods of every Deployment
 * requested, minute by minute over `rangeSeconds` (a subquery, so that
 * scrape intervals do not matter), summed per namespace, Deployment, node,
 * cluster and resource, in hours; each resource is then weighed by its
 * share of a GPU.
 */
export function servingGpuHoursQuery(
  instance: PrometheusInstance,
  resources: readonly string[],
  rangeSeconds: number,
): string {
  const requests = selector('kube_pod_container_resource_requests', [
    {
      label: 'resource',
      op: '=~',
      value: `${anyOfRegex(resources.map(ksmResource))}|${KSM_MIG_PREFIX}.+`,
    },
  ]);
  const by = ['namespace', WORKLOAD_KEY, 'node', 'resource'];
  if (instance.clusterLabel) by.push(instance.clusterLabel);
  const minutes = `sum_over_time(${requests}[${Math.floor(rangeSeconds)}s:1m])`;
  return `sum by (${by.join(
    ', ',
  )}) (label_replace(${minutes}, "${WORKLOAD_KEY}", "$1", "pod", ${quoteLabelValue(
    DEPLOYMENT_OF_POD,
  )})) / 60`;
}

/** Per instance name and workload key, the GPU-hours of its pods per node. */
export async function readServingGpuHours(input: {
  instances: PrometheusInstance[];
  clients: ReadonlyMap<string, Pick<PrometheusClient, 'vector'>>;
  resources: readonly string[];
  since: Date;
  at: Date;
}): Promise<{
  byInstance: Map<string, Map<string, NodeGpuHours[]>>;
  sources: SourceReport[];
}> {
  const byInstance = new Map<string, Map<string, NodeGpuHours[]>>();
  const sources: SourceReport[] = [];
  const rangeSeconds = (input.at.getTime() - input.since.getTime()) / 1000;
  if (rangeSeconds < 60) return { byInstance, sources };
  await Promise.all(
    input.instances.map(async instance => {
      const answer = await input.clients
        .get(instance.name)!
        .vector(
          servingGpuHoursQuery(instance, input.resources, rangeSeconds),
          input.at,
        );
      sources.push(upstreamReport('prometheus', instance.name, answer, 1));
      if (!answer.ok) return;
      const byWorkload = new Map<string, NodeGpuHours[]>();
      for (const { labels, value } of answer.value) {
        const workload = labels[WORKLOAD_KEY];
        const gpuHours =
          (value ?? 0) *
          gpuEquivalentOfKsm(labels.resource ?? '', input.resources);
        if (!workload || !gpuHours) continue;
        const key = workloadKey(labels.namespace ?? '', workload);
        const cluster = instance.clusterLabel
          ? labels[instance.clusterLabel] ?? ''
          : '';
        const node = labels.node ?? '';
        const entries = byWorkload.get(key) ?? [];
        const same = entries.find(
          e => e.cluster === cluster && e.node === node,
        );
        if (same) same.gpuHours += gpuHours;
        else entries.push({ cluster, node, gpuHours });
        byWorkload.set(key, entries);
      }
      byInstance.set(instance.name, byWorkload);
    }),
  );
  return { byInstance, sources };
}

/**
 * The week's GPU-hours of each readable service's own pods: its workload's
 * entries on the clusters it is read on, priced by the GPU model of the
 * node they ran on (a node no longer listed has none).
 */
export function servingWeekGpuHours(input: {
  readable: ReadableServices;
  read: Map<string, Map<string, NodeGpuHours[]>>;
  inventory: ReadonlyMap<string, ClusterInventory>;
  owners: ReadonlyMap<string, string | null>;
  instances: PrometheusInstance[];
}): WeekGpuHours[] {
  const models = gpuModelsOfNodes(input.inventory);
  const hours: WeekGpuHours[] = [];
  for (const [entityRef, { target, scope }] of input.readable) {
    const place = servingPlaceOf(
      target,
      scopedClusters(scope),
      input.instances,
    );
    const perNode = place.instance
      ? input.read
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
        team: input.owners.get(entityRef) ?? null,
        entityRef,
        gpuModel: models.get(`${cluster}/${entry.node}`) ?? null,
        gpuHours: entry.gpuHours,
      });
    }
  }
  return hours;
}
