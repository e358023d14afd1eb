import {
  KueueClusterQueue,
  KueueLocalQueue,
  KueueWorkload,
} from '../kueueTypes';

/** nlp-llm's ClusterQueue as Kueue v0.17 reports it with one run admitted (borrowing). */
export const nlpClusterQueue: KueueClusterQueue = {
  metadata: { name: 'nlp-llm' },
  spec: {
    cohortName: 'gpu-training',
    resourceGroups: [
      {
        coveredResources: ['cpu', 'memory', 'nvidia.com/gpu'],
        flavors: [
          {
            name: 'a100',
            resources: [
              { name: 'cpu', nominalQuota: '64' },
              { name: 'memory', nominalQuota: '512Gi' },
              { name: 'nvidia.com/gpu', nominalQuota: '4' },
            ],
          },
          {
            name: 'l4',
            resources: [
              { name: 'cpu', nominalQuota: '16' },
              { name: 'memory', nominalQuota: '64Gi' },
              { name: 'nvidia.com/gpu', nominalQuota: 1, borrowingLimit: '0' },
            ],
          },
        ],
      },
    ],
  },
  status: {
    pendingWorkloads: 2,
    admittedWorkloads: 1,
    flavorsReservation: [
      {
        name: 'a100',
        resources: [
          { name: 'cpu', total: '24', borrowed: '0' },
          { name: 'nvidia.com/gpu', total: '6', borrowed: '2' },
        ],
      },
    ],
    flavorsUsage: [
      {
        name: 'a100',
        resources: [
          { name: 'cpu', total: '24', borrowed: '0' },
          { name: 'nvidia.com/gpu', total: '6', borrowed: '2' },
        ],
      },
      { name: 'l4', resources: [{ name: 'nvidia.com/gpu', total: '0' }] },
    ],
  },
};

export const trainingQueue: KueueLocalQueue = {
  metadata: { name: 'training', namespace: 'nlp-llm' },
  spec: { clusterQueue: 'nlp-llm' },
  status: { pendingWorkloads: 2, admittedWorkloads: 1 },
};

/** A Workload of a Job (owner reference), waiting or admitted. */
export function workload(
  name: string,
  jobUid: string,
  over: {
    created: string;
    priority?: number;
    admitted?: boolean;
    active?: boolean;
  },
): KueueWorkload {
  const waiting = {
    type: 'QuotaReserved',
    status: 'False',
    reason: 'Pending',
    message:
      "couldn't assign flavors to pod set main: insufficient unused quota for nvidia.com/gpu in flavor a100, 16 more needed",
    lastTransitionTime: new Date(over.created),
  };
  const admitted = [
    {
      type: 'QuotaReserved',
      status: 'True',
      reason: 'QuotaReserved',
      message: 'Quota reserved in ClusterQueue nlp-llm',
      lastTransitionTime: new Date(over.created),
    },
    {
      type: 'Admitted',
      status: 'True',
      reason: 'Admitted',
      message: 'The workload is admitted',
      lastTransitionTime: new Date(over.created),
    },
  ];
  return {
    metadata: {
      name,
      namespace: 'nlp-llm',
      uid: `wl-${name}`,
      creationTimestamp: over.created as unknown as Date,
      ownerReferences: [
        { apiVersion: 'batch/v1', kind: 'Job', name, uid: jobUid },
      ],
    },
    spec: {
      queueName: 'training',
      priority: over.priority ?? 0,
      active: over.active,
    },
    status: {
      conditions: over.admitted ? admitted : [waiting],
      ...(over.admitted ? { admission: { clusterQueue: 'nlp-llm' } } : {}),
    },
  };
}
