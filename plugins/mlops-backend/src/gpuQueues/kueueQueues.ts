import {
  GpuJob,
  GpuJobQueue,
  GpuQueueQuota,
  GpuQueueSummary,
  parseQuantity,
} from '@internal/plugin-mlops-common';
import {
  KueueClusterQueue,
  KueueFlavorQuantities,
  KueueLocalQueue,
  KueuePendingWorkload,
  KueueWorkload,
} from './kueueTypes';

const toNumber = (q: string | number | undefined): number =>
  q === undefined ? 0 : parseQuantity(q) ?? 0;

function condition(workload: KueueWorkload, type: string) {
  return workload.status?.conditions?.find(c => c.type === type);
}

const isTrue = (w: KueueWorkload, type: string) =>
  condition(w, type)?.status === 'True';

/**
 * The Workload Kueue made for a job: the one whose owner reference is the
 * job (a Job, or any other Kueue-integrated kind with that UID).
 */
export function workloadOfJob(
  workloads: readonly KueueWorkload[],
  uid: string,
): KueueWorkload | undefined {
  return workloads.find(w =>
    w.metadata.ownerReferences?.some(r => r.uid === uid),
  );
}

function flavorAmount(
  list: KueueFlavorQuantities[] | undefined,
  flavor: string,
  resource: string,
) {
  const entry = list
    ?.find(f => f.name === flavor)
    ?.resources.find(r => r.name === resource);
  return { total: toNumber(entry?.total), borrowed: toNumber(entry?.borrowed) };
}

/** The GPU quotas of a ClusterQueue (spec) with what its workloads take (status). */
export function gpuQuotaOf(
  queue: KueueClusterQueue,
  gpuResources: readonly string[],
): GpuQueueQuota[] {
  return (queue.spec?.resourceGroups ?? []).flatMap(group =>
    (group.flavors ?? []).flatMap(flavor =>
      (flavor.resources ?? [])
        .filter(r => gpuResources.includes(r.name))
        .map(r => {
          const usage = flavorAmount(
            queue.status?.flavorsUsage,
            flavor.name,
            r.name,
          );
          return {
            flavor: flavor.name,
            resource: r.name,
            nominal: toNumber(r.nominalQuota),
            borrowingLimit:
              r.borrowingLimit === undefined
                ? null
                : toNumber(r.borrowingLimit),
            reserved: flavorAmount(
              queue.status?.flavorsReservation,
              flavor.name,
              r.name,
            ).total,
            used: usage.total,
            borrowed: usage.borrowed,
          };
        }),
    ),
  );
}

/** Each LocalQueue of a namespace with its ClusterQueue's GPU quota. */
export function queueSummaries(
  cluster: string,
  localQueues: readonly KueueLocalQueue[],
  clusterQueues: readonly KueueClusterQueue[],
  gpuResources: readonly string[],
): GpuQueueSummary[] {
  return localQueues.map(lq => {
    const cq = clusterQueues.find(
      q => q.metadata.name === lq.spec?.clusterQueue,
    );
    return {
      cluster,
      namespace: lq.metadata.namespace ?? '',
      localQueue: lq.metadata.name ?? '',
      clusterQueue: cq?.metadata.name ?? null,
      cohort: cq?.spec?.cohortName ?? null,
      pendingWorkloads: lq.status?.pendingWorkloads ?? 0,
      admittedWorkloads: lq.status?.admittedWorkloads ?? 0,
      quota: cq ? gpuQuotaOf(cq, gpuResources) : [],
    };
  });
}

const isPending = (w: KueueWorkload) =>
  !isTrue(w, 'QuotaReserved') &&
  !isTrue(w, 'Finished') &&
  w.spec?.active !== false;

/**
 * Positions (1 = next) of the pending workloads the caller can read, per
 * ClusterQueue, as Kueue orders them: higher priority first, then older.
 * Workloads of other namespaces in the same ClusterQueue are not counted.
 */
