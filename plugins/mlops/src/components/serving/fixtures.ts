import {
  EntityAlerts,
  InferenceServiceSummary,
  ModelServingHealth,
  ServingTimeSeries,
} from '@internal/plugin-mlops-common';
import { MlopsApi } from '../../api/MlopsApi';

const windows = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];

/** A healthy answer, as the backend gives it for the sandbox's fraud-scorer. */
export function healthyAnswer(
  over: Partial<ModelServingHealth> = {},
): ModelServingHealth {
  return {
    state: 'ok',
    entityRef: 'component:default/fraud-scorer',
    evaluatedAt: new Date().toISOString(),
    status: 'healthy',
    reasons: [
      {
        code: 'within-objectives',
        severity: 'info',
        message:
          'Within objectives: 55 req/s, 0.030 % errors, p95 41 ms, 2/2 replicas ready',
      },
    ],
    signals: {
      requestsPerSecond: 54.7,
      errorRatio: 0.0003,
      latency: { p50Ms: 13.4, p95Ms: 40.7, p99Ms: 49.5, meanMs: null },
      saturation: { cpuRatio: 0.29, gpuUtilisation: null },
    },
    llm: null,
    slo: {
      availabilityObjectivePercent: 99.9,
      latencyP95ObjectiveMs: 300,
      windowDays: 30,
      availability: 0.9997,
      errorBudgetRemaining: 0.7,
      burnRates: windows.map(window => ({
        window,
        errorRatio: 0.0003,
        burnRate: 0.3,
      })),
      alerts: [
        {
          severity: 'page',
          longWindow: '1h',
          shortWindow: '5m',
          threshold: 14.4,
          firing: false,
        },
        {
          severity: 'page',
          longWindow: '6h',
          shortWindow: '30m',
          threshold: 6,
          firing: false,
        },
        {
          severity: 'ticket',
          longWindow: '1d',
          shortWindow: '2h',
          threshold: 3,
          firing: false,
        },
        {
          severity: 'ticket',
          longWindow: '3d',
          shortWindow: '6h',
          threshold: 1,
          firing: false,
        },
      ],
      latencyP95Over1hMs: 41,
      tokenObjectives: [],
    },
    inferenceServices: [],
    replicas: {
      desired: 2,
      ready: 2,
      restarts: 0,
      crashLoopingPods: 0,
      recentOomKills: 0,
      recentWindowMinutes: 15,
      workloads: [
        {
          cluster: 'sandbox-west',
          namespace: 'fraud-ml',
          name: 'fraud-scorer',
          desiredReplicas: 2,
          readyReplicas: 2,
          availableReplicas: 2,
          images: [
            {
              container: 'server',
              image: 'registry.example.com/fraud-ml/fraud-scorer:1.4.2',
              version: '1.4.2',
            },
          ],
          version: '1.4.2',
        },
      ],
      pods: [
        {
          cluster: 'sandbox-west',
          namespace: 'fraud-ml',
          name: 'fraud-scorer-5c8c4f4f49-hs956',
          phase: 'Running',
          ready: true,
          restarts: 0,
          waitingReason: null,
          lastTermination: null,
          node: 'west-cpu-1',
          startedAt: new Date().toISOString(),
        },
      ],
      podsTruncated: false,
    },
    metrics: {
      profileId: 'template',
      profileTitle: 'Model-service template (FastAPI)',
      profileDetected: true,
      prometheus: 'prometheus',
      selector:
        'model_server_requests_total{namespace="fraud-ml", service="fraud-scorer"}',
      found: true,
    },
    clusters: ['sandbox-east', 'sandbox-west'],
    links: [
      {
        kind: 'prometheus',
        title: 'Traffic in Prometheus',
        url: 'https://prometheus.example.com/graph?g0.expr=x',
      },
    ],
    sources: [
      {
        kind: 'prometheus',
        name: 'prometheus',
        ok: true,
        requests: 1,
        durationMs: 80,
      },
      {
        kind: 'kubernetes',
        name: 'sandbox-east',
        ok: true,
        requests: 2,
        durationMs: 40,
      },
      {
        kind: 'kubernetes',
        name: 'sandbox-west',
        ok: true,
        requests: 2,
        durationMs: 45,
      },
    ],
    cached: false,
    ...over,
  };
}

