import type { V1Node } from '@kubernetes/client-node';
import { GPU } from '../__testUtils__/gpuContainers';
import { failedJob, operatorPod, runningJob } from './__fixtures__/pytorchJobs';
import { parsePyTorchJob } from './pytorchJob';
import { pytorchJobRecord } from './pytorchJobRecord';
import { gpuPyTorchJobsOfCluster } from './pytorchJobsOfCluster';

const nodes = new Map<string, V1Node>([
  [
    'east-gpu-l4-1',
    { metadata: { labels: { 'nvidia.com/gpu.product': 'NVIDIA-L4' } } },
  ],
]);

function recordOf(raw: unknown, pods = [] as ReturnType<typeof operatorPod>[]) {
  const job = parsePyTorchJob(raw);
  if (!job) throw new Error('not a PyTorchJob');
  return pytorchJobRecord('sandbox-east', job, pods, nodes, GPU);
}

describe('parsePyTorchJob', () => {
  it('reads the replica types, Master first, with the counts of the status', () => {
    const job = parsePyTorchJob(runningJob)!;
    expect(
      job.replicas.map(({ podSpec, ...counts }) => ({
        ...counts,
        containers: podSpec?.containers.length,
      })),
    ).toEqual([
      {
        type: 'Master',
        replicas: 1,
        active: 1,
        succeeded: 0,
        failed: 0,
        containers: 1,
      },
      {
        type: 'Worker',
        replicas: 2,
        active: 2,
        succeeded: 0,
        failed: 0,
        containers: 1,
      },
    ]);
    expect(job.conditions.map(c => c.reason)).toEqual([
      'PyTorchJobCreated',
      'PyTorchJobRunning',
    ]);
    expect(job.startTime).toBe('2026-12-04T10:00:05Z');
    expect(job.suspended).toBe(false);
  });

  it.each([
    ['no metadata', { spec: runningJob.spec }],
    ['no UID', { ...runningJob, metadata: { name: 'x' } }],
    ['not an object', 'PyTorchJob'],
    ['null', null],
  ])('is null with %s', (_, raw) => {
    expect(parsePyTorchJob(raw)).toBeNull();
  });

  it.each([
    ['no status', undefined],
    ['a status that is a string', 'Running'],
    ['conditions that are not a list', { conditions: { type: 'Running' } }],
    ['a condition without a type', { conditions: [{ status: 'True' }, null] }],
    [
      'replica counts that are not numbers',
      { replicaStatuses: { Master: { active: 'one' }, Worker: 7 } },
    ],
    ['a start time that is a number', { startTime: 12 }],
  ])('reads a job with %s as one without that part', (_, status) => {
    const job = parsePyTorchJob({ ...runningJob, status })!;
    expect(job.replicas.map(r => r.type)).toEqual(['Master', 'Worker']);
    expect(job.conditions.every(c => typeof c.type === 'string')).toBe(true);
    expect(job.replicas.every(r => Number.isInteger(r.active))).toBe(true);
    expect(() => recordOf({ ...runningJob, status })).not.toThrow();
  });

  it('reads a spec that does not parse as no replicas, so no GPU job', () => {
    const raw = { ...runningJob, spec: { pytorchReplicaSpecs: 'Master' } };
    expect(parsePyTorchJob(raw)!.replicas).toEqual([]);
    expect(recordOf(raw)).toBeNull();
  });
});

