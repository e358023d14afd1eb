import {
  FleetGpuCost,
  FleetGpuPool,
  FleetPendingJob,
  FleetServiceGpuHours,
} from '@internal/plugin-mlops-common';
import type { V1Node, V1Pod } from '@kubernetes/client-node';
import {
  gpuEquivalentOf,
  MIG_RESOURCE_PREFIX,
  parseQuantity,
} from '@internal/plugin-mlops-common';
import { gpuRequestOf } from '../gpuJobs/gpuRequest';
import { ClusterInventory } from './clusterInventory';
import { GpuPrices } from '../config/gpuPrices';

/** The node label naming its GPU model (NVIDIA GPU feature discovery). */
export const GPU_PRODUCT_LABEL = 'nvidia.com/gpu.product';

/** A running GPU pod, whose namespace's owner it counts for. */
export interface GpuPod {
  cluster: string;
  namespace: string;
  name: string;
  node: string;
  /** GPUs it requests, a MIG slice counting its fraction. */
  gpuEquivalents: number;
  startedAt: string | null;
  /** The owner holding its namespace (mlops.tenancy), or null. */
  team: string | null;
  idle: boolean;
}

/** GPU-hours this week of a job (the GPU jobs history) or of a service's pods (Prometheus). */
export interface WeekGpuHours {
  team: string | null;
  entityRef: string | null;
  gpuModel: string | null;
  /** GPU-equivalent hours: a MIG slice counts its fraction. */
  gpuHours: number;
}

/**
 * The allocatable GPUs of a node in GPU-equivalents: the configured
 * resources, and the MIG slices of the `mixed` strategy at their fractions
 * (7 × `mig-1g.10gb` and 2 × `mig-3g.40gb` are 1 + 6/7).
 */
export function allocatableGpus(
  node: V1Node,
  resources: readonly string[],
): number {
  const offered = node.status?.allocatable ?? {};
  const names = new Set([
    ...resources,
    ...Object.keys(offered).filter(r => r.startsWith(MIG_RESOURCE_PREFIX)),
  ]);
  let sum = 0;
  for (const r of names) {
    const q = parseQuantity(offered[r] as string | undefined);
    if (q !== null && q > 0) sum += gpuEquivalentOf(r, Math.floor(q));
  }
  return sum;
}

/** The running pods holding GPUs in every listed cluster. */
export function runningGpuPods(
  inventory: ReadonlyMap<string, ClusterInventory>,
  resources: readonly string[],
  teamOf: (cluster: string, namespace: string) => string | null,
  idle: (pod: {
    cluster: string;
    namespace: string;
    name: string;
    startedAt: string | null;
  }) => boolean,
): GpuPod[] {
  const out: GpuPod[] = [];
  for (const [cluster, answer] of inventory) {
    if (!answer.ok) continue;
    for (const pod of answer.pods as V1Pod[]) {
      if (pod.status?.phase !== 'Running' || !pod.spec?.nodeName) continue;
      const gpuEquivalents =
        gpuRequestOf(pod.spec, resources)?.gpuEquivalents ?? 0;
      if (gpuEquivalents === 0) continue;
      const namespace = pod.metadata?.namespace ?? '';
      const name = pod.metadata?.name ?? '';
      const startedAt = pod.status?.startTime
        ? new Date(pod.status.startTime).toISOString()
        : null;
      out.push({
        cluster,
        namespace,
        name,
        node: pod.spec.nodeName,
        gpuEquivalents,
        startedAt,
        team: teamOf(cluster, namespace),
        idle: idle({ cluster, namespace, name, startedAt }),
      });
    }
  }
  return out;
}

/** The GPU model of every listed node, by `cluster/node`; `unknown` without the label. */
export function gpuModelsOfNodes(
  inventory: ReadonlyMap<string, ClusterInventory>,
): Map<string, string> {
  const models = new Map<string, string>();
  for (const [cluster, answer] of inventory) {
    if (!answer.ok) continue;
    for (const node of answer.nodes) {
      models.set(
        `${cluster}/${node.metadata?.name}`,
        node.metadata?.labels?.[GPU_PRODUCT_LABEL] ?? 'unknown',
      );
    }
  }
  return models;
}

