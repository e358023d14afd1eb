import {
  GpuUtilisation,
  migSliceOfProfile,
} from '@internal/plugin-mlops-common';
import {
  anyOfRegex,
  batchSignals,
  rangeOf,
  selector,
} from '../upstream/prometheus/promql';
import { PrometheusInstance } from '../upstream/prometheus/PrometheusClient';

/** Labels the DCGM exporter puts the pod's identity in. */
export interface DcgmLabels {
  namespace: string;
  pod: string;
}

/** One Prometheus sample of the batched DCGM query. */
export interface DcgmSample {
  labels: Record<string, string>;
  value: number | null;
}

const SIGNALS = {
  util: 'DCGM_FI_DEV_GPU_UTIL',
  fbUsed: 'DCGM_FI_DEV_FB_USED',
  fbFree: 'DCGM_FI_DEV_FB_FREE',
  power: 'DCGM_FI_DEV_POWER_USAGE',
  // MIG slices have no DCGM_FI_DEV_GPU_UTIL: their graphics engine activity, 0..1.
  engine: 'DCGM_FI_PROF_GR_ENGINE_ACTIVE',
} as const;

/**
 * One query for every GPU and MIG slice of the given namespaces:
 * utilisation (a slice's engine activity), frame buffer, power and the
 * highest utilisation over the idle window, each tagged with
 * `mlops_signal`. Pods are matched in memory, so metrics of pods the portal
 * does not know are ignored rather than breaking the join.
 */
export function dcgmQuery(
  instance: PrometheusInstance,
  clusters: readonly string[],
  namespaces: readonly string[],
  labels: DcgmLabels,
  idleWindow: string,
): string {
  const matchers = [
    {
      label: labels.namespace,
      op: '=~' as const,
      value: anyOfRegex(namespaces),
    },
  ];
  if (instance.clusterLabel) {
    matchers.push({
      label: instance.clusterLabel,
      op: '=~',
      value: anyOfRegex(clusters),
    });
  }
  const of = (metric: string) => selector(metric, matchers);
  const window = rangeOf(idleWindow);
  return batchSignals({
    util: of(SIGNALS.util),
    fbUsed: of(SIGNALS.fbUsed),
    fbFree: of(SIGNALS.fbFree),
    power: of(SIGNALS.power),
    utilMax: `max_over_time(${of(SIGNALS.util)}${window})`,
    engine: of(SIGNALS.engine),
    engineMax: `max_over_time(${of(SIGNALS.engine)}${window})`,
  });
}

type DcgmSignal = keyof typeof SIGNALS | 'utilMax' | 'engineMax';

/** One GPU's or MIG slice's figures, and its share of a GPU (1 for a whole GPU). */
export type PerGpu = Partial<Record<DcgmSignal, number>> & { share: number };

/** A pod's GPUs and MIG slices (by `deviceKey`) with their figures, and the GPU model the exporter names. */
export interface PodGpus {
  gpus: Map<string, PerGpu>;
  model: string | null;
}

/** Key of a pod in the join: cluster (when the instance labels it), namespace, pod. */
export function podKey(cluster: string | null, namespace: string, pod: string) {
  return `${cluster ?? ''}/${namespace}/${pod}`;
}

/**
 * A device of the exporter: a GPU by its UUID (else host and index); a MIG
 * slice by its parent GPU's UUID, which all slices of that GPU share, and
 * its GPU instance ID.
 */
export function deviceKey(labels: Record<string, string>): string {
  const gpu = labels.UUID ?? `${labels.Hostname}/${labels.gpu}`;
  return labels.GPU_I_ID ? `${gpu}/${labels.GPU_I_ID}` : gpu;
}

/** A slice's fraction of its GPU from its `GPU_I_PROFILE`; 1 for a whole GPU (or a profile not known). */
function shareOf(labels: Record<string, string>): number {
  const profile = labels.GPU_I_PROFILE;
  return (profile && migSliceOfProfile(profile)?.fraction) || 1;
}

/** Per pod, its GPUs' and slices' figures (one entry per `deviceKey`). */
export function samplesByPod(
  samples: readonly DcgmSample[],
  labels: DcgmLabels,
  clusterLabel: string | undefined,
): Map<string, PodGpus> {
  const out = new Map<string, PodGpus>();
  for (const s of samples) {
    const signal = s.labels.mlops_signal as DcgmSignal | undefined;
    const pod = s.labels[labels.pod];
    const namespace = s.labels[labels.namespace];
    if (!signal || !pod || !namespace || s.value === null) continue;
    const key = podKey(
      clusterLabel ? s.labels[clusterLabel] ?? null : null,
      namespace,
      pod,
    );
    const entry = out.get(key) ?? { gpus: new Map(), model: null };
    const device = deviceKey(s.labels);
    const figures = entry.gpus.get(device) ?? { share: shareOf(s.labels) };
    figures[signal] = s.value;
    entry.gpus.set(device, figures);
    entry.model ??= s.labels.modelName ?? null;
    out.set(key, entry);
  }
  return out;
}

const sum = (values: number[]) =>
  values.length ? values.reduce((a, b) => a + b, 0) : null;

/** A device's utilisation in %: DCGM_FI_DEV_GPU_UTIL, else (a MIG slice) its engine activity × 100. */
function percentOf(
  g: PerGpu,
  util: 'util' | 'utilMax',
  engine: 'engine' | 'engineMax',
): number | undefined {
  if (g[util] !== undefined) return g[util];
  return g[engine] === undefined ? undefined : g[engine]! * 100;
}

/**
 * The job's figures from its pods' GPUs and slices; null when the exporter
 * reports none. The mean utilisation weighs each device by its share of a
 * GPU, so a 1g.10gb slice counts a seventh of a whole GPU.
 */
export function utilisationOf(
  pods: readonly PodGpus[],
): { utilisation: GpuUtilisation; model: string | null } | null {
  const gpus = pods.flatMap(p => [...p.gpus.values()]);
  if (gpus.length === 0) return null;
  const pick = (k: DcgmSignal) =>
    gpus.flatMap(g => (g[k] === undefined ? [] : [g[k]!]));
  const measured = gpus.flatMap(g => {
    const percent = percentOf(g, 'util', 'engine');
    return percent === undefined ? [] : [{ percent, share: g.share }];
  });
  const maxes = gpus.flatMap(g => percentOf(g, 'utilMax', 'engineMax') ?? []);
  const weight = sum(measured.map(m => m.share));
  const used = sum(pick('fbUsed'));
  const free = sum(pick('fbFree'));
  return {
    utilisation: {
      gpuUtilPercent: weight
        ? sum(measured.map(m => m.percent * m.share))! / weight
        : null,
      maxUtilOverIdleWindowPercent: maxes.length ? Math.max(...maxes) : null,
      memoryUsedMiB: used,
      memoryTotalMiB: used !== null && free !== null ? used + free : null,
      powerWatts: sum(pick('power')),
      gpusReporting: gpus.length,
    },
    model: pods.map(p => p.model).find(Boolean) ?? null,
  };
}
