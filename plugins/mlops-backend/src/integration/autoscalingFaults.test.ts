import { EntityAutoscaling } from '@internal/plugin-mlops-common';
import request from 'supertest';
import { env, sandboxCluster, describeSandbox } from '../__testUtils__/sandbox';
import { startSandboxPortal } from '../__testUtils__/sandboxPortal';
import { fleet, user } from '../__testUtils__/autoscalingPortal';

/*
 * /api/mlops/.../autoscaling against the real sandbox (scripts/test.sh
 * health), compared with `kubectl get hpa -o json` field by field. Here:
 * a cluster that refuses the portal's token.
 */
jest.setTimeout(300_000);

describeSandbox('autoscaling when a sandbox cluster refuses', () => {
  it('a cluster that refuses the token: the answer names it and keeps the other cluster', async () => {
    const backend = await startSandboxPortal({
      entities: fleet,
      clusters: [sandboxCluster('EAST', 'not-a-token'), sandboxCluster('WEST')],
      config: { mlops: { prometheus: { instances: [] } } },
    });
    try {
      const response = await request(backend.server)
        .get('/api/mlops/entities/component/default/fraud-scorer/autoscaling')
        .set('authorization', user);
      expect(response.status).toBe(200);
      const body: EntityAutoscaling = response.body;
      expect(body.hpas.map(h => h.cluster)).toEqual(['sandbox-west']);
      expect(body.sources.find(s => s.name === 'sandbox-east')).toMatchObject({
        ok: false,
        error: { kind: 'unauthorized' },
      });
      expect(body.sources.find(s => s.kind === 'prometheus')).toMatchObject({
        ok: false,
        error: { kind: 'not-configured' },
      });
      expect(JSON.stringify(body)).not.toContain(
        env('MLOPS_SANDBOX_EAST_TOKEN'),
      );
    } finally {
      await backend.stop();
    }
  });
});
