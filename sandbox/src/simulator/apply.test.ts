import { ensureFleet } from './apply';
import type { ModelService } from './fleet';
import type { KubeClient } from './kubeClient';
import { createLogger } from './log';
import type { KubeManifest } from './workloads';

const svc: ModelService = {
  name: 'fraud-scorer',
  namespace: 'fraud-ml',
  team: 'fraud-ml',
  system: 'fraud-detection',
  cluster: 'sandbox-west',
  accelerator: 'cpu',
  framework: 'scikit-learn',
  minReplicas: 2,
  maxReplicas: 6,
  baseRps: 50,
};

const object = (kind: string, name: string): KubeManifest => ({
  apiVersion: 'v1',
  kind,
  metadata: {
    name,
    namespace: 'fraud-ml',
    labels: { 'mlops-sandbox/role': 'model-service' },
  },
  spec: {},
});

/** An apiserver's objects in memory: what the fleet code lists, applies and deletes. */
function clusterWith(existing: KubeManifest[]) {
  const applied: string[] = [];
  const deleted: string[] = [];
  const client = {
    cluster: 'sandbox-west',
    list: async (kind: string) =>
      kind === 'Namespace'
        ? [{ metadata: { name: 'fraud-ml' } }]
        : existing.filter(o => o.kind === kind),
    apply: async (m: KubeManifest) => {
      applied.push(`${m.kind}/${m.metadata?.name}`);
    },
    delete: async (path: string) => {
      deleted.push(path);
    },
  } as unknown as KubeClient;
  return { client, applied, deleted };
}

describe('ensureFleet', () => {
  const rendered = new Map([
    [
      'fraud-ml/fraud-scorer',
      [
        object('Deployment', 'fraud-scorer'),
        object('ConfigMap', 'fraud-scorer-dashboard'),
      ],
    ],
  ]);

  const ensureFleetOf = (client: KubeClient) =>
    ensureFleet(
      client,
      [svc],
      rendered,
      new Map([['fraud-ml', 'fraud-ml']]),
      createLogger(() => {}),
      new AbortController().signal,
    );

  it('applies every rendered object, the Deployment at minReplicas', async () => {
    const { client, applied } = clusterWith([]);
    const result = await ensureFleetOf(client);
    expect(applied).toEqual([
      'Deployment/fraud-scorer',
      'ConfigMap/fraud-scorer-dashboard',
    ]);
    expect(result).toMatchObject({ applied: 2, pruned: 0, failures: [] });
  });

  it('prunes only objects the chart no longer renders, whatever their names', async () => {
    const { client, deleted } = clusterWith([
      object('Deployment', 'fraud-scorer'),
      object('ConfigMap', 'fraud-scorer-dashboard'),
      object('Deployment', 'retired-service'),
    ]);
    const result = await ensureFleetOf(client);
    expect(deleted).toEqual([
      '/apis/apps/v1/namespaces/fraud-ml/deployments/retired-service',
    ]);
    expect(result.pruned).toBe(1);
  });
});