export function timeSeriesAnswer(): ServingTimeSeries {
  const end = Date.parse('2026-11-23T12:00:00Z');
  return {
    state: 'ok',
    entityRef: 'component:default/fraud-scorer',
    range: '1h',
    start: new Date(end - 3_600_000).toISOString(),
    end: new Date(end).toISOString(),
    stepSeconds: 30,
    latencyP95ObjectiveMs: 300,
    llm: false,
    points: Array.from({ length: 121 }, (_, i) => ({
      t: end - 3_600_000 + i * 30_000,
      requestsPerSecond: 50 + (i % 5),
      errorRatio: 0.0003,
      p50Ms: 13,
      p95Ms: 40,
      p99Ms: 50,
      meanMs: null,
    })),
    metrics: healthyAnswer().metrics,
    sources: [
      {
        kind: 'prometheus',
        name: 'prometheus',
        ok: true,
        requests: 1,
        durationMs: 50,
      },
    ],
    cached: false,
  };
}

/** The alerts of fraud-scorer: none unless given. */
export function alertsAnswer(over: Partial<EntityAlerts> = {}): EntityAlerts {
  return {
    state: 'ok',
    entityRef: 'component:default/fraud-scorer',
    matchers: { namespace: 'fraud-ml', service: 'fraud-scorer' },
    alerts: [],
    sources: [
      {
        kind: 'prometheus',
        name: 'prometheus',
        ok: true,
        requests: 1,
        durationMs: 20,
      },
    ],
    cached: false,
    ...over,
  };
}

/** The serving endpoints answering like the sandbox's fraud-scorer, unless `over` says otherwise. */
export function servingApi(over: Partial<MlopsApi> = {}): Partial<MlopsApi> {
  return {
    getServingHealth: async () => healthyAnswer(),
    getServingTimeSeries: async () => timeSeriesAnswer(),
    getEntityAlerts: async () => alertsAnswer(),
    ...over,
  };
}

/** An InferenceService whose canary revision failed, as the backend maps KServe's status. */
export function failingCanaryInferenceService(): InferenceServiceSummary {
  const at = new Date(Date.now() - 120_000).toISOString();
  const failed =
    'Revision "image-moderation-predictor-00002" failed with message: Container failed with: RuntimeError: could not load the model.';
  const condition = (
    type: string,
    title: string,
    status: 'True' | 'False',
    extra: Partial<InferenceServiceSummary['conditions'][number]> = {},
  ) => ({
    type,
    title,
    status,
    reason: null,
    message: null,
    since: at,
    severity: null,
    ...extra,
  });
  return {
    cluster: 'sandbox-east',
    namespace: 'nlp-llm',
    name: 'image-moderation',
    url: 'http://image-moderation.nlp-llm.example.com',
    address: 'http://image-moderation.nlp-llm.svc.cluster.local',
    ready: false,
    deploymentMode: 'Serverless',
    conditions: [
      condition('Ready', 'Ready to serve', 'False', {
        reason: 'RevisionFailed',
        message: failed,
      }),
      condition('PredictorReady', 'Predictor ready', 'False', {
        reason: 'RevisionFailed',
        message: failed,
      }),
      condition('IngressReady', 'Ingress configured', 'True'),
    ],
    components: [
      {
        component: 'predictor',
        latestCreatedRevision: 'image-moderation-predictor-00002',
        latestReadyRevision: 'image-moderation-predictor-00001',
        latestRolledoutRevision: 'image-moderation-predictor-00001',
        previousRolledoutRevision: null,
        canaryTrafficPercent: 10,
        url: null,
        traffic: [
          {
            revision: 'image-moderation-predictor-00001',
            percent: 10,
            tag: 'latest',
            latestRevision: true,
            url: null,
          },
          {
            revision: 'image-moderation-predictor-00001',
            percent: 90,
            tag: 'prev',
            latestRevision: false,
            url: null,
          },
        ],
      },
    ],
    model: {
      transitionStatus: 'BlockedByFailedLoad',
      activeModelState: 'Loaded',
      targetModelState: 'FailedToLoad',
      lastFailure: {
        reason: 'ModelLoadFailed',
        message: 'could not load the model',
        revision: 'image-moderation-predictor-00002',
        time: at,
      },
    },
  };
}
