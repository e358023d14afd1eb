import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_MLFLOW_REGISTERED_MODEL,
  DeliveryModelRegistry,
  DeliveryResponse,
  EntityDelivery,
  normalLabelSelector,
  RevisionView,
  SourceReport,
} from '@internal/plugin-mlops-common';
import { RegisteredModelReader } from '../modelRegistry/RegisteredModelReader';
import { clustersKey, hashOf } from '../serving/cacheKeys';
import { ServingMetricsReader } from '../serving/ServingMetricsReader';
import { MlopsCore } from '../shared/core';
import { ReportedAnswer } from '../shared/SharedAnswers';
import { alignedDown } from '../shared/dates';
import { EntityTarget } from '../shared/entityTarget';
import { clusterReport, upstreamReport } from '../shared/sourceReports';
import { scopedEntityTarget } from '../tenancy/entityScope';
import { skippedClusterReports, TenantScope } from '../tenancy/tenantScope';
import { DeliveryConfig } from './config';
import { deploymentView, plainDeployments } from './deploymentView';
import {
  ClusterDelivery,
  KubernetesDeliveryReader,
} from './KubernetesDeliveryReader';
import { hasPods } from './revisions';
import { readRevisionSlos } from './revisionSloReading';
import { rolloutView, SloOf } from './rolloutView';
import { deliveryModelRegistry } from './servedModels';

/** The registered model of an entity: its annotation, else its name. */
export function registeredModelOf(entity: Entity): string {
  const annotated =
    entity.metadata.annotations?.[ANNOTATION_MLFLOW_REGISTERED_MODEL]?.trim();
  return annotated || entity.metadata.name;
}

type Listed = Extract<ClusterDelivery, { ok: true }>;

/** The Rollouts and plain Deployments of every cluster that answered. */
function viewsOf(reads: ClusterDelivery[], sloOf: SloOf) {
  const listed = reads.filter((r): r is Listed => r.ok);
  return {
    rollouts: listed.flatMap(r =>
      r.rollouts.map(rollout =>
        rolloutView({
          cluster: r.cluster,
          rollout,
          replicaSets: r.replicaSets,
          analysisRuns: r.analysisRuns,
          sloOf,
        }),
      ),
    ),
    deployments: listed.flatMap(r =>
      plainDeployments(r.deployments, r.rollouts).map(d =>
        deploymentView(r.cluster, d, r.replicaSets),
      ),
    ),
  };
}

/**
 * How an entity's new versions reach production: its Argo Rollouts (steps,
 * revisions, AnalysisRuns, in words), its plain Deployments, each Rollout
 * revision's SLO figures from one Prometheus query, and the MLflow model
 * versions the revisions serve. Shared between viewers for `cacheTtl`; each
 * failing source is reported and the rest is served.
 */
export class DeliveryService {
  private readonly metrics: ServingMetricsReader;

  constructor(
    private readonly core: MlopsCore,
    private readonly options: {
      config: DeliveryConfig;
      reader: KubernetesDeliveryReader;
      /** Absent when no model registry is configured. */
      registry?: RegisteredModelReader;
    },
  ) {
    this.metrics = new ServingMetricsReader(core);
  }

  async getDelivery(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<DeliveryResponse> {
    const scoped = await scopedEntityTarget(this.core, entity, credentials);
    if (!scoped.ok) return scoped.answer;
    const { target, scope } = scoped;
    const model = registeredModelOf(entity);
    const keyed = {
      ...target,
      labelSelector: normalLabelSelector(target.labelSelector),
      model,
    };
    return this.core.answers.answer(
      `delivery:${target.entityRef}:${hashOf(keyed)}:${clustersKey(scope)}`,
      this.options.config.cacheTtlMs,
      () => this.compute(target, scope, model),
    );
  }

  private async compute(
    target: EntityTarget,
    scope: TenantScope,
    model: string,
  ): Promise<EntityDelivery & ReportedAnswer> {
    const at = alignedDown(Date.now(), 1);
    const query = {
      namespace: scope.namespace,
      labelSelector: target.labelSelector,
    };
    const [reads, registered] = await Promise.all([
      Promise.all(scope.clusters.map(c => this.options.reader.read(c, query))),
      this.registeredModel(model),
    ]);
    // The revisions with pods, and the canary also once scaled down (its
    // series over the window tell why it was aborted), are asked for their
    // figures, then shown with them.
    const hashes = viewsOf(reads, () => null).rollouts.flatMap(r =>
      r.revisions
        .filter(v => hasPods(v) || v.role === 'canary')
        .map(v => v.podTemplateHash),
    );
    const slo = await readRevisionSlos(this.metrics, {
      target,
      scope,
      instances: this.core.config.instances,
      hashes: [...new Set(hashes)].filter(Boolean).sort(),
      window: this.options.config.sloWindow,
      at,
    });
    const { rollouts, deployments } = viewsOf(reads, slo.sloOf);
    const sources: SourceReport[] = [
      ...(slo.report ? [slo.report] : []),
      ...reads.map(clusterReport),
      ...skippedClusterReports(scope),
      ...(registered ? [registered.report] : []),
    ];
    return {
      state: 'ok',
      entityRef: target.entityRef,
      evaluatedAt: at.toISOString(),
      rollouts,
      deployments,
      modelRegistry:
        registered?.view([
          ...rollouts.flatMap(r => r.revisions),
          ...deployments.flatMap(d => d.revisions),
        ]) ?? null,
      sources,
      cached: false,
    };
  }

  /** The registered model's report and view; undefined when no registry is configured. */
  private async registeredModel(model: string) {
    const registry = this.options.registry;
    if (!registry) return undefined;
    const answer = await registry.registeredModel(model);
    return {
      report: upstreamReport('mlflow', registry.name, answer, answer.requests),
      view: (revisions: RevisionView[]): DeliveryModelRegistry =>
        deliveryModelRegistry({
          registry: registry.name,
          model,
          modelUrl: registry.modelUrl(model),
          versionUrl: v => registry.versionUrl(model, v),
          registeredModel: answer.ok ? answer.value : null,
          ...(answer.ok ? {} : { error: answer.error }),
          revisions,
        }),
    };
  }
}
