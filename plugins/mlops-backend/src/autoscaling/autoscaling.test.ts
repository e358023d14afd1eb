import { mockCredentials } from '@backstage/backend-test-utils';
import { EntityAutoscaling } from '@internal/plugin-mlops-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import {
  atMaxHpa,
  everyTypeHpa,
  metricsMissingHpa,
  noStatusHpa,
} from './__fixtures__/hpas';
import {
  startMlopsBackend,
  modelService,
  TEST_PROMETHEUS,
  TEST_APISERVER,
  testCluster,
} from '../__testUtils__/startMlopsBackend';

// Without --experimental-vm-modules jest cannot import() ESM; it can require it.
jest.mock('../upstream/kubernetes/clientNode', () => ({
  loadClientNode: async () => jest.requireActual('@kubernetes/client-node'),
}));

/*
 * GET /api/mlops/entities/:kind/:namespace/:name/autoscaling with a stand-in
 * apiserver and Prometheus (msw): the HTTP contract, bad input, odd HPAs and
 * faults. The real ones: src/integration/autoscaling.test.ts.
 */
// Starting a backend can take over 5 s on a busy 2-core CI machine.
jest.setTimeout(60_000);

const entities = [
  modelService('fraud-scorer', {
    'backstage.io/kubernetes-id': 'fraud-scorer',
    'backstage.io/kubernetes-namespace': 'fraud-ml',
  }),
  modelService('bare', {}),
];

const hpaEvent = {
  metadata: { uid: 'ev-1', name: 'fraud-scorer.1', namespace: 'fraud-ml' },
  involvedObject: {
    kind: 'HorizontalPodAutoscaler',
    namespace: 'fraud-ml',
    name: 'fraud-scorer',
  },
  reason: 'SuccessfulRescale',
  message: 'New size: 10; reason: pods metric requests_per_second above target',
  type: 'Normal',
  count: 2,
  lastTimestamp: '2026-11-29T13:18:00Z',
};
const otherEvent = {
  ...hpaEvent,
  metadata: { ...hpaEvent.metadata, uid: 'ev-2' },
  involvedObject: { ...hpaEvent.involvedObject, name: 'someone-else' },
};

const upstream = setupServer();
let calls: string[] = [];
let hpas: object[] = [];
let apiserverStatus = 200;
let prometheusStatus = 200;

function handlers() {
  const list =
    (items: () => object[]) =>
    ({ request: req }: { request: Request }) => {
      calls.push(req.url);
      if (apiserverStatus !== 200) {
        return HttpResponse.json(
          {
            kind: 'Status',
            message: 'horizontalpodautoscalers.autoscaling is forbidden',
            code: apiserverStatus,
          },
          { status: apiserverStatus },
        );
      }
      return HttpResponse.json({ kind: 'List', metadata: {}, items: items() });
    };
  return [
    http.get(
      `${TEST_APISERVER}/apis/autoscaling/v2/namespaces/fraud-ml/horizontalpodautoscalers`,
      list(() => hpas),
    ),
    http.get(
      `${TEST_APISERVER}/api/v1/namespaces/fraud-ml/events`,
      list(() => [hpaEvent, otherEvent]),
    ),
    http.post(
      `${TEST_PROMETHEUS}/api/v1/query_range`,
      async ({ request: req }) => {
        const params = new URLSearchParams(await req.text());
        calls.push(`prometheus ${params.get('query')}`);
        if (prometheusStatus !== 200) {
          return HttpResponse.json(
            { status: 'error', error: 'query failed' },
            { status: prometheusStatus },
          );
        }
        const start = Number(params.get('start'));
        const series = (kind: string, values: string[]) => ({
          metric: { mlops_signal: `${kind}|fraud-ml|fraud-scorer` },
          values: values.map((v, i) => [start + i * 30, v]),
        });
        return HttpResponse.json({
          status: 'success',
          data: {
            resultType: 'matrix',
            result: [
              series('current', ['3', '10']),
              series('desired', ['10', '10']),
              series('max', ['10', '10']),
            ],
          },
        });
      },
    ),
  ];
}

async function startPlugin(options: { deny?: boolean } = {}) {
  return startMlopsBackend({
    entities,
    clusters: [testCluster],
    deny: options.deny,
    config: {
      mlops: {
        prometheus: {
          instances: [{ name: 'main', url: TEST_PROMETHEUS, timeout: '5s' }],
        },
        autoscaling: { cacheTtl: '10s' },
      },
    },
  });
}

const user = mockCredentials.user.header();
const path = (name: string) =>
  `/api/mlops/entities/component/default/${name}/autoscaling`;

