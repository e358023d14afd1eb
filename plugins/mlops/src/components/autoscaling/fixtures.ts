import {
  EntityAutoscaling,
  HpaStatusView,
  ScalingEvent,
} from '@internal/plugin-mlops-common';

const T0 = Date.parse('2026-11-29T13:00:00Z');

/** An HPA as the backend describes it; override what the test is about. */
export function hpaView(overrides: Partial<HpaStatusView> = {}): HpaStatusView {
  return {
    cluster: 'sandbox-west',
    namespace: 'fraud-ml',
    name: 'fraud-scorer',
    scaleTarget: { kind: 'Deployment', name: 'fraud-scorer' },
    minReplicas: 2,
    maxReplicas: 10,
    currentReplicas: 3,
    desiredReplicas: 3,
    lastScaleTime: '2026-11-29T13:50:00Z',
    pinned: null,
    metrics: [
      {
        type: 'Resource',
        known: true,
        name: 'cpu',
        targetType: 'Utilization',
        target: { raw: '70', value: 70, display: '70 %' },
        current: { raw: '35', value: 35, display: '35 %' },
        ratio: 0.5,
      },
      {
        type: 'Pods',
        known: true,
        name: 'requests_per_second',
        targetType: 'AverageValue',
        target: { raw: '50', value: 50, display: '50' },
        current: { raw: '42500m', value: 42.5, display: '42.5' },
        ratio: 0.85,
      },
    ],
    conditions: [
      {
        type: 'ScalingActive',
        status: 'True',
        reason: 'ValidMetricFound',
        message: 'the HPA was able to successfully calculate a replica count',
        lastTransitionTime: '2026-11-29T12:00:00Z',
        explanation: 'Computes the replicas from its metrics',
        problem: false,
      },
    ],
    behavior: null,
    scaledObject: null,
    statusMissing: false,
    summary: [],
    ...overrides,
  };
}

export const rescale: ScalingEvent = {
  cluster: 'sandbox-west',
  namespace: 'fraud-ml',
  hpa: 'fraud-scorer',
  source: 'kubernetes-event',
  type: 'Normal',
  reason: 'SuccessfulRescale',
  message: 'New size: 10; reason: pods metric requests_per_second above target',
  fromReplicas: null,
  toReplicas: 10,
  count: 2,
  occurredAt: '2026-11-29T13:18:00Z',
};

export function autoscalingAnswer(
  overrides: Partial<EntityAutoscaling> = {},
): EntityAutoscaling {
  return {
    state: 'ok',
    entityRef: 'component:default/fraud-scorer',
    evaluatedAt: '2026-11-29T14:00:00Z',
    hpas: [hpaView()],
    scaledObjects: [],
    events: [rescale],
    series: [
      {
        cluster: 'sandbox-west',
        namespace: 'fraud-ml',
        hpa: 'fraud-scorer',
        source: 'prometheus',
        points: [0, 1, 2].map(i => ({
          t: T0 + i * 30_000,
          current: 3,
          desired: 3,
          min: 2,
          max: 10,
        })),
      },
    ],
    seriesStart: '2026-11-29T13:00:00Z',
    seriesEnd: '2026-11-29T14:00:00Z',
    clusters: ['sandbox-west'],
    sources: [
      {
        kind: 'prometheus',
        name: 'sandbox',
        ok: true,
        requests: 1,
        durationMs: 12,
      },
      {
        kind: 'kubernetes',
        name: 'sandbox-west',
        ok: true,
        requests: 2,
        durationMs: 20,
      },
    ],
    cached: false,
    ...overrides,
  };
}
