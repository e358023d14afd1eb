import type { ModelService } from './fleet';
import { assignGpus, gpuAllocations } from './gpus';
import type { KubeNode, Pod } from './kubeTypes';
import { computeServiceLoads } from './load';
import { SimulatorMetrics } from './metrics';
import { seededRandom } from './random';
import type { ClusterSnapshot } from './snapshot';

const NOW = Date.parse('2026-11-23T12:00:00Z');

const service: ModelService = {
  name: 'embedder',
  namespace: 'ml',
  team: 'ml',
  system: 'ml',
  cluster: 'sandbox-east',
  accelerator: 'gpu',
  framework: 'pytorch',
  minReplicas: 2,
  maxReplicas: 6,
  baseRps: 60,
};

function pod(name: string, ready: boolean): Pod {
  return {
    metadata: {
      name,
      namespace: 'ml',
      // As the model-service chart labels them in the sandbox.
      labels: {
        'backstage.io/kubernetes-id': 'embedder',
        'app.kubernetes.io/name': 'embedder',
        'mlops-sandbox/role': 'model-service',
        'mlops-sandbox/accelerator': 'gpu',
      },
      creationTimestamp: '2026-11-23T11:00:00Z',
    },
    spec: {
      nodeName: 'gpu-0',
      containers: [
        {
          name: 'server',
          image: 'registry.example.com/ml/embedder:1.4.2',
          resources: {
            requests: { cpu: '2', memory: '8Gi', 'nvidia.com/gpu': '1' },
            limits: { memory: '16Gi', 'nvidia.com/gpu': '1' },
          },
        },
      ],
    },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
      containerStatuses: [
        ready
          ? { name: 'server', ready: true, restartCount: 0 }
          : {
              name: 'server',
              ready: false,
              restartCount: 3,
              state: { waiting: { reason: 'CrashLoopBackOff' } },
              lastState: { terminated: { exitCode: 137, reason: 'OOMKilled' } },
            },
      ],
    },
  };
}

