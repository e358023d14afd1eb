import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  AutoscalingResponse,
  EntityAutoscaling,
  normalLabelSelector,
  SourceReport,
} from '@internal/plugin-mlops-common';
import { alignedDown } from '../shared/dates';
import { MlopsCore } from '../shared/core';
import { EntityTarget } from '../shared/entityTarget';
import { clusterReport } from '../shared/sourceReports';
import { clustersKey } from '../serving/cacheKeys';
import { scopedEntityTarget } from '../tenancy/entityScope';
import { skippedClusterReports, TenantScope } from '../tenancy/tenantScope';
import { AutoscalingConfig } from './config';
import { hpaView } from './hpaView';
import { scaledObjectView } from './scaledObjectView';
import {
  ClusterAutoscaling,
  KubernetesAutoscalingReader,
} from './KubernetesAutoscalingReader';
import { readReplicasSeries } from './replicasReading';
import { replicasSeries } from './replicasSeries';
import { liveScalingEvents, mergeScalingEvents } from './scalingEventMerge';
import {
  HpaRef,
  ScalingEventRecord,
  ScalingEventStore,
} from './ScalingEventStore';

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
    const scoped = await scopedEntityTarget(this.core, entity, credentials);
    if (!scoped.ok) return scoped.answer;
    const { target, scope } = scoped;
    const key = `autoscaling:${target.entityRef}:${
      target.namespace
    }:${normalLabelSelector(target.labelSelector)}:${
      target.prometheusInstance ?? ''
    }:${clustersKey(scope)}`;
    return this.core.answers.answer(key, this.options.config.cacheTtlMs, () =>
      this.compute(target, scope),
    );
  }

  /** Reads only the clusters on which the owner holds the namespace. */
  private async compute(
    target: EntityTarget,
    scope: TenantScope,
  ): Promise<EntityAutoscaling> {
    const now = alignedDown(Date.now(), 1);
    const clusters = scope.clusters;
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
    const scaledObjects = answers.flatMap(a =>
      a.ok ? a.scaledObjects.map(so => scaledObjectView(a.cluster, so)) : [],
    );
    const refs: HpaRef[] = hpas.map(h => ({
      cluster: h.cluster,
      namespace: h.namespace,
      hpa: h.name,
    }));
    const [events, metrics] = await Promise.all([
      this.events(answers, refs, now),
      readReplicasSeries(
        this.core,
        refs,
        clusters.map(c => c.name),
        target,
        now,
      ),
    ]);
    const sources: SourceReport[] = [
      ...(metrics.report ? [metrics.report] : []),
      ...answers.map(clusterReport),
      ...answers.flatMap(a =>
        a.ok && a.scaledObjectsError
          ? [
              {
                kind: 'kubernetes' as const,
                name: `${a.cluster} (KEDA ScaledObjects)`,
                ok: false,
                error: a.scaledObjectsError,
                requests: 0,
                durationMs: 0,
              },
            ]
          : [],
      ),
      ...skippedClusterReports(scope),
    ];
    return {
      state: 'ok',
      entityRef: target.entityRef,
      evaluatedAt: now.toISOString(),
      hpas,
      scaledObjects,
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
    const live = liveScalingEvents(answers, refs);
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
    return mergeScalingEvents(stored, live, this.options.config.eventsLimit);
  }
}
