import { GpuJob } from '@internal/plugin-mlops-common';

/** 90 s → "1 min 30 s", 5400 s → "1 h 30 min". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  const h = Math.floor(s / 3600);
  if (h < 48) return `${h} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** GPU-equivalents: whole numbers as they are, fractions to two decimals (3/7 → "0.43"). */
export function formatGpus(gpus: number): string {
  return String(Number(gpus.toFixed(2)));
}

/** What a job asks for, when not whole GPUs: "1 × MIG 3g.40gb (0.43 GPU)"; null for whole GPUs. */
export function formatMigRequest(request: {
  gpus: number;
  gpuEquivalents: number;
  migProfile: string | null;
}): string | null {
  if (!request.migProfile) return null;
  const gpus = formatGpus(request.gpuEquivalents);
  return `${request.gpus} × MIG ${request.migProfile} (${gpus} ${
    request.gpuEquivalents > 1 ? 'GPUs' : 'GPU'
  })`;
}

/** What a job asks for in words: "4 GPUs", "1 GPU", or its MIG slices. */
export function formatGpuRequest(request: {
  gpus: number;
  gpuEquivalents: number;
  migProfile: string | null;
}): string {
  return (
    formatMigRequest(request) ??
    `${request.gpus} ${request.gpus === 1 ? 'GPU' : 'GPUs'}`
  );
}

/** Said wherever GPU-hours of MIG slices are shown. */
export const GPU_EQUIVALENT_HOURS =
  'GPU-equivalent hours: a MIG slice counts as its share of a GPU (a 3g.40gb slice is 3/7), so one 3g.40gb slice for 2 h is 0.86 GPU-hours.';

/** Whether any of the jobs runs on MIG slices, so that its figures are GPU-equivalents. */
export function anyMig(jobs: ReadonlyArray<{ migProfile: string | null }>) {
  return jobs.some(j => j.migProfile !== null);
}

export function formatGpuHours(hours: number): string {
  if (hours === 0) return '0';
  if (hours < 10) return hours.toFixed(2);
  return hours.toFixed(1);
}

/**
 * A PyTorchJob's replica types with the pods the operator counts, e.g.
 * "Master 1/1 running · Worker 1/2 running, 1 failed"; null for a Job.
 */
export function formatReplicas(job: Pick<GpuJob, 'replicas'>): string | null {
  if (!job.replicas?.length) return null;
  return job.replicas
    .map(r => {
      const done = [
        r.succeeded ? `${r.succeeded} succeeded` : '',
        r.failed ? `${r.failed} failed` : '',
      ].filter(Boolean);
      return [`${r.type} ${r.active}/${r.replicas} running`, ...done].join(
        ', ',
      );
    })
    .join(' · ');
}

/** State and reason in a few words, e.g. "failed: OOMKilled". */
export function stateLabel(job: GpuJob): string {
  if (job.idle) return 'running: idle GPUs';
  if (job.reason === 'PartlyRunning') return 'running: partly';
  return job.reason ? `${job.state}: ${job.reason}` : job.state;
}