const node: KubeNode = {
  metadata: {
    name: 'gpu-0',
    labels: { 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB' },
  },
  status: {
    capacity: { 'nvidia.com/gpu': '8' },
    allocatable: { cpu: '96', 'nvidia.com/gpu': '8' },
  },
};

function snapshot(pods: Pod[]): ClusterSnapshot {
  return {
    cluster: 'sandbox-east',
    takenAtMs: NOW,
    pods,
    nodes: [node],
    deployments: [
      {
        metadata: { name: 'embedder', namespace: 'ml' },
        spec: { replicas: 2 },
        status: { availableReplicas: 1 },
      },
    ],
    hpas: [
      {
        metadata: { name: 'embedder', namespace: 'ml' },
        spec: {
          minReplicas: 2,
          maxReplicas: 6,
          scaleTargetRef: { kind: 'Deployment', name: 'embedder' },
        },
        status: {
          currentReplicas: 2,
          desiredReplicas: 2,
          conditions: [
            {
              type: 'ScalingLimited',
              status: 'True',
              reason: 'TooManyReplicas',
            },
          ],
        },
      },
    ],
    jobs: [
      {
        metadata: { name: 'train-oom', namespace: 'ml' },
        status: {
          failed: 1,
          conditions: [
            { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' },
          ],
        },
      },
    ],
  };
}

function observe(
  metrics: SimulatorMetrics,
  pods: Pod[],
  at: number,
  scenario: 'healthy' | 'idle-gpus' = 'healthy',
) {
  const snap = snapshot(pods);
  const targets = scenario === 'idle-gpus' ? ['embedder'] : [];
  const loads = computeServiceLoads([service], pods, scenario, targets, at);
  const gpus = gpuAllocations(
    'sandbox-east',
    assignGpus(new Map(), [node], pods),
    [node],
    pods,
  );
  metrics.observe(snap, loads, gpus, at);
}

/** Lines of one series family from the text exposition. */
function series(text: string, name: string): string[] {
  return text
    .split('\n')
    .filter(l => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
}

describe('SimulatorMetrics', () => {
  const pods = [pod('embedder-a', true), pod('embedder-b', false)];
  let metrics: SimulatorMetrics;
  let text: string;

  beforeAll(async () => {
    metrics = new SimulatorMetrics(
      seededRandom(1),
      () => 'healthy',
      () => NOW + 10_000,
    );
    observe(metrics, pods, NOW);
    observe(metrics, pods, NOW + 10_000);
    text = await metrics.metrics();
  });

  it.each([
    ['model_server_requests_total', 6],
    ['model_server_request_duration_seconds_bucket', 24],
    ['model_server_request_duration_seconds_count', 2],
    ['container_cpu_usage_seconds_total', 2],
    ['container_memory_working_set_bytes', 2],
    ['kube_deployment_spec_replicas', 1],
    ['kube_deployment_status_replicas_available', 1],
    ['kube_horizontalpodautoscaler_spec_min_replicas', 1],
    ['kube_horizontalpodautoscaler_spec_max_replicas', 1],
    ['kube_horizontalpodautoscaler_status_current_replicas', 1],
    ['kube_horizontalpodautoscaler_status_desired_replicas', 1],
    ['kube_pod_container_status_restarts_total', 2],
    ['kube_pod_container_status_last_terminated_reason', 1],
    ['kube_job_status_failed', 1],
    ['kube_job_status_succeeded', 1],
    ['kube_job_status_active', 1],
    ['DCGM_FI_DEV_GPU_UTIL', 2],
    ['DCGM_FI_DEV_FB_USED', 2],
    ['DCGM_FI_DEV_FB_FREE', 2],
    ['DCGM_FI_DEV_POWER_USAGE', 2],
  ])('exports %s (%p series) with the cluster label', (name, count) => {
    const lines = series(text, name);
    expect(lines).toHaveLength(count);
    for (const line of lines) expect(line).toContain('cluster="sandbox-east"');
  });

  it('sends traffic to ready pods only, with every status code present', () => {
    const requests = series(text, 'model_server_requests_total');
    const notReady = requests.filter(l => l.includes('pod="embedder-b"'));
    expect(notReady.map(l => l.split(' ').pop())).toEqual(['0', '0', '0']);
    expect(requests.map(l => l.match(/code="(\d+)"/)?.[1])).toEqual([
      '200',
      '500',
      '503',
      '200',
      '500',
      '503',
    ]);
    const ok = Number(requests[0].split(' ').pop());
    expect(ok).toBeGreaterThan(300);
    expect(ok).toBeLessThan(1000);
  });

  it('reports restarts and OOMKilled from the pod status', () => {
    expect(series(text, 'kube_pod_container_status_restarts_total')).toContain(
      'kube_pod_container_status_restarts_total{namespace="ml",pod="embedder-b",container="server",cluster="sandbox-east"} 3',
    );
    expect(
      series(text, 'kube_pod_container_status_last_terminated_reason')[0],
    ).toContain('reason="OOMKilled"');
  });

  it('labels GPUs like the DCGM exporter', () => {
    const line = series(text, 'DCGM_FI_DEV_GPU_UTIL').find(l =>
      l.includes('pod="embedder-a"'),
    )!;
    expect(line).toMatch(
      /gpu="\d",UUID="GPU-[0-9a-f-]{36}",modelName="NVIDIA-A100-SXM4-80GB",Hostname="gpu-0",namespace="ml",pod="embedder-a",container="server"/,
    );
    const free = series(text, 'DCGM_FI_DEV_FB_FREE').find(l =>
      l.includes('pod="embedder-a"'),
    )!;
    const used = series(text, 'DCGM_FI_DEV_FB_USED').find(l =>
      l.includes('pod="embedder-a"'),
    )!;
    expect(Number(free.split(' ').pop()) + Number(used.split(' ').pop())).toBe(
      81920,
    );
  });

  it('runs counters up to the moment of the scrape, between snapshots', async () => {
    let clock = NOW;
    const m = new SimulatorMetrics(
      seededRandom(2),
      () => 'healthy',
      () => clock,
    );
    observe(m, pods, NOW);
    const total = async () =>
      series(await m.metrics(), 'model_server_request_duration_seconds_count')
        .map(l => Number(l.split(' ').pop()))
        .reduce((a, b) => a + b, 0);
    expect(await total()).toBe(0);
    clock = NOW + 10_000;
    const after10s = await total();
    clock = NOW + 20_000;
    const after20s = await total();
    expect(after10s).toBeGreaterThan(300);
    expect(after20s - after10s).toBeGreaterThan(300);
  });

  it('keeps GPUs allocated but nearly idle in idle-gpus', async () => {
    const idle = new SimulatorMetrics(
      seededRandom(1),
      () => 'idle-gpus',
      () => NOW,
    );
    observe(idle, pods, NOW, 'idle-gpus');
    const utils = series(
      await idle.registry.metrics(),
      'DCGM_FI_DEV_GPU_UTIL',
    ).map(l => Number(l.split(' ').pop()));
    expect(utils).toHaveLength(2);
    for (const u of utils) expect(u).toBeLessThanOrEqual(2);
  });

  it('drops every series of a cluster it forgets, and says it is unreachable', async () => {
    const m = new SimulatorMetrics(
      seededRandom(1),
      () => 'cluster-unreachable',
      () => NOW,
    );
    observe(m, pods, NOW);
    m.forget('sandbox-east');
    const after = await m.registry.metrics();
    const leftovers = after
      .split('\n')
      .filter(
        l =>
          l.includes('cluster="sandbox-east"') &&
          !l.startsWith('mlops_sandbox_'),
      );
    expect(leftovers).toEqual([]);
    expect(series(after, 'model_server_requests_total')).toEqual([]);
    expect(after).toContain(
      'mlops_sandbox_cluster_reachable{cluster="sandbox-east"} 0',
    );
    expect(after).toContain(
      'mlops_sandbox_scenario_info{scenario="cluster-unreachable"} 1',
    );
  });
});
