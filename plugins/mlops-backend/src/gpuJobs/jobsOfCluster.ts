import type { V1Pod } from '@kubernetes/client-node';
import { GpuJobRecord, gpuJobRecord } from './jobRecord';
import { ClusterJobs, JOB_UID_LABEL } from './KubernetesJobReader';

function ownerUid(pod: V1Pod): string | undefined {
  return (
    pod.metadata?.labels?.[JOB_UID_LABEL] ??
    pod.metadata?.ownerReferences?.find(r => r.kind === 'Job')?.uid
  );
}

/** The GPU jobs of one cluster's listing, each joined to its own pods. */
export function gpuJobsOfCluster(
  cluster: string,
  listing: ClusterJobs,
  resources: readonly string[],
): Array<{ record: GpuJobRecord; pods: V1Pod[] }> {
  const podsByJob = new Map<string, V1Pod[]>();
  for (const pod of listing.pods) {
    const uid = ownerUid(pod);
    if (!uid) continue;
    podsByJob.set(uid, [...(podsByJob.get(uid) ?? []), pod]);
  }
  return listing.jobs.flatMap(job => {
    const pods = podsByJob.get(job.metadata?.uid ?? '') ?? [];
    const record = gpuJobRecord(cluster, job, pods, listing.nodes, resources);
    return record ? [{ record, pods }] : [];
  });
}
