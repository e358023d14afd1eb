import type { V2HorizontalPodAutoscaler } from '@kubernetes/client-node';

/** HPAs as the apiserver returns them (JSON), one per situation the tab must show. */
export const NOW = new Date('2026-11-29T14:00:00Z');

const meta = (name: string) => ({
  name,
  namespace: 'fraud-ml',
  labels: { 'backstage.io/kubernetes-id': 'fraud-scorer' },
});
const target = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  name: 'fraud-scorer',
};

/** Scaling normally on CPU and requests per second. */
export const normalHpa = {
  metadata: meta('fraud-scorer'),
  spec: {
    scaleTargetRef: target,
    minReplicas: 2,
    maxReplicas: 10,
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
  status: {
    currentReplicas: 3,
    desiredReplicas: 3,
    lastScaleTime: '2026-11-29T13:50:00Z',
    currentMetrics: [
      {
        type: 'Resource',
        resource: {
          name: 'cpu',
          current: { averageUtilization: 35, averageValue: '350m' },
        },
      },
      {
        type: 'Pods',
        pods: {
          metric: { name: 'requests_per_second' },
          current: { averageValue: '42500m' },
        },
      },
    ],
    conditions: [
      {
        type: 'AbleToScale',
        status: 'True',
        reason: 'ReadyForNewScale',
        message: 'recommended size matches current size',
        lastTransitionTime: '2026-11-29T12:00:00Z',
      },
      {
        type: 'ScalingActive',
        status: 'True',
        reason: 'ValidMetricFound',
        message:
          'the HPA was able to successfully calculate a replica count from pods metric requests_per_second',
        lastTransitionTime: '2026-11-29T12:00:00Z',
      },
      {
        type: 'ScalingLimited',
        status: 'False',
        reason: 'DesiredWithinRange',
        message: 'the desired count is within the acceptable range',
        lastTransitionTime: '2026-11-29T12:00:00Z',
      },
    ],
  },
};

/** Pinned at maxReplicas for 42 minutes. */
export const atMaxHpa = {
  ...normalHpa,
  status: {
    ...normalHpa.status,
    currentReplicas: 10,
    desiredReplicas: 10,
    conditions: [
      normalHpa.status.conditions[0],
      normalHpa.status.conditions[1],
      {
        type: 'ScalingLimited',
        status: 'True',
        reason: 'TooManyReplicas',
        message:
          'the desired replica count is more than the maximum replica count',
        lastTransitionTime: '2026-11-29T13:18:00Z',
      },
    ],
  },
};

/** Metrics missing: the custom metrics API does not answer. */
export const metricsMissingHpa = {
  ...normalHpa,
  status: {
    currentReplicas: 3,
    desiredReplicas: 3,
    currentMetrics: [{ type: '' }],
    conditions: [
      normalHpa.status.conditions[0],
      {
        type: 'ScalingActive',
        status: 'False',
        reason: 'FailedGetPodsMetric',
        message:
          'the HPA was unable to compute the replica count: unable to get metric requests_per_second: unable to fetch metrics from custom metrics API: the server is currently unable to handle the request',
        lastTransitionTime: '2026-11-29T13:55:00Z',
      },
    ],
  },
};

/** Every other metric type, `behavior`, KEDA's owner reference. */
export const everyTypeHpa = {
  metadata: {
    name: 'keda-hpa-fraud-scorer',
    namespace: 'fraud-ml',
    ownerReferences: [
      {
        apiVersion: 'keda.sh/v1alpha1',
        kind: 'ScaledObject',
        name: 'fraud-scorer',
        uid: 'u1',
      },
    ],
  },
  spec: {
    scaleTargetRef: target,
    minReplicas: 1,
    maxReplicas: 2147483647,
    metrics: [
      {
        type: 'ContainerResource',
        containerResource: {
          name: 'memory',
          container: 'server',
          target: { type: 'AverageValue', averageValue: '1.5Gi' },
        },
      },
      {
        type: 'Object',
        object: {
          describedObject: {
            apiVersion: 'v1',
            kind: 'Service',
            name: 'fraud-scorer',
          },
          metric: { name: 'requests_per_second' },
          target: { type: 'Value', value: '2k' },
        },
      },
      {
        type: 'External',
        external: {
          metric: {
            name: 's0-kafka-lag',
            selector: { matchLabels: { scaledobject: 'fraud-scorer' } },
          },
          target: { type: 'AverageValue', averageValue: '500m' },
        },
      },
      {
        type: 'Telepathy',
        telepathy: { target: { type: 'Value', value: '1' } },
      },
    ],
    behavior: {
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
        policies: [{ type: 'Percent', value: 10, periodSeconds: 60 }],
      },
    },
  },
  status: {
    currentReplicas: 1,
    desiredReplicas: 1,
    currentMetrics: [
      {
        type: 'ContainerResource',
        containerResource: {
          name: 'memory',
          container: 'server',
          current: { averageValue: '1288490188800m' },
        },
      },
      {
        type: 'Object',
        object: {
          describedObject: {
            apiVersion: 'v1',
            kind: 'Service',
            name: 'fraud-scorer',
          },
          metric: { name: 'requests_per_second' },
          current: { value: 'lots' },
        },
      },
      {
        type: 'External',
        external: {
          metric: {
            name: 's0-kafka-lag',
            selector: { matchLabels: { scaledobject: 'fraud-scorer' } },
          },
          current: { averageValue: '250m' },
        },
      },
    ],
    conditions: [
      {
        type: 'AbleToScale',
        status: 'True',
        reason: 'ScaleDownStabilized',
        message: 'recent recommendations were higher than current one',
        lastTransitionTime: '2026-11-29T13:59:00Z',
      },
      {
        type: 'ScalingActive',
        status: 'True',
        reason: 'ValidMetricFound',
        message: 'ok',
        lastTransitionTime: '2026-11-29T13:00:00Z',
      },
      {
        type: 'ScalingLimited',
        status: 'True',
        reason: 'TooFewReplicas',
        message:
          'the desired replica count is less than the minimum replica count',
        lastTransitionTime: '2026-11-29T11:00:00Z',
      },
    ],
  },
};

/** Just created: no status at all. */
export const noStatusHpa = {
  metadata: {
    name: 'fresh',
    namespace: 'fraud-ml',
    labels: { 'scaledobject.keda.sh/name': 'fresh-so' },
  },
  spec: { scaleTargetRef: target, maxReplicas: 5 },
};

export function asHpa(json: object): V2HorizontalPodAutoscaler {
  return json as unknown as V2HorizontalPodAutoscaler;
}
