import { GpuUtilisation } from '@internal/plugin-mlops-common';
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
} as const;

/**
 * One query for every GPU of the given namespaces: utilisation, frame
 * buffer, power and the highest utilisation over the idle window, each
 * tagged with `mlops_signal`. Pods are matched in memory, so metrics of
 * pods the portal does not know are ignored rather than breaking the join.
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
  return batchSignals({
    util: of(SIGNALS.util),
    fbUsed: of(SIGNALS.fbUsed),
    fbFree: of(SIGNALS.fbFree),
    power: of(SIGNALS.power),
    utilMax: `max_over_time(${of(SIGNALS.util)}${rangeOf(idleWindow)})`,
  });
}

type PerGpu = Partial<Record<keyof typeof SIGNALS | 'utilMax', number>>;

/** A pod's GPUs (by UUID) with their figures, and the GPU model the exporter names. */
export interface PodGpus {
  gpus: Map<string, PerGpu>;
  model: string | null;
}

/** Key of a pod in the join: cluster (when the instance labels it), namespace, pod. */
export function podKey(cluster: string | null, namespace: string, pod: string) {
  return `${cluster ?? ''}/${namespace}/${pod}`;
}

/** Per pod, its GPUs' figures (one entry per GPU UUID or index). */
export function samplesByPod(
  samples: readonly DcgmSample[],
  labels: DcgmLabels,
  clusterLabel: string | undefined,
): Map<string, PodGpus> {
  const out = new Map<string, PodGpus>();
  for (const s of samples) {
    const signal = s.labels.mlops_signal as keyof PerGpu | undefined;
    const pod = s.labels[labels.pod];
    const namespace = s.labels[labels.namespace];
    if (!signal || !pod || !namespace || s.value === null) continue;
    const key = podKey(
      clusterLabel ? s.labels[clusterLabel] ?? null : null,
      namespace,
      pod,
    );
    const entry = out.get(key) ?? { gpus: new Map(), model: null };
    const gpu = s.labels.UUID ?? `${s.labels.Hostname}/${s.labels.gpu}`;
    const figures = entry.gpus.get(gpu) ?? {};
    figures[signal] = s.value;
    entry.gpus.set(gpu, figures);
    entry.model ??= s.labels.modelName ?? null;
    out.set(key, entry);
  }
  return out;
}

const sum = (values: number[]) =>
  values.length ? values.reduce((a, b) => a + b, 0) : null;

/** The job's figures from its pods' GPUs; null when the exporter reports none. */
export function utilisationOf(
  pods: readonly PodGpus[],
): { utilisation: GpuUtilisation; model: string | null } | null {
  const gpus = pods.flatMap(p => [...p.gpus.values()]);
  if (gpus.length === 0) return null;
  const pick = (k: keyof PerGpu) =>
    gpus.flatMap(g => (g[k] === undefined ? [] : [g[k]!]));
  const utils = pick('util');
  const maxes = pick('utilMax');
  const used = sum(pick('fbUsed'));
  const free = sum(pick('fbFree'));
  return {
    utilisation: {
      gpuUtilPercent: utils.length ? sum(utils)! / utils.length : null,
      maxUtilOverIdleWindowPercent: maxes.length ? Math.max(...maxes) : null,
      memoryUsedMiB: used,
      memoryTotalMiB: used !== null && free !== null ? used + free : null,
      powerWatts: sum(pick('power')),
      gpusReporting: gpus.length,
    },
    model: pods.map(p => p.model).find(Boolean) ?? null,
  };
}
