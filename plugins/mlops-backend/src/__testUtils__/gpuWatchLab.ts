import type { KubeConfig, V1Job, V1Pod } from '@kubernetes/client-node';
import { loadClientNode } from '../upstream/kubernetes/clientNode';
import { env } from './sandbox';

/*
 * A corner of sandbox-east of the GPU-watch suites' own: a namespace, and a
 * KWOK node with 4 GPUs tainted so that only their jobs run there, plus a
 * watch of their own that keeps each pod's last state (its own timestamps),
 * deleted ones included, to check the portal's GPU time against.
 */

export const LAB_NAMESPACE = 'gpu-watch-lab';
export const LAB_ID = 'gpu-watch-lab';
const NODE = 'gpu-watch-lab-h100';
const TAINT = 'mlops-test/gpu-watch-lab';
export const LAB_GPU_MODEL = 'NVIDIA-H100-80GB-HBM3';

/** A Job on the lab's node: each pod asks for `gpus`, runs `runFor` (a Go duration) or until deleted. */
export function labJob(
  name: string,
  options: {
    gpus?: number;
    runFor?: string;
    ttlSeconds?: number;
    completions?: number;
    parallelism?: number;
  },
): V1Job {
  const { gpus = 1, runFor, completions = 1, parallelism = 1 } = options;
  const labels = { 'backstage.io/kubernetes-id': LAB_ID };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: LAB_NAMESPACE, labels },
    spec: {
      completions,
      parallelism,
      completionMode: completions > 1 ? 'Indexed' : 'NonIndexed',
      backoffLimit: 0,
      ttlSecondsAfterFinished: options.ttlSeconds,
      template: {
        metadata: {
          labels,
          annotations: runFor
            ? { 'mlops-sandbox/run-for': runFor }
            : { 'mlops-sandbox/keep-running': 'true' },
        },
        spec: {
          restartPolicy: 'Never',
          nodeSelector: { 'kubernetes.io/hostname': NODE },
          tolerations: [
            { key: TAINT, operator: 'Exists', effect: 'NoSchedule' },
            { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
          ],
          containers: [
            {
              name: 'trainer',
              image: 'trainer:lab',
              resources: { limits: { 'nvidia.com/gpu': String(gpus) } },
            },
          ],
        },
      },
    },
  };
}

/** The lab on sandbox-east; `stop` deletes what it made. */
export async function startGpuWatchLab() {
  const k8s = await loadClientNode();
  const kc: KubeConfig = new k8s.KubeConfig();
  kc.loadFromFile(env('MLOPS_SANDBOX_KUBECONFIG_EAST'));
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const batch = kc.makeApiClient(k8s.BatchV1Api);
  const ignoreExists = (e: { code?: number }) => {
    if (e.code !== 409) throw e;
  };
  await core
    .createNamespace({ body: { metadata: { name: LAB_NAMESPACE } } })
    .catch(ignoreExists);
  await core
    .createNode({
      body: {
        metadata: {
          name: NODE,
          annotations: { 'kwok.x-k8s.io/node': 'fake' },
          labels: {
            type: 'kwok',
            'kubernetes.io/hostname': NODE,
            'nvidia.com/gpu.product': LAB_GPU_MODEL,
          },
        },
        spec: {
          taints: [{ key: TAINT, value: 'only', effect: 'NoSchedule' }],
        },
        status: {
          capacity: {
            cpu: '64',
            memory: '512Gi',
            pods: '110',
            'nvidia.com/gpu': '4',
          },
          allocatable: {
            cpu: '64',
            memory: '512Gi',
            pods: '110',
            'nvidia.com/gpu': '4',
          },
        },
      },
    })
    .catch(ignoreExists);

  // The pods' own record: each pod's last state, as the apiserver sent it.
  const pods = new Map<string, { pod: V1Pod; deleted: boolean }>();
  let request: AbortController | undefined;
  const watch = async () => {
    request = await new k8s.Watch(kc).watch(
      `/api/v1/namespaces/${LAB_NAMESPACE}/pods`,
      {},
      (phase: string, pod: V1Pod) => {
        if (!pod.metadata?.uid) return;
        pods.set(pod.metadata.uid, { pod, deleted: phase === 'DELETED' });
      },
      () => {
        if (request) void watch();
      },
    );
  };
  await watch();

  return {
    batch,
    core,
    /** The pods of Job `name` as last seen. */
    podsOf(name: string) {
      return [...pods.values()].filter(
        p => p.pod.metadata?.labels?.['batch.kubernetes.io/job-name'] === name,
      );
    },
    async stop() {
      const stopping = request;
      request = undefined;
      stopping?.abort();
      await batch
        .deleteCollectionNamespacedJob({
          namespace: LAB_NAMESPACE,
          propagationPolicy: 'Background',
        })
        .catch(() => {});
      await core.deleteNode({ name: NODE }).catch(() => {});
    },
  };
}

/** GPU-seconds of pods from their own timestamps: start to their containers' end, or to `until`. */
export function podGpuSeconds(
  pods: Array<{ pod: V1Pod }>,
  gpusPerPod: number,
  until?: Date,
): number {
  let seconds = 0;
  for (const { pod } of pods) {
    const start = pod.status?.startTime;
    if (!start || pod.status?.phase === 'Pending') continue;
    const ends = (pod.status?.containerStatuses ?? [])
      .map(c => c.state?.terminated?.finishedAt)
      .filter((t): t is Date => !!t)
      .map(t => new Date(t).getTime());
    const end = ends.length ? Math.max(...ends) : until?.getTime();
    if (end === undefined) throw new Error(`${pod.metadata?.name} has no end`);
    seconds += ((end - new Date(start).getTime()) / 1000) * gpusPerPod;
  }
  return seconds;
}
