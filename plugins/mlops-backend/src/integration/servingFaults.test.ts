import { ModelServingHealth } from '@internal/plugin-mlops-common';
import request from 'supertest';
import {
  component,
  env,
  sandboxCluster,
  describeSandbox,
  startSilentServer,
} from '../__testUtils__/sandbox';
import {
  sandboxAdmin,
  sandboxPrometheus,
} from '../__testUtils__/sandboxPortal';
import {
  services,
  startServingPortal,
  user,
} from '../__testUtils__/servingPortal';

/*
 * /api/mlops against the real sandbox: two kube-apiservers (KWOK), Debian's
 * Prometheus and the fleet simulator, started by `scripts/test.sh health`.
 * The kubernetes plugin itself supplies the clusters. Here: a
 * forbidden, a hung and a wrongly authenticated cluster and a hung
 * Prometheus, all at once.
 */
jest.setTimeout(300_000);

describeSandbox('serving health when sources fail', () => {
  let stop: (() => Promise<void>) | undefined;
  const cleanups: Array<() => Promise<unknown>> = [];

  afterAll(async () => {
    await stop?.();
    for (const cleanup of cleanups) await cleanup();
  });

  it('reports a 403 cluster, a hung cluster, a wrong token and a hung Prometheus, and still answers', async () => {
    // A service account the apiserver knows but that may read nothing: a real 403.
    const { core } = await sandboxAdmin('EAST');
    const namespace = 'mlops-portal';
    const name = `mlops-it-noaccess-${Date.now()}`;
    await core.createNamespacedServiceAccount({
      namespace,
      body: { metadata: { name } },
    });
    cleanups.push(() =>
      core.deleteNamespacedServiceAccount({ name, namespace }),
    );
    const token = await core.createNamespacedServiceAccountToken({
      name,
      namespace,
      body: { spec: { audiences: [], expirationSeconds: 600 } },
    });
    const hungCluster = await startSilentServer();
    const hungPrometheus = await startSilentServer();
    cleanups.push(hungCluster.close, hungPrometheus.close);

    const portal = await startServingPortal({
      clusters: [
        sandboxCluster('WEST'),
        {
          ...sandboxCluster('EAST'),
          name: 'east-forbidden',
          serviceAccountToken: token.status!.token,
        },
        {
          ...sandboxCluster('EAST'),
          name: 'east-wrong-token',
          serviceAccountToken: 'not-a-token',
        },
        {
          ...sandboxCluster('EAST'),
          name: 'east-hung',
          url: `https://127.0.0.1:${hungCluster.port}`,
        },
      ],
      instances: [
        {
          name: 'hung',
          url: `http://127.0.0.1:${hungPrometheus.port}`,
          timeout: '1s',
        },
        sandboxPrometheus(),
      ],
      entities: [
        services.find(s => s.metadata.name === 'fraud-scorer')!,
        component('fraud-scorer-on-sandbox-prometheus', {
          ...services.find(s => s.metadata.name === 'fraud-scorer')!.metadata
            .annotations,
          'prometheus.io/service-name': 'sandbox',
        }),
      ],
    });
    stop = portal.stop;

    const started = Date.now();
    const response = await request(portal.server)
      .get('/api/mlops/entities/component/default/fraud-scorer/serving-health')
      .set('authorization', user);
    expect(Date.now() - started).toBeLessThan(8000);
    expect(response.status).toBe(200);
    const body = response.body as ModelServingHealth;
    const source = (n: string) => body.sources.find(s => s.name === n);
    expect(source('hung')).toMatchObject({
      ok: false,
      error: {
        kind: 'timeout',
        message: "Prometheus 'hung' did not answer within 1000 ms",
      },
    });
    expect(source('east-forbidden')).toMatchObject({
      ok: false,
      error: { kind: 'forbidden' },
    });
    expect(source('east-forbidden')!.error!.message).toContain('(403)');
    expect(source('east-wrong-token')).toMatchObject({
      ok: false,
      error: { kind: 'unauthorized' },
    });
    expect(source('east-hung')).toMatchObject({
      ok: false,
      error: {
        kind: 'timeout',
        message: "Cluster 'east-hung' did not answer within 3000 ms",
      },
    });
    expect(source('sandbox-west')).toMatchObject({ ok: true });
    // What the working cluster knows is kept; the metrics are unknown.
    expect(body.replicas!.ready).toBeGreaterThan(0);
    expect(body.status).toBe('unknown');
    expect(JSON.stringify(body)).not.toContain(env('MLOPS_SANDBOX_WEST_TOKEN'));
    expect(JSON.stringify(body)).not.toContain(token.status!.token);

    const other = await request(portal.server)
      .get(
        '/api/mlops/entities/component/default/fraud-scorer-on-sandbox-prometheus/serving-health',
      )
      .set('authorization', user);
    expect(other.body.sources[0]).toMatchObject({ name: 'sandbox', ok: true });
    expect(other.body.signals.requestsPerSecond).toBeGreaterThan(0);
  });
});
