import { GpuPrices, readGpuPrices } from './gpuPrices';
import { Config } from '@backstage/config';
import { isLabelName } from '../upstream/prometheus/promql';
import { durationMsAt, readHeaderAuth } from './configValues';
import { readProfiles } from '../serving/profiles/readProfiles';
import { MetricProfile } from '../serving/profiles/types';
import { PrometheusInstance } from '../upstream/prometheus/PrometheusClient';
import { readListLimits } from './listLimits';
import { ListLimits } from '../upstream/kubernetes/listPages';

/**
 * What every feature of the plugin reads: the Prometheus instances, metric
 * profiles, objectives and timeouts under `mlops.prometheus` and
 * `mlops.serving`, and the list limits under `mlops.limits`, with defaults
 * applied. Features read their own section
 * (`mlops.alerts`, `mlops.autoscaling`, `mlops.gpuJobs`) beside it.
 */
export interface MlopsConfig {
  instances: PrometheusInstance[];
  profiles: MetricProfile[];
  defaultProfileId: string;
  cacheTtlMs: number;
  kubernetesTimeoutMs: number;
  /** Paging and object ceilings of every Kubernetes list (`mlops.limits`). */
  limits: ListLimits;
  sloWindowDays: number;
  objectives: { availabilityPercent: number; latencyP95Ms: number };
  thresholds: {
    highErrorRatio: number;
    criticalErrorRatio: number;
    recentMinutes: number;
    maxPods: number;
  };
  grafanaDashboardUrl?: string;
  /** The fleet's price table, also for an LLM service's cost per token. */
  gpuPrices: GpuPrices;
}

function readInstance(c: Config): PrometheusInstance {
  const name = c.getString('name');
  const url = c.getString('url');
  if (!/^https?:\/\//.test(url)) {
    throw new Error(
      `mlops.prometheus.instances '${name}': url must be http(s)`,
    );
  }
  const clusterLabel = c.getOptionalString('clusterLabel');
  if (clusterLabel !== undefined && !isLabelName(clusterLabel)) {
    throw new Error(
      `mlops.prometheus.instances '${name}': clusterLabel '${clusterLabel}' is not a label name`,
    );
  }
  return {
    name,
    url,
    clusters: c.getOptionalStringArray('clusters'),
    clusterLabel,
    timeoutMs: durationMsAt(c, 'timeout', { seconds: 5 }),
    externalUrl: c.getOptionalString('externalUrl'),
    auth: readHeaderAuth(c),
  };
}

export function readMlopsConfig(root: Config): MlopsConfig {
  const instances = (
    root.getOptionalConfigArray('mlops.prometheus.instances') ?? []
  ).map(readInstance);
  const names = instances.map(i => i.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) {
    throw new Error(
      `mlops.prometheus.instances: '${duplicate}' is named twice`,
    );
  }
  const serving = root.getOptionalConfig('mlops.serving');
  const get = (key: string) => serving?.getOptionalNumber(key);
  const profiles = readProfiles(
    serving?.getOptional<unknown[]>('profiles') ?? undefined,
  );
  const defaultProfileId =
    serving?.getOptionalString('defaultProfile') ?? 'template';
  if (!profiles.some(p => p.id === defaultProfileId)) {
    throw new Error(
      `mlops.serving.defaultProfile '${defaultProfileId}' is not a profile`,
    );
  }
  const config: MlopsConfig = {
    instances,
    profiles,
    defaultProfileId,
    cacheTtlMs: durationMsAt(serving, 'cacheTtl', { seconds: 15 }),
    kubernetesTimeoutMs: durationMsAt(serving, 'kubernetesTimeout', {
      seconds: 5,
    }),
    limits: readListLimits(root),
    sloWindowDays: get('sloWindowDays') ?? 30,
    objectives: {
      availabilityPercent: get('objectives.availabilityPercent') ?? 99.9,
      latencyP95Ms: get('objectives.latencyP95Ms') ?? 300,
    },
    thresholds: {
      highErrorRatio: get('thresholds.highErrorRatio') ?? 0.05,
      criticalErrorRatio: get('thresholds.criticalErrorRatio') ?? 0.5,
      recentMinutes: get('thresholds.recentMinutes') ?? 15,
      maxPods: get('thresholds.maxPods') ?? 100,
    },
    grafanaDashboardUrl: serving?.getOptionalString('grafana.dashboardUrl'),
    gpuPrices: readGpuPrices(root),
  };
  const { availabilityPercent, latencyP95Ms } = config.objectives;
  if (
    !(availabilityPercent > 0 && availabilityPercent < 100) ||
    !(latencyP95Ms > 0)
  ) {
    throw new Error(
      'mlops.serving.objectives: availability must be in (0, 100), latency above 0',
    );
  }
  if (!Number.isInteger(config.sloWindowDays) || config.sloWindowDays < 1) {
    throw new Error(
      'mlops.serving.sloWindowDays must be a whole number of days',
    );
  }
  return config;
}
