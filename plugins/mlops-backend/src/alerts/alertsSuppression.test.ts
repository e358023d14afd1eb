import { http, HttpResponse } from 'msw';
import request from 'supertest';
import {
  ALERTMANAGER,
  alertsPath,
  calls,
  prometheusAnswer,
  startPlugin,
  upstream,
  user,
  useAlertsUpstream,
} from '../__testUtils__/alertsUpstream';

/* Alertmanager's silenced and inhibited alerts, with who silenced them and what inhibits them. */
const fraud = { namespace: 'fraud-ml', service: 'fraud-scorer' };

function amAlert(
  alertname: string,
  severity: string,
  fingerprint: string,
  status: { silencedBy?: string[]; inhibitedBy?: string[] } = {},
) {
  const suppressed = Boolean(
    status.silencedBy?.length || status.inhibitedBy?.length,
  );
  return {
    labels: { alertname, severity, ...fraud },
    annotations: { summary: `${alertname} of fraud-scorer` },
    startsAt: '2026-11-29T10:00:00Z',
    fingerprint,
    status: {
      state: suppressed ? 'suppressed' : 'active',
      silencedBy: status.silencedBy ?? [],
      inhibitedBy: status.inhibitedBy ?? [],
    },
  };
}

const alerts = [
  amAlert('ModelServiceHighErrorRate', 'critical', 'f-critical'),
  amAlert('ModelServiceAvailabilitySLOBurn', 'warning', 'f-burn', {
    inhibitedBy: ['f-critical'],
  }),
  amAlert('ModelServiceCrashLooping', 'critical', 'f-crash', {
    silencedBy: ['s-1'],
  }),
  amAlert('ModelServicePodsNotReady', 'warning', 'f-pods', {
    inhibitedBy: ['f-elsewhere'],
  }),
];

const silence = {
  id: 's-1',
  createdBy: 'alice',
  comment: 'rolling out the fix',
  startsAt: '2026-11-29T09:00:00Z',
  endsAt: '2026-11-29T12:00:00Z',
  matchers: [{ name: 'alertname', value: 'ModelServiceCrashLooping' }],
  status: { state: 'active' },
};

function alertmanager(silences: () => Response) {
  const asked: string[] = [];
  upstream.resetHandlers(
    http.get(`${ALERTMANAGER}/api/v2/alerts`, () => {
      asked.push('alerts');
      return HttpResponse.json(alerts);
    }),
    http.get(`${ALERTMANAGER}/api/v2/silences`, () => {
      asked.push('silences');
      return silences();
    }),
  );
  return asked;
}

const startWithAlertmanager = () =>
  startPlugin({
    alerts: { alertmanagers: [{ name: 'am', url: ALERTMANAGER }] },
  });

describe('GET .../alerts with silenced and inhibited alerts', () => {
  useAlertsUpstream();

  it('names the silence and the inhibiting alert, and lists them after the firing ones', async () => {
    const asked = alertmanager(() => HttpResponse.json([silence]));
    const server = await startWithAlertmanager();
    const response = await request(server)
      .get(alertsPath('fraud-scorer'))
      .set('authorization', user);
    expect(response.status).toBe(200);
    expect(response.body.alerts).toEqual([
      expect.not.objectContaining({ suppressed: expect.anything() }),
      expect.objectContaining({
        name: 'ModelServiceCrashLooping',
        state: 'firing',
        suppressed: {
          silencedBy: [
            {
              id: 's-1',
              createdBy: 'alice',
              endsAt: '2026-11-29T12:00:00Z',
              comment: 'rolling out the fix',
            },
          ],
          inhibitedBy: [],
        },
      }),
      expect.objectContaining({
        name: 'ModelServiceAvailabilitySLOBurn',
        suppressed: {
          silencedBy: [],
          inhibitedBy: [
            { fingerprint: 'f-critical', name: 'ModelServiceHighErrorRate' },
          ],
        },
      }),
      expect.objectContaining({
        name: 'ModelServicePodsNotReady',
        suppressed: {
          silencedBy: [],
          inhibitedBy: [{ fingerprint: 'f-elsewhere' }],
        },
      }),
    ]);
    expect(response.body.alerts[0].name).toBe('ModelServiceHighErrorRate');
    expect(asked).toEqual(['alerts', 'silences']);
    expect(response.body.sources).toEqual([
      expect.objectContaining({ kind: 'alertmanager', ok: true, requests: 2 }),
    ]);
    expect(calls).toHaveLength(0);

    const again = await request(server)
      .get(alertsPath('fraud-scorer'))
      .set('authorization', user);
    expect(again.body.cached).toBe(true);
    expect(asked).toHaveLength(2);
  });

  it('asks for no silences when nothing is silenced', async () => {
    const asked: string[] = [];
    upstream.resetHandlers(
      http.get(`${ALERTMANAGER}/api/v2/alerts`, () => {
        asked.push('alerts');
        return HttpResponse.json([alerts[0], alerts[1]]);
      }),
    );
    const response = await request(await startWithAlertmanager())
      .get(alertsPath('fraud-scorer'))
      .set('authorization', user);
    expect(response.body.sources[0]).toMatchObject({ ok: true, requests: 1 });
    expect(asked).toEqual(['alerts']);
  });

  it.each([
    ['a malformed silence list', () => HttpResponse.json({ silences: 'no' })],
    ['silences without ids', () => HttpResponse.json([{ createdBy: 'bob' }])],
    ['no JSON', () => new HttpResponse('<html>', { status: 200 })],
    ['a 500', () => new HttpResponse('boom', { status: 500 })],
    ['a dropped connection', () => HttpResponse.error()],
  ])(
    'keeps the silenced alert with its silence id when the silences come as %s',
    async (_what, respond) => {
      alertmanager(respond);
      const response = await request(await startWithAlertmanager())
        .get(alertsPath('fraud-scorer'))
        .set('authorization', user);
      expect(response.status).toBe(200);
      expect(response.body.sources[0]).toMatchObject({ ok: true });
      expect(
        response.body.alerts.find(
          (a: { name: string }) => a.name === 'ModelServiceCrashLooping',
        ).suppressed.silencedBy,
      ).toEqual([{ id: 's-1' }]);
    },
  );

  it('names an alert list Alertmanager cannot have sent, and falls back to Prometheus', async () => {
    upstream.resetHandlers(
      prometheusAnswer(),
      http.get(`${ALERTMANAGER}/api/v2/alerts`, () =>
        HttpResponse.json([{ labels: 'not a map' }]),
      ),
    );
    const response = await request(await startWithAlertmanager())
      .get(alertsPath('fraud-scorer'))
      .set('authorization', user);
    expect(response.status).toBe(200);
    expect(response.body.sources[0]).toEqual(
      expect.objectContaining({
        kind: 'alertmanager',
        ok: false,
        error: {
          kind: 'bad-response',
          message: "Alertmanager 'am' answered without a list of alerts",
        },
      }),
    );
    expect(response.body.sources[1]).toMatchObject({ name: 'main', ok: true });
    expect(response.body.alerts[0].source).toBe('main');
  });
});
