import {
  frameworkProfile,
  generateLargeFleet,
  parseFleetSpec,
  parseModelServices,
  parseTrainingPipelines,
} from './fleet';

const catalog = `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: fraud-scorer
  annotations:
    backstage.io/kubernetes-id: fraud-scorer
    backstage.io/kubernetes-namespace: fraud-ml
  tags: [cpu, scikit-learn]
spec: { type: model-service, lifecycle: production, owner: fraud-ml, system: fraud-detection }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: reco-ranker
  annotations:
    backstage.io/kubernetes-id: reco-ranker
    backstage.io/kubernetes-namespace: recsys
  tags: [gpu, triton]
spec: { type: model-service, lifecycle: production, owner: group:default/recsys }
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata: { name: not-a-component }
spec: { type: openapi }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: nightly
  annotations:
    backstage.io/kubernetes-id: nightly
    backstage.io/kubernetes-namespace: fraud-ml
  tags: [gpu, pytorch]
spec: { type: training-pipeline, lifecycle: production, owner: fraud-ml }
`;

describe('parseModelServices', () => {
  const services = parseModelServices(catalog);

  it.each([
    [
      'fraud-scorer',
      'fraud-ml',
      'fraud-ml',
      'fraud-detection',
      'sandbox-west',
      'cpu',
      'scikit-learn',
    ],
    [
      'reco-ranker',
      'recsys',
      'recsys',
      'recsys',
      'sandbox-east',
      'gpu',
      'triton',
    ],
  ])(
    '%s -> namespace %s, team %s, system %s, %s, %s, %s',
    (name, namespace, team, system, cluster, accelerator, framework) => {
      expect(services.find(s => s.name === name)).toMatchObject({
        namespace,
        team,
        system,
        cluster,
        accelerator,
        framework,
        minReplicas: 2,
      });
    },
  );

  it('keeps only model services, with max replicas 6..10 and healthy traffic 40..80 rps', () => {
    expect(services.map(s => s.name)).toEqual(['fraud-scorer', 'reco-ranker']);
    for (const s of services) {
      expect(s.maxReplicas).toBeGreaterThanOrEqual(6);
      expect(s.maxReplicas).toBeLessThanOrEqual(10);
      expect(s.baseRps).toBeGreaterThanOrEqual(40);
      expect(s.baseRps).toBeLessThanOrEqual(80);
    }
  });

  it("reads the objectives a component's annotations give, and only those", () => {
    const annotated = catalog.replace(
      'backstage.io/kubernetes-namespace: recsys',
      "backstage.io/kubernetes-namespace: recsys\n    mlops-portal.io/slo-ttft-p95-ms: '250'",
    );
    const [fraud, reco] = parseModelServices(annotated);
    expect(fraud.objectives).toBeUndefined();
    expect(reco.objectives).toEqual({ ttftP95Ms: 250 });
  });

  it('names the component and the missing field when an annotation is absent', () => {
    const broken = catalog.replace(
      'backstage.io/kubernetes-namespace: recsys',
      'other: x',
    );
    expect(() => parseModelServices(broken, 'x.yaml')).toThrow(
      /x\.yaml: component reco-ranker: metadata\.annotations\.backstage\.io\/kubernetes-namespace/,
    );
  });
});

describe('parseTrainingPipelines', () => {
  it('reads training pipelines with 2 or 4 GPUs per run', () => {
    const [pipeline, ...rest] = parseTrainingPipelines(catalog);
    expect(rest).toEqual([]);
    expect(pipeline).toMatchObject({
      name: 'nightly',
      namespace: 'fraud-ml',
      team: 'fraud-ml',
    });
    expect([2, 4]).toContain(pipeline.gpusPerRun);
  });
});

describe('generateLargeFleet', () => {
  const fleet = generateLargeFleet(1000);

  it('names services svc-0001.. and teams team-01..team-20', () => {
    expect(fleet).toHaveLength(1000);
    expect(fleet[0]).toMatchObject({
      name: 'svc-0001',
      team: 'team-01',
      namespace: 'team-01',
    });
    expect(fleet[19].team).toBe('team-20');
    expect(fleet[20].team).toBe('team-01');
    expect(new Set(fleet.map(s => s.name)).size).toBe(1000);
  });

  it('spreads CPU services over both clusters and keeps GPU services in east within 20 GPUs', () => {
    const west = fleet.filter(s => s.cluster === 'sandbox-west');
    const gpu = fleet.filter(s => s.accelerator === 'gpu');
    expect(west.length).toBeGreaterThan(400);
    expect(west.length).toBeLessThan(600);
    expect(gpu.every(s => s.cluster === 'sandbox-east')).toBe(true);
    expect(gpu.reduce((n, s) => n + s.minReplicas, 0)).toBeLessThanOrEqual(20);
    const l4 = gpu.filter(
      s => frameworkProfile(s.framework, 'gpu').gpuProduct === 'NVIDIA-L4',
    );
    expect(l4.reduce((n, s) => n + s.minReplicas, 0)).toBeLessThanOrEqual(4);
  });

  it('is deterministic', () => {
    expect(generateLargeFleet(50)).toEqual(generateLargeFleet(50));
  });

  it('spreads CPU services over every cluster of a larger sandbox', () => {
    const clusters = [
      'sandbox-east',
      'sandbox-west',
      'sandbox-c3',
      'sandbox-c4',
    ];
    const spread = generateLargeFleet(1000, clusters);
    for (const cluster of clusters) {
      const held = spread.filter(
        s => s.cluster === cluster && s.accelerator === 'cpu',
      );
      expect(held.length).toBeGreaterThan(200);
      expect(held.length).toBeLessThan(300);
    }
    expect(
      spread
        .filter(s => s.accelerator === 'gpu')
        .every(s => s.cluster === 'sandbox-east'),
    ).toBe(true);
  });

  it('needs sandbox-east and one more cluster', () => {
    expect(() => generateLargeFleet(10, ['sandbox-east'])).toThrow(
      'at least one more',
    );
  });
});

describe('parseFleetSpec', () => {
  it.each([
    [undefined, { kind: 'example' }],
    ['', { kind: 'example' }],
    ['example', { kind: 'example' }],
    ['large', { kind: 'large', size: 1000 }],
    ['large:250', { kind: 'large', size: 250 }],
  ])('%p -> %p', (input, expected) => {
    expect(parseFleetSpec(input)).toEqual(expected);
  });

  it.each([
    ['big', /must be "example" or "large:N"/],
    ['large:0', /between 1 and 10000/],
    ['large:x', /must be "example" or "large:N"/],
  ])('rejects %p', (input, message) => {
    expect(() => parseFleetSpec(input)).toThrow(message);
  });
});

describe('frameworkProfile', () => {
  it.each([
    ['triton', 'gpu', 'NVIDIA-L4'],
    ['vllm', 'gpu', 'NVIDIA-A100-SXM4-80GB'],
    ['unknown', 'gpu', 'NVIDIA-A100-SXM4-80GB'],
    ['pytorch', 'cpu', undefined],
    ['scikit-learn', 'cpu', undefined],
  ] as const)('%s on %s -> GPU %p', (framework, accelerator, product) => {
    expect(frameworkProfile(framework, accelerator).gpuProduct).toBe(product);
  });
});
