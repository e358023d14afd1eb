import { KedaScaledObject } from '../upstream/kubernetes/kedaTypes';
import { scaledObjectView } from './scaledObjectView';

/** As the sandbox's simulator writes it for reco-candidate-retrieval, plus a kafka trigger with an auth ref. */
const scaledObject: KedaScaledObject = {
  apiVersion: 'keda.sh/v1alpha1',
  kind: 'ScaledObject',
  metadata: {
    name: 'reco',
    namespace: 'recsys',
    annotations: {},
  },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'reco' },
    pollingInterval: 15,
    cooldownPeriod: 300,
    minReplicaCount: 2,
    maxReplicaCount: 9,
    fallback: { failureThreshold: 3, replicas: 9 },
    triggers: [
      {
        type: 'prometheus',
        metadata: {
          serverAddress: 'http://admin:hunter2@prometheus:9090',
          query: 'sum(rate(x[1m]))',
          threshold: '50',
        },
      },
      { type: 'cpu', metricType: 'Utilization', metadata: { value: '70' } },
      {
        type: 'kafka',
        metadata: {
          bootstrapServers: 'kafka:9092',
          sasl: 'plaintext',
          password: 'hunter2',
          connectionString: 'Endpoint=sb://x;SharedAccessKey=hunter2',
        },
        authenticationRef: { name: 'kafka-auth' },
      },
    ],
  },
  status: {
    hpaName: 'keda-hpa-reco',
    externalMetricNames: ['s0-prometheus', 's2-kafka-topic'],
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        reason: 'ScaledObjectReady',
        message: 'ScaledObject is defined correctly and is ready for scaling',
      },
      { type: 'Fallback', status: 'False', reason: 'NoFallbackFound' },
      { type: 'Paused', status: 'False' },
    ],
    health: {
      's0-prometheus': { numberOfFailures: 0, status: 'Happy' },
      's2-kafka-topic': { numberOfFailures: 2, status: 'Failing' },
    },
  },
};

describe('scaledObjectView', () => {
  it('shows triggers with their metric and health, never a secret', () => {
    const view = scaledObjectView('west', scaledObject);
    expect(JSON.stringify(view)).not.toContain('hunter2');
    expect(view.triggers.map(t => [t.type, t.metricName])).toEqual([
      ['prometheus', 's0-prometheus'],
      ['cpu', null],
      ['kafka', 's2-kafka-topic'],
    ]);
    expect(view.triggers[0].metadata).toContainEqual({
      key: 'serverAddress',
      value: 'http://redacted@prometheus:9090/',
    });
    expect(view.triggers[2].metadata).toEqual([
      { key: 'bootstrapServers', value: 'kafka:9092' },
      { key: 'sasl', value: 'plaintext' },
      { key: 'password', value: null },
      { key: 'connectionString', value: null },
    ]);
    expect(view.triggers[2].authenticationRef).toEqual({
      kind: 'TriggerAuthentication',
      name: 'kafka-auth',
    });
    expect(view.triggers[2].health).toEqual({
      status: 'Failing',
      numberOfFailures: 2,
    });
    expect(view).toMatchObject({
      cluster: 'west',
      hpaName: 'keda-hpa-reco',
      minReplicaCount: 2,
      maxReplicaCount: 9,
      paused: false,
      pausedReplicas: null,
      fallback: { failureThreshold: 3, replicas: 9, active: false },
    });
    expect(view.summary).toEqual([
      'The kafka trigger is failing (2 failures in a row; fallback after 3)',
    ]);
  });

  it.each([
    [{ 'autoscaling.keda.sh/paused-replicas': '3' }, true, 3],
    [{ 'autoscaling.keda.sh/paused': 'true' }, true, null],
    [{ 'autoscaling.keda.sh/paused': 'false' }, false, null],
    [{ 'autoscaling.keda.sh/paused-scale-in': 'true' }, false, null],
  ])(
    'annotations %j: paused %s, replicas %s',
    (annotations, paused, replicas) => {
      const view = scaledObjectView('west', {
        ...scaledObject,
        metadata: { ...scaledObject.metadata, annotations },
      });
      expect([view.paused, view.pausedReplicas]).toEqual([paused, replicas]);
      expect(view.summary.some(s => s.startsWith('Paused'))).toBe(paused);
    },
  );

  it('fallback is active by the condition or by failures over the threshold', () => {
    const failing = scaledObjectView('west', {
      ...scaledObject,
      status: {
        ...scaledObject.status,
        health: { 's0-prometheus': { numberOfFailures: 4, status: 'Failing' } },
      },
    });
    expect(failing.fallback?.active).toBe(true);
    expect(failing.summary[0]).toBe(
      'Fallback active: a trigger failed more than 3 times in a row, so KEDA feeds the HPA 9 replicas',
    );
  });

  it.each([
    ['nothing', {}],
    [
      'wrong types',
      {
        spec: { triggers: 'x', fallback: { replicas: 'many' } },
        status: { conditions: [null], health: 'bad' },
      },
    ],
    [
      'odd trigger',
      { spec: { triggers: [null, { type: 5, metadata: [1, 2] }] } },
    ],
  ])('tolerates %s', (_what, object) => {
    const view = scaledObjectView(
      'west',
      object as unknown as KedaScaledObject,
    );
    expect(view.name).toBe('');
    expect(Array.isArray(view.triggers)).toBe(true);
  });
});
