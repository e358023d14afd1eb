import { mockServices } from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { ScalingEventStore } from '../autoscaling/ScalingEventStore';
import { GpuJobStore } from '../gpuJobs/GpuJobStore';
import {
  modelService,
  startMlopsBackend,
  TEST_APISERVER,
  TEST_PROMETHEUS,
  testCluster,
  user,
} from '../__testUtils__/startMlopsBackend';
import { useStandIns } from '../__testUtils__/standIns';

// Without --experimental-vm-modules jest cannot import() ESM; it can require it.
jest.mock('../upstream/kubernetes/clientNode', () => ({
  loadClientNode: async () => jest.requireActual('@kubernetes/client-node'),
}));

/*
 * Namespaces belong to owners (mlops.tenancy): an entity naming a namespace
 * its owner does not hold gets the typed "not bound" answer on every route,
 * and nothing is asked of the apiserver, Prometheus or the history.
 */
const id = { 'backstage.io/kubernetes-id': 'fraud-scorer' };
const inFraudMl = { ...id, 'backstage.io/kubernetes-namespace': 'fraud-ml' };
const everywhere = { 'backstage.io/kubernetes-label-selector': '!x' };
const entities = [
  // recsys registers a service pointing at fraud-ml's namespace.
  modelService('intruder', inFraudMl, 'recsys'),
  modelService('unowned', inFraudMl, null),
  modelService(
    'selector-intruder',
    { ...inFraudMl, ...everywhere },
    'user:default/mallory',
  ),
  // No namespace: fraud-ml holds exactly one by name, nlp-llm none.
  modelService('derived', id, 'fraud-ml'),
  modelService('no-namespace', id, 'nlp-llm'),
  modelService('selector-only', { ...id, ...everywhere }, 'nlp-llm'),
];

const upstream = setupServer();
/** Every request to the stand-in apiserver and Prometheus, in order. */
const requests: string[] = [];

function recordEverything() {
  const record = async ({ request: req }: { request: Request }) => {
    const body = req.method === 'POST' ? ` ${await req.text()}` : '';
    requests.push(`${req.method} ${req.url}${body}`);
    return req.url.startsWith(TEST_PROMETHEUS)
      ? HttpResponse.json({
          status: 'success',
          data: { resultType: 'vector', result: [], alerts: [] },
        })
      : HttpResponse.json({ kind: 'List', metadata: {}, items: [] });
  };
  return [
    http.all(`${TEST_APISERVER}/*`, record),
    http.all(`${TEST_PROMETHEUS}/*`, record),
  ];
}

const routes = (name: string) => {
  const base = `/api/mlops/entities/component/default/${name}`;
  return [
    `${base}/serving-health`,
    `${base}/serving-timeseries?range=1h`,
    `${base}/alerts`,
    `${base}/autoscaling`,
    `${base}/gpu-jobs`,
    `${base}/gpu-jobs/test-east/fraud-ml/train-1`,
  ];
};

