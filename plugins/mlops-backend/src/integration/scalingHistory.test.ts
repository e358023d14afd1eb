import { kubectl } from '../__testUtils__/kubectlHpas';
import {
  eventually,
  describeSandbox,
  switchScenario,
} from '../__testUtils__/sandbox';
import { useAutoscalingPortal } from '../__testUtils__/autoscalingPortal';

/*
 * /api/mlops/.../autoscaling against the real sandbox (scripts/test.sh
 * health), compared with `kubectl get hpa -o json` field by field. Here:
 * the scaling history the collector keeps, with two collectors at once.
 */
describeSandbox('scaling history against the sandbox', () => {
  const { collect, autoscaling, expectMatchesKubectl } = useAutoscalingPortal();
  // A young sandbox's HPA says 0 (or its replicas) before the controller
  // computes a count; the collector takes only a computed count as a start.
  const computedDesired = async (name: string) => {
    const body = await eventually(
      `${name}'s desired replicas computed by the controller`,
      () => autoscaling(name),
      b =>
        !b.hpas[0]?.statusMissing &&
        (b.hpas[0]?.conditions.length ?? 0) > 0 &&
        (b.hpas[0]?.desiredReplicas ?? 0) > 0,
      120_000,
    );
    return body.hpas[0].desiredReplicas!;
  };

  it('scale-to-max: pinned at maxReplicas, said in words; the collector keeps the rescale, once', async () => {
    const before = await computedDesired('fraud-scorer');
    await collect(); // the first observation of every HPA
    switchScenario('scale-to-max');
    const body = await eventually(
      'fraud-scorer capped at maxReplicas',
      () => autoscaling('fraud-scorer'),
      b =>
        b.hpas[0]?.pinned?.at === 'max' &&
        b.hpas[0].conditions.some(c => c.reason === 'TooManyReplicas'),
      180_000,
    );
    const [hpa] = body.hpas;
    expect(hpa.summary[0]).toMatch(
      new RegExp(
        `^Capped at maxReplicas=${hpa.maxReplicas} for .+: raise maxReplicas or reduce load$`,
      ),
    );
    await expectMatchesKubectl('fraud-scorer', 'WEST', 'fraud-ml');

    // Two runners at once (two backend replicas) record each rescale once.
    await Promise.all([collect(), collect()]);
    await new Promise(r => setTimeout(r, 1500)); // past the cached answer
    const after = await autoscaling('fraud-scorer');
    const rescales = after.events.filter(e => e.reason === 'SuccessfulRescale');
    expect(rescales.length).toBeGreaterThan(0);
    const changes = after.events.filter(e => e.source === 'observed-change');
    // The sandbox's traffic may have scaled it up already (its scale-down window is 5 minutes).
    const expected = before === hpa.maxReplicas ? [] : [hpa.maxReplicas];
    expect(changes.slice(0, expected.length).map(c => c.toReplicas)).toEqual(
      expected,
    );
    const keys = after.events.map(
      e => `${e.source}:${e.reason}:${e.message}:${e.occurredAt}`,
    );
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('a change of desired replicas is kept once, with two collectors at once', async () => {
    // reco-ranker (sandbox-east) gets a higher minReplicas: the controller
    // raises its desired replicas whatever the metrics say.
    const minReplicas = (n: number) =>
      kubectl('EAST', [
        'patch',
        'hpa.v2.autoscaling',
        'reco-ranker',
        '-n',
        'recsys',
        '--type=merge',
        '-p',
        JSON.stringify({ spec: { minReplicas: n } }),
      ]);
    const desired = async () =>
      (await autoscaling('reco-ranker')).hpas[0].desiredReplicas!;
    const before = await computedDesired('reco-ranker');
    await collect();
    minReplicas(before + 1);
    try {
      // Seconds on a quiet machine (sync period 5 s); the controller-manager
      // of a sandbox sharing two cores with other stages once took over 60 s.
      await eventually(
        'reco-ranker raised',
        desired,
        d => d === before + 1,
        180_000,
      );
      await Promise.all([collect(), collect()]);
      // Past the answer cached while waiting (cacheTtl 1s).
      const observed = async () =>
        (await autoscaling('reco-ranker')).events.filter(
          e => e.source === 'observed-change',
        );
      const changes = await eventually(
        'the observed change',
        observed,
        c => c.length > 0,
        10_000,
      );
      expect(changes.map(e => [e.fromReplicas, e.toReplicas])).toEqual([
        [before, before + 1],
      ]);
      expect(changes[0].reason).toBe('DesiredReplicasChanged');
    } finally {
      minReplicas(2);
    }
  });
});
