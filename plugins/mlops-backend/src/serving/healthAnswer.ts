import { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import {
  GoldenSignals,
  ServiceLevelStatus,
  SourceReport,
} from '@internal/plugin-mlops-common';
import { clusterReport, unlocatedReports } from '../shared/sourceReports';
import { EntityTarget } from '../shared/entityTarget';
import {
  ClusterWorkloads,
  LocatedClusters,
} from '../upstream/kubernetes/KubernetesWorkloadReader';
import { SignalValues } from '../upstream/prometheus/PrometheusClient';
import {
  burnRateAlerts,
  burnRateWindows,
  errorBudgetRemaining,
} from './burnRate';
import { BURN_WINDOWS } from './profiles/queries';

const valueOf = (values: SignalValues | undefined, name: string) =>
  values?.get(name) ?? null;

/** The PromQL range of the SLO window, e.g. `30d`. */
export function sloWindowOf(windowDays: number): string {
  return `${windowDays}d`;
}

/** Whether the profile's series exist for the entity (the `series` signal). */
export function seriesFoundIn(values: SignalValues | undefined): boolean {
  return (values?.get('series') ?? 0) > 0;
}

/** The golden signals of the batched health query; null when it failed. */
export function goldenSignalsOf(
  values: SignalValues | undefined,
): GoldenSignals | null {
  if (!values) return null;
  const v = (name: string) => valueOf(values, name);
  return {
    requestsPerSecond: v('rps'),
    errorRatio: v('error_ratio:5m'),
    latency: {
      p50Ms: v('p50'),
      p95Ms: v('p95'),
      p99Ms: v('p99'),
      meanMs: v('mean'),
    },
    saturation: { cpuRatio: v('cpu_ratio'), gpuUtilisation: v('gpu_util') },
  };
}

/** Availability, error budget and burn rates against the objectives; null when the query failed. */
export function serviceLevelOf(
  values: SignalValues | undefined,
  objectives: EntityTarget['objectives'],
  windowDays: number,
): ServiceLevelStatus | null {
  if (!values) return null;
  const v = (name: string) => valueOf(values, name);
  const objective = objectives.availabilityPercent;
  const windows = burnRateWindows(
    Object.fromEntries(BURN_WINDOWS.map(w => [w, v(`error_ratio:${w}`)])),
    objective,
  );
  const windowRatio = v(`error_ratio:${sloWindowOf(windowDays)}`);
  const availability = windowRatio === null ? null : 1 - windowRatio;
  return {
    availabilityObjectivePercent: objective,
    latencyP95ObjectiveMs: objectives.latencyP95Ms,
    windowDays,
    availability,
    errorBudgetRemaining: errorBudgetRemaining(availability, objective),
    burnRates: windows,
    alerts: burnRateAlerts(windows, objective),
    latencyP95Over1hMs: v('p95:1h'),
  };
}

/** Why no workload could be read, if none could. */
export function kubernetesFailureOf(
  located: LocatedClusters,
  clusters: ClusterDetails[],
): string | undefined {
  if (!located.ok) return located.message;
  if (clusters.length === 0) {
    return 'the kubernetes plugin locates this entity on no cluster';
  }
  return undefined;
}

/** The clusters whose workloads could not be read. */
export function failedClustersOf(
  workloads: ClusterWorkloads[],
): Array<{ cluster: string; message: string }> {
  return workloads.flatMap(w =>
    w.ok ? [] : [{ cluster: w.cluster, message: w.error.message }],
  );
}

/** Prometheus first, then each cluster, then why no cluster was asked. */
export function healthSourcesOf(
  metrics: SourceReport,
  workloads: ClusterWorkloads[],
  located: LocatedClusters,
): SourceReport[] {
  return [
    metrics,
    ...workloads.map(clusterReport),
    ...unlocatedReports(located),
  ];
}
