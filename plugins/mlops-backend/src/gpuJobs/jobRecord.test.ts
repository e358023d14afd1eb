import type { V1Job, V1Node, V1Pod } from '@kubernetes/client-node';
import { samplesByPod, utilisationOf } from './dcgm';
import { gpuHoursByDay, gpuHoursWithin } from './gpuHours';
import { gpuRequestOf } from './gpuRequest';
import { controllersOf, gpuJobRecord } from './jobRecord';

const GPU = ['nvidia.com/gpu', 'amd.com/gpu'];
const container = (limits?: Record<string, unknown>) => ({
  name: 'trainer',
  resources: limits ? { limits: limits as Record<string, string> } : undefined,
});

describe('gpuRequestOf', () => {
  it.each([
    ['a string quantity', [container({ 'nvidia.com/gpu': '2' })], 2],
    ['a number', [container({ 'nvidia.com/gpu': 4 })], 4],
    [
      'summed over containers',
      [
        container({ 'nvidia.com/gpu': '1' }),
        container({ 'nvidia.com/gpu': '1' }),
      ],
      2,
    ],
    ['another configured resource', [container({ 'amd.com/gpu': '8' })], 8],
    ['garbage', [container({ 'nvidia.com/gpu': 'lots' })], null],
    ['no GPU request', [container({ cpu: '4' })], null],
    ['no resources at all', [container()], null],
  ])('%s', (_, containers, gpus) => {
    const request = gpuRequestOf({ containers } as never, GPU);
    expect(request?.gpus ?? null).toBe(gpus);
  });
});

const job = (status: V1Job['status'], gpus: unknown = '2'): V1Job => ({
  metadata: {
    name: 'train',
    namespace: 'ml',
    uid: 'u1',
    creationTimestamp: new Date('2026-11-29T10:00:00Z'),
  },
  spec: {
    template: { spec: { containers: [container({ 'nvidia.com/gpu': gpus })] } },
  } as V1Job['spec'],
  status,
});
const failed = (reason: string) => ({
  failed: 2,
  conditions: [{ type: 'Failed', status: 'True', reason, message: 'x' }],
});
const pod = (status: V1Pod['status'], nodeName?: string): V1Pod => ({
  metadata: { name: 'train-abcde' },
  spec: { nodeName, containers: [] },
  status,
});

describe('gpuJobRecord', () => {
  const nodes = new Map<string, V1Node>([
    [
      'gpu-1',
      {
        metadata: {
          name: 'gpu-1',
          labels: { 'nvidia.com/gpu.product': 'A100' },
        },
      },
    ],
    ['bare', { metadata: { name: 'bare' } }],
  ]);
  it.each([
    [
      'running',
      {},
      [
        pod(
          { phase: 'Running', startTime: new Date('2026-11-29T10:02:00Z') },
          'gpu-1',
        ),
      ],
      'running',
      null,
      'A100',
    ],
    [
      'a node without labels',
      {},
      [pod({ phase: 'Running' }, 'bare')],
      'running',
      null,
      null,
    ],
    [
      'unschedulable',
      {},
      [
        pod({
          phase: 'Pending',
          conditions: [
            {
              type: 'PodScheduled',
              status: 'False',
              reason: 'Unschedulable',
              message: 'Insufficient nvidia.com/gpu',
            },
          ],
        }),
      ],
      'pending',
      'Unschedulable',
      null,
    ],
    [
      'backoff',
      failed('BackoffLimitExceeded'),
      [],
      'failed',
      'BackoffLimitExceeded',
      null,
    ],
    [
      'deadline',
      failed('DeadlineExceeded'),
      [],
      'failed',
      'DeadlineExceeded',
      null,
    ],
    [
      'OOMKilled',
      failed('BackoffLimitExceeded'),
      [
        pod(
          {
            phase: 'Failed',
            containerStatuses: [
              {
                name: 't',
                image: 'i',
                imageID: '',
                ready: false,
                restartCount: 0,
                state: { terminated: { exitCode: 137, reason: 'OOMKilled' } },
              },
            ],
          },
          'gpu-1',
        ),
      ],
      'failed',
      'OOMKilled',
      'A100',
    ],
    [
      'succeeded',
      { conditions: [{ type: 'Complete', status: 'True' }] },
      [],
      'succeeded',
      null,
      null,
    ],
  ] as const)('%s', (_, status, pods, state, reason, model) => {
    const record = gpuJobRecord(
      'east',
      job(status as V1Job['status']),
      [...pods] as V1Pod[],
      nodes,
      GPU,
    )!;
    expect(record).toMatchObject({ state, reason, gpuModel: model, gpus: 2 });
  });
  it('is null for a Job that asks for no GPU', () => {
    expect(gpuJobRecord('east', job({}, null), [], nodes, GPU)).toBeNull();
  });
});

