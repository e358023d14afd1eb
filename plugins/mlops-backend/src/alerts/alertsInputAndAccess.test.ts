import request from 'supertest';
import {
  alertsPath,
  calls,
  startPlugin,
  user,
  useAlertsUpstream,
} from '../__testUtils__/alertsUpstream';

/* Nothing to read, bad input, no token or no permission: nothing is asked upstream. */
describe('GET .../alerts refused or not configured', () => {
  useAlertsUpstream();

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
});
