import type {
  V1Job,
  V1Node,
  V1ObjectMeta,
  V1Pod,
} from '@kubernetes/client-node';
import { GpuJob, GpuJobController } from '@internal/plugin-mlops-common';
import { isoOrNull } from '../shared/dates';
import { gpuRequestOf } from './gpuRequest';

/** Node label of the GPU model, as NVIDIA's GPU feature discovery sets it. */
export const GPU_PRODUCT_LABEL = 'nvidia.com/gpu.product';
/** Kueue's label naming the LocalQueue a Job waits in. */
export const KUEUE_QUEUE_LABEL = 'kueue.x-k8s.io/queue-name';
/** The training operators' and Kueue's API groups, recognised in owner references. */
const KNOWN_CONTROLLER_GROUPS = ['kubeflow.org', 'kueue.x-k8s.io', 'batch'];

/**
 * What the plugin knows of a GPU job: the record kept in its database. The
 * history holds batch/v1 Jobs only, so `kind` is set (and `replicas`) only
 * by a PyTorchJob's live record.
 */
export type GpuJobRecord = Omit<
  GpuJob,
  | 'kind'
  | 'replicas'
  | 'waitSeconds'
  | 'durationSeconds'
  | 'utilisation'
  | 'idle'
  | 'gpuHours'
  | 'gpuHoursEstimated'
  | 'live'
  | 'entityRef'
  | 'team'
  | 'claimants'
> & { labels: Record<string, string> } & Partial<
    Pick<GpuJob, 'kind' | 'replicas'>
  >;

function condition(job: V1Job, type: string) {
  return job.status?.conditions?.find(
    c => c.type === type && c.status === 'True',
  );
}

/** The reason a failed pod's container gives (OOMKilled, Error), if any. */
export function containerFailure(pods: V1Pod[]): string | null {
  for (const pod of pods) {
    for (const status of pod.status?.containerStatuses ?? []) {
      const reason =
        status.state?.terminated?.reason ??
        status.lastState?.terminated?.reason;
      if (reason && reason !== 'Completed') return reason;
    }
  }
  return null;
}

function unschedulable(pods: V1Pod[]) {
  for (const pod of pods) {
    const scheduled = pod.status?.conditions?.find(
      c => c.type === 'PodScheduled' && c.status === 'False',
    );
    if (scheduled) return scheduled;
  }
  return undefined;
}

/**
 * A running pod holds its GPUs until it terminates, also while it is being
 * deleted (its Job deleted, the pod evicted); a pending one being deleted
 * will never run.
 */
export const holdsGpus = (p: V1Pod) => p.status?.phase === 'Running';

/**
 * A failed job's state from its Failed condition (of a Job or a training
 * operator's job) and its pods: OOMKilled says more than
 * BackoffLimitExceeded, and the job's own reason stays in the message.
 */
export function failedState(
  failed: { reason?: string; message?: string },
  pods: V1Pod[],
): Pick<GpuJobRecord, 'state' | 'reason' | 'message'> {
  const reason =
    containerFailure(pods) === 'OOMKilled'
      ? 'OOMKilled'
      : failed.reason ?? 'Failed';
  const message = [failed.reason, failed.message].filter(Boolean).join(': ');
  return { state: 'failed', reason, message: message || null };
}

function stateOf(
  job: V1Job,
  pods: V1Pod[],
): Pick<GpuJobRecord, 'state' | 'reason' | 'message'> {
  const failed = condition(job, 'Failed');
  if (failed) return failedState(failed, pods);
  if (condition(job, 'Complete') || condition(job, 'SuccessCriteriaMet')) {
    return { state: 'succeeded', reason: null, message: null };
  }
  if (condition(job, 'Suspended')) {
    return {
      state: 'pending',
      reason: 'Suspended',
      message: 'The Job is suspended (Kueue admits it when quota frees up)',
    };
  }
  return stateOfPods(pods);
}

/**
 * Whether an unfinished job runs, from its pods: running while any holds
 * GPUs (`PartlyRunning` while others wait), else pending with the
 * scheduler's reason when it gave one.
 */
