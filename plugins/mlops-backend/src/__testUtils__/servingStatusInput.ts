import {
  GoldenSignals,
  ReplicaHealth,
  ServiceLevelStatus,
} from '@internal/plugin-mlops-common';
import { burnRateAlerts, burnRateWindows } from '../serving/burnRate';
import { StatusInput } from '../serving/status';

/** A healthy service's status input, and builders to make it less so. */
export const signals = (over: Partial<GoldenSignals> = {}): GoldenSignals => ({
  requestsPerSecond: 60,
  errorRatio: 0.0003,
  latency: { p50Ms: 20, p95Ms: 40, p99Ms: 80, meanMs: null },
  saturation: { cpuRatio: 0.4, gpuUtilisation: null },
  ...over,
});

export const slo = (
  ratios: Record<string, number> = {},
): ServiceLevelStatus => {
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
    tokenObjectives: [],
  };
};

export const replicas = (over: Partial<ReplicaHealth> = {}): ReplicaHealth => ({
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

export const healthy: StatusInput = {
  signals: signals(),
  metricsFound: true,
  metricsSelector:
    'model_server_requests_total{namespace="fraud-ml", service="fraud-scorer"}',
  slo: slo(),
  replicas: replicas(),
  failedClusters: [],
  thresholds: { highErrorRatio: 0.05, criticalErrorRatio: 0.5 },
};
