import { Config, readDurationFromConfig } from '@backstage/config';
import { HumanDuration } from '@backstage/types';
import { Duration } from 'luxon';

/** `mlops.autoscaling`, with defaults applied. */
export interface AutoscalingConfig {
  cacheTtlMs: number;
  /** How long scaling events are kept. */
  retentionMs: number;
  /** How often the collector records the HPAs' events and changes. */
  collectFrequency: HumanDuration;
  /** Timeout of the collector's list calls, which cover whole clusters. */
  collectTimeoutMs: number;
  /** Most events in one answer. */
  eventsLimit: number;
}

function durationMs(
  config: Config | undefined,
  key: string,
  fallback: HumanDuration,
): number {
  const value = config?.has(key)
    ? readDurationFromConfig(config, { key })
    : fallback;
  return Duration.fromObject(value).as('milliseconds');
}

export function readAutoscalingConfig(root: Config): AutoscalingConfig {
  const c = root.getOptionalConfig('mlops.autoscaling');
  const config: AutoscalingConfig = {
    cacheTtlMs: durationMs(c, 'cacheTtl', { seconds: 15 }),
    retentionMs: durationMs(c, 'history.retention', { days: 30 }),
    collectFrequency: c?.has('history.frequency')
      ? readDurationFromConfig(c, { key: 'history.frequency' })
      : { minutes: 1 },
    collectTimeoutMs: durationMs(c, 'history.timeout', { seconds: 30 }),
    eventsLimit: c?.getOptionalNumber('eventsLimit') ?? 200,
  };
  if (config.retentionMs < 60 * 60_000) {
    throw new Error(
      'mlops.autoscaling.history.retention must be at least 1 hour',
    );
  }
  if (
    !Number.isInteger(config.eventsLimit) ||
    config.eventsLimit < 1 ||
    config.eventsLimit > 5000
  ) {
    throw new Error(
      'mlops.autoscaling.eventsLimit must be a whole number from 1 to 5000',
    );
  }
  return config;
}
