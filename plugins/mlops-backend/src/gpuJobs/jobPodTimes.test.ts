import type { V1Pod } from '@kubernetes/client-node';
import { container, GPU } from '../__testUtils__/gpuContainers';
import { StoredGpuPod } from './GpuPodStore';
import { JobOfPods, jobPodTimes } from './jobPodTimes';

const now = new Date('2026-11-29T11:00:00Z');

const stored = (overrides: Partial<StoredGpuPod> = {}): StoredGpuPod => ({
  cluster: 'east',
  uid: 'p1',
  jobUid: 'j1',
  namespace: 'ml',
  name: 'train-0',
  phase: 'Running',
  node: 'gpu-1',
  gpuModel: null,
  gpus: 2,
  gpuEquivalents: 2,
  gpuResource: 'nvidia.com/gpu',
  startedAt: '2026-11-29T10:00:00.000Z',
  finishedAt: null,
  end: null,
  estimated: false,
  lastRunningAt: '2026-11-29T10:20:00.000Z',
  lastSeenAt: '2026-11-29T10:20:00.000Z',
  goneAt: null,
  ...overrides,
});

const livePod = (uid: string, phase: string): V1Pod => ({
  metadata: {
    uid,
    name: uid,
    namespace: 'ml',
    labels: { 'batch.kubernetes.io/controller-uid': 'j1' },
  },
  spec: { nodeName: 'gpu-1', containers: [container({ 'nvidia.com/gpu': 2 })] },
  status: { phase, startTime: new Date('2026-11-29T10:30:00Z') },
});

const job = (overrides: Partial<JobOfPods> = {}): JobOfPods => ({
  cluster: 'east',
  uid: 'j1',
  live: true,
  listed: true,
  finishedAt: null,
  pods: [],
  ...overrides,
});

const timesOf = (j: JobOfPods, pods: StoredGpuPod[]) =>
  jobPodTimes([j], pods, GPU, now).get('east/j1');

describe('jobPodTimes', () => {
  it('counts a listed running pod to now, with its stored start', () => {
    expect(
      timesOf(job({ pods: [livePod('p1', 'Running')] }), [stored()]),
    ).toEqual({
      intervals: [
        {
          gpuEquivalents: 2,
          startedAt: '2026-11-29T10:00:00.000Z',
          finishedAt: null,
        },
      ],
      estimated: false,
    });
  });

  it('keeps a stored end the live view does not know', () => {
    const ended = stored({
      finishedAt: '2026-11-29T10:40:00.000Z',
      end: 'terminated',
    });
    expect(timesOf(job({ pods: [] }), [ended])!.intervals).toEqual([
      {
        gpuEquivalents: 2,
        startedAt: '2026-11-29T10:00:00.000Z',
        finishedAt: '2026-11-29T10:40:00.000Z',
      },
    ]);
  });

  it.each([
    ['its cluster listed the job without it', job({ pods: [] })],
    ['its job is gone', job({ live: false, listed: false })],
  ])('ends an unfinished stored pod at its estimate when %s', (_, j) => {
    expect(timesOf(j, [stored()])).toEqual({
      intervals: [
        {
          gpuEquivalents: 2,
          startedAt: '2026-11-29T10:00:00.000Z',
          finishedAt: '2026-11-29T10:20:00.000Z',
        },
      ],
      estimated: true,
    });
  });

  it('counts an unfinished stored pod to now when its cluster was not listed', () => {
    expect(
      timesOf(job({ listed: false }), [stored()])!.intervals[0].finishedAt,
    ).toBeNull();
  });

  it('counts the migrated job-level row only for a job without pod rows', () => {
    const coarse = stored({
      uid: 'coarse:j1',
      gpus: 8,
      gpuEquivalents: 8,
      finishedAt: '2026-11-29T10:30:00.000Z',
      end: 'coarse',
      estimated: true,
    });
    expect(timesOf(job({ listed: false }), [coarse])).toMatchObject({
      intervals: [{ gpuEquivalents: 8 }],
      estimated: true,
    });
    expect(timesOf(job({ listed: false }), [coarse, stored()])).toMatchObject({
      intervals: [{ gpuEquivalents: 2 }],
      estimated: false,
    });
  });

  it('gives a job whose pods never ran no GPU time', () => {
    expect(
      timesOf(job({ pods: [livePod('p9', 'Pending')] }), [])!.intervals,
    ).toEqual([{ gpuEquivalents: 2, startedAt: null, finishedAt: null }]);
  });

  it('counts a pod on a MIG slice as its fraction of a GPU', () => {
    const onSlice: V1Pod = {
      ...livePod('p2', 'Running'),
      spec: {
        nodeName: 'mig-1',
        containers: [container({ 'nvidia.com/mig-3g.40gb': '1' })],
      },
    };
    const [interval] = timesOf(job({ pods: [onSlice] }), [])!.intervals;
    expect(interval.gpuEquivalents).toBeCloseTo(3 / 7, 12);
  });
});
