import {
  GoldenSignals,
  ReplicaHealth,
  ServiceLevelStatus,
} from '@internal/plugin-mlops-common';
import { burnRateAlerts, burnRateWindows } from './burnRate';
import { evaluateStatus, formatPercent, StatusInput } from './status';

const signals = (over: Partial<GoldenSignals> = {}): GoldenSignals => ({
  requestsPerSecond: 60,
  errorRatio: 0.0003,
  latency: { p50Ms: 20, p95Ms: 40, p99Ms: 80, meanMs: null },
  saturation: { cpuRatio: 0.4, gpuUtilisation: null },
  ...over,
});

const slo = (ratios: Record<string, number> = {}): ServiceLevelStatus => {
  const windows = burnRateWindows(
    {
      '5m': 0.0003,
      '30m': 0.0003,
      '1h': 0.0003,
      '2h': 0.0003,
      '6h': 0.0003,
      '1d': 0.0003,
      '3d': 0.0003,
      ...ratios,
    },
    99.9,
  );
  return {
    availabilityObjectivePercent: 99.9,
    latencyP95ObjectiveMs: 300,
    windowDays: 30,
    availability: 0.9997,
    errorBudgetRemaining: 0.7,
    burnRates: windows,
    alerts: burnRateAlerts(windows, 99.9),
    latencyP95Over1hMs: 40,
  };
};

const replicas = (over: Partial<ReplicaHealth> = {}): ReplicaHealth => ({
  desired: 3,
  ready: 3,
  restarts: 0,
  crashLoopingPods: 0,
  recentOomKills: 0,
  recentWindowMinutes: 15,
  workloads: [
    {
      cluster: 'sandbox-west',
      namespace: 'fraud-ml',
      name: 'fraud-scorer',
      desiredReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      images: [],
      version: '1.4.2',
    },
  ],
  pods: [],
  podsTruncated: false,
  ...over,
});

const healthy: StatusInput = {
  signals: signals(),
  metricsFound: true,
  metricsSelector:
    'model_server_requests_total{namespace="fraud-ml", service="fraud-scorer"}',
  slo: slo(),
  replicas: replicas(),
  failedClusters: [],
  thresholds: { highErrorRatio: 0.05, criticalErrorRatio: 0.5 },
};

