import type { ModelService, TrainingPipeline } from './fleet';
import type { HorizontalPodAutoscaler, Job, KubeNode, Pod } from './kubeTypes';
import { computeServiceLoads } from './load';
import {
  Action,
  crashLoopStatus,
  desiredTrainingRuns,
  nodeFor,
  PlanInputs,
  planHpas,
  planPods,
  planTrainingRuns,
  simulatedPodStatus,
} from './plan';
import type { ScenarioName } from './scenarios';
import { scenarioTargets } from './scenarios';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

const pipelines: TrainingPipeline[] = ['a', 'b', 'c'].map(n => ({
  name: `${n}-training`,
  namespace: 'ml',
  team: 'ml',
  system: 'ml',
  gpusPerRun: 2,
}));

const service: ModelService = {
  name: 'scorer',
  namespace: 'ml',
  team: 'ml',
  system: 'ml',
  cluster: 'sandbox-west',
  accelerator: 'cpu',
  framework: 'onnxruntime',
  minReplicas: 2,
  maxReplicas: 6,
  baseRps: 60,
};
const other: ModelService = { ...service, name: 'retrieval' };

function servingPod(
  name: string,
  svc: string,
  opts: { crash?: { restarts: number; finishedAt: string } } = {},
): Pod {
  return {
    metadata: {
      name,
      namespace: 'ml',
      uid: `uid-${name}`,
      labels: {
        'backstage.io/kubernetes-id': svc,
        'mlops-sandbox/role': 'model-service',
      },
    },
    spec: {
      nodeName: 'cpu-0',
      containers: [{ name: 'server', image: 'img' }],
    },
    status: {
      phase: 'Running',
      startTime: iso(NOW - 3600_000),
      conditions: [{ type: 'Ready', status: opts.crash ? 'False' : 'True' }],
      containerStatuses: [
        opts.crash
          ? {
              name: 'server',
              ready: false,
              restartCount: opts.crash.restarts,
              state: { waiting: { reason: 'CrashLoopBackOff' } },
              lastState: {
                terminated: {
                  exitCode: 137,
                  reason: 'OOMKilled',
                  finishedAt: opts.crash.finishedAt,
                },
              },
            }
          : {
              name: 'server',
              ready: true,
              restartCount: 0,
              state: { running: { startedAt: iso(NOW - 3600_000) } },
            },
      ],
    },
  };
}

function simulatedPod(name: string, phase: string, reason?: string): Pod {
  return {
    metadata: {
      name,
      namespace: 'ml',
      creationTimestamp: iso(NOW - 10_000),
      labels: { 'mlops-sandbox/role': 'training-run' },
      annotations: {
        'mlops-sandbox/simulated-phase': phase,
        ...(reason
          ? {
              'mlops-sandbox/simulated-reason': reason,
              'mlops-sandbox/simulated-exit-code':
                reason === 'OOMKilled' ? '137' : '1',
            }
          : {}),
      },
    },
    spec: {
      schedulerName: 'mlops-sandbox-simulator',
      nodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB' },
      containers: [{ name: 'trainer', image: 'img' }],
    },
    status: { phase: 'Pending' },
  };
}

const gpuNodes: KubeNode[] = ['gpu-a100-1', 'gpu-a100-0', 'gpu-l4-0'].map(
  name => ({
    metadata: {
      name,
      labels: {
        'nvidia.com/gpu.product': name.includes('l4')
          ? 'NVIDIA-L4'
          : 'NVIDIA-A100-SXM4-80GB',
      },
    },
  }),
);

function inputs(
  scenario: ScenarioName,
  pods: Pod[],
  extra: Partial<PlanInputs> = {},
): PlanInputs {
  const services = [service, other];
  const targets = scenarioTargets(scenario, services);
  return {
    snapshot: {
      cluster: 'sandbox-west',
      takenAtMs: NOW,
      pods,
      deployments: [],
      hpas: [],
      jobs: [],
      nodes: gpuNodes,
    },
    services,
    pipelines,
    loads: computeServiceLoads(services, pods, scenario, targets, NOW),
    scenario,
    targets,
    nowMs: NOW,
    hpaWriter: 'controller',
    hpaMemory: new Map(),
    ...extra,
  };
}

