import {
  InferenceServiceSummary,
  ModelServingHealth,
} from '@internal/plugin-mlops-common';
import { kubectl } from '../__testUtils__/kubectlHpas';
import {
  describeSandbox,
  eventually,
  switchScenario,
} from '../__testUtils__/sandbox';
import { useServingPortal } from '../__testUtils__/servingPortal';

/*
 * A KServe InferenceService against the sandbox: image-moderation is
 * annotated with serving.kserve.io/inferenceservice, and the simulator
 * writes the status KServe's controller would (KServe's own CRDs, v0.17).
 * The answer is compared with `kubectl get inferenceservice -o json`
 * field by field; then the canary fails and the service is down with
 * KServe's reason.
 */
interface KubectlInferenceService {
  metadata: { name: string; namespace: string };
  spec: { predictor: { canaryTrafficPercent?: number } };
  status?: {
    url?: string;
    address?: { url?: string };
    deploymentMode?: string;
    conditions?: Array<Record<string, string>>;
    components?: Record<string, Record<string, any>>;
    modelStatus?: Record<string, any>;
  };
}

const NAME = 'image-moderation';
const NAMESPACE = 'nlp-llm';

function kubectlInferenceService(): KubectlInferenceService {
  return JSON.parse(
    kubectl('EAST', [
      'get',
      'inferenceservice',
      NAME,
      '-n',
      NAMESPACE,
      '-o',
      'json',
    ]),
  );
}

/** What differs between the portal's InferenceService and kubectl's; empty when they agree. */
function differences(
  view: InferenceServiceSummary,
  k: KubectlInferenceService,
): string[] {
  const diffs: string[] = [];
  const same = (what: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(b))
      diffs.push(`${what}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`);
  };
  const s = k.status ?? {};
  same('name', view.name, k.metadata.name);
  same('namespace', view.namespace, k.metadata.namespace);
  same('url', view.url, s.url ?? null);
  same('address', view.address, s.address?.url ?? null);
  same('deploymentMode', view.deploymentMode, s.deploymentMode ?? null);
  const ready = s.conditions?.find(c => c.type === 'Ready');
  same('ready', view.ready, ready ? ready.status === 'True' : null);
  const byType = (types: string[]) => [...types].sort();
  same(
    'condition types',
    byType(view.conditions.map(c => c.type)),
    byType((s.conditions ?? []).map(c => c.type)),
  );
  for (const c of s.conditions ?? []) {
    const v = view.conditions.find(x => x.type === c.type);
    same(`${c.type}.status`, v?.status, c.status);
    same(`${c.type}.reason`, v?.reason, c.reason ?? null);
    same(`${c.type}.message`, v?.message, c.message ?? null);
    same(`${c.type}.since`, v?.since, c.lastTransitionTime ?? null);
    same(`${c.type}.severity`, v?.severity, c.severity ?? null);
  }
  const components = s.components ?? {};
  same(
    'components',
    view.components.map(c => c.component).sort(),
    Object.keys(components).sort(),
  );
  for (const [name, c] of Object.entries(components)) {
    const v = view.components.find(x => x.component === name)!;
    if (!v) continue;
    for (const field of [
      'latestCreatedRevision',
      'latestReadyRevision',
      'latestRolledoutRevision',
      'previousRolledoutRevision',
      'url',
    ] as const) {
      same(`${name}.${field}`, v[field], c[field] ?? null);
    }
    same(
      `${name}.traffic`,
      v.traffic,
      (c.traffic ?? []).map((t: Record<string, any>) => ({
        revision: t.revisionName ?? null,
        percent: t.percent ?? 0,
        tag: t.tag ?? null,
        latestRevision: t.latestRevision === true,
        url: t.url ?? null,
      })),
    );
    same(
      `${name}.canaryTrafficPercent`,
      v.canaryTrafficPercent,
      (k.spec as Record<string, any>)[name]?.canaryTrafficPercent ?? null,
    );
  }
  const m = s.modelStatus;
  same(
    'model.transitionStatus',
    view.model?.transitionStatus,
    m?.transitionStatus ?? null,
  );
  same(
    'model.activeModelState',
    view.model?.activeModelState,
    m?.states?.activeModelState ?? null,
  );
  same(
    'model.targetModelState',
    view.model?.targetModelState,
    m?.states?.targetModelState ?? null,
  );
  same(
    'model.lastFailure',
    view.model?.lastFailure ?? null,
    m?.lastFailureInfo
      ? {
          reason: m.lastFailureInfo.reason ?? null,
          message: m.lastFailureInfo.message ?? null,
          revision: m.lastFailureInfo.modelRevisionName ?? null,
          time: m.lastFailureInfo.time ?? null,
        }
      : null,
  );
  return diffs;
}

