import { createHash } from 'node:crypto';
import { ServingLink } from '@internal/plugin-mlops-common';
import { EntityTarget } from '../shared/entityTarget';
import { LabelMatcher } from '../upstream/prometheus/promql';
import { errorRatio, latencyMs, sumRate } from './profiles/queries';
import { MetricProfile } from './profiles/types';

/** The uid the model-service chart gives its Grafana dashboard. */
export function templateDashboardUid(
  namespace: string,
  workload: string,
): string {
  return createHash('sha256')
    .update(`${namespace}-${workload}`)
    .digest('hex')
    .slice(0, 12);
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) =>
    key in values ? encodeURIComponent(values[key]) : whole,
  );
}

/**
 * Grafana (annotation, else the configured dashboard URL) and Prometheus
 * graph links (only when the instance has an externalUrl browsers can open).
 */
export function servingLinks(options: {
  target: EntityTarget;
  grafanaDashboardUrl?: string;
  prometheusExternalUrl?: string;
  queries: Array<{ title: string; expr: string }>;
}): ServingLink[] {
  const { target } = options;
  const links: ServingLink[] = [];
  if (target.grafanaDashboard) {
    links.push({
      kind: 'grafana',
      title: 'Grafana dashboard',
      url: target.grafanaDashboard,
    });
  } else if (options.grafanaDashboardUrl) {
    links.push({
      kind: 'grafana',
      title: 'Grafana dashboard',
      url: fill(options.grafanaDashboardUrl, {
        namespace: target.namespace ?? '',
        workload: target.kubernetesId,
        dashboardUid: templateDashboardUid(
          target.namespace ?? '',
          target.kubernetesId,
        ),
      }),
    });
  }
  if (options.prometheusExternalUrl) {
    const base = options.prometheusExternalUrl.replace(/\/+$/, '');
    for (const q of options.queries) {
      const params = new URLSearchParams({
        'g0.expr': q.expr,
        'g0.tab': '0',
        'g0.range_input': '1h',
      });
      links.push({
        kind: 'prometheus',
        title: q.title,
        url: `${base}/graph?${params}`,
      });
    }
  }
  return links;
}

/** The profile's traffic, error ratio and p95 latency, where it has them, as graph queries. */
export function prometheusQueriesOf(
  profile: MetricProfile,
  matchers: LabelMatcher[],
): Array<{ title: string; expr: string }> {
  const errors = errorRatio(profile, matchers, '5m');
  const p95 = latencyMs(profile, matchers, '5m', 0.95);
  return [
    {
      title: 'Traffic in Prometheus',
      expr: sumRate(profile.requests, matchers, '5m'),
    },
    ...(errors ? [{ title: 'Error ratio in Prometheus', expr: errors }] : []),
    ...(p95 ? [{ title: 'p95 latency in Prometheus', expr: p95 }] : []),
  ];
}
