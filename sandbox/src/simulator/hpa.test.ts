import {
  decideHpa,
  hpaStatusChanged,
  HpaInputs,
  hpaTargets,
  PodMetrics,
} from './hpa';
import type { HorizontalPodAutoscaler } from './kubeTypes';

const NOW = Date.parse('2026-11-23T12:00:00Z');

const hpa = (
  status?: HorizontalPodAutoscaler['status'],
): HorizontalPodAutoscaler => ({
  metadata: { name: 'fraud-scorer', namespace: 'fraud-ml' },
  spec: {
    minReplicas: 2,
    maxReplicas: 6,
    scaleTargetRef: { kind: 'Deployment', name: 'fraud-scorer' },
    // What the model-service chart renders with the template's defaults.
    metrics: [
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { averageUtilization: 70 } },
      },
      {
        type: 'Pods',
        pods: {
          metric: { name: 'requests_per_second' },
          target: { averageValue: '50' },
        },
      },
    ],
  },
  status,
});

describe('hpaTargets', () => {
  it('reads the CPU and Pods targets of the spec', () => {
    expect(hpaTargets(hpa())).toEqual({
      cpuUtilizationPercent: 70,
      podsMetric: { name: 'requests_per_second', averageValue: 50 },
    });
  });

  it('ignores metrics it cannot feed and malformed quantities', () => {
    const h = hpa();
    h.spec.metrics = [
      {
        type: 'Resource',
        resource: { name: 'memory', target: { averageUtilization: 80 } },
      },
      {
        type: 'Pods',
        pods: { metric: { name: 'rps' }, target: { averageValue: 'lots' } },
      },
    ];
    expect(hpaTargets(h)).toEqual({});
  });
});

const metrics = (
  rpsPerPod: number,
  cpuUtilizationPercent = 30,
): PodMetrics => ({
  rpsPerPod,
  cpuUtilizationPercent,
  cpuMillisPerPod: cpuUtilizationPercent * 5,
});

const inputs = (overrides: Partial<HpaInputs>): HpaInputs => ({
  hpa: hpa(),
  currentReplicas: 2,
  readyPods: 2,
  metrics: metrics(35),
  nowMs: NOW,
  recommendations: [],
  ...overrides,
});

const condition = (decision: ReturnType<typeof decideHpa>, type: string) =>
  decision.status.conditions?.find(c => c.type === type);

