import { Entity } from '@backstage/catalog-model';
import { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import type {
  V1Deployment,
  V1Pod,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import { DEFAULT_PROFILES } from '../serving/profiles/defaultProfiles';
import { ClusterInventory } from './clusterInventory';
import { FleetMetrics, PLATFORM } from './fleetMetrics';
import { workloadKey } from './fleetQueries';
import { FleetEntity, fleetRowOf } from './fleetRows';

const AT = new Date('2026-12-03T10:00:00Z');
const cluster = (name: string): ClusterDetails => ({
  name,
  url: `https://${name}`,
  authMetadata: {},
});
const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'scorer', namespace: 'default', tags: ['pytorch'] },
  spec: { type: 'model-service', owner: 'fraud-ml', system: 'fraud' },
};
const item = (clusters: string[]): FleetEntity => ({
  entity,
  ok: true,
  target: {
    entityRef: 'component:default/scorer',
    kubernetesId: 'scorer',
    namespace: 'fraud-ml',
    labelSelector: 'backstage.io/kubernetes-id=scorer',
    metricsWorkload: 'scorer',
    objectives: { availabilityPercent: 99.9, latencyP95Ms: 300 },
  },
  scope: {
    namespace: 'fraud-ml',
    derived: false,
    clusters: clusters.map(cluster),
    skipped: [],
  },
});
const labels = { 'backstage.io/kubernetes-id': 'scorer' };
const deployment = (ready: number): V1Deployment => ({
  metadata: { name: 'scorer', namespace: 'fraud-ml', labels },
  spec: { replicas: 2 } as V1Deployment['spec'],
  status: { readyReplicas: ready, availableReplicas: ready },
});
const pod = (name: string, gpus = 1): V1Pod => ({
  metadata: { name, namespace: 'fraud-ml', labels },
  spec: {
    nodeName: 'n',
    containers: [
      { name: 's', resources: { limits: { 'nvidia.com/gpu': String(gpus) } } },
    ],
  },
  status: {
    phase: 'Running',
    conditions: [{ type: 'Ready', status: 'True' }],
  },
});
const pinnedHpa: V2HorizontalPodAutoscaler = {
  metadata: { name: 'scorer', namespace: 'fraud-ml', labels },
  spec: {
    maxReplicas: 2,
    minReplicas: 1,
    scaleTargetRef: { kind: 'Deployment', name: 'scorer' },
  },
  status: {
    currentReplicas: 2,
    desiredReplicas: 2,
    conditions: [
      {
        type: 'ScalingLimited',
        status: 'True',
        reason: 'TooManyReplicas',
        lastTransitionTime: new Date('2026-12-03T09:30:00Z'),
      },
    ],
  },
};
const inventory = (
  name: string,
  objects: Partial<Extract<ClusterInventory, { ok: true }>>,
): [string, ClusterInventory] => [
  name,
  {
    cluster: name,
    ok: true,
    requests: 4,
    durationMs: 1,
    deployments: [],
    pods: [],
    hpas: [],
    nodes: [],
    ...objects,
  },
];
const healthy = (rps: number, errors: number) =>
  new Map<string, number | null>([
    ['series', 3],
    ['rps', rps],
    ['p95', 40],
    ...['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d'].map(
      w => [`error_ratio:${w}`, errors] as [string, number],
    ),
  ]);
const metrics = (
  perCluster: Array<[string, Map<string, number | null>]>,
): FleetMetrics => ({
  byInstance: new Map([
    [
      'prom',
      new Map([
        [
          'template',
          new Map([
            [
              workloadKey('fraud-ml', 'scorer'),
              perCluster.map(([c, values]) => ({ cluster: c, values })),
            ],
          ]),
        ],
        [
          PLATFORM,
          new Map([
            [
              workloadKey('fraud-ml', 'scorer'),
              [{ cluster: 'east', values: new Map([['gpu_util', 0.25]]) }],
            ],
          ]),
        ],
      ]),
    ],
  ]),
  sources: [
    { kind: 'prometheus', name: 'prom', ok: true, requests: 7, durationMs: 1 },
  ],
  requests: 7,
});
const config = {
  instances: [
    {
      name: 'prom',
      url: 'http://prom',
      clusterLabel: 'cluster',
      timeoutMs: 1000,
    },
  ],
  profiles: DEFAULT_PROFILES,
  defaultProfileId: 'template',
  sloWindowDays: 30,
  thresholds: {
    highErrorRatio: 0.05,
    criticalErrorRatio: 0.5,
    recentMinutes: 15,
    maxPods: 100,
  },
};

