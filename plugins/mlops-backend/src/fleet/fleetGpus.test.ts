import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { ClusterInventory } from './clusterInventory';
import {
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
    expect(pods.map(p => [p.name, p.gpus, p.idle])).toEqual([
      ['train-0', 4, true],
      ['serve-0', 1, false],
    ]);
    expect(gpuPools(listed, pods, RESOURCES)).toEqual([
      { cluster: 'east', gpuModel: 'A100', capacity: 8, allocated: 4, idle: 4 },
      { cluster: 'east', gpuModel: 'L4', capacity: 4, allocated: 1, idle: 0 },
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
