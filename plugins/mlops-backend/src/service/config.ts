import { Config, readDurationFromConfig } from '@backstage/config';
import { Duration } from 'luxon';
import { isLabelName } from '../promql/promql';
import { readProfiles } from '../profiles/readProfiles';
import { MetricProfile } from '../profiles/types';
import { PrometheusInstance } from '../prometheus/PrometheusClient';

/** Everything `mlops:` configures, with defaults applied. */
export interface ServingConfig {
  instances: PrometheusInstance[];
  profiles: MetricProfile[];
  defaultProfileId: string;
  cacheTtlMs: number;
  kubernetesTimeoutMs: number;
  sloWindowDays: number;
  objectives: { availabilityPercent: number; latencyP95Ms: number };
  thresholds: {
    highErrorRatio: number;
    criticalErrorRatio: number;
    recentMinutes: number;
    maxPods: number;
  };
  grafanaDashboardUrl?: string;
}

function durationMs(config: Config, key: string, fallbackMs: number): number {
  if (!config.has(key)) return fallbackMs;
  return Duration.fromObject(readDurationFromConfig(config, { key })).as(
    'milliseconds',
  );
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
  const auth = c.getOptionalConfig('auth');
  return {
    name,
    url,
    clusters: c.getOptionalStringArray('clusters'),
    clusterLabel,
    timeoutMs: durationMs(c, 'timeout', 5000),
    externalUrl: c.getOptionalString('externalUrl'),
    auth: auth
      ? {
          header: auth.getOptionalString('header') ?? 'Authorization',
          value: auth.getString('value'),
        }
      : undefined,
  };
}

export function readServingConfig(root: Config): ServingConfig {
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
  const config: ServingConfig = {
    instances,
    profiles,
    defaultProfileId,
    cacheTtlMs: serving ? durationMs(serving, 'cacheTtl', 15_000) : 15_000,
    kubernetesTimeoutMs: serving
      ? durationMs(serving, 'kubernetesTimeout', 5000)
      : 5000,
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
