import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { isoOrNull } from '../shared/dates';
import { gpuRequestOf } from './gpuRequest';
import { GPU_PRODUCT_LABEL } from './jobRecord';
import { JOB_UID_LABEL } from './KubernetesJobReader';

/**
 * How the end of a pod's GPU time is known, from best to worst: its
 * containers' termination times; the watch saw it deleted; its Job's
 * completion time; the last time it was seen running; a job-level record
 * written before per-pod history (`coarse`).
 */
export type GpuPodEnd =
  | 'terminated'
  | 'deleted'
  | 'job'
  | 'last-seen'
  | 'coarse';

/** The rank of an end: a better-known end replaces a worse one, never the reverse. */
export const END_RANK: Record<GpuPodEnd, number> = {
  coarse: 1,
  'last-seen': 2,
  job: 3,
  deleted: 4,
  terminated: 5,
};

/** One pod of a GPU job: the GPUs it held and from when to when. */
export interface GpuPodRecord {
  cluster: string;
  uid: string;
  jobUid: string;
  namespace: string;
  name: string;
  phase: string;
  node: string | null;
  gpuModel: string | null;
  /** GPUs or MIG slices. */
  gpus: number;
  /** What they amount to in GPUs: a MIG slice counts its fraction. */
  gpuEquivalents: number;
  gpuResource: string;
  /** When it got its node and began (the pod's `status.startTime`); null if it never ran. */
  startedAt: string | null;
  finishedAt: string | null;
  end: GpuPodEnd | null;
  /** The end is the best guess (the pod went while nobody watched). */
  estimated: boolean;
  /** The last time the pod was seen running. */
  lastRunningAt: string | null;
}

/** The UID of the Job a pod belongs to. */
export function jobUidOf(pod: V1Pod): string | undefined {
  return (
    pod.metadata?.labels?.[JOB_UID_LABEL] ??
    pod.metadata?.ownerReferences?.find(r => r.kind === 'Job')?.uid
  );
}

/** The latest termination time of a finished pod's containers. */
function terminatedAt(pod: V1Pod): string | null {
  const ends = (pod.status?.containerStatuses ?? [])
    .map(c => isoOrNull(c.state?.terminated?.finishedAt))
    .filter((t): t is string => !!t)
    .sort();
  return ends[ends.length - 1] ?? null;
}

/**
 * The record of a GPU job's pod as seen at `seenAt`; `deleted` when the
 * watch saw it deleted. Null when the pod asks for none of `resources`.
 * A pod that never ran has no start, so no GPU time.
 */
export function gpuPodRecord(
  cluster: string,
  pod: V1Pod,
  nodes: Pick<ReadonlyMap<string, V1Node>, 'get'>,
  resources: readonly string[],
  seen: { at: Date; deleted?: boolean },
): GpuPodRecord | null {
  const request = gpuRequestOf(pod.spec, resources);
  const uid = pod.metadata?.uid;
  const jobUid = jobUidOf(pod);
  if (!request || !uid || !jobUid || !pod.metadata?.name) return null;
  const phase = pod.status?.phase ?? 'Unknown';
  const node = pod.spec?.nodeName ?? null;
  const ran = phase !== 'Pending' && phase !== 'Unknown';
  const startedAt = ran ? isoOrNull(pod.status?.startTime) : null;
  const seenAt = seen.at.toISOString();
  let finishedAt: string | null = null;
  let end: GpuPodEnd | null = null;
  if (startedAt && (phase === 'Succeeded' || phase === 'Failed')) {
    finishedAt = terminatedAt(pod) ?? seenAt;
    end = 'terminated';
  } else if (startedAt && seen.deleted) {
    finishedAt = terminatedAt(pod) ?? seenAt;
    end = 'deleted';
  }
  return {
    cluster,
    uid,
    jobUid,
    namespace: pod.metadata.namespace ?? 'default',
    name: pod.metadata.name,
    phase,
    node,
    gpuModel:
      (node && nodes.get(node)?.metadata?.labels?.[GPU_PRODUCT_LABEL]) || null,
    gpus: request.gpus,
    gpuEquivalents: request.gpuEquivalents,
    gpuResource: request.resource,
    startedAt,
    finishedAt,
    end,
    estimated: false,
    lastRunningAt: phase === 'Running' ? seenAt : null,
  };
}

/**
 * The best end of a pod that went unseen: its Job's completion time when
 * that is after its start, else the last time it was seen running.
 */
export function estimatedEnd(
  pod: Pick<GpuPodRecord, 'startedAt' | 'lastRunningAt'>,
  jobCompletedAt: string | null,
): { finishedAt: string | null; end: GpuPodEnd } {
  if (jobCompletedAt && pod.startedAt && jobCompletedAt >= pod.startedAt) {
    return { finishedAt: jobCompletedAt, end: 'job' };
  }
  return { finishedAt: pod.lastRunningAt ?? pod.startedAt, end: 'last-seen' };
}
