import { expectPromQL } from '../../__testUtils__/promtool';
import { DEFAULT_PROFILES } from './defaultProfiles';
import {
  detectionSignals,
  errorRatio,
  gpuUtilisation,
  healthSignals,
  latencyMs,
  MetricsScope,
  podRegex,
  scopeMatchers,
  sumRate,
  timeSeriesSignals,
} from './queries';
import { MetricProfile } from './types';

const profile = (id: string): MetricProfile =>
  DEFAULT_PROFILES.find(p => p.id === id)!;

const scope: MetricsScope = {
  namespace: 'fraud-ml',
  metricsWorkload: 'fraud-scorer',
  deployment: 'fraud-scorer',
};

describe('queries of the template profile', () => {
  const m = scopeMatchers(profile('template'), scope);

  it('selects the error ratio as the template alert rules do', () => {
    // ModelServiceHighErrorRate in chart/files/alerts.yaml, over 5m.
    expect(errorRatio(profile('template'), m, '5m')).toBe(
      '(sum(rate(model_server_requests_total{namespace="fraud-ml", service="fraud-scorer", code=~"5.."}[5m])) or vector(0))' +
        ' / sum(rate(model_server_requests_total{namespace="fraud-ml", service="fraud-scorer"}[5m]))',
    );
  });

  it('takes latency quantiles from the histogram, in milliseconds', () => {
    expect(latencyMs(profile('template'), m, '1h', 0.95)).toBe(
      'histogram_quantile(0.95, sum by (le) (rate(model_server_request_duration_seconds_bucket{namespace="fraud-ml", service="fraud-scorer"}[1h]))) * 1000',
    );
    expect(latencyMs(profile('template'), m, '5m', 'mean')).toBeUndefined();
  });

  it('asks for every burn-rate window and the SLO window at once', () => {
    expect(
      Object.keys(healthSignals(profile('template'), scope, '30d')).sort(),
    ).toEqual(
      [
        'series',
        'rps',
        'p50',
        'p95',
        'p99',
        'p95:1h',
        'cpu_ratio',
        'gpu_util',
        'error_ratio:5m',
        'error_ratio:30m',
        'error_ratio:1h',
        'error_ratio:2h',
        'error_ratio:6h',
        'error_ratio:1d',
        'error_ratio:3d',
        'error_ratio:30d',
      ].sort(),
    );
  });
});

describe('GPU utilisation of the Deployment', () => {
  it('takes GPU_UTIL of whole GPUs and the engine activity of MIG slices, 0 to 1', () => {
    const pods =
      'namespace="fraud-ml", pod=~"fraud-scorer(-canary|-blue|-green)?-[a-z0-9]+-[a-z0-9]+"';
    expect(gpuUtilisation(scope)).toBe(
      `avg((DCGM_FI_DEV_GPU_UTIL{${pods}} / 100) or DCGM_FI_PROF_GR_ENGINE_ACTIVE{${pods}})`,
    );
  });

  it('counts a whole GPU that exports both once, and slices sharing a UUID each (Prometheus evaluates it)', () => {
    const labels = (pod: string, device: string) =>
      `namespace="fraud-ml", pod="fraud-scorer-7d9f-${pod}", Hostname="n1", modelName="NVIDIA A100-SXM4-80GB", ${device}`;
    const whole = labels('abcde', 'gpu="0", UUID="GPU-a"');
    const slice = (pod: string, id: string) =>
      `DCGM_FI_PROF_GR_ENGINE_ACTIVE{${labels(
        pod,
        `gpu="1", UUID="GPU-b", GPU_I_PROFILE="1g.10gb", GPU_I_ID="${id}"`,
      )}}`;
    expectPromQL(
      [
        // DCGM exports profiling fields for whole GPUs too, when enabled.
        { series: `DCGM_FI_DEV_GPU_UTIL{${whole}}`, values: '60x10' },
        { series: `DCGM_FI_PROF_GR_ENGINE_ACTIVE{${whole}}`, values: '0.6x10' },
        { series: slice('fghij', '7'), values: '0.2x10' },
        { series: slice('klmno', '8'), values: '0.7x10' },
      ],
      // (0.6 + 0.2 + 0.7) / 3; counting the whole GPU twice would give 0.525.
      [{ expr: gpuUtilisation(scope), samples: [{ value: 0.5 }] }],
    );
  });
});

