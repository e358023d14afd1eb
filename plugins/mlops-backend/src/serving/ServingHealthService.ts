import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  ModelServingHealth,
  ServingHealthResponse,
  ServingTimeRange,
  ServingTimeSeries,
  ServingTimeSeriesResponse,
  SourceReport,
} from '@internal/plugin-mlops-common';
import { MlopsCore } from '../shared/core';
import { alignedDown } from '../shared/dates';
import { EntityTarget } from '../shared/entityTarget';
import { batchSignals } from '../upstream/prometheus/promql';
import {
  SignalSeries,
  SignalValues,
} from '../upstream/prometheus/PrometheusClient';
import { scopedEntityTarget } from '../tenancy/entityScope';
import {
  scopedClusters,
  skippedClusterReports,
  TenantScope,
} from '../tenancy/tenantScope';
import { clustersKey, healthKey, seriesKey } from './cacheKeys';
import { healthFigures, healthSourcesOf, sloWindowOf } from './healthAnswer';
import { inferenceServiceFindings } from './inferenceServices';
import { readInferenceServices } from './inferenceServiceReads';
import { llmFiguresOf, llmSeriesFound } from './llmFigures';
import { prometheusQueriesOf, servingLinks } from './links';
import { withSeriesFound } from './metricsTarget';
import { servingPlaceOf } from './metricsScope';
import {
  healthSignals,
  scopeMatchers,
  timeSeriesSignals,
} from './profiles/queries';
import { ServingMetricsReader } from './ServingMetricsReader';
import { pointsOf, seriesFound, seriesTtlMs, seriesWindow } from './timeSeries';

/** The cluster reports with the requests the InferenceService lists made there. */
function withRequests(
  sources: SourceReport[],
  requests: ReadonlyMap<string, number>,
): SourceReport[] {
  return sources.map(s =>
    s.kind === 'kubernetes' && requests.has(s.name)
      ? { ...s, requests: s.requests + requests.get(s.name)! }
      : s,
  );
}

function healthAnswerKey(target: EntityTarget, scope: TenantScope): string {
  return `${healthKey(target)}:${clustersKey(scope)}`;
}

/**
 * Computes the serving health of an entity from the kubernetes plugin's
 * clusters and the configured Prometheus instances. Answers are cached
 * briefly and shared between viewers; concurrent requests for one entity
 * share one computation. Sources fail one by one: what is known is
 * returned with a typed error per missing source.
 */
export class ServingHealthService {
  private readonly metrics: ServingMetricsReader;

  constructor(private readonly core: MlopsCore) {
    this.metrics = new ServingMetricsReader(core);
  }

