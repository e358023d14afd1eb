import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { container, GPU } from '../__testUtils__/gpuContainers';
import { estimatedEnd, gpuPodRecord } from './podRecord';

const seenAt = new Date('2026-11-29T10:05:00Z');
const nodes = new Map<string, V1Node>([
  ['gpu-1', { metadata: { labels: { 'nvidia.com/gpu.product': 'A100' } } }],
]);

function pod(status: V1Pod['status'], gpus: unknown = '2'): V1Pod {
  return {
    metadata: {
      name: 'train-0-abcde',
      namespace: 'ml',
      uid: 'p1',
      labels: { 'batch.kubernetes.io/controller-uid': 'j1' },
    },
    spec: {
      nodeName: status?.phase === 'Pending' ? undefined : 'gpu-1',
      containers: [container({ 'nvidia.com/gpu': gpus })],
    },
    status,
  };
}

const terminated = (finishedAt: string) => ({
  name: 'trainer',
  image: 'x',
  imageID: '',
  ready: false,
  restartCount: 0,
  state: { terminated: { exitCode: 0, finishedAt: new Date(finishedAt) } },
});

const START = new Date('2026-11-29T10:00:00Z');

describe('gpuPodRecord', () => {
  it.each([
    [
      'pending: never ran, no GPU time',
      pod({ phase: 'Pending', startTime: START }),
      {},
      { startedAt: null, finishedAt: null, end: null, lastRunningAt: null },
    ],
    [
      'running: from its start, last seen running now',
      pod({ phase: 'Running', startTime: START }),
      {},
      {
        startedAt: '2026-11-29T10:00:00.000Z',
        finishedAt: null,
        lastRunningAt: '2026-11-29T10:05:00.000Z',
        node: 'gpu-1',
        gpuModel: 'A100',
        gpus: 2,
      },
    ],
    [
      'succeeded: ends when its last container did',
      pod({
        phase: 'Succeeded',
        startTime: START,
        containerStatuses: [
          terminated('2026-11-29T10:01:00Z'),
          terminated('2026-11-29T10:02:00Z'),
        ],
      }),
      {},
      { finishedAt: '2026-11-29T10:02:00.000Z', end: 'terminated' },
    ],
    [
      'deleted while running: ends when the watch saw it go',
      pod({ phase: 'Running', startTime: START }),
      { deleted: true },
      {
        finishedAt: '2026-11-29T10:05:00.000Z',
        end: 'deleted',
        estimated: false,
      },
    ],
    [
      'deleted while pending: no GPU time',
      pod({ phase: 'Pending' }),
      { deleted: true },
      { startedAt: null, finishedAt: null, end: null },
    ],
  ])('%s', (_, p, seen, expected) => {
    expect(
      gpuPodRecord('east', p, nodes, GPU, { at: seenAt, ...seen }),
    ).toMatchObject({ uid: 'p1', jobUid: 'j1', ...expected });
  });

  it('is null for a pod that asks for no GPU or has no Job', () => {
    const noGpu = pod({ phase: 'Running' }, '0');
    expect(gpuPodRecord('east', noGpu, nodes, GPU, { at: seenAt })).toBeNull();
    const orphan = pod({ phase: 'Running' });
    orphan.metadata!.labels = {};
    expect(gpuPodRecord('east', orphan, nodes, GPU, { at: seenAt })).toBeNull();
  });
});

describe('estimatedEnd', () => {
  const started = { startedAt: '2026-11-29T10:00:00.000Z' };
  it.each([
    [
      "the Job's completion, after the pod's start",
      { ...started, lastRunningAt: '2026-11-29T10:01:00.000Z' },
      '2026-11-29T10:03:00.000Z',
      { finishedAt: '2026-11-29T10:03:00.000Z', end: 'job' },
    ],
    [
      'the last sighting, without a completion',
      { ...started, lastRunningAt: '2026-11-29T10:01:00.000Z' },
      null,
      { finishedAt: '2026-11-29T10:01:00.000Z', end: 'last-seen' },
    ],
    [
      'the last sighting, when the completion is before the start (an earlier pod)',
      { ...started, lastRunningAt: '2026-11-29T10:01:00.000Z' },
      '2026-11-29T09:59:00.000Z',
      { finishedAt: '2026-11-29T10:01:00.000Z', end: 'last-seen' },
    ],
    [
      'its start, never seen running',
      { ...started, lastRunningAt: null },
      null,
      { finishedAt: '2026-11-29T10:00:00.000Z', end: 'last-seen' },
    ],
  ])('%s', (_, p, completion, expected) => {
    expect(estimatedEnd(p, completion)).toEqual(expected);
  });
});
