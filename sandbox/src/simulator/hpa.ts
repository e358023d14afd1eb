import type {
  Condition,
  HorizontalPodAutoscaler,
  HpaMetricStatus,
  HpaStatus,
} from './kubeTypes';
import { parseQuantity } from '@internal/plugin-mlops-common';

/**
 * The HPA controller's decision, reproduced for the fallback where the
 * simulator writes HPA status (MLOPS_SANDBOX_HPA_STATUS_WRITER=simulator):
 * desired = ceil(ready pods x current / target) per metric, the highest wins,
 * a 10 % tolerance, scale-up limited to max(+4 pods, x2) per step, scale-down
 * held by a stabilisation window, clamped to min/max. Conditions and reasons
 * are the ones kube-controller-manager writes.
 */
export const TOLERANCE = 0.1;
/** As the sandbox's kube-controller-manager (--horizontal-pod-autoscaler-downscale-stabilization=1m; Kubernetes' default is 5m). */
export const DOWNSCALE_STABILIZATION_MS = 60_000;

export interface PodMetrics {
  cpuUtilizationPercent: number;
  cpuMillisPerPod: number;
  rpsPerPod: number;
}

export interface Recommendation {
  atMs: number;
  replicas: number;
}

export interface HpaInputs {
  hpa: HorizontalPodAutoscaler;
  currentReplicas: number;
  readyPods: number;
  /** Undefined when the metrics APIs cannot be reached. */
  metrics: PodMetrics | undefined;
  nowMs: number;
  recommendations: readonly Recommendation[];
}

export interface HpaDecision {
  desiredReplicas: number;
  status: HpaStatus;
  recommendations: Recommendation[];
}

function proposal(ratio: number, readyPods: number, current: number): number {
  if (Math.abs(ratio - 1) <= TOLERANCE) return current;
  return Math.ceil(ratio * Math.max(readyPods, 1));
}

function withTransitionTimes(
  conditions: Condition[],
  previous: readonly Condition[] | undefined,
  nowIso: string,
): Condition[] {
  return conditions.map(c => {
    const before = previous?.find(p => p.type === c.type);
    return {
      ...c,
      lastTransitionTime:
        before && before.status === c.status && before.lastTransitionTime
          ? before.lastTransitionTime
          : nowIso,
    };
  });
}

/** The targets of the HPA's spec that the simulator can feed: CPU utilisation and a requests-per-second Pods metric. */
export interface HpaTargets {
  cpuUtilizationPercent?: number;
  podsMetric?: { name: string; averageValue: number };
}

export function hpaTargets(hpa: HorizontalPodAutoscaler): HpaTargets {
  const targets: HpaTargets = {};
  for (const m of hpa.spec.metrics ?? []) {
    const cpu = m.resource?.target.averageUtilization;
    if (m.type === 'Resource' && m.resource?.name === 'cpu' && cpu) {
      targets.cpuUtilizationPercent = cpu;
    }
    const value = parseQuantity(m.pods?.target.averageValue);
    if (m.type === 'Pods' && m.pods && value !== null && value > 0) {
      targets.podsMetric = { name: m.pods.metric.name, averageValue: value };
    }
  }
  return targets;
}

function currentMetrics(
  metrics: PodMetrics,
  targets: HpaTargets,
): HpaMetricStatus[] {
  const current: HpaMetricStatus[] = [];
  if (targets.cpuUtilizationPercent) {
    current.push({
      type: 'Resource',
      resource: {
        name: 'cpu',
        current: {
          averageUtilization: Math.round(metrics.cpuUtilizationPercent),
          averageValue: `${Math.round(metrics.cpuMillisPerPod)}m`,
        },
      },
    });
  }
  if (targets.podsMetric) {
    current.push({
      type: 'Pods',
      pods: {
        metric: { name: targets.podsMetric.name },
        current: { averageValue: `${Math.round(metrics.rpsPerPod * 1000)}m` },
      },
    });
  }
  return current;
}

