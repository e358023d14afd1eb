import { MlopsCore } from '../shared/core';
import { alignedDown } from '../shared/dates';
import { EntityTarget } from '../shared/entityTarget';
import { instanceFor } from '../shared/prometheusChoice';
import {
  NO_PROMETHEUS_SERVES,
  notConfiguredReport,
  upstreamReport,
} from '../shared/sourceReports';
import { replicasQuery } from './replicasQuery';
import { HpaRef } from './ScalingEventStore';

/** The replicas chart: the last hour in 120 steps. */
const CHART_SECONDS = 3600;
const CHART_STEP_SECONDS = 30;

/**
 * The replicas of the entity's HPAs over the last hour, from the Prometheus
 * that serves its clusters: one range query for all of them.
 */
export async function readReplicasSeries(
  core: MlopsCore,
  refs: HpaRef[],
  clusterNames: string[],
  target: EntityTarget,
  now: Date,
) {
  const end = alignedDown(now, CHART_STEP_SECONDS);
  const start = new Date(end.getTime() - CHART_SECONDS * 1000);
  const instance = instanceFor(
    core.config.instances,
    target.prometheusInstance,
    clusterNames,
  );
  const client = instance ? core.prometheus.get(instance.name) : undefined;
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
  const report = upstreamReport('prometheus', client.instance.name, answer, 1);
  if (!answer.ok) return { ...none, report };
  return { start, end, series: answer.value, clusterLabel, report };
}