/** GPU-equivalents per cluster and GPU model: capacity of the nodes, allocated and idle of their pods. */
export function gpuPools(
  inventory: ReadonlyMap<string, ClusterInventory>,
  pods: readonly GpuPod[],
  resources: readonly string[],
): FleetGpuPool[] {
  const pools = new Map<string, FleetGpuPool>();
  const poolOf = (cluster: string, gpuModel: string) => {
    const key = `${cluster}\u0000${gpuModel}`;
    let pool = pools.get(key);
    if (!pool) {
      pools.set(
        key,
        (pool = { cluster, gpuModel, capacity: 0, allocated: 0, idle: 0 }),
      );
    }
    return pool;
  };
  const modelOfNode = gpuModelsOfNodes(inventory);
  for (const [cluster, answer] of inventory) {
    if (!answer.ok) continue;
    for (const node of answer.nodes) {
      const capacity = allocatableGpus(node, resources);
      if (capacity === 0) continue;
      poolOf(
        cluster,
        modelOfNode.get(`${cluster}/${node.metadata?.name}`)!,
      ).capacity += capacity;
    }
  }
  for (const pod of pods) {
    const model = modelOfNode.get(`${pod.cluster}/${pod.node}`) ?? 'unknown';
    const pool = poolOf(pod.cluster, model);
    pool.allocated += pod.gpuEquivalents;
    if (pod.idle) pool.idle += pod.gpuEquivalents;
  }
  return [...pools.values()].sort(
    (a, b) =>
      a.cluster.localeCompare(b.cluster) ||
      a.gpuModel.localeCompare(b.gpuModel),
  );
}

/** The cost of `hours` of `model`, or null when the model has no price. */
export function costOf(
  prices: GpuPrices,
  model: string | null,
  hours: number,
): number | null {
  const price = model === null ? undefined : prices.perGpuHour[model];
  if (hours === 0) return 0;
  return price === undefined ? null : price * hours;
}

/** Per model service, its jobs' GPU-hours this week and their cost. */
export function serviceGpuHours(
  jobs: readonly WeekGpuHours[],
  prices: GpuPrices,
  ownerOf: (entityRef: string) => string | null,
): FleetServiceGpuHours[] {
  const byService = new Map<string, FleetServiceGpuHours>();
  for (const job of jobs) {
    if (!job.entityRef || job.gpuHours <= 0) continue;
    const row = byService.get(job.entityRef) ?? {
      entityRef: job.entityRef,
      owner: ownerOf(job.entityRef) ?? job.team,
      gpuHours: 0,
      cost: 0,
    };
    row.gpuHours += job.gpuHours;
    const cost = costOf(prices, job.gpuModel, job.gpuHours);
    row.cost += cost ?? 0;
    byService.set(job.entityRef, row);
  }
  return [...byService.values()].sort((a, b) => b.gpuHours - a.gpuHours);
}

/** The price table as answered, with the GPU models that have hours but no price. */
export function gpuCost(
  jobs: readonly WeekGpuHours[],
  prices: GpuPrices,
): FleetGpuCost {
  const unpriced = new Set<string>();
  for (const job of jobs) {
    if (
      job.gpuHours > 0 &&
      costOf(prices, job.gpuModel, job.gpuHours) === null
    ) {
      unpriced.add(job.gpuModel ?? 'unknown');
    }
  }
  return {
    currency: prices.currency,
    pricePerGpuHour: prices.perGpuHour,
    unpricedModels: [...unpriced].sort(),
  };
}

/** Pending jobs, longest waiting first. */
export function pendingJobsOf(
  jobs: readonly FleetPendingJob[],
): FleetPendingJob[] {
  return [...jobs].sort((a, b) => a.waitingSince.localeCompare(b.waitingSince));
}
