import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { GpuJobRecord } from './jobRecord';
import { ClusterPyTorchJobs } from './KubernetesJobReader';
import { parsePyTorchJob } from './pytorchJob';
import { pytorchJobRecord } from './pytorchJobRecord';

/** The PyTorchJob a pod belongs to: its controller owner reference's UID. */
function ownerUid(pod: V1Pod): string | undefined {
  return pod.metadata?.ownerReferences?.find(
    r => r.kind === 'PyTorchJob' && r.controller,
  )?.uid;
}

/**
 * The GPU PyTorchJobs of one cluster's listing, each joined to the pods it
 * controls; a listed object that is not a PyTorchJob the portal can read
 * is left out.
 */
export function gpuPyTorchJobsOfCluster(
  cluster: string,
  listing: ClusterPyTorchJobs,
  nodes: Pick<ReadonlyMap<string, V1Node>, 'get'>,
  resources: readonly string[],
): Array<{ record: GpuJobRecord; pods: V1Pod[] }> {
  const podsByJob = new Map<string, V1Pod[]>();
  for (const pod of listing.pods) {
    const uid = ownerUid(pod);
    if (uid) podsByJob.set(uid, [...(podsByJob.get(uid) ?? []), pod]);
  }
  return listing.pytorchJobs.flatMap(raw => {
    const job = parsePyTorchJob(raw);
    if (!job) return [];
    const pods = podsByJob.get(job.metadata.uid) ?? [];
    const record = pytorchJobRecord(cluster, job, pods, nodes, resources);
    return record ? [{ record, pods }] : [];
  });
}
