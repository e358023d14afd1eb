import type {
  KubernetesObject,
  V1Job,
  V1Namespace,
  V1ServiceCIDR,
} from '@kubernetes/client-node';
import { createHash } from 'node:crypto';
import { TrainingPipeline, A100 } from './fleet';

export const FIELD_MANAGER = 'mlops-sandbox-simulator';
export const MANAGED_BY = 'mlops-sandbox';
/** On every object of the sandbox fleet, the model services' chart objects included. */
export const LABEL_MANAGED = 'mlops-sandbox/managed';
export const MANAGED_SELECTOR = `${LABEL_MANAGED}=true`;
export const IMAGE_TAG = '1.4.2';

export const LABEL_ROLE = 'mlops-sandbox/role';
export const LABEL_RUN_KIND = 'mlops-sandbox/run-kind';
export const LABEL_SCENARIO = 'mlops-sandbox/scenario';
export const LABEL_ACCELERATOR = 'mlops-sandbox/accelerator';
/** The model server's container in the template's chart (its alerts name it). */
export const SERVER_CONTAINER = 'server';
export const ANNOTATION_SPEC_HASH = 'mlops-sandbox/spec-hash';
/** Pods carrying these are left alone by kube-scheduler and driven by the simulator. */
export const ANNOTATION_SIMULATED_PHASE = 'mlops-sandbox/simulated-phase';
export const ANNOTATION_SIMULATED_REASON = 'mlops-sandbox/simulated-reason';
export const ANNOTATION_SIMULATED_EXIT_CODE =
  'mlops-sandbox/simulated-exit-code';
export const SIMULATED_SCHEDULER = 'mlops-sandbox-simulator';
/** KWOK never completes a Job pod carrying this (see scripts/manifests/kwok-stages.yaml). */
export const ANNOTATION_KEEP_RUNNING = 'mlops-sandbox/keep-running';

export const GPU_RESOURCE = 'nvidia.com/gpu';
/** MIG slices in the GPU operator's mixed strategy: nvidia.com/mig-<profile>, e.g. nvidia.com/mig-1g.10gb. */
export const MIG_RESOURCE_PREFIX = 'nvidia.com/mig-';
export const GPU_PRODUCT_LABEL = 'nvidia.com/gpu.product';
/** Kueue's label naming the LocalQueue a Job is submitted to. */
export const KUEUE_QUEUE_LABEL = 'kueue.x-k8s.io/queue-name';
/** The LocalQueue in every team namespace (scripts/manifests/kueue-queues.yaml). */
export const KUEUE_LOCAL_QUEUE = 'training';

/**
 * Anything the simulator applies: its own objects and those the model-service
 * chart renders; `kind` and `metadata.name` are always set.
 */
export type KubeManifest = KubernetesObject & { spec?: object };

/** Tolerates the GPU nodes' taint (nvidia.com/gpu=present:NoSchedule). */
export const gpuToleration = {
  key: GPU_RESOURCE,
  operator: 'Equal',
  value: 'present',
  effect: 'NoSchedule',
};

export function namespaceManifest(name: string, team: string): V1Namespace {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      labels: {
        'app.kubernetes.io/managed-by': MANAGED_BY,
        [LABEL_MANAGED]: 'true',
        team,
      },
    },
  };
}

/**
 * kube-apiserver's default Service range (10.0.0.0/24) holds 254 ClusterIPs;
 * large fleets add this range (ServiceCIDR, GA in Kubernetes 1.33).
 */
export const EXTRA_SERVICE_CIDR = '10.112.0.0/16';
export const SERVICES_PER_DEFAULT_RANGE = 200;

export function serviceCidrManifest(): V1ServiceCIDR {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'ServiceCIDR',
    metadata: {
      name: 'mlops-sandbox-services',
      labels: {
        'app.kubernetes.io/managed-by': MANAGED_BY,
        [LABEL_MANAGED]: 'true',
      },
    },
    spec: { cidrs: [EXTRA_SERVICE_CIDR] },
  };
}

/**
 * What a training run should end as. Every run is scheduled by kube-scheduler
 * and run by KWOK, whose stages complete Job pods at once
 * (`scripts/manifests/kwok-stages.yaml`) unless they carry
 * {@link ANNOTATION_KEEP_RUNNING}: running runs do, and hold their GPUs.
 * Failing runs name a scheduler that does not exist: the simulator writes
 * their pod status and binds them to a GPU node. `pending-gpus` asks for more
 * GPUs than any node has. `succeeded-ttl` is deleted by the TTL controller
 * after it completes (and created again, with a new UID); `failed-deadline`
 * runs until the Job controller stops it at its `activeDeadlineSeconds`;
 * `running-idle` holds its GPUs at ~1 % utilisation.
 *
 * Every run but `pending-gpus` is submitted to Kueue: created suspended with
 * the queue-name label, it starts once Kueue admits it (unsuspends it) and
 * the Job controller makes its pods. `pending-gpus` goes straight to the
 * scheduler, to show a pod that no node can take.
 */
export type TrainingRunKind =
  | 'succeeded'
  | 'succeeded-ttl'
  | 'running'
  | 'running-idle'
  | 'failed-backoff'
  | 'failed-oom'
  | 'failed-deadline'
  | 'pending-gpus';

export const TRAINING_TTL_SECONDS = 60;
export const TRAINING_DEADLINE_SECONDS = 90;