describe('pytorchJobRecord', () => {
  const running = [
    operatorPod(runningJob.metadata, 'Master', 0, 'Running'),
    operatorPod(runningJob.metadata, 'Worker', 0, 'Running'),
    operatorPod(runningJob.metadata, 'Worker', 1, 'Running'),
  ];

  it('a running job: its kind, replicas, the GPUs its running pods hold, where they run', () => {
    expect(recordOf(runningJob, running)).toMatchObject({
      cluster: 'sandbox-east',
      namespace: 'recsys',
      name: 'ranker-ddp',
      uid: 'ptj-uid-1',
      kind: 'PyTorchJob',
      replicas: [
        { type: 'Master', replicas: 1, active: 1, succeeded: 0, failed: 0 },
        { type: 'Worker', replicas: 2, active: 2, succeeded: 0, failed: 0 },
      ],
      queueName: 'training',
      state: 'running',
      reason: null,
      createdAt: '2026-12-04T10:00:00.000Z',
      startedAt: '2026-12-04T10:00:10.000Z',
      finishedAt: null,
      gpus: 3,
      gpuEquivalents: 3,
      gpuResource: 'nvidia.com/gpu',
      migProfile: null,
      nodes: ['east-gpu-l4-1'],
      gpuModel: 'NVIDIA-L4',
      retries: 0,
    });
  });

  it('partly running: the GPUs of the running pods, and how many wait', () => {
    const pods = [
      running[0],
      operatorPod(runningJob.metadata, 'Worker', 0, 'Pending'),
    ];
    expect(recordOf(runningJob, pods)).toMatchObject({
      state: 'running',
      reason: 'PartlyRunning',
      message: '1 of 2 pods running, 1 pending',
      gpus: 1,
    });
  });

  it("running by its conditions when no pod is listed: all replicas' GPUs", () => {
    expect(recordOf(runningJob)).toMatchObject({
      state: 'running',
      gpus: 3,
      startedAt: '2026-12-04T10:00:05.000Z',
    });
  });

  it("failed: the operator's reason and message, its end, failed pods as retries", () => {
    const pods = [operatorPod(failedJob.metadata, 'Master', 0, 'Failed')];
    expect(recordOf(failedJob, pods)).toMatchObject({
      state: 'failed',
      reason: 'PyTorchJobFailed',
      message:
        'PyTorchJobFailed: PyTorchJob ranker-ddp-2 is failed because 1 Master replica(s) failed.',
      finishedAt: '2026-12-04T10:02:00.000Z',
      gpus: 3,
      retries: 1,
    });
  });

  it.each([
    [
      'succeeded',
      [
        {
          type: 'Succeeded',
          status: 'True',
          reason: 'PyTorchJobSucceeded',
          lastTransitionTime: '2026-12-04T11:00:00Z',
        },
      ],
      {
        state: 'succeeded',
        reason: null,
        finishedAt: '2026-12-04T11:00:00.000Z',
      },
    ],
    [
      'suspended',
      [
        {
          type: 'Suspended',
          status: 'True',
          reason: 'PyTorchJobSuspended',
          message: 'PyTorchJob ranker-ddp is suspended.',
        },
      ],
      {
        state: 'pending',
        reason: 'Suspended',
        message: 'PyTorchJob ranker-ddp is suspended.',
        startedAt: null,
      },
    ],
    [
      'restarting',
      [
        {
          type: 'Restarting',
          status: 'True',
          reason: 'PyTorchJobRestarting',
          message:
            'PyTorchJob ranker-ddp is restarting because 1 Worker replica(s) failed.',
        },
      ],
      { state: 'running', reason: 'PyTorchJobRestarting' },
    ],
    [
      'created only',
      [{ type: 'Created', status: 'True' }],
      { state: 'pending', reason: null, startedAt: null },
    ],
    [
      'Running no longer true',
      [{ type: 'Running', status: 'False' }],
      { state: 'pending' },
    ],
  ])('%s', (_, conditions, expected) => {
    const raw = { ...runningJob, status: { conditions } };
    expect(recordOf(raw)).toMatchObject(expected);
  });

  it("pending on an unschedulable pod: the scheduler's reason", () => {
    const pod = operatorPod(runningJob.metadata, 'Master', 0, 'Pending');
    pod.status!.conditions = [
      {
        type: 'PodScheduled',
        status: 'False',
        reason: 'Unschedulable',
        message: '0/6 nodes are available: 4 Insufficient nvidia.com/gpu.',
      },
    ];
    const raw = { ...runningJob, status: { conditions: [] } };
    expect(recordOf(raw, [pod])).toMatchObject({
      state: 'pending',
      reason: 'Unschedulable',
      message: '0/6 nodes are available: 4 Insufficient nvidia.com/gpu.',
      gpus: 3,
    });
  });

  it('a job asking for MIG slices counts their GPU-equivalents', () => {
    const mig = (replicas: number) => ({
      replicas,
      template: {
        spec: {
          containers: [
            { resources: { limits: { 'nvidia.com/mig-1g.10gb': 1 } } },
          ],
        },
      },
    });
    const raw = {
      ...runningJob,
      spec: { pytorchReplicaSpecs: { Master: mig(1), Worker: mig(6) } },
      status: {},
    };
    expect(recordOf(raw)).toMatchObject({
      gpus: 7,
      gpuEquivalents: 1,
      gpuResource: 'nvidia.com/mig-1g.10gb',
      migProfile: '1g.10gb',
    });
  });

  it('is null when no replica asks for a GPU', () => {
    const cpu = {
      replicas: 2,
      template: {
        spec: { containers: [{ resources: { limits: { cpu: '4' } } }] },
      },
    };
    expect(
      recordOf({
        ...runningJob,
        spec: { pytorchReplicaSpecs: { Worker: cpu } },
      }),
    ).toBeNull();
  });
});

describe('gpuPyTorchJobsOfCluster', () => {
  it('joins each job to the pods it controls, by UID; other listed objects are left out', () => {
    const otherPod = operatorPod(failedJob.metadata, 'Master', 0, 'Failed');
    const ownPod = operatorPod(runningJob.metadata, 'Master', 0, 'Running');
    const jobs = gpuPyTorchJobsOfCluster(
      'sandbox-east',
      {
        pytorchJobs: [runningJob, failedJob, { metadata: {} }, 'garbage'],
        pods: [ownPod, otherPod],
      },
      nodes,
      GPU,
    );
    expect(
      jobs.map(j => [j.record.name, j.pods.map(p => p.metadata!.name)]),
    ).toEqual([
      ['ranker-ddp', ['ranker-ddp-master-0']],
      ['ranker-ddp-2', ['ranker-ddp-2-master-0']],
    ]);
  });
});
