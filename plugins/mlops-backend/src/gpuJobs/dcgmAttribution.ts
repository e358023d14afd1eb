import type { V1Pod } from '@kubernetes/client-node';
import { PodGpus } from './dcgm';

/** Pods of a Job are named `<job>-<5 chars>` (or `<job>-<index>-<5 chars>` when indexed). */
const JOB_POD_NAME = /^(.+?)(?:-\d+)?-[a-z0-9]{5}$/;

/** A running job whose GPUs are measured, with the pods the listing showed. */
export interface RunningJob {
  cluster: string;
  namespace: string;
  name: string;
  pods: readonly V1Pod[];
}

/** Key of a job in the utilisation figures: cluster, namespace, name. */
export const jobKey = (cluster: string, namespace: string, name: string) =>
  `${cluster}/${namespace}/${name}`;

/**
 * The DCGM figures of each running job from one Prometheus instance's
 * figures per pod (keyed by `podKey`). A pod is the job's when the listing
 * showed it, else when its name is the job's pod name; a pod key without a
 * cluster (the instance has no cluster label) may be of any cluster the
 * instance serves. Pods of other jobs are ignored.
 */
export function attributeToJobs(
  samplesByPod: ReadonlyMap<string, PodGpus>,
  running: readonly RunningJob[],
  served: readonly string[],
): Map<string, PodGpus[]> {
  const podToJob = new Map<string, string>();
  for (const job of running) {
    for (const pod of job.pods) {
      podToJob.set(
        `${job.namespace}/${pod.metadata?.name}`,
        jobKey(job.cluster, job.namespace, job.name),
      );
    }
  }
  const runningKeys = new Set(
    running.map(j => jobKey(j.cluster, j.namespace, j.name)),
  );
  const perJob = new Map<string, PodGpus[]>();
  for (const [key, figures] of samplesByPod) {
    const [cluster, namespace, pod] = key.split('/');
    const candidates = (cluster ? [cluster] : served).map(c => {
      const known = podToJob.get(`${namespace}/${pod}`);
      if (known && known.startsWith(`${c}/`)) return known;
      const name = JOB_POD_NAME.exec(pod)?.[1];
      return name ? jobKey(c, namespace, name) : '';
    });
    const job = candidates.find(k => runningKeys.has(k));
    if (!job) continue;
    perJob.set(job, [...(perJob.get(job) ?? []), figures]);
  }
  return perJob;
}
