import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  TEST_APISERVER,
  testCluster,
} from '../../__testUtils__/startMlopsBackend';
import { KubernetesClusterAccessRegistry } from './clusterAccess';
import { ClusterCaller } from './clusterCall';
import { ListPage } from './listPages';

// Without --experimental-vm-modules jest cannot import() ESM; it can require it.
jest.mock('./clientNode', () => ({
  loadClientNode: async () => jest.requireActual('@kubernetes/client-node'),
}));

const RS = `${TEST_APISERVER}/apis/apps/v1/namespaces/ml/replicasets`;
const ROLLOUTS = `${TEST_APISERVER}/apis/argoproj.io/v1alpha1/namespaces/ml/rollouts`;

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

function caller() {
  const registry = new KubernetesClusterAccessRegistry();
  registry.set({
    clusterSupplier: { getClusters: async () => [testCluster] },
    serviceLocator: {
      getClustersByEntity: async () => ({ clusters: [testCluster] }),
    },
    authStrategy: {
      getCredential: async () => ({ type: 'bearer token', token: 't' }),
      validateCluster: () => [],
      presentAuthMetadata: m => m,
    },
  });
  return new ClusterCaller({
    registry,
    timeoutMs: 5000,
    limits: {
      pageSize: 1,
      maxObjectsPerRead: 10,
      maxObjectsPerCollectorRun: 100,
    },
  });
}

/** ReplicaSets one a page, the second page a moment later; Rollouts as `rollouts` answers. */
function serve(rollouts: () => Response) {
  server.resetHandlers(
    http.get(RS, async ({ request }) => {
      const next = new URL(request.url).searchParams.get('continue');
      await new Promise(resolve => setTimeout(resolve, next ? 0 : 50));
      return HttpResponse.json({
        kind: 'List',
        metadata: next ? {} : { continue: 'page-2' },
        items: [{ metadata: { name: next ? 'rs-2' : 'rs-1' } }],
      });
    }),
    http.get(ROLLOUTS, rollouts),
  );
}

const readBoth = () =>
  caller().call(
    testCluster,
    { what: 'ReplicaSets or Rollouts' },
    async ({ kc, k8s, options, list, listIfServed }) => {
      const apps = kc.makeApiClient(k8s.AppsV1Api);
      const custom = kc.makeApiClient(k8s.CustomObjectsApi);
      const [replicaSets, rollouts] = await Promise.all([
        list('ReplicaSets', page =>
          apps.listNamespacedReplicaSet({ namespace: 'ml', ...page }, options),
        ),
        listIfServed(
          'Rollouts',
          page =>
            custom.listNamespacedCustomObject(
              {
                group: 'argoproj.io',
                version: 'v1alpha1',
                plural: 'rollouts',
                namespace: 'ml',
                ...page,
              },
              options,
            ) as Promise<ListPage<object>>,
        ),
      ]);
      return { replicaSets: replicaSets.map(r => r.metadata?.name), rollouts };
    },
  );

describe('ClusterCaller.listIfServed', () => {
  it('answers null for a kind the cluster does not serve, and the other lists go on', async () => {
    serve(() => new HttpResponse('404 page not found\n', { status: 404 }));
    expect(await readBoth()).toMatchObject({
      ok: true,
      replicaSets: ['rs-1', 'rs-2'],
      rollouts: null,
      requests: 3,
    });
  });

  it('fails the call for any other refusal, as `list` does', async () => {
    serve(() =>
      HttpResponse.json(
        {
          kind: 'Status',
          code: 403,
          message: 'rollouts.argoproj.io is forbidden',
        },
        { status: 403 },
      ),
    );
    expect(await readBoth()).toMatchObject({
      ok: false,
      error: {
        kind: 'forbidden',
        message:
          "Cluster 'test-east' forbids the portal to list ReplicaSets or Rollouts (403): rollouts.argoproj.io is forbidden",
      },
    });
  });
});
