import {
  AnalysisMetricView,
  AnalysisRunView,
  DeliveryModelRegistry,
  DeploymentDeliveryView,
  EntityDelivery,
  ModelVersionSummary,
  RegisteredModelSummary,
  RevisionView,
  RolloutStepView,
  RolloutView,
} from '@internal/plugin-mlops-common';

/** A revision of the sandbox's fraud-scorer; override what the test is about. */
export function revisionView(over: Partial<RevisionView> = {}): RevisionView {
  return {
    podTemplateHash: '6d9f7c8b5',
    replicaSet: 'fraud-scorer-6d9f7c8b5',
    revision: '3',
    role: 'stable',
    images: [
      {
        container: 'model',
        image: 'registry.local/fraud-scorer:1.4.0',
        version: '1.4.0',
      },
    ],
    modelVersion: '7',
    desiredReplicas: 9,
    readyReplicas: 9,
    availableReplicas: 9,
    createdAt: '2026-11-28T09:00:00Z',
    slo: {
      requestsPerSecond: 45,
      errorRatio: 0.0004,
      latencyP95Seconds: 0.12,
      window: '5m',
    },
    ...over,
  };
}

export const canaryRevision = revisionView({
  podTemplateHash: '7f5c4d9a2',
  replicaSet: 'fraud-scorer-7f5c4d9a2',
  revision: '4',
  role: 'canary',
  images: [
    {
      container: 'model',
      image: 'registry.local/fraud-scorer:1.5.0',
      version: '1.5.0',
    },
  ],
  modelVersion: '8',
  desiredReplicas: 1,
  readyReplicas: 1,
  availableReplicas: 1,
  createdAt: '2026-11-29T13:50:00Z',
  slo: {
    requestsPerSecond: 5,
    errorRatio: 0.061,
    latencyP95Seconds: 0.14,
    window: '5m',
  },
});

/** The canary steps of the template's chart: 10 % then 50 %, each judged, then a pause. */
export function canarySteps(current: number | null): RolloutStepView[] {
  const texts: Array<[RolloutStepView['kind'], string]> = [
    ['setWeight', '10 % of pods'],
    ['analysis', 'analysis fraud-scorer-slo'],
    ['setWeight', '50 % of pods'],
    ['analysis', 'analysis fraud-scorer-slo'],
    ['pause', 'pause until promoted'],
  ];
  return texts.map(([kind, text], index) => {
    let state: RolloutStepView['state'] = 'pending';
    if (current !== null && index < current) state = 'done';
    if (index === current) state = 'current';
    return { index, kind, text, state };
  });
}

export function analysisMetric(
  over: Partial<AnalysisMetricView> = {},
): AnalysisMetricView {
  return {
    name: 'error-ratio',
    provider: 'prometheus',
    query:
      'sum by (namespace, service) (rate(http_requests_total{status="5xx"}[5m]))',
    successCondition: 'len(result) > 0 && result[0] <= 0.001',
    failureCondition: 'len(result) > 0 && result[0] > 0.001',
    threshold: 0.001,
    interval: '1m',
    count: 3,
    failureLimit: 1,
    inconclusiveLimit: 1,
    phase: 'Running',
    message: null,
    successful: 1,
    failed: 0,
    inconclusive: 0,
    error: 0,
    measurements: [
      {
        phase: 'Successful',
        value: '[0.0004]',
        number: 0.0004,
        message: null,
        startedAt: '2026-11-29T13:52:00Z',
        finishedAt: '2026-11-29T13:52:01Z',
      },
    ],
    ...over,
  };
}

export function analysisRun(
  over: Partial<AnalysisRunView> = {},
): AnalysisRunView {
  return {
    name: 'fraud-scorer-7f5c4d9a2-4-1',
    phase: 'Running',
    message: null,
    type: 'Step',
    stepIndex: 1,
    podTemplateHash: '7f5c4d9a2',
    revision: '4',
    startedAt: '2026-11-29T13:51:00Z',
    metrics: [analysisMetric()],
    ...over,
  };
}