export function creationOrderPositions(
  workloads: readonly KueueWorkload[],
  clusterQueueOf: (w: KueueWorkload) => string | undefined,
): Map<string, number> {
  const byQueue = new Map<string, KueueWorkload[]>();
  for (const w of workloads.filter(isPending)) {
    const cq = clusterQueueOf(w);
    if (cq) byQueue.set(cq, [...(byQueue.get(cq) ?? []), w]);
  }
  const positions = new Map<string, number>();
  for (const pending of byQueue.values()) {
    pending
      .sort(
        (a, b) =>
          (b.spec?.priority ?? 0) - (a.spec?.priority ?? 0) ||
          String(a.metadata.creationTimestamp).localeCompare(
            String(b.metadata.creationTimestamp),
          ) ||
          (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
      )
      .forEach((w, i) => positions.set(w.metadata.uid ?? '', i + 1));
  }
  return positions;
}

/** What Kueue says of one job's Workload. */
export function jobQueueOf(
  workload: KueueWorkload,
  localQueues: readonly KueueLocalQueue[],
  positions: {
    visibility: readonly KueuePendingWorkload[] | null;
    creationOrder: Map<string, number>;
  },
): GpuJobQueue {
  const localQueue = workload.spec?.queueName ?? '';
  const admitted = isTrue(workload, 'Admitted');
  const quota = condition(workload, 'QuotaReserved');
  const waiting = !admitted && isPending(workload);
  const visible = positions.visibility?.find(
    p => p.metadata.name === workload.metadata.name,
  );
  let position: number | null = null;
  let positionSource: GpuJobQueue['positionSource'] = null;
  if (waiting && positions.visibility) {
    position =
      visible?.positionInClusterQueue === undefined
        ? null
        : visible.positionInClusterQueue + 1;
    positionSource = 'visibility-api';
  } else if (waiting) {
    position = positions.creationOrder.get(workload.metadata.uid ?? '') ?? null;
    positionSource = 'creation-order';
  }
  return {
    workload: workload.metadata.name ?? '',
    localQueue,
    clusterQueue:
      workload.status?.admission?.clusterQueue ??
      localQueues.find(
        lq =>
          lq.metadata.name === localQueue &&
          lq.metadata.namespace === workload.metadata.namespace,
      )?.spec?.clusterQueue ??
      null,
    admitted,
    position,
    positionSource,
    reason: waiting ? quota?.reason ?? null : null,
    message: waiting ? quota?.message ?? null : null,
  };
}

/** Kueue's objects of the entity's namespace in one cluster. */
export interface ClusterQueues {
  cluster: string;
  workloads: KueueWorkload[];
  localQueues: KueueLocalQueue[];
  clusterQueues: KueueClusterQueue[];
  pending: Map<string, KueuePendingWorkload[]> | null;
}

/** The jobs with their Workload's queue, and the namespace's queues with their GPU quota. */
export function withQueues(
  jobs: GpuJob[],
  clusters: readonly ClusterQueues[],
  gpuResources: readonly string[],
): { jobs: GpuJob[]; queues: GpuQueueSummary[] } {
  const byCluster = new Map(clusters.map(c => [c.cluster, c]));
  const creationOrder = new Map(
    clusters.map(c => [
      c.cluster,
      creationOrderPositions(
        c.workloads,
        w =>
          c.localQueues.find(lq => lq.metadata.name === w.spec?.queueName)?.spec
            ?.clusterQueue,
      ),
    ]),
  );
  return {
    jobs: jobs.map(job => {
      const c = byCluster.get(job.cluster);
      const workload = c && job.live && workloadOfJob(c.workloads, job.uid);
      if (!c || !workload) return job;
      const localQueue = workload.spec?.queueName ?? '';
      return {
        ...job,
        queue: jobQueueOf(workload, c.localQueues, {
          visibility: c.pending ? c.pending.get(localQueue) ?? [] : null,
          creationOrder: creationOrder.get(c.cluster) ?? new Map(),
        }),
      };
    }),
    queues: clusters.flatMap(c =>
      queueSummaries(c.cluster, c.localQueues, c.clusterQueues, gpuResources),
    ),
  };
}
