import { http, HttpResponse } from 'msw';
import request from 'supertest';
import { TEST_APISERVER } from '../__testUtils__/startMlopsBackend';
import {
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

/** The `limit` and `continue` of every pods request, in order. */
const podPages: Array<{ limit: string | null; continue: string | null }> = [];

/** An apiserver that serves `total` pods of fraud-ml in pages, as `limit` and `continue` ask. */
function pagedPods(total: number) {
  return http.get(
    `${TEST_APISERVER}/api/v1/namespaces/fraud-ml/pods`,
    ({ request: req }) => {
      const params = new URL(req.url).searchParams;
      podPages.push({
        limit: params.get('limit'),
        continue: params.get('continue'),
      });
      const from = Number(params.get('continue') ?? 0);
      const to = Math.min(total, from + Number(params.get('limit') ?? total));
      const items = Array.from({ length: to - from }, (_, i) => ({
        metadata: { name: `fraud-scorer-${from + i}`, namespace: 'fraud-ml' },
        spec: { containers: [] },
        status: { phase: 'Running' },
      }));
      return HttpResponse.json({
        kind: 'PodList',
        metadata: to < total ? { continue: String(to) } : {},
        items,
      });
    },
  );
}

describe('/api/mlops serving health with bounded cluster reads', () => {
  useServingUpstream();
  beforeEach(() => podPages.splice(0));

  it('reads a list page by page, passing the continue token on', async () => {
    upstream.use(pagedPods(5));
    const server = await startPlugin({ limits: { pageSize: 2 } });
    const response = await request(server)
      .get(healthPath('fraud-scorer'))
      .set('authorization', user);
    expect(response.status).toBe(200);
    expect(response.body.replicas.pods).toHaveLength(5);
    expect(podPages).toEqual([
      { limit: '2', continue: null },
      { limit: '2', continue: '2' },
      { limit: '2', continue: '4' },
    ]);
    expect(response.body.sources).toContainEqual(
      expect.objectContaining({
        kind: 'kubernetes',
        name: 'test-east',
        ok: true,
        // one Deployments page and three pod pages
        requests: 4,
      }),
    );
  });

  it('answers a cluster with too many objects as a source error, having stopped reading', async () => {
    upstream.use(pagedPods(1000));
    const server = await startPlugin({
      limits: { pageSize: 2, maxObjectsPerRead: 3 },
    });
    const response = await request(server)
      .get(healthPath('fraud-scorer'))
      .set('authorization', user);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      state: 'ok',
      signals: { requestsPerSecond: 52.5 },
      replicas: null,
    });
    expect(response.body.sources).toContainEqual({
      kind: 'kubernetes',
      name: 'test-east',
      ok: false,
      error: {
        kind: 'too-many-objects',
        message:
          'Cluster \'test-east\' has more than 3 pods matching "backstage.io/kubernetes-id=fraud-scorer" in namespace "fraud-ml"; narrow the label selector or raise mlops.limits.maxObjectsPerRead',
      },
      requests: 3,
      durationMs: expect.any(Number),
    });
    expect(podPages).toEqual([
      { limit: '2', continue: null },
      { limit: '2', continue: '2' },
    ]);
  });
});