describe('/api/mlops tenancy', () => {
  useStandIns(upstream, () => {
    requests.splice(0);
    upstream.resetHandlers(...recordEverything());
  });
  let storeReads: jest.SpyInstance[] = [];
  beforeEach(() => {
    storeReads = [
      jest.spyOn(GpuJobStore.prototype, 'list'),
      jest.spyOn(ScalingEventStore.prototype, 'list'),
    ];
  });
  afterEach(() => storeReads.forEach(s => s.mockRestore()));

  const start = () =>
    startMlopsBackend({
      entities,
      clusters: [testCluster],
      features: [mockServices.scheduler.mock().factory],
      config: {
        mlops: {
          prometheus: {
            instances: [{ name: 'main', url: TEST_PROMETHEUS, timeout: '5s' }],
          },
        },
      },
    });

  it.each([
    [
      'intruder',
      'namespace fraud-ml on cluster test-east is not bound to group:default/recsys',
    ],
    ['unowned', 'has no owner'],
    [
      'selector-intruder',
      'namespace fraud-ml on cluster test-east is not bound to user:default/mallory',
    ],
  ])(
    'answers %s "not bound" on every route and reads nothing',
    async (name, message) => {
      const server = await start();
      for (const path of routes(name)) {
        const response = await request(server)
          .get(path)
          .set('authorization', user);
        expect({ path, status: response.status }).toEqual({
          path,
          status: 200,
        });
        expect(response.body).toEqual({
          state: 'not-configured',
          entityRef: `component:default/${name}`,
          reason: 'namespace-not-bound',
          message: expect.stringContaining(message),
          problems: [
            expect.objectContaining({
              annotation: 'backstage.io/kubernetes-namespace',
            }),
          ],
        });
      }
      expect(requests).toEqual([]);
      storeReads.forEach(s => expect(s).not.toHaveBeenCalled());
    },
  );

  it.each(['no-namespace', 'selector-only'])(
    'answers %s "namespace required" on every route when its owner holds no namespace by name',
    async name => {
      const server = await start();
      for (const path of routes(name)) {
        const response = await request(server)
          .get(path)
          .set('authorization', user);
        expect(response.body).toMatchObject({
          state: 'not-configured',
          reason: 'namespace-required',
          message: expect.stringContaining('group:default/nlp-llm holds none'),
        });
      }
      expect(requests).toEqual([]);
      storeReads.forEach(s => expect(s).not.toHaveBeenCalled());
    },
  );

  it('reads only the clusters the namespace is bound on, and says which it skipped', async () => {
    const west = {
      ...testCluster,
      name: 'test-west',
      url: 'https://west.k8s.test',
    };
    const server = await startMlopsBackend({
      entities,
      clusters: [testCluster, west],
      features: [mockServices.scheduler.mock().factory],
      config: {
        mlops: {
          tenancy: {
            namespaces: [
              {
                cluster: 'test-east',
                namespace: 'fraud-ml',
                owners: ['fraud-ml'],
              },
            ],
          },
          prometheus: {
            instances: [
              { name: 'main', url: TEST_PROMETHEUS, clusterLabel: 'cluster' },
            ],
          },
        },
      },
    });
    const response = await request(server)
      .get('/api/mlops/entities/component/default/derived/serving-health')
      .set('authorization', user);
    expect(response.body.clusters).toEqual(['test-east']);
    expect(response.body.sources).toContainEqual(
      expect.objectContaining({
        kind: 'kubernetes',
        name: 'test-west',
        requests: 0,
        error: {
          kind: 'not-configured',
          message: expect.stringContaining(
            'namespace fraud-ml on cluster test-west is not bound',
          ),
        },
      }),
    );
    expect(requests.filter(r => r.includes('west.k8s.test'))).toEqual([]);
    const promql = requests.filter(r => r.startsWith('POST'));
    expect(promql.length).toBeGreaterThan(0);
    for (const query of promql) {
      expect(decodeURIComponent(query)).toContain('cluster=~"test-east"');
    }
  });

  it('derives the namespace the owner holds by name, and reads only it', async () => {
    const server = await start();
    for (const path of routes('derived').slice(0, 5)) {
      const response = await request(server)
        .get(path)
        .set('authorization', user);
      expect({ path, state: response.body.state }).toEqual({
        path,
        state: 'ok',
      });
    }
    const apiserver = requests.filter(r => r.includes(TEST_APISERVER));
    expect(apiserver.length).toBeGreaterThan(0);
    // Besides the namespace: nodes, and Kueue's ClusterQueues (cluster-scoped
    // by design; the answer keeps those the namespace's LocalQueues name).
    for (const call of apiserver) {
      expect(call).toMatch(
        /^GET https:\/\/east\.k8s\.test\/(api\/v1\/nodes|apis\/kueue\.x-k8s\.io\/v\w+\/clusterqueues\?|(api|apis\/[a-z0-9.-]+)\/v\w+\/namespaces\/fraud-ml\/)/,
      );
    }
    const promql = requests.filter(r => r.startsWith('POST'));
    expect(promql.length).toBeGreaterThan(0);
    for (const query of promql) {
      expect(decodeURIComponent(query)).toContain('namespace="fraud-ml"');
    }
  });
});
