import {
  ANNOTATION_ROLLOUT_STRATEGY,
  ModelServingHealth,
} from '@internal/plugin-mlops-common';
import { kubectlRollout } from './kubectlHpas';
import { expectClose, promql } from './sandbox';
import { sandboxAdmin } from './sandboxPortal';
import { annotation, services } from './servingPortal';

/** The series the alert rules read, by the server the service runs. */
export const SERVERS = {
  template: {
    requests: (sel: string) => `model_server_requests_total{${sel}}`,
    failed: (sel: string) => `model_server_requests_total{${sel}, code=~"5.."}`,
    answered: (sel: string) => `model_server_requests_total{${sel}}`,
    histogram: 'model_server_request_duration_seconds',
  },
  vllm: {
    requests: (sel: string) => `vllm:e2e_request_latency_seconds_count{${sel}}`,
    failed: (sel: string) =>
      `http_requests_total{${sel}, handler=~"/v1/.*", status="5xx"}`,
    answered: (sel: string) => `http_requests_total{${sel}, handler=~"/v1/.*"}`,
    histogram: 'vllm:e2e_request_latency_seconds',
  },
};

/** The example service's server: vLLM when tagged so, else the template's. */
export function serverOf(name: string): keyof typeof SERVERS {
  const tags = services.find(s => s.metadata.name === name)?.metadata.tags;
  return tags?.includes('vllm') ? 'vllm' : 'template';
}

/** Traffic, errors, latency and burn rates as the alert rules write them. */
export async function expectFiguresMatchPromQL(
  name: string,
  body: ModelServingHealth,
) {
  const ns = annotation(name, 'backstage.io/kubernetes-namespace');
  const sel = `namespace="${ns}", service="${name}"`;
  const server = SERVERS[serverOf(name)];
  const at = body.evaluatedAt;
  const ratio = (w: string) =>
    promql(
      `sum(rate(${server.failed(sel)}[${w}])) / sum(rate(${server.answered(
        sel,
      )}[${w}]))`,
      at,
    );
  const quantile = async (q: number, w: string) => {
    const seconds = await promql(
      `histogram_quantile(${q}, sum by (le) (rate(${server.histogram}_bucket{${sel}}[${w}])))`,
      at,
    );
    return seconds === null ? null : seconds * 1000;
  };
  expectClose(
    body.signals!.requestsPerSecond,
    await promql(`sum(rate(${server.requests(sel)}[5m]))`, at),
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
  if (serverOf(name) === 'vllm') await expectLlmFiguresMatchPromQL(sel, body);
  else expect(body.llm).toBeNull();
}

/** vLLM's token figures, written here from vLLM's documented names. */
async function expectLlmFiguresMatchPromQL(
  sel: string,
  body: ModelServingHealth,
) {
  const at = body.evaluatedAt;
  const llm = body.llm!;
  // Quantiles of the histograms of any of `names` (vLLM renamed TPOT's).
  const ms = async (q: number, ...names: string[]) => {
    const rates = names.map(n => `rate(${n}_bucket{${sel}}[5m])`).join(' or ');
    const seconds = await promql(
      `histogram_quantile(${q}, sum by (le) (${rates}))`,
      at,
    );
    return seconds === null ? null : seconds * 1000;
  };
  const ttft = 'vllm:time_to_first_token_seconds';
  const tpot = [
    'vllm:inter_token_latency_seconds',
    'vllm:time_per_output_token_seconds',
  ];
  expectClose(llm.ttftP50Ms, await ms(0.5, ttft));
  expectClose(llm.ttftP95Ms, await ms(0.95, ttft));
  expectClose(llm.tpotP50Ms, await ms(0.5, ...tpot));
  expectClose(llm.tpotP95Ms, await ms(0.95, ...tpot));
  expectClose(
    llm.inputTokensPerSecond,
    await promql(`sum(rate(vllm:prompt_tokens_total{${sel}}[5m]))`, at),
  );
  expectClose(
    llm.outputTokensPerSecond,
    await promql(`sum(rate(vllm:generation_tokens_total{${sel}}[5m]))`, at),
  );
  expectClose(
    llm.requestsRunning,
    await promql(`sum(vllm:num_requests_running{${sel}})`, at),
  );
  expectClose(
    llm.requestsWaiting,
    await promql(`sum(vllm:num_requests_waiting{${sel}})`, at),
  );
  expectClose(
    llm.kvCacheUsage,
    await promql(
      `max(vllm:kv_cache_usage_perc{${sel}} or vllm:gpu_cache_usage_perc{${sel}})`,
      at,
    ),
  );
  expectClose(
    llm.preemptionsPerSecond,
    await promql(`sum(rate(vllm:num_preemptions_total{${sel}}[5m]))`, at),
  );
  // The objectives' shares over, at the bucket vLLM writes for the bound.
  const names = { ttft: [ttft], tpot };
  for (const o of body.slo!.tokenObjectives) {
    const le = String(o.p95ObjectiveMs / 1000);
    for (const w of o.burnRates) {
      const rate = (suffix: string, extra = '') =>
        names[o.figure]
          .map(n => `rate(${n}_${suffix}{${sel}${extra}}[${w.window}])`)
          .join(' or ');
      const within = await promql(
        `sum(${rate('bucket', `, le="${le}"`)}) / sum(${rate('count')})`,
        at,
      );
      expectClose(
        w.errorRatio,
        within === null ? null : Math.max(0, 1 - within),
      );
    }
  }
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
  // A Rollout runs doc-classifier's pods from its Deployment's template.
  const workload: {
    spec?: { replicas?: number };
    status?: { readyReplicas?: number };
  } = annotation(name, ANNOTATION_ROLLOUT_STRATEGY)
    ? kubectlRollout(east ? 'EAST' : 'WEST', name, ns)
    : deployment;
  expect(body.replicas!.desired).toBe(workload.spec!.replicas);
  expect(body.replicas!.ready).toBe(workload.status!.readyReplicas ?? 0);
  expect(body.replicas!.pods.map(p => p.name).sort()).toEqual(
    pods.items.map(p => p.metadata!.name).sort(),
  );
  expect(body.replicas!.workloads[0].images[0]).toMatchObject({
    container: 'server',
    image: deployment.spec!.template.spec!.containers[0].image,
  });
}
