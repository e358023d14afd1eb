import { GpuJob, GpuJobsView } from '@internal/plugin-mlops-common';
import { secondsBetween } from '../shared/dates';
import { GpuJobsConfig } from './config';
import { jobKey } from './dcgmAttribution';
import { gpuHoursByDay, gpuHoursWithin } from './gpuHours';
import { GpuJobTarget } from './jobTarget';
import { JobUtilisation } from './jobUtilisation';
import { JobPodTimes } from './jobPodTimes';
import { jobTotals, sortJobs } from './jobTotals';
import { MergedJob } from './mergeJobs';

/** The period a view covers: `days` back from `now`, starting at `since`. */
export interface ViewPeriod {
  since: Date;
  now: Date;
  days: number;
}

/**
 * When a job stopped running: its finish time; for one that vanished
 * unfinished, its pods' last end, else when it was last seen.
 */
export function runEndOf(job: MergedJob, pods: JobPodTimes): string | null {
  if (job.finishedAt || job.live) return job.finishedAt;
  const podEnds = pods.intervals
    .map(p => p.finishedAt)
    .filter((t): t is string => !!t)
    .sort();
  return podEnds[podEnds.length - 1] ?? job.goneAt ?? job.lastSeenAt;
}

const NO_PODS: JobPodTimes = { intervals: [], estimated: false };

/**
 * A job with its figures: wait and run time, GPU-hours within the period,
 * DCGM utilisation, and idle when it has run live for the whole idle window
 * with no GPU above the threshold.
 */
export function gpuJobOf(
  j: MergedJob,
  pods: JobPodTimes,
  figures: ReturnType<JobUtilisation['get']>,
  idle: GpuJobsConfig['idle'],
  period: Pick<ViewPeriod, 'since' | 'now'>,
): GpuJob {
  const { since, now } = period;
  const runningLongEnough =
    !!j.startedAt &&
    now.getTime() - new Date(j.startedAt).getTime() >= idle.forMinutes * 60_000;
  const maxUtil = figures?.utilisation.maxUtilOverIdleWindowPercent;
  return {
    cluster: j.cluster,
    namespace: j.namespace,
    name: j.name,
    uid: j.uid,
    kind: j.kind ?? 'Job',
    ...(j.replicas && { replicas: j.replicas }),
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
    durationSeconds: secondsBetween(j.startedAt, runEndOf(j, pods), now),
    gpus: j.gpus,
    gpuEquivalents: j.gpuEquivalents,
    gpuResource: j.gpuResource,
    migProfile: j.migProfile,
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
    gpuHours: pods.intervals.reduce(
      (sum, pod) => sum + gpuHoursWithin(pod, since, now),
      0,
    ),
    gpuHoursEstimated: pods.estimated,
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
  /** Each job's pods' GPU time, by `cluster/uid`. */
  podTimes: ReadonlyMap<string, JobPodTimes>;
  utilisation: JobUtilisation;
  idle: GpuJobsConfig['idle'];
  period: ViewPeriod;
}): Omit<GpuJobsView, 'historyUpdatedAt' | 'sources' | 'queues'> {
  const { target, jobs, podTimes, utilisation, idle, period } = input;
  const podsOf = (j: MergedJob) =>
    podTimes.get(`${j.cluster}/${j.uid}`) ?? NO_PODS;
  const out = sortJobs(
    jobs.map(j =>
      gpuJobOf(
        j,
        podsOf(j),
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
      jobs.flatMap(j => podsOf(j).intervals),
      period.since,
      period.now,
    ),
    cached: false,
  };
}
