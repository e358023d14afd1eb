import type { V1Pod } from '@kubernetes/client-node';
import { L4, TrainingPipeline } from './fleet';
import type { Condition, ObjectMeta } from './kubeTypes';
import {
  ANNOTATION_SIMULATED_EXIT_CODE,
  ANNOTATION_SIMULATED_PHASE,
  ANNOTATION_SIMULATED_REASON,
  GPU_PRODUCT_LABEL,
  GPU_RESOURCE,
  gpuToleration,
  IMAGE_TAG,
  KubeManifest,
  LABEL_MANAGED,
  LABEL_ROLE,
  MANAGED_BY,
  SIMULATED_SCHEDULER,
} from './workloads';

/*
 * Kubeflow PyTorchJobs (kubeflow.org/v1) and what the Training Operator
 * v1.9 would make of them. No Training Operator runs in the sandbox: the
 * simulator makes each replica's pod and writes the job's status by the
 * operator's rules (pkg/controller.v1/pytorch and pkg/util/status.go of
 * github.com/kubeflow/training-operator v1.9.3; the status in
 * pytorchJobStatus.ts), and nothing else (no Service for the master, no
 * elastic or ExitCode restarts).
 */

export const PYTORCHJOB_API_VERSION = 'kubeflow.org/v1';
export const OPERATOR_NAME = 'pytorchjob-controller';
export const JOB_NAME_LABEL = 'training.kubeflow.org/job-name';
export const REPLICA_TYPE_LABEL = 'training.kubeflow.org/replica-type';
export const REPLICA_INDEX_LABEL = 'training.kubeflow.org/replica-index';
export const OPERATOR_NAME_LABEL = 'training.kubeflow.org/operator-name';
export const JOB_ROLE_LABEL = 'training.kubeflow.org/job-role';
/** The port PyTorch's rendezvous uses, as the operator defaults it. */
const MASTER_PORT = 23456;

/**
 * `running`: every replica runs (kube-scheduler places them on the L4 node,
 * KWOK keeps them running). `failed`: its pods fail at once (the simulator
 * writes their status, as for the failing training Jobs), so the operator
 * would mark the job Failed.
 */
export type PyTorchRunOutcome = 'running' | 'failed';

export interface PyTorchRun {
  pipeline: TrainingPipeline;
  name: string;
  outcome: PyTorchRunOutcome;
}

interface ReplicaSpec {
  replicas: number;
  restartPolicy: 'Never' | 'OnFailure';
  template: {
    metadata: Pick<ObjectMeta, 'labels' | 'annotations'>;
    spec: NonNullable<V1Pod['spec']>;
  };
}

export interface ReplicaStatus {
  active?: number;
  succeeded?: number;
  failed?: number;
  selector?: string;
}

export interface PyTorchJobStatus {
  conditions?: Array<Condition & { lastUpdateTime?: string }>;
  replicaStatuses?: Record<string, ReplicaStatus>;
  startTime?: string;
  completionTime?: string;
}

export interface PyTorchJob {
  apiVersion: string;
  kind: 'PyTorchJob';
  metadata: ObjectMeta;
  spec: { pytorchReplicaSpecs: Record<string, ReplicaSpec> };
  status?: PyTorchJobStatus;
}

/**
 * The PyTorchJobs of the second pipeline (in the example catalog, the
 * ranker's weekly distributed training): one running, one failed.
 */
export function desiredPyTorchRuns(
  pipelines: readonly TrainingPipeline[],
): PyTorchRun[] {
  if (pipelines.length === 0) return [];
  const pipeline = pipelines[1 % pipelines.length];
  return [
    { pipeline, name: `${pipeline.name}-ddp`, outcome: 'running' },
    { pipeline, name: `${pipeline.name}-ddp-nccl`, outcome: 'failed' },
  ];
}

