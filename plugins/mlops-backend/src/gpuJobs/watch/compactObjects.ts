import type {
  V1Container,
  V1Job,
  V1Node,
  V1ObjectMeta,
  V1Pod,
} from '@kubernetes/client-node';
import { GPU_PRODUCT_LABEL } from '../jobRecord';
import { JOB_NAME_LABEL, JOB_UID_LABEL } from '../KubernetesJobReader';

/*
 * What the watch keeps of each object: only the fields GPU job and pod
 * records are made of, so that the informers' caches hold a few hundred
 * bytes per object instead of whole manifests (managed fields, env, volumes).
 */

function meta(
  m: V1ObjectMeta | undefined,
  labels: Record<string, string> | undefined,
): V1ObjectMeta {
  return {
    name: m?.name,
    namespace: m?.namespace,
    uid: m?.uid,
    resourceVersion: m?.resourceVersion,
    creationTimestamp: m?.creationTimestamp,
    deletionTimestamp: m?.deletionTimestamp,
    labels,
    ownerReferences: m?.ownerReferences?.map(r => ({
      apiVersion: r.apiVersion,
      kind: r.kind,
      name: r.name,
      uid: r.uid,
      controller: r.controller,
    })),
  };
}

const resourcesOnly = (containers: V1Container[] | undefined) =>
  containers?.map(c => ({ name: c.name, resources: c.resources }));

function pick(
  labels: Record<string, string> | undefined,
  keys: string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of keys) if (labels?.[key]) out[key] = labels[key];
  return out;
}

export function compactJob(job: V1Job): V1Job {
  const spec = job.spec;
  return {
    metadata: meta(job.metadata, job.metadata?.labels),
    spec: spec && {
      parallelism: spec.parallelism,
      completions: spec.completions,
      template: {
        spec: spec.template?.spec && {
          containers: resourcesOnly(spec.template.spec.containers) ?? [],
          initContainers: resourcesOnly(spec.template.spec.initContainers),
        },
      },
    },
    status: job.status && {
      conditions: job.status.conditions?.map(c => ({
        type: c.type,
        status: c.status,
        reason: c.reason,
        message: c.message,
        lastTransitionTime: c.lastTransitionTime,
      })),
      startTime: job.status.startTime,
      completionTime: job.status.completionTime,
      failed: job.status.failed,
    },
  };
}

export function compactPod(pod: V1Pod): V1Pod {
  const status = pod.status;
  return {
    metadata: meta(
      pod.metadata,
      pick(pod.metadata?.labels, [JOB_UID_LABEL, JOB_NAME_LABEL]),
    ),
    spec: pod.spec && {
      nodeName: pod.spec.nodeName,
      containers: resourcesOnly(pod.spec.containers) ?? [],
      initContainers: resourcesOnly(pod.spec.initContainers),
    },
    status: status && {
      phase: status.phase,
      startTime: status.startTime,
      conditions: status.conditions
        ?.filter(c => c.type === 'PodScheduled')
        .map(c => ({
          type: c.type,
          status: c.status,
          reason: c.reason,
          message: c.message,
        })),
      containerStatuses: status.containerStatuses?.map(c => ({
        name: c.name,
        image: '',
        imageID: '',
        ready: c.ready,
        restartCount: c.restartCount,
        state: c.state?.terminated && {
          terminated: {
            exitCode: c.state.terminated.exitCode,
            reason: c.state.terminated.reason,
            finishedAt: c.state.terminated.finishedAt,
          },
        },
        lastState: c.lastState?.terminated && {
          terminated: {
            exitCode: c.lastState.terminated.exitCode,
            reason: c.lastState.terminated.reason,
          },
        },
      })),
    },
  };
}

export function compactNode(node: V1Node): V1Node {
  return {
    metadata: meta(
      node.metadata,
      pick(node.metadata?.labels, [GPU_PRODUCT_LABEL]),
    ),
  };
}
