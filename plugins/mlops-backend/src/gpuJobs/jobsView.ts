import { GpuJob, GpuJobsView } from '@internal/plugin-mlops-common';
import { secondsBetween } from '../shared/dates';
import { GpuJobsConfig } from './config';
import { jobKey } from './dcgmAttribution';
import { GpuInterval, gpuHoursByDay, gpuHoursWithin } from './gpuHours';
import { GpuJobTarget } from './jobTarget';
import { JobUtilisation } from './jobUtilisation';
import { jobTotals, sortJobs } from './jobTotals';
import { MergedJob } from './mergeJobs';

/** The period a view covers: `days` back from `now`, starting at `since`. */
export interface ViewPeriod {
  since: Date;
  now: Date;
  days: number;
}

/** When a job held its GPUs: a job that vanished unfinished ran until it was last seen. */
export function intervalOf(job: MergedJob): GpuInterval {
  return {
    gpus: job.gpus,
    startedAt: job.startedAt,
    finishedAt:
      job.finishedAt ?? (job.live ? null : job.goneAt ?? job.lastSeenAt),
  };
}

/**
 * A job with its figures: wait and run time, GPU-hours within the period,
 * DCGM utilisation, and idle when it has run live for the whole idle window
 * with no GPU above the threshold.
 */
export function gpuJobOf(
  j: MergedJob,
  figures: ReturnType<JobUtilisation['get']>,
  idle: GpuJobsConfig['idle'],
  period: Pick<ViewPeriod, 'since' | 'now'>,
): GpuJob {
  const { since, now } = period;
  const interval = intervalOf(j);
  const runningLongEnough =
    !!j.startedAt &&
    now.getTime() - new Date(j.startedAt).getTime() >= idle.forMinutes * 60_000;
  const maxUtil = figures?.utilisation.maxUtilOverIdleWindowPercent;
  return {
    cluster: j.cluster,
    namespace: j.namespace,
    name: j.name,
    uid: j.uid,
    controllers: j.controllers,
    queueName: j.queueName,
    state: j.state,
    reason: j.reason,
    message: j.message,
    createdAt: j.createdAt,
    startedAt: j.startedAt,
    finishedAt: j.finishedAt,
    waitSeconds: secondsBetween(
      j.createdAt,
      j.startedAt ?? (j.state === 'pending' ? null : j.finishedAt),
      now,
    )!,
    durationSeconds: secondsBetween(j.startedAt, interval.finishedAt, now),
    gpus: j.gpus,
    gpuResource: j.gpuResource,
    nodes: j.nodes,
    gpuModel: j.gpuModel ?? figures?.model ?? null,
    retries: j.retries,
    utilisation: figures?.utilisation ?? null,
    idle:
      j.state === 'running' &&
      j.live &&
      runningLongEnough &&
      maxUtil !== undefined &&
      maxUtil !== null &&
      maxUtil < idle.utilisationPercent,
    gpuHours: gpuHoursWithin(interval, since, now),
    live: j.live,
    entityRef: j.entityRef,
    team: j.team,
    claimants: j.claimants,
  };
}

/** The view of a target's jobs, sorted, with totals and GPU-hours per day. */
export function jobsView(input: {
  target: GpuJobTarget;
  jobs: readonly MergedJob[];
  utilisation: JobUtilisation;
  idle: GpuJobsConfig['idle'];
  period: ViewPeriod;
}): Omit<GpuJobsView, 'historyUpdatedAt' | 'sources'> {
  const { target, jobs, utilisation, idle, period } = input;
  const out = sortJobs(
    jobs.map(j =>
      gpuJobOf(
        j,
        utilisation.get(jobKey(j.cluster, j.namespace, j.name)),
        idle,
        period,
      ),
    ),
  );
  return {
    state: 'ok',
    entityRef: target.entityRef,
    team: target.kind === 'team' ? target.team : null,
    evaluatedAt: period.now.toISOString(),
    periodDays: period.days,
    idleThreshold: idle,
    jobs: out,
    totals: jobTotals(out),
    gpuHoursByDay: gpuHoursByDay(
      jobs.map(intervalOf),
      period.since,
      period.now,
    ),
    cached: false,
  };
}
