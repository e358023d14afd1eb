import { Config } from '@backstage/config';
import {
  durationMsAt,
  httpUrl,
  labelName,
  readHeaderAuth,
} from '../config/configValues';
import { AlertmanagerInstance } from '../upstream/alertmanager/AlertmanagerClient';

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

function label(config: Config | undefined, key: string, fallback: string) {
  return labelName(
    config?.getOptionalString(key) ?? fallback,
    `mlops.alerts.${key}`,
  );
}

export function readAlertsConfig(root: Config): AlertsConfig {
  const alerts = root.getOptionalConfig('mlops.alerts');
  const alertmanagers = (
    alerts?.getOptionalConfigArray('alertmanagers') ?? []
  ).map(c => {
    const name = c.getString('name');
    return {
      name,
      url: httpUrl(c.getString('url'), `mlops.alerts.alertmanagers '${name}'`),
      timeoutMs: durationMsAt(c, 'timeout', { seconds: 5 }),
      auth: readHeaderAuth(c),
    };
  });
  return {
    cacheTtlMs: durationMsAt(alerts, 'cacheTtl', { seconds: 15 }),
    serviceLabel: label(alerts, 'serviceLabel', 'service'),
    namespaceLabel: label(alerts, 'namespaceLabel', 'namespace'),
    portalBaseUrls: [
      ...[root.getOptionalString('app.baseUrl') ?? []].flat(),
      ...(alerts?.getOptionalStringArray('portalBaseUrls') ?? []),
    ].map(u => httpUrl(u, 'mlops.alerts.portalBaseUrls')),
    alertmanagers,
  };
}