export function stateOfPods(
  pods: V1Pod[],
): Pick<GpuJobRecord, 'state' | 'reason' | 'message'> {
  const active = pods.filter(
    p =>
      holdsGpus(p) ||
      (p.status?.phase === 'Pending' && !p.metadata?.deletionTimestamp),
  );
  const running = active.filter(holdsGpus).length;
  const waiting = unschedulable(pods);
  if (running > 0) {
    const pending = active.length - running;
    if (pending === 0) return { state: 'running', reason: null, message: null };
    // Some pods hold GPUs while others wait: say how many of each, and why.
    const why = waiting
      ? ` ${waiting.reason ?? 'Unschedulable'}${
          waiting.message ? `: ${waiting.message}` : ''
        }`
      : ' pending';
    return {
      state: 'running',
      reason: 'PartlyRunning',
      message: `${running} of ${active.length} pods running, ${pending}${why}`,
    };
  }
  if (waiting) {
    return {
      state: 'pending',
      reason: waiting.reason ?? 'Unschedulable',
      message: waiting.message ?? null,
    };
  }
  return { state: 'pending', reason: null, message: null };
}

/** Who made the job: a CronJob, a Kubeflow training job, a Kueue workload. */
export function controllersOf(job: {
  metadata?: Pick<V1ObjectMeta, 'ownerReferences'>;
}): GpuJobController[] {
  return (job.metadata?.ownerReferences ?? [])
    .filter(ref => {
      const group = ref.apiVersion?.split('/')[0] ?? '';
      return KNOWN_CONTROLLER_GROUPS.includes(group) || ref.controller;
    })
    .map(ref => ({
      kind: ref.kind,
      name: ref.name,
      apiVersion: ref.apiVersion,
    }));
}

/**
 * The record of a Job whose pods ask for GPUs, from the Job, its pods and
 * the nodes they run on; null when its template asks for none of the
 * configured GPU resources.
 */
export function gpuJobRecord(
  cluster: string,
  job: V1Job,
  pods: V1Pod[],
  nodes: Pick<ReadonlyMap<string, V1Node>, 'get'>,
  resources: readonly string[],
): GpuJobRecord | null {
  const request = gpuRequestOf(job.spec?.template?.spec, resources);
  const uid = job.metadata?.uid;
  if (!request || !uid || !job.metadata?.name) return null;
  // Running, it holds the GPUs of its running pods; otherwise it asks for
  // those of the pods it runs at once.
  const runningPods = pods.filter(holdsGpus).length;
  const atOnce = Math.max(
    1,
    Math.min(
      job.spec?.parallelism ?? 1,
      job.spec?.completions ?? job.spec?.parallelism ?? 1,
    ),
  );
  const finished =
    condition(job, 'Complete') ?? condition(job, 'Failed') ?? undefined;
  const labels = job.metadata.labels ?? {};
  const state = stateOf(job, pods);
  const podsCounted = state.state === 'running' ? runningPods : atOnce;
  // The Job's startTime is when its pods were created; a pod's is when it got a node.
  const startedAt =
    firstPodStart(pods) ??
    (state.state === 'pending' ? null : isoOrNull(job.status?.startTime));
  return {
    cluster,
    namespace: job.metadata.namespace ?? 'default',
    name: job.metadata.name,
    uid,
    labels,
    controllers: controllersOf(job),
    queueName: labels[KUEUE_QUEUE_LABEL] ?? null,
    ...state,
    createdAt:
      isoOrNull(job.metadata.creationTimestamp) ?? new Date(0).toISOString(),
    startedAt,
    finishedAt:
      isoOrNull(job.status?.completionTime) ??
      isoOrNull(finished?.lastTransitionTime) ??
      null,
    gpus: request.gpus * podsCounted,
    gpuEquivalents: request.gpuEquivalents * podsCounted,
    gpuResource: request.resource,
    migProfile: request.migProfile,
    ...placementOf(pods, nodes),
    retries: job.status?.failed ?? 0,
  };
}

/** When the first of the pods got a node and started, if any did. */
export function firstPodStart(pods: V1Pod[]): string | null {
  return (
    pods.flatMap(p => isoOrNull(p.status?.startTime) ?? []).sort()[0] ?? null
  );
}

/** The nodes the pods run on and their GPU model (the first node's label). */
export function placementOf(
  pods: V1Pod[],
  nodes: Pick<ReadonlyMap<string, V1Node>, 'get'>,
): Pick<GpuJobRecord, 'nodes' | 'gpuModel'> {
  const names = [
    ...new Set(pods.flatMap(p => (p.spec?.nodeName ? [p.spec.nodeName] : []))),
  ].sort();
  const gpuModel =
    names
      .map(n => nodes.get(n)?.metadata?.labels?.[GPU_PRODUCT_LABEL])
      .find(Boolean) ?? null;
  return { nodes: names, gpuModel };
}
