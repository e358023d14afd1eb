import type { V1Job, V1Node, V1Pod } from '@kubernetes/client-node';
import { gpuJobRecord } from './jobRecord';
import { container, GPU } from '../__testUtils__/gpuContainers';

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
  it('still runs while its running pods are being deleted (its Job deleted or the pods evicted)', () => {
    const deleting = (phase: string): V1Pod => ({
      ...pod({ phase }, 'gpu-1'),
      metadata: { name: 'train-abcde', deletionTimestamp: new Date() },
    });
    expect(
      gpuJobRecord(
        'east',
        job({ active: 1 }),
        [deleting('Running')],
        nodes,
        GPU,
      ),
    ).toMatchObject({ state: 'running', reason: null, gpus: 2 });
    // A pending pod being deleted never runs: the Job waits for its next one.
    expect(
      gpuJobRecord(
        'east',
        job({ active: 1 }),
        [deleting('Pending')],
        nodes,
        GPU,
      ),
    ).toMatchObject({ state: 'pending', reason: null });
  });

  it('is null for a Job that asks for no GPU', () => {
    expect(gpuJobRecord('east', job({}, null), [], nodes, GPU)).toBeNull();
  });

  it('says how many pods of a partly scheduled job run, and counts only their GPUs', () => {
    const indexed: V1Job = {
      ...job({ active: 8 }, '1'),
      spec: {
        completions: 8,
        parallelism: 8,
        completionMode: 'Indexed',
        template: job({}, '1').spec!.template,
      },
    };
    const waiting = {
      phase: 'Pending',
      conditions: [
        {
          type: 'PodScheduled',
          status: 'False',
          reason: 'Unschedulable',
          message: '0/4 nodes are available: 4 Insufficient nvidia.com/gpu.',
        },
      ],
    };
    const pods = [
      ...[1, 2, 3, 4].map(() => pod({ phase: 'Running' }, 'gpu-1')),
      ...[1, 2, 3, 4].map(() => pod(waiting)),
    ];
    expect(gpuJobRecord('east', indexed, pods, nodes, GPU)).toMatchObject({
      state: 'running',
      reason: 'PartlyRunning',
      message:
        '4 of 8 pods running, 4 Unschedulable: 0/4 nodes are available: 4 Insufficient nvidia.com/gpu.',
      gpus: 4,
    });
    // Before any pod runs it asks for the GPUs of all it runs at once.
    expect(
      gpuJobRecord('east', indexed, pods.slice(4), nodes, GPU),
    ).toMatchObject({ state: 'pending', reason: 'Unschedulable', gpus: 8 });
  });
});
