import { ModelServingHealth } from '@internal/plugin-mlops-common';
import { expectClose, promql } from './sandbox';
import { sandboxAdmin } from './sandboxPortal';
import { annotation, services } from './servingPortal';

/** Traffic, errors, latency and burn rates as the alert rules write them. */
export async function expectFiguresMatchPromQL(
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
export async function expectReplicasMatchCluster(
  name: string,
  body: ModelServingHealth,
) {
  const ns = annotation(name, 'backstage.io/kubernetes-namespace');
  const east = services
    .find(s => s.metadata.name === name)!
    .metadata.tags!.includes('gpu');
  const { apps, core } = await sandboxAdmin(east ? 'EAST' : 'WEST');
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
