import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  AutoscalingResponse,
  EntityAutoscaling,
  SourceReport,
} from '@internal/plugin-mlops-common';
import { alignedDown } from '../shared/dates';
import { MlopsCore } from '../shared/core';
import {
  EntityTarget,
  resolveEntityTarget,
  targetDefaults,
} from '../shared/entityTarget';
import { instanceFor } from '../shared/prometheusChoice';
import {
  clusterReport,
  NO_PROMETHEUS_SERVES,
  notConfiguredReport,
  upstreamReport,
} from '../shared/sourceReports';
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
  constructor(
    private readonly core: MlopsCore,
    private readonly options: {
      config: AutoscalingConfig;
      reader: KubernetesAutoscalingReader;
      store: ScalingEventStore;
    },
  ) {}

  async getAutoscaling(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<AutoscalingResponse> {
    const resolved = resolveEntityTarget(
      entity,
      targetDefaults(this.core.config),
    );
    if (!resolved.ok) return resolved.answer;
    const { target } = resolved;
    const key = `autoscaling:${target.entityRef}:${target.namespace ?? '*'}:${
      target.labelSelector
    }:${target.prometheusInstance ?? ''}`;
    return this.core.answers.answer(key, this.options.config.cacheTtlMs, () =>
      this.compute(entity, target, credentials),
    );
  }

  private async compute(
    entity: Entity,
    target: EntityTarget,
    credentials: BackstageCredentials,
  ): Promise<EntityAutoscaling> {
    const now = alignedDown(Date.now(), 1);
    const located = await this.core.kubernetes.locate(entity, credentials);
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
      ...answers.map(clusterReport),
    ];
    if (!located.ok || clusters.length === 0) {
      sources.push(
        notConfiguredReport(
          'kubernetes',
          'kubernetes',
          located.ok
            ? 'The kubernetes plugin locates this entity on no cluster'
            : located.message,
        ),
      );
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
      this.core.logger.warn(`Could not read the scaling history: ${error}`);
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
    target: EntityTarget,
    now: Date,
  ) {
    const end = alignedDown(now, CHART_STEP_SECONDS);
    const start = new Date(end.getTime() - CHART_SECONDS * 1000);
    const instance = instanceFor(
      this.core.config.instances,
      target.prometheusInstance,
      clusterNames,
    );
    const client = instance
      ? this.core.prometheus.get(instance.name)
      : undefined;
    const none = { start, end, series: undefined, clusterLabel: undefined };
    if (!client) {
      return {
        ...none,
        report: notConfiguredReport(
          'prometheus',
          'prometheus',
          NO_PROMETHEUS_SERVES,
        ),
      };
    }
    if (refs.length === 0) {
      const nothingAsked = { ok: true as const, durationMs: 0 };
      return {
        ...none,
        report: upstreamReport(
          'prometheus',
          client.instance.name,
          nothingAsked,
          0,
        ),
      };
    }
    const clusterLabel = client.instance.clusterLabel;
    const answer = await client.range(
      replicasQuery(refs, clusterLabel),
      start,
      end,
      CHART_STEP_SECONDS,
    );
    const report = upstreamReport(
      'prometheus',
      client.instance.name,
      answer,
      1,
    );
    if (!answer.ok) return { ...none, report };
    return { start, end, series: answer.value, clusterLabel, report };
  }
}
