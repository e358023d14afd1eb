import type { V1Pod } from '@kubernetes/client-node';
import { ClusterInventory } from './clusterInventory';
import { readIdleGpuPods } from './idleGpuPods';

const at = new Date('2026-12-03T12:00:00Z');
const startedAt = '2026-12-03T10:00:00.000Z';

const onSlice = (name: string): V1Pod => ({
  metadata: { name, namespace: 'fraud-ml' },
  spec: {
    nodeName: 'mig-1',
    containers: [
      {
        name: 'trainer',
        resources: { limits: { 'nvidia.com/mig-1g.10gb': '1' } },
      },
    ],
  },
  status: { phase: 'Running', startTime: new Date(startedAt) },
});

// The DCGM exporter's series of two slices of one GPU (one UUID for both).
const engineMax = (pod: string, id: string, value: number) => ({
  labels: {
    mlops_signal: 'engineMax',
    gpu: '0',
    UUID: 'GPU-5f0c1d3e-a100-80gb',
    GPU_I_PROFILE: '1g.10gb',
    GPU_I_ID: id,
    modelName: 'NVIDIA A100-SXM4-80GB',
    Hostname: 'mig-1',
    namespace: 'fraud-ml',
    pod,
    container: 'trainer',
    cluster: 'east',
  },
  value,
});

describe('readIdleGpuPods', () => {
  it('applies the idle rule to pods on MIG slices, from their engine activity', async () => {
    const inventory: ClusterInventory = {
      cluster: 'east',
      ok: true,
      requests: 4,
      durationMs: 1,
      deployments: [],
      hpas: [],
      nodes: [],
      pods: [onSlice('quiet-0'), onSlice('busy-0')],
    };
    const vector = jest.fn(async () => ({
      ok: true as const,
      value: [engineMax('quiet-0', '7', 0.02), engineMax('busy-0', '8', 0.6)],
      durationMs: 2,
    }));
    const { isIdle, sources } = await readIdleGpuPods({
      inventory: new Map([['east', inventory]]),
      instances: [
        {
          name: 'east',
          url: 'http://east',
          timeoutMs: 1000,
          clusters: ['east'],
          clusterLabel: 'cluster',
        },
      ],
      clients: new Map([['east', { vector }]]),
      config: {
        dcgmLabels: { namespace: 'namespace', pod: 'pod' },
        idle: { utilisationPercent: 5, forMinutes: 30 },
        gpuResources: ['nvidia.com/gpu'],
      },
      at,
    });
    expect(vector).toHaveBeenCalledTimes(1);
    expect(sources).toHaveLength(1);
    const pod = (name: string) => ({
      cluster: 'east',
      namespace: 'fraud-ml',
      name,
      startedAt,
    });
    expect(isIdle(pod('quiet-0'))).toBe(true);
    expect(isIdle(pod('busy-0'))).toBe(false);
    // Not running for the whole window yet.
    expect(
      isIdle({ ...pod('quiet-0'), startedAt: '2026-12-03T11:50:00.000Z' }),
    ).toBe(false);
  });
});