function replicaSpec(run: PyTorchRun, replicas: number): ReplicaSpec {
  const { pipeline } = run;
  const failing = run.outcome === 'failed';
  return {
    replicas,
    restartPolicy: failing ? 'Never' : 'OnFailure',
    template: {
      metadata: {
        labels: {
          'backstage.io/kubernetes-id': pipeline.name,
          'app.kubernetes.io/name': pipeline.name,
          'app.kubernetes.io/managed-by': MANAGED_BY,
          [LABEL_MANAGED]: 'true',
          [LABEL_ROLE]: 'training-run',
        },
        annotations: failing
          ? {
              [ANNOTATION_SIMULATED_PHASE]: 'Failed',
              [ANNOTATION_SIMULATED_REASON]: 'Error',
              [ANNOTATION_SIMULATED_EXIT_CODE]: '1',
            }
          : {},
      },
      spec: {
        schedulerName: failing ? SIMULATED_SCHEDULER : undefined,
        nodeSelector: { [GPU_PRODUCT_LABEL]: L4 },
        tolerations: [gpuToleration],
        containers: [
          {
            name: 'pytorch',
            image: `registry.example.com/${pipeline.team}/${pipeline.name}:${IMAGE_TAG}`,
            args: ['--config', `/etc/${pipeline.name}/ddp.yaml`],
            resources: {
              requests: { cpu: '4', memory: '32Gi', [GPU_RESOURCE]: '1' },
              limits: { memory: '32Gi', [GPU_RESOURCE]: '1' },
            },
          },
        ],
      },
    },
  };
}

/** Master × 1 and Worker × 1, one L4 GPU each. */
export function pytorchJobManifest(run: PyTorchRun): PyTorchJob & KubeManifest {
  const { pipeline } = run;
  return {
    apiVersion: PYTORCHJOB_API_VERSION,
    kind: 'PyTorchJob',
    metadata: {
      name: run.name,
      namespace: pipeline.namespace,
      labels: {
        'backstage.io/kubernetes-id': pipeline.name,
        'app.kubernetes.io/name': pipeline.name,
        'app.kubernetes.io/part-of': pipeline.system,
        'app.kubernetes.io/managed-by': MANAGED_BY,
        [LABEL_MANAGED]: 'true',
        [LABEL_ROLE]: 'training-run',
      },
    },
    spec: {
      pytorchReplicaSpecs: {
        Master: replicaSpec(run, 1),
        Worker: replicaSpec(run, 1),
      },
    },
  };
}

/** The replica types of the job, Master first. */
export const replicaTypes = (job: PyTorchJob) =>
  Object.keys(job.spec.pytorchReplicaSpecs).sort(
    (a, b) =>
      Number(b === 'Master') - Number(a === 'Master') || a.localeCompare(b),
  );

/** The labels the operator gives a replica's pods (GenLabels plus type and index). */
export function operatorLabels(job: string, type: string, index?: number) {
  return {
    [JOB_NAME_LABEL]: job,
    [OPERATOR_NAME_LABEL]: OPERATOR_NAME,
    [REPLICA_TYPE_LABEL]: type.toLowerCase(),
    ...(index === undefined ? {} : { [REPLICA_INDEX_LABEL]: String(index) }),
  };
}

/**
 * Every pod the operator would make for the job: `<job>-<type>-<index>`,
 * labelled as it labels them, controlled by the job, with PyTorch's
 * rendezvous environment (master address and port, world size, rank).
 */
export function operatorPods(job: PyTorchJob): V1Pod[] {
  const name = job.metadata.name;
  const types = replicaTypes(job);
  const specs = job.spec.pytorchReplicaSpecs;
  const worldSize = types.reduce((n, t) => n + specs[t].replicas, 0);
  let rank = 0;
  return types.flatMap(type =>
    Array.from({ length: specs[type].replicas }, (_, index) => {
      const { template, restartPolicy } = specs[type];
      const env = [
        { name: 'MASTER_ADDR', value: `${name}-master-0` },
        { name: 'MASTER_PORT', value: String(MASTER_PORT) },
        { name: 'WORLD_SIZE', value: String(worldSize) },
        { name: 'RANK', value: String(rank++) },
        { name: 'PYTHONUNBUFFERED', value: '1' },
      ];
      return {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: `${name}-${type.toLowerCase()}-${index}`,
          namespace: job.metadata.namespace,
          labels: {
            ...template.metadata.labels,
            ...operatorLabels(name, type, index),
            ...(type === 'Master' && index === 0
              ? { [JOB_ROLE_LABEL]: 'master' }
              : {}),
          },
          annotations: template.metadata.annotations,
          ownerReferences: [
            {
              apiVersion: PYTORCHJOB_API_VERSION,
              kind: 'PyTorchJob',
              name,
              uid: job.metadata.uid!,
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
        },
        spec: {
          ...template.spec,
          restartPolicy,
          containers: template.spec.containers.map(c => ({
            ...c,
            env: [...(c.env ?? []), ...env],
          })),
        },
      };
    }),
  );
}
