import request from 'supertest';
import {
  apiserverCalls,
  healthPath,
  queries,
  startPlugin,
  user,
  useServingUpstream,
} from '../__testUtils__/servingUpstream';

// Without --experimental-vm-modules jest cannot import() ESM; it can require it.
jest.mock('../upstream/kubernetes/clientNode', () => ({
  loadClientNode: async () => jest.requireActual('@kubernetes/client-node'),
}));

/*
 * Bad paths, query strings and annotations: a 400 or a typed "not
 * configured" answer, and nothing sent upstream that was not quoted.
 */
describe('/api/mlops bad input', () => {
  useServingUpstream();

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
    [
      '/api/mlops/entities/component/default/fraud-scorer/delivery?refresh=1',
      "unknown query parameter 'refresh'",
    ],
    [
      '/api/mlops/entities/component/default/fraud-scorer/delivery?model=fraud-scorer&revision=3',
      "unknown query parameter 'model', 'revision'",
    ],
    [
      '/api/mlops/entities/component/default/fraud%22scorer/delivery',
      "path parameter 'name': not a valid entity name",
    ],
    [
      '/api/mlops/entities/comp%20onent/default/fraud-scorer/delivery',
      "path parameter 'kind': not a valid entity kind",
    ],
  ])('answers 400 with a message for %s', async (path, message) => {
    const server = await startPlugin();
    const response = await request(server).get(path).set('authorization', user);
    expect(response.status).toBe(400);
    expect(response.body.error.name).toBe('InputError');
    expect(response.body.error.message).toContain(message);
    expect(JSON.stringify(response.body)).not.toMatch(/at .*\.(js|ts):\d+/);
    expect(queries).toHaveLength(0);
    expect(apiserverCalls).toHaveLength(0);
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
});
