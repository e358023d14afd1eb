import { kubectlRollout } from '../__testUtils__/kubectlHpas';
import { SERVERS, serverOf } from '../__testUtils__/servingChecks';
import {
  ANNOTATION_ROLLOUT_STRATEGY,
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
  const server = SERVERS[serverOf(row.name)];
  expectClose(
    row.requestsPerSecond,
    await promql(`sum(rate(${server.requests(sel)}[5m]))`, at),
  );
  expectClose(
    row.errorRatio,
    await promql(
      `sum(rate(${server.failed(sel)}[5m])) / sum(rate(${server.answered(
        sel,
      )}[5m]))`,
      at,
    ),
  );
  const p95 = await promql(
    `histogram_quantile(0.95, sum by (le) (rate(${server.histogram}_bucket{${sel}}[5m])))`,
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
    ({ portal, fleet } = await startPortal([
      ...phantoms(3),
      // Another entity with fraud-scorer's annotations: both are rows.
      component('fraud-scorer-copy', {
        'backstage.io/kubernetes-id': 'fraud-scorer',
        'backstage.io/kubernetes-namespace': 'fraud-ml',
      }),
    ]));
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
      // A Rollout runs doc-classifier's pods; its Deployment keeps none.
      const workload = s.metadata.annotations?.[ANNOTATION_ROLLOUT_STRATEGY]
        ? kubectlRollout(east ? 'EAST' : 'WEST', row.name, row.namespace!)
        : await apps.readNamespacedDeployment({
            name: row.name,
            namespace: row.namespace!,
          });
      expect(row.replicas).toMatchObject({
        ready: workload.status!.readyReplicas ?? 0,
        desired: workload.spec!.replicas,
      });
      expect(row.owner).toBe(`group:default/${s.spec!.owner}`);
    }
  });

  it("gives each row the status of the entity's own serving health", async () => {
    const health = async (name: string) =>
      (
        await request(portal!.server)
          .get(`/api/mlops/entities/component/default/${name}/serving-health`)
          .set('authorization', user)
      ).body as ModelServingHealth;
    // A young sandbox's figures still move: both answers of one moment agree.
    const pairs = await eventually(
      'the fleet and every entity page with one status',
      async () => {
        const view = await fleet();
        const rows = view.services.filter(r => !r.name.startsWith('phantom'));
        return Promise.all(
          rows.map(async r => [
            r.name,
            r.status,
            (await health(r.name)).status,
          ]),
        );
      },
      seen => seen.every(([, fleetStatus, own]) => fleetStatus === own),
      120_000,
    );
    expect(pairs.length).toBeGreaterThan(services.length);
  });

  it("counts the week's GPU-hours of a GPU service's pods as Prometheus does", async () => {
    const gpuService = services.find(s => s.metadata.tags!.includes('gpu'))!;
    const name = gpuService.metadata.name;
    const namespace =
      gpuService.metadata.annotations!['backstage.io/kubernetes-namespace'];
    const expected = async (at: FleetView) => {
      const since = Date.parse(at.gpus.weekStart);
      const seconds = Math.floor((Date.parse(at.evaluatedAt) - since) / 1000);
      return promql(
        `sum(sum_over_time(kube_pod_container_resource_requests{resource="nvidia_com_gpu", namespace="${namespace}", pod=~"${name}-[a-z0-9]+-[a-z0-9]+"}[${seconds}s:1m])) / 60`,
        at.evaluatedAt,
      );
    };
    // A young sandbox's Prometheus may not have scraped the GPU requests yet.
    const { view, hours } = await eventually(
      'GPU requests of the service in Prometheus',
      async () => {
        const v = await fleet();
        return { view: v, hours: await expected(v) };
      },
      seen => (seen.hours ?? 0) > 0,
      120_000,
    );
    const row = view.gpus.services.find(
      s => s.entityRef === `component:default/${name}`,
    );
    expectClose(row?.gpuHours ?? null, hours);
    expect(row!.owner).toBe(`group:default/${gpuService.spec!.owner}`);
    // This test portal configures no prices: every GPU model is named.
    expect(view.gpus.cost.unpricedModels.length).toBeGreaterThan(0);
  });

  it('gives two entities with the same selector the same figures', async () => {
    const view = await fleet();
    const [original, copy] = ['fraud-scorer', 'fraud-scorer-copy'].map(
      name => view.services.find(r => r.name === name)!,
    );
    expect(copy.status).toBe(original.status);
    expect(copy.requestsPerSecond).toBe(original.requestsPerSecond);
    expect(copy.replicas).toEqual(original.replicas);
  });

  it('says why a service whose workload does not exist is unknown', async () => {
    const view = await fleet();
    const phantom = view.services.find(r => r.name === 'phantom-0')!;
    expect(phantom.status).toBe('unknown');
    expect(phantom.reason).toMatch(/No metrics found|no Deployment|workload/i);
    expect(view.services.at(-1)!.status).not.toBe('down');
  });

  it('makes as many upstream requests for 100 more services than the example as for 4 more', async () => {
    const small = await fleet();
    const large = await startPortal(phantoms(100));
    try {
      const big = await large.fleet();
      expect(big.services).toHaveLength(services.length + 100);
      expect(small.services).toHaveLength(services.length + 4);
      // The catalog is read in pages of 500: one page either way.
      expect(big.upstreamRequests).toBe(small.upstreamRequests);
    } finally {
      await large.portal.stop();
    }
  });
});
