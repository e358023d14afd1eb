import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import type { KubeConfig } from '@kubernetes/client-node';
import {
  EntityAlerts,
  ModelServingHealth,
  ServingHealthResponse,
  ServingTimeSeries,
} from '@internal/plugin-mlops-common';
import { Server } from 'node:http';
import request from 'supertest';
import { kubernetesModuleMlopsClusterAccess } from '../upstream/kubernetes/clusterAccess';
import { loadClientNode } from '../upstream/kubernetes/clientNode';
import { mlopsPlugin } from '../plugin';
import {
  component,
  env,
  eventually,
  exampleModelServices,
  expectClose,
  promql,
  sandboxCluster,
  sandboxEnabled,
  scenarioTargets,
  startSilentServer,
  switchScenario,
} from '../__testUtils__/sandbox';

/*
 * /api/mlops against the real sandbox: two kube-apiservers (KWOK), Debian's
 * Prometheus and the fleet simulator, started by `scripts/test.sh health`.
 * The kubernetes plugin itself supplies the clusters. Every figure is
 * checked against PromQL written here the way the template's alert rules
 * write it, evaluated at the same instant.
 */
const describeSandbox = sandboxEnabled ? describe : describe.skip;
jest.setTimeout(300_000);

const user = mockCredentials.user.header();

/** The sandbox's admin access, to read what the apiserver itself says. */
async function admin(name: 'EAST' | 'WEST') {
  const k8s = await loadClientNode();
  const kc: KubeConfig = new k8s.KubeConfig();
  kc.loadFromFile(env(`MLOPS_SANDBOX_KUBECONFIG_${name}`));
  return {
    apps: kc.makeApiClient(k8s.AppsV1Api),
    core: kc.makeApiClient(k8s.CoreV1Api),
  };
}

