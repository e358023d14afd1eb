import { mockCredentials } from '@backstage/backend-test-utils';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import {
  startMlopsBackend,
  modelService,
  TEST_PROMETHEUS,
  TEST_APISERVER,
  testCluster,
} from './__testUtils__/startMlopsBackend';

// Without --experimental-vm-modules jest cannot import() ESM; it can require it.
jest.mock('./upstream/kubernetes/clientNode', () => ({
  loadClientNode: async () => jest.requireActual('@kubernetes/client-node'),
}));

/*
 * The plugin with a stand-in Prometheus and apiserver (msw). The real ones
 * are exercised by src/integration/sandbox.test.ts; this covers the HTTP
 * contract: input checks, auth, permissions, typed answers and faults.
 */
// The first backend start loads every plugin module; on a busy 2-core CI
// machine that alone took over 5 s.
jest.setTimeout(60_000);

const fraudScorer = {
  'backstage.io/kubernetes-id': 'fraud-scorer',
  'backstage.io/kubernetes-namespace': 'fraud-ml',
};
const entities = [
  modelService('fraud-scorer', fraudScorer),
  modelService('bare', {}),
  modelService('injected', {
    ...fraudScorer,
    'mlops-portal.io/metrics-workload': 'x"} or vector(1) or {a="',
  }),
  modelService('malformed', { 'backstage.io/kubernetes-id': 'a b' }),
];

/** Prometheus answers: every tagged signal of the query gets its value. */
const signalValues: Record<string, number> = {
  template: 3,
  series: 4,
  rps: 52.5,
  p50: 21,
  p95: 44,
  p99: 90,
  'p95:1h': 41,
  cpu_ratio: 0.35,
  'error_ratio:5m': 0.0004,
  'error_ratio:30m': 0.0003,
  'error_ratio:1h': 0.0003,
  'error_ratio:2h': 0.0003,
  'error_ratio:6h': 0.0003,
  'error_ratio:1d': 0.0003,
  'error_ratio:3d': 0.0003,
  'error_ratio:30d': 0.0003,
};

function signalsOf(query: string): string[] {
  return [...query.matchAll(/"mlops_signal", "([^"]+)"/g)].map(m => m[1]);
}

const deployment = {
  metadata: { name: 'fraud-scorer', namespace: 'fraud-ml' },
  spec: {
    replicas: 2,
    selector: {},
    template: {
      spec: {
        containers: [
          {
            name: 'server',
            image: 'registry.example.com/fraud-ml/fraud-scorer:1.4.2',
          },
        ],
      },
    },
  },
  status: { readyReplicas: 2, availableReplicas: 2 },
};
const pod = (name: string) => ({
  metadata: { name, namespace: 'fraud-ml' },
  spec: { containers: [], nodeName: 'east-cpu-1' },
  status: {
    phase: 'Running',
    conditions: [{ type: 'Ready', status: 'True' }],
    containerStatuses: [
      { name: 'server', image: '', imageID: '', ready: true, restartCount: 0 },
    ],
  },
});

const upstream = setupServer();
let queries: string[] = [];
let apiserverCalls: Array<{ url: string; authorization: string | null }> = [];

function prometheusAnswers() {
  return [
    http.post(`${TEST_PROMETHEUS}/api/v1/query`, async ({ request: req }) => {
      const query = new URLSearchParams(await req.text()).get('query')!;
      queries.push(query);
      return HttpResponse.json({
        status: 'success',
        data: {
          resultType: 'vector',
          result: signalsOf(query)
            .filter(s => s in signalValues)
            .map(s => ({
              metric: { mlops_signal: s },
              value: [1, `${signalValues[s]}`],
            })),
        },
      });
    }),
    http.post(
      `${TEST_PROMETHEUS}/api/v1/query_range`,
      async ({ request: req }) => {
        const params = new URLSearchParams(await req.text());
        queries.push(params.get('query')!);
        const start = Number(params.get('start'));
        const step = Number(params.get('step'));
        return HttpResponse.json({
          status: 'success',
          data: {
            resultType: 'matrix',
            result: [
              {
                metric: { mlops_signal: 'rps' },
                values: [
                  [start, '50'],
                  [start + step, '51'],
                ],
              },
            ],
          },
        });
      },
    ),
  ];
}

