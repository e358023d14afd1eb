import { SourceReport } from '@internal/plugin-mlops-common';
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

/**
 * One query: the GPUs the pods of every Deployment requested, minute by
 * minute over `rangeSeconds` (a subquery, so that scrape intervals do not
 * matter), summed per namespace, Deployment, node and cluster, in hours.
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
      value: anyOfRegex(resources.map(ksmResource)),
    },
  ]);
  const by = ['namespace', WORKLOAD_KEY, 'node'];
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
        if (!workload || !value) continue;
        const key = workloadKey(labels.namespace ?? '', workload);
        byWorkload.set(key, [
          ...(byWorkload.get(key) ?? []),
          {
            cluster: instance.clusterLabel
              ? labels[instance.clusterLabel] ?? ''
              : '',
            node: labels.node ?? '',
            gpuHours: value,
          },
        ]);
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