export interface TrainingRun {
  pipeline: TrainingPipeline;
  jobName: string;
  kind: TrainingRunKind;
  /** Set for runs that exist only while a scenario is active. */
  scenario?: string;
  /** A MIG profile (e.g. 1g.10gb): each pod asks for one slice of it instead of whole GPUs. */
  migProfile?: string;
  /** Pods running at once (Job parallelism and completions); 1 when unset. */
  parallelism?: number;
  /** Whole GPUs a pod asks for, when not the pipeline's usual. */
  gpus?: number;
}

const SIMULATED: Partial<
  Record<TrainingRunKind, { phase: string; reason?: string; exitCode?: number }>
> = {
  'failed-backoff': { phase: 'Failed', reason: 'Error', exitCode: 1 },
  'failed-oom': { phase: 'Failed', reason: 'OOMKilled', exitCode: 137 },
};

const KEEP_RUNNING: TrainingRunKind[] = [
  'running',
  'running-idle',
  'failed-deadline',
];

export const MAX_GPUS_PER_NODE = 8;

/** Deadline and TTL runs take one GPU so that every scenario's runs fit the sandbox's A100s. */
function gpusOfRun(run: TrainingRun): number {
  if (run.gpus !== undefined) return run.gpus;
  if (run.kind === 'pending-gpus') return MAX_GPUS_PER_NODE * 2;
  if (run.kind === 'failed-deadline' || run.kind === 'succeeded-ttl') return 1;
  return run.pipeline.gpusPerRun;
}

/** Requests and limits of a run's trainer: 4 CPUs and 32 GiB per GPU or MIG slice. */
function trainerResources(run: TrainingRun) {
  const devices = run.migProfile ? 1 : gpusOfRun(run);
  const resource = run.migProfile
    ? `${MIG_RESOURCE_PREFIX}${run.migProfile}`
    : GPU_RESOURCE;
  return {
    requests: {
      cpu: String(devices * 4),
      memory: `${devices * 32}Gi`,
      [resource]: String(devices),
    },
    limits: {
      memory: `${devices * 32}Gi`,
      [resource]: String(devices),
    },
  };
}

export function trainingJobManifest(run: TrainingRun): V1Job {
  const { pipeline, kind } = run;
  const labels: Record<string, string> = {
    'backstage.io/kubernetes-id': pipeline.name,
    'app.kubernetes.io/name': pipeline.name,
    'app.kubernetes.io/part-of': pipeline.system,
    'app.kubernetes.io/managed-by': MANAGED_BY,
    [LABEL_MANAGED]: 'true',
    [LABEL_ROLE]: 'training-run',
    [LABEL_RUN_KIND]: kind,
  };
  if (run.scenario) {
    labels[LABEL_SCENARIO] = run.scenario;
  }
  const queued = kind !== 'pending-gpus';
  const simulated = SIMULATED[kind];
  const annotations: Record<string, string> = {};
  if (KEEP_RUNNING.includes(kind)) {
    annotations[ANNOTATION_KEEP_RUNNING] = 'true';
  }
  if (simulated) {
    annotations[ANNOTATION_SIMULATED_PHASE] = simulated.phase;
    if (simulated.reason) {
      annotations[ANNOTATION_SIMULATED_REASON] = simulated.reason;
      annotations[ANNOTATION_SIMULATED_EXIT_CODE] = String(simulated.exitCode);
    }
  }
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: run.jobName,
      namespace: pipeline.namespace,
      labels: queued
        ? { ...labels, [KUEUE_QUEUE_LABEL]: KUEUE_LOCAL_QUEUE }
        : labels,
    },
    spec: {
      suspend: queued ? true : undefined,
      parallelism: run.parallelism,
      completions: run.parallelism,
      backoffLimit: kind === 'failed-backoff' ? 1 : 0,
      ttlSecondsAfterFinished:
        kind === 'succeeded-ttl' ? TRAINING_TTL_SECONDS : undefined,
      activeDeadlineSeconds:
        kind === 'failed-deadline' ? TRAINING_DEADLINE_SECONDS : undefined,
      template: {
        metadata: { labels, annotations },
        spec: {
          restartPolicy: 'Never',
          schedulerName: simulated ? SIMULATED_SCHEDULER : undefined,
          nodeSelector: { [GPU_PRODUCT_LABEL]: A100 },
          tolerations: [gpuToleration],
          containers: [
            {
              name: 'trainer',
              image: `registry.example.com/${pipeline.team}/${pipeline.name}:${IMAGE_TAG}`,
              args: ['--config', `/etc/${pipeline.name}/train.yaml`],
              resources: trainerResources(run),
            },
          ],
        },
      },
    },
  };
}

/** Hash of what we apply, so unchanged objects are skipped without a GET. */
export function specHash(manifest: KubeManifest): string {
  const copy = JSON.parse(JSON.stringify(manifest));
  if (copy.kind === 'Deployment' && copy.spec) {
    delete copy.spec.replicas;
  }
  return createHash('sha1')
    .update(JSON.stringify(copy))
    .digest('hex')
    .slice(0, 16);
}

export function withSpecHash<T extends KubeManifest>(manifest: T): T {
  return {
    ...manifest,
    metadata: {
      ...manifest.metadata,
      annotations: {
        ...manifest.metadata?.annotations,
        [ANNOTATION_SPEC_HASH]: specHash(manifest),
      },
    },
  };
}
