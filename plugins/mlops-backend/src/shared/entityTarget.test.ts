import { Entity } from '@backstage/catalog-model';
import { labelSelectorProblem, resolveEntityTarget } from './entityTarget';

const defaults = {
  availabilityPercent: 99.9,
  latencyP95Ms: 300,
  profileIds: ['template', 'triton'],
  prometheusInstances: ['sandbox'],
};

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'fraud-scorer', namespace: 'default', annotations },
    spec: { type: 'model-service' },
  };
}

const base = {
  'backstage.io/kubernetes-id': 'fraud-scorer',
  'backstage.io/kubernetes-namespace': 'fraud-ml',
};

describe('resolveEntityTarget', () => {
  it('reads the standard Kubernetes annotations with defaults for the rest', () => {
    expect(resolveEntityTarget(entity(base), defaults)).toEqual({
      ok: true,
      target: {
        entityRef: 'component:default/fraud-scorer',
        kubernetesId: 'fraud-scorer',
        namespace: 'fraud-ml',
        labelSelector: 'backstage.io/kubernetes-id=fraud-scorer',
        metricsWorkload: 'fraud-scorer',
        objectives: { availabilityPercent: 99.9, latencyP95Ms: 300 },
      },
    });
  });

  it('takes every override the annotations offer', () => {
    const result = resolveEntityTarget(
      entity({
        ...base,
        'backstage.io/kubernetes-label-selector':
          'app.kubernetes.io/name in (fraud-scorer, fraud-scorer-canary),tier!=batch',
        'mlops-portal.io/metrics-workload': 'fraud_scorer_v2',
        'mlops-portal.io/metrics-profile': 'triton',
        'mlops-portal.io/slo-availability': '99.95',
        'mlops-portal.io/slo-latency-p95-ms': '120',
        'mlops-portal.io/slo-ttft-p95-ms': '500',
        'mlops-portal.io/slo-tpot-p95-ms': '2.5',
        'prometheus.io/service-name': 'sandbox',
        'grafana/overview-dashboard': 'https://grafana.example.com/d/abc',
      }),
      defaults,
    );
    expect(result).toMatchObject({
      ok: true,
      target: {
        labelSelector:
          'app.kubernetes.io/name in (fraud-scorer, fraud-scorer-canary),tier!=batch',
        metricsWorkload: 'fraud_scorer_v2',
        profileId: 'triton',
        prometheusInstance: 'sandbox',
        grafanaDashboard: 'https://grafana.example.com/d/abc',
        objectives: {
          availabilityPercent: 99.95,
          latencyP95Ms: 120,
          ttftP95Ms: 500,
          tpotP95Ms: 2.5,
        },
      },
    });
  });

  it('answers "not configured" without the kubernetes-id annotation', () => {
    const result = resolveEntityTarget(entity({}), defaults);
    expect(result).toMatchObject({
      ok: false,
      answer: {
        state: 'not-configured',
        reason: 'missing-annotation',
        problems: [{ annotation: 'backstage.io/kubernetes-id' }],
      },
    });
  });

  it.each<[string, Record<string, string>, string]>([
    [
      'an id with quotes',
      { 'backstage.io/kubernetes-id': 'x"} or vector(1) or {a="' },
      'backstage.io/kubernetes-id',
    ],
    [
      'an id with a regex',
      { 'backstage.io/kubernetes-id': 'fraud.*' },
      'backstage.io/kubernetes-id',
    ],
    [
      'an empty id',
      { 'backstage.io/kubernetes-id': ' ' },
      'backstage.io/kubernetes-id',
    ],
    [
      'a too long id',
      { 'backstage.io/kubernetes-id': 'a'.repeat(64) },
      'backstage.io/kubernetes-id',
    ],
    [
      'a namespace with braces',
      { 'backstage.io/kubernetes-namespace': 'ns"}' },
      'backstage.io/kubernetes-namespace',
    ],
    [
      'an upper-case namespace',
      { 'backstage.io/kubernetes-namespace': 'Fraud' },
      'backstage.io/kubernetes-namespace',
    ],
    [
      'a selector with PromQL',
      { 'backstage.io/kubernetes-label-selector': 'app="x"} or vector(1)' },
      'backstage.io/kubernetes-label-selector',
    ],
    [
      'a selector with a bad value',
      { 'backstage.io/kubernetes-label-selector': 'app=a b' },
      'backstage.io/kubernetes-label-selector',
    ],
    [
      'a workload with a newline',
      { 'mlops-portal.io/metrics-workload': 'a\nb' },
      'mlops-portal.io/metrics-workload',
    ],
    [
      'an unknown profile',
      { 'mlops-portal.io/metrics-profile': 'seldon' },
      'mlops-portal.io/metrics-profile',
    ],
    [
      'an unknown Prometheus',
      { 'prometheus.io/service-name': 'thanos' },
      'prometheus.io/service-name',
    ],
    [
      'availability of 100',
      { 'mlops-portal.io/slo-availability': '100' },
      'mlops-portal.io/slo-availability',
    ],
    [
      'availability in words',
      { 'mlops-portal.io/slo-availability': 'three nines' },
      'mlops-portal.io/slo-availability',
    ],
    [
      'availability with PromQL',
      { 'mlops-portal.io/slo-availability': '99.9) or vector(1' },
      'mlops-portal.io/slo-availability',
    ],
    [
      'a negative latency',
      { 'mlops-portal.io/slo-latency-p95-ms': '-5' },
      'mlops-portal.io/slo-latency-p95-ms',
    ],
    [
      'a latency with a unit',
      { 'mlops-portal.io/slo-latency-p95-ms': '300ms' },
      'mlops-portal.io/slo-latency-p95-ms',
    ],
    [
      'a time to first token with a unit',
      { 'mlops-portal.io/slo-ttft-p95-ms': '500ms' },
      'mlops-portal.io/slo-ttft-p95-ms',
    ],
    [
      'a zero time per token',
      { 'mlops-portal.io/slo-tpot-p95-ms': '0' },
      'mlops-portal.io/slo-tpot-p95-ms',
    ],
    [
      'a javascript: dashboard',
      { 'grafana/overview-dashboard': 'data:text/html,<b>x</b>' },
      'grafana/overview-dashboard',
    ],
  ])(
    'refuses %s and names the annotation',
    (_name, annotations, annotation) => {
      const result = resolveEntityTarget(
        entity({ ...base, ...annotations }),
        defaults,
      );
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.answer.reason).toBe('invalid-annotation');
      expect(result.answer.problems.map(p => p.annotation)).toEqual([
        annotation,
      ]);
      expect(result.answer.message).toContain(annotation);
    },
  );
});

describe('labelSelectorProblem', () => {
  it.each([
    'app=fraud-scorer',
    'app==fraud-scorer',
    'app!=x,tier',
    '!canary',
    'app.kubernetes.io/name in (a, b),env notin (dev)',
    'backstage.io/kubernetes-id=fraud-scorer',
    'app=',
  ])('accepts %j', selector => {
    expect(labelSelectorProblem(selector)).toBeUndefined();
  });

  it.each([
    '',
    'app=x y',
    'app=x"}',
    '=x',
    'app in (a,b',
    'app=(x)',
    'a/b/c=x',
  ])('refuses %j', selector => {
    expect(labelSelectorProblem(selector)).toBeDefined();
  });
});
