import request from 'supertest';
import {
  autoscalingPath as path,
  calls,
  startPlugin,
  user,
  useAutoscalingUpstream,
} from '../__testUtils__/autoscalingUpstream';

// Without --experimental-vm-modules jest cannot import() ESM; it can require it.
jest.mock('../upstream/kubernetes/clientNode', () => ({
  loadClientNode: async () => jest.requireActual('@kubernetes/client-node'),
}));

/* Nothing to read, bad input, no token, no entity or no permission. */
describe('GET /api/mlops/.../autoscaling refused or not configured', () => {
  useAutoscalingUpstream();

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