/** fraud-scorer's canary at its first analysis step, 10 % of pods. */
export function rolloutView(over: Partial<RolloutView> = {}): RolloutView {
  return {
    cluster: 'sandbox-west',
    namespace: 'fraud-ml',
    name: 'fraud-scorer',
    strategy: 'canary',
    phase: 'Progressing',
    message: 'more replicas need to be updated',
    aborted: false,
    abortedAt: null,
    paused: false,
    currentStepIndex: 1,
    steps: canarySteps(1),
    canaryWeight: 10,
    desiredReplicas: 10,
    readyReplicas: 10,
    updatedReplicas: 1,
    availableReplicas: 10,
    stableHash: '6d9f7c8b5',
    currentHash: '7f5c4d9a2',
    workloadRef: 'Deployment/fraud-scorer',
    revisions: [
      {
        ...canaryRevision,
        slo: { ...canaryRevision.slo!, errorRatio: 0.0006 },
      },
      revisionView(),
    ],
    analysisRuns: [analysisRun()],
    summary: [
      'Canary at step 2 of 5: analysis of revision 4 running (1 of 3 measurements successful)',
    ],
    problems: [],
    ...over,
  };
}

export function deploymentView(
  over: Partial<DeploymentDeliveryView> = {},
): DeploymentDeliveryView {
  return {
    cluster: 'sandbox-east',
    namespace: 'nlp-llm',
    name: 'support-llm',
    revisions: [
      revisionView({
        replicaSet: 'support-llm-5c8d7',
        podTemplateHash: '5c8d7',
        revision: '12',
        modelVersion: null,
        images: [
          {
            container: 'vllm',
            image: 'vllm/vllm-openai:v0.6.3',
            version: 'v0.6.3',
          },
        ],
      }),
      revisionView({
        replicaSet: 'support-llm-49b1a',
        podTemplateHash: '49b1a',
        revision: '11',
        role: 'old',
        modelVersion: null,
        desiredReplicas: 0,
        readyReplicas: 0,
        availableReplicas: 0,
        slo: null,
      }),
    ],
    ...over,
  };
}

export function modelVersion(
  over: Partial<ModelVersionSummary> = {},
): ModelVersionSummary {
  return {
    version: '8',
    aliases: ['challenger'],
    status: 'READY',
    runId: '0a1b2c3d4e5f',
    source: 'models:/m-8',
    createdAt: '2026-11-29T10:00:00Z',
    tags: {},
    run: {
      runId: '0a1b2c3d4e5f',
      runName: 'gbdt-depth-8',
      status: 'FINISHED',
      metrics: { auc: 0.9431, accuracy: 0.912 },
      params: {},
    },
    ...over,
  };
}

export function registeredModel(
  over: Partial<RegisteredModelSummary> = {},
): RegisteredModelSummary {
  return {
    registry: 'sandbox',
    name: 'fraud-scorer',
    createdAt: '2026-10-01T00:00:00Z',
    updatedAt: '2026-11-29T10:00:00Z',
    aliases: { champion: '7', challenger: '8' },
    versions: [
      modelVersion(),
      modelVersion({
        version: '7',
        aliases: ['champion'],
        stage: 'Production',
        createdAt: '2026-11-20T10:00:00Z',
        run: {
          runId: 'ffee',
          runName: 'gbdt-depth-6',
          status: 'FINISHED',
          metrics: { auc: 0.931 },
          params: {},
        },
      }),
      modelVersion({
        version: '6',
        aliases: [],
        stage: 'Archived',
        createdAt: '2026-11-01T10:00:00Z',
        run: undefined,
        runId: undefined,
      }),
    ],
    truncated: false,
    ...over,
  };
}

export function modelRegistry(
  over: Partial<DeliveryModelRegistry> = {},
): DeliveryModelRegistry {
  const model = registeredModel();
  return {
    registry: 'sandbox',
    model: 'fraud-scorer',
    url: 'http://127.0.0.1:5000/#/models/fraud-scorer',
    registeredModel: model,
    served: [
      {
        version: '7',
        roles: ['stable'],
        url: 'http://127.0.0.1:5000/#/models/fraud-scorer/versions/7',
        details: model.versions[1],
      },
      {
        version: '8',
        roles: ['canary'],
        url: 'http://127.0.0.1:5000/#/models/fraud-scorer/versions/8',
        details: model.versions[0],
      },
    ],
    ...over,
  };
}

export function deliveryAnswer(
  over: Partial<EntityDelivery> = {},
): EntityDelivery {
  return {
    state: 'ok',
    entityRef: 'component:default/fraud-scorer',
    rollouts: [rolloutView()],
    deployments: [],
    modelRegistry: modelRegistry(),
    sources: [
      {
        kind: 'kubernetes',
        name: 'sandbox-west',
        ok: true,
        requests: 4,
        durationMs: 20,
      },
      {
        kind: 'prometheus',
        name: 'sandbox',
        ok: true,
        requests: 1,
        durationMs: 12,
      },
      { kind: 'mlflow', name: 'sandbox', ok: true, requests: 3, durationMs: 9 },
    ],
    ...over,
  };
}
