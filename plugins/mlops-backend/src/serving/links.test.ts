import { EntityTarget } from '../shared/entityTarget';
import { prometheusQueriesOf, servingLinks } from './links';
import { DEFAULT_PROFILES } from './profiles/defaultProfiles';
import { MetricProfile } from './profiles/types';

const template = DEFAULT_PROFILES.find(p => p.id === 'template')!;
const matchers = [{ label: 'service', op: '=' as const, value: 'scorer' }];
const traffic = 'sum(rate(model_server_requests_total{service="scorer"}[5m]))';

describe('Prometheus graph queries', () => {
  const withoutErrors: MetricProfile = { ...template, errors: undefined };
  const withoutLatency: MetricProfile = { ...template, latency: undefined };
  const meanOnly: MetricProfile = {
    ...template,
    latency: {
      type: 'mean',
      sum: { metric: 'duration_sum' },
      count: { metric: 'duration_count' },
      unit: 'seconds',
    },
  };
  it.each([
    [
      'traffic, errors and p95',
      template,
      [
        'Traffic in Prometheus',
        'Error ratio in Prometheus',
        'p95 latency in Prometheus',
      ],
    ],
    [
      'no error ratio without errors',
      withoutErrors,
      ['Traffic in Prometheus', 'p95 latency in Prometheus'],
    ],
    [
      'no p95 without latency',
      withoutLatency,
      ['Traffic in Prometheus', 'Error ratio in Prometheus'],
    ],
    [
      'no p95 from a mean',
      meanOnly,
      ['Traffic in Prometheus', 'Error ratio in Prometheus'],
    ],
  ])('%s', (_, profile, titles) => {
    const queries = prometheusQueriesOf(profile, matchers);
    expect(queries.map(q => q.title)).toEqual(titles);
    expect(queries[0].expr).toBe(traffic);
  });

  it('builds the error ratio and p95 of the template profile', () => {
    expect(prometheusQueriesOf(template, matchers).map(q => q.expr)).toEqual([
      traffic,
      '(sum(rate(model_server_requests_total{service="scorer", code=~"5.."}[5m])) or vector(0)) / sum(rate(model_server_requests_total{service="scorer"}[5m]))',
      'histogram_quantile(0.95, sum by (le) (rate(model_server_request_duration_seconds_bucket{service="scorer"}[5m]))) * 1000',
    ]);
  });
});

describe('serving links', () => {
  const target: EntityTarget = {
    entityRef: 'component:default/scorer',
    kubernetesId: 'scorer',
    namespace: 'ml',
    labelSelector: 'app=scorer',
    metricsWorkload: 'scorer',
    objectives: { availabilityPercent: 99.9, latencyP95Ms: 300 },
  };
  const queries = [{ title: 'Traffic in Prometheus', expr: 'up{a="b"}' }];
  it.each([
    [
      'annotated dashboard, Prometheus graph',
      { ...target, grafanaDashboard: 'https://grafana/d/x' },
      'https://grafana/d/abc/{{workload}}',
      'https://prom.example/',
      [
        'grafana https://grafana/d/x',
        'prometheus https://prom.example/graph?g0.expr=up%7Ba%3D%22b%22%7D&g0.tab=0&g0.range_input=1h',
      ],
    ],
    [
      'templated dashboard, no external Prometheus',
      target,
      'https://grafana/d/{{dashboardUid}}?var-ns={{namespace}}&var-w={{ workload }}&x={{other}}',
      undefined,
      [
        'grafana https://grafana/d/0b3bcf79d772?var-ns=ml&var-w=scorer&x={{other}}',
      ],
    ],
    ['nothing configured', target, undefined, undefined, []],
  ])('%s', (_, t, grafana, prometheus, links) => {
    expect(
      servingLinks({
        target: t,
        grafanaDashboardUrl: grafana,
        prometheusExternalUrl: prometheus,
        queries,
      }).map(l => `${l.kind} ${l.url}`),
    ).toEqual(links);
  });
});
