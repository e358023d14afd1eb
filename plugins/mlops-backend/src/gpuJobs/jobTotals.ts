import { GpuJob, GpuJobsView } from '@internal/plugin-mlops-common';

const STATE_RANK: Record<GpuJob['state'], number> = {
  running: 0,
  pending: 1,
  failed: 2,
  succeeded: 3,
};

/** Running first, then pending, failed and succeeded; newest first within a state. */
export function sortJobs(jobs: GpuJob[]): GpuJob[] {
  return jobs.sort(
    (a, b) =>
      STATE_RANK[a.state] - STATE_RANK[b.state] ||
      b.createdAt.localeCompare(a.createdAt),
  );
}

/**
 * The totals of the jobs: counts and GPUs in use of the live jobs only (a
 * job no longer in its cluster neither runs nor waits), GPU-hours of all;
 * GPUs and their hours in GPU-equivalents (a MIG slice counts its fraction).
 */
export function jobTotals(jobs: readonly GpuJob[]): GpuJobsView['totals'] {
  const count = (f: (j: GpuJob) => boolean) =>
    jobs.filter(j => j.live && f(j)).length;
  return {
    running: count(j => j.state === 'running'),
    pending: count(j => j.state === 'pending'),
    failed: count(j => j.state === 'failed'),
    idle: count(j => j.idle),
    gpusInUse: jobs
      .filter(j => j.live && j.state === 'running')
      .reduce((sum, j) => sum + j.gpuEquivalents, 0),
    gpuHours: jobs.reduce((sum, j) => sum + j.gpuHours, 0),
  };
}
