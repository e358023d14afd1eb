import { PrometheusInstance } from '../upstream/prometheus/PrometheusClient';
import {
  gpuEquivalentOfKsm,
  readServingGpuHours,
  servingGpuHoursQuery,
} from './servingGpuHours';

const RESOURCES = ['nvidia.com/gpu', 'amd.com/gpu'];
const instance: PrometheusInstance = {
  name: 'east',
  url: 'http://east',
  timeoutMs: 1000,
  clusterLabel: 'cluster',
};

describe('gpuEquivalentOfKsm', () => {
  it.each([
    ['nvidia_com_gpu', 1],
    ['amd_com_gpu', 1],
    ['nvidia_com_mig_1g_10gb', 1 / 7],
    ['nvidia_com_mig_1g_10gb_me', 1 / 7],
    ['nvidia_com_mig_3g_40gb', 3 / 7],
    ['nvidia_com_mig_7g_80gb', 1],
    ['nvidia_com_mig_2g_12gb', 2 / 4],
    ['nvidia_com_mig_1c_3g_40gb', 1 / 7],
    ['nvidia_com_mig_foo', 0],
    ['nvidia_com_mig_9g_90gb', 0],
    ['intel_com_gpu', 0],
    ['cpu', 0],
  ])('%s is %d of a GPU', (name, gpus) => {
    expect(gpuEquivalentOfKsm(name, RESOURCES)).toBeCloseTo(gpus, 12);
  });
});

describe('serving GPU-hours', () => {
  it('asks for the configured resources and every MIG slice, by resource', () => {
    expect(servingGpuHoursQuery(instance, RESOURCES, 3600)).toBe(
      'sum by (namespace, mlops_workload, node, resource, cluster) (label_replace(' +
        'sum_over_time(kube_pod_container_resource_requests{resource=~"nvidia_com_gpu|amd_com_gpu|nvidia_com_mig_.+"}[3600s:1m])' +
        ', "mlops_workload", "$1", "pod", "(.+?)(?:-canary|-blue|-green)?-[a-z0-9]+-[a-z0-9]+")) / 60',
    );
  });

  it('weighs each resource by its share of a GPU and adds them up per node', async () => {
    const series = (resource: string, node: string, value: number) => ({
      labels: {
        namespace: 'fraud-ml',
        mlops_workload: 'fraud-scorer',
        node,
        resource,
        cluster: 'east',
      },
      value,
    });
    const vector = jest.fn(async () => ({
      ok: true as const,
      value: [
        // 14 hours of one 1g.10gb slice and 7 of a 3g.40gb one on mig-1.
        series('nvidia_com_mig_1g_10gb', 'mig-1', 14),
        series('nvidia_com_mig_3g_40gb', 'mig-1', 7),
        series('nvidia_com_gpu', 'a100-1', 5),
        series('nvidia_com_mig_foo', 'mig-1', 100),
      ],
      durationMs: 3,
    }));
    const { byInstance, sources } = await readServingGpuHours({
      instances: [instance],
      clients: new Map([['east', { vector }]]),
      resources: RESOURCES,
      since: new Date('2026-11-30T00:00:00Z'),
      at: new Date('2026-12-03T00:00:00Z'),
    });
    expect(vector).toHaveBeenCalledTimes(1);
    expect(sources).toHaveLength(1);
    expect(
      byInstance.get('east')?.get(JSON.stringify(['fraud-ml', 'fraud-scorer'])),
    ).toEqual([
      { cluster: 'east', node: 'mig-1', gpuHours: expect.closeTo(5, 12) },
      { cluster: 'east', node: 'a100-1', gpuHours: 5 },
    ]);
  });
});
