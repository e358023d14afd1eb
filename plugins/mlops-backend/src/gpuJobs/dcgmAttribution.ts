import type { V1Pod } from '@kubernetes/client-node';
import { PodGpus, podKey } from './dcgm';

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
 * figures per pod (keyed by `podKey`). A pod is the job's that listed it,
 * else the running job its name is the pod name of. A pod key without a
 * cluster (the instance has no cluster label) may be of any cluster the
 * instance serves, so it goes to a job only when exactly one of those
 * clusters has it: the same pipeline's `train` in two clusters must not
 * get the other's GPUs. Pods listed by a job of another cluster, and pods
 * of other jobs, are ignored.
 */
export function attributeToJobs(
  samplesByPod: ReadonlyMap<string, PodGpus>,
  running: readonly RunningJob[],
  served: readonly string[],
): Map<string, PodGpus[]> {
  const jobOfListedPod = new Map<string, string>();
  const listedPods = new Set<string>();
  for (const job of running) {
    for (const pod of job.pods) {
      const name = pod.metadata?.name ?? '';
      jobOfListedPod.set(
        podKey(job.cluster, job.namespace, name),
        jobKey(job.cluster, job.namespace, job.name),
      );
      listedPods.add(`${job.namespace}/${name}`);
    }
  }
  const runningKeys = new Set(
    running.map(j => jobKey(j.cluster, j.namespace, j.name)),
  );
  const jobOf = (
    clusters: readonly string[],
    namespace: string,
    pod: string,
  ) => {
    const listed = clusters.flatMap(
      c => jobOfListedPod.get(podKey(c, namespace, pod)) ?? [],
    );
    if (listed.length > 0 || listedPods.has(`${namespace}/${pod}`)) {
      return listed.length === 1 ? listed[0] : undefined;
    }
    const name = JOB_POD_NAME.exec(pod)?.[1];
    const byName = name
      ? clusters
          .map(c => jobKey(c, namespace, name))
          .filter(k => runningKeys.has(k))
      : [];
    return byName.length === 1 ? byName[0] : undefined;
  };
  const perJob = new Map<string, PodGpus[]>();
  for (const [key, figures] of samplesByPod) {
    const [cluster, namespace, pod] = key.split('/');
    const job = jobOf(cluster ? [cluster] : served, namespace, pod);
    if (!job) continue;
    perJob.set(job, [...(perJob.get(job) ?? []), figures]);
  }
  return perJob;
}
