import { GpuJob } from '@internal/plugin-mlops-common';
import { jobTotals, sortJobs } from './jobTotals';

const job = (
  name: string,
  state: GpuJob['state'],
  more: Partial<GpuJob> = {},
): GpuJob =>
  ({
    name,
    state,
    createdAt: '2026-11-29T12:00:00.000Z',
    live: true,
    idle: false,
    gpus: 1,
    gpuHours: 0,
    gpuHoursEstimated: false,
    migProfile: null,
    ...more,
    gpuEquivalents: more.gpuEquivalents ?? more.gpus ?? 1,
  } as GpuJob);

describe('sortJobs', () => {
  it('puts running first, then pending, failed, succeeded, newest first', () => {
    const sorted = sortJobs([
      job('ok', 'succeeded'),
      job('old-run', 'running', { createdAt: '2026-11-29T10:00:00.000Z' }),
      job('broke', 'failed'),
      job('new-run', 'running', { createdAt: '2026-11-29T13:00:00.000Z' }),
      job('wait', 'pending'),
    ]);
    expect(sorted.map(j => j.name)).toEqual([
      'new-run',
      'old-run',
      'wait',
      'broke',
      'ok',
    ]);
  });
});

describe('jobTotals', () => {
  it.each([
    ['no jobs', [], [0, 0, 0, 0, 0, 0]],
    [
      'live jobs of every state',
      [
        job('a', 'running', { gpus: 4, idle: true, gpuHours: 8 }),
        job('b', 'running', { gpus: 2, gpuHours: 2 }),
        job('c', 'pending', { gpus: 8 }),
        job('d', 'failed', { gpuHours: 1.5 }),
        job('e', 'succeeded', { gpuHours: 3 }),
      ],
      [2, 1, 1, 1, 6, 14.5],
    ],
    [
      'jobs no longer in their cluster: only their GPU-hours count',
      [
        job('a', 'running', { live: false, gpus: 4, idle: true, gpuHours: 8 }),
        job('c', 'pending', { live: false }),
        job('d', 'failed', { live: false, gpuHours: 1 }),
      ],
      [0, 0, 0, 0, 0, 9],
    ],
    [
      'MIG slices: GPUs and hours in GPU-equivalents',
      [
        job('a', 'running', {
          gpus: 2,
          gpuEquivalents: 6 / 7,
          migProfile: '3g.40gb',
          gpuHours: 12 / 7,
        }),
        job('b', 'running', { gpus: 1, gpuHours: 2 / 7 }),
      ],
      [2, 0, 0, 0, 13 / 7, 2],
    ],
  ])('%s', (_, jobs, [running, pending, failed, idle, gpusInUse, gpuHours]) => {
    expect(jobTotals(jobs)).toEqual({
      running,
      pending,
      failed,
      idle,
      gpusInUse,
      gpuHours,
    });
  });
});
