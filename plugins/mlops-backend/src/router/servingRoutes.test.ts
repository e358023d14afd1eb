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
 * The serving-health and time-series answers over a stand-in Prometheus and
 * apiserver (msw): one batched query, shared answers, aligned points.
 */
describe('GET /api/mlops/.../serving-health and serving-timeseries', () => {
  useServingUpstream();

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
