import { GpuUtilisation } from '@internal/plugin-mlops-common';
import { JobPodTimes } from './jobPodTimes';
import { gpuJobOf, jobsView, runEndOf } from './jobsView';
import { MergedJob } from './mergeJobs';

const now = new Date('2026-11-29T14:00:00Z');
const since = new Date('2026-11-28T14:00:00Z');
const idle = { utilisationPercent: 5, forMinutes: 30 };

function job(overrides: Partial<MergedJob> = {}): MergedJob {
  return {
    cluster: 'east',
    namespace: 'fraud',
    name: 'train',
    uid: 'uid-1',
    labels: {},
    controllers: [],
    queueName: null,
    state: 'running',
    reason: null,
    message: null,
    createdAt: '2026-11-29T12:00:00.000Z',
    startedAt: '2026-11-29T12:10:00.000Z',
    finishedAt: null,
    gpus: 2,
    gpuEquivalents: 2,
    gpuResource: 'nvidia.com/gpu',
    migProfile: null,
    nodes: ['gpu-node-1'],
    gpuModel: null,
    retries: 0,
    entityRef: 'component:default/fraud-trainer',
    team: 'group:default/fraud-ml',
    claimants: [],
    lastSeenAt: '2026-11-29T14:00:00.000Z',
    goneAt: null,
    live: true,
    listed: true,
    pods: [],
    ...overrides,
  };
}

/** One pod of the job's GPUs, from its start to `finishedAt`. */
const onePod = (
  j: MergedJob,
  finishedAt: string | null = j.finishedAt,
  estimated = false,
): JobPodTimes => ({
  intervals: j.startedAt
    ? [{ gpuEquivalents: j.gpuEquivalents, startedAt: j.startedAt, finishedAt }]
    : [],
  estimated,
});

const figuresAt = (maxUtil: number | null) => ({
  utilisation: {
    gpuUtilPercent: 3,
    maxUtilOverIdleWindowPercent: maxUtil,
    memoryUsedMiB: 1000,
    memoryTotalMiB: 81920,
    powerWatts: 120,
    gpusReporting: 2,
  } satisfies GpuUtilisation,
  model: 'NVIDIA A100',
});

const mig = job({
  state: 'succeeded',
  createdAt: '2026-11-29T10:00:00.000Z',
  startedAt: '2026-11-29T10:10:00.000Z',
  finishedAt: '2026-11-29T12:10:00.000Z',
  gpus: 1,
  gpuEquivalents: 3 / 7,
  gpuResource: 'nvidia.com/mig-3g.40gb',
  migProfile: '3g.40gb',
});

describe('gpuJobOf', () => {
  it("says a job is a Job unless its record names its kind, and passes a PyTorchJob's replicas on", () => {
    const period = { since, now };
    const plain = gpuJobOf(job(), onePod(job()), undefined, idle, period);
    expect(plain.kind).toBe('Job');
    expect(plain).not.toHaveProperty('replicas');
    const replicas = [
      { type: 'Master', replicas: 1, active: 1, succeeded: 0, failed: 0 },
    ];
    const pytorch = job({ kind: 'PyTorchJob', replicas });
    expect(
      gpuJobOf(pytorch, onePod(pytorch), undefined, idle, period),
    ).toMatchObject({ kind: 'PyTorchJob', replicas });
  });

  it.each([
    // name, job, its pods, wait s, duration s, GPU-hours
    [
      'running: runs until now',
      job(),
      onePod(job()),
      600,
      6600,
      (2 * 6600) / 3600,
    ],
    [
      'pending: waits until now',
      job({ state: 'pending', startedAt: null }),
      onePod(job({ startedAt: null })),
      7200,
      null,
      0,
    ],
    [
      'succeeded',
      job({ state: 'succeeded', finishedAt: '2026-11-29T13:10:00.000Z' }),
      onePod(job(), '2026-11-29T13:10:00.000Z'),
      600,
      3600,
      2,
    ],
    [
      'failed before a pod started: waited until it failed',
      job({
        state: 'failed',
        startedAt: null,
        finishedAt: '2026-11-29T12:30:00.000Z',
      }),
      onePod(job({ startedAt: null })),
      1800,
      null,
      0,
    ],
    [
      'gone unfinished: ran until its pod ended',
      job({ live: false, goneAt: '2026-11-29T12:50:00.000Z' }),
      onePod(job(), '2026-11-29T12:40:00.000Z', true),
      600,
      1800,
      1,
    ],
    [
      'started before the period: GPU-hours within it only',
      job({
        createdAt: '2026-11-28T12:00:00.000Z',
        startedAt: '2026-11-28T13:00:00.000Z',
      }),
      onePod(job({ startedAt: '2026-11-28T13:00:00.000Z' })),
      3600,
      25 * 3600,
      48,
    ],
    [
      'partly running: only the pods that ran count',
      job({ gpus: 4 }),
      {
        intervals: [1, 2, 3, 4].map(() => ({
          gpuEquivalents: 1,
          startedAt: '2026-11-29T12:10:00.000Z',
          finishedAt: null,
        })),
        estimated: false,
      },
      600,
      6600,
      (4 * 6600) / 3600,
    ],
    [
      'on a MIG slice: a 3g.40gb for 2 h is 6/7 of a GPU-hour',
      mig,
      onePod(mig, '2026-11-29T12:10:00.000Z'),
      600,
      7200,
      6 / 7,
    ],
  ])('%s', (_, j, pods, wait, duration, gpuHours) => {
    const out = gpuJobOf(j, pods, undefined, idle, { since, now });
    expect(out.waitSeconds).toBe(wait);
    expect(out.durationSeconds).toBe(duration);
    expect(out.gpuHours).toBeCloseTo(gpuHours, 9);
    expect(out.gpuHoursEstimated).toBe(pods.estimated);
    expect(out).toMatchObject({
      gpus: j.gpus,
      gpuEquivalents: j.gpuEquivalents,
      gpuResource: j.gpuResource,
      migProfile: j.migProfile,
    });
  });

  it.each([
    ['below the threshold for the whole window', job(), figuresAt(4), true],
    ['at the threshold', job(), figuresAt(5), false],
    ['no figures from DCGM', job(), undefined, false],
    ['no max over the window', job(), figuresAt(null), false],
    ['a utilisation query that found no GPU', job(), null, false],
    [
      'started less than the window ago',
      job({ startedAt: '2026-11-29T13:40:00.000Z' }),
      figuresAt(0),
      false,
    ],
    ['not running', job({ state: 'succeeded' }), figuresAt(0), false],
    ['no longer in its cluster', job({ live: false }), figuresAt(0), false],
  ])('idle when %s: %s', (_, j, figures, expected) => {
    expect(gpuJobOf(j, onePod(j), figures, idle, { since, now }).idle).toBe(
      expected,
    );
  });

  it('takes the GPU model from DCGM when the nodes did not name it', () => {
    const view = (gpuModel: string | null) =>
      gpuJobOf(job({ gpuModel }), onePod(job()), figuresAt(50), idle, {
        since,
        now,
      });
    expect(view(null)).toMatchObject({
      gpuModel: 'NVIDIA A100',
      utilisation: figuresAt(50).utilisation,
    });
    expect(view('NVIDIA H100').gpuModel).toBe('NVIDIA H100');
    expect(
      gpuJobOf(job(), onePod(job()), undefined, idle, { since, now }),
    ).toMatchObject({
      gpuModel: null,
      utilisation: null,
    });
  });
});

