import { delay, http, HttpResponse } from 'msw';
import request from 'supertest';
import {
  ALERTMANAGER,
  alertsPath,
  prometheusAnswer,
  startPlugin,
  upstream,
  user,
  useAlertsUpstream,
} from '../__testUtils__/alertsUpstream';

/* A failing alert source: the answer is 200 and names it. */
describe('GET .../alerts when sources fail', () => {
  useAlertsUpstream();

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

  it('answers from the stored failure while Prometheus hangs, asking it once per cache TTL', async () => {
    let asked = 0;
    upstream.resetHandlers(
      prometheusAnswer(async () => {
        asked++;
        await delay('infinite');
        return HttpResponse.json({});
      }),
    );
    const server = await startPlugin({ timeout: '300ms' });
    const answers = await Promise.all(
      [1, 2, 3].map(() =>
        request(server)
          .get(alertsPath('fraud-scorer'))
          .set('authorization', user),
      ),
    );
    const later = await request(server)
      .get(alertsPath('fraud-scorer'))
      .set('authorization', user);
    expect(asked).toBe(1);
    for (const response of [...answers, later]) {
      expect(response.status).toBe(200);
      expect(response.body.sources[0].error.kind).toBe('timeout');
    }
    expect(later.body).toMatchObject({
      cached: true,
      sources: [{ requests: 0, ok: false }],
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

  it('names an Alertmanager that is down and answers with Prometheus alerts', async () => {
    upstream.resetHandlers(
      prometheusAnswer(),
      http.get(`${ALERTMANAGER}/api/v2/alerts`, () => HttpResponse.error()),
    );
    const server = await startPlugin({
      alerts: { alertmanagers: [{ name: 'am', url: ALERTMANAGER }] },
    });
    const response = await request(server)
      .get(alertsPath('fraud-scorer'))
      .set('authorization', user);
    expect(response.status).toBe(200);
    expect(response.body.sources).toMatchObject([
      { kind: 'alertmanager', ok: false, error: { kind: 'unreachable' } },
      { kind: 'prometheus', name: 'main', ok: true, requests: 1 },
    ]);
    expect(
      response.body.alerts.map((a: { name: string; source: string }) => [
        a.name,
        a.source,
      ]),
    ).toEqual([
      ['ModelServiceHighErrorRate', 'main'],
      ['InjectedRunbook', 'main'],
      ['HandWrittenRule', 'main'],
    ]);
  });
});
