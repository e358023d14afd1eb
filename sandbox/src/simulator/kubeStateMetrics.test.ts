import { Registry } from 'prom-client';
import type { KubeNode, Pod } from './kubeTypes';
import { registerKubeStateMetrics, resourceLabel } from './kubeStateMetrics';
import type { ClusterView } from './metrics';

const migNode: KubeNode = {
  metadata: { name: 'east-gpu-mig-1' },
  status: {
    capacity: {
      cpu: '96',
      'ephemeral-storage': '100Gi',
      'nvidia.com/mig-1g.10gb': '7',
      'nvidia.com/mig-3g.40gb': '2',
    },
    allocatable: {
      cpu: '96',
      'nvidia.com/mig-1g.10gb': '7',
      'nvidia.com/mig-3g.40gb': '2',
    },
  },
};

const migPod: Pod = {
  metadata: { name: 'run-mig-1g-abcde', namespace: 'recsys' },
  spec: {
    nodeName: 'east-gpu-mig-1',
    containers: [
      {
        name: 'trainer',
        resources: {
          requests: { cpu: '4', 'nvidia.com/mig-1g.10gb': '1' },
          limits: { 'nvidia.com/mig-1g.10gb': '1' },
        },
      },
    ],
  },
  status: { phase: 'Running' },
};

async function series(name: string) {
  const view = {
    snapshot: {
      cluster: 'sandbox-east',
      takenAtMs: 0,
      pods: [migPod],
      nodes: [migNode],
      deployments: [],
      hpas: [],
      jobs: [],
    },
  } as unknown as ClusterView;
  const registry = new Registry();
  registerKubeStateMetrics(registry, () => [view]);
  const family = registry.getSingleMetric(name)!;
  return (await family.get()).values.map(v => ({ ...v.labels, v: v.value }));
}

describe('resourceLabel', () => {
  it.each([
    ['cpu', 'cpu'],
    ['nvidia.com/gpu', 'nvidia_com_gpu'],
    ['nvidia.com/mig-1g.10gb', 'nvidia_com_mig_1g_10gb'],
  ])('%s -> %s', (resource, label) => {
    expect(resourceLabel(resource)).toBe(label);
  });
});

describe('kube-state-metrics series of MIG resources', () => {
  it.each(['kube_node_status_capacity', 'kube_node_status_allocatable'])(
    '%s names each profile as KSM does',
    async name => {
      expect(await series(name)).toEqual([
        {
          node: 'east-gpu-mig-1',
          resource: 'cpu',
          unit: 'core',
          cluster: 'sandbox-east',
          v: 96,
        },
        {
          node: 'east-gpu-mig-1',
          resource: 'nvidia_com_mig_1g_10gb',
          unit: 'integer',
          cluster: 'sandbox-east',
          v: 7,
        },
        {
          node: 'east-gpu-mig-1',
          resource: 'nvidia_com_mig_3g_40gb',
          unit: 'integer',
          cluster: 'sandbox-east',
          v: 2,
        },
      ]);
    },
  );

  it('kube_pod_container_resource_requests carries the slice a pod asks for', async () => {
    expect(await series('kube_pod_container_resource_requests')).toContainEqual(
      {
        namespace: 'recsys',
        pod: 'run-mig-1g-abcde',
        container: 'trainer',
        node: 'east-gpu-mig-1',
        resource: 'nvidia_com_mig_1g_10gb',
        unit: 'integer',
        cluster: 'sandbox-east',
        v: 1,
      },
    );
  });
});
