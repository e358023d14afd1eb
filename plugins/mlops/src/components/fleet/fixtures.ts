import { FleetServiceRow, FleetView } from '@internal/plugin-mlops-common';

export function fleetRow(
  name: string,
  overrides: Partial<FleetServiceRow> = {},
): FleetServiceRow {
  return {
    entityRef: `component:default/${name}`,
    name,
    title: null,
    owner: 'group:default/fraud-ml',
    system: 'system:default/fraud-detection',
    framework: 'scikit-learn',
    namespace: 'fraud-ml',
    clusters: ['sandbox-west'],
    status: 'healthy',
    reason: 'Within objectives: 10 req/s',
    requestsPerSecond: 10,
    errorRatio: 0.001,
    latencyP95Ms: 80,
    latencyP95ObjectiveMs: 300,
    errorBudgetRemaining: 0.9,
    burnRate1h: 0.5,
    replicas: {
      ready: 2,
      desired: 2,
      max: 4,
      pinnedAtMax: false,
      pinnedAtMaxSince: null,
    },
    gpusAllocated: 0,
    gpuUtilisation: null,
    ...overrides,
  };
}

export function fleetAnswer(overrides: Partial<FleetView> = {}): FleetView {
  return {
    state: 'ok',
    evaluatedAt: '2026-12-03T10:00:00.000Z',
    buildMs: 120,
    upstreamRequests: 17,
    services: [
      fleetRow('fraud-graph-embedder', {
        status: 'degraded',
        reason: 'p95 latency 900 ms is above its objective of 300 ms',
        replicas: {
          ready: 4,
          desired: 4,
          max: 4,
          pinnedAtMax: true,
          pinnedAtMaxSince: '2026-12-03T09:00:00.000Z',
        },
        gpusAllocated: 2,
        gpuUtilisation: 0.4,
      }),
      fleetRow('fraud-scorer', { title: 'Fraud scorer' }),
      fleetRow('reco-ranker', {
        owner: 'group:default/recsys',
        requestsPerSecond: 300,
      }),
    ],
    teams: [
      {
        owner: 'group:default/fraud-ml',
        services: 2,
        byStatus: { healthy: 1, degraded: 1, down: 0, unknown: 0 },
        worstBurnRate1h: 0.5,
        budgetExhausted: 0,
        gpusAllocated: 2,
        gpusIdle: 2,
        gpuHoursThisWeek: 12.5,
        costThisWeek: 51.25,
      },
    ],
    gpus: {
      pools: [
        {
          cluster: 'sandbox-east',
          gpuModel: 'NVIDIA-A100-SXM4-80GB',
          capacity: 16,
          allocated: 12,
          idle: 2,
        },
      ],
      pendingJobs: [],
      weekStart: '2026-11-30T00:00:00.000Z',
      services: [],
      cost: {
        currency: 'USD',
        pricePerGpuHour: { 'NVIDIA-A100-SXM4-80GB': 4.1 },
        unpricedModels: ['NVIDIA-L4'],
      },
    },
    sources: [],
    wholeFleet: true,
    ...overrides,
  };
}
