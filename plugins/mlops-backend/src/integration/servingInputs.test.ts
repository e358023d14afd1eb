import request from 'supertest';
import { component, describeSandbox } from '../__testUtils__/sandbox';
import { user, useServingPortal } from '../__testUtils__/servingPortal';

/*
 * /api/mlops against the real sandbox: two kube-apiservers (KWOK), Debian's
 * Prometheus and the fleet simulator, started by `scripts/test.sh health`.
 * The kubernetes plugin itself supplies the clusters. Here:
 * entities without or with hostile annotations, unknown entities and
 * requests without a token.
 */
describeSandbox('serving health of odd requests against the sandbox', () => {
  const { server, health, okHealth } = useServingPortal([
    component('no-annotations', {}),
    component('injected-workload', {
      'backstage.io/kubernetes-id': 'fraud-scorer',
      'backstage.io/kubernetes-namespace': 'fraud-ml',
      'mlops-portal.io/metrics-workload': 'x"} or vector(1) or {a="',
    }),
    component('injected-id', {
      'backstage.io/kubernetes-id': 'fraud-scorer"} or vector(1) #',
    }),
  ]);

  it('answers "not configured" for an entity without annotations', async () => {
    expect(await health('no-annotations')).toMatchObject({
      state: 'not-configured',
      reason: 'missing-annotation',
      problems: [{ annotation: 'backstage.io/kubernetes-id' }],
    });
  });

  it('keeps an injected metrics workload inside its string literal', async () => {
    // Unescaped, `or vector(1)` would answer 1 request per second.
    const body = await okHealth('injected-workload');
    expect(body.metrics.found).toBe(false);
    expect(body.signals!.requestsPerSecond).toBeNull();
    expect(body.metrics.selector).toContain(
      'service="x\\"} or vector(1) or {a=\\""',
    );
    expect(body.reasons.map(r => r.code)).toContain('no-metrics');
  });

  it('refuses an injected kubernetes-id before any upstream call', async () => {
    expect(await health('injected-id')).toMatchObject({
      state: 'not-configured',
      reason: 'invalid-annotation',
      problems: [{ annotation: 'backstage.io/kubernetes-id' }],
    });
  });

  it('answers 404 with a message for an unknown entity and 401 without a token', async () => {
    const missing = await request(server())
      .get(
        '/api/mlops/entities/component/default/no-such-service/serving-health',
      )
      .set('authorization', user);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({
      name: 'NotFoundError',
      message: 'No entity component:default/no-such-service in the catalog',
    });
    const anonymous = await request(server()).get(
      '/api/mlops/entities/component/default/fraud-scorer/serving-health',
    );
    expect(anonymous.status).toBe(401);
  });
});
