import {
  asHpa,
  atMaxHpa,
  everyTypeHpa,
  metricsMissingHpa,
  noStatusHpa,
  normalHpa,
  NOW,
} from './__fixtures__/hpas';
import { hpaView } from './hpaView';

describe('hpaView', () => {
  it('shows a normal HPA: every metric against its target in human units', () => {
    const view = hpaView('east', asHpa(normalHpa), NOW);
    expect(view).toMatchObject({
      cluster: 'east',
      namespace: 'fraud-ml',
      name: 'fraud-scorer',
      scaleTarget: { kind: 'Deployment', name: 'fraud-scorer' },
      minReplicas: 2,
      maxReplicas: 10,
      currentReplicas: 3,
      desiredReplicas: 3,
      lastScaleTime: '2026-11-29T13:50:00.000Z',
      pinned: null,
      statusMissing: false,
      scaledObject: null,
      behavior: null,
      summary: [],
    });
    expect(view.metrics).toEqual([
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
    ]);
    expect(view.conditions.map(c => [c.type, c.problem])).toEqual([
      ['AbleToScale', false],
      ['ScalingActive', false],
      ['ScalingLimited', false],
    ]);
  });

  it('says how long an HPA has been capped at maxReplicas and what to do', () => {
    const view = hpaView('east', asHpa(atMaxHpa), NOW);
    expect(view.pinned).toEqual({
      at: 'max',
      replicas: 10,
      since: '2026-11-29T13:18:00.000Z',
    });
    expect(view.summary).toEqual([
      'Capped at maxReplicas=10 for 42 minutes: raise maxReplicas or reduce load',
    ]);
  });

  it('says when metrics are missing and shows them as such', () => {
    const view = hpaView('east', asHpa(metricsMissingHpa), NOW);
    expect(view.metrics.map(m => m.current)).toEqual([null, null]);
    expect(view.summary).toEqual([
      'Cannot read its metrics from the custom metrics API (custom.metrics.k8s.io), so it does not scale: check that the metrics adapter runs and serves them',
    ]);
    expect(view.conditions[1]).toMatchObject({
      reason: 'FailedGetPodsMetric',
      problem: true,
      lastTransitionTime: '2026-11-29T13:55:00.000Z',
    });
  });

  it('reads ContainerResource, Object, External and unknown metric types, behavior and KEDA', () => {
    const view = hpaView('east', asHpa(everyTypeHpa), NOW);
    expect(view.metrics).toEqual([
      expect.objectContaining({
        type: 'ContainerResource',
        name: 'memory',
        container: 'server',
        target: { raw: '1.5Gi', value: 1.5 * 2 ** 30, display: '1.5 GiB' },
        current: {
          raw: '1288490188800m',
          value: 1288490188.8,
          display: '1.2 GiB',
        },
        ratio: expect.closeTo(0.8, 12),
      }),
      expect.objectContaining({
        type: 'Object',
        describedObject: 'Service/fraud-scorer',
        targetType: 'Value',
        target: { raw: '2k', value: 2000, display: '2k' },
        current: { raw: 'lots', value: null, display: 'unknown (lots)' },
        ratio: null,
      }),
      expect.objectContaining({
        type: 'External',
        name: 's0-kafka-lag',
        selector: 'scaledobject=fraud-scorer',
        target: { raw: '500m', value: 0.5, display: '0.5' },
        current: { raw: '250m', value: 0.25, display: '0.25' },
        ratio: 0.5,
      }),
      {
        type: 'Telepathy',
        known: false,
        name: null,
        targetType: null,
        target: null,
        current: null,
        ratio: null,
      },
    ]);
    expect(view.maxReplicas).toBe(2147483647);
    expect(view.scaledObject).toBe('fraud-scorer');
    expect(view.behavior).toEqual({
      scaleUp: {
        stabilizationWindowSeconds: 0,
        selectPolicy: 'Max',
        policies: [
          { type: 'Pods', value: 4, periodSeconds: 15 },
          { type: 'Percent', value: 100, periodSeconds: 15 },
        ],
      },
      scaleDown: {
        stabilizationWindowSeconds: 300,
        selectPolicy: null,
        policies: [{ type: 'Percent', value: 10, periodSeconds: 60 }],
      },
    });
    expect(view.pinned).toEqual({
      at: 'min',
      replicas: 1,
      since: '2026-11-29T11:00:00.000Z',
    });
    expect(view.conditions.map(c => c.explanation)).toEqual([
      'Scale-down held back: a higher recommendation within the scale-down stabilisation window still applies',
      'Computes the replicas from its metrics',
      'Held at minReplicas=1 for 3 hours: the metrics ask for fewer; lower minReplicas to free capacity',
    ]);
    expect(view.summary).toEqual([
      "Metric type 'Telepathy' is unknown to the portal and shown as unknown",
    ]);
  });

  it('copes with an HPA without status, and finds KEDA by its label', () => {
    const view = hpaView('east', asHpa(noStatusHpa), NOW);
    expect(view).toMatchObject({
      minReplicas: 1,
      maxReplicas: 5,
      currentReplicas: null,
      desiredReplicas: null,
      lastScaleTime: null,
      pinned: null,
      statusMissing: true,
      scaledObject: 'fresh-so',
      metrics: [],
      conditions: [],
    });
    expect(view.summary).toEqual([
      'The HPA controller has written no status yet: the HPA is new, or no controller manages it',
    ]);
  });

  it('survives an object with nothing in it', () => {
    const view = hpaView('east', asHpa({}), NOW);
    expect(view).toMatchObject({
      name: '',
      scaleTarget: { kind: 'unknown', name: 'unknown' },
      statusMissing: true,
    });
  });
});
