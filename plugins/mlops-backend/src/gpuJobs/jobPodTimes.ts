import type { V1Pod } from '@kubernetes/client-node';
import { GpuInterval } from './gpuHours';
import { StoredGpuPod } from './GpuPodStore';
import {
  END_RANK,
  GpuPodRecord,
  estimatedEnd,
  gpuPodRecord,
} from './podRecord';

/** When each pod of a job held its GPUs, and whether any end is a guess. */
export interface JobPodTimes {
  intervals: GpuInterval[];
  estimated: boolean;
}

/** A job as the view merged it: live (listed by its cluster now) or from the history. */
export interface JobOfPods {
  cluster: string;
  uid: string;
  live: boolean;
  /** It came from a listing of its cluster, which had all its pods. */
  listed: boolean;
  finishedAt: string | null;
  pods: V1Pod[];
}

/** Rows the migration made of jobs recorded before per-pod history. */
const isCoarse = (pod: Pick<GpuPodRecord, 'uid'>) =>
  pod.uid.startsWith('coarse:');

function rank(pod: GpuPodRecord) {
  return pod.end ? END_RANK[pod.end] : 0;
}

/**
 * A pod as the view counts it: the better-known of what is stored and what
 * the cluster lists now. A stored pod that is unfinished yet not listed
 * (its job's listing has no such pod, or its job is gone) went while
 * nobody watched: it ends at its best estimate.
 */
function podNow(
  job: JobOfPods,
  stored: GpuPodRecord | undefined,
  live: GpuPodRecord | undefined,
): GpuPodRecord {
  if (live && (!stored || rank(live) >= rank(stored))) {
    return { ...live, startedAt: stored?.startedAt ?? live.startedAt };
  }
  const pod = stored!;
  if (pod.finishedAt || !pod.startedAt || (job.live && !job.listed)) {
    return pod;
  }
  return { ...pod, ...estimatedEnd(pod, job.finishedAt), estimated: true };
}

/**
 * The GPU time of each job from its pods: the stored ones, updated by the
 * live listing. A job with pods recorded one by one counts those; one
 * recorded before per-pod history counts its migrated job-level row.
 */
export function jobPodTimes(
  jobs: readonly JobOfPods[],
  stored: readonly StoredGpuPod[],
  resources: readonly string[],
  now: Date,
): Map<string, JobPodTimes> {
  const storedByJob = new Map<string, StoredGpuPod[]>();
  for (const pod of stored) {
    const key = `${pod.cluster}/${pod.jobUid}`;
    storedByJob.set(key, [...(storedByJob.get(key) ?? []), pod]);
  }
  const times = new Map<string, JobPodTimes>();
  for (const job of jobs) {
    const key = `${job.cluster}/${job.uid}`;
    const live = new Map<string, GpuPodRecord>();
    for (const pod of job.pods) {
      const record = gpuPodRecord(job.cluster, pod, new Map(), resources, {
        at: now,
      });
      if (record) live.set(record.uid, record);
    }
    const saved = new Map(
      (storedByJob.get(key) ?? []).map(p => [p.uid, p] as const),
    );
    const uids = new Set([...saved.keys(), ...live.keys()]);
    const pods = [...uids].map(uid =>
      podNow(job, saved.get(uid), live.get(uid)),
    );
    const perPod = pods.filter(p => !isCoarse(p));
    const counted = perPod.length ? perPod : pods;
    times.set(key, {
      intervals: counted.map(p => ({
        gpuEquivalents: p.gpuEquivalents,
        startedAt: p.startedAt,
        finishedAt: p.finishedAt,
      })),
      estimated: counted.some(p => p.estimated),
    });
  }
  return times;
}
