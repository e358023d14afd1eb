import { GpuHoursDay } from '@internal/plugin-mlops-common';
import { DAY_MS } from '../shared/dates';

/** The running time of a pod: from start to finish, or to `end` while it runs. */
export interface GpuInterval {
  /** GPUs it held, a MIG slice counting its fraction. */
  gpuEquivalents: number;
  startedAt: string | null;
  /** Null while it runs. */
  finishedAt: string | null;
}

const HOUR_MS = 3_600_000;

function clippedMs(
  job: GpuInterval,
  from: number,
  to: number,
): [number, number] | null {
  if (!job.startedAt || job.gpuEquivalents <= 0) return null;
  const start = Math.max(new Date(job.startedAt).getTime(), from);
  const end = Math.min(
    job.finishedAt ? new Date(job.finishedAt).getTime() : to,
    to,
  );
  return end > start ? [start, end] : null;
}

/** GPU-equivalents × wall time within [from, to], in hours (a 3g.40gb slice for 2 h is 6/7). */
export function gpuHoursWithin(job: GpuInterval, from: Date, to: Date): number {
  const span = clippedMs(job, from.getTime(), to.getTime());
  return span ? (job.gpuEquivalents * (span[1] - span[0])) / HOUR_MS : 0;
}

/** GPU-equivalent hours per UTC day from `from` to `to`, every day listed (zero when idle). */
export function gpuHoursByDay(
  jobs: readonly GpuInterval[],
  from: Date,
  to: Date,
): GpuHoursDay[] {
  const first = Math.floor(from.getTime() / DAY_MS) * DAY_MS;
  const days: GpuHoursDay[] = [];
  for (let day = first; day < to.getTime(); day += DAY_MS) {
    const start = new Date(Math.max(day, from.getTime()));
    const end = new Date(Math.min(day + DAY_MS, to.getTime()));
    const hours = jobs.reduce(
      (sum, job) => sum + gpuHoursWithin(job, start, end),
      0,
    );
    days.push({
      day: new Date(day).toISOString().slice(0, 10),
      gpuHours: hours,
    });
  }
  return days;
}
