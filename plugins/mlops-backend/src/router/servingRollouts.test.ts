import { http, HttpResponse } from 'msw';
import request from 'supertest';
import { ModelServingHealth } from '@internal/plugin-mlops-common';
import { fixtures, STABLE_HASH } from '../delivery/__fixtures__';
import { TEST_APISERVER } from '../__testUtils__/startMlopsBackend';
import {
  apiserverCalls,
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

const NS = `${TEST_APISERVER}/apis`;

/** Pods of a Rollout: they carry its rollouts-pod-template-hash. */
function rolloutPods() {
  return http.get(
    `${TEST_APISERVER}/api/v1/namespaces/fraud-ml/pods`,
    ({ request: req }) => {
      apiserverCalls.push({ url: req.url, authorization: null });
      const pod = (x: string) => ({
        metadata: {
          name: `fraud-scorer-${STABLE_HASH}-${x}`,
          namespace: 'fraud-ml',
          labels: { 'rollouts-pod-template-hash': STABLE_HASH },
        },
        spec: { containers: [] },
        status: {
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'True' }],
        },
      });
      return HttpResponse.json({
        kind: 'List',
        metadata: {},
        items: ['a', 'b', 'c', 'd', 'e'].map(pod),
      });
    },
  );
}

function rollouts(status = 200) {
  return http.get(
    `${NS}/argoproj.io/v1alpha1/namespaces/fraud-ml/rollouts`,
    ({ request: req }) => {
      apiserverCalls.push({ url: req.url, authorization: null });
      if (status === 404)
        return new HttpResponse('404 page not found', { status });
      return HttpResponse.json({
        kind: 'List',
        metadata: {},
        items: fixtures.canaryInProgress().rollouts,
      });
    },
  );
}

const health = async () => {
  const server = await startPlugin();
  const response = await request(server)
    .get(healthPath('fraud-scorer'))
    .set('authorization', user);
  expect(response.status).toBe(200);
  return response.body as ModelServingHealth;
};

/* A canary service: the Rollout runs the pods, its Deployment keeps none. */
describe('serving health of a service an Argo Rollout runs', () => {
  useServingUpstream();

  it("counts the Rollout's replicas, from one more list made only because its pods say so", async () => {
    upstream.use(rolloutPods(), rollouts());
    const body = await health();
    expect(body.replicas).toMatchObject({ desired: 4, ready: 5 });
    expect(
      body.replicas!.workloads.map(w => [w.name, w.desiredReplicas]),
    ).toEqual([['fraud-scorer', 4]]);
    expect(body.sources.find(s => s.kind === 'kubernetes')).toMatchObject({
      ok: true,
      requests: 3,
    });
    const rolloutsCall = apiserverCalls.find(c => c.url.includes('/rollouts'))!;
    expect(new URL(rolloutsCall.url).searchParams.get('labelSelector')).toBe(
      'backstage.io/kubernetes-id=fraud-scorer',
    );
  });

  it('keeps the Deployments when the cluster has no Rollouts API', async () => {
    upstream.use(rolloutPods(), rollouts(404));
    const body = await health();
    expect(body.sources.find(s => s.kind === 'kubernetes')).toMatchObject({
      ok: true,
      requests: 3,
    });
    expect(
      body.replicas!.workloads.map(w => [w.name, w.desiredReplicas]),
    ).toEqual([['fraud-scorer', 2]]);
  });

  it("asks for no Rollouts when the pods are a Deployment's", async () => {
    const body = await health();
    expect(apiserverCalls.some(c => c.url.includes('/rollouts'))).toBe(false);
    expect(body.sources.find(s => s.kind === 'kubernetes')?.requests).toBe(2);
  });
});
