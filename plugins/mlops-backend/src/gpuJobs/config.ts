import { Config } from '@backstage/config';
import { HumanDuration } from '@backstage/types';
import { durationAt, durationMsAt } from '../config/configValues';
import { isLabelName } from '../upstream/prometheus/promql';
import { DcgmLabels } from './dcgm';

/** The GPU resource every GPU job is found by; configured ones are added to it. */
export const DEFAULT_GPU_RESOURCE = 'nvidia.com/gpu';

/** `mlops.gpuJobs`, with defaults applied. */
export interface GpuJobsConfig {
  gpuResources: string[];
  idle: { utilisationPercent: number; forMinutes: number };
  cacheTtlMs: number;
  defaultDays: number;
  retentionMs: number;
  collectFrequency: HumanDuration;
  /** Timeout of the collector's list calls, which cover whole clusters. */
  collectTimeoutMs: number;
  /** Longest run; also how long a run of a replica that died holds the task. */
  runTimeout: HumanDuration;
  watch: {
    enabled: boolean;
    leaseTtlMs: number;
    flushMs: number;
    heartbeatMs: number;
  };
  dcgmLabels: DcgmLabels;
  /** `{cluster}`, `{namespace}`, `{pod}` and `{container}` are replaced, URI-encoded. */
  logsUrlTemplate?: string;
}

export function readGpuJobsConfig(root: Config): GpuJobsConfig {
  const c = root.getOptionalConfig('mlops.gpuJobs');
  const extra = c?.getOptionalStringArray('gpuResources') ?? [];
  const idleFor = durationMsAt(c, 'idle.for', { minutes: 30 });
  const config: GpuJobsConfig = {
    gpuResources: [...new Set([DEFAULT_GPU_RESOURCE, ...extra])],
    idle: {
      utilisationPercent: c?.getOptionalNumber('idle.utilisationPercent') ?? 5,
      forMinutes: idleFor / 60_000,
    },
    cacheTtlMs: durationMsAt(c, 'cacheTtl', { seconds: 15 }),
    defaultDays: c?.getOptionalNumber('defaultDays') ?? 7,
    retentionMs: durationMsAt(c, 'history.retention', { days: 90 }),
    collectFrequency: durationAt(c, 'history.frequency', { minutes: 10 }),
    collectTimeoutMs: durationMsAt(c, 'history.timeout', { seconds: 60 }),
    runTimeout: durationAt(c, 'history.runTimeout', { minutes: 5 }),
    watch: {
      enabled: c?.getOptionalBoolean('history.watch.enabled') ?? true,
      leaseTtlMs: durationMsAt(c, 'history.watch.leaseTtl', { seconds: 15 }),
      flushMs: durationMsAt(c, 'history.watch.flushInterval', { seconds: 1 }),
      heartbeatMs: durationMsAt(c, 'history.watch.heartbeat', { seconds: 30 }),
    },
    dcgmLabels: {
      namespace: c?.getOptionalString('dcgm.namespaceLabel') ?? 'namespace',
      pod: c?.getOptionalString('dcgm.podLabel') ?? 'pod',
    },
    logsUrlTemplate: c?.getOptionalString('logsUrlTemplate'),
  };
  const { utilisationPercent, forMinutes } = config.idle;
  if (!(utilisationPercent > 0 && utilisationPercent <= 100)) {
    throw new Error(
      'mlops.gpuJobs.idle.utilisationPercent must be in (0, 100]',
    );
  }
  if (!Number.isInteger(forMinutes) || forMinutes < 1) {
    throw new Error(
      'mlops.gpuJobs.idle.for must be a whole number of minutes, at least 1',
    );
  }
  if (!Object.values(config.dcgmLabels).every(isLabelName)) {
    throw new Error(
      'mlops.gpuJobs.dcgm: label names must be Prometheus label names',
    );
  }
  if (config.watch.leaseTtlMs < 3_000) {
    throw new Error('mlops.gpuJobs.history.watch.leaseTtl must be at least 3s');
  }
  if (config.retentionMs < 24 * 3_600_000) {
    throw new Error('mlops.gpuJobs.history.retention must be at least 1 day');
  }
  return config;
}