describe('decideHpa', () => {
  it.each([
    // name, current, ready, rps/pod, cpu %, desired, AbleToScale reason, ScalingLimited reason
    [
      'steady within tolerance',
      2,
      2,
      52,
      30,
      2,
      'ReadyForNewScale',
      'DesiredWithinRange',
    ],
    [
      'rps above target scales up',
      2,
      2,
      90,
      30,
      4,
      'SucceededRescale',
      'DesiredWithinRange',
    ],
    [
      'cpu above target scales up',
      2,
      2,
      20,
      140,
      4,
      'SucceededRescale',
      'DesiredWithinRange',
    ],
    [
      'traffic x15 hits the maximum',
      4,
      4,
      600,
      300,
      6,
      'SucceededRescale',
      'TooManyReplicas',
    ],
    [
      'at max and still too much',
      6,
      6,
      200,
      150,
      6,
      'ReadyForNewScale',
      'TooManyReplicas',
    ],
    [
      'below min is raised',
      1,
      1,
      10,
      10,
      2,
      'SucceededRescale',
      'TooFewReplicas',
    ],
    [
      'scale-up is rate limited',
      2,
      2,
      1000,
      30,
      6,
      'SucceededRescale',
      'TooManyReplicas',
    ],
  ])(
    '%s: %p replicas -> %p',
    (_, current, ready, rps, cpu, desired, able, limited) => {
      const decision = decideHpa(
        inputs({
          currentReplicas: current,
          readyPods: ready,
          metrics: metrics(rps, cpu),
        }),
      );
      expect(decision.desiredReplicas).toBe(desired);
      expect(decision.status.desiredReplicas).toBe(desired);
      expect(decision.status.currentReplicas).toBe(current);
      expect(condition(decision, 'AbleToScale')?.reason).toBe(able);
      expect(condition(decision, 'ScalingLimited')?.reason).toBe(limited);
      expect(condition(decision, 'ScalingActive')).toMatchObject({
        status: 'True',
        reason: 'ValidMetricFound',
      });
    },
  );

  it('limits a scale-up to max(+4, x2) per step', () => {
    const wide = hpa();
    wide.spec.maxReplicas = 50;
    const decision = decideHpa(inputs({ hpa: wide, metrics: metrics(1000) }));
    expect(decision.desiredReplicas).toBe(6);
    expect(condition(decision, 'ScalingLimited')?.reason).toBe('ScaleUpLimit');
  });

  it('holds a scale-down for the stabilisation window', () => {
    const held = decideHpa(
      inputs({
        currentReplicas: 6,
        readyPods: 6,
        metrics: metrics(10, 10),
        recommendations: [{ atMs: NOW - 30_000, replicas: 6 }],
      }),
    );
    expect(held.desiredReplicas).toBe(6);
    expect(condition(held, 'AbleToScale')?.reason).toBe('ScaleDownStabilized');

    const released = decideHpa(
      inputs({
        currentReplicas: 6,
        readyPods: 6,
        metrics: metrics(10, 10),
        recommendations: [{ atMs: NOW - 61_000, replicas: 6 }],
      }),
    );
    expect(released.desiredReplicas).toBe(2);
    expect(released.status.lastScaleTime).toBe(new Date(NOW).toISOString());
  });

  it('reports FailedGetPodsMetric and keeps the size when metrics are unavailable', () => {
    const decision = decideHpa(
      inputs({ currentReplicas: 3, readyPods: 3, metrics: undefined }),
    );
    expect(decision.desiredReplicas).toBe(3);
    expect(decision.status.currentMetrics).toBeUndefined();
    expect(condition(decision, 'ScalingActive')).toMatchObject({
      status: 'False',
      reason: 'FailedGetPodsMetric',
    });
    expect(condition(decision, 'ScalingActive')?.message).toContain(
      'requests_per_second',
    );
  });

  it('reports current metrics the way the controller writes them', () => {
    const decision = decideHpa(inputs({ metrics: metrics(35.5, 42.4) }));
    expect(decision.status.currentMetrics).toEqual([
      {
        type: 'Resource',
        resource: {
          name: 'cpu',
          current: { averageUtilization: 42, averageValue: '212m' },
        },
      },
      {
        type: 'Pods',
        pods: {
          metric: { name: 'requests_per_second' },
          current: { averageValue: '35500m' },
        },
      },
    ]);
  });

  it('keeps lastTransitionTime while a condition keeps its status', () => {
    const earlier = '2026-11-23T11:00:00.000Z';
    const decision = decideHpa(
      inputs({
        hpa: hpa({
          desiredReplicas: 2,
          conditions: [
            {
              type: 'ScalingActive',
              status: 'True',
              reason: 'ValidMetricFound',
              lastTransitionTime: earlier,
            },
            {
              type: 'ScalingLimited',
              status: 'True',
              reason: 'TooManyReplicas',
              lastTransitionTime: earlier,
            },
          ],
        }),
      }),
    );
    expect(condition(decision, 'ScalingActive')?.lastTransitionTime).toBe(
      earlier,
    );
    expect(condition(decision, 'ScalingLimited')?.lastTransitionTime).toBe(
      new Date(NOW).toISOString(),
    );
  });
});

describe('hpaStatusChanged', () => {
  const base = decideHpa(inputs({})).status;

  it.each([
    ['identical', base, false],
    ['metric values only', { ...base, currentMetrics: [] }, true],
    ['desired replicas', { ...base, desiredReplicas: 3 }, true],
    [
      'condition reason',
      {
        ...base,
        conditions: base.conditions?.map(c => ({ ...c, reason: 'X' })),
      },
      true,
    ],
  ])('%s -> %p', (_, next, changed) => {
    expect(hpaStatusChanged(base, next)).toBe(changed);
  });

  it('ignores moving metric values of the same types', () => {
    const moved = decideHpa(inputs({ metrics: metrics(36) })).status;
    expect(hpaStatusChanged(base, moved)).toBe(false);
  });
});
