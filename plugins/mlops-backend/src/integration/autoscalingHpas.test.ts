import { SCALING_HISTORY_TASK_ID } from '../autoscaling/setup';
import {
  eventually,
  promql,
  describeSandbox,
  switchScenario,
} from '../__testUtils__/sandbox';
import { useAutoscalingPortal } from '../__testUtils__/autoscalingPortal';

/*
 * /api/mlops/.../autoscaling against the real sandbox (scripts/test.sh
 * health), compared with `kubectl get hpa -o json` field by field. Here:
 * the fleet's and the lab's HPAs, and Prometheus gone.
 */
describeSandbox('autoscaling against the sandbox', () => {
  const { scheduler, autoscaling, expectMatchesKubectl } =
    useAutoscalingPortal();

  it('schedules its collector once across backend replicas', () => {
    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({ id: SCALING_HISTORY_TASK_ID, scope: 'global' }),
    );
  });

  it('healthy: the fleet HPA answers match kubectl field by field, replicas match PromQL', async () => {
    // A young sandbox needs a while before the adapter serves every metric.
    const body = await eventually(
      'fraud-scorer with its metrics',
      () => expectMatchesKubectl('fraud-scorer', 'WEST', 'fraud-ml'),
      b =>
        b.hpas[0]?.conditions.some(
          c => c.type === 'ScalingActive' && c.status === 'True',
        ),
      120_000,
    );
    const [hpa] = body.hpas;
    expect(hpa.conditions.find(c => c.type === 'ScalingActive')).toMatchObject({
      status: 'True',
      problem: false,
    });
    expect(hpa.metrics.map(m => m.type)).toEqual(
      expect.arrayContaining(['Resource', 'Pods']),
    );
    expect(hpa.metrics.every(m => m.current !== null)).toBe(true);
    expect(
      body.sources.filter(s => s.kind === 'kubernetes').every(s => s.ok),
    ).toBe(true);

    const series = await eventually(
      'replicas in Prometheus',
      async () => (await autoscaling('fraud-scorer')).series[0],
      s => s.source === 'prometheus' && s.points.some(p => p.current !== null),
      60_000,
    );
    const last = series.points.filter(p => p.current !== null).at(-1)!;
    const at = new Date(last.t).toISOString();
    const sel =
      'cluster="sandbox-west", namespace="fraud-ml", horizontalpodautoscaler="fraud-scorer"';
    expect(last.current).toBe(
      await promql(
        `max(kube_horizontalpodautoscaler_status_current_replicas{${sel}})`,
        at,
      ),
    );
    expect(last.max).toBe(
      await promql(
        `max(kube_horizontalpodautoscaler_spec_max_replicas{${sel}})`,
        at,
      ),
    );
  });

  it("lab: ContainerResource, Object and External metrics, behavior and KEDA, with the controller's reasons", async () => {
    const body = await eventually(
      'the controller judged every lab HPA',
      () => expectMatchesKubectl('autoscaling-lab', 'EAST', 'autoscaling-lab'),
      b =>
        b.hpas.length === 3 &&
        b.hpas.every(h => h.conditions.some(c => c.type === 'ScalingActive')),
      90_000,
    );
    const byName = Object.fromEntries(body.hpas.map(h => [h.name, h]));
    const active = (name: string) =>
      byName[name].conditions.find(c => c.type === 'ScalingActive')!;
    expect(active('lab-queue-worker')).toMatchObject({
      status: 'False',
      reason: 'FailedGetExternalMetric',
      problem: true,
    });
    expect(active('keda-hpa-lab-keda-consumer')).toMatchObject({
      status: 'False',
      reason: 'FailedGetExternalMetric',
    });
    expect(active('lab-feature-store')).toMatchObject({
      status: 'False',
      problem: true,
    });
    expect(active('lab-feature-store').reason).toMatch(
      /^FailedGet(ContainerResource|Object)Metric$/,
    );
    expect(byName['lab-queue-worker'].summary[0]).toContain(
      'external metrics API (external.metrics.k8s.io)',
    );
    expect(
      byName['lab-queue-worker'].behavior?.scaleDown
        ?.stabilizationWindowSeconds,
    ).toBe(300);
    expect(byName['keda-hpa-lab-keda-consumer'].scaledObject).toBe(
      'lab-keda-consumer',
    );
    expect(
      byName['lab-feature-store'].metrics.map(m => [m.type, m.target?.display]),
    ).toEqual([
      ['ContainerResource', '1.5 GiB'],
      ['Object', '2k'],
    ]);
    // The warnings the controller wrote as Events are in the answer.
    const warnings = await eventually(
      'FailedGetExternalMetric Events',
      async () => (await autoscaling('autoscaling-lab')).events,
      events =>
        events.some(
          e => e.reason === 'FailedGetExternalMetric' && e.type === 'Warning',
        ),
      60_000,
    );
    expect(warnings.every(e => e.namespace === 'autoscaling-lab')).toBe(true);
  });

  it('prometheus-down: the controller cannot read metrics, the replicas come from the history', async () => {
    switchScenario('prometheus-down');
    try {
      const body = await eventually(
        'FailedGetPodsMetric or FailedGetResourceMetric',
        () => autoscaling('fraud-scorer'),
        b =>
          b.hpas[0]?.conditions.some(
            c => c.type === 'ScalingActive' && c.status === 'False',
          ) && b.sources.some(s => s.kind === 'prometheus' && !s.ok),
        120_000,
      );
      expect(body.hpas[0].summary.join(' ')).toMatch(
        /Cannot read its metrics from/,
      );
      expect(body.series[0].source).toBe('history');
      expect(body.series[0].points.at(-1)).toMatchObject({
        desired: body.hpas[0].desiredReplicas,
      });
      expect(body.sources.find(s => s.kind === 'prometheus')!.error!.kind).toBe(
        'unreachable',
      );
    } finally {
      switchScenario('healthy');
    }
  });
});
