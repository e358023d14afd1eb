import { delay, http, HttpResponse } from 'msw';
import request from 'supertest';
import { TEST_PROMETHEUS } from '../__testUtils__/startMlopsBackend';
import {
  apiserverAnswers,
  healthPath,
  startPlugin,
  upstream,
  user,
  useServingUpstream,
} from '../__testUtils__/servingUpstream';

// Without --experimental-vm-modules jest cannot import() ESM; it can require it.
jest.mock('../upstream/kubernetes/clientNode', () => ({
  loadClientNode: async () => jest.requireActual('@kubernetes/client-node'),
}));

/* A slow, refusing or failing source: the answer keeps what the others know. */
describe('/api/mlops serving health when sources fail', () => {
  useServingUpstream();

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

  // After the tests above: the first cluster read loads the Kubernetes client,
  // which on a busy machine alone takes longer than the time allowed here.
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
});
