import {
  BackstageCredentials,
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { JsonValue } from '@backstage/types';
import {
  AutoscalingResponse,
  EntityAutoscaling,
  SourceReport,
} from '@internal/plugin-mlops-common';
import { resolveServingTarget, ServingTarget } from '../health/target';
import { KubernetesWorkloadReader } from '../kubernetes/KubernetesWorkloadReader';
import { PrometheusClient } from '../prometheus/PrometheusClient';
import { ServingConfig } from '../service/config';
import { SingleFlight } from '../service/SingleFlight';
import { AutoscalingConfig } from './config';
import { hpaView } from './hpaView';
import {
  ClusterAutoscaling,
  KubernetesAutoscalingReader,
} from './KubernetesAutoscalingReader';
import { replicasQuery } from './replicasQuery';
import { replicasSeries } from './replicasSeries';
import { eventRecord } from './scalingEvents';
import {
  HpaRef,
  ScalingEventRecord,
  ScalingEventStore,
} from './ScalingEventStore';

/** The replicas chart: the last hour in 120 steps. */
const CHART_SECONDS = 3600;
const CHART_STEP_SECONDS = 30;
/** Events listed: those of the last week. */
const EVENTS_WINDOW_MS = 7 * 24 * 3600_000;

/**
 * The autoscaling of an entity: its HPAs from the kubernetes plugin's
 * clusters, their Events live and from the portal's history, and their
 * replicas over time from Prometheus (the history when Prometheus has
 * none). Shared between viewers for `cacheTtl`; one computation per entity
 * at a time; each failing source is reported and the rest is served.
 */
export class AutoscalingService {
  private readonly flights = new SingleFlight();
  private readonly clients: Map<string, PrometheusClient>;

  constructor(
    private readonly options: {
      serving: ServingConfig;
      config: AutoscalingConfig;
      kubernetes: KubernetesWorkloadReader;
      reader: KubernetesAutoscalingReader;
      store: ScalingEventStore;
      cache: CacheService;
      logger: LoggerService;
      fetchFn?: typeof fetch;
    },
  ) {
    this.clients = PrometheusClient.byName(
      options.serving.instances,
      options.fetchFn,
    );
  }

  async getAutoscaling(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<AutoscalingResponse> {
    const { serving } = this.options;
    const resolved = resolveServingTarget(entity, {
      availabilityPercent: serving.objectives.availabilityPercent,
      latencyP95Ms: serving.objectives.latencyP95Ms,
      profileIds: serving.profiles.map(p => p.id),
      prometheusInstances: serving.instances.map(i => i.name),
    });
    if (!resolved.ok) return resolved.answer;
    const { target } = resolved;
    const key = `autoscaling:${target.entityRef}:${target.namespace ?? '*'}:${
      target.labelSelector
    }:${target.prometheusInstance ?? ''}`;
    const hit = await this.options.cache.get(key);
    if (hit) {
      const answer = hit as unknown as EntityAutoscaling;
      return {
        ...answer,
        cached: true,
        sources: answer.sources.map(s => ({ ...s, requests: 0 })),
      };
    }
    return this.flights.run(key, async () => {
      const answer = await this.compute(entity, target, credentials);
      await this.options.cache.set(key, answer as unknown as JsonValue, {
        ttl: this.options.config.cacheTtlMs,
      });
      return answer;
    });
  }

  private async compute(
    entity: Entity,
    target: ServingTarget,
    credentials: BackstageCredentials,
  ): Promise<EntityAutoscaling> {
    const now = new Date(Math.floor(Date.now() / 1000) * 1000);
    const located = await this.options.kubernetes.locate(entity, credentials);
    const clusters = located.ok ? located.clusters : [];
    const answers = await Promise.all(
      clusters.map(c =>
        this.options.reader.read(c, {
          namespace: target.namespace,
          labelSelector: target.labelSelector,
        }),
      ),
    );
    const hpas = answers.flatMap(a =>
      a.ok ? a.hpas.map(h => hpaView(a.cluster, h, now)) : [],
    );
    const refs: HpaRef[] = hpas.map(h => ({
      cluster: h.cluster,
      namespace: h.namespace,
      hpa: h.name,
    }));
    const [events, metrics] = await Promise.all([
      this.events(answers, refs, now),
      this.replicasSeries(
        refs,
        clusters.map(c => c.name),
        target,
        now,
      ),
    ]);
    const sources: SourceReport[] = [
      ...(metrics.report ? [metrics.report] : []),
      ...answers.map(
        (a): SourceReport => ({
          kind: 'kubernetes',
          name: a.cluster,
          ok: a.ok,
          ...(a.ok ? {} : { error: a.error }),
          requests: a.requests,
          durationMs: a.durationMs,
        }),
      ),
    ];
    if (!located.ok || clusters.length === 0) {
      sources.push({
        kind: 'kubernetes',
        name: 'kubernetes',
        ok: false,
        error: {
          kind: 'not-configured',
          message: located.ok
            ? 'The kubernetes plugin locates this entity on no cluster'
            : located.message,
        },
        requests: 0,
        durationMs: 0,
      });
    }
    return {
      state: 'ok',
      entityRef: target.entityRef,
      evaluatedAt: now.toISOString(),
      hpas,
      events,
      series: replicasSeries(
        hpas,
        metrics.series,
        metrics.clusterLabel,
        events,
        metrics.start,
        now,
      ),
      seriesStart: metrics.start.toISOString(),
      seriesEnd: metrics.end.toISOString(),
      clusters: clusters.map(c => c.name),
      sources,
      cached: false,
    };
  }

  /** Live Events merged with the history; the higher count of one Event wins. */
  private async events(
    answers: ClusterAutoscaling[],
    refs: HpaRef[],
    now: Date,
  ) {
    const wanted = new Set(
      refs.map(r => `${r.cluster}/${r.namespace}/${r.hpa}`),
    );
    const live = answers.flatMap(a =>
      a.ok
        ? a.events.flatMap(e => {
            const r = eventRecord(a.cluster, e);
            return r && wanted.has(`${r.cluster}/${r.namespace}/${r.hpa}`)
              ? [r]
              : [];
          })
        : [],
    );
    let stored: ScalingEventRecord[] = [];
    try {
      stored = await this.options.store.list(
        refs,
        new Date(now.getTime() - EVENTS_WINDOW_MS),
        this.options.config.eventsLimit,
      );
    } catch (error) {
      this.options.logger.warn(`Could not read the scaling history: ${error}`);
    }
    const byKey = new Map<string, ScalingEventRecord>();
    for (const e of [...stored, ...live]) {
      const known = byKey.get(e.key);
      if (!known || e.count > known.count) byKey.set(e.key, e);
    }
    return [...byKey.values()]
      .sort((a, b) => b.occurredAt.localeCompare(a.occurredAt))
      .slice(0, this.options.config.eventsLimit)
      .map(({ key: _key, ...event }) => event);
  }

  private async replicasSeries(
    refs: HpaRef[],
    clusterNames: string[],
    target: ServingTarget,
    now: Date,
  ) {
    const end = new Date(
      Math.floor(now.getTime() / 1000 / CHART_STEP_SECONDS) *
        CHART_STEP_SECONDS *
        1000,
    );
    const start = new Date(end.getTime() - CHART_SECONDS * 1000);
    const { instances } = this.options.serving;
    const instance = target.prometheusInstance
      ? instances.find(i => i.name === target.prometheusInstance)
      : instances.find(
          i => !i.clusters || i.clusters.some(c => clusterNames.includes(c)),
        );
    const client = instance ? this.clients.get(instance.name) : undefined;
    const none = { start, end, series: undefined, clusterLabel: undefined };
    if (!client) {
      return {
        ...none,
        report: {
          kind: 'prometheus' as const,
          name: 'prometheus',
          ok: false,
          error: {
            kind: 'not-configured' as const,
            message:
              'No Prometheus under mlops.prometheus.instances serves the clusters of this entity',
          },
          requests: 0,
          durationMs: 0,
        },
      };
    }
    const report: SourceReport = {
      kind: 'prometheus',
      name: client.instance.name,
      ok: true,
      requests: 0,
      durationMs: 0,
    };
    if (refs.length === 0) return { ...none, report };
    const clusterLabel = client.instance.clusterLabel;
    const answer = await client.range(
      replicasQuery(refs, clusterLabel),
      start,
      end,
      CHART_STEP_SECONDS,
    );
    report.requests = 1;
    report.durationMs = answer.durationMs;
    if (!answer.ok) {
      return { ...none, report: { ...report, ok: false, error: answer.error } };
    }
    return { start, end, series: answer.value, clusterLabel, report };
  }
}