describe('runEndOf', () => {
  it.each([
    ['running', job(), onePod(job()), null],
    [
      'finished',
      job({ finishedAt: '2026-11-29T13:00:00.000Z' }),
      onePod(job()),
      '2026-11-29T13:00:00.000Z',
    ],
    [
      "gone unfinished: its pods' last end",
      job({ live: false, goneAt: '2026-11-29T12:50:00.000Z' }),
      onePod(job(), '2026-11-29T12:40:00.000Z'),
      '2026-11-29T12:40:00.000Z',
    ],
    [
      'gone without pods: when it was seen gone',
      job({ live: false, goneAt: '2026-11-29T12:40:00.000Z' }),
      onePod(job({ startedAt: null })),
      '2026-11-29T12:40:00.000Z',
    ],
    [
      'gone, never seen gone: when last seen',
      job({ live: false }),
      onePod(job({ startedAt: null })),
      '2026-11-29T14:00:00.000Z',
    ],
  ])('%s', (_, j, pods, end) => {
    expect(runEndOf(j, pods)).toBe(end);
  });
});

describe('gpuJobOf ownership', () => {
  it('carries the owner and the claimants of a job in conflict', () => {
    const claimants = [
      'component:default/copycat',
      'component:default/fraud-trainer',
    ];
    expect(
      gpuJobOf(job({ claimants }), onePod(job()), undefined, idle, {
        since,
        now,
      }),
    ).toMatchObject({
      entityRef: 'component:default/fraud-trainer',
      team: 'group:default/fraud-ml',
      claimants,
    });
  });
});

describe('jobsView', () => {
  it('sorts the jobs, counts the live ones and sums GPU-hours per day', () => {
    const view = jobsView({
      target: {
        kind: 'team',
        entityRef: 'group:default/fraud-ml',
        team: 'group:default/fraud-ml',
      },
      jobs: [
        job({
          name: 'done',
          uid: 'uid-done',
          state: 'succeeded',
          finishedAt: '2026-11-29T13:10:00.000Z',
        }),
        job({ name: 'idle', uid: 'uid-idle' }),
        job({
          name: 'gone',
          uid: 'uid-gone',
          live: false,
          goneAt: '2026-11-29T12:40:00.000Z',
        }),
        job({
          name: 'waiting',
          uid: 'uid-waiting',
          state: 'pending',
          startedAt: null,
          gpus: 4,
        }),
      ],
      podTimes: new Map([
        ['east/uid-done', onePod(job(), '2026-11-29T13:10:00.000Z')],
        ['east/uid-idle', onePod(job())],
        ['east/uid-gone', onePod(job(), '2026-11-29T12:40:00.000Z', true)],
      ]),
      utilisation: new Map([['east/fraud/idle', figuresAt(1)]]),
      idle,
      period: { since, now, days: 1 },
    });
    expect(view.jobs.map(j => [j.name, j.idle])).toEqual([
      ['idle', true],
      ['gone', false],
      ['waiting', false],
      ['done', false],
    ]);
    expect(view.totals).toEqual({
      running: 1,
      pending: 1,
      failed: 0,
      idle: 1,
      gpusInUse: 2,
      gpuHours: expect.closeTo(2 + (2 * 6600) / 3600 + 1, 9),
    });
    expect(view.gpuHoursByDay).toEqual([
      { day: '2026-11-28', gpuHours: 0 },
      { day: '2026-11-29', gpuHours: expect.closeTo(6 + 2 / 3, 9) },
    ]);
    expect(view).toMatchObject({
      state: 'ok',
      entityRef: 'group:default/fraud-ml',
      team: 'group:default/fraud-ml',
      evaluatedAt: '2026-11-29T14:00:00.000Z',
      periodDays: 1,
      idleThreshold: idle,
      cached: false,
    });
  });
});
