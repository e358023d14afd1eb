import { FleetPendingJob } from '@internal/plugin-mlops-common';
import { gpuHoursWithin } from '../gpuJobs/gpuHours';
import { GpuJobStore } from '../gpuJobs/GpuJobStore';
import { GpuPodStore } from '../gpuJobs/GpuPodStore';
import { jobPodTimes } from '../gpuJobs/jobPodTimes';
import { DAY_MS } from '../shared/dates';
import { WeekGpuHours } from './fleetGpus';

/** Monday 00:00 UTC of the week `at` is in. */
export function weekStartOf(at: Date): Date {
  const day = Math.floor(at.getTime() / DAY_MS) * DAY_MS;
  const weekday = (new Date(day).getUTCDay() + 6) % 7;
  return new Date(day - weekday * DAY_MS);
}

/**
 * The GPU jobs of the week from the history: each job's GPU-hours from its
 * pods (as the GPU jobs tab counts them) and the jobs still waiting.
 */
export async function readWeekJobs(
  stores: { jobs: GpuJobStore; pods: GpuPodStore },
  resources: readonly string[],
  at: Date,
): Promise<{ weekJobs: WeekGpuHours[]; pending: FleetPendingJob[] }> {
  const since = weekStartOf(at);
  const jobs = await stores.jobs.list({ since });
  const times = jobPodTimes(
    jobs.map(j => ({
      cluster: j.cluster,
      uid: j.uid,
      live: j.goneAt === null,
      listed: false,
      finishedAt: j.finishedAt,
      pods: [],
    })),
    await stores.pods.podsOf(jobs),
    resources,
    at,
  );
  const weekJobs = jobs.map(j => ({
    team: j.team,
    entityRef: j.entityRef,
    gpuModel: j.gpuModel,
    gpuHours: (times.get(`${j.cluster}/${j.uid}`)?.intervals ?? []).reduce(
      (sum, pod) => sum + gpuHoursWithin(pod, since, at),
      0,
    ),
  }));
  const pending = jobs
    .filter(j => j.state === 'pending' && j.goneAt === null)
    .map(j => ({
      cluster: j.cluster,
      namespace: j.namespace,
      name: j.name,
      team: j.team,
      entityRef: j.entityRef,
      gpus: j.gpus,
      gpuEquivalents: j.gpuEquivalents,
      migProfile: j.migProfile,
      reason: j.reason,
      waitingSince: j.createdAt,
    }));
  return { weekJobs, pending };
}
