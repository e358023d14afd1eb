import { GpuJob, GpuJobsView } from '@internal/plugin-mlops-common';

/** A job as the backend answers it for the sandbox's training runs. */
export function gpuJob(over: Partial<GpuJob> = {}): GpuJob {
  return {
    cluster: 'sandbox-east',
    namespace: 'fraud-ml',
    name: 'fraud-model-training-run-2',
    uid: 'u-run-2',
    kind: 'Job',
    controllers: [],
    queueName: null,
    state: 'running',
    reason: null,
    message: null,
    createdAt: '2026-11-29T12:00:00.000Z',
    startedAt: '2026-11-29T12:00:05.000Z',
    finishedAt: null,
    waitSeconds: 5,
    durationSeconds: 5400,
    gpus: 4,
    gpuResource: 'nvidia.com/gpu',
    nodes: ['east-gpu-a100-2'],
    gpuModel: 'NVIDIA-A100-SXM4-80GB',
    retries: 0,
    utilisation: {
      gpuUtilPercent: 94.25,
      maxUtilOverIdleWindowPercent: 97,
      memoryUsedMiB: 303279,
      memoryTotalMiB: 327680,
      powerWatts: 1523.5,
      gpusReporting: 4,
    },
    idle: false,
    gpuHours: 6,
    gpuHoursEstimated: false,
    live: true,
    entityRef: 'component:default/fraud-model-training',
    team: 'group:default/fraud-ml',
    claimants: [],
    migProfile: null,
    ...over,
    gpuEquivalents: over.gpuEquivalents ?? over.gpus ?? 4,
  };
}

export const idleJob = gpuJob({
  name: 'fraud-model-training-run-idle',
  uid: 'u-idle',
  gpus: 2,
  idle: true,
  utilisation: {
    gpuUtilPercent: 1,
    maxUtilOverIdleWindowPercent: 2,
    memoryUsedMiB: 139264,
    memoryTotalMiB: 163840,
    powerWatts: 120,
    gpusReporting: 2,
  },
});

export const oomJob = gpuJob({
  name: 'fraud-model-training-run-oom',
  uid: 'u-oom',
  state: 'failed',
  reason: 'OOMKilled',
  message: 'BackoffLimitExceeded: Job has reached the specified backoff limit',
  finishedAt: '2026-11-29T12:01:00.000Z',
  durationSeconds: 55,
  retries: 1,
  utilisation: null,
  gpuHours: 0.06,
  gpuHoursEstimated: false,
});

export const deletedJob = gpuJob({
  name: 'fraud-model-training-run-ttl',
  uid: 'u-ttl',
  state: 'succeeded',
  finishedAt: '2026-11-29T12:00:07.000Z',
  durationSeconds: 2,
  utilisation: null,
  gpus: 1,
  gpuHours: 0.0006,
  gpuHoursEstimated: true,
  live: false,
});

/** A tuning run on one 3g.40gb MIG slice of an A100, for 2 h. */
export const migJob = gpuJob({
  name: 'fraud-model-tuning-mig',
  uid: 'u-mig',
  state: 'succeeded',
  finishedAt: '2026-11-29T13:00:05.000Z',
  durationSeconds: 7200,
  gpus: 1,
  gpuEquivalents: 3 / 7,
  gpuResource: 'nvidia.com/mig-3g.40gb',
  migProfile: '3g.40gb',
  nodes: ['east-mig-1'],
  utilisation: null,
  gpuHours: 6 / 7,
});

export function gpuJobsAnswer(over: Partial<GpuJobsView> = {}): GpuJobsView {
  const jobs = [gpuJob(), idleJob, oomJob, deletedJob];
  return {
    state: 'ok',
    entityRef: 'component:default/fraud-model-training',
    team: null,
    evaluatedAt: '2026-11-29T13:30:00.000Z',
    periodDays: 7,
    idleThreshold: { utilisationPercent: 5, forMinutes: 30 },
    jobs,
    totals: {
      running: 2,
      pending: 0,
      failed: 1,
      idle: 1,
      gpusInUse: 6,
      gpuHours: 6.0606,
    },
    gpuHoursByDay: [
      { day: '2026-11-28', gpuHours: 0 },
      { day: '2026-11-29', gpuHours: 6.0606 },
    ],
    queues: [],
    historyUpdatedAt: '2026-11-29T13:29:50.000Z',
    sources: [
      {
        kind: 'kubernetes',
        name: 'sandbox-east',
        ok: true,
        requests: 2,
        durationMs: 12,
      },
      {
        kind: 'prometheus',
        name: 'sandbox',
        ok: true,
        requests: 1,
        durationMs: 8,
      },
    ],
    cached: false,
    ...over,
  };
}
