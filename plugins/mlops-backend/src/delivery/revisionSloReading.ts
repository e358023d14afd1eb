import { SourceReport } from '@internal/plugin-mlops-common';
import { servingPlaceOf } from '../serving/metricsScope';
import { MetricProfile } from '../serving/profiles/types';
import { ServingMetricsReader } from '../serving/ServingMetricsReader';
import { EntityTarget } from '../shared/entityTarget';
import { scopedClusters, TenantScope } from '../tenancy/tenantScope';
import { PrometheusInstance } from '../upstream/prometheus/PrometheusClient';
import { revisionSloQuery, revisionSlos, sloKey } from './revisionSlo';
import { SloOf } from './rolloutView';

/**
 * The figures of the given Rollout revisions (pod template hashes) from the
 * instance that serves the entity: one batched query, with the profile the
 * entity is annotated with or detected by the metrics reader; none asked
 * without hashes. A failed query is reported, and no revision has figures.
 */
export async function readRevisionSlos(
  metrics: ServingMetricsReader,
  input: {
    target: EntityTarget;
    scope: TenantScope;
    instances: PrometheusInstance[];
    hashes: string[];
    window: string;
    at: Date;
  },
): Promise<{ sloOf: SloOf; report?: SourceReport }> {
  const { target, hashes, window, at } = input;
  if (hashes.length === 0) return { sloOf: () => null };
  const place = servingPlaceOf(
    target,
    scopedClusters(input.scope),
    input.instances,
  );
  const clusterLabel = place.scope.clusters?.label;
  // An LLM server's share of slow first tokens, when it has an objective.
  const ttftObjectiveMs = (profile: MetricProfile) =>
    profile.llm?.ttft ? target.objectives.ttftP95Ms : undefined;
  const reading = await metrics.read(
    target,
    place,
    at,
    profile =>
      revisionSloQuery({
        profile,
        scope: place.scope,
        hashes,
        window,
        clusterLabel,
        ttftObjectiveMs: ttftObjectiveMs(profile),
      }),
    (client, q) => client.vector(q, at),
  );
  const slos = revisionSlos(reading.value ?? [], {
    window,
    clusterLabel,
    ttft: ttftObjectiveMs(reading.profile) !== undefined,
  });
  return {
    sloOf: (cluster, hash) =>
      slos.get(sloKey(clusterLabel ? cluster : '', hash)) ?? null,
    report: reading.report,
  };
}
