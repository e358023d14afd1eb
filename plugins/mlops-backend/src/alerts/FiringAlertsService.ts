import { CacheService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { JsonValue } from '@backstage/types';
import {
  EntityAlertsResponse,
  FiringAlert,
  SourceErrorKind,
  SourceReport,
} from '@internal/plugin-mlops-common';
import { resolveServingTarget } from '../health/target';
import { PrometheusClient } from '../prometheus/PrometheusClient';
import { ServingConfig } from '../service/config';
import { SingleFlight } from '../service/SingleFlight';
import { AlertmanagerClient } from './AlertmanagerClient';
import { AlertsConfig } from './config';
import { compareAlerts, selectEntityAlerts, SourceAlert } from './entityAlerts';

type SourceReading =
  | { ok: true; alerts: SourceAlert[]; report: SourceReport; cached: boolean }
  | { ok: false; report: SourceReport };

/** Reads one source's alerts; `cacheKey` is shared by every entity it serves. */
interface AlertSource {
  name: string;
  kind: 'prometheus' | 'alertmanager';
  cacheKey(matchers: Record<string, string>): string;
  read(matchers: Record<string, string>): Promise<
    | { ok: true; value: SourceAlert[]; durationMs: number }
    | {
        ok: false;
        error: { kind: SourceErrorKind; message: string };
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
    read: async () => {
      const answer = await client.alerts();
      if (!answer.ok) return answer;
      return {
        ...answer,
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
  };
}

/**
 * The firing and pending alerts of an entity: those of its Prometheus rules
 * (or of Alertmanager, when configured) that carry its namespace and service
 * labels, each with its runbook link. Source answers are cached briefly and
 * shared; a failing source is reported, the others still answer.
 */
export class FiringAlertsService {
  private readonly flights = new SingleFlight();
  private readonly sources: AlertSource[];

  constructor(
    private readonly options: {
      serving: ServingConfig;
      alerts: AlertsConfig;
      cache: CacheService;
      fetchFn?: typeof fetch;
    },
  ) {
    const { serving, alerts, fetchFn } = options;
    this.sources =
      alerts.alertmanagers.length > 0
        ? alerts.alertmanagers.map(a =>
            alertmanagerSource(new AlertmanagerClient(a, fetchFn)),
          )
        : serving.instances.map(i =>
            prometheusSource(new PrometheusClient(i, fetchFn)),
          );
  }

  async getAlerts(entity: Entity): Promise<EntityAlertsResponse> {
    const { serving, alerts: config } = this.options;
    const resolved = resolveServingTarget(entity, {
      availabilityPercent: serving.objectives.availabilityPercent,
      latencyP95Ms: serving.objectives.latencyP95Ms,
      profileIds: serving.profiles.map(p => p.id),
      prometheusInstances: serving.instances.map(i => i.name),
    });
    if (!resolved.ok) return resolved.answer;
    const { target } = resolved;
    const matchers: Record<string, string> = {
      [config.serviceLabel]: target.kubernetesId,
      ...(target.namespace
        ? { [config.namespaceLabel]: target.namespace }
        : {}),
    };
    const sources = this.sources.filter(
      s =>
        s.kind === 'alertmanager' ||
        !target.prometheusInstance ||
        s.name === target.prometheusInstance,
    );
    if (sources.length === 0) {
      return {
        state: 'not-configured',
        entityRef: target.entityRef,
        reason: 'no-prometheus',
        message:
          'No Prometheus or Alertmanager is configured under mlops.prometheus.instances or mlops.alerts.alertmanagers.',
        problems: [],
      };
    }
    const readings = await Promise.all(
      sources.map(s => this.read(s, matchers)),
    );
    const alerts: FiringAlert[] = readings.flatMap((r, i) =>
      r.ok
        ? selectEntityAlerts(
            r.alerts,
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
      cached: readings.every(r => r.ok && r.cached),
    };
  }

  private async read(
    source: AlertSource,
    matchers: Record<string, string>,
  ): Promise<SourceReading> {
    const key = source.cacheKey(matchers);
    const report = (durationMs: number, requests: number): SourceReport => ({
      kind: source.kind,
      name: source.name,
      ok: true,
      requests,
      durationMs,
    });
    const hit = await this.options.cache.get(key);
    if (hit) {
      return {
        ok: true,
        alerts: hit as unknown as SourceAlert[],
        report: report(0, 0),
        cached: true,
      };
    }
    return this.flights.run(key, async () => {
      const answer = await source.read(matchers);
      if (!answer.ok) {
        return {
          ok: false,
          report: {
            ...report(answer.durationMs, 1),
            ok: false,
            error: answer.error,
          },
        };
      }
      await this.options.cache.set(key, answer.value as unknown as JsonValue, {
        ttl: this.options.alerts.cacheTtlMs,
      });
      return {
        ok: true,
        alerts: answer.value,
        report: report(answer.durationMs, 1),
        cached: false,
      };
    });
  }
}