describe('desiredTrainingRuns', () => {
  it.each([
    [
      'healthy',
      [
        'a-training-run-ttl:succeeded-ttl',
        'a-training-run-1:succeeded',
        'a-training-run-2:running',
        'b-training-run-1:succeeded',
        'b-training-run-2:running',
        'c-training-run-1:succeeded',
        'c-training-sweep-1:running',
        'c-training-sweep-2:running',
      ],
    ],
    [
      'gpu-job-failures',
      [
        'a-training-run-ttl:succeeded-ttl',
        'a-training-run-1:succeeded',
        'a-training-run-2:running',
        'b-training-run-1:succeeded',
        'b-training-run-2:running',
        'c-training-run-1:succeeded',
        'c-training-sweep-1:running',
        'c-training-sweep-2:running',
        'a-training-run-failed:failed-backoff',
        'b-training-run-oom:failed-oom',
        'c-training-run-16gpu:pending-gpus',
        'c-training-run-deadline:failed-deadline',
        'c-training-run-idle:running-idle',
      ],
    ],
    [
      'idle-gpus',
      [
        'a-training-run-ttl:succeeded-ttl',
        'a-training-run-1:succeeded',
        'a-training-run-2:running',
        'b-training-run-1:succeeded',
        'b-training-run-2:running',
        'c-training-run-1:succeeded',
        'c-training-sweep-1:running',
        'c-training-sweep-2:running',
        'c-training-run-idle:running-idle',
      ],
    ],
    [
      'mig-jobs',
      [
        'a-training-run-ttl:succeeded-ttl',
        'a-training-run-1:succeeded',
        'a-training-run-2:running',
        'b-training-run-1:succeeded',
        'b-training-run-2:running',
        'c-training-run-1:succeeded',
        'c-training-sweep-1:running',
        'c-training-sweep-2:running',
        'c-training-run-mig-3g:running',
        'b-training-run-mig-1g:running',
        'a-training-run-mig-idle:running-idle',
      ],
    ],
  ] as const)('%s', (scenario, expected) => {
    expect(
      desiredTrainingRuns(pipelines, scenario).map(
        r => `${r.jobName}:${r.kind}`,
      ),
    ).toEqual(expected);
  });

  it('mig-jobs: each run asks for one MIG slice a pod, the 1g run with two pods', () => {
    expect(
      desiredTrainingRuns(pipelines, 'mig-jobs')
        .filter(r => r.migProfile)
        .map(r => [r.jobName, r.migProfile, r.parallelism, r.scenario]),
    ).toEqual([
      ['c-training-run-mig-3g', '3g.40gb', undefined, 'mig-jobs'],
      ['b-training-run-mig-1g', '1g.10gb', 2, 'mig-jobs'],
      ['a-training-run-mig-idle', '1g.10gb', undefined, 'mig-jobs'],
    ]);
  });

  it('needs no pipelines (the west cluster has none)', () => {
    expect(desiredTrainingRuns([], 'gpu-job-failures')).toEqual([]);
  });
});

describe('planTrainingRuns', () => {
  const job = (name: string, scenario?: string): Job => ({
    metadata: {
      name,
      namespace: 'ml',
      labels: scenario ? { 'mlops-sandbox/scenario': scenario } : {},
    },
  });

  it('creates what is missing and nothing that exists', () => {
    const actions = planTrainingRuns(
      [job('a-training-run-1'), job('a-training-run-2')],
      pipelines,
      'healthy',
    );
    expect(
      actions.map(a => a.kind === 'create-job' && a.manifest.metadata?.name),
    ).toEqual([
      'a-training-run-ttl',
      'b-training-run-1',
      'b-training-run-2',
      'c-training-run-1',
      'c-training-sweep-1',
      'c-training-sweep-2',
    ]);
  });

  it('deletes the MIG Jobs when mig-jobs is over', () => {
    const existing = desiredTrainingRuns(pipelines, 'mig-jobs').map(r =>
      job(r.jobName, r.scenario),
    );
    const actions = planTrainingRuns(existing, pipelines, 'healthy');
    expect(actions.map(a => `${a.kind}:${'name' in a ? a.name : ''}`)).toEqual([
      'delete-job:c-training-run-mig-3g',
      'delete-job:b-training-run-mig-1g',
      'delete-job:a-training-run-mig-idle',
    ]);
  });

  it('deletes scenario Jobs once the scenario is over, never baseline runs', () => {
    const existing = desiredTrainingRuns(pipelines, 'gpu-job-failures').map(r =>
      job(r.jobName, r.scenario),
    );
    const actions = planTrainingRuns(existing, pipelines, 'healthy');
    expect(actions.map(a => `${a.kind}:${'name' in a ? a.name : ''}`)).toEqual([
      'delete-job:a-training-run-failed',
      'delete-job:b-training-run-oom',
      'delete-job:c-training-run-16gpu',
      'delete-job:c-training-run-deadline',
      'delete-job:c-training-run-idle',
    ]);
  });
});