  async getHealth(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<ServingHealthResponse> {
    const scoped = await scopedEntityTarget(this.core, entity, credentials);
    if (!scoped.ok) return scoped.answer;
    const { target, scope } = scoped;
    return this.core.answers.answer(
      healthAnswerKey(target, scope),
      this.core.config.cacheTtlMs,
      () => this.computeHealth(target, scope),
    );
  }

  /** Drops the kept health answer of a target, e.g. when the fleet saw it change. */
  async forget(target: EntityTarget, scope: TenantScope): Promise<void> {
    await this.core.answers.forget(healthAnswerKey(target, scope));
  }

  async getTimeSeries(
    entity: Entity,
    range: ServingTimeRange,
    credentials: BackstageCredentials,
  ): Promise<ServingTimeSeriesResponse> {
    const scoped = await scopedEntityTarget(this.core, entity, credentials);
    if (!scoped.ok) return scoped.answer;
    const { target, scope } = scoped;
    const ttl = seriesTtlMs(range, this.core.config.cacheTtlMs);
    return this.core.answers.answer(
      `${seriesKey(range, target)}:${clustersKey(scope)}`,
      ttl,
      () => this.computeTimeSeries(target, scope, range),
    );
  }

  /** The bound clusters of the entity, the instance serving them and the scope of its series. */
  private place(target: EntityTarget, scope: TenantScope) {
    const located = scopedClusters(scope);
    return {
      located,
      ...servingPlaceOf(target, located, this.core.config.instances),
    };
  }

  private async computeHealth(
    target: EntityTarget,
    tenant: TenantScope,
  ): Promise<ModelServingHealth> {
    const { config } = this.core;
    const at = alignedDown(Date.now(), 1);
    const sloWindow = sloWindowOf(config.sloWindowDays);
    const place = this.place(target, tenant);
    const { located, clusters, instance, scope } = place;
    const [metrics, workloads] = await Promise.all([
      this.metrics.read<SignalValues>(
        target,
        place,
        at,
        profile =>
          batchSignals(
            healthSignals(profile, scope, sloWindow, {
              objectives: target.objectives,
              prices: config.gpuPrices,
            }),
          ),
        (client, q) => client.instant(q, at),
      ),
      Promise.all(
        clusters.map(c =>
          this.core.kubernetes.read(c, {
            namespace: target.namespace,
            labelSelector: target.labelSelector,
          }),
        ),
      ),
    ]);

    const isvcs = await readInferenceServices(this.core.kubernetes, {
      clusters,
      namespace: tenant.namespace,
      annotated: target.inferenceService,
      workloads,
    });
    const { metricsTarget, signals, slo, replicas, status, reasons } =
      healthFigures({
        values: metrics.value,
        metricsFailure: metrics.failure,
        metricsTarget: metrics.target,
        profileAnnotated: !!target.profileId,
        objectives: target.objectives,
        llm: metrics.profile.llm,
        workloads,
        located,
        clusters,
        at,
        config,
        inferenceServiceFindings: inferenceServiceFindings(isvcs),
      });
    return {
      state: 'ok',
      entityRef: target.entityRef,
      evaluatedAt: at.toISOString(),
      status,
      reasons,
      signals,
      llm: llmFiguresOf(
        metrics.value,
        metrics.profile.llm,
        config.gpuPrices.currency,
      ),
      slo,
      replicas,
      inferenceServices: isvcs.summaries,
      metrics: metricsTarget,
      clusters: clusters.map(c => c.name),
      links: servingLinks({
        target,
        grafanaDashboardUrl: config.grafanaDashboardUrl,
        prometheusExternalUrl: instance?.externalUrl,
        queries: prometheusQueriesOf(
          metrics.profile,
          scopeMatchers(metrics.profile, scope),
        ),
      }),
      sources: [
        ...withRequests(
          healthSourcesOf(metrics.report, workloads, located),
          isvcs.requests,
        ),
        ...skippedClusterReports(tenant),
      ],
      cached: false,
    };
  }

  private async computeTimeSeries(
    target: EntityTarget,
    scope: TenantScope,
    range: ServingTimeRange,
  ): Promise<ServingTimeSeries> {
    const window = seriesWindow(range, Date.now());
    const { start, end, stepSeconds, rateWindow } = window;
    const place = this.place(target, scope);
    const metrics = await this.metrics.read<SignalSeries>(
      target,
      place,
      end,
      profile =>
        batchSignals(timeSeriesSignals(profile, place.scope, rateWindow)),
      (client, q) => client.range(q, start, end, stepSeconds),
    );
    const found = seriesFound(metrics.value);
    const llm = !!metrics.profile.llm && llmSeriesFound(metrics.value);
    return {
      state: 'ok',
      entityRef: target.entityRef,
      range,
      start: start.toISOString(),
      end: end.toISOString(),
      stepSeconds,
      latencyP95ObjectiveMs: target.objectives.latencyP95Ms,
      llm,
      points: pointsOf(metrics.value, window, llm),
      metrics: withSeriesFound(metrics.target, !!target.profileId, found),
      sources: [metrics.report],
      cached: false,
    };
  }
}
