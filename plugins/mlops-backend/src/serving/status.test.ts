import { burnRateAlerts, burnRateWindows } from './burnRate';
import { evaluateStatus, StatusInput } from './status';
import {
  healthy,
  replicas,
  signals,
  slo,
} from '../__testUtils__/servingStatusInput';

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

  it("says when an LLM's time to first token burns its budget", () => {
    const windows = burnRateWindows(
      {
        '5m': 0.9,
        '30m': 0.85,
        '1h': 0.8,
        '2h': 0.5,
        '6h': 0.2,
        '1d': 0.05,
        '3d': 0.02,
      },
      95,
    );
    const calm = burnRateWindows({ '5m': 0.01, '1h': 0.01 }, 95);
    const result = evaluateStatus({
      ...healthy,
      slo: {
        ...slo(),
        tokenObjectives: [
          {
            figure: 'ttft',
            p95ObjectiveMs: 500,
            burnRates: windows,
            alerts: burnRateAlerts(windows, 95),
          },
          {
            figure: 'tpot',
            p95ObjectiveMs: 50,
            burnRates: calm,
            alerts: burnRateAlerts(calm, 95),
          },
        ],
      },
    });
    expect(result.status).toBe('degraded');
    expect(result.reasons).toEqual([
      {
        code: 'token-latency-burn',
        severity: 'degraded',
        message:
          '80 % of requests wait longer than 500 ms for their first token over 1h: the time-to-first-token budget burns more than 14.4× too fast',
      },
    ]);
  });
});

describe('evaluateStatus with InferenceServices', () => {
  it('is down when an InferenceService is not Ready, whatever the traffic says', () => {
    const finding = {
      code: 'inferenceservice-not-ready' as const,
      severity: 'down' as const,
      message:
        'InferenceService scorer in ml on cluster east is not Ready (False): RevisionFailed: Revision "scorer-predictor-00002" failed',
    };
    const result = evaluateStatus({
      ...healthy,
      inferenceServiceFindings: [finding],
    });
    expect(result.status).toBe('down');
    expect(result.reasons[0]).toEqual(finding);
  });
});
