import type { ModelService, TrainingPipeline } from './fleet';
import {
  deploymentManifest,
  hpaManifest,
  modelServiceManifests,
  pdbManifest,
  serviceManifest,
  specHash,
  trainingJobManifest,
  TrainingRunKind,
  withSpecHash,
} from './workloads';

const cpuService: ModelService = {
  name: 'fraud-scorer',
  namespace: 'fraud-ml',
  team: 'fraud-ml',
  system: 'fraud-detection',
  cluster: 'sandbox-west',
  accelerator: 'cpu',
  framework: 'scikit-learn',
  minReplicas: 2,
  maxReplicas: 7,
  baseRps: 50,
};
const gpuService: ModelService = {
  ...cpuService,
  name: 'reco-ranker',
  namespace: 'recsys',
  team: 'recsys',
  cluster: 'sandbox-east',
  accelerator: 'gpu',
  framework: 'triton',
};
const pipeline: TrainingPipeline = {
  name: 'fraud-model-training',
  namespace: 'fraud-ml',
  team: 'fraud-ml',
  system: 'fraud-detection',
  gpusPerRun: 4,
};

describe('deploymentManifest', () => {
  it('labels the Deployment and its pods for the Backstage kubernetes plugin', () => {
    const d = deploymentManifest(cpuService, 3);
    const expected = {
      'backstage.io/kubernetes-id': 'fraud-scorer',
      'app.kubernetes.io/name': 'fraud-scorer',
      'app.kubernetes.io/part-of': 'fraud-detection',
      'app.kubernetes.io/managed-by': 'mlops-sandbox',
    };
    expect(d.metadata?.labels).toMatchObject(expected);
    expect(d.spec?.template.metadata?.labels).toMatchObject(expected);
    expect(d.spec?.replicas).toBe(3);
  });

  it.each([
    [cpuService, undefined, undefined, undefined],
    [
      gpuService,
      '1',
      { 'nvidia.com/gpu.product': 'NVIDIA-L4' },
      [
        {
          key: 'nvidia.com/gpu',
          operator: 'Equal',
          value: 'present',
          effect: 'NoSchedule',
        },
      ],
    ],
  ])(
    '%# GPU request, node selector and toleration',
    (svc, gpu, nodeSelector, tolerations) => {
      const spec = deploymentManifest(svc, 2).spec!.template.spec!;
      const container = spec.containers[0];
      expect(container.name).toBe('model-server');
      expect(container.image).toBe(
        `registry.example.com/${svc.team}/${svc.name}:1.4.2`,
      );
      expect(container.resources?.requests?.['nvidia.com/gpu']).toBe(gpu);
      expect(container.resources?.limits?.['nvidia.com/gpu']).toBe(gpu);
      expect(container.resources?.requests?.cpu).toMatch(/^\d+m$/);
      expect(container.readinessProbe?.httpGet?.path).toBe('/v2/health/ready');
      expect(container.livenessProbe?.httpGet?.path).toBe('/v2/health/live');
      expect(spec.nodeSelector).toEqual(nodeSelector);
      expect(spec.tolerations).toEqual(tolerations);
    },
  );
});

describe('hpaManifest', () => {
  it('scales the Deployment on CPU 70 % and 50 requests per second per pod', () => {
    expect(hpaManifest(cpuService)).toMatchObject({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      spec: {
        scaleTargetRef: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: 'fraud-scorer',
        },
        minReplicas: 2,
        maxReplicas: 7,
        metrics: [
          {
            type: 'Resource',
            resource: {
              name: 'cpu',
              target: { type: 'Utilization', averageUtilization: 70 },
            },
          },
          {
            type: 'Pods',
            pods: {
              metric: { name: 'requests_per_second' },
              target: { type: 'AverageValue', averageValue: '50' },
            },
          },
        ],
      },
    });
  });
});

describe('service and PDB', () => {
  it('select the pods by app.kubernetes.io/name', () => {
    const selector = { 'app.kubernetes.io/name': 'fraud-scorer' };
    expect(serviceManifest(cpuService).spec?.selector).toEqual(selector);
    expect(pdbManifest(cpuService).spec).toEqual({
      minAvailable: 1,
      selector: { matchLabels: selector },
    });
    expect(
      deploymentManifest(cpuService, 2).spec?.selector.matchLabels,
    ).toEqual(selector);
  });

  it('modelServiceManifests returns the four kinds', () => {
    expect(modelServiceManifests(cpuService, 2).map(m => m.kind)).toEqual([
      'Deployment',
      'Service',
      'HorizontalPodAutoscaler',
      'PodDisruptionBudget',
    ]);
  });
});

describe('trainingJobManifest', () => {
  it.each([
    // kind, GPUs, scheduler, backoffLimit, simulated phase, reason
    ['succeeded', '4', undefined, 0, undefined, undefined],
    ['running', '4', 'mlops-sandbox-simulator', 0, 'Running', undefined],
    ['failed-backoff', '4', 'mlops-sandbox-simulator', 1, 'Failed', 'Error'],
    ['failed-oom', '4', 'mlops-sandbox-simulator', 0, 'Failed', 'OOMKilled'],
    ['pending-gpus', '16', undefined, 0, undefined, undefined],
  ] as const)('%s', (kind, gpus, scheduler, backoffLimit, phase, reason) => {
    const job = trainingJobManifest({
      pipeline,
      jobName: `x-${kind}`,
      kind: kind as TrainingRunKind,
    });
    const template = job.spec!.template;
    expect(job.metadata?.labels?.['backstage.io/kubernetes-id']).toBe(
      'fraud-model-training',
    );
    expect(template.metadata?.labels?.['backstage.io/kubernetes-id']).toBe(
      'fraud-model-training',
    );
    expect(
      template.spec?.containers[0].resources?.limits?.['nvidia.com/gpu'],
    ).toBe(gpus);
    expect(template.spec?.schedulerName).toBe(scheduler);
    expect(job.spec?.backoffLimit).toBe(backoffLimit);
    expect(
      template.metadata?.annotations?.['mlops-sandbox/simulated-phase'],
    ).toBe(phase);
    expect(
      template.metadata?.annotations?.['mlops-sandbox/simulated-reason'],
    ).toBe(reason);
    expect(template.spec?.restartPolicy).toBe('Never');
  });

  it('labels scenario runs so they can be removed when the scenario ends', () => {
    const job = trainingJobManifest({
      pipeline,
      jobName: 'x',
      kind: 'failed-oom',
      scenario: 'gpu-job-failures',
    });
    expect(job.metadata?.labels?.['mlops-sandbox/scenario']).toBe(
      'gpu-job-failures',
    );
  });
});

describe('specHash', () => {
  it('ignores replicas (owned by the HPA) but not the rest of the spec', () => {
    expect(specHash(deploymentManifest(cpuService, 2))).toBe(
      specHash(deploymentManifest(cpuService, 9)),
    );
    expect(specHash(deploymentManifest(cpuService, 2))).not.toBe(
      specHash(
        deploymentManifest({ ...cpuService, framework: 'onnxruntime' }, 2),
      ),
    );
  });

  it('withSpecHash adds the annotation and keeps the manifest', () => {
    const hashed = withSpecHash(hpaManifest(cpuService));
    expect(hashed.metadata?.annotations?.['mlops-sandbox/spec-hash']).toBe(
      specHash(hpaManifest(cpuService)),
    );
    expect(hashed.spec).toEqual(hpaManifest(cpuService).spec);
  });
});
