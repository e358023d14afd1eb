import {
  ADAPTER_QUERY_MARK,
  parseQueryLog,
  PrometheusQueryFilter,
  selectPrometheusQueries,
} from './queryLog';

const api = (ts: string, query: string) =>
  JSON.stringify({
    httpRequest: {
      clientIP: '127.0.0.1',
      method: 'POST',
      path: '/api/v1/query',
    },
    params: { end: ts, query, start: ts, step: 0 },
    stats: { timings: { evalTotalTime: 0.001 } },
    ts,
  });

const LOG = [
  api(
    '2025-03-01T10:00:00.000Z',
    'sum(rate(model_server_requests_total{namespace="fraud-ml",service="fraud-scorer"}[5m]))',
  ),
  JSON.stringify({
    params: {
      end: '2025-03-01T10:00:01.000Z',
      query: 'sum(rate(model_server_requests_total{namespace="fraud-ml"}[5m]))',
      start: '2025-03-01T10:00:01.000Z',
      step: 0,
    },
    ruleGroup: {
      file: 'rules/model-services/fraud-scorer.yml',
      name: 'fraud-scorer.slo',
    },
    ts: '2025-03-01T10:00:01.000Z',
  }),
  api(
    '2025-03-01T10:00:02.000Z',
    `sum(rate(model_server_requests_total{namespace="fraud-ml",pod=~"a|b"}[30s])) by (pod)\n${ADAPTER_QUERY_MARK}`,
  ),
  '{"truncated',
  api('2025-03-01T10:00:03.000Z', 'up{namespace="reco"}'),
  api(
    '2025-03-01T10:00:04.000Z',
    'kube_deployment_status_replicas_available{namespace="fraud-ml"}',
  ),
];

describe('parseQueryLog', () => {
  it('tells API clients, the adapters and rule evaluations apart', () => {
    expect(parseQueryLog(LOG).map(q => q.source)).toEqual([
      'api',
      'rules',
      'adapter',
      'api',
      'api',
    ]);
  });
});

describe('selectPrometheusQueries', () => {
  const queries = parseQueryLog(LOG);
  const cases: Array<[string, PrometheusQueryFilter, number[]]> = [
    ['API clients by default', {}, [0, 3, 4]],
    ['matching a namespace', { matching: ['namespace="fraud-ml"'] }, [0, 4]],
    [
      'every string must match',
      { matching: ['namespace="fraud-ml"', 'service='] },
      [0],
    ],
    [
      'since a time',
      {
        since: new Date('2025-03-01T10:00:03Z'),
        matching: ['namespace="fraud-ml"'],
      },
      [4],
    ],
    ['a namespace never queried', { matching: ['namespace="search"'] }, []],
    [
      'the adapters and rules when asked',
      { sources: ['adapter', 'rules'], matching: ['fraud-ml'] },
      [1, 2],
    ],
  ];

  it.each(cases)('%s', (_, filter, expected) => {
    expect(
      selectPrometheusQueries(queries, filter).map(q =>
        q.loggedAt.getUTCSeconds(),
      ),
    ).toEqual(expected);
  });
});
