import { GpuQueueSummary } from '@internal/plugin-mlops-common';
import { queueSummaries } from './kueueQueues';
import { ClusterWideQueues } from './KubernetesQueueReader';

/**
 * The LocalQueues of one cluster in the namespaces a team holds, each with
 * its ClusterQueue's GPU quota and usage; other teams' LocalQueues are left
 * out.
 */
export function teamQueueSummaries(
  cluster: string,
  queues: ClusterWideQueues,
  holds: (namespace: string) => boolean,
  gpuResources: readonly string[],
): GpuQueueSummary[] {
  const own = queues.localQueues
    .filter(lq => holds(lq.metadata.namespace ?? ''))
    .sort(
      (a, b) =>
        (a.metadata.namespace ?? '').localeCompare(
          b.metadata.namespace ?? '',
        ) || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
    );
  return queueSummaries(cluster, own, queues.clusterQueues, gpuResources);
}
