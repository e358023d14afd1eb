import { mockCredentials } from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import {
  startMlopsBackend,
  modelService,
  TEST_PROMETHEUS,
} from '../__testUtils__/startMlopsBackend';

/*
 * GET /api/mlops/entities/:kind/:namespace/:name/alerts with stand-ins
 * (msw) for Prometheus' and Alertmanager's alert APIs. The real Prometheus
 * and its rules are exercised by src/integration/sandbox.test.ts.
 */
// Starting a backend can take over 5 s on a busy 2-core CI machine.
jest.setTimeout(60_000);

const ALERTMANAGER = 'http://alertmanager.test';
const PORTAL = 'https://portal.example.com';
// A runbook_url that would run script if it reached an href.
// eslint-disable-next-line no-script-url
const SCRIPT_URL = 'javascript:alert(document.cookie)';

const entities = [
  modelService('fraud-scorer', {
    'backstage.io/kubernetes-id': 'fraud-scorer',
    'backstage.io/kubernetes-namespace': 'fraud-ml',
  }),
  modelService('reco-ranker', {
    'backstage.io/kubernetes-id': 'reco-ranker',
    'backstage.io/kubernetes-namespace': 'reco-ml',
  }),
  modelService('bare', {}),
];

const runbook = (service: string, page: string) =>
  `${PORTAL}/docs/default/component/${service}/runbooks/${page}/`;

const prometheusAlerts = [
  {
    labels: {
      alertname: 'ModelServiceHighErrorRate',
      namespace: 'fraud-ml',
      service: 'fraud-scorer',
      severity: 'critical',
    },
    annotations: {
      summary: 'fraud-scorer answers more than 5 % of predictions with 5xx',
      runbook_url: runbook('fraud-scorer', 'model-service-high-error-rate'),
    },
    state: 'firing',
    activeAt: '2026-11-29T10:00:00Z',
    value: '2.5e-01',
  },
  {
    labels: {
      alertname: 'HandWrittenRule',
      namespace: 'fraud-ml',
      service: 'fraud-scorer',
      severity: 'warning',
    },
    annotations: { summary: 'a rule without a runbook' },
    state: 'pending',
    activeAt: '2026-11-29T10:05:00Z',
    value: '1',
  },
  {
    labels: {
      alertname: 'InjectedRunbook',
      namespace: 'fraud-ml',
      service: 'fraud-scorer',
      severity: 'info',
    },
    annotations: { runbook_url: SCRIPT_URL },
    state: 'firing',
    activeAt: '2026-11-29T09:00:00Z',
    value: '1',
  },
  {
    labels: {
      alertname: 'ModelServiceHighErrorRate',
      namespace: 'other-team',
      service: 'fraud-scorer',
      severity: 'critical',
    },
    annotations: {},
    state: 'firing',
    activeAt: '2026-11-29T10:00:00Z',
    value: '1',
  },
];

const upstream = setupServer();
let calls: URL[] = [];
let auth: Array<string | null> = [];

function prometheusAnswer(
  respond: () => Promise<Response> | Response = () =>
    HttpResponse.json({
      status: 'success',
      data: { alerts: prometheusAlerts },
    }),
) {
  return http.get(
    `${TEST_PROMETHEUS}/api/v1/alerts`,
    async ({ request: req }) => {
      calls.push(new URL(req.url));
      auth.push(req.headers.get('authorization'));
      return respond();
    },
  );
}

async function startPlugin(
  options: {
    deny?: boolean;
    alerts?: JsonObject;
    timeout?: string;
    noPrometheus?: boolean;
  } = {},
) {
  return startMlopsBackend({
    entities,
    deny: options.deny,
    config: {
      app: { baseUrl: PORTAL },
      mlops: {
        prometheus: {
          instances: options.noPrometheus
            ? []
            : [
                {
                  name: 'main',
                  url: TEST_PROMETHEUS,
                  timeout: options.timeout ?? '10s',
                  auth: { value: 'Bearer secret-prometheus-token' },
                },
              ],
        },
        alerts: { cacheTtl: '10s', ...options.alerts },
      },
    },
  });
}

const user = mockCredentials.user.header();
const alertsPath = (name: string, kind = 'component') =>
  `/api/mlops/entities/${kind}/default/${name}/alerts`;