describe('controllersOf', () => {
  const owned = (
    ownerReferences: NonNullable<V1Job['metadata']>['ownerReferences'],
    labels: Record<string, string> = {},
  ): V1Job => ({ metadata: { name: 'j', uid: 'u', ownerReferences, labels } });
  const ref = (apiVersion: string, kind: string, controller?: boolean) => ({
    apiVersion,
    kind,
    name: `${kind.toLowerCase()}-1`,
    uid: 'x',
    controller,
  });

  it.each([
    ['a plain Job', [], []],
    ["a CronJob's child", [ref('batch/v1', 'CronJob', true)], ['CronJob']],
    [
      'a Kubeflow PyTorchJob',
      [ref('kubeflow.org/v1', 'PyTorchJob', true)],
      ['PyTorchJob'],
    ],
    [
      'a Kueue Workload',
      [ref('kueue.x-k8s.io/v1beta1', 'Workload')],
      ['Workload'],
    ],
    [
      'another controller',
      [ref('example.com/v1', 'Pipeline', true)],
      ['Pipeline'],
    ],
    [
      'a non-controlling owner of another group',
      [ref('example.com/v1', 'Thing')],
      [],
    ],
  ])('%s', (_, refs, kinds) => {
    expect(controllersOf(owned(refs)).map(c => c.kind)).toEqual(kinds);
  });

  it("reads Kueue's queue from the Job's label", () => {
    const queued = {
      ...owned([], { 'kueue.x-k8s.io/queue-name': 'team-a' }),
      spec: {
        template: {
          spec: { containers: [container({ 'nvidia.com/gpu': '1' })] },
        },
      },
      status: { conditions: [{ type: 'Suspended', status: 'True' }] },
    } as V1Job;
    expect(gpuJobRecord('east', queued, [], new Map(), GPU)).toMatchObject({
      queueName: 'team-a',
      state: 'pending',
      reason: 'Suspended',
    });
  });
});

describe('GPU-hours', () => {
  const run = {
    gpus: 4,
    startedAt: '2026-11-28T23:00:00Z',
    finishedAt: '2026-11-29T01:00:00Z',
  };
  it('is GPUs × wall time clipped to the period, split by UTC day', () => {
    expect(gpuHoursWithin(run, new Date(0), new Date('2026-12-01'))).toBe(8);
    expect(
      gpuHoursWithin({ ...run, startedAt: null }, new Date(0), new Date()),
    ).toBe(0);
    expect(
      gpuHoursByDay(
        [run],
        new Date('2026-11-28T12:00:00Z'),
        new Date('2026-11-29T12:00:00Z'),
      ),
    ).toEqual([
      { day: '2026-11-28', gpuHours: 4 },
      { day: '2026-11-29', gpuHours: 4 },
    ]);
  });
});

describe('DCGM join', () => {
  it('groups GPUs by pod, ignores samples without a pod', () => {
    const labels = { namespace: 'namespace', pod: 'pod' };
    const s = (
      podName: string | undefined,
      signal: string,
      value: number,
      uuid = 'G0',
    ) => ({
      labels: {
        mlops_signal: signal,
        namespace: 'ml',
        UUID: uuid,
        cluster: 'east',
        ...(podName ? { pod: podName } : {}),
      },
      value,
    });
    const pods = samplesByPod(
      [
        s('a', 'util', 10),
        s('a', 'util', 30, 'G1'),
        s('a', 'utilMax', 40),
        s(undefined, 'util', 99),
        s('a', 'fbUsed', 100),
        s('a', 'fbFree', 300),
      ],
      labels,
      'cluster',
    );
    expect([...pods.keys()]).toEqual(['east/ml/a']);
    expect(utilisationOf([...pods.values()])!.utilisation).toMatchObject({
      gpuUtilPercent: 20,
      maxUtilOverIdleWindowPercent: 40,
      memoryUsedMiB: 100,
      memoryTotalMiB: 400,
      gpusReporting: 2,
    });
    expect(utilisationOf([])).toBeNull();
  });
});
