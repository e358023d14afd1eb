import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import {
  EntityAutoscaling,
  HpaStatusView,
  parseQuantity,
} from '@internal/plugin-mlops-common';
import { Server } from 'node:http';
import request from 'supertest';
import { SCALING_HISTORY_TASK_ID } from '../autoscaling/setup';
import { kubernetesModuleMlopsClusterAccess } from '../upstream/kubernetes/clusterAccess';
import { mlopsPlugin } from '../plugin';
import {
  component,
  env,
  eventually,
  exampleModelServices,
  promql,
  sandboxCluster,
  sandboxEnabled,
  switchScenario,
} from '../__testUtils__/sandbox';

/*
 * /api/mlops/.../autoscaling against the real sandbox (scripts/test.sh
 * health): the real HPA controller writes every status, condition and
 * Event; the answers are compared with `kubectl get hpa -o json` field by
 * field. The lab HPAs (sandbox/scripts/manifests/autoscaling-lab.yaml) add
 * ContainerResource, Object and External metrics, `behavior` and a KEDA HPA.
 */
const describeSandbox = sandboxEnabled ? describe : describe.skip;
jest.setTimeout(300_000);

const user = mockCredentials.user.header();
type Cluster = 'EAST' | 'WEST';

/** The sandbox's own kubectl with the cluster's admin kubeconfig. */
function kubectl(name: Cluster, args: string[]): string {
  const bin = fs
    .readFileSync(path.join(env('MLOPS_SANDBOX_DIR'), 'bin-dir'), 'utf8')
    .trim();
  return execFileSync(
    path.join(bin, 'kubectl'),
    ['--kubeconfig', env(`MLOPS_SANDBOX_KUBECONFIG_${name}`), ...args],
    { encoding: 'utf8' },
  );
}

/** `kubectl get hpa -o json`. */
function kubectlHpas(name: Cluster, namespace: string): KubectlHpa[] {
  return JSON.parse(
    kubectl(name, ['get', 'hpa.v2.autoscaling', '-n', namespace, '-o', 'json']),
  ).items;
}

interface KubectlHpa {
  metadata: { name: string; labels?: Record<string, string> };
  spec: {
    minReplicas?: number;
    maxReplicas: number;
    scaleTargetRef: { kind: string; name: string };
    metrics?: Array<Record<string, any>>;
    behavior?: Record<string, any>;
  };
  status?: {
    currentReplicas?: number;
    desiredReplicas?: number;
    lastScaleTime?: string;
    currentMetrics?: Array<Record<string, any>>;
    conditions?: Array<Record<string, string>>;
  };
}

const iso = (t?: string) => (t ? new Date(t).toISOString() : null);
const lower = (type: string) =>
  `${type.charAt(0).toLowerCase()}${type.slice(1)}`;

/** The differences between the portal's view and what kubectl shows; empty when they agree. */
function differences(view: HpaStatusView, k: KubectlHpa): string[] {
  const diffs: string[] = [];
  const same = (what: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(b))
      diffs.push(`${what}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`);
  };
  same('minReplicas', view.minReplicas, k.spec.minReplicas ?? 1);
  same('maxReplicas', view.maxReplicas, k.spec.maxReplicas);
  same('scaleTarget', view.scaleTarget, {
    kind: k.spec.scaleTargetRef.kind,
    name: k.spec.scaleTargetRef.name,
  });
  same(
    'currentReplicas',
    view.currentReplicas,
    k.status?.currentReplicas ?? null,
  );
  same(
    'desiredReplicas',
    view.desiredReplicas,
    k.status?.desiredReplicas ?? null,
  );
  same('lastScaleTime', view.lastScaleTime, iso(k.status?.lastScaleTime));
  same(
    'conditions',
    view.conditions.map(c => [
      c.type,
      c.status,
      c.reason,
      c.message,
      c.lastTransitionTime,
    ]),
    (k.status?.conditions ?? []).map(c => [
      c.type,
      c.status,
      c.reason,
      c.message,
      iso(c.lastTransitionTime),
    ]),
  );
  (k.spec.metrics ?? []).forEach((m, i) => {
    const source = m[lower(m.type)];
    const target = source.target;
    const v = view.metrics[i];
    same(`metrics[${i}].type`, v.type, m.type);
    same(`metrics[${i}].name`, v.name, source.metric?.name ?? source.name);
    same(`metrics[${i}].targetType`, v.targetType, target.type);
    same(
      `metrics[${i}].target`,
      v.target?.value,
      parseQuantity(
        target.averageUtilization ?? target.averageValue ?? target.value,
      ),
    );
    const status = (k.status?.currentMetrics ?? []).find(
      s =>
        s.type === m.type &&
        (s[lower(m.type)]?.metric?.name ?? s[lower(m.type)]?.name) === v.name,
    );
    const current = status?.[lower(m.type)]?.current;
    const field: Record<string, string> = {
      Utilization: 'averageUtilization',
      Value: 'value',
      AverageValue: 'averageValue',
    };
    const raw = current?.[field[target.type]];
    same(
      `metrics[${i}].current`,
      v.current?.value ?? null,
      raw === undefined ? null : parseQuantity(raw),
    );
  });
  const rules = (r?: Record<string, any>) =>
    r
      ? {
          stabilizationWindowSeconds: r.stabilizationWindowSeconds ?? null,
          selectPolicy: r.selectPolicy ?? null,
          policies: (r.policies ?? []).map((p: Record<string, unknown>) => ({
            type: p.type,
            value: p.value,
            periodSeconds: p.periodSeconds,
          })),
        }
      : null;
  same(
    'behavior',
    view.behavior,
    k.spec.behavior
      ? {
          scaleUp: rules(k.spec.behavior.scaleUp),
          scaleDown: rules(k.spec.behavior.scaleDown),
        }
      : null,
  );
  same(
    'scaledObject',
    view.scaledObject,
    k.metadata.labels?.['scaledobject.keda.sh/name'] ?? null,
  );
  return diffs;
}

