import {
  ModelServingHealth,
  ServingTimeSeries,
} from '@internal/plugin-mlops-common';
import request from 'supertest';
import {
  eventually,
  expectClose,
  promql,
  describeSandbox,
  switchScenario,
} from '../__testUtils__/sandbox';
import {
  expectFiguresMatchPromQL,
  expectReplicasMatchCluster,
  serverOf,
} from '../__testUtils__/servingChecks';
import {
  services,
  user,
  useServingPortal,
} from '../__testUtils__/servingPortal';

/*
 * /api/mlops against the real sandbox: two kube-apiservers (KWOK), Debian's
 * Prometheus and the fleet simulator, started by `scripts/test.sh health`.
 * The kubernetes plugin itself supplies the clusters. Every figure is
 * checked against PromQL written here the way the template's alert rules
 * write it, evaluated at the same instant. Here: the healthy fleet, and a
 * cluster or Prometheus gone.
 */
describeSandbox('serving health against the sandbox', () => {
  const { server, okHealth, entityAlerts, allHealth } = useServingPortal();

  it('healthy: every model service is healthy, with figures PromQL confirms', async () => {
    const all = await eventually(
      'every service healthy',
      allHealth,
      a => Object.values(a).every(h => h.status === 'healthy'),
      120_000,
    );
    for (const [name, body] of Object.entries(all)) {
      expect(body.sources.every(s => s.ok)).toBe(true);
      expect(body.metrics).toMatchObject({
        profileId: serverOf(name),
        profileDetected: true,
        found: true,
      });
      expect(body.reasons[0].code).toBe('within-objectives');
      await expectFiguresMatchPromQL(name, body);
      await expectReplicasMatchCluster(name, body);
    }
  });

  it('caches answers briefly and makes few upstream requests', async () => {
    const first = await okHealth('fraud-scorer');
    const second = await okHealth('fraud-scorer');
    const upstream = (b: ModelServingHealth) =>
      b.sources.reduce((n, s) => n + s.requests, 0);
    // One batched query to Prometheus and two lists per cluster, whatever the replicas.
    expect(first.cached ? 0 : upstream(first)).toBeLessThanOrEqual(6);
    expect(second.cached).toBe(true);
    expect(upstream(second)).toBe(0);
  });

  it('answers the charts with one range query', async () => {
    const get = async () => {
      const response = await request(server())
        .get(
          '/api/mlops/entities/component/default/fraud-scorer/serving-timeseries?range=1h',
        )
        .set('authorization', user);
      expect(response.status).toBe(200);
      return response.body as ServingTimeSeries;
    };
    // A young sandbox has its first points only once a rate window has two samples.
    const body = await eventually(
      'a chart point with traffic',
      get,
      b => b.points.some(p => p.requestsPerSecond !== null),
      90_000,
    );
    expect(body.stepSeconds).toBe(30);
    expect(body.points.length).toBe(121);
    expect(body.sources).toEqual([
      expect.objectContaining({ kind: 'prometheus', ok: true }),
    ]);
    const last = body.points.filter(p => p.requestsPerSecond !== null).at(-1)!;
    expectClose(
      last.requestsPerSecond,
      await promql(
        'sum(rate(model_server_requests_total{namespace="fraud-ml", service="fraud-scorer"}[300s]))',
        new Date(last.t).toISOString(),
      ),
    );
  });

  it('cluster-unreachable: services of the stopped cluster are unknown, the others healthy', async () => {
    switchScenario('cluster-unreachable');
    const all = await eventually(
      'west services unknown',
      allHealth,
      a =>
        Object.values(a).every(h =>
          h.sources.some(s => s.name === 'sandbox-west' && !s.ok),
        ),
      90_000,
    );
    try {
      for (const [name, body] of Object.entries(all)) {
        const west = services
          .find(s => s.metadata.name === name)!
          .metadata.tags!.includes('cpu');
        const failed = body.sources.find(s => s.name === 'sandbox-west')!;
        expect(failed).toMatchObject({
          ok: false,
          error: { kind: 'unreachable' },
        });
        expect(failed.error!.message).toMatch(
          /^Cluster 'sandbox-west' is unreachable/,
        );
        // The CPU services run in sandbox-west: their replicas are unknown.
        // Only a problem the metrics show on their own may make it worse.
        const worse = body.reasons.find(
          r => r.severity === 'down' || r.severity === 'degraded',
        );
        let expected = west ? 'unknown' : 'healthy';
        if (worse) expected = worse.severity;
        const reason = west ? 'workloads-unavailable' : 'cluster-unavailable';
        expect({ name, status: body.status, reasons: body.reasons }).toEqual({
          name,
          status: expected,
          reasons: expect.arrayContaining([
            expect.objectContaining({
              code: reason,
              message: expect.stringContaining(
                "Cluster 'sandbox-west' is unreachable",
              ),
            }),
          ]),
        });
      }
    } finally {
      switchScenario('healthy');
    }
  });

  it('prometheus-down: replicas still shown, metrics reported unreachable', async () => {
    switchScenario('prometheus-down');
    try {
      const body = await eventually(
        'metrics unavailable',
        () => okHealth('fraud-scorer'),
        b => b.signals === null,
        60_000,
      );
      expect(body.status).toBe('unknown');
      expect(body.sources[0]).toMatchObject({
        kind: 'prometheus',
        name: 'sandbox',
        ok: false,
        error: { kind: 'unreachable' },
      });
      expect(body.replicas!.ready).toBeGreaterThan(0);
      expect(body.reasons[0]).toMatchObject({
        code: 'metrics-unavailable',
        severity: 'unknown',
      });
      expect(await entityAlerts('fraud-scorer')).toMatchObject({
        alerts: [],
        sources: [
          { name: 'sandbox', ok: false, error: { kind: 'unreachable' } },
        ],
      });
    } finally {
      switchScenario('healthy');
    }
  });
});
