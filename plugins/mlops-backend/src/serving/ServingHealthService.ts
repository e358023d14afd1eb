import { createHash } from 'node:crypto';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import {
  GoldenSignals,
  MetricsTarget,
  ModelServingHealth,
  ServiceLevelStatus,
  ServingHealthResponse,
  ServingTimeRange,
  ServingTimeSeries,
  ServingTimeSeriesResponse,
  SourceReport,
} from '@internal/plugin-mlops-common';
import {
  burnRateAlerts,
  burnRateWindows,
  errorBudgetRemaining,
} from './burnRate';
import { servingLinks } from './links';
import { summariseReplicas } from './replicas';
import { evaluateStatus } from './status';
import { resolveEntityTarget, EntityTarget } from '../shared/entityTarget';
import { ClusterWorkloads } from '../upstream/kubernetes/KubernetesWorkloadReader';
import {
  BURN_WINDOWS,
  detectionSignals,
  errorRatio,
  healthSignals,
  latencyMs,
  MetricsScope,
  scopeMatchers,
  sumRate,
  timeSeriesSignals,
} from './profiles/queries';
import { MetricProfile } from './profiles/types';
import { batchSignals, selector } from '../upstream/prometheus/promql';
import {
  PrometheusAnswer,
  PrometheusClient,
  SignalValues,
} from '../upstream/prometheus/PrometheusClient';
import { MlopsCore } from '../shared/core';
import { targetDefaults } from '../shared/entityTarget';

const RANGES: Record<ServingTimeRange, { seconds: number; points: number }> = {
  '1h': { seconds: 3600, points: 120 },
  '6h': { seconds: 6 * 3600, points: 120 },
  '24h': { seconds: 24 * 3600, points: 120 },
};
const DETECTION_TTL_MS = 10 * 60_000;
const NEGATIVE_DETECTION_TTL_MS = 30_000;

/** The metrics side of an answer. */
interface MetricsReading {
  target: MetricsTarget;
  profile: MetricProfile;
  scope: MetricsScope;
  client?: PrometheusClient;
  values?: SignalValues;
  failure?: string;
  report?: SourceReport;
}

function hashOf(value: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(value))
    .digest('hex')
    .slice(0, 16);
}

/**
 * Computes the serving health of an entity from the kubernetes plugin's
 * clusters and the configured Prometheus instances. Answers are cached
 * briefly and shared between viewers; concurrent requests for one entity
 * share one computation. Sources fail one by one: what is known is
 * returned with a typed error per missing source.
 */
export class ServingHealthService {
  constructor(private readonly core: MlopsCore) {}

  private resolve(entity: Entity) {
    return resolveEntityTarget(entity, targetDefaults(this.core.config));
  }