describe('simulatedPodStatus', () => {
  it.each([
    [
      'Running',
      undefined,
      'Running',
      { running: { startedAt: iso(NOW - 10_000) } },
    ],
    [
      'Failed',
      'OOMKilled',
      'Failed',
      {
        terminated: expect.objectContaining({
          exitCode: 137,
          reason: 'OOMKilled',
        }),
      },
    ],
    [
      'Failed',
      'Error',
      'Failed',
      { terminated: expect.objectContaining({ exitCode: 1, reason: 'Error' }) },
    ],
  ])('%s %s', (phase, reason, expectedPhase, state) => {
    const status = simulatedPodStatus(
      simulatedPod('p', phase, reason),
      iso(NOW),
    ) as {
      phase: string;
      containerStatuses: Array<{ state: unknown }>;
    };
    expect(status.phase).toBe(expectedPhase);
    expect(status.containerStatuses[0].state).toEqual(state);
  });

  it('leaves pods alone once driven, and pods without the annotation', () => {
    const done = simulatedPod('p', 'Running');
    done.status = { phase: 'Running' };
    expect(simulatedPodStatus(done, iso(NOW))).toBeUndefined();
    expect(
      simulatedPodStatus(servingPod('s', 'scorer'), iso(NOW)),
    ).toBeUndefined();
  });
});

describe('nodeFor', () => {
  it('picks a node matching the node selector, the same one every time', () => {
    const pod = simulatedPod('p', 'Failed', 'Error');
    const node = nodeFor(pod, gpuNodes);
    expect(['gpu-a100-0', 'gpu-a100-1']).toContain(node);
    expect(nodeFor(pod, gpuNodes)).toBe(node);
    expect(
      nodeFor(
        pod,
        gpuNodes.filter(n => n.metadata.name === 'gpu-l4-0'),
      ),
    ).toBeUndefined();
  });
});

