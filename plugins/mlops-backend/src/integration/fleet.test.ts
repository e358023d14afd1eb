import {
  FleetServiceRow,
  FleetView,
  ModelServingHealth,
} from '@internal/plugin-mlops-common';
import request from 'supertest';
import {
  component,
  describeSandbox,
  eventually,
  expectClose,
  exampleModelServices,
  promql,
  sandboxEnabled,
  switchScenario,
} from '../__testUtils__/sandbox';
import {
  capturedTask,
  SandboxPortal,
  sandboxAdmin,
  sandboxPrometheus,
  startSandboxPortal,
  user,
} from '../__testUtils__/sandboxPortal';

/*
 * The fleet task against the sandbox: its rows against PromQL written the
 * way the template's rules write it and against the apiserver, its status
 * against the entity's own serving health, and its upstream requests
 * against the number of services.
 */
const services = sandboxEnabled ? exampleModelServices() : [];

/** Copies of fraud-scorer under other names: rows whose workload does not exist. */
const phantoms = (count: number) =>
  Array.from({ length: count }, (_, i) =>
    component(`phantom-${i}`, {
      'backstage.io/kubernetes-id': `phantom-${i}`,
      'backstage.io/kubernetes-namespace': 'fraud-ml',
    }),
  );

async function startPortal(extra: ReturnType<typeof component>[] = []) {
  const task = capturedTask('mlops-fleet');
  const portal = await startSandboxPortal({
    entities: [...services, ...extra],
    features: [task.scheduler.factory],
    config: {
      app: { baseUrl: 'http://localhost:3000' },
      mlops: {
        prometheus: { instances: [sandboxPrometheus()] },
        serving: { cacheTtl: '1s', kubernetesTimeout: '3s' },
      },
    },
  });
  const fleet = async (): Promise<FleetView> => {
    await task.run();
    const response = await request(portal.server)
      .get('/api/mlops/fleet')
      .set('authorization', user);
    expect(response.status).toBe(200);
    expect(response.body.state).toBe('ok');
    return response.body;
  };
  return { portal, fleet };
}

async function expectRowMatchesPromQL(row: FleetServiceRow, at: string) {
  const sel = `namespace="${row.namespace}", service="${row.name}"`;
  expectClose(
    row.requestsPerSecond,
    await promql(`sum(rate(model_server_requests_total{${sel}}[5m]))`, at),
  );
  expectClose(
    row.errorRatio,
    await promql(
      `sum(rate(model_server_requests_total{${sel}, code=~"5.."}[5m])) / sum(rate(model_server_requests_total{${sel}}[5m]))`,
      at,
    ),
  );
  const p95 = await promql(
    `histogram_quantile(0.95, sum by (le) (rate(model_server_request_duration_seconds_bucket{${sel}}[5m])))`,
    at,
  );
  expectClose(row.latencyP95Ms, p95 === null ? null : p95 * 1000);
}

describeSandbox('the fleet against the sandbox', () => {
  jest.setTimeout(300_000);
  let portal: SandboxPortal | undefined;
  let fleet: () => Promise<FleetView>;

  beforeAll(async () => {
    switchScenario('healthy');
    ({ portal, fleet } = await startPortal(phantoms(3)));
  });

  afterAll(async () => {
    await portal?.stop();
  });

  it('has a row per model service whose figures PromQL and the apiserver confirm', async () => {
    const view = await eventually(
      'every example service with traffic',
      fleet,
      v =>
        services.every(
          s =>
            (v.services.find(r => r.name === s.metadata.name)
              ?.requestsPerSecond ?? 0) > 0,
        ),
      120_000,
    );
    expect(view.sources.every(s => s.ok)).toBe(true);
    for (const s of services) {
      const row = view.services.find(r => r.name === s.metadata.name)!;
      await expectRowMatchesPromQL(row, view.evaluatedAt);
      const east = s.metadata.tags!.includes('gpu');
      const { apps } = await sandboxAdmin(east ? 'EAST' : 'WEST');
      const deployment = await apps.readNamespacedDeployment({
        name: row.name,
        namespace: row.namespace!,
      });
      expect(row.replicas).toMatchObject({
        ready: deployment.status!.readyReplicas ?? 0,
        desired: deployment.spec!.replicas,
      });
      expect(row.owner).toBe(`group:default/${s.spec!.owner}`);
    }
  });

  it("gives each row the status of the entity's own serving health", async () => {
    const view = await fleet();
    for (const row of view.services.filter(
      r => !r.name.startsWith('phantom'),
    )) {
      const response = await request(portal!.server)
        .get(`/api/mlops/entities/component/default/${row.name}/serving-health`)
        .set('authorization', user);
      const health = response.body as ModelServingHealth;
      expect([row.name, row.status]).toEqual([row.name, health.status]);
    }
  });

  it("counts the week's GPU-hours of a GPU service's pods as Prometheus does", async () => {
    const view = await fleet();
    const gpuService = services.find(s => s.metadata.tags!.includes('gpu'))!;
    const name = gpuService.metadata.name;
    const namespace =
      gpuService.metadata.annotations!['backstage.io/kubernetes-namespace'];
    const row = view.gpus.services.find(
      s => s.entityRef === `component:default/${name}`,
    );
    const since = Date.parse(view.gpus.weekStart);
    const seconds = Math.floor((Date.parse(view.evaluatedAt) - since) / 1000);
    const expected = await promql(
      `sum(sum_over_time(kube_pod_container_resource_requests{resource="nvidia_com_gpu", namespace="${namespace}", pod=~"${name}-[a-z0-9]+-[a-z0-9]+"}[${seconds}s:1m])) / 60`,
      view.evaluatedAt,
    );
    expect(expected).toBeGreaterThan(0);
    expectClose(row?.gpuHours ?? null, expected);
    expect(row!.owner).toBe(`group:default/${gpuService.spec!.owner}`);
    // A100 and L4 have prices in this portal's config only when configured.
    expect(view.gpus.cost.unpricedModels.length).toBeGreaterThan(0);
  });

  it('says why a service whose workload does not exist is unknown', async () => {
    const view = await fleet();
    const phantom = view.services.find(r => r.name === 'phantom-0')!;
    expect(phantom.status).toBe('unknown');
    expect(phantom.reason).toMatch(/No metrics found|no Deployment|workload/i);
    expect(view.services.at(-1)!.status).not.toBe('down');
  });

  it('makes as many upstream requests for 103 services as for 3 more than the example', async () => {
    const small = await fleet();
    const large = await startPortal(phantoms(100));
    try {
      const big = await large.fleet();
      expect(big.services).toHaveLength(services.length + 100);
      // The catalog is read in pages of 500: one page either way.
      expect(big.upstreamRequests).toBe(small.upstreamRequests);
    } finally {
      await large.portal.stop();
    }
  });
});