function apiserverAnswers(status = 200) {
  const list =
    (items: unknown[]) =>
    async ({ request: req }: { request: Request }) => {
      apiserverCalls.push({
        url: req.url,
        authorization: req.headers.get('authorization'),
      });
      if (status !== 200) {
        return HttpResponse.json(
          {
            kind: 'Status',
            message:
              'deployments.apps is forbidden: User "system:serviceaccount:x" cannot list',
            code: status,
          },
          { status },
        );
      }
      return HttpResponse.json({ kind: 'List', metadata: {}, items });
    };
  return [
    http.get(
      `${TEST_APISERVER}/apis/apps/v1/namespaces/fraud-ml/deployments`,
      list([deployment]),
    ),
    http.get(
      `${TEST_APISERVER}/api/v1/namespaces/fraud-ml/pods`,
      list([
        pod('fraud-scorer-5c8c4f4f49-a1'),
        pod('fraud-scorer-5c8c4f4f49-b2'),
      ]),
    ),
  ];
}

async function startPlugin(options: { deny?: boolean; timeout?: string } = {}) {
  return startMlopsBackend({
    entities,
    clusters: [testCluster],
    deny: options.deny,
    config: {
      mlops: {
        prometheus: {
          instances: [
            {
              name: 'main',
              url: TEST_PROMETHEUS,
              timeout: options.timeout ?? '10s',
              externalUrl: 'https://prometheus.example.com',
              auth: { value: 'Bearer secret-prometheus-token' },
            },
          ],
        },
        serving: {
          cacheTtl: '10s',
          grafana: {
            dashboardUrl:
              'https://grafana.example.com/d/{{dashboardUid}}?var-ns={{namespace}}',
          },
        },
      },
    },
  });
}

const user = mockCredentials.user.header();
const healthPath = (name: string) =>
  `/api/mlops/entities/component/default/${name}/serving-health`;

