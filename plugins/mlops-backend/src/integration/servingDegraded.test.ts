import {
  env,
  eventually,
  describeSandbox,
  scenarioTargets,
  switchScenario,
} from '../__testUtils__/sandbox';
import {
  expectFiguresMatchPromQL,
  expectReplicasMatchCluster,
} from '../__testUtils__/servingChecks';
import { annotation, useServingPortal } from '../__testUtils__/servingPortal';

/*
 * /api/mlops against the real sandbox: two kube-apiservers (KWOK), Debian's
 * Prometheus and the fleet simulator, started by `scripts/test.sh health`.
 * The kubernetes plugin itself supplies the clusters. Here: the
 * scenarios that make one service degraded or down, checked against PromQL,
 * the apiserver and the alerts the real Prometheus fires.
 */
describeSandbox('serving health of a degraded service in the sandbox', () => {
  const { okHealth, entityAlerts } = useServingPortal();

  it('error-spike: the target is degraded by its errors and burns its budget', async () => {
    switchScenario('error-spike');
    const [target] = await scenarioTargets();
    expect(target).toBe('fraud-scorer');
    const body = await eventually(
      `${target} degraded by errors`,
      () => okHealth(target),
      b =>
        b.status === 'degraded' &&
        b.reasons.some(r => r.code === 'errors-high'),
      180_000,
    );
    expect(body.signals!.errorRatio!).toBeGreaterThan(0.05);
    await expectFiguresMatchPromQL(target, body);
    const others = await okHealth('fraud-graph-embedder');
    expect(others.status).toBe('healthy');

    // The template's rule fires in the real Prometheus; the card's list has it.
    const alerts = await eventually(
      `${target}'s ModelServiceHighErrorRate firing`,
      () => entityAlerts(target),
      a =>
        a.alerts.some(
          x => x.name === 'ModelServiceHighErrorRate' && x.state === 'firing',
        ),
      180_000,
    );
    const firing = alerts.alerts.find(
      x => x.name === 'ModelServiceHighErrorRate',
    )!;
    const page = `/docs/default/component/${target}/runbooks/model-service-high-error-rate/`;
    expect(firing).toMatchObject({
      severity: 'critical',
      summary: expect.stringContaining(target),
      runbook: { url: `http://localhost:3000${page}`, portalPath: page },
      labels: {
        namespace: annotation(target, 'backstage.io/kubernetes-namespace'),
      },
      source: 'sandbox',
    });
    const fromPrometheus = (await (
      await fetch(`${env('MLOPS_PROMETHEUS_URL')}/api/v1/alerts`)
    ).json()) as {
      data: {
        alerts: Array<{ labels: Record<string, string>; activeAt: string }>;
      };
    };
    expect(firing.activeAt).toBe(
      fromPrometheus.data.alerts.find(
        a =>
          a.labels.alertname === 'ModelServiceHighErrorRate' &&
          a.labels.service === target,
      )?.activeAt,
    );
    expect(
      (await entityAlerts('fraud-graph-embedder')).alerts.map(a => a.name),
    ).not.toContain('ModelServiceHighErrorRate');
  });

  it('latency-regression: the target is degraded by its p95', async () => {
    switchScenario('latency-regression');
    const [target] = await scenarioTargets();
    expect(target).toBe('fraud-graph-embedder');
    const body = await eventually(
      `${target} degraded by latency`,
      () => okHealth(target),
      b =>
        b.status === 'degraded' &&
        b.reasons.some(r => r.code === 'latency-objective'),
      120_000,
    );
    expect(body.signals!.latency.p95Ms!).toBeGreaterThan(300);
    expect(
      body.reasons.find(r => r.code === 'latency-objective')!.message,
    ).toMatch(/^p95 latency is \d+ ms, over the 300 ms objective/);
    await expectFiguresMatchPromQL(target, body);
  });

  it('crashloop: the target is down, its pods crash-looping and OOMKilled', async () => {
    switchScenario('crashloop');
    const [target] = await scenarioTargets();
    expect(target).toBe('reco-candidate-retrieval');
    const body = await eventually(
      `${target} down with crash-looping pods`,
      () => okHealth(target),
      b =>
        b.status === 'down' &&
        ['no-ready-replicas', 'crash-looping', 'oom-killed'].every(c =>
          b.reasons.some(r => r.code === c),
        ),
      150_000,
    );
    expect(body.replicas!.ready).toBe(0);
    expect(
      body.replicas!.pods.some(p => p.lastTermination?.reason === 'OOMKilled'),
    ).toBe(true);
    await expectReplicasMatchCluster(target, body);
  });
});
