import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { ClusterInventory } from './clusterInventory';
import {
  allocatableGpus,
  costOf,
  gpuCost,
  gpuPools,
  runningGpuPods,
  serviceGpuHours,
} from './fleetGpus';

const RESOURCES = ['nvidia.com/gpu'];

const node = (name: string, gpus: number, model?: string): V1Node => ({
  metadata: {
    name,
    labels: model ? { 'nvidia.com/gpu.product': model } : {},
  },
  status: { allocatable: { 'nvidia.com/gpu': String(gpus), cpu: '8' } },
});

const pod = (
  name: string,
  nodeName: string,
  gpus: number,
  phase = 'Running',
): V1Pod => ({
  metadata: { name, namespace: 'fraud-ml' },
  spec: {
    nodeName,
    containers: [
      { name: 'c', resources: { limits: { 'nvidia.com/gpu': String(gpus) } } },
    ],
  },
  status: { phase, startTime: new Date('2026-12-03T09:00:00Z') },
});

function inventory(nodes: V1Node[], pods: V1Pod[]): ClusterInventory {
  return {
    cluster: 'east',
    ok: true,
    requests: 4,
    durationMs: 1,
    deployments: [],
    hpas: [],
    nodes,
    pods,
  };
}

describe('the fleet GPUs', () => {
  const listed = new Map([
    [
      'east',
      inventory(
        [node('a100-1', 8, 'A100'), node('l4-1', 4, 'L4'), node('cpu', 0)],
        [
          pod('train-0', 'a100-1', 4),
          pod('serve-0', 'l4-1', 1),
          pod('done-0', 'a100-1', 4, 'Succeeded'),
          pod('cpu-0', 'cpu', 0),
        ],
      ),
    ],
    [
      'west',
      {
        cluster: 'west',
        ok: false as const,
        error: { kind: 'timeout' as const, message: 'slow' },
        requests: 1,
        durationMs: 5000,
      },
    ],
  ]);

  it('counts running GPU pods with their team and idleness, and pools by cluster and model', () => {
    const pods = runningGpuPods(
      listed,
      RESOURCES,
      () => 'group:default/fraud-ml',
      p => p.name === 'train-0',
    );
    expect(pods.map(p => [p.name, p.gpuEquivalents, p.idle])).toEqual([
      ['train-0', 4, true],
      ['serve-0', 1, false],
    ]);
    expect(gpuPools(listed, pods, RESOURCES)).toEqual([
      { cluster: 'east', gpuModel: 'A100', capacity: 8, allocated: 4, idle: 4 },
      { cluster: 'east', gpuModel: 'L4', capacity: 4, allocated: 1, idle: 0 },
    ]);
  });

  // A node of the MIG `mixed` strategy: slices only, no nvidia.com/gpu.
  const migNode: V1Node = {
    metadata: {
      name: 'mig-1',
      labels: {
        'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB',
        'nvidia.com/mig.strategy': 'mixed',
        'nvidia.com/gpu.count': '2',
      },
    },
    status: {
      capacity: {
        'nvidia.com/mig-1g.10gb': '7',
        'nvidia.com/mig-3g.40gb': '2',
      },
      allocatable: {
        'nvidia.com/mig-1g.10gb': '7',
        'nvidia.com/mig-3g.40gb': '2',
        'nvidia.com/mig-foo': '3',
        cpu: '64',
      },
    },
  };
  const onSlices = (name: string, limits: Record<string, string>): V1Pod => ({
    metadata: { name, namespace: 'fraud-ml' },
    spec: {
      nodeName: 'mig-1',
      containers: [{ name: 'c', resources: { limits } }],
    },
    status: { phase: 'Running', startTime: new Date('2026-12-03T09:00:00Z') },
  });

  it('counts a MIG node and its pods in GPU-equivalents', () => {
    expect(allocatableGpus(migNode, RESOURCES)).toBeCloseTo(1 + 6 / 7, 12);
    const mig = new Map([
      [
        'east',
        inventory(
          [migNode],
          [
            onSlices('big-0', { 'nvidia.com/mig-3g.40gb': '1' }),
            onSlices('small-0', { 'nvidia.com/mig-1g.10gb': '2' }),
            onSlices('odd-0', { 'nvidia.com/mig-foo': '1' }),
          ],
        ),
      ],
    ]);
    const pods = runningGpuPods(
      mig,
      RESOURCES,
      () => null,
      p => p.name.startsWith('small'),
    );
    expect(pods.map(p => p.name)).toEqual(['big-0', 'small-0']);
    expect(gpuPools(mig, pods, RESOURCES)).toEqual([
      {
        cluster: 'east',
        gpuModel: 'NVIDIA-A100-SXM4-80GB',
        capacity: expect.closeTo(13 / 7, 12),
        allocated: expect.closeTo(5 / 7, 12),
        idle: expect.closeTo(2 / 7, 12),
      },
    ]);
  });

  it('costs GPU-hours at the price of their model, and names the unpriced ones', () => {
    const prices = { currency: 'EUR', perGpuHour: { A100: 3 } };
    expect(costOf(prices, 'A100', 2)).toBe(6);
    expect(costOf(prices, 'L4', 2)).toBeNull();
    expect(costOf(prices, null, 0)).toBe(0);
    const jobs = [
      {
        team: 't',
        entityRef: 'component:default/a',
        gpuModel: 'A100',
        gpuHours: 2,
      },
      {
        team: 't',
        entityRef: 'component:default/a',
        gpuModel: 'L4',
        gpuHours: 1,
      },
      { team: 't', entityRef: null, gpuModel: null, gpuHours: 5 },
    ];
    expect(serviceGpuHours(jobs, prices, () => 'group:default/t')).toEqual([
      {
        entityRef: 'component:default/a',
        owner: 'group:default/t',
        gpuHours: 3,
        cost: 6,
      },
    ]);
    expect(gpuCost(jobs, prices)).toEqual({
      currency: 'EUR',
      pricePerGpuHour: { A100: 3 },
      unpricedModels: ['L4', 'unknown'],
    });
  });
});