describe('fleetRowOf', () => {
  it("reads a service on two clusters from the run's shared lists and grouped series", () => {
    const row = fleetRowOf(item(['east', 'west']), {
      inventory: new Map([
        inventory('east', {
          deployments: [deployment(2)],
          pods: [
            pod('scorer-a-1'),
            pod('scorer-a-2'),
            {
              ...pod('other'),
              metadata: { name: 'other', namespace: 'fraud-ml' },
            },
          ],
          hpas: [pinnedHpa],
        }),
        inventory('west', {
          deployments: [deployment(2)],
          pods: [pod('scorer-b-1', 0)],
        }),
      ]),
      metrics: metrics([
        ['east', healthy(10, 0.0001)],
        ['west', healthy(30, 0.0003)],
        // Same workload on a cluster the owner does not hold here: left out.
        ['south', healthy(1000, 0.9)],
      ]),
      config,
      gpuResources: ['nvidia.com/gpu'],
      at: AT,
    });
    expect(row).toMatchObject({
      entityRef: 'component:default/scorer',
      owner: 'group:default/fraud-ml',
      system: 'system:default/fraud',
      framework: 'pytorch',
      clusters: ['east', 'west'],
      status: 'healthy',
      requestsPerSecond: 40,
      latencyP95Ms: 40,
      // The one HPA, in east, is pinned at its max.
      replicas: {
        ready: 4,
        desired: 4,
        max: 2,
        pinnedAtMax: true,
        pinnedAtMaxSince: '2026-12-03T09:30:00.000Z',
      },
      gpusAllocated: 2,
      gpuUtilisation: 0.25,
    });
    // (0.0001 × 10 + 0.0003 × 30) / 40
    expect(row.errorRatio).toBeCloseTo(0.00025, 10);
  });

  it('is not pinned while one of its HPAs is not', () => {
    const free = {
      ...pinnedHpa,
      spec: { ...pinnedHpa.spec!, maxReplicas: 10 },
      status: { currentReplicas: 2, desiredReplicas: 2 },
    };
    const row = fleetRowOf(item(['east', 'west']), {
      inventory: new Map([
        inventory('east', {
          deployments: [deployment(2)],
          pods: [pod('scorer-a-1')],
          hpas: [pinnedHpa],
        }),
        inventory('west', { deployments: [deployment(2)], hpas: [free] }),
      ]),
      metrics: metrics([['east', healthy(10, 0)]]),
      config,
      gpuResources: ['nvidia.com/gpu'],
      at: AT,
    });
    expect(row.replicas).toEqual({
      ready: 4,
      desired: 4,
      max: 12,
      pinnedAtMax: false,
      pinnedAtMaxSince: null,
    });
  });

  it('is pinned with no since when the HPA is at its max without saying since when', () => {
    const silent = {
      ...pinnedHpa,
      status: { currentReplicas: 2, desiredReplicas: 2 },
    };
    const row = fleetRowOf(item(['east']), {
      inventory: new Map([
        inventory('east', {
          deployments: [deployment(2)],
          pods: [pod('scorer-a-1')],
          hpas: [silent],
        }),
      ]),
      metrics: metrics([['east', healthy(10, 0)]]),
      config,
      gpuResources: ['nvidia.com/gpu'],
      at: AT,
    });
    expect(row.replicas).toEqual({
      ready: 2,
      desired: 2,
      max: 2,
      pinnedAtMax: true,
      pinnedAtMaxSince: null,
    });
  });

  it('is unknown with the reason when its cluster did not answer and Prometheus has no series', () => {
    const row = fleetRowOf(item(['east']), {
      inventory: new Map([
        [
          'east',
          {
            cluster: 'east',
            ok: false,
            error: { kind: 'forbidden', message: "Cluster 'east' refused" },
            requests: 1,
            durationMs: 1,
          },
        ],
      ]),
      metrics: metrics([]),
      config,
      gpuResources: ['nvidia.com/gpu'],
      at: AT,
    });
    expect(row.status).toBe('unknown');
    expect(row.replicas).toBeNull();
    expect(row.reason).toMatch(/No metrics found|refused/);
  });
});