describe('evaluateStatus', () => {
  it.each<[string, Partial<StatusInput>, string, string[]]>([
    ['everything within objectives', {}, 'healthy', ['within-objectives']],
    [
      'no traffic but ready replicas',
      { signals: signals({ requestsPerSecond: 0, errorRatio: null }) },
      'healthy',
      ['within-objectives', 'no-traffic'],
    ],
    [
      'a 25 % error spike with its budget burning',
      {
        signals: signals({ errorRatio: 0.25 }),
        slo: slo({ '5m': 0.25, '30m': 0.1, '1h': 0.05, '6h': 0.02 }),
      },
      'degraded',
      ['errors-high', 'error-budget-fast-burn'],
    ],
    [
      'most requests failing',
      { signals: signals({ errorRatio: 0.8 }) },
      'down',
      ['errors-critical'],
    ],
    [
      'errors at the threshold are not yet high',
      { signals: signals({ errorRatio: 0.05 }) },
      'healthy',
      ['within-objectives'],
    ],
    [
      'p95 latency over its objective',
      {
        signals: signals({
          latency: { p50Ms: 350, p95Ms: 900, p99Ms: 1200, meanMs: null },
        }),
      },
      'degraded',
      ['latency-objective'],
    ],
    [
      'a slow leak of the budget',
      { slo: slo({ '2h': 0.004, '1d': 0.004, '6h': 0.004, '3d': 0.004 }) },
      'degraded',
      ['error-budget-slow-burn'],
    ],
    [
      'pods crash-looping with no replica ready',
      {
        signals: signals({ requestsPerSecond: 0 }),
        replicas: replicas({
          ready: 0,
          crashLoopingPods: 3,
          recentOomKills: 3,
          restarts: 12,
        }),
      },
      'down',
      ['no-ready-replicas', 'crash-looping', 'oom-killed', 'no-traffic'],
    ],
    [
      'one replica of three not ready',
      { replicas: replicas({ ready: 2 }) },
      'degraded',
      ['replicas-not-ready'],
    ],
    [
      'Prometheus down, replicas fine',
      {
        signals: null,
        slo: null,
        metricsFailure: "Prometheus 'sandbox' is unreachable (ECONNREFUSED)",
      },
      'unknown',
      ['metrics-unavailable'],
    ],
    [
      'Prometheus down and replicas crashing',
      {
        signals: null,
        slo: null,
        metricsFailure: 'timeout',
        replicas: replicas({ ready: 1, crashLoopingPods: 2 }),
      },
      'degraded',
      ['replicas-not-ready', 'crash-looping', 'metrics-unavailable'],
    ],
    [
      'no series for the selector',
      { metricsFound: false },
      'unknown',
      ['no-metrics'],
    ],
    [
      "the service's only cluster unreachable",
      {
        replicas: replicas({ desired: 0, ready: 0, workloads: [] }),
        failedClusters: [
          {
            cluster: 'sandbox-west',
            message: "Cluster 'sandbox-west' is unreachable (ECONNREFUSED)",
          },
        ],
      },
      'unknown',
      ['workloads-unavailable'],
    ],
    [
      'another cluster unreachable while this one answers',
      {
        failedClusters: [
          {
            cluster: 'sandbox-west',
            message: "Cluster 'sandbox-west' is unreachable (ECONNREFUSED)",
          },
        ],
      },
      'healthy',
      ['within-objectives', 'cluster-unavailable'],
    ],
    [
      'no cluster answered at all',
      {
        replicas: null,
        kubernetesFailure: 'the kubernetes plugin has provided no clusters',
      },
      'unknown',
      ['workloads-unavailable'],
    ],
    [
      'no Deployment anywhere but metrics flowing',
      { replicas: replicas({ desired: 0, ready: 0, workloads: [] }) },
      'healthy',
      ['within-objectives', 'no-workloads'],
    ],
    [
      'nothing at all: no metrics, no Deployment',
      {
        metricsFound: false,
        replicas: replicas({ desired: 0, ready: 0, workloads: [] }),
      },
      'unknown',
      ['no-metrics', 'no-workloads'],
    ],
  ])('%s → %s', (_name, over, status, codes) => {
    const result = evaluateStatus({ ...healthy, ...over });
    expect(result.status).toBe(status);
    expect(result.reasons.map(r => r.code)).toEqual(codes);
  });

  it('says what it measured when healthy', () => {
    expect(evaluateStatus(healthy).reasons[0].message).toBe(
      'Within objectives: 60 req/s, 0.030 % errors, p95 40 ms, 3/3 replicas ready',
    );
  });

  it('names the selector and the annotations to check when no series exist', () => {
    expect(
      evaluateStatus({ ...healthy, metricsFound: false }).reasons[0].message,
    ).toBe(
      'No metrics found for model_server_requests_total{namespace="fraud-ml", service="fraud-scorer"}; check the annotations backstage.io/kubernetes-id, backstage.io/kubernetes-namespace and mlops-portal.io/metrics-profile',
    );
  });

  it('names the failed source', () => {
    const result = evaluateStatus({
      ...healthy,
      signals: null,
      metricsFailure: "Prometheus 'sandbox' did not answer within 5000 ms",
    });
    expect(result.reasons[0].message).toBe(
      "Traffic, errors and latency are unknown: Prometheus 'sandbox' did not answer within 5000 ms",
    );
  });
});

describe('formatPercent', () => {
  it.each([
    [0, '0 %'],
    [0.0003, '0.030 %'],
    [0.0123, '1.2 %'],
    [0.25, '25 %'],
    [1, '100 %'],
  ])('%p → %s', (ratio, text) => {
    expect(formatPercent(ratio)).toBe(text);
  });
});