async function startPortal(options: {
  clusters: object[];
  instances: object[];
  entities: ReturnType<typeof exampleModelServices>;
}): Promise<{ server: Server; stop: () => Promise<void> }> {
  const backend = await startTestBackend({
    features: [
      kubernetesPlugin,
      kubernetesModuleMlopsClusterAccess,
      mlopsPlugin,
      catalogServiceMock.factory({ entities: options.entities }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      mockServices.rootConfig.factory({
        data: {
          kubernetes: {
            serviceLocatorMethod: { type: 'multiTenant' },
            clusterLocatorMethods: [
              { type: 'config', clusters: options.clusters },
            ],
          },
          // The sandbox's rules link runbooks under this portal URL.
          app: { baseUrl: 'http://localhost:3000' },
          mlops: {
            prometheus: { instances: options.instances },
            serving: { cacheTtl: '1s', kubernetesTimeout: '3s' },
            alerts: { cacheTtl: '1s' },
          },
        },
      }),
    ],
  });
  return { server: backend.server, stop: () => backend.stop() };
}

const sandboxPrometheus = () => ({
  name: 'sandbox',
  url: env('MLOPS_PROMETHEUS_URL'),
  clusters: ['sandbox-east', 'sandbox-west'],
  clusterLabel: 'cluster',
  timeout: '5s',
});

const services = sandboxEnabled ? exampleModelServices() : [];
const annotation = (name: string, key: string) =>
  services.find(s => s.metadata.name === name)!.metadata.annotations![key];

describeSandbox('serving health against the sandbox', () => {
  let server: Server;
  let stop: () => Promise<void>;

  const health = async (name: string): Promise<ServingHealthResponse> => {
    const response = await request(server)
      .get(`/api/mlops/entities/component/default/${name}/serving-health`)
      .set('authorization', user);
    expect(response.status).toBe(200);
    return response.body;
  };
  const okHealth = async (name: string) => {
    const body = await health(name);
    expect(body.state).toBe('ok');
    return body as ModelServingHealth;
  };
  const entityAlerts = async (name: string): Promise<EntityAlerts> => {
    const response = await request(server)
      .get(`/api/mlops/entities/component/default/${name}/alerts`)
      .set('authorization', user);
    expect(response.status).toBe(200);
    expect(response.body.state).toBe('ok');
    return response.body;
  };
  const allHealth = async () =>
    Object.fromEntries(
      await Promise.all(
        services.map(
          async s =>
            [s.metadata.name, await okHealth(s.metadata.name)] as const,
        ),
      ),
    );

  /** Traffic, errors, latency and burn rates as the alert rules write them. */
  async function expectFiguresMatchPromQL(
    name: string,
    body: ModelServingHealth,
  ) {
    const ns = annotation(name, 'backstage.io/kubernetes-namespace');
    const sel = `namespace="${ns}", service="${name}"`;
    const at = body.evaluatedAt;
    const ratio = (w: string) =>
      promql(
        `sum(rate(model_server_requests_total{${sel}, code=~"5.."}[${w}])) / sum(rate(model_server_requests_total{${sel}}[${w}]))`,
        at,
      );
    const quantile = async (q: number, w: string) => {
      const seconds = await promql(
        `histogram_quantile(${q}, sum by (le) (rate(model_server_request_duration_seconds_bucket{${sel}}[${w}])))`,
        at,
      );
      return seconds === null ? null : seconds * 1000;
    };
    expectClose(
      body.signals!.requestsPerSecond,
      await promql(`sum(rate(model_server_requests_total{${sel}}[5m]))`, at),
    );
    expectClose(body.signals!.errorRatio, await ratio('5m'));
    expectClose(body.signals!.latency.p50Ms, await quantile(0.5, '5m'));
    expectClose(body.signals!.latency.p95Ms, await quantile(0.95, '5m'));
    expectClose(body.signals!.latency.p99Ms, await quantile(0.99, '5m'));
    expectClose(body.slo!.latencyP95Over1hMs, await quantile(0.95, '1h'));
    for (const w of body.slo!.burnRates) {
      expectClose(w.errorRatio, await ratio(w.window));
      expectClose(
        w.burnRate,
        w.errorRatio === null ? null : w.errorRatio / (1 - 99.9 / 100),
      );
    }
    const window = await ratio('30d');
    expectClose(body.slo!.availability, window === null ? null : 1 - window);
  }

  /** Ready and desired replicas as the apiserver reports them. */
  async function expectReplicasMatchCluster(
    name: string,
    body: ModelServingHealth,
  ) {
    const ns = annotation(name, 'backstage.io/kubernetes-namespace');
    const east = services
      .find(s => s.metadata.name === name)!
      .metadata.tags!.includes('gpu');
    const { apps, core } = await admin(east ? 'EAST' : 'WEST');
    const deployment = await apps.readNamespacedDeployment({
      name,
      namespace: ns,
    });
    const pods = await core.listNamespacedPod({
      namespace: ns,
      labelSelector: `backstage.io/kubernetes-id=${name}`,
    });
    expect(body.replicas!.desired).toBe(deployment.spec!.replicas);
    expect(body.replicas!.ready).toBe(deployment.status!.readyReplicas ?? 0);
    expect(body.replicas!.pods.map(p => p.name).sort()).toEqual(
      pods.items.map(p => p.metadata!.name).sort(),
    );
    expect(body.replicas!.workloads[0].images[0]).toMatchObject({
      container: 'server',
      image: deployment.spec!.template.spec!.containers[0].image,
    });
  }

  beforeAll(async () => {
    switchScenario('healthy');
    ({ server, stop } = await startPortal({
      clusters: [sandboxCluster('EAST'), sandboxCluster('WEST')],
      instances: [sandboxPrometheus()],
      entities: [
        ...services,
        component('no-annotations', {}),
        component('injected-workload', {
          'backstage.io/kubernetes-id': 'fraud-scorer',
          'backstage.io/kubernetes-namespace': 'fraud-ml',
          'mlops-portal.io/metrics-workload': 'x"} or vector(1) or {a="',
        }),
        component('injected-id', {
          'backstage.io/kubernetes-id': 'fraud-scorer"} or vector(1) #',
        }),
      ],
    }));
  });

  afterAll(async () => {
    await stop?.();
    switchScenario('healthy');
  });

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
        profileId: 'template',
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
      const response = await request(server)
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

  it('answers "not configured" for an entity without annotations', async () => {
    expect(await health('no-annotations')).toMatchObject({
      state: 'not-configured',
      reason: 'missing-annotation',
      problems: [{ annotation: 'backstage.io/kubernetes-id' }],
    });
  });

  it('keeps an injected metrics workload inside its string literal', async () => {
    // Unescaped, `or vector(1)` would answer 1 request per second.
    const body = await okHealth('injected-workload');
    expect(body.metrics.found).toBe(false);
    expect(body.signals!.requestsPerSecond).toBeNull();
    expect(body.metrics.selector).toContain(
      'service="x\\"} or vector(1) or {a=\\""',
    );
    expect(body.reasons.map(r => r.code)).toContain('no-metrics');
  });

  it('refuses an injected kubernetes-id before any upstream call', async () => {
    expect(await health('injected-id')).toMatchObject({
      state: 'not-configured',
      reason: 'invalid-annotation',
      problems: [{ annotation: 'backstage.io/kubernetes-id' }],
    });
  });

  it('answers 404 with a message for an unknown entity and 401 without a token', async () => {
    const missing = await request(server)
      .get(
        '/api/mlops/entities/component/default/no-such-service/serving-health',
      )
      .set('authorization', user);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({
      name: 'NotFoundError',
      message: 'No entity component:default/no-such-service in the catalog',
    });
    const anonymous = await request(server).get(
      '/api/mlops/entities/component/default/fraud-scorer/serving-health',
    );
    expect(anonymous.status).toBe(401);
  });
});

describeSandbox('serving health when sources fail', () => {
  let stop: (() => Promise<void>) | undefined;
  const cleanups: Array<() => Promise<unknown>> = [];

  afterAll(async () => {
    await stop?.();
    for (const cleanup of cleanups) await cleanup();
  });

  it('reports a 403 cluster, a hung cluster, a wrong token and a hung Prometheus, and still answers', async () => {
    // A service account the apiserver knows but that may read nothing: a real 403.
    const { core } = await admin('EAST');
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

    const portal = await startPortal({
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