describe('/api/mlops', () => {
  beforeAll(() => upstream.listen({ onUnhandledRequest: 'bypass' }));
  afterAll(() => upstream.close());
  beforeEach(() => {
    queries = [];
    apiserverCalls = [];
    upstream.resetHandlers(...prometheusAnswers(), ...apiserverAnswers());
  });

  it('answers the serving health from one batched query and two lists', async () => {
    const server = await startPlugin();
    const response = await request(server)
      .get(healthPath('fraud-scorer'))
      .set('authorization', user);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      state: 'ok',
      status: 'healthy',
      signals: {
        requestsPerSecond: 52.5,
        errorRatio: 0.0004,
        latency: { p95Ms: 44 },
      },
      slo: { availability: 0.9997, availabilityObjectivePercent: 99.9 },
      replicas: { desired: 2, ready: 2 },
      metrics: { profileId: 'template', profileDetected: true, found: true },
      clusters: ['test-east'],
      cached: false,
    });
    // Detection, then the health query; the apiserver got one list per kind.
    expect(queries).toHaveLength(2);
    expect(apiserverCalls.map(c => new URL(c.url).pathname).sort()).toEqual([
      '/api/v1/namespaces/fraud-ml/pods',
      '/apis/apps/v1/namespaces/fraud-ml/deployments',
    ]);
    expect(
      new URL(apiserverCalls[0].url).searchParams.get('labelSelector'),
    ).toBe('backstage.io/kubernetes-id=fraud-scorer');
    expect(apiserverCalls[0].authorization).toBe('Bearer secret-sa-token');
    expect(response.body.links).toEqual(
      expect.arrayContaining([
        {
          kind: 'grafana',
          title: 'Grafana dashboard',
          url: expect.stringMatching(
            /^https:\/\/grafana\.example\.com\/d\/[0-9a-f]{12}\?var-ns=fraud-ml$/,
          ),
        },
        expect.objectContaining({
          kind: 'prometheus',
          url: expect.stringMatching(
            /^https:\/\/prometheus\.example\.com\/graph\?g0\.expr=/,
          ),
        }),
      ]),
    );
    const text = JSON.stringify(response.body);
    expect(text).not.toContain('secret-sa-token');
    expect(text).not.toContain('secret-prometheus-token');
  });

  it('shares answers between viewers: concurrent and repeated calls reach upstream once', async () => {
    const server = await startPlugin();
    const [a, b] = await Promise.all([
      request(server)
        .get(healthPath('fraud-scorer'))
        .set('authorization', user),
      request(server)
        .get(healthPath('fraud-scorer'))
        .set('authorization', user),
    ]);
    const c = await request(server)
      .get(healthPath('fraud-scorer'))
      .set('authorization', user);
    expect([a.status, b.status, c.status]).toEqual([200, 200, 200]);
    expect(queries).toHaveLength(2);
    expect(apiserverCalls).toHaveLength(2);
    expect(c.body.cached).toBe(true);
    expect(
      c.body.sources.every((s: { requests: number }) => s.requests === 0),
    ).toBe(true);
  });

  it('refuses a request without a token with 401', async () => {
    const server = await startPlugin();
    const response = await request(server).get(healthPath('fraud-scorer'));
    expect(response.status).toBe(401);
    expect(response.body.error.name).toBe('AuthenticationError');
  });

  it('answers 404 with a message for an unknown entity', async () => {
    const server = await startPlugin();
    const response = await request(server)
      .get(healthPath('no-such-service'))
      .set('authorization', user);
    expect(response.status).toBe(404);
    expect(response.body.error).toMatchObject({
      name: 'NotFoundError',
      message: 'No entity component:default/no-such-service in the catalog',
    });
  });

  it('answers 403 when the permission policy says no', async () => {
    const server = await startPlugin({ deny: true });
    const response = await request(server)
      .get(healthPath('fraud-scorer'))
      .set('authorization', user);
    expect(response.status).toBe(403);
    expect(response.body.error.message).toBe(
      'You may not read the serving health of component:default/fraud-scorer',
    );
  });

  it.each([
    [
      '/api/mlops/entities/component/default/fraud-scorer/serving-health?refresh=1',
      "unknown query parameter 'refresh'",
    ],
    [
      '/api/mlops/entities/component/default/fraud-scorer/serving-timeseries?range=2d',
      "query parameter 'range'",
    ],
    [
      '/api/mlops/entities/component/default/fraud-scorer/serving-timeseries?range=1h&range=6h',
      "query parameter 'range'",
    ],
    [
      '/api/mlops/entities/component/default/fraud%22scorer/serving-health',
      "path parameter 'name': not a valid entity name",
    ],
    [
      '/api/mlops/entities/comp%20onent/default/fraud-scorer/serving-health',
      "path parameter 'kind': not a valid entity kind",
    ],
    [
      `/api/mlops/entities/component/default/${'a'.repeat(70)}/serving-health`,
      "path parameter 'name'",
    ],
  ])('answers 400 with a message for %s', async (path, message) => {
    const server = await startPlugin();
    const response = await request(server).get(path).set('authorization', user);
    expect(response.status).toBe(400);
    expect(response.body.error.name).toBe('InputError');
    expect(response.body.error.message).toContain(message);
    expect(JSON.stringify(response.body)).not.toMatch(/at .*\.(js|ts):\d+/);
    expect(queries).toHaveLength(0);
  });

  it('gives a typed "not configured" answer for an entity without annotations', async () => {
    const server = await startPlugin();
    const response = await request(server)
      .get(healthPath('bare'))
      .set('authorization', user);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      state: 'not-configured',
      entityRef: 'component:default/bare',
      reason: 'missing-annotation',
      message: expect.stringContaining('backstage.io/kubernetes-id'),
      problems: [
        {
          annotation: 'backstage.io/kubernetes-id',
          message: expect.any(String),
        },
      ],
    });
    expect(queries).toHaveLength(0);
    expect(apiserverCalls).toHaveLength(0);
  });

  it('names a malformed annotation and calls nothing upstream', async () => {
    const server = await startPlugin();
    const response = await request(server)
      .get(healthPath('malformed'))
      .set('authorization', user);
    expect(response.body).toMatchObject({
      state: 'not-configured',
      reason: 'invalid-annotation',
      problems: [{ annotation: 'backstage.io/kubernetes-id', value: 'a b' }],
    });
    expect(queries).toHaveLength(0);
    expect(apiserverCalls).toHaveLength(0);
  });

  it('sends an injected annotation value to Prometheus only as a quoted literal', async () => {
    const server = await startPlugin();
    await request(server)
      .get(healthPath('injected'))
      .set('authorization', user);
    expect(queries.length).toBeGreaterThan(0);
    for (const query of queries) {
      const outsideLiterals = query.replace(/"(?:[^"\\]|\\.)*"/g, '""');
      expect(outsideLiterals).not.toContain('vector(1)');
      expect(query).toContain('"x\\"} or vector(1) or {a=\\""');
    }
  });

  it('still answers with the replicas when Prometheus is slow, naming the timeout', async () => {
    upstream.use(
      http.post(`${TEST_PROMETHEUS}/api/v1/query`, async () => {
        await delay(1000);
        return HttpResponse.json({
          status: 'success',
          data: { resultType: 'vector', result: [] },
        });
      }),
    );
    const server = await startPlugin({ timeout: '200ms' });
    const started = Date.now();
    const response = await request(server)
      .get(healthPath('fraud-scorer'))
      .set('authorization', user);
    expect(Date.now() - started).toBeLessThan(900);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      status: 'unknown',
      signals: null,
      replicas: { ready: 2 },
      sources: [
        {
          kind: 'prometheus',
          name: 'main',
          ok: false,
          error: {
            kind: 'timeout',
            message: "Prometheus 'main' did not answer within 200 ms",
          },
        },
        { kind: 'kubernetes', name: 'test-east', ok: true },
      ],
    });
  });

  it('still answers with the metrics when a cluster answers 403', async () => {
    upstream.use(...apiserverAnswers(403));
    const server = await startPlugin();
    const response = await request(server)
      .get(healthPath('fraud-scorer'))
      .set('authorization', user);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      status: 'unknown',
      signals: { requestsPerSecond: 52.5 },
      replicas: null,
      sources: [
        { kind: 'prometheus', ok: true },
        {
          kind: 'kubernetes',
          name: 'test-east',
          ok: false,
          error: {
            kind: 'forbidden',
            message: expect.stringContaining(
              "Cluster 'test-east' forbids the portal to list Deployments or pods (403)",
            ),
          },
        },
      ],
    });
  });

  it('reports a Prometheus error answer as a bad response', async () => {
    upstream.use(
      http.post(`${TEST_PROMETHEUS}/api/v1/query`, () =>
        HttpResponse.json(
          { status: 'error', errorType: 'bad_data', error: 'parse error' },
          { status: 400 },
        ),
      ),
    );
    const server = await startPlugin();
    const response = await request(server)
      .get(healthPath('fraud-scorer'))
      .set('authorization', user);
    expect(response.body.sources[0]).toMatchObject({
      ok: false,
      error: {
        kind: 'bad-response',
        message: "Prometheus 'main' answered HTTP 400: parse error",
      },
    });
  });

  it('answers the time series of a range, aligned to its step', async () => {
    const server = await startPlugin();
    const response = await request(server)
      .get(
        '/api/mlops/entities/component/default/fraud-scorer/serving-timeseries?range=6h',
      )
      .set('authorization', user);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      state: 'ok',
      range: '6h',
      stepSeconds: 180,
      latencyP95ObjectiveMs: 300,
    });
    expect(response.body.points).toHaveLength(121);
    expect(response.body.points[0]).toMatchObject({ requestsPerSecond: 50 });
    expect(response.body.points[1]).toMatchObject({ requestsPerSecond: 51 });
    expect(response.body.points[2]).toMatchObject({ requestsPerSecond: null });
    expect(new Date(response.body.end).getTime() % 180_000).toBe(0);
    expect(queries.at(-1)).toContain('[300s]');
  });
});
