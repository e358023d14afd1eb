import { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import {
  GoldenSignals,
  MetricsTarget,
  ServiceLevelStatus,
  StatusReason,
  SourceReport,
  TokenLatencyObjective,
} from '@internal/plugin-mlops-common';
import { clusterReport, unlocatedReports } from '../shared/sourceReports';
import { EntityTarget } from '../shared/entityTarget';
import {
  ClusterWorkloads,
  LocatedClusters,
} from '../upstream/kubernetes/KubernetesWorkloadReader';
import { SignalValues } from '../upstream/prometheus/PrometheusClient';
import type { MlopsConfig } from '../config/mlopsConfig';
import {
  burnRateAlerts,
  burnRateWindows,
  errorBudgetRemaining,
} from './burnRate';
import { withSeriesFound } from './metricsTarget';
import { tokenObjectivesOf } from './profiles/llmQueries';
import { BURN_WINDOWS } from './profiles/queries';
import { LlmSpec } from './profiles/types';
import { summariseReplicas } from './replicas';
import { evaluateStatus } from './status';

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

/** Share of requests (tokens) an LLM objective allows over its p95: 5 %. */
const TOKEN_OBJECTIVE_PERCENT = 95;

function tokenObjectives(
  values: SignalValues,
  objectives: EntityTarget['objectives'],
  llm: LlmSpec | undefined,
): TokenLatencyObjective[] {
  return tokenObjectivesOf(llm, objectives).map(o => {
    const windows = burnRateWindows(
      Object.fromEntries(
        BURN_WINDOWS.map(w => [
          w,
          valueOf(values, `llm_${o.figure}_over:${w}`),
        ]),
      ),
      TOKEN_OBJECTIVE_PERCENT,
    );
    return {
      figure: o.figure,
      p95ObjectiveMs: o.ms,
      burnRates: windows,
      alerts: burnRateAlerts(windows, TOKEN_OBJECTIVE_PERCENT),
    };
  });
}

/** Availability, error budget and burn rates against the objectives; null when the query failed. */
export function serviceLevelOf(
  values: SignalValues | undefined,
  objectives: EntityTarget['objectives'],
  windowDays: number,
  llm?: LlmSpec,
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
    tokenObjectives: tokenObjectives(values, objectives, llm),
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

/**
 * The figures and status of a target from its series and its clusters'
 * workloads: the one set of rules of the entity's page and of the fleet.
 */
export function healthFigures(input: {
  /** The batched health signals; undefined when Prometheus gave none. */
  values?: SignalValues;
  metricsFailure?: string;
  /** What was read, before anything was known to be found. */
  metricsTarget: MetricsTarget;
  profileAnnotated: boolean;
  objectives: EntityTarget['objectives'];
  /** The LLM figures of the server, whose objectives the values answer. */
  llm?: LlmSpec;
  workloads: ClusterWorkloads[];
  located: LocatedClusters;
  clusters: ClusterDetails[];
  at: Date;
  config: Pick<MlopsConfig, 'sloWindowDays' | 'thresholds'>;
  /** Findings of the InferenceServices behind the entity, when read. */
  inferenceServiceFindings?: StatusReason[];
}) {
  const { values, config, workloads } = input;
  const found = seriesFoundIn(values);
  const metricsTarget = withSeriesFound(
    input.metricsTarget,
    input.profileAnnotated,
    found,
  );
  const signals = goldenSignalsOf(values);
  const slo = serviceLevelOf(
    values,
    input.objectives,
    config.sloWindowDays,
    input.llm,
  );
  const replicas = summariseReplicas(workloads, input.at, config.thresholds);
  const { status, reasons } = evaluateStatus({
    signals,
    metricsFailure: input.metricsFailure,
    metricsFound: found,
    metricsSelector: metricsTarget.selector,
    slo,
    replicas,
    kubernetesFailure: kubernetesFailureOf(input.located, input.clusters),
    failedClusters: failedClustersOf(workloads),
    thresholds: config.thresholds,
    inferenceServiceFindings: input.inferenceServiceFindings,
  });
  return { metricsTarget, signals, slo, replicas, status, reasons };
}
