import {
  GoldenSignals,
  ReplicaHealth,
  ServiceLevelStatus,
  ServingStatus,
  StatusReason,
} from '@internal/plugin-mlops-common';

/** Everything the status is decided from; null means that source gave nothing. */
export interface StatusInput {
  signals: GoldenSignals | null;
  /** Why there are no signals (Prometheus failed or none is configured). */
  metricsFailure?: string;
  /** False when the profile's series do not exist for the entity. */
  metricsFound: boolean;
  /** The PromQL selector that found nothing, for the message. */
  metricsSelector: string;
  slo: ServiceLevelStatus | null;
  replicas: ReplicaHealth | null;
  /** Why there are no replicas at all (no cluster answered). */
  kubernetesFailure?: string;
  /** Clusters that failed while others answered. */
  failedClusters: Array<{ cluster: string; message: string }>;
  thresholds: { highErrorRatio: number; criticalErrorRatio: number };
  /** Findings of the KServe InferenceServices behind the entity. */
  inferenceServiceFindings?: StatusReason[];
}

const SEVERITY_ORDER = ['down', 'degraded', 'unknown', 'info'] as const;

export function formatPercent(ratio: number): string {
  const pct = ratio * 100;
  if (pct === 0) return '0 %';
  let digits = 3;
  if (pct >= 10) digits = 0;
  else if (pct >= 1) digits = 1;
  else if (pct >= 0.1) digits = 2;
  return `${pct.toFixed(digits)} %`;
}

