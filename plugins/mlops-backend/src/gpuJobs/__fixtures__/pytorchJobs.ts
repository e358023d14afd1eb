import type { V1Pod } from '@kubernetes/client-node';

/*
 * PyTorchJobs and pods as Kubeflow's Training Operator v1.9 writes them
 * (conditions, replicaStatuses with their selectors, the pods' labels and
 * controller reference), trimmed to what the portal reads plus a little.
 */

const trainer = (gpus: number | string) => ({
  name: 'pytorch',
  image: 'registry.example.com/recsys/ranker:1.4.2',
  resources: {
    requests: { cpu: '4', 'nvidia.com/gpu': gpus },
    limits: { 'nvidia.com/gpu': gpus },
  },
});

const replicaSpec = (replicas: number, gpus: number | string) => ({
  replicas,
  restartPolicy: 'OnFailure',
  template: { spec: { containers: [trainer(gpus)] } },
});

/** Master × 1 and Worker × 2, one GPU each: running, all three pods up. */
export const runningJob = {
  apiVersion: 'kubeflow.org/v1',
  kind: 'PyTorchJob',
  metadata: {
    name: 'ranker-ddp',
    namespace: 'recsys',
    uid: 'ptj-uid-1',
    creationTimestamp: '2026-12-04T10:00:00Z',
    labels: {
      'backstage.io/kubernetes-id': 'reco-ranker-training',
      'kueue.x-k8s.io/queue-name': 'training',
    },
  },
  spec: {
    runPolicy: { cleanPodPolicy: 'None', suspend: false },
    pytorchReplicaSpecs: {
      Worker: replicaSpec(2, '1'),
      Master: replicaSpec(1, 1),
    },
  },
  status: {
    conditions: [
      {
        type: 'Created',
        status: 'True',
        reason: 'PyTorchJobCreated',
        message: 'PyTorchJob ranker-ddp is created.',
        lastUpdateTime: '2026-12-04T10:00:00Z',
        lastTransitionTime: '2026-12-04T10:00:00Z',
      },
      {
        type: 'Running',
        status: 'True',
        reason: 'PyTorchJobRunning',
        message: 'PyTorchJob ranker-ddp is running.',
        lastUpdateTime: '2026-12-04T10:00:20Z',
        lastTransitionTime: '2026-12-04T10:00:20Z',
      },
    ],
    replicaStatuses: {
      Master: {
        active: 1,
        selector:
          'training.kubeflow.org/job-name=ranker-ddp,training.kubeflow.org/operator-name=pytorchjob-controller,training.kubeflow.org/replica-type=master',
      },
      Worker: {
        active: 2,
        selector:
          'training.kubeflow.org/job-name=ranker-ddp,training.kubeflow.org/operator-name=pytorchjob-controller,training.kubeflow.org/replica-type=worker',
      },
    },
    startTime: '2026-12-04T10:00:05Z',
  },
};

/** Its Master failed (restartPolicy Never): the operator's Failed condition. */
export const failedJob = {
  ...runningJob,
  metadata: { ...runningJob.metadata, name: 'ranker-ddp-2', uid: 'ptj-uid-2' },
  status: {
    conditions: [
      runningJob.status.conditions[0],
      {
        type: 'Failed',
        status: 'True',
        reason: 'PyTorchJobFailed',
        message:
          'PyTorchJob ranker-ddp-2 is failed because 1 Master replica(s) failed.',
        lastUpdateTime: '2026-12-04T10:02:00Z',
        lastTransitionTime: '2026-12-04T10:02:00Z',
      },
    ],
    replicaStatuses: { Master: { failed: 1 }, Worker: { active: 2 } },
    startTime: '2026-12-04T10:00:05Z',
    completionTime: '2026-12-04T10:02:00Z',
  },
};

/** A pod the operator made for the job of `meta`: `<job>-<type>-<index>`. */
export function operatorPod(
  meta: { name: string; uid: string; namespace: string },
  type: 'Master' | 'Worker',
  index: number,
  phase: 'Pending' | 'Running' | 'Failed',
  gpus = '1',
): V1Pod {
  const name = meta.name;
  return {
    metadata: {
      name: `${name}-${type.toLowerCase()}-${index}`,
      namespace: meta.namespace,
      uid: `${name}-${type}-${index}-uid`,
      labels: {
        'training.kubeflow.org/job-name': name,
        'training.kubeflow.org/operator-name': 'pytorchjob-controller',
        'training.kubeflow.org/replica-type': type.toLowerCase(),
        'training.kubeflow.org/replica-index': String(index),
      },
      ownerReferences: [
        {
          apiVersion: 'kubeflow.org/v1',
          kind: 'PyTorchJob',
          name,
          uid: meta.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      nodeName: phase === 'Pending' ? undefined : 'east-gpu-l4-1',
      containers: [trainer(gpus)],
    },
    status: {
      phase,
      startTime:
        phase === 'Pending' ? undefined : `2026-12-04T10:00:1${index}Z`,
    },
  } as V1Pod;
}
