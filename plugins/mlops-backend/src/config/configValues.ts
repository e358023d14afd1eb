import { Config, readDurationFromConfig } from '@backstage/config';
import { HumanDuration } from '@backstage/types';
import { Duration } from 'luxon';
import { isLabelName } from '../upstream/prometheus/promql';

/** A duration under `key`, or `fallback` when the key is absent. */
export function durationAt(
  config: Config | undefined,
  key: string,
  fallback: HumanDuration,
): HumanDuration {
  return config?.has(key) ? readDurationFromConfig(config, { key }) : fallback;
}

/** The same duration in milliseconds. */
export function durationMsAt(
  config: Config | undefined,
  key: string,
  fallback: HumanDuration,
): number {
  return Duration.fromObject(durationAt(config, key, fallback)).as(
    'milliseconds',
  );
}

/** `value` when it is an http(s) URL; `what` names it in the error. */
export function httpUrl(value: string, what: string): string {
  if (!/^https?:\/\/[^\s]+$/.test(value)) {
    throw new Error(`${what}: '${value}' is not an http(s) URL`);
  }
  return value;
}

/** `value` when it is a Prometheus label name; `what` names it in the error. */
export function labelName(value: string, what: string): string {
  if (!isLabelName(value)) {
    throw new Error(`${what}: '${value}' is not a label name`);
  }
  return value;
}

/** A header that authenticates to an upstream server (`auth: { header, value }`). */
export interface HeaderAuth {
  header: string;
  value: string;
}

export function readHeaderAuth(config: Config): HeaderAuth | undefined {
  const auth = config.getOptionalConfig('auth');
  return auth
    ? {
        header: auth.getOptionalString('header') ?? 'Authorization',
        value: auth.getString('value'),
      }
    : undefined;
}
