import { KedaScaledObjectView } from '@internal/plugin-mlops-common';
import { kubectl } from '../__testUtils__/kubectlHpas';
import { describeSandbox, eventually } from '../__testUtils__/sandbox';
import { useAutoscalingPortal } from '../__testUtils__/autoscalingPortal';

/*
 * The KEDA part of /api/mlops/.../autoscaling against the sandbox, whose
 * simulator writes reco-candidate-retrieval's ScaledObject status and HPA
 * as KEDA's operator would: compared with `kubectl get scaledobject,hpa -o
 * json` field by field, then paused by annotation and back.
 */
const SERVICE = 'reco-candidate-retrieval';
const NAMESPACE = 'recsys';
const PAUSED_REPLICAS = 'autoscaling.keda.sh/paused-replicas';

interface KubectlScaledObject {
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec: {
    minReplicaCount?: number;
    maxReplicaCount?: number;
    fallback?: { failureThreshold: number; replicas: number };
    triggers: Array<{ type: string; metadata: Record<string, string> }>;
  };
  status?: {
    hpaName?: string;
    pausedReplicaCount?: number;
    conditions?: Array<{
      type: string;
      status: string;
      reason?: string;
      message?: string;
    }>;
    health?: Record<string, { numberOfFailures?: number; status?: string }>;
  };
}

function kubectlKeda(): {
  scaledObject: KubectlScaledObject;
  hpaNames: string[];
  ownerKinds: string[];
} {
  const items: Array<
    KubectlScaledObject & {
      metadata: { ownerReferences?: Array<{ kind: string; name: string }> };
    }
  > = JSON.parse(
    kubectl('WEST', [
      'get',
      'scaledobject,hpa.v2.autoscaling',
      '-n',
      NAMESPACE,
      '-o',
      'json',
    ]),
  ).items;
  const hpas = items.filter(i => i.kind === 'HorizontalPodAutoscaler');
  return {
    scaledObject: items.find(i => i.kind === 'ScaledObject')!,
    hpaNames: hpas.map(h => h.metadata.name),
    ownerKinds: hpas.flatMap(
      h => h.metadata.ownerReferences?.map(o => `${o.kind}/${o.name}`) ?? [],
    ),
  };
}

function differences(
  view: KedaScaledObjectView | undefined,
  k: KubectlScaledObject,
): string[] {
  if (!view) return ['ScaledObject missing from the answer'];
  const diffs: string[] = [];
  const same = (what: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(b))
      diffs.push(`${what}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`);
  };
  same('name', view.name, k.metadata.name);
  same('min', view.minReplicaCount, k.spec.minReplicaCount ?? null);
  same('max', view.maxReplicaCount, k.spec.maxReplicaCount ?? null);
  same(
    'fallback',
    [view.fallback?.failureThreshold, view.fallback?.replicas],
    [k.spec.fallback?.failureThreshold, k.spec.fallback?.replicas],
  );
  same(
    'fallback active',
    view.fallback?.active,
    k.status?.conditions?.some(
      c => c.type === 'Fallback' && c.status === 'True',
    ),
  );
  same(
    'triggers',
    view.triggers.map(t => [
      t.type,
      Object.fromEntries(t.metadata.map(m => [m.key, m.value])),
    ]),
    k.spec.triggers.map(t => [t.type, t.metadata]),
  );
  same(
    'health',
    view.triggers.flatMap(t =>
      t.health ? [[t.metricName, t.health.status]] : [],
    ),
    Object.entries(k.status?.health ?? {}).map(([n, h]) => [n, h.status]),
  );
  same(
    'conditions',
    view.conditions.map(c => [c.type, c.status, c.reason, c.message]),
    (k.status?.conditions ?? []).map(c => [
      c.type,
      c.status,
      c.reason ?? null,
      c.message ?? null,
    ]),
  );
  same(
    'paused',
    [view.paused, view.pausedReplicas],
    [
      k.metadata.annotations?.[PAUSED_REPLICAS] !== undefined,
      k.status?.pausedReplicaCount ?? null,
    ],
  );
  same('hpaName', view.hpaName, k.status?.hpaName);
  return diffs;
}

describeSandbox('KEDA ScaledObject against the sandbox', () => {
  const { autoscaling } = useAutoscalingPortal();

  /** Polls until the answer and kubectl agree (the simulator rewrites status every tick). */
  const matchingKubectl = (
    what: string,
    until: (k: ReturnType<typeof kubectlKeda>) => boolean,
  ) =>
    eventually(
      what,
      async () => {
        const body = await autoscaling(SERVICE);
        const k = kubectlKeda();
        const diffs = until(k)
          ? differences(body.scaledObjects[0], k.scaledObject)
          : ['not there yet'];
        if (body.scaledObjects.length !== 1)
          diffs.push(`${body.scaledObjects.length} ScaledObjects`);
        if (
          JSON.stringify(body.hpas.map(h => h.name)) !==
          JSON.stringify(k.hpaNames)
        )
          diffs.push(`HPAs ${body.hpas.map(h => h.name)} != ${k.hpaNames}`);
        return { body, k, diffs };
      },
      r => r.diffs.length === 0,
      30_000,
    );

  it('answers the ScaledObject and its HPA as kubectl shows them, paused and back', async () => {
    const { body, k } = await matchingKubectl(
      'the ScaledObject with its HPA',
      x => x.hpaNames.length === 1,
    );
    expect(k.ownerKinds).toEqual([`ScaledObject/${SERVICE}`]);
    expect(body.hpas[0]).toMatchObject({
      name: `keda-hpa-${SERVICE}`,
      scaledObject: SERVICE,
    });
    const [so] = body.scaledObjects;
    expect(so.triggers.map(t => [t.type, t.metricName])).toEqual([
      ['prometheus', 's0-prometheus'],
      ['cpu', null],
    ]);
    expect(so.paused).toBe(false);

    try {
      kubectl('WEST', [
        'annotate',
        'scaledobject',
        SERVICE,
        '-n',
        NAMESPACE,
        `${PAUSED_REPLICAS}=3`,
      ]);
      const paused = await matchingKubectl(
        'paused at 3 replicas, HPA removed',
        x =>
          x.hpaNames.length === 0 &&
          x.scaledObject.status?.pausedReplicaCount === 3,
      );
      expect(paused.body.scaledObjects[0]).toMatchObject({
        paused: true,
        pausedReplicas: 3,
      });
      expect(paused.body.scaledObjects[0].summary[0]).toContain(
        'KEDA holds reco-candidate-retrieval at 3 replicas',
      );
      expect(paused.body.hpas).toEqual([]);
    } finally {
      kubectl('WEST', [
        'annotate',
        'scaledobject',
        SERVICE,
        '-n',
        NAMESPACE,
        `${PAUSED_REPLICAS}-`,
      ]);
    }
    const back = await matchingKubectl(
      'unpaused, HPA back',
      x =>
        x.hpaNames.length === 1 &&
        x.scaledObject.status?.conditions?.some(
          c => c.type === 'Paused' && c.reason === 'ScaledObjectUnpaused',
        ) === true,
    );
    expect(back.body.scaledObjects[0].paused).toBe(false);
  });
});