describe('GET /api/mlops/entities/:kind/:namespace/:name/alerts', () => {
  beforeAll(() => upstream.listen({ onUnhandledRequest: 'bypass' }));
  afterAll(() => upstream.close());
  beforeEach(() => {
    calls = [];
    auth = [];
    upstream.resetHandlers(prometheusAnswer());
  });

  it("lists the entity's alerts with severity, since-when and runbook", async () => {
    const server = await startPlugin();
    const response = await request(server)
      .get(alertsPath('fraud-scorer'))
      .set('authorization', user);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      state: 'ok',
      entityRef: 'component:default/fraud-scorer',
      matchers: { namespace: 'fraud-ml', service: 'fraud-scorer' },
      cached: false,
      sources: [{ kind: 'prometheus', name: 'main', ok: true, requests: 1 }],
    });
    expect(response.body.alerts).toEqual([
      {
        name: 'ModelServiceHighErrorRate',
        state: 'firing',
        severity: 'critical',
        activeAt: '2026-11-29T10:00:00Z',
        summary: 'fraud-scorer answers more than 5 % of predictions with 5xx',
        runbook: {
          url: runbook('fraud-scorer', 'model-service-high-error-rate'),
          portalPath:
            '/docs/default/component/fraud-scorer/runbooks/model-service-high-error-rate/',
        },
        labels: prometheusAlerts[0].labels,
        source: 'main',
      },
      expect.objectContaining({
        name: 'InjectedRunbook',
        runbook: { problem: 'invalid' },
      }),
      expect.objectContaining({
        name: 'HandWrittenRule',
        state: 'pending',
        runbook: { problem: 'missing' },
      }),
    ]);
    expect(auth).toEqual(['Bearer secret-prometheus-token']);
    const text = JSON.stringify(response.body);
    expect(text).not.toContain('secret-prometheus-token');
    expect(text).not.toContain(SCRIPT_URL);
  });

  it('reads Prometheus once for every entity within the cache TTL', async () => {
    const server = await startPlugin();
    const [first, second] = await Promise.all([
      request(server)
        .get(alertsPath('fraud-scorer'))
        .set('authorization', user),
      request(server).get(alertsPath('reco-ranker')).set('authorization', user),
    ]);
    const third = await request(server)
      .get(alertsPath('fraud-scorer'))
      .set('authorization', user);
    expect([first.status, second.status, third.status]).toEqual([
      200, 200, 200,
    ]);
    expect(calls).toHaveLength(1);
    expect(second.body.alerts).toEqual([]);
    expect(third.body).toMatchObject({
      cached: true,
      sources: [{ ok: true, requests: 0 }],
    });
  });

  it('answers 200 naming the failed source when Prometheus is unreachable', async () => {
    upstream.resetHandlers(prometheusAnswer(() => HttpResponse.error()));
    const server = await startPlugin();
    const response = await request(server)
      .get(alertsPath('fraud-scorer'))
      .set('authorization', user);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      state: 'ok',
      alerts: [],
      sources: [
        {
          name: 'main',
          ok: false,
          error: {
            kind: 'unreachable',
            message: expect.stringMatching(/^Prometheus 'main' is unreachable/),
          },
        },
      ],
    });
  });

  it('names the timeout when Prometheus is slow', async () => {
    upstream.resetHandlers(
      prometheusAnswer(async () => {
        await delay(1000);
        return HttpResponse.json({ status: 'success', data: { alerts: [] } });
      }),
    );
    const server = await startPlugin({ timeout: '200ms' });
    const response = await request(server)
      .get(alertsPath('fraud-scorer'))
      .set('authorization', user);
    expect(response.status).toBe(200);
    expect(response.body.sources[0].error).toEqual({
      kind: 'timeout',
      message: "Prometheus 'main' did not answer within 200 ms",
    });
  });

  it('names a 403 and an answer without alerts', async () => {
    upstream.resetHandlers(
      prometheusAnswer(() => new HttpResponse('forbidden', { status: 403 })),
    );
    let response = await request(await startPlugin())
      .get(alertsPath('fraud-scorer'))
      .set('authorization', user);
    expect(response.body.sources[0].error.kind).toBe('forbidden');
    upstream.resetHandlers(
      prometheusAnswer(() =>
        HttpResponse.json({ status: 'success', data: { groups: [] } }),
      ),
    );
    response = await request(await startPlugin())
      .get(alertsPath('fraud-scorer'))
      .set('authorization', user);
    expect(response.body.sources[0].error.kind).toBe('bad-response');
  });

  it('gives a typed "not configured" answer without annotations', async () => {
    const response = await request(await startPlugin())
      .get(alertsPath('bare'))
      .set('authorization', user);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      state: 'not-configured',
      reason: 'missing-annotation',
    });
    expect(calls).toHaveLength(0);
  });

  it('says so when neither Prometheus nor Alertmanager is configured', async () => {
    const response = await request(await startPlugin({ noPrometheus: true }))
      .get(alertsPath('fraud-scorer'))
      .set('authorization', user);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      state: 'not-configured',
      reason: 'no-prometheus',
      message: expect.stringContaining('mlops.alerts.alertmanagers'),
    });
  });

  it.each([
    [alertsPath('fraud-scorer', 'not a kind'), 400, 'InputError'],
    [`${alertsPath('fraud-scorer')}?since=1h`, 400, 'InputError'],
    [alertsPath('%22%7D%20or%20vector(1)'), 400, 'InputError'],
    [alertsPath('no-such-service'), 404, 'NotFoundError'],
  ])('answers %s with %i and a message', async (path, status, name) => {
    const response = await request(await startPlugin())
      .get(path)
      .set('authorization', user);
    expect(response.status).toBe(status);
    expect(response.body.error).toMatchObject({
      name,
      message: expect.any(String),
    });
    expect(JSON.stringify(response.body)).not.toMatch(/at .*\.(js|ts):\d+/);
    expect(calls).toHaveLength(0);
  });

  it('needs a token and the permission', async () => {
    let response = await request(await startPlugin()).get(
      alertsPath('fraud-scorer'),
    );
    expect(response.status).toBe(401);
    response = await request(await startPlugin({ deny: true }))
      .get(alertsPath('fraud-scorer'))
      .set('authorization', user);
    expect(response.status).toBe(403);
    expect(response.body.error.name).toBe('NotAllowedError');
    expect(calls).toHaveLength(0);
  });

  it('reads Alertmanager, filtered there by quoted labels, when configured', async () => {
    const amCalls: URL[] = [];
    upstream.resetHandlers(
      http.get(`${ALERTMANAGER}/api/v2/alerts`, ({ request: req }) => {
        amCalls.push(new URL(req.url));
        return HttpResponse.json([
          {
            labels: prometheusAlerts[0].labels,
            annotations: prometheusAlerts[0].annotations,
            startsAt: '2026-11-29T10:00:30Z',
            status: { state: 'active' },
          },
        ]);
      }),
    );
    const server = await startPlugin({
      alerts: { alertmanagers: [{ name: 'am', url: ALERTMANAGER }] },
    });
    const response = await request(server)
      .get(alertsPath('fraud-scorer'))
      .set('authorization', user);
    expect(response.status).toBe(200);
    expect(amCalls).toHaveLength(1);
    expect(amCalls[0].searchParams.getAll('filter')).toEqual([
      'service="fraud-scorer"',
      'namespace="fraud-ml"',
    ]);
    expect(amCalls[0].searchParams.get('silenced')).toBe('false');
    expect(response.body).toMatchObject({
      sources: [{ kind: 'alertmanager', name: 'am', ok: true }],
      alerts: [
        {
          name: 'ModelServiceHighErrorRate',
          state: 'firing',
          activeAt: '2026-11-29T10:00:30Z',
          source: 'am',
          runbook: {
            portalPath:
              '/docs/default/component/fraud-scorer/runbooks/model-service-high-error-rate/',
          },
        },
      ],
    });
    expect(calls).toHaveLength(0);
  });

  it('names an Alertmanager that is down', async () => {
    upstream.resetHandlers(
      http.get(`${ALERTMANAGER}/api/v2/alerts`, () => HttpResponse.error()),
    );
    const server = await startPlugin({
      alerts: { alertmanagers: [{ name: 'am', url: ALERTMANAGER }] },
    });
    const response = await request(server)
      .get(alertsPath('fraud-scorer'))
      .set('authorization', user);
    expect(response.status).toBe(200);
    expect(response.body.sources[0]).toMatchObject({
      kind: 'alertmanager',
      ok: false,
      error: { kind: 'unreachable' },
    });
  });
});
