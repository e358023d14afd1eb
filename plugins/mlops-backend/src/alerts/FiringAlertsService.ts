import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  EntityAlertsResponse,
  FiringAlert,
  SourceErrorKind,
  SourceReport,
} from '@internal/plugin-mlops-common';
import { MlopsCore } from '../shared/core';
import { resolveEntityTarget, targetDefaults } from '../shared/entityTarget';
import { clustersServedBy } from '../shared/prometheusChoice';
import { upstreamReport } from '../shared/sourceReports';
import { locateTenantScope } from '../tenancy/entityScope';
import { AlertmanagerClient } from '../upstream/alertmanager/AlertmanagerClient';
import { PrometheusClient } from '../upstream/prometheus/PrometheusClient';
import { AlertsConfig } from './config';
import { compareAlerts, selectEntityAlerts, SourceAlert } from './entityAlerts';

type SourceReading =
  | { ok: true; alerts: SourceAlert[]; report: SourceReport; cached: boolean }
  | { ok: false; report: SourceReport; cached: boolean };

/** Reads one source's alerts; `cacheKey` is shared by every entity it serves. */
interface AlertSource {
  name: string;
  kind: 'prometheus' | 'alertmanager';
  cacheKey(matchers: Record<string, string>): string;
  /** Whether it holds the alerts of any of these clusters. */
  servesAny(clusters: string[]): boolean;
  /** Keeps the alerts that carry no cluster label, or one of these clusters. */
  onClusters(clusters: string[]): (alert: SourceAlert) => boolean;
  read(matchers: Record<string, string>): Promise<
    | { ok: true; value: SourceAlert[]; requests: number; durationMs: number }
    | {
        ok: false;
        error: { kind: SourceErrorKind; message: string };
        requests: number;
        durationMs: number;
      }
  >;
}

function prometheusSource(client: PrometheusClient): AlertSource {
  return {
    name: client.instance.name,
    kind: 'prometheus',
    // Prometheus lists every rule's alerts in one answer: one read serves all entities.
    cacheKey: () => `alerts:prometheus:${client.instance.name}`,
    servesAny: clusters =>
      clustersServedBy(client.instance, clusters).length > 0,
    onClusters: clusters => {
      const label = client.instance.clusterLabel;
      return alert =>
        !label ||
        alert.labels[label] === undefined ||
        clusters.includes(alert.labels[label]);
    },
    read: async () => {
      const answer = await client.alerts();
      if (!answer.ok) return { ...answer, requests: 1 };
      return {
        ...answer,
        requests: 1,
        value: answer.value
          .filter(a => a.state === 'firing' || a.state === 'pending')
          .map(a => ({
            labels: a.labels ?? {},
            annotations: a.annotations ?? {},
            state: a.state as 'firing' | 'pending',
            activeAt: a.activeAt ?? null,
          })),
      };
    },
  };
}

function alertmanagerSource(client: AlertmanagerClient): AlertSource {
  return {
    name: client.instance.name,
    kind: 'alertmanager',
    cacheKey: matchers =>
      `alerts:alertmanager:${client.instance.name}:${JSON.stringify(matchers)}`,
    read: matchers => client.alerts(matchers),
    // Alertmanager is not told which clusters it serves: namespace and service decide.
    servesAny: () => true,
    onClusters: () => () => true,
  };
}

/**
 * The firing and pending alerts of an entity: those of its Prometheus rules
 * (or of Alertmanager, when configured, with its silences and inhibitions)
 * that carry its namespace and service labels, on the clusters its owner
 * holds the namespace (where the instance labels clusters), each with its
 * runbook link. Source answers are cached briefly and shared; a failing
 * source is reported, the others still answer. When no Alertmanager
 * answers, the alerts come from Prometheus.
 */
export class FiringAlertsService {
  private readonly alertmanagers: AlertSource[];
  private readonly prometheus: AlertSource[];

  constructor(
    private readonly core: MlopsCore,
    private readonly config: AlertsConfig,
  ) {
    this.alertmanagers = config.alertmanagers.map(a =>
      alertmanagerSource(new AlertmanagerClient(a)),
    );
    this.prometheus = [...core.prometheus.values()].map(prometheusSource);
  }

  async getAlerts(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<EntityAlertsResponse> {
    const { config } = this;
    const resolved = resolveEntityTarget(
      entity,
      targetDefaults(this.core.config),
    );
    if (!resolved.ok) return resolved.answer;
    const { target } = resolved;
    const decided = await locateTenantScope(
      this.core,
      entity,
      target.namespace,
      credentials,
    );
    if (!decided.ok) return decided.answer;
    const { scope } = decided;
    const matchers: Record<string, string> = {
      [config.serviceLabel]: target.kubernetesId,
      [config.namespaceLabel]: scope.namespace,
    };
    const boundClusters = scope.clusters.map(c => c.name);
    const prometheus = this.prometheus.filter(
      s =>
        s.servesAny(boundClusters) &&
        (!target.prometheusInstance || s.name === target.prometheusInstance),
    );
    if (this.alertmanagers.length === 0 && prometheus.length === 0) {
      return {
        state: 'not-configured',
        entityRef: target.entityRef,
        reason: 'no-prometheus',
        message:
          this.prometheus.length === 0
            ? 'No Prometheus or Alertmanager is configured under mlops.prometheus.instances or mlops.alerts.alertmanagers.'
            : `No Prometheus under mlops.prometheus.instances serves the clusters where namespace ${
                scope.namespace
              } is bound (${boundClusters.join(', ')}).`,
        problems: [],
      };
    }
    let sources = this.alertmanagers.length ? this.alertmanagers : prometheus;
    let readings = await Promise.all(sources.map(s => this.read(s, matchers)));
    if (sources === this.alertmanagers && readings.every(r => !r.ok)) {
      sources = [...sources, ...prometheus];
      readings = [
        ...readings,
        ...(await Promise.all(prometheus.map(s => this.read(s, matchers)))),
      ];
    }
    const alerts: FiringAlert[] = readings.flatMap((r, i) =>
      r.ok
        ? selectEntityAlerts(
            r.alerts.filter(sources[i].onClusters(boundClusters)),
            matchers,
            sources[i].name,
            config.portalBaseUrls,
          )
        : [],
    );
    return {
      state: 'ok',
      entityRef: target.entityRef,
      matchers,
      alerts: alerts.sort(compareAlerts),
      sources: readings.map(r => r.report),
      cached: readings.every(r => r.cached),
    };
  }

  /**
   * One source's alerts, kept for `cacheTtl` whether it answered or failed:
   * under a hung source, viewers get its stored failure instead of each
   * waiting for the timeout, as on the other routes.
   */
  private async read(
    source: AlertSource,
    matchers: Record<string, string>,
  ): Promise<SourceReading> {
    const { value, hit } = await this.core.answers.value<SourceReading>(
      source.cacheKey(matchers),
      this.config.cacheTtlMs,
      async () => {
        const answer = await source.read(matchers);
        const report = upstreamReport(
          source.kind,
          source.name,
          answer,
          answer.requests,
        );
        return answer.ok
          ? { ok: true, alerts: answer.value, report, cached: false }
          : { ok: false, report, cached: false };
      },
    );
    if (!hit) return value;
    return {
      ...value,
      report: { ...value.report, requests: 0, durationMs: 0 },
      cached: true,
    };
  }
}