export function decideHpa(inputs: HpaInputs): HpaDecision {
  const { hpa, currentReplicas, readyPods, metrics, nowMs } = inputs;
  const nowIso = new Date(nowMs).toISOString();
  const previous = hpa.status?.conditions;
  const min = hpa.spec.minReplicas ?? 1;
  const max = hpa.spec.maxReplicas;
  const targets = hpaTargets(hpa);
  const podsMetricName = targets.podsMetric?.name ?? 'requests_per_second';
  const ableToScale = (reason: string, message: string): Condition => ({
    type: 'AbleToScale',
    status: 'True',
    reason,
    message,
  });

  if (!metrics) {
    return {
      desiredReplicas: currentReplicas,
      recommendations: [...inputs.recommendations],
      status: {
        currentReplicas,
        desiredReplicas: currentReplicas,
        lastScaleTime: hpa.status?.lastScaleTime,
        currentMetrics: undefined,
        conditions: withTransitionTimes(
          [
            ableToScale(
              'SucceededGetScale',
              "the HPA controller was able to get the target's current scale",
            ),
            {
              type: 'ScalingActive',
              status: 'False',
              reason: 'FailedGetPodsMetric',
              message: `the HPA was unable to compute the replica count: unable to get metric ${podsMetricName}: unable to fetch metrics from custom metrics API: the server is currently unable to handle the request (get pods.custom.metrics.k8s.io *)`,
            },
            ...(previous ?? []).filter(c => c.type === 'ScalingLimited'),
          ],
          previous,
          nowIso,
        ),
      },
    };
  }

  const cpuProposal = targets.cpuUtilizationPercent
    ? proposal(
        metrics.cpuUtilizationPercent / targets.cpuUtilizationPercent,
        readyPods,
        currentReplicas,
      )
    : 0;
  const rpsProposal = targets.podsMetric
    ? proposal(
        metrics.rpsPerPod / targets.podsMetric.averageValue,
        readyPods,
        currentReplicas,
      )
    : 0;
  const raw = Math.max(cpuProposal, rpsProposal);
  const decidingMetric =
    rpsProposal >= cpuProposal
      ? `pods metric ${podsMetricName}`
      : 'cpu resource utilization (percentage of request)';

  const recommendations = [
    ...inputs.recommendations.filter(
      r => nowMs - r.atMs < DOWNSCALE_STABILIZATION_MS,
    ),
    { atMs: nowMs, replicas: raw },
  ];
  const stabilized =
    raw < currentReplicas
      ? Math.min(
          currentReplicas,
          Math.max(...recommendations.map(r => r.replicas)),
        )
      : raw;
  const upLimit = Math.max(currentReplicas * 2, currentReplicas + 4);
  const clamped = Math.min(max, Math.max(min, Math.min(stabilized, upLimit)));

  let limited: Condition;
  if (stabilized > max) {
    limited = {
      type: 'ScalingLimited',
      status: 'True',
      reason: 'TooManyReplicas',
      message:
        'the desired replica count is more than the maximum replica count',
    };
  } else if (stabilized < min) {
    limited = {
      type: 'ScalingLimited',
      status: 'True',
      reason: 'TooFewReplicas',
      message:
        'the desired replica count is less than the minimum replica count',
    };
  } else if (stabilized > upLimit) {
    limited = {
      type: 'ScalingLimited',
      status: 'True',
      reason: 'ScaleUpLimit',
      message:
        'the desired replica count is increasing faster than the maximum scale rate',
    };
  } else {
    limited = {
      type: 'ScalingLimited',
      status: 'False',
      reason: 'DesiredWithinRange',
      message: 'the desired count is within the acceptable range',
    };
  }

  let able: Condition;
  if (clamped !== currentReplicas) {
    able = ableToScale(
      'SucceededRescale',
      `the HPA controller was able to update the target scale to ${clamped}`,
    );
  } else if (raw < currentReplicas && stabilized > raw) {
    able = ableToScale(
      'ScaleDownStabilized',
      'recent recommendations were higher than current one, applying the highest recent recommendation',
    );
  } else {
    able = ableToScale(
      'ReadyForNewScale',
      'recommended size matches current size',
    );
  }

  return {
    desiredReplicas: clamped,
    recommendations,
    status: {
      currentReplicas,
      desiredReplicas: clamped,
      currentMetrics: currentMetrics(metrics, targets),
      lastScaleTime:
        clamped !== currentReplicas ? nowIso : hpa.status?.lastScaleTime,
      conditions: withTransitionTimes(
        [
          able,
          {
            type: 'ScalingActive',
            status: 'True',
            reason: 'ValidMetricFound',
            message: `the HPA was able to successfully calculate a replica count from ${decidingMetric}`,
          },
          limited,
        ],
        previous,
        nowIso,
      ),
    },
  };
}

/**
 * Whether `next` changes replicas, scale time or conditions. Metric values move
 * at every tick; callers refresh them on a slower period instead.
 */
export function hpaStatusChanged(
  before: HpaStatus | undefined,
  next: HpaStatus,
): boolean {
  const strip = (s: HpaStatus | undefined) =>
    JSON.stringify({
      currentReplicas: s?.currentReplicas,
      desiredReplicas: s?.desiredReplicas,
      metricTypes: (s?.currentMetrics ?? []).map(m => m.type),
      lastScaleTime: s?.lastScaleTime,
      conditions: (s?.conditions ?? []).map(c => [c.type, c.status, c.reason]),
    });
  return strip(before) !== strip(next);
}