describe('queries of the other profiles', () => {
  it('matches pods of the Deployment for servers scraped per pod', () => {
    expect(scopeMatchers(profile('triton'), scope)).toEqual([
      { label: 'namespace', op: '=', value: 'fraud-ml' },
      {
        label: 'pod',
        op: '=~',
        value: 'fraud-scorer(-canary|-blue|-green)?-[a-z0-9]+-[a-z0-9]+',
      },
    ]);
  });

  it('sums several counters without letting `or` drop any', () => {
    expect(sumRate(profile('triton').requests, [], '5m')).toBe(
      'sum(label_replace(rate(nv_inference_request_success{}[5m]), "mlops_part", "0", "", "")' +
        ' or label_replace(rate(nv_inference_request_failure{}[5m]), "mlops_part", "1", "", ""))',
    );
  });

  it.each([
    ['kserve', { error: false, p95: true, mean: false }],
    ['triton', { error: true, p95: false, mean: true }],
    ['vllm', { error: true, p95: true, mean: false }],
    ['torchserve', { error: true, p95: false, mean: true }],
    ['tgi', { error: true, p95: true, mean: false }],
  ])('%s exports what its server measures', (id, expected) => {
    const signals = timeSeriesSignals(profile(id), scope, '5m');
    expect({
      error: 'error_ratio' in signals,
      p95: 'p95' in signals,
      mean: 'mean' in signals,
    }).toEqual(expected);
  });

  it('reads vLLM metric names with colons', () => {
    expect(timeSeriesSignals(profile('vllm'), scope, '5m').p99).toContain(
      'vllm:e2e_request_latency_seconds_bucket{namespace="fraud-ml"',
    );
  });

  it('reads summary quantiles from the configured quantile label', () => {
    const summary: MetricProfile = {
      ...profile('triton'),
      latency: {
        type: 'summary',
        metric: 'nv_inference_request_summary_us',
        unit: 'microseconds',
      },
    };
    expect(latencyMs(summary, [], '5m', 0.99)).toBe(
      'max(nv_inference_request_summary_us{quantile="0.99"}) * 0.001',
    );
  });
});

describe('scope', () => {
  it('restricts to the clusters of the instance when it has a cluster label', () => {
    expect(
      scopeMatchers(profile('template'), {
        ...scope,
        clusters: { label: 'cluster', names: ['sandbox-east', 'a.b'] },
      }),
    ).toContainEqual({
      label: 'cluster',
      op: '=~',
      value: 'sandbox-east|a\\.b',
    });
  });

  it('leaves out the namespace when the entity names none', () => {
    expect(
      scopeMatchers(profile('template'), { ...scope, namespace: undefined }),
    ).toEqual([{ label: 'service', op: '=', value: 'fraud-scorer' }]);
  });

  // What is left of a query once every string literal is emptied.
  const outsideLiterals = (promql: string) =>
    promql.replace(/"(?:[^"\\]|\\.)*"/g, '""');

  it.each([
    ['x"} or vector(1) or {a="'],
    ['a\\"} or vector(1) #'],
    ['x\n) or vector(1'],
    ['.*'],
    ['x|y'],
  ])('keeps the workload %j inside its string literals', workload => {
    const injected = {
      ...scope,
      metricsWorkload: workload,
      deployment: workload,
    };
    const queries = [
      ...Object.values(healthSignals(profile('template'), injected, '30d')),
      ...Object.values(timeSeriesSignals(profile('vllm'), injected, '5m')),
      ...Object.values(detectionSignals(DEFAULT_PROFILES, injected)),
    ];
    const safe = [
      ...Object.values(healthSignals(profile('template'), scope, '30d')),
      ...Object.values(timeSeriesSignals(profile('vllm'), scope, '5m')),
      ...Object.values(detectionSignals(DEFAULT_PROFILES, scope)),
    ];
    // Same query structure as with a harmless name: only literals differ.
    expect(queries.map(outsideLiterals)).toEqual(safe.map(outsideLiterals));
  });

  it('escapes regex metacharacters in pod-name regexes', () => {
    expect(podRegex('a.b|c')).toBe(
      'a\\.b\\|c(-canary|-blue|-green)?-[a-z0-9]+-[a-z0-9]+',
    );
  });
});
