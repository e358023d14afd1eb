import { GpuQueueSummary } from '@internal/plugin-mlops-common';
import { teamClusterQueues } from './teamQuota';

const a100 = {
  flavor: 'a100',
  resource: 'nvidia.com/gpu',
  nominal: 6,
  borrowingLimit: null,
  reserved: 4,
  used: 4,
  borrowed: 0,
};

const queue = (over: Partial<GpuQueueSummary>): GpuQueueSummary => ({
  cluster: 'sandbox-east',
  namespace: 'fraud-ml',
  localQueue: 'training',
  clusterQueue: 'fraud-ml',
  cohort: 'gpu-training',
  pendingWorkloads: 1,
  admittedWorkloads: 2,
  quota: [a100],
  ...over,
});

describe('teamClusterQueues', () => {
  it.each<[string, GpuQueueSummary[], object[]]>([
    [
      'one LocalQueue',
      [queue({})],
      [
        {
          clusterQueue: 'fraud-ml',
          localQueues: ['fraud-ml/training'],
          pendingWorkloads: 1,
          admittedWorkloads: 2,
          quota: [a100],
        },
      ],
    ],
    [
      'two namespaces sharing a ClusterQueue: the quota once, the workloads summed',
      [queue({}), queue({ namespace: 'fraud-ml-batch', pendingWorkloads: 3 })],
      [
        {
          clusterQueue: 'fraud-ml',
          localQueues: ['fraud-ml/training', 'fraud-ml-batch/training'],
          pendingWorkloads: 4,
          admittedWorkloads: 4,
          quota: [a100],
        },
      ],
    ],
    [
      'the same ClusterQueue name on two clusters, and LocalQueues without one',
      [
        queue({}),
        queue({ cluster: 'sandbox-west' }),
        queue({ localQueue: 'a', clusterQueue: null, quota: [] }),
        queue({ localQueue: 'b', clusterQueue: null, quota: [] }),
      ],
      [
        { cluster: 'sandbox-east', clusterQueue: 'fraud-ml' },
        { cluster: 'sandbox-west', clusterQueue: 'fraud-ml' },
        { clusterQueue: null, localQueues: ['fraud-ml/a'] },
        { clusterQueue: null, localQueues: ['fraud-ml/b'] },
      ],
    ],
  ])('%s', (_, queues, expected) => {
    const grouped = teamClusterQueues(queues);
    expect(grouped).toHaveLength(expected.length);
    expected.forEach((e, i) => expect(grouped[i]).toMatchObject(e));
  });
});
