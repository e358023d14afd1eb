import { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import { GoldenSignals, SourceReport } from '@internal/plugin-mlops-common';
import {
  ClusterWorkloads,
  LocatedClusters,
} from '../upstream/kubernetes/KubernetesWorkloadReader';
import {
  failedClustersOf,
  goldenSignalsOf,
  healthSourcesOf,
  kubernetesFailureOf,
  seriesFoundIn,
  serviceLevelOf,
  sloWindowOf,
} from './healthAnswer';

const values = (entries: Record<string, number | null>) =>
  new Map(Object.entries(entries));
const objectives = { availabilityPercent: 99.9, latencyP95Ms: 300 };
const round = (n: number | null | undefined) =>
  n === null || n === undefined ? n : Number(n.toFixed(9)) + 0;

describe('golden signals', () => {
  it('is null when the health query failed', () => {
    expect(goldenSignalsOf(undefined)).toBeNull();
  });

  const pickers: Array<[string, number, (s: GoldenSignals) => number | null]> =
    [
      ['rps', 12.5, s => s.requestsPerSecond],
      ['error_ratio:5m', 0.02, s => s.errorRatio],
      ['p50', 40, s => s.latency.p50Ms],
      ['p95', 180, s => s.latency.p95Ms],
      ['p99', 420, s => s.latency.p99Ms],
      ['mean', 55, s => s.latency.meanMs],
      ['cpu_ratio', 0.7, s => s.saturation.cpuRatio],
      ['gpu_util', 0.9, s => s.saturation.gpuUtilisation],
    ];
  it.each(pickers)('maps the batched %s to its signal', (name, value, pick) => {
    expect(pick(goldenSignalsOf(values({ [name]: value }))!)).toBe(value);
    expect(pick(goldenSignalsOf(values({ rps: 1, other: 2 }))!)).toBe(
      name === 'rps' ? 1 : null,
    );
  });

  it.each([
    [values({ series: 3 }), true],
    [values({ series: 0 }), false],
    [values({ series: null }), false],
    [values({}), false],
    [undefined, false],
  ])('series %j found: %p', (v, found) => {
    expect(seriesFoundIn(v)).toBe(found);
  });
});

describe('service level', () => {
  it('is null when the health query failed', () => {
    expect(serviceLevelOf(undefined, objectives, 30)).toBeNull();
  });

  it.each([
    // SLO-window error ratio, availability, budget remaining
    [0.0005, 0.9995, 0.5],
    [0.002, 0.998, -1],
    [0, 1, 1],
    [null, null, null],
  ])(
    'error ratio %p over 30d: availability %p, budget left %p',
    (ratio, availability, remaining) => {
      const slo = serviceLevelOf(
        values({ 'error_ratio:30d': ratio, 'p95:1h': 210 }),
        objectives,
        30,
      )!;
      expect(round(slo.availability)).toBe(availability);
      expect(round(slo.errorBudgetRemaining)).toBe(remaining);
      expect(slo).toMatchObject({
        availabilityObjectivePercent: 99.9,
        latencyP95ObjectiveMs: 300,
        windowDays: 30,
        latencyP95Over1hMs: 210,
      });
    },
  );

  it.each([
    // error ratios by window, burn rates 5m/1h, page alert 1h/5m firing
    [{ '5m': 0.02, '1h': 0.015 }, [20, 15], true],
    [{ '5m': 0.001, '1h': 0.015 }, [1, 15], false],
    [{}, [null, null], null],
  ])('burns at %j', (ratios, [rate5m, rate1h], firing) => {
    const slo = serviceLevelOf(
      values(
        Object.fromEntries(
          Object.entries(ratios).map(([w, r]) => [`error_ratio:${w}`, r]),
        ),
      ),
      objectives,
      28,
    )!;
    expect(slo.burnRates.map(w => w.window)).toEqual([
      '5m',
      '30m',
      '1h',
      '2h',
      '6h',
      '1d',
      '3d',
    ]);
    const rate = (w: string) =>
      round(slo.burnRates.find(b => b.window === w)!.burnRate);
    expect([rate('5m'), rate('1h')]).toEqual([rate5m, rate1h]);
    expect(
      slo.alerts.find(a => a.longWindow === '1h' && a.shortWindow === '5m')!
        .firing,
    ).toBe(firing);
    expect(slo.windowDays).toBe(28);
  });

  it.each([
    [30, '30d'],
    [7, '7d'],
  ])('the SLO window of %p days is %p', (days, window) => {
    expect(sloWindowOf(days)).toBe(window);
  });
});

const cluster = (name: string) => ({ name } as ClusterDetails);
const answered = (name: string): ClusterWorkloads => ({
  cluster: name,
  ok: true,
  requests: 2,
  durationMs: 12,
  deployments: [],
  pods: [],
});
const refused = (name: string): ClusterWorkloads => ({
  cluster: name,
  ok: false,
  error: { kind: 'forbidden', message: `${name} said 403` },
  requests: 1,
  durationMs: 8,
});

describe('kubernetes side', () => {
  it.each([
    [
      { ok: false, message: 'no kubernetes plugin' },
      [],
      'no kubernetes plugin',
    ],
    [
      { ok: true, clusters: [] },
      [],
      'the kubernetes plugin locates this entity on no cluster',
    ],
    [{ ok: true, clusters: [cluster('eu-1')] }, [cluster('eu-1')], undefined],
  ] as Array<[LocatedClusters, ClusterDetails[], string | undefined]>)(
    'located %j: failure %p',
    (located, clusters, failure) => {
      expect(kubernetesFailureOf(located, clusters)).toBe(failure);
    },
  );

  it.each([
    [
      [answered('eu-1'), refused('eu-2')],
      [{ cluster: 'eu-2', message: 'eu-2 said 403' }],
    ],
    [[answered('eu-1')], []],
    [[], []],
  ])('failed clusters of %j', (workloads, failed) => {
    expect(failedClustersOf(workloads)).toEqual(failed);
  });

  const prometheus: SourceReport = {
    kind: 'prometheus',
    name: 'main',
    ok: true,
    requests: 1,
    durationMs: 20,
  };
  it.each([
    [
      [answered('eu-1'), refused('eu-2')],
      { ok: true, clusters: [cluster('eu-1'), cluster('eu-2')] },
      [
        prometheus,
        {
          kind: 'kubernetes',
          name: 'eu-1',
          ok: true,
          requests: 2,
          durationMs: 12,
        },
        {
          kind: 'kubernetes',
          name: 'eu-2',
          ok: false,
          error: { kind: 'forbidden', message: 'eu-2 said 403' },
          requests: 1,
          durationMs: 8,
        },
      ],
    ],
    [
      [],
      { ok: false, message: 'no kubernetes plugin' },
      [
        prometheus,
        {
          kind: 'kubernetes',
          name: 'kubernetes',
          ok: false,
          error: { kind: 'not-configured', message: 'no kubernetes plugin' },
          requests: 0,
          durationMs: 0,
        },
      ],
    ],
  ] as Array<[ClusterWorkloads[], LocatedClusters, SourceReport[]]>)(
    'sources of %j',
    (workloads, located, sources) => {
      expect(healthSourcesOf(prometheus, workloads, located)).toEqual(sources);
    },
  );
});
