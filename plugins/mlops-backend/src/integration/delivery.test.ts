import {
  DeliveryResponse,
  EntityDelivery,
  RolloutView,
} from '@internal/plugin-mlops-common';
import request from 'supertest';
import { kubectl } from '../__testUtils__/kubectlHpas';
import {
  component,
  describeSandbox,
  env,
  eventually,
  exampleModelServices,
  sandboxCluster,
  sandboxEnabled,
  startSilentServer,
  switchScenario,
} from '../__testUtils__/sandbox';
import {
  SandboxPortal,
  sandboxPrometheus,
  startSandboxPortal,
  user,
} from '../__testUtils__/sandboxPortal';

/*
 * The Delivery answer against the sandbox: doc-classifier's pods are run by
 * a Rollout of the real Argo Rollouts controller (sandbox-west), its model
 * versions are in the sandbox's real MLflow. Each answer is compared with
 * `kubectl get rollout,analysisrun,replicaset -o json` read right after it,
 * field by field, and the model versions with MLflow's own REST API.
 */

const NAME = 'doc-classifier';
const NAMESPACE = 'nlp-llm';

interface K8sObject {
  kind: string;
  metadata: {
    name: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: Array<{ kind: string; name: string }>;
    creationTimestamp: string;
  };
  spec: Record<string, any>;
  status?: Record<string, any>;
}

function kubectlDelivery() {
  const items: K8sObject[] = JSON.parse(
    kubectl('WEST', [
      'get',
      'rollout,analysisrun,replicaset',
      '-n',
      NAMESPACE,
      '-o',
      'json',
    ]),
  ).items;
  const owned = (o: K8sObject) =>
    o.metadata.ownerReferences?.some(
      r => r.kind === 'Rollout' && r.name === NAME,
    );
  return {
    rollout: items.find(o => o.kind === 'Rollout' && o.metadata.name === NAME)!,
    runs: items.filter(o => o.kind === 'AnalysisRun' && owned(o)),
    replicaSets: items.filter(o => o.kind === 'ReplicaSet' && owned(o)),
  };
}

/** What differs between the portal's Rollout and kubectl's objects; empty when they agree. */
function differences(
  view: RolloutView,
  k: ReturnType<typeof kubectlDelivery>,
): string[] {
  const diffs: string[] = [];
  const same = (what: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(b))
      diffs.push(`${what}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`);
  };
  const s = k.rollout.status ?? {};
  same('name', view.name, k.rollout.metadata.name);
  same('phase', view.phase, s.phase ?? null);
  same('message', view.message, s.message || null);
  same('aborted', view.aborted, s.abort === true);
  same('stableHash', view.stableHash, s.stableRS ?? null);
  same('currentHash', view.currentHash, s.currentPodHash ?? null);
  same('readyReplicas', view.readyReplicas, s.readyReplicas ?? 0);
  same('updatedReplicas', view.updatedReplicas, s.updatedReplicas ?? 0);
  same('availableReplicas', view.availableReplicas, s.availableReplicas ?? 0);
  same(
    'steps',
    view.steps.map(st => st.kind),
    (k.rollout.spec.strategy.canary?.steps ?? []).map(
      (st: object) => Object.keys(st)[0],
    ),
  );
  same('workloadRef', view.workloadRef, `Deployment/${NAME}`);
  same(
    'revisions',
    view.revisions.map(r => r.podTemplateHash).sort(),
    k.replicaSets
      .map(r => r.metadata.labels!['rollouts-pod-template-hash'])
      .sort(),
  );
  for (const rs of k.replicaSets) {
    const hash = rs.metadata.labels!['rollouts-pod-template-hash'];
    const v = view.revisions.find(r => r.podTemplateHash === hash);
    if (!v) continue;
    same(`${hash}.replicaSet`, v.replicaSet, rs.metadata.name);
    same(
      `${hash}.revision`,
      v.revision,
      rs.metadata.annotations?.['rollout.argoproj.io/revision'] ?? null,
    );
    same(`${hash}.desired`, v.desiredReplicas, rs.spec.replicas ?? 0);
    same(`${hash}.ready`, v.readyReplicas, rs.status?.readyReplicas ?? 0);
    same(
      `${hash}.modelVersion`,
      v.modelVersion,
      rs.spec.template.metadata.annotations?.[
        'mlops-portal.io/model-version'
      ] ?? null,
    );
    same(
      `${hash}.image`,
      v.images.map(i => i.image),
      rs.spec.template.spec.containers.map((c: { image: string }) => c.image),
    );
  }
  same(
    'analysis runs',
    view.analysisRuns.map(r => r.name).sort(),
    k.runs.map(r => r.metadata.name).sort(),
  );
  for (const run of k.runs) {
    const v = view.analysisRuns.find(r => r.name === run.metadata.name);
    if (!v) continue;
    same(`${v.name}.phase`, v.phase, run.status?.phase ?? 'Pending');
    same(`${v.name}.message`, v.message, run.status?.message ?? null);
    for (const m of run.status?.metricResults ?? []) {
      const vm = v.metrics.find(x => x.name === m.name);
      same(`${v.name}/${m.name}.phase`, vm?.phase, m.phase);
      same(`${v.name}/${m.name}.failed`, vm?.failed, m.failed ?? 0);
      same(`${v.name}/${m.name}.successful`, vm?.successful, m.successful ?? 0);
      same(
        `${v.name}/${m.name}.measurements`,
        vm?.measurements.map(x => [x.phase, x.value]),
        (m.measurements ?? []).map((x: Record<string, string>) => [
          x.phase,
          x.value ?? null,
        ]),
      );
    }
  }
  return diffs;
}

