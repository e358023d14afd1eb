import type { ModelService } from './fleet';
import type { Pod } from './kubeTypes';
import { computeServiceLoads } from './load';
import { SimulatorMetrics } from './metrics';
import { seededRandom } from './random';
import type { ScenarioName } from './scenarios';
import type { ClusterSnapshot } from './snapshot';

const NOW = Date.parse('2026-12-04T12:00:00Z');

function llmService(name: string): ModelService {
  return {
    name,
    namespace: 'nlp-llm',
    team: 'nlp-llm',
    system: 'language-ai',
    cluster: 'sandbox-east',
    accelerator: 'gpu',
    framework: 'vllm',
    minReplicas: 1,
    maxReplicas: 3,
    baseRps: 40,
  };
}
// support-llm exports vLLM v0.11's names, chat-assistant the older ones.
const services = [llmService('support-llm'), llmService('chat-assistant')];

function pod(service: string): Pod {
  return {
    metadata: {
      name: `${service}-6d5f7b8c9-x2x4k`,
      namespace: 'nlp-llm',
      labels: {
        'backstage.io/kubernetes-id': service,
        'mlops-sandbox/role': 'model-service',
      },
    },
    spec: {
      nodeName: 'gpu-0',
      containers: [{ name: 'server', image: 'vllm/vllm-openai:v0.11.0' }],
    },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
    },
  };
}
const pods = services.map(s => pod(s.name));

function snapshot(): ClusterSnapshot {
  return {
    cluster: 'sandbox-east',
    takenAtMs: NOW,
    pods,
    nodes: [],
    deployments: [],
    hpas: [],
    jobs: [],
  };
}

/** Scrapes at each of `times` (seconds after NOW), snapshots every 10 s. */
async function scrapes(scenario: ScenarioName, times: number[]) {
  let clock = NOW;
  const metrics = new SimulatorMetrics(
    seededRandom(3),
    () => scenario,
    () => clock,
  );
  const targets = services.map(s => s.name);
  const texts: string[] = [];
  for (let t = 0; t <= Math.max(...times); t += 10) {
    clock = NOW + t * 1000;
    const loads = computeServiceLoads(services, pods, scenario, targets, clock);
    metrics.observe(snapshot(), loads, [], clock);
    if (times.includes(t)) texts.push(await metrics.metrics());
  }
  return texts;
}

function value(text: string, name: string, labels: string): number {
  const line = text
    .split('\n')
    .find(l => l.startsWith(`${name}{`) && l.includes(labels));
  if (!line) throw new Error(`no ${name} with ${labels}`);
  return Number(line.split(' ').pop());
}

const NEW = 'pod="support-llm-6d5f7b8c9-x2x4k"';
const OLD = 'pod="chat-assistant-6d5f7b8c9-x2x4k"';

describe('vLLM pods in the simulator', () => {
  let text: string;
  beforeAll(async () => {
    [text] = await scrapes('llm-healthy', [60]);
  });

  it('export vLLM series, not the template server ones', () => {
    expect(text).not.toMatch(/^model_server_requests_total\{.*support-llm/m);
    expect(text).toMatch(
      /^vllm:time_to_first_token_seconds_bucket\{cluster="sandbox-east",namespace="nlp-llm",service="support-llm",pod="support-llm-6d5f7b8c9-x2x4k",model_name="support-llm",engine="0",le="0\.5"\} \d+$/m,
    );
    expect(text).toMatch(
      /^http_requests_total\{.*service="support-llm".*handler="\/v1\/chat\/completions",method="POST",status="2xx"\} \d+$/m,
    );
  });

  it("under the names of each pod's vLLM version", () => {
    const has = (name: string, podLabel: string) =>
      text
        .split('\n')
        .some(l => l.startsWith(`${name}{`) && l.includes(podLabel));
    expect(has('vllm:inter_token_latency_seconds_bucket', NEW)).toBe(true);
    expect(has('vllm:time_per_output_token_seconds_bucket', NEW)).toBe(false);
    expect(has('vllm:kv_cache_usage_perc', NEW)).toBe(true);
    expect(has('vllm:gpu_cache_usage_perc', NEW)).toBe(false);
    expect(has('vllm:inter_token_latency_seconds_bucket', OLD)).toBe(false);
    expect(has('vllm:time_per_output_token_seconds_bucket', OLD)).toBe(true);
    expect(has('vllm:gpu_cache_usage_perc', OLD)).toBe(true);
    expect(text).toMatch(
      /^vllm:num_requests_running\{[^}]*chat-assistant[^}]*model_name="chat-assistant"\} \d+$/m,
    );
  });

  it('healthy: tokens in proportion, no queue, KV cache under half', () => {
    const prompt = value(text, 'vllm:prompt_tokens_total', NEW);
    const generated = value(text, 'vllm:generation_tokens_total', NEW);
    expect(prompt / generated).toBeGreaterThan(3);
    expect(prompt / generated).toBeLessThan(3.9);
    expect(value(text, 'vllm:num_requests_waiting', NEW)).toBe(0);
    expect(value(text, 'vllm:kv_cache_usage_perc', NEW)).toBeLessThan(0.5);
    expect(value(text, 'vllm:num_preemptions_total', NEW)).toBe(0);
    // Most first tokens within 500 ms: within a 500 ms TTFT objective.
    const within = value(
      text,
      'vllm:time_to_first_token_seconds_bucket',
      `${NEW},model_name="support-llm",engine="0",le="0.5"`,
    );
    const all = value(text, 'vllm:time_to_first_token_seconds_count', NEW);
    expect(within / all).toBeGreaterThan(0.97);
  });

  it('llm-queue-saturation: the queue grows, the KV cache is full, first tokens take seconds', async () => {
    const [early, late] = await scrapes('llm-queue-saturation', [30, 90]);
    const waiting = (t: string) => value(t, 'vllm:num_requests_waiting', OLD);
    expect(waiting(early)).toBeGreaterThan(0);
    expect(waiting(late)).toBeGreaterThan(waiting(early));
    expect(value(late, 'vllm:num_requests_running', OLD)).toBe(256);
    expect(value(late, 'vllm:gpu_cache_usage_perc', OLD)).toBeGreaterThan(0.95);
    expect(value(late, 'vllm:num_preemptions_total', OLD)).toBeGreaterThan(0);
    const within = value(
      late,
      'vllm:time_to_first_token_seconds_bucket',
      `${OLD},model_name="chat-assistant",le="0.5"`,
    );
    const all = value(late, 'vllm:time_to_first_token_seconds_count', OLD);
    expect(within / all).toBeLessThan(0.2);
  });
});