  async getHealth(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<ServingHealthResponse> {
    const resolved = this.resolve(entity);
    if (!resolved.ok) return resolved.answer;
    const key = `health:${resolved.target.entityRef}:${hashOf(
      resolved.target,
    )}`;
    return this.cached(key, this.core.config.cacheTtlMs, () =>
      this.computeHealth(entity, resolved.target, credentials),
    );
  }

  async getTimeSeries(
    entity: Entity,
    range: ServingTimeRange,
    credentials: BackstageCredentials,
  ): Promise<ServingTimeSeriesResponse> {
    const resolved = this.resolve(entity);
    if (!resolved.ok) return resolved.answer;
    const step = RANGES[range].seconds / RANGES[range].points;
    const key = `series:${range}:${resolved.target.entityRef}:${hashOf(
      resolved.target,
    )}`;
    const ttl = Math.max(this.core.config.cacheTtlMs, (step * 1000) / 2);
    return this.cached(key, ttl, () =>
      this.computeTimeSeries(entity, resolved.target, range, credentials),
    );
  }

  private cached<T extends { cached: boolean; sources: SourceReport[] }>(
    key: string,
    ttlMs: number,
    compute: () => Promise<T>,
  ): Promise<T> {
    return this.core.answers.answer(key, ttlMs, compute);
  }

  /** The clusters of the entity and the instance serving them. */
  private async locate(
    entity: Entity,
    target: EntityTarget,
    credentials: BackstageCredentials,
  ) {
    const located = await this.core.kubernetes.locate(entity, credentials);
    const clusters: ClusterDetails[] = located.ok ? located.clusters : [];
    const names = clusters.map(c => c.name);
    const instances = this.core.config.instances;
    const instance = target.prometheusInstance
      ? instances.find(i => i.name === target.prometheusInstance)
      : instances.find(
          i =>
            !i.clusters ||
            !located.ok ||
            i.clusters.some(c => names.includes(c)),
        );
    const served = instance?.clusters
      ? names.filter(n => instance.clusters!.includes(n))
      : names;
    const scope: MetricsScope = {
      namespace: target.namespace,
      metricsWorkload: target.metricsWorkload,
      deployment: target.kubernetesId,
      clusters:
        instance?.clusterLabel && located.ok && served.length > 0
          ? { label: instance.clusterLabel, names: served }
          : undefined,
    };
    return { located, clusters, instance, scope };
  }

  /** The annotated profile, else the one whose series exist (cached), else the default. */
  private async profileFor(
    target: EntityTarget,
    client: PrometheusClient | undefined,
    scope: MetricsScope,
    at: Date,
    report: SourceReport,
  ): Promise<{ profile: MetricProfile; detected: boolean }> {
    const { profiles, defaultProfileId } = this.core.config;
    const byId = (id: string) => profiles.find(p => p.id === id)!;
    if (target.profileId)
      return { profile: byId(target.profileId), detected: false };
    const fallback = { profile: byId(defaultProfileId), detected: false };
    if (!client) return fallback;
    // '-': no profile's series exist; null: Prometheus did not answer (not kept).
    const { value: detected } = await this.core.answers.value<string | null>(
      `profile:${client.instance.name}:${hashOf(scope)}`,
      id => {
        if (id === null) return 0;
        return id === '-' ? NEGATIVE_DETECTION_TTL_MS : DETECTION_TTL_MS;
      },
      async () => {
        const answer = await client.instant(
          batchSignals(detectionSignals(profiles, scope)),
          at,
        );
        report.requests += 1;
        if (!answer.ok) return null;
        return profiles.find(p => (answer.value.get(p.id) ?? 0) > 0)?.id ?? '-';
      },
    );
    return detected === null || detected === '-'
      ? fallback
      : { profile: byId(detected), detected: true };
  }

  private async readMetrics(
    target: EntityTarget,
    instanceName: string | undefined,
    scope: MetricsScope,
    at: Date,
    query: (profile: MetricProfile) => string | undefined,
    run: (
      client: PrometheusClient,
      q: string,
    ) => Promise<PrometheusAnswer<unknown>>,
  ): Promise<Omit<MetricsReading, 'values'>> {
    const client = instanceName
      ? this.core.prometheus.get(instanceName)
      : undefined;
    const report: SourceReport = {
      kind: 'prometheus',
      name: client?.instance.name ?? 'prometheus',
      ok: false,
      requests: 0,
      durationMs: 0,
    };
    const started = Date.now();
    const { profile, detected } = await this.profileFor(
      target,
      client,
      scope,
      at,
      report,
    );
    const metricsTarget: MetricsTarget = {
      profileId: profile.id,
      profileTitle: profile.title,
      profileDetected: detected,
      prometheus: client?.instance.name ?? null,
      selector: selector(
        profile.requests[0].metric,
        scopeMatchers(profile, scope),
      ),
      found: false,
    };
    if (!client) {
      const message =
        this.core.config.instances.length === 0
          ? 'No Prometheus is configured under mlops.prometheus.instances'
          : 'No Prometheus under mlops.prometheus.instances serves the clusters of this entity';
      report.error = { kind: 'not-configured', message };
      return {
        target: metricsTarget,
        profile,
        scope,
        failure: message,
        report,
      };
    }
    const q = query(profile);
    if (!q) {
      report.ok = true;
      return { target: metricsTarget, profile, scope, client, report };
    }
    const answer = await run(client, q);
    report.requests += 1;
    report.durationMs = Date.now() - started;
    if (!answer.ok) {
      report.error = answer.error;
      return {
        target: metricsTarget,
        profile,
        scope,
        client,
        failure: answer.error.message,
        report,
      };
    }
    report.ok = true;
    return { target: metricsTarget, profile, scope, client, report };
  }

  private async readWorkloads(
    clusters: ClusterDetails[],
    target: EntityTarget,
  ): Promise<ClusterWorkloads[]> {
    return Promise.all(
      clusters.map(c =>
        this.core.kubernetes.read(c, {
          namespace: target.namespace,
          labelSelector: target.labelSelector,
        }),
      ),
    );
  }

  private async computeHealth(
    entity: Entity,
    target: EntityTarget,
    credentials: BackstageCredentials,
  ): Promise<ModelServingHealth> {
    const { config } = this.core;
    const at = new Date(Math.floor(Date.now() / 1000) * 1000);
    const sloWindow = `${config.sloWindowDays}d`;
    const { located, clusters, instance, scope } = await this.locate(
      entity,
      target,
      credentials,
    );

    let values: SignalValues | undefined;
    const [metrics, workloads] = await Promise.all([
      this.readMetrics(
        target,
        instance?.name,
        scope,
        at,
        profile => batchSignals(healthSignals(profile, scope, sloWindow)),
        async (client, q) => {
          const answer = await client.instant(q, at);
          if (answer.ok) values = answer.value;
          return answer;
        },
      ),
      this.readWorkloads(clusters, target),
    ]);

    const v = (name: string) => values?.get(name) ?? null;
    const found = (values?.get('series') ?? 0) > 0;
    metrics.target.found = found;
    // Without an annotation, series found for the profile confirm it as detected.
    if (!target.profileId && found) metrics.target.profileDetected = true;
    const signals: GoldenSignals | null = values
      ? {
          requestsPerSecond: v('rps'),
          errorRatio: v('error_ratio:5m'),
          latency: {
            p50Ms: v('p50'),
            p95Ms: v('p95'),
            p99Ms: v('p99'),
            meanMs: v('mean'),
          },
          saturation: {
            cpuRatio: v('cpu_ratio'),
            gpuUtilisation: v('gpu_util'),
          },
        }
      : null;
    const objective = target.objectives.availabilityPercent;
    const windows = burnRateWindows(
      Object.fromEntries(BURN_WINDOWS.map(w => [w, v(`error_ratio:${w}`)])),
      objective,
    );
    const windowRatio = v(`error_ratio:${sloWindow}`);
    const availability = windowRatio === null ? null : 1 - windowRatio;
    const slo: ServiceLevelStatus | null = values
      ? {
          availabilityObjectivePercent: objective,
          latencyP95ObjectiveMs: target.objectives.latencyP95Ms,
          windowDays: config.sloWindowDays,
          availability,
          errorBudgetRemaining: errorBudgetRemaining(availability, objective),
          burnRates: windows,
          alerts: burnRateAlerts(windows, objective),
          latencyP95Over1hMs: v('p95:1h'),
        }
      : null;
    const replicas = summariseReplicas(workloads, at, {
      recentMinutes: config.thresholds.recentMinutes,
      maxPods: config.thresholds.maxPods,
    });
    const failedClusters = workloads.flatMap(w =>
      w.ok ? [] : [{ cluster: w.cluster, message: w.error.message }],
    );
    const { status, reasons } = evaluateStatus({
      signals,
      metricsFailure: metrics.failure,
      metricsFound: found,
      metricsSelector: metrics.target.selector,
      slo,
      replicas,
      kubernetesFailure: this.kubernetesFailure(located, clusters),
      failedClusters,
      thresholds: config.thresholds,
    });

    const m = scopeMatchers(metrics.profile, scope);
    const sources: SourceReport[] = [
      metrics.report!,
      ...workloads.map(
        (w): SourceReport => ({
          kind: 'kubernetes',
          name: w.cluster,
          ok: w.ok,
          ...(w.ok ? {} : { error: w.error }),
          requests: w.requests,
          durationMs: w.durationMs,
        }),
      ),
    ];
    if (!located.ok) {
      sources.push({
        kind: 'kubernetes',
        name: 'kubernetes',
        ok: false,
        error: { kind: 'not-configured', message: located.message },
        requests: 0,
        durationMs: 0,
      });
    }
    return {
      state: 'ok',
      entityRef: target.entityRef,
      evaluatedAt: at.toISOString(),
      status,
      reasons,
      signals,
      slo,
      replicas,
      metrics: metrics.target,
      clusters: clusters.map(c => c.name),
      links: servingLinks({
        target,
        grafanaDashboardUrl: config.grafanaDashboardUrl,
        prometheusExternalUrl: instance?.externalUrl,
        queries: [
          {
            title: 'Traffic in Prometheus',
            expr: sumRate(metrics.profile.requests, m, '5m'),
          },
          ...(metrics.profile.errors
            ? [
                {
                  title: 'Error ratio in Prometheus',
                  expr: errorRatio(metrics.profile, m, '5m')!,
                },
              ]
            : []),
          ...(latencyMs(metrics.profile, m, '5m', 0.95)
            ? [
                {
                  title: 'p95 latency in Prometheus',
                  expr: latencyMs(metrics.profile, m, '5m', 0.95)!,
                },
              ]
            : []),
        ],
      }),
      sources,
      cached: false,
    };
  }

  private kubernetesFailure(
    located: { ok: true } | { ok: false; message: string },
    clusters: ClusterDetails[],
  ): string | undefined {
    if (!located.ok) return located.message;
    if (clusters.length === 0) {
      return 'the kubernetes plugin locates this entity on no cluster';
    }
    return undefined;
  }

  private async computeTimeSeries(
    entity: Entity,
    target: EntityTarget,
    range: ServingTimeRange,
    credentials: BackstageCredentials,
  ): Promise<ServingTimeSeries> {
    const { seconds, points } = RANGES[range];
    const step = seconds / points;
    // Aligned to the step, so every viewer asks Prometheus the same question.
    const end = new Date(Math.floor(Date.now() / 1000 / step) * step * 1000);
    const start = new Date(end.getTime() - seconds * 1000);
    const window = `${Math.max(300, step)}s`;
    const { instance, scope } = await this.locate(entity, target, credentials);
    let series: Map<string, Array<[number, number | null]>> | undefined;
    const metrics = await this.readMetrics(
      target,
      instance?.name,
      scope,
      end,
      profile => batchSignals(timeSeriesSignals(profile, scope, window)),
      async (client, q) => {
        const answer = await client.range(q, start, end, step);
        if (answer.ok) series = answer.value;
        return answer;
      },
    );
    const byTime = new Map<number, Record<string, number | null>>();
    for (let t = start.getTime(); t <= end.getTime(); t += step * 1000) {
      byTime.set(t, {});
    }
    for (const [name, values] of series ?? []) {
      for (const [t, value] of values) {
        const row = byTime.get(t);
        if (row) row[name] = value;
      }
    }
    metrics.target.found = [...(series?.values() ?? [])].some(
      s => s.length > 0,
    );
    if (!target.profileId && metrics.target.found) {
      metrics.target.profileDetected = true;
    }
    const pick = (row: Record<string, number | null>, k: string) =>
      row[k] ?? null;
    return {
      state: 'ok',
      entityRef: target.entityRef,
      range,
      start: start.toISOString(),
      end: end.toISOString(),
      stepSeconds: step,
      latencyP95ObjectiveMs: target.objectives.latencyP95Ms,
      points: series
        ? [...byTime.entries()]
            .sort(([a], [b]) => a - b)
            .map(([t, row]) => ({
              t,
              requestsPerSecond: pick(row, 'rps'),
              errorRatio: pick(row, 'error_ratio'),
              p50Ms: pick(row, 'p50'),
              p95Ms: pick(row, 'p95'),
              p99Ms: pick(row, 'p99'),
              meanMs: pick(row, 'mean'),
            }))
        : [],
      metrics: metrics.target,
      sources: [metrics.report!],
      cached: false,
    };
  }
}