describe('nodeFor on a cluster with a MIG node', () => {
  it('binds a pod asking for whole GPUs only to nodes that advertise nvidia.com/gpu', () => {
    const a100 = (name: string, allocatable: Record<string, string>) => ({
      metadata: {
        name,
        labels: { 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB' },
      },
      status: { allocatable },
    });
    const nodes = [
      a100('gpu-mig', { 'nvidia.com/mig-1g.10gb': '7' }),
      a100('gpu-a100-0', { 'nvidia.com/gpu': '8' }),
    ];
    const pod = simulatedPod('p', 'Failed', 'Error');
    pod.spec.containers[0].resources = { limits: { 'nvidia.com/gpu': '4' } };
    for (const name of ['p', 'q', 'r', 's']) {
      pod.metadata.name = name;
      expect(nodeFor(pod, nodes)).toBe('gpu-a100-0');
    }
  });
});

describe('crashLoopStatus', () => {
  it.each([
    ['a running pod is killed at once', undefined, 1],
    [
      'a pod that crashed 31 s ago is killed again',
      { restarts: 4, finishedAt: iso(NOW - 31_000) },
      5,
    ],
  ])('%s', (_, crash, restarts) => {
    expect(
      crashLoopStatus(servingPod('p', 'scorer', { crash }), NOW),
    ).toMatchObject({
      conditions: [
        expect.objectContaining({ type: 'Ready', status: 'False' }),
        expect.anything(),
      ],
      containerStatuses: [
        {
          ready: false,
          restartCount: restarts,
          lastState: { terminated: { reason: 'OOMKilled', exitCode: 137 } },
          state: { waiting: { reason: 'CrashLoopBackOff' } },
        },
      ],
    });
  });

  it('lets a pod in back-off wait', () => {
    const crash = { restarts: 4, finishedAt: iso(NOW - 10_000) };
    expect(
      crashLoopStatus(servingPod('p', 'scorer', { crash }), NOW),
    ).toBeUndefined();
  });
});

describe('planPods', () => {
  const crashed = { restarts: 2, finishedAt: iso(NOW - 40_000) };

  it.each([
    [
      'healthy: nothing to do',
      'healthy',
      [servingPod('s1', 'scorer'), servingPod('r1', 'retrieval')],
      [],
    ],
    [
      'crashloop kills the target pods only',
      'crashloop',
      [servingPod('s1', 'scorer'), servingPod('r1', 'retrieval')],
      ['pod-status:r1'],
    ],
    [
      'healthy again deletes crash-looping pods',
      'healthy',
      [
        servingPod('s1', 'scorer'),
        servingPod('r1', 'retrieval', { crash: crashed }),
      ],
      ['delete-pod:r1'],
    ],
    [
      'simulated training pods are driven in every scenario',
      'error-spike',
      [
        simulatedPod('t1', 'Running'),
        simulatedPod('t2', 'Failed', 'OOMKilled'),
      ],
      ['pod-status:t1', 'pod-status:t2'],
    ],
  ] as const)('%s', (_, scenario, pods, expected) => {
    expect(
      planPods(inputs(scenario, [...pods])).map(
        a => `${a.kind}:${'name' in a ? a.name : ''}`,
      ),
    ).toEqual(expected);
  });

  it('binds failed training pods to a GPU node, running ones to none', () => {
    const actions = planPods(
      inputs('healthy', [
        simulatedPod('t1', 'Running'),
        simulatedPod('t2', 'Failed', 'Error'),
      ]),
    );
    expect(actions.map(a => a.kind === 'pod-status' && a.bindTo)).toEqual([
      undefined,
      expect.stringMatching(/^gpu-a100-/),
    ]);
  });
});

describe('planHpas', () => {
  const hpa: HorizontalPodAutoscaler = {
    metadata: { name: 'scorer', namespace: 'ml' },
    spec: {
      minReplicas: 2,
      maxReplicas: 6,
      scaleTargetRef: { kind: 'Deployment', name: 'scorer' },
      metrics: [
        {
          type: 'Pods',
          pods: {
            metric: { name: 'requests_per_second' },
            target: { averageValue: '50' },
          },
        },
      ],
    },
  };
  const withHpa = (
    scenario: ScenarioName,
    writer: 'controller' | 'simulator',
  ) => {
    const base = inputs(
      scenario,
      [servingPod('s1', 'scorer'), servingPod('s2', 'scorer')],
      { hpaWriter: writer },
    );
    base.snapshot.hpas = [hpa];
    base.snapshot.deployments = [
      {
        metadata: { name: 'scorer', namespace: 'ml' },
        spec: { replicas: 2 },
        status: { readyReplicas: 2 },
      },
    ];
    return base;
  };

  it('does nothing when the controller writes HPA status', () => {
    expect(planHpas(withHpa('scale-to-max', 'controller')).actions).toEqual([]);
  });

  it.each([
    ['healthy', [], 'ReadyForNewScale'],
    ['scale-to-max', ['scale:6'], 'SucceededRescale'],
    ['prometheus-down', [], 'SucceededGetScale'],
  ] as const)('%s -> %p, AbleToScale %s', (scenario, scale, reason) => {
    const { actions } = planHpas(withHpa(scenario, 'simulator'));
    expect(
      actions.flatMap(a => (a.kind === 'scale' ? [`scale:${a.replicas}`] : [])),
    ).toEqual(scale);
    const status = actions.find(a => a.kind === 'hpa-status');
    expect(
      status &&
        status.kind === 'hpa-status' &&
        status.status.conditions?.[0].reason,
    ).toBe(reason);
  });

  it('writes unchanged status again only after the refresh period', () => {
    const first = planHpas(withHpa('healthy', 'simulator'));
    const written = first.actions.find(
      (a): a is Extract<Action, { kind: 'hpa-status' }> =>
        a.kind === 'hpa-status',
    );
    const again = withHpa('healthy', 'simulator');
    again.hpaMemory = first.memory;
    again.snapshot.hpas[0].status = written?.status;
    expect(planHpas(again).actions).toEqual([]);
    expect(
      planHpas({ ...again, nowMs: NOW + 31_000 }).actions.map(a => a.kind),
    ).toEqual(['hpa-status']);
  });
});