describe('GET /api/mlops/.../autoscaling', () => {
  beforeAll(() => upstream.listen({ onUnhandledRequest: 'bypass' }));
  afterAll(() => upstream.close());
  beforeEach(() => {
    calls = [];
    hpas = [atMaxHpa];
    apiserverStatus = 200;
    prometheusStatus = 200;
    upstream.resetHandlers(...handlers());
  });

  it('answers the HPAs, their Events and replicas from two lists and one query, then from the cache', async () => {
    const server = await startPlugin();
    const response = await request(server)
      .get(path('fraud-scorer'))
      .set('authorization', user);
    expect(response.status).toBe(200);
    const body: EntityAutoscaling = response.body;
    expect(body.hpas).toHaveLength(1);
    expect(body.hpas[0]).toMatchObject({
      cluster: 'test-east',
      name: 'fraud-scorer',
      pinned: { at: 'max', replicas: 10 },
      currentReplicas: 10,
    });
    expect(body.hpas[0].summary[0]).toMatch(
      /^Capped at maxReplicas=10 for .+: raise maxReplicas or reduce load$/,
    );
    expect(body.events).toEqual([
      expect.objectContaining({
        hpa: 'fraud-scorer',
        reason: 'SuccessfulRescale',
        toReplicas: 10,
        count: 2,
      }),
    ]);
    expect(body.series[0]).toMatchObject({
      source: 'prometheus',
      hpa: 'fraud-scorer',
    });
    expect(
      body.series[0].points.map(p => [p.current, p.desired, p.min, p.max]),
    ).toEqual([
      [3, 10, null, 10],
      [10, 10, null, 10],
    ]);
    expect(body.sources.map(s => [s.kind, s.name, s.ok, s.requests])).toEqual([
      ['prometheus', 'main', true, 1],
      ['kubernetes', 'test-east', true, 2],
    ]);
    expect(
      calls.filter(c =>
        c.includes('labelSelector=backstage.io%2Fkubernetes-id%3Dfraud-scorer'),
      ),
    ).toHaveLength(1);

    const again = await request(server)
      .get(path('fraud-scorer'))
      .set('authorization', user);
    expect(again.body.cached).toBe(true);
    expect(
      again.body.sources.map((s: { requests: number }) => s.requests),
    ).toEqual([0, 0]);
    expect(calls).toHaveLength(3);
  });

  it('shows odd HPAs as unknown rather than failing: no status, unknown metric types, huge numbers', async () => {
    hpas = [noStatusHpa, everyTypeHpa, metricsMissingHpa];
    const server = await startPlugin();
    const response = await request(server)
      .get(path('fraud-scorer'))
      .set('authorization', user);
    expect(response.status).toBe(200);
    const [fresh, every, missing] = (response.body as EntityAutoscaling).hpas;
    expect(fresh).toMatchObject({
      statusMissing: true,
      currentReplicas: null,
      scaledObject: 'fresh-so',
    });
    expect(every.maxReplicas).toBe(2147483647);
    expect(
      every.metrics.map(m => [m.type, m.known, m.current?.display ?? null]),
    ).toEqual([
      ['ContainerResource', true, '1.2 GiB'],
      ['Object', true, 'unknown (lots)'],
      ['External', true, '0.25'],
      ['Telepathy', false, null],
    ]);
    expect(missing.conditions[1]).toMatchObject({
      reason: 'FailedGetPodsMetric',
      problem: true,
    });
  });

  it('answers without HPAs when the cluster forbids the lists, naming the 403', async () => {
    apiserverStatus = 403;
    const server = await startPlugin();
    const response = await request(server)
      .get(path('fraud-scorer'))
      .set('authorization', user);
    expect(response.status).toBe(200);
    expect(response.body.hpas).toEqual([]);
    expect(response.body.sources[1]).toMatchObject({
      kind: 'kubernetes',
      ok: false,
      error: { kind: 'forbidden' },
    });
    expect(response.body.sources[1].error.message).toContain('(403)');
    expect(JSON.stringify(response.body)).not.toContain('secret-sa-token');
  });

  it('falls back to the history for replicas when Prometheus fails, and says so', async () => {
    prometheusStatus = 500;
    const server = await startPlugin();
    const response = await request(server)
      .get(path('fraud-scorer'))
      .set('authorization', user);
    expect(response.status).toBe(200);
    const body: EntityAutoscaling = response.body;
    expect(body.sources[0]).toMatchObject({
      kind: 'prometheus',
      ok: false,
      error: { kind: 'bad-response' },
    });
    expect(body.series[0].source).toBe('history');
    expect(body.series[0].points.at(-1)).toMatchObject({
      current: 10,
      desired: 10,
      min: 2,
      max: 10,
    });
    expect(body.hpas).toHaveLength(1);
  });

  it('gives a typed "not configured" answer for an entity without annotations', async () => {
    const server = await startPlugin();
    const response = await request(server)
      .get(path('bare'))
      .set('authorization', user);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      state: 'not-configured',
      reason: 'missing-annotation',
    });
    expect(calls).toEqual([]);
  });

  it.each([
    [`${path('fraud-scorer')}?range=1h`, "unknown query parameter 'range'"],
    [
      '/api/mlops/entities/component/default/fraud%22scorer/autoscaling',
      "path parameter 'name': not a valid entity name",
    ],
    [
      '/api/mlops/entities/comp%20onent/default/fraud-scorer/autoscaling',
      "path parameter 'kind': not a valid entity kind",
    ],
    [
      `/api/mlops/entities/component/${'n'.repeat(
        70,
      )}/fraud-scorer/autoscaling`,
      "path parameter 'namespace'",
    ],
  ])('answers 400 with a message for %s', async (url, message) => {
    const server = await startPlugin();
    const response = await request(server).get(url).set('authorization', user);
    expect(response.status).toBe(400);
    expect(response.body.error.name).toBe('InputError');
    expect(response.body.error.message).toContain(message);
    expect(JSON.stringify(response.body)).not.toMatch(/at .*\.(js|ts):\d+/);
    expect(calls).toEqual([]);
  });

  it('answers 401 without a token, 404 for an unknown entity and 403 when denied', async () => {
    const server = await startPlugin();
    expect((await request(server).get(path('fraud-scorer'))).status).toBe(401);
    const missing = await request(server)
      .get(path('nope'))
      .set('authorization', user);
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe(
      'No entity component:default/nope in the catalog',
    );
    const denied = await request(await startPlugin({ deny: true }))
      .get(path('fraud-scorer'))
      .set('authorization', user);
    expect(denied.status).toBe(403);
    expect(denied.body.error.name).toBe('NotAllowedError');
  });
});
