import type { ModelService } from './fleet';
import type { HorizontalPodAutoscaler } from './kubeTypes';
import {
  kedaHpaManifest,
  nextPoll,
  pauseOf,
  ScaledObject,
  scaledObjectManifest,
  scaledObjectStatus,
} from './keda';

const service: ModelService = {
  name: 'reco-candidate-retrieval',
  namespace: 'recsys',
  team: 'recsys',
  system: 'recommendations',
  cluster: 'sandbox-west',
  accelerator: 'cpu',
  framework: 'onnxruntime',
  minReplicas: 2,
  maxReplicas: 8,
  baseRps: 60,
};

const NOW = Date.parse('2026-12-05T10:00:00Z');

function so(annotations?: Record<string, string>): ScaledObject {
  const manifest = scaledObjectManifest(service, 'http://127.0.0.1:9090');
  return {
    ...manifest,
    metadata: { ...manifest.metadata, uid: 'so-uid', annotations },
  };
}

const condition = (
  status: ReturnType<typeof scaledObjectStatus>,
  type: string,
) => status.conditions?.find(c => c.type === type);

describe('kedaHpaManifest', () => {
  it('is the HPA KEDA writes: owner, labels, External metric with its selector, then cpu', () => {
    const hpa = kedaHpaManifest(so());
    expect(hpa.metadata?.name).toBe('keda-hpa-reco-candidate-retrieval');
    expect(hpa.metadata?.ownerReferences).toEqual([
      expect.objectContaining({
        apiVersion: 'keda.sh/v1alpha1',
        kind: 'ScaledObject',
        name: 'reco-candidate-retrieval',
        uid: 'so-uid',
        controller: true,
      }),
    ]);
    expect(hpa.metadata?.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'keda-operator',
      // The ScaledObject's own labels win, as in KEDA.
      'app.kubernetes.io/part-of': 'recommendations',
      'backstage.io/kubernetes-id': 'reco-candidate-retrieval',
      'scaledobject.keda.sh/name': 'reco-candidate-retrieval',
    });
    expect(hpa.spec?.metrics).toEqual([
      {
        type: 'External',
        external: {
          metric: {
            name: 's0-prometheus',
            selector: {
              matchLabels: {
                'scaledobject.keda.sh/name': 'reco-candidate-retrieval',
              },
            },
          },
          target: { type: 'AverageValue', averageValue: '50' },
        },
      },
      {
        type: 'Resource',
        resource: {
          name: 'cpu',
          target: { type: 'Utilization', averageUtilization: 70 },
        },
      },
    ]);
    expect(hpa.spec).toMatchObject({ minReplicas: 2, maxReplicas: 8 });
    expect(hpa.spec?.behavior).toEqual({
      scaleDown: { stabilizationWindowSeconds: 60 },
    });
  });
});

describe('pauseOf', () => {
  it.each([
    [undefined, { paused: false }],
    [{ 'autoscaling.keda.sh/paused': 'true' }, { paused: true }],
    [{ 'autoscaling.keda.sh/paused': 'false' }, { paused: false }],
    [
      { 'autoscaling.keda.sh/paused-replicas': '3' },
      { paused: true, replicas: 3 },
    ],
    [
      { 'autoscaling.keda.sh/paused-replicas': 'three' },
      { paused: true, invalid: true },
    ],
  ])('%j -> %j', (annotations, expected) => {
    expect(pauseOf(so(annotations))).toEqual(expected);
  });
});

describe('scaledObjectStatus', () => {
  const happy = nextPoll(undefined, { ok: true, value: 60 }, 1, 'then');

  it('ready and active while the query answers, with the names and health KEDA records', () => {
    const status = scaledObjectStatus({
      so: so(),
      hpa: undefined,
      deploymentReplicas: 2,
      poll: happy,
      nowMs: NOW,
    });
    expect(status).toMatchObject({
      hpaName: 'keda-hpa-reco-candidate-retrieval',
      scaleTargetKind: 'apps/v1.Deployment',
      originalReplicaCount: 2,
      externalMetricNames: ['s0-prometheus'],
      resourceMetricNames: ['cpu'],
      health: { 's0-prometheus': { numberOfFailures: 0, status: 'Happy' } },
      pausedReplicaCount: null,
      triggersTypes: 'prometheus,cpu',
    });
    expect(status.conditions?.map(c => [c.type, c.status, c.reason])).toEqual([
      ['Ready', 'True', 'ScaledObjectReady'],
      ['Active', 'True', 'ScalerActive'],
      ['Fallback', 'False', 'NoFallbackFound'],
      ['Paused', 'False', undefined],
    ]);
  });

  it('falls back once the failures exceed failureThreshold', () => {
    let poll = happy;
    for (let i = 0; i < 3; i++) poll = nextPoll(poll, { ok: false }, 1, 'x');
    const three = scaledObjectStatus({
      so: so(),
      hpa: undefined,
      deploymentReplicas: 2,
      poll,
      nowMs: NOW,
    });
    expect(three.health?.['s0-prometheus']).toEqual({
      numberOfFailures: 3,
      status: 'Failing',
    });
    expect(condition(three, 'Fallback')?.status).toBe('False');
    poll = nextPoll(poll, { ok: false }, 1, 'x');
    const four = scaledObjectStatus({
      so: so(),
      hpa: undefined,
      deploymentReplicas: 2,
      poll,
      nowMs: NOW,
    });
    expect(condition(four, 'Fallback')).toMatchObject({
      status: 'True',
      reason: 'FallbackExists',
    });
    expect(condition(four, 'Active')?.status).toBe('False');
  });

  it('paused by replicas, then unpaused as KEDA words it', () => {
    const paused = scaledObjectStatus({
      so: so({ 'autoscaling.keda.sh/paused-replicas': '3' }),
      hpa: undefined,
      deploymentReplicas: 2,
      poll: happy,
      nowMs: NOW,
    });
    expect(paused.pausedReplicaCount).toBe(3);
    expect(condition(paused, 'Paused')).toMatchObject({
      status: 'True',
      reason: 'ScaledObjectPaused',
      message: 'ScaledObject is paused',
    });
    const unpaused = scaledObjectStatus({
      so: { ...so(), status: paused },
      hpa: undefined,
      deploymentReplicas: 3,
      poll: happy,
      nowMs: NOW,
    });
    expect(unpaused.pausedReplicaCount).toBeNull();
    expect(unpaused.originalReplicaCount).toBe(2);
    expect(condition(unpaused, 'Paused')).toMatchObject({
      status: 'False',
      reason: 'ScaledObjectUnpaused',
    });
  });

  it('not ready when its HPA cannot compute a scale a minute after creation', () => {
    const hpa: HorizontalPodAutoscaler = {
      metadata: {
        name: 'keda-hpa-reco-candidate-retrieval',
        creationTimestamp: new Date(NOW - 120_000).toISOString(),
      },
      spec: {
        maxReplicas: 8,
        scaleTargetRef: { kind: 'Deployment', name: 'x' },
      },
      status: {
        desiredReplicas: 2,
        conditions: [
          {
            type: 'ScalingActive',
            status: 'False',
            reason: 'FailedGetExternalMetric',
          },
        ],
      },
    };
    const status = scaledObjectStatus({
      so: so(),
      hpa,
      deploymentReplicas: 2,
      poll: happy,
      nowMs: NOW,
    });
    expect(condition(status, 'Ready')).toMatchObject({
      status: 'False',
      reason: 'HPAMetricsUnavailable',
      message:
        'ScaledObject is configured correctly but HPA is not healthy: FailedGetExternalMetric',
    });
  });
});