describeSandbox('a KServe InferenceService against the sandbox', () => {
  const { okHealth } = useServingPortal();

  /** An answer and kubectl's object read at the same moment, once they agree. */
  async function agreeing(
    what: string,
    check: (isvc: InferenceServiceSummary, body: ModelServingHealth) => boolean,
  ) {
    let diffs: string[] = [];
    const seen = await eventually(
      what,
      async () => {
        const body = await okHealth(NAME);
        const k = kubectlInferenceService();
        const isvc = body.inferenceServices.find(i => i.name === NAME);
        diffs = isvc
          ? differences(isvc, k)
          : ['no InferenceService in the answer'];
        return { body, isvc, diffs };
      },
      s => s.diffs.length === 0 && check(s.isvc!, s.body),
      150_000,
    );
    expect(diffs).toEqual([]);
    return seen;
  }

  it('healthy: one revision at 100 %, Ready, as kubectl shows it', async () => {
    const { body, isvc } = await agreeing(
      'a Ready InferenceService',
      i => i.ready === true,
    );
    expect(isvc).toMatchObject({
      cluster: 'sandbox-east',
      namespace: NAMESPACE,
    });
    expect(isvc!.components[0].traffic).toEqual([
      expect.objectContaining({ percent: 100, latestRevision: true }),
    ]);
    expect(body.reasons.map(r => r.code)).not.toContain(
      'inferenceservice-not-ready',
    );
    // The pods carry KServe's label, and the chart's Deployment still counts.
    expect(body.replicas!.workloads.map(w => w.name)).toEqual([NAME]);
  });

  it('kserve-canary: a canary at 10 %, then its revision fails and the service is down', async () => {
    switchScenario('kserve-canary');
    const { isvc } = await agreeing(
      'a canary revision at 10 %',
      i => i.components[0]?.canaryTrafficPercent === 10,
    );
    const predictor = isvc!.components[0];
    expect(predictor.traffic.map(t => [t.tag, t.percent])).toEqual([
      ['latest', 10],
      ['prev', 90],
    ]);
    expect(predictor.latestCreatedRevision).toBe(`${NAME}-predictor-00002`);

    const failed = await agreeing(
      'the canary revision failed',
      i => i.ready === false,
    );
    const ready = failed.isvc!.conditions.find(c => c.type === 'Ready')!;
    expect(ready).toMatchObject({ status: 'False', reason: 'RevisionFailed' });
    expect(failed.body.status).toBe('down');
    expect(failed.body.reasons[0]).toEqual({
      code: 'inferenceservice-not-ready',
      severity: 'down',
      message: `InferenceService ${NAME} in ${NAMESPACE} on cluster sandbox-east is not Ready (False): RevisionFailed: ${ready.message}`,
    });
    expect(failed.isvc!.components[0].latestReadyRevision).toBe(
      `${NAME}-predictor-00001`,
    );
  });

  it('healthy restores it', async () => {
    switchScenario('healthy');
    const { body } = await agreeing(
      'a Ready InferenceService again',
      i => i.ready === true && i.components[0]?.canaryTrafficPercent === null,
    );
    expect(body.reasons.map(r => r.code)).not.toContain(
      'inferenceservice-not-ready',
    );
  });
});
