import { Registry } from 'prom-client';
import { registerDcgmMetrics } from './dcgmMetrics';
import { assignGpus, gpuAllocations } from './gpus';
import type { KubeNode, Pod } from './kubeTypes';
import type { ClusterView } from './metrics';

const NOW = Date.parse('2026-11-23T12:00:00Z');

const nodes: KubeNode[] = [
  {
    metadata: {
      name: 'east-gpu-a100-1',
      labels: {
        'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB',
        'nvidia.com/gpu.memory': '81920',
      },
    },
    status: { capacity: { 'nvidia.com/gpu': '8' } },
  },
  {
    metadata: {
      name: 'east-gpu-mig-1',
      labels: {
        'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB',
        'nvidia.com/gpu.memory': '81920',
        'nvidia.com/mig-1g.10gb.memory': '9728',
        'nvidia.com/mig-3g.40gb.memory': '40192',
      },
    },
    status: {
      capacity: {
        'nvidia.com/mig-1g.10gb': '7',
        'nvidia.com/mig-3g.40gb': '2',
      },
    },
  },
];

const trainingPod = (
  name: string,
  node: string,
  resource: string,
  runKind = 'running',
): Pod => ({
  metadata: {
    name,
    namespace: 'nlp-llm',
    creationTimestamp: '2026-11-23T11:00:00Z',
    labels: {
      'mlops-sandbox/role': 'training-run',
      'mlops-sandbox/run-kind': runKind,
    },
  },
  spec: {
    nodeName: node,
    containers: [
      {
        name: 'trainer',
        resources: {
          requests: { cpu: '4', [resource]: '1' },
          limits: { [resource]: '1' },
        },
      },
    ],
  },
  status: { phase: 'Running' },
});

const pods = [
  trainingPod('whole-0', 'east-gpu-a100-1', 'nvidia.com/gpu'),
  trainingPod('busy-0', 'east-gpu-mig-1', 'nvidia.com/mig-3g.40gb'),
  trainingPod(
    'idle-0',
    'east-gpu-mig-1',
    'nvidia.com/mig-1g.10gb',
    'running-idle',
  ),
];

async function exported(): Promise<
  Record<string, Array<{ labels: object; value: number }>>
> {
  const view: ClusterView = {
    snapshot: {
      cluster: 'sandbox-east',
      takenAtMs: NOW,
      pods,
      nodes,
      deployments: [],
      hpas: [],
      jobs: [],
    },
    loads: new Map(),
    gpus: gpuAllocations(
      'sandbox-east',
      assignGpus(new Map(), nodes, pods),
      nodes,
      pods,
    ),
    drivers: [],
    advancedAtMs: NOW,
  };
  const registry = new Registry();
  const families = registerDcgmMetrics(
    registry,
    () => [view],
    () => NOW,
  );
  const result: Record<string, Array<{ labels: object; value: number }>> = {};
  for (const family of families) {
    const { name, values } = await family.get();
    result[name] = values.map(v => ({ labels: v.labels, value: v.value }));
  }
  return result;
}

const uuid = expect.stringMatching(/^GPU-[0-9a-f-]{36}$/);
const base = (pod: string, gpu: string, hostname: string) => ({
  cluster: 'sandbox-east',
  gpu,
  UUID: uuid,
  modelName: 'NVIDIA-A100-SXM4-80GB',
  Hostname: hostname,
  namespace: 'nlp-llm',
  pod,
  container: 'trainer',
});
const whole = base('whole-0', '0', 'east-gpu-a100-1');
const busySlice = {
  ...base('busy-0', '1', 'east-gpu-mig-1'),
  GPU_I_PROFILE: '3g.40gb',
  GPU_I_ID: '1',
};
const idleSlice = {
  ...base('idle-0', '0', 'east-gpu-mig-1'),
  GPU_I_PROFILE: '1g.10gb',
  GPU_I_ID: '7',
};

describe('registerDcgmMetrics', () => {
  let series: Awaited<ReturnType<typeof exported>>;
  beforeAll(async () => {
    series = await exported();
  });

  it.each([
    ['DCGM_FI_DEV_GPU_UTIL', [whole]],
    ['DCGM_FI_DEV_POWER_USAGE', [whole]],
    ['DCGM_FI_PROF_GR_ENGINE_ACTIVE', [idleSlice, busySlice]],
    ['DCGM_FI_DEV_FB_USED', [whole, idleSlice, busySlice]],
    ['DCGM_FI_DEV_FB_FREE', [whole, idleSlice, busySlice]],
  ])('%s has exactly these label sets', (name, labelSets) => {
    expect(series[name].map(s => s.labels)).toStrictEqual(labelSets);
  });

  it('reports the engine activity of a slice as a ratio: busy ~0.75, idle under 0.05', () => {
    const [idle, busy] = series.DCGM_FI_PROF_GR_ENGINE_ACTIVE.map(s => s.value);
    expect(busy).toBeGreaterThanOrEqual(0.63);
    expect(busy).toBeLessThanOrEqual(0.87);
    expect(idle).toBeLessThan(0.05);
  });

  it("fills each slice's frame buffer up to the slice's memory", () => {
    const total = (i: number) =>
      series.DCGM_FI_DEV_FB_USED[i].value + series.DCGM_FI_DEV_FB_FREE[i].value;
    expect([total(0), total(1), total(2)]).toEqual([81920, 9728, 40192]);
  });
});
