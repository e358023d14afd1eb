import { Config } from '@backstage/config';
import { HumanDuration } from '@backstage/types';
import { durationAt, durationMsAt } from '../config/configValues';

/** `mlops.autoscaling`, with defaults applied. */
export interface AutoscalingConfig {
  cacheTtlMs: number;
  /** How long scaling events are kept. */
  retentionMs: number;
  /** How often the collector records the HPAs' events and changes. */
  collectFrequency: HumanDuration;
  /** Timeout of the collector's list calls, which cover whole clusters. */
  collectTimeoutMs: number;
  /** Longest run; also how long a run of a replica that died holds the task. */
  runTimeout: HumanDuration;
  /** Most events in one answer. */
  eventsLimit: number;
}

export function readAutoscalingConfig(root: Config): AutoscalingConfig {
  const c = root.getOptionalConfig('mlops.autoscaling');
  const config: AutoscalingConfig = {
    cacheTtlMs: durationMsAt(c, 'cacheTtl', { seconds: 15 }),
    retentionMs: durationMsAt(c, 'history.retention', { days: 30 }),
    collectFrequency: durationAt(c, 'history.frequency', { minutes: 1 }),
    collectTimeoutMs: durationMsAt(c, 'history.timeout', { seconds: 30 }),
    runTimeout: durationAt(c, 'history.runTimeout', { minutes: 5 }),
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
