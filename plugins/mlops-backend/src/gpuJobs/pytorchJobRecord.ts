import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { isoOrNull } from '../shared/dates';
import { GpuRequest, gpuRequestOf } from './gpuRequest';
import {
  controllersOf,
  failedState,
  firstPodStart,
  GpuJobRecord,
  holdsGpus,
  KUEUE_QUEUE_LABEL,
  placementOf,
  stateOfPods,
} from './jobRecord';
import { PyTorchJob } from './pytorchJob';

type JobState = Pick<GpuJobRecord, 'state' | 'reason' | 'message'>;

function condition(job: PyTorchJob, type: string) {
  return job.conditions.find(c => c.type === type && c.status === 'True');
}

/**
 * The state the Training Operator's conditions say: Failed, then Succeeded,
 * then Suspended; otherwise its pods say whether it runs, and a Running or
 * Restarting condition counts when no pod is listed.
 */
function stateOf(job: PyTorchJob, pods: V1Pod[]): JobState {
  const failed = condition(job, 'Failed');
  if (failed) return failedState(failed, pods);
  if (condition(job, 'Succeeded')) {
    return { state: 'succeeded', reason: null, message: null };
  }
  const suspended = condition(job, 'Suspended');
  if (suspended || job.suspended) {
    return {
      state: 'pending',
      reason: 'Suspended',
      message: suspended?.message ?? 'The PyTorchJob is suspended',
    };
  }
  const restarting = condition(job, 'Restarting');
  if (restarting) {
    return {
      state: 'running',
      reason: restarting.reason ?? 'Restarting',
      message: restarting.message ?? null,
    };
  }
  const byPods = stateOfPods(pods);
  if (byPods.state === 'pending' && !byPods.reason) {
    if (condition(job, 'Running')) {
      return { state: 'running', reason: null, message: null };
    }
  }
  return byPods;
}

/** Requests added up: devices and GPU-equivalents summed, the first resource, every MIG profile. */
function total(requests: Array<{ request: GpuRequest; times: number }>) {
  const counted = requests.filter(r => r.times > 0);
  if (counted.length === 0) return null;
  const profiles = [
    ...new Set(counted.flatMap(r => r.request.migProfile?.split(', ') ?? [])),
  ];
  return {
    gpus: counted.reduce((sum, r) => sum + r.request.gpus * r.times, 0),
    gpuEquivalents: counted.reduce(
      (sum, r) => sum + r.request.gpuEquivalents * r.times,
      0,
    ),
    gpuResource: counted[0].request.resource,
    migProfile: profiles.length ? profiles.join(', ') : null,
  };
}

/**
 * The record of a PyTorchJob whose replicas ask for GPUs, from the job, its
 * pods and their nodes; null when no replica asks for a configured GPU
 * resource (or MIG slices). It asks for the GPUs of every replica of every
 * type, which run at once; running, it holds those of its running pods.
 */
export function pytorchJobRecord(
  cluster: string,
  job: PyTorchJob,
  pods: V1Pod[],
  nodes: Pick<ReadonlyMap<string, V1Node>, 'get'>,
  resources: readonly string[],
): GpuJobRecord | null {
  const asked = total(
    job.replicas.flatMap(r => {
      const request = gpuRequestOf(r.podSpec, resources);
      return request ? [{ request, times: r.replicas }] : [];
    }),
  );
  if (!asked) return null;
  const state = stateOf(job, pods);
  const running = pods.filter(holdsGpus);
  const held = total(
    running.flatMap(p => {
      const request = gpuRequestOf(p.spec, resources);
      return request ? [{ request, times: 1 }] : [];
    }),
  );
  const gpus = state.state === 'running' && held ? held : asked;
  const { metadata } = job;
  const labels = metadata.labels ?? {};
  const finished = condition(job, 'Succeeded') ?? condition(job, 'Failed');
  return {
    cluster,
    namespace: metadata.namespace ?? 'default',
    name: metadata.name,
    uid: metadata.uid,
    kind: 'PyTorchJob',
    replicas: job.replicas.map(
      ({ type, replicas, active, succeeded, failed }) => ({
        type,
        replicas,
        active,
        succeeded,
        failed,
      }),
    ),
    labels,
    controllers: controllersOf(job),
    queueName: labels[KUEUE_QUEUE_LABEL] ?? null,
    ...state,
    createdAt:
      isoOrNull(metadata.creationTimestamp) ?? new Date(0).toISOString(),
    startedAt:
      firstPodStart(pods) ??
      (state.state === 'pending' ? null : isoOrNull(job.startTime)),
    finishedAt:
      isoOrNull(job.completionTime) ??
      isoOrNull(finished?.lastTransitionTime) ??
      null,
    ...gpus,
    ...placementOf(pods, nodes),
    retries: job.replicas.reduce((sum, r) => sum + r.failed, 0),
  };
}
