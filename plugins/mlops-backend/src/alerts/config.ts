import { Config, readDurationFromConfig } from '@backstage/config';
import { Duration } from 'luxon';
import { isLabelName } from '../promql/promql';
import { AlertmanagerInstance } from './AlertmanagerClient';

/** `mlops.alerts`, with defaults applied. */
export interface AlertsConfig {
  cacheTtlMs: number;
  /** Label naming the service (the entity's kubernetes-id) on its alerts. */
  serviceLabel: string;
  namespaceLabel: string;
  /** Runbook URLs under these are links inside the portal: app.baseUrl first. */
  portalBaseUrls: string[];
  /** When set, alerts come from these instead of Prometheus. */
  alertmanagers: AlertmanagerInstance[];
}

function durationMs(config: Config, key: string, fallbackMs: number): number {
  if (!config.has(key)) return fallbackMs;
  return Duration.fromObject(readDurationFromConfig(config, { key })).as(
    'milliseconds',
  );
}

function httpUrl(value: string, key: string): string {
  if (!/^https?:\/\/[^\s]+$/.test(value)) {
    throw new Error(`${key}: '${value}' is not an http(s) URL`);
  }
  return value;
}

function label(config: Config | undefined, key: string, fallback: string) {
  const value = config?.getOptionalString(key) ?? fallback;
  if (!isLabelName(value)) {
    throw new Error(`mlops.alerts.${key}: '${value}' is not a label name`);
  }
  return value;
}

export function readAlertsConfig(root: Config): AlertsConfig {
  const alerts = root.getOptionalConfig('mlops.alerts');
  const alertmanagers = (
    alerts?.getOptionalConfigArray('alertmanagers') ?? []
  ).map(c => {
    const name = c.getString('name');
    const auth = c.getOptionalConfig('auth');
    return {
      name,
      url: httpUrl(c.getString('url'), `mlops.alerts.alertmanagers '${name}'`),
      timeoutMs: durationMs(c, 'timeout', 5000),
      auth: auth
        ? {
            header: auth.getOptionalString('header') ?? 'Authorization',
            value: auth.getString('value'),
          }
        : undefined,
    };
  });
  return {
    cacheTtlMs: alerts ? durationMs(alerts, 'cacheTtl', 15_000) : 15_000,
    serviceLabel: label(alerts, 'serviceLabel', 'service'),
    namespaceLabel: label(alerts, 'namespaceLabel', 'namespace'),
    portalBaseUrls: [
      ...[root.getOptionalString('app.baseUrl') ?? []].flat(),
      ...(alerts?.getOptionalStringArray('portalBaseUrls') ?? []),
    ].map(u => httpUrl(u, 'mlops.alerts.portalBaseUrls')),
    alertmanagers,
  };
}
