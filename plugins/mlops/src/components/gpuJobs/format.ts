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

export function formatGpuHours(hours: number): string {
  if (hours === 0) return '0';
  if (hours < 10) return hours.toFixed(2);
  return hours.toFixed(1);
}

/** State and reason in a few words, e.g. "failed: OOMKilled". */
export function stateLabel(job: GpuJob): string {
  if (job.idle) return 'running: idle GPUs';
  if (job.reason === 'PartlyRunning') return 'running: partly';
  return job.reason ? `${job.state}: ${job.reason}` : job.state;
}