const fleet = sandboxEnabled ? exampleModelServices() : [];
const labEntity = component('autoscaling-lab', {
  'backstage.io/kubernetes-id': 'autoscaling-lab',
  'backstage.io/kubernetes-namespace': 'autoscaling-lab',
});

describeSandbox('autoscaling against the sandbox', () => {
  let server: Server;
  let stop: () => Promise<void>;
  let collect: () => Promise<void>;
  const scheduler = mockServices.scheduler.mock({
    scheduleTask: async task => {
      // The plugin schedules other tasks too; keep the one of this feature.
      if (task.id === SCALING_HISTORY_TASK_ID) {
        collect = () => task.fn(new AbortController().signal) as Promise<void>;
      }
    },
  });

  const autoscaling = async (name: string): Promise<EntityAutoscaling> => {
    const response = await request(server)
      .get(`/api/mlops/entities/component/default/${name}/autoscaling`)
      .set('authorization', user);
    expect(response.status).toBe(200);
    expect(response.body.state).toBe('ok');
    return response.body;
  };

  /** Polls until the portal and kubectl agree on every HPA (the controller rewrites status every 5 s). */
  async function expectMatchesKubectl(
    name: string,
    where: Cluster,
    namespace: string,
  ) {
    const seen = await eventually(
      `${name} matching kubectl get hpa -o json`,
      async () => {
        const body = await autoscaling(name);
        const listed = kubectlHpas(where, namespace);
        const diffs = listed.flatMap(k => {
          const view = body.hpas.find(h => h.name === k.metadata.name);
          return view
            ? differences(view, k).map(d => `${k.metadata.name} ${d}`)
            : [`${k.metadata.name} missing`];
        });
        if (body.hpas.length !== listed.length)
          diffs.push(`${body.hpas.length} HPAs != ${listed.length}`);
        return { body, diffs };
      },
      r => r.diffs.length === 0,
      60_000,
    );
    return seen.body;
  }

  beforeAll(async () => {
    switchScenario('healthy');
    const backend = await startTestBackend({
      features: [
        kubernetesPlugin,
        kubernetesModuleMlopsClusterAccess,
        mlopsPlugin,
        scheduler.factory,
        // Warnings (a cluster the collector could not read) show in the test's output.
        mockServices.rootLogger.factory({ level: 'warn' }),
        catalogServiceMock.factory({
          entities: [
            ...fleet,
            labEntity,
            component('wrong-token', {
              'backstage.io/kubernetes-id': 'fraud-scorer',
            }),
          ],
        }),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              serviceLocatorMethod: { type: 'multiTenant' },
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [sandboxCluster('EAST'), sandboxCluster('WEST')],
                },
              ],
            },
            mlops: {
              prometheus: {
                instances: [
                  {
                    name: 'sandbox',
                    url: env('MLOPS_PROMETHEUS_URL'),
                    clusters: ['sandbox-east', 'sandbox-west'],
                    clusterLabel: 'cluster',
                    timeout: '5s',
                  },
                ],
              },
              serving: { kubernetesTimeout: '3s' },
              autoscaling: { cacheTtl: '1s' },
            },
          },
        }),
      ],
    });
    server = backend.server;
    stop = () => backend.stop();
  });

  afterAll(async () => {
    await stop?.();
    switchScenario('healthy');
  });

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

  it('scale-to-max: pinned at maxReplicas, said in words; the collector keeps the rescale, once', async () => {
    const before = (await autoscaling('fraud-scorer')).hpas[0].desiredReplicas;
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
    const before = await desired();
    await collect();
    minReplicas(before + 1);
    try {
      await eventually(
        'reco-ranker raised',
        desired,
        d => d === before + 1,
        60_000,
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

  it('a cluster that refuses the token: the answer names it and keeps the other cluster', async () => {
    const backend = await startTestBackend({
      features: [
        kubernetesPlugin,
        kubernetesModuleMlopsClusterAccess,
        mlopsPlugin,
        catalogServiceMock.factory({ entities: fleet }),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              serviceLocatorMethod: { type: 'multiTenant' },
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    sandboxCluster('EAST', 'not-a-token'),
                    sandboxCluster('WEST'),
                  ],
                },
              ],
            },
            mlops: { prometheus: { instances: [] } },
          },
        }),
      ],
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
