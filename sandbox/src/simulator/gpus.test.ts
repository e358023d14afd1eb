import {
  assignGpus,
  framebufferUsedMiB,
  gpuAllocations,
  gpuPowerWatts,
  gpuRequest,
  servingGpuUtil,
} from './gpus';
import type { KubeNode, Pod } from './kubeTypes';

const node = (
  name: string,
  gpus: number,
  product = 'NVIDIA-A100-SXM4-80GB',
): KubeNode => ({
  metadata: {
    name,
    labels: {
      'nvidia.com/gpu.product': product,
      'nvidia.com/gpu.memory': '81920',
    },
  },
  status: { capacity: { cpu: '96', 'nvidia.com/gpu': String(gpus) } },
});

const pod = (
  name: string,
  nodeName: string | undefined,
  gpus: number,
  created: string,
  phase = 'Running',
): Pod => ({
  metadata: { name, namespace: 'ml', creationTimestamp: created },
  spec: {
    nodeName,
    containers: [
      { name: 'sidecar' },
      {
        name: 'server',
        resources: { limits: { 'nvidia.com/gpu': String(gpus) } },
      },
    ],
  },
  status: { phase },
});

describe('gpuRequest', () => {
  it.each([
    [pod('a', 'n', 2, 't'), 2, 'server'],
    [pod('b', 'n', 0, 't'), 0, undefined],
  ])('%#', (p, count, container) => {
    expect(gpuRequest(p)).toEqual({ count, container });
  });
});

describe('assignGpus', () => {
  const nodes = [node('gpu-0', 4), node('cpu-0', 0)];

  it('hands out the lowest free indices in creation order and skips pods that are not running', () => {
    const pods = [
      pod('b', 'gpu-0', 2, '2026-01-02'),
      pod('a', 'gpu-0', 1, '2026-01-01'),
      pod('pending', 'gpu-0', 1, '2026-01-03', 'Pending'),
      pod('unbound', undefined, 1, '2026-01-03'),
    ];
    expect(assignGpus(new Map(), nodes, pods).get('gpu-0')).toEqual([
      'ml/a',
      'ml/b',
      'ml/b',
      null,
    ]);
    expect(assignGpus(new Map(), nodes, pods).has('cpu-0')).toBe(false);
  });

  it('keeps the indices a pod already holds when others leave', () => {
    const first = assignGpus(new Map(), nodes, [
      pod('a', 'gpu-0', 1, '2026-01-01'),
      pod('b', 'gpu-0', 1, '2026-01-02'),
    ]);
    const second = assignGpus(first, nodes, [
      pod('b', 'gpu-0', 1, '2026-01-02'),
      pod('c', 'gpu-0', 1, '2026-01-03'),
    ]);
    expect(second.get('gpu-0')).toEqual(['ml/c', 'ml/b', null, null]);
  });

  it('gives nothing to a pod that does not fit', () => {
    const assigned = assignGpus(new Map(), nodes, [
      pod('a', 'gpu-0', 3, '2026-01-01'),
      pod('b', 'gpu-0', 2, '2026-01-02'),
    ]);
    expect(assigned.get('gpu-0')).toEqual(['ml/a', 'ml/a', 'ml/a', null]);
  });
});

describe('gpuAllocations', () => {
  it('labels each GPU with its node, product, stable UUID and holder', () => {
    const nodes = [node('gpu-0', 2)];
    const pods = [pod('a', 'gpu-0', 1, '2026-01-01')];
    const allocations = gpuAllocations(
      'sandbox-east',
      assignGpus(new Map(), nodes, pods),
      nodes,
      pods,
    );
    expect(allocations).toEqual([
      expect.objectContaining({
        node: 'gpu-0',
        index: 0,
        modelName: 'NVIDIA-A100-SXM4-80GB',
        memoryTotalMiB: 81920,
        namespace: 'ml',
        pod: 'a',
        container: 'server',
      }),
    ]);
    expect(allocations[0].uuid).toMatch(
      /^GPU-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    expect(
      gpuAllocations(
        'sandbox-east',
        assignGpus(new Map(), nodes, pods),
        nodes,
        pods,
      )[0].uuid,
    ).toBe(allocations[0].uuid);
  });
});

describe('DCGM values', () => {
  it.each([
    [0, undefined, 10, 20],
    [35, undefined, 45, 55],
    [200, undefined, 100, 100],
    [35, [0, 2] as [number, number], 0, 2],
  ])(
    'util at %p rps (override %p) is within [%p, %p]',
    (rps, override, lo, hi) => {
      for (const t of [0, 60_000, 120_000]) {
        const util = servingGpuUtil(rps, override, 'GPU-x', t);
        expect(util).toBeGreaterThanOrEqual(lo);
        expect(util).toBeLessThanOrEqual(hi);
      }
    },
  );

  it.each([
    ['NVIDIA-A100-SXM4-80GB', 0, 58],
    ['NVIDIA-A100-SXM4-80GB', 100, 400],
    ['NVIDIA-L4', 50, 44],
  ])('%s at %p%% draws %p W', (product, util, watts) => {
    expect(gpuPowerWatts(product, util)).toBeCloseTo(watts, 0);
  });

  it('never reports more frame buffer than the card has', () => {
    expect(framebufferUsedMiB(80000, 100, 81920)).toBe(81920 - 256);
    expect(framebufferUsedMiB(18432, 0, 81920)).toBe(18432);
  });
});