function formatMs(ms: number): string {
  return ms >= 10 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`;
}

function formatRate(rps: number): string {
  return rps >= 10 ? rps.toFixed(0) : rps.toFixed(2);
}

function trafficFindings(input: StatusInput): StatusReason[] {
  const { signals, slo, thresholds } = input;
  const reasons: StatusReason[] = [];
  if (!signals) {
    reasons.push({
      code: 'metrics-unavailable',
      severity: 'unknown',
      message: `Traffic, errors and latency are unknown: ${
        input.metricsFailure ?? 'no Prometheus answered'
      }`,
    });
    return reasons;
  }
  if (!input.metricsFound) {
    reasons.push({
      code: 'no-metrics',
      severity: 'unknown',
      message: `No metrics found for ${input.metricsSelector}; check the annotations backstage.io/kubernetes-id, backstage.io/kubernetes-namespace and mlops-portal.io/metrics-profile`,
    });
    return reasons;
  }
  const { requestsPerSecond: rps, errorRatio, latency } = signals;
  if (errorRatio !== null && rps !== null && rps > 0) {
    if (errorRatio >= thresholds.criticalErrorRatio) {
      reasons.push({
        code: 'errors-critical',
        severity: 'down',
        message: `${formatPercent(
          errorRatio,
        )} of requests fail (last 5 minutes)`,
      });
    } else if (errorRatio > thresholds.highErrorRatio) {
      reasons.push({
        code: 'errors-high',
        severity: 'degraded',
        message: `${formatPercent(
          errorRatio,
        )} of requests fail (last 5 minutes; alert threshold ${formatPercent(
          thresholds.highErrorRatio,
        )})`,
      });
    }
  }
  for (const alert of slo?.alerts ?? []) {
    if (!alert.firing) continue;
    const code =
      alert.severity === 'page'
        ? 'error-budget-fast-burn'
        : 'error-budget-slow-burn';
    if (reasons.some(r => r.code === code)) continue;
    reasons.push({
      code,
      severity: 'degraded',
      message: `The error budget of the ${
        slo!.availabilityObjectivePercent
      } % objective burns more than ${alert.threshold}× too fast over ${
        alert.longWindow
      } and ${alert.shortWindow}`,
    });
  }
  for (const objective of slo?.tokenObjectives ?? []) {
    const alert = objective.alerts.find(a => a.firing);
    if (!alert) continue;
    const long = objective.burnRates.find(w => w.window === alert.longWindow);
    const what =
      objective.figure === 'ttft'
        ? 'requests wait longer than'
        : 'output tokens come later than';
    reasons.push({
      code: 'token-latency-burn',
      severity: 'degraded',
      message: `${formatPercent(long?.errorRatio ?? 0)} of ${what} ${formatMs(
        objective.p95ObjectiveMs,
      )}${objective.figure === 'ttft' ? ' for their first token' : ''} over ${
        alert.longWindow
      }: the ${
        objective.figure === 'ttft' ? 'time-to-first-token' : 'time-per-token'
      } budget burns more than ${alert.threshold}× too fast`,
    });
  }
  if (
    slo &&
    latency.p95Ms !== null &&
    latency.p95Ms > slo.latencyP95ObjectiveMs
  ) {
    const hour =
      slo.latencyP95Over1hMs !== null
        ? `; ${formatMs(slo.latencyP95Over1hMs)} over the last hour`
        : '';
    reasons.push({
      code: 'latency-objective',
      severity: 'degraded',
      message: `p95 latency is ${formatMs(latency.p95Ms)}, over the ${formatMs(
        slo.latencyP95ObjectiveMs,
      )} objective (last 5 minutes${hour})`,
    });
  }
  if (rps === 0) {
    reasons.push({
      code: 'no-traffic',
      severity: 'info',
      message: 'No requests in the last 5 minutes',
    });
  }
  return reasons;
}

function replicaFindings(input: StatusInput): StatusReason[] {
  const { replicas, failedClusters } = input;
  const reasons: StatusReason[] = [];
  const failures = failedClusters.map(f => f.message).join('; ');
  if (!replicas) {
    reasons.push({
      code: 'workloads-unavailable',
      severity: 'unknown',
      message: `Replicas are unknown: ${
        input.kubernetesFailure ?? (failures || 'no cluster answered')
      }`,
    });
    return reasons;
  }
  if (replicas.workloads.length === 0) {
    if (failedClusters.length > 0) {
      reasons.push({
        code: 'workloads-unavailable',
        severity: 'unknown',
        message: `Replicas are unknown: no Deployment in the clusters that answered, and ${failures}`,
      });
    } else {
      reasons.push({
        code: 'no-workloads',
        severity: input.metricsFound ? 'info' : 'unknown',
        message:
          'No Deployment matches the label selector in any cluster; check the annotations backstage.io/kubernetes-id or backstage.io/kubernetes-label-selector',
      });
    }
    return reasons;
  }
  for (const f of failedClusters) {
    reasons.push({
      code: 'cluster-unavailable',
      severity: 'info',
      message: `${f.message}; replicas there are not counted`,
    });
  }
  if (replicas.desired > 0 && replicas.ready === 0) {
    reasons.push({
      code: 'no-ready-replicas',
      severity: 'down',
      message: `No replica is ready (0 of ${replicas.desired})`,
    });
  } else if (replicas.ready < replicas.desired) {
    reasons.push({
      code: 'replicas-not-ready',
      severity: 'degraded',
      message: `${replicas.ready} of ${replicas.desired} replicas are ready`,
    });
  }
  if (replicas.crashLoopingPods > 0) {
    reasons.push({
      code: 'crash-looping',
      severity: 'degraded',
      message: `${replicas.crashLoopingPods} pod${
        replicas.crashLoopingPods === 1 ? ' is' : 's are'
      } in CrashLoopBackOff`,
    });
  }
  if (replicas.recentOomKills > 0) {
    reasons.push({
      code: 'oom-killed',
      severity: 'degraded',
      message: `${replicas.recentOomKills} container${
        replicas.recentOomKills === 1 ? ' was' : 's were'
      } OOMKilled in the last ${replicas.recentWindowMinutes} minutes`,
    });
  }
  return reasons;
}

/**
 * The status and the findings behind it. A finding's severity sets the
 * floor: any `down` finding makes the service down, any `degraded` one
 * degraded; `unknown` (a source missing) only when nothing worse is known.
 */
export function evaluateStatus(input: StatusInput): {
  status: ServingStatus;
  reasons: StatusReason[];
} {
  const reasons = [
    ...trafficFindings(input),
    ...replicaFindings(input),
    ...(input.inferenceServiceFindings ?? []),
  ].sort(
    (a, b) =>
      SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity),
  );
  const worst = reasons[0]?.severity ?? 'info';
  const status: ServingStatus = worst === 'info' ? 'healthy' : worst;
  if (status === 'healthy' && input.signals) {
    const { requestsPerSecond: rps, errorRatio, latency } = input.signals;
    const parts = [
      rps !== null ? `${formatRate(rps)} req/s` : undefined,
      errorRatio !== null ? `${formatPercent(errorRatio)} errors` : undefined,
      latency.p95Ms !== null ? `p95 ${formatMs(latency.p95Ms)}` : undefined,
      input.replicas
        ? `${input.replicas.ready}/${input.replicas.desired} replicas ready`
        : undefined,
    ].filter(Boolean);
    reasons.unshift({
      code: 'within-objectives',
      severity: 'info',
      message: `Within objectives: ${parts.join(', ')}`,
    });
  }
  return { status, reasons };
}
