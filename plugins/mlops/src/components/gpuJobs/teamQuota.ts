import { GpuQueueQuota, GpuQueueSummary } from '@internal/plugin-mlops-common';

/** A ClusterQueue that a team's LocalQueues point at, with the team's workloads in it. */
export interface TeamClusterQueue {
  cluster: string;
  /** null for LocalQueues naming a ClusterQueue that does not exist. */
  clusterQueue: string | null;
  cohort: string | null;
  /** The team's LocalQueues pointing at it, as `namespace/name`. */
  localQueues: string[];
  /** The team's pending and admitted workloads, summed over those LocalQueues. */
  pendingWorkloads: number;
  admittedWorkloads: number;
  quota: GpuQueueQuota[];
}

/**
 * The team's LocalQueues gathered per ClusterQueue, so that a quota shared
 * by several of its namespaces shows once.
 */
export function teamClusterQueues(
  queues: readonly GpuQueueSummary[],
): TeamClusterQueue[] {
  const byQueue = new Map<string, TeamClusterQueue>();
  for (const q of queues) {
    const key = q.clusterQueue
      ? `${q.cluster}\n${q.clusterQueue}`
      : `${q.cluster}\n${q.namespace}/${q.localQueue}`;
    const found = byQueue.get(key);
    const localQueue = `${q.namespace}/${q.localQueue}`;
    if (found) {
      found.localQueues.push(localQueue);
      found.pendingWorkloads += q.pendingWorkloads;
      found.admittedWorkloads += q.admittedWorkloads;
    } else {
      byQueue.set(key, {
        cluster: q.cluster,
        clusterQueue: q.clusterQueue,
        cohort: q.cohort,
        localQueues: [localQueue],
        pendingWorkloads: q.pendingWorkloads,
        admittedWorkloads: q.admittedWorkloads,
        quota: q.quota,
      });
    }
  }
  return [...byQueue.values()];
}