async function mlflowVersion(version: string) {
  const url = `${env(
    'MLOPS_MLFLOW_URL',
  )}/api/2.0/mlflow/model-versions/get?name=${NAME}&version=${version}`;
  return (await (await fetch(url)).json()).model_version;
}

const registry = (baseUrl: string) => ({
  mlflow: { name: 'sandbox', baseUrl, timeout: '3s', cacheTtl: '1ms' },
});

describeSandbox(
  'Delivery against the sandbox: Argo Rollouts and MLflow',
  () => {
    jest.setTimeout(400_000);
    let portal: SandboxPortal | undefined;
    let closed: Awaited<ReturnType<typeof startSilentServer>> | undefined;

    beforeAll(async () => {
      switchScenario('healthy');
      closed = await startSilentServer();
      portal = await startSandboxPortal({
        clusters: [sandboxCluster('EAST'), sandboxCluster('WEST')],
        entities: [
          ...(sandboxEnabled ? exampleModelServices() : []),
          component(
            'unknown-model',
            {
              'backstage.io/kubernetes-id': NAME,
              'backstage.io/kubernetes-namespace': NAMESPACE,
              'mlops-portal.io/mlflow-registered-model': 'no-such-model',
            },
            'nlp-llm',
          ),
        ],
        config: {
          mlops: {
            prometheus: { instances: [sandboxPrometheus()] },
            delivery: { cacheTtl: '1ms', sloWindow: '1m' },
            modelRegistry: registry(env('MLOPS_MLFLOW_URL')),
          },
        },
      });
    });

    afterAll(async () => {
      await portal?.stop();
      await closed?.close();
      switchScenario('healthy');
    });

    async function delivery(name = NAME): Promise<EntityDelivery> {
      const response = await request(portal!.server)
        .get(`/api/mlops/entities/component/default/${name}/delivery`)
        .set('authorization', user);
      expect(response.status).toBe(200);
      const body = response.body as DeliveryResponse;
      expect(body.state === 'ok' ? body.state : body).toBe('ok');
      return body as EntityDelivery;
    }

    /** An answer and kubectl's objects read right after it, once they agree and `check` holds. */
    async function agreeing(
      what: string,
      check: (rollout: RolloutView, body: EntityDelivery) => boolean,
    ) {
      let diffs: string[] = [];
      const seen = await eventually(
        what,
        async () => {
          const body = await delivery();
          const rollout = body.rollouts.find(r => r.name === NAME);
          diffs = rollout
            ? differences(rollout, kubectlDelivery())
            : ['no Rollout in the answer'];
          return { body, rollout, diffs };
        },
        s => s.diffs.length === 0 && check(s.rollout!, s.body),
        200_000,
      );
      expect(diffs).toEqual([]);
      return seen;
    }

    it('healthy: the Rollout, its revisions and the model version, as kubectl and MLflow show them', async () => {
      const { body, rollout } = await agreeing(
        'a Healthy Rollout with its SLO figures',
        r =>
          r.phase === 'Healthy' &&
          r.stableHash === r.currentHash &&
          r.revisions.some(v => v.role === 'stable' && v.slo !== null),
      );
      expect(rollout).toMatchObject({
        cluster: 'sandbox-west',
        namespace: NAMESPACE,
        strategy: 'canary',
        aborted: false,
        canaryWeight: 100,
        problems: [],
      });
      expect(body.deployments).toEqual([]);
      const stable = rollout!.revisions.find(r => r.role === 'stable')!;
      expect(stable.modelVersion).toBe('1');
      expect(stable.slo?.requestsPerSecond).toBeGreaterThan(0);

      const registryAnswer = body.modelRegistry!;
      expect(registryAnswer.error).toBeUndefined();
      expect(registryAnswer.model).toBe(NAME);
      const served = registryAnswer.served.find(v => v.version === '1')!;
      expect(served.roles).toEqual(['stable']);
      const own = await mlflowVersion('1');
      expect(served.details).toMatchObject({
        version: own.version,
        aliases: own.aliases,
        runId: own.run_id,
        source: own.source,
        status: own.status,
      });
      expect(served.details!.run?.metrics.accuracy).toBeCloseTo(0.912);
      expect(body.sources.map(s => [s.kind, s.ok])).toContainEqual([
        'mlflow',
        true,
      ]);
    });

    it('canary-bad: the controller aborts, and the answer explains it in words', async () => {
      switchScenario('canary-bad');
      const { rollout } = await agreeing(
        'an aborted Rollout',
        r => r.aborted && r.analysisRuns[0]?.phase === 'Failed',
      );
      expect(rollout!.phase).toBe('Degraded');
      expect(rollout!.summary[0]).toMatch(
        /^aborted at step \d+: error-ratio \d+(\.\d+)? % > 0\.1 % in 2 of 2 measurements/,
      );
      const metric = rollout!.analysisRuns[0].metrics.find(
        m => m.name === 'error-ratio',
      )!;
      expect(metric.provider).toBe('prometheus');
      expect(metric.threshold).toBeCloseTo(0.001);
      expect(metric.measurements.every(m => (m.number ?? 0) > 0.01)).toBe(true);
      const canary = rollout!.revisions.find(
        r => r.podTemplateHash === rollout!.currentHash,
      )!;
      expect(canary.modelVersion).toBe('2');
    });

    it('healthy after canary-bad: back on the stable revision', async () => {
      switchScenario('healthy');
      const { rollout } = await agreeing(
        'a Healthy Rollout again',
        r => r.phase === 'Healthy' && !r.aborted,
      );
      expect(rollout!.summary.join(' ')).not.toMatch(/aborted/);
    });

    it('canary-good: in progress with both versions served, then promoted', async () => {
      switchScenario('canary-good');
      const { body, rollout } = await agreeing(
        'a canary in progress',
        r => r.currentHash !== r.stableHash && r.canaryWeight === 50,
      );
      const roles = Object.fromEntries(
        body.modelRegistry!.served.map(v => [v.version, v.roles]),
      );
      expect(roles).toEqual({ '1': ['stable'], '2': ['canary'] });
      const challenger = body.modelRegistry!.served.find(
        v => v.version === '2',
      )!;
      expect(challenger.details!.aliases).toEqual(
        (await mlflowVersion('2')).aliases,
      );
      expect(rollout!.summary.join(' ')).not.toMatch(/aborted/);

      const promoted = await agreeing(
        'the canary promoted',
        r =>
          r.phase === 'Healthy' &&
          r.stableHash === r.currentHash &&
          r.analysisRuns[0]?.phase === 'Successful',
      );
      const stable = promoted.rollout!.revisions.find(
        r => r.role === 'stable',
      )!;
      expect(stable.modelVersion).toBe('2');
    });

    it('MLflow unreachable or without the model: typed answers naming it, the Rollout still served', async () => {
      const unknown = await delivery('unknown-model');
      expect(unknown.rollouts.map(r => r.name)).toEqual([NAME]);
      expect(unknown.modelRegistry!.registeredModel).toBeNull();
      expect(unknown.modelRegistry!.error!.message).toMatch(/no-such-model/);
      expect(unknown.modelRegistry!.error!.message).toMatch(/sandbox/);

      const down = await startSandboxPortal({
        clusters: [sandboxCluster('WEST')],
        entities: sandboxEnabled ? exampleModelServices() : [],
        config: {
          mlops: {
            prometheus: { instances: [sandboxPrometheus()] },
            modelRegistry: registry(`http://127.0.0.1:${closed!.port}`),
          },
        },
      });
      try {
        const response = await request(down.server)
          .get(`/api/mlops/entities/component/default/${NAME}/delivery`)
          .set('authorization', user);
        expect(response.status).toBe(200);
        const body = response.body as EntityDelivery;
        expect(body.rollouts.map(r => r.name)).toEqual([NAME]);
        expect(body.modelRegistry!.error).toMatchObject({ kind: 'timeout' });
        const report = body.sources.find(s => s.kind === 'mlflow')!;
        expect(report).toMatchObject({ name: 'sandbox', ok: false });
      } finally {
        await down.stop();
      }
    });
  },
);
