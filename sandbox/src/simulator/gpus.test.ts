import {
  assignGpus,
  deviceRequest,
  framebufferUsedMiB,
  gpuAllocations,
  gpuPowerWatts,
  migTrainingGpuUtil,
  nodeDevices,
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

/** As sandbox-east's east-gpu-mig-1: GPU 0 as 7 x 1g.10gb, GPU 1 as 2 x 3g.40gb. */
const migNode: KubeNode = {
  metadata: {
    name: 'gpu-mig',
    labels: {
      'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB',
      'nvidia.com/gpu.memory': '81920',
      'nvidia.com/mig.strategy': 'mixed',
      'nvidia.com/mig-1g.10gb.memory': '9728',
      'nvidia.com/mig-3g.40gb.memory': '40192',
    },
  },
  status: {
    capacity: {
      cpu: '96',
      'nvidia.com/mig-3g.40gb': '2',
      'nvidia.com/mig-1g.10gb': '7',
    },
  },
};

const migPod = (
  name: string,
  profile: string,
  created: string,
  slices = 1,
): Pod => ({
  metadata: { name, namespace: 'ml', creationTimestamp: created },
  spec: {
    nodeName: 'gpu-mig',
    containers: [
      {
        name: 'trainer',
        resources: {
          requests: { cpu: '4', [`nvidia.com/mig-${profile}`]: String(slices) },
          limits: { [`nvidia.com/mig-${profile}`]: String(slices) },
        },
      },
    ],
  },
  status: { phase: 'Running' },
});

describe('deviceRequest', () => {
  it.each([
    [pod('a', 'n', 2, 't'), { 'nvidia.com/gpu': 2 }, 'server'],
    [pod('b', 'n', 0, 't'), {}, undefined],
    [
      migPod('c', '1g.10gb', 't', 2),
      { 'nvidia.com/mig-1g.10gb': 2 },
      'trainer',
    ],
  ])('%#', (p, devices, container) => {
    const request = deviceRequest(p);
    expect(Object.fromEntries(request.devices)).toEqual(devices);
    expect(request.container).toBe(container);
  });
});

describe('nodeDevices', () => {
  it('lists whole GPUs by index', () => {
    expect(nodeDevices(node('gpu-0', 2))).toEqual([
      { resource: 'nvidia.com/gpu', index: 0, memoryMiB: 81920 },
      { resource: 'nvidia.com/gpu', index: 1, memoryMiB: 81920 },
    ]);
  });

  it('cuts GPU 0 into seven 1g.10gb slices (ids 7..13) and GPU 1 into two 3g.40gb (ids 1, 2)', () => {
    expect(
      nodeDevices(migNode).map(
        d =>
          `${d.resource} gpu=${d.index} ${d.mig?.profile}/${d.mig?.instanceId} ${d.memoryMiB}`,
      ),
    ).toEqual([
      'nvidia.com/mig-1g.10gb gpu=0 1g.10gb/7 9728',
      'nvidia.com/mig-1g.10gb gpu=0 1g.10gb/8 9728',
      'nvidia.com/mig-1g.10gb gpu=0 1g.10gb/9 9728',
      'nvidia.com/mig-1g.10gb gpu=0 1g.10gb/10 9728',
      'nvidia.com/mig-1g.10gb gpu=0 1g.10gb/11 9728',
      'nvidia.com/mig-1g.10gb gpu=0 1g.10gb/12 9728',
      'nvidia.com/mig-1g.10gb gpu=0 1g.10gb/13 9728',
      'nvidia.com/mig-3g.40gb gpu=1 3g.40gb/1 40192',
      'nvidia.com/mig-3g.40gb gpu=1 3g.40gb/2 40192',
    ]);
  });

  it("without a profile's memory label, takes its GB x 1024; slices fill GPUs after the whole ones", () => {
    const bare: KubeNode = {
      metadata: { name: 'n', labels: { 'nvidia.com/gpu.memory': '81920' } },
      status: {
        capacity: {
          'nvidia.com/gpu': '1',
          'nvidia.com/mig-2g.20gb': '4',
        },
      },
    };
    expect(
      nodeDevices(bare).map(
        d => `${d.index}:${d.mig?.instanceId ?? '-'}:${d.memoryMiB}`,
      ),
    ).toEqual([
      '0:-:81920',
      '1:3:20480',
      '1:4:20480',
      '1:5:20480',
      '2:3:20480',
    ]);
  });
});

describe('assignGpus with MIG slices', () => {
  it('gives each pod slices of the profile it asks for, lowest first, and nothing to a pod that does not fit', () => {
    const pods = [
      migPod('big', '3g.40gb', '2026-01-01'),
      migPod('small-a', '1g.10gb', '2026-01-02'),
      migPod('small-b', '1g.10gb', '2026-01-03', 2),
      migPod('too-big', '3g.40gb', '2026-01-04', 2),
    ];
    expect(assignGpus(new Map(), [migNode], pods).get('gpu-mig')).toEqual([
      'ml/small-a',
      'ml/small-b',
      'ml/small-b',
      null,
      null,
      null,
      null,
      'ml/big',
      null,
    ]);
  });

  it('keeps the slices a pod holds when others leave', () => {
    const first = assignGpus(
      new Map(),
      [migNode],
      [
        migPod('a', '1g.10gb', '2026-01-01'),
        migPod('b', '1g.10gb', '2026-01-02'),
      ],
    );
    const second = assignGpus(
      first,
      [migNode],
      [
        migPod('b', '1g.10gb', '2026-01-02'),
        migPod('c', '1g.10gb', '2026-01-03'),
      ],
    );
    expect(second.get('gpu-mig')?.slice(0, 3)).toEqual(['ml/c', 'ml/b', null]);
  });

  it('gives a pod asking for whole GPUs nothing on a MIG node', () => {
    const pods = [pod('whole', 'gpu-mig', 1, '2026-01-01')];
    expect(
      assignGpus(new Map(), [migNode], pods).get('gpu-mig')?.filter(Boolean),
    ).toEqual([]);
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

describe('gpuAllocations of MIG slices', () => {
  it("labels a slice with its parent GPU's index and UUID, its profile, instance id and memory", () => {
    const pods = [
      migPod('small', '1g.10gb', '2026-01-01'),
      migPod('big', '3g.40gb', '2026-01-02'),
    ];
    const allocations = gpuAllocations(
      'sandbox-east',
      assignGpus(new Map(), [migNode], pods),
      [migNode],
      pods,
    );
    expect(allocations).toEqual([
      {
        node: 'gpu-mig',
        index: 0,
        uuid: expect.stringMatching(/^GPU-[0-9a-f-]{36}$/),
        modelName: 'NVIDIA-A100-SXM4-80GB',
        memoryTotalMiB: 9728,
        mig: { profile: '1g.10gb', instanceId: 7 },
        namespace: 'ml',
        pod: 'small',
        container: 'trainer',
        podKey: 'ml/small',
      },
      {
        node: 'gpu-mig',
        index: 1,
        uuid: expect.stringMatching(/^GPU-[0-9a-f-]{36}$/),
        modelName: 'NVIDIA-A100-SXM4-80GB',
        memoryTotalMiB: 40192,
        mig: { profile: '3g.40gb', instanceId: 1 },
        namespace: 'ml',
        pod: 'big',
        container: 'trainer',
        podKey: 'ml/big',
      },
    ]);
    expect(allocations[0].uuid).not.toBe(allocations[1].uuid);
    // Slices of one GPU share its UUID, as DCGM labels them.
    const two = [
      migPod('a', '1g.10gb', '2026-01-01'),
      migPod('b', '1g.10gb', '2026-01-02'),
    ];
    const [a, b] = gpuAllocations(
      'sandbox-east',
      assignGpus(new Map(), [migNode], two),
      [migNode],
      two,
    );
    expect(a.uuid).toBe(b.uuid);
    expect([a.mig?.instanceId, b.mig?.instanceId]).toEqual([7, 8]);
  });
});

describe('DCGM values', () => {
  it('keeps a busy MIG slice 63-87 % active', () => {
    for (const t of [0, 20_000, 45_000, 70_000]) {
      const util = migTrainingGpuUtil('GPU-x/7', t);
      expect(util).toBeGreaterThanOrEqual(63);
      expect(util).toBeLessThanOrEqual(87);
    }
  });

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
