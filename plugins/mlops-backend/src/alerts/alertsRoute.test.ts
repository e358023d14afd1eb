import { http, HttpResponse } from 'msw';
import request from 'supertest';
import {
  ALERTMANAGER,
  alertsPath,
  auth,
  calls,
  prometheusAlerts,
  runbook,
  SCRIPT_URL,
  startPlugin,
  upstream,
  user,
  useAlertsUpstream,
} from '../__testUtils__/alertsUpstream';

/* An entity's alerts from Prometheus or Alertmanager, read once per cache TTL. */
describe('GET /api/mlops/entities/:kind/:namespace/:name/alerts', () => {
  useAlertsUpstream();

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
    expect(amCalls[0].searchParams.get('silenced')).toBe('true');
    expect(amCalls[0].searchParams.get('inhibited')).toBe('true');
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
});
