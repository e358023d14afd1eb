import { FleetServiceRow, FleetView } from '@internal/plugin-mlops-common';

/** A fleet row with figures, changed by `overrides`. */
export function fleetRow(
  name: string,
  overrides: Partial<FleetServiceRow> = {},
): FleetServiceRow {
  return {
    entityRef: `component:default/${name}`,
    name,
    title: null,
    owner: 'group:default/fraud-ml',
    system: null,
    framework: null,
    namespace: 'fraud-ml',
    clusters: ['east'],
    status: 'healthy',
    reason: 'Within objectives',
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

/** A fleet answer of `services`. */
export function fleetView(services: FleetServiceRow[]): FleetView {
  return {
    state: 'ok',
    evaluatedAt: '2026-12-03T10:00:00.000Z',
    buildMs: 10,
    upstreamRequests: 7,
    services,
    teams: [],
    gpus: {
      pools: [],
      pendingJobs: [],
      weekStart: '2026-11-30T00:00:00.000Z',
      services: [],
      cost: { currency: 'USD', pricePerGpuHour: {}, unpricedModels: [] },
    },
    sources: [],
    wholeFleet: true,
  };
}
