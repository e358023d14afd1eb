import type {
  V2HorizontalPodAutoscaler,
  V2HPAScalingRules,
} from '@kubernetes/client-node';
import {
  HpaConditionView,
  HpaPinned,
  HpaScalingRulesView,
  HpaStatusView,
} from '@internal/plugin-mlops-common';
import { isoOrNull } from '../shared/dates';
import { explainCondition, humanDuration } from './explain';
import { metricView } from './hpaMetricView';

/** The label KEDA puts on the HPAs it creates for its ScaledObjects. */
export const KEDA_SCALED_OBJECT_LABEL = 'scaledobject.keda.sh/name';

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function rulesView(
  rules: V2HPAScalingRules | undefined,
): HpaScalingRulesView | null {
  if (!rules) return null;
  return {
    stabilizationWindowSeconds: count(rules.stabilizationWindowSeconds),
    selectPolicy: rules.selectPolicy ?? null,
    policies: (rules.policies ?? []).map(p => ({
      type: p.type,
      value: p.value,
      periodSeconds: p.periodSeconds,
    })),
  };
}

function scaledObjectOf(hpa: V2HorizontalPodAutoscaler): string | null {
  const owner = hpa.metadata?.ownerReferences?.find(
    o => o.kind === 'ScaledObject' && o.apiVersion?.startsWith('keda.sh/'),
  );
  return (
    owner?.name ?? hpa.metadata?.labels?.[KEDA_SCALED_OBJECT_LABEL] ?? null
  );
}

function pinnedOf(
  min: number,
  max: number,
  current: number | null,
  desired: number | null,
  limited: HpaConditionView | undefined,
  lastScaleTime: string | null,
): HpaPinned | null {
  const limitedSince = (reason: string) =>
    limited?.status === 'True' && limited.reason === reason
      ? limited.lastTransitionTime
      : undefined;
  const atMax = limitedSince('TooManyReplicas');
  if (
    atMax !== undefined ||
    (current !== null && current >= max && (desired ?? max) >= max)
  ) {
    return { at: 'max', replicas: max, since: atMax ?? lastScaleTime };
  }
  const atMin = limitedSince('TooFewReplicas');
  if (atMin !== undefined) return { at: 'min', replicas: min, since: atMin };
  return null;
}

/**
 * The view of one HPA: every metric against its target in human units, the
 * conditions in plain words, `behavior`, and whether it is pinned at a limit.
 * Tolerates what a half-written or odd object holds: missing status,
 * unknown metric types, values that are not quantities.
 */
export function hpaView(
  cluster: string,
  hpa: V2HorizontalPodAutoscaler,
  now: Date,
): HpaStatusView {
  const spec = hpa.spec;
  const status = hpa.status;
  const minReplicas = count(spec?.minReplicas) ?? 1;
  const maxReplicas = count(spec?.maxReplicas) ?? minReplicas;
  const scaleTarget = {
    kind: spec?.scaleTargetRef?.kind ?? 'unknown',
    name: spec?.scaleTargetRef?.name ?? 'unknown',
  };
  const currentReplicas = count(status?.currentReplicas);
  const desiredReplicas = count(status?.desiredReplicas);
  const lastScaleTime = isoOrNull(status?.lastScaleTime);
  const context = {
    minReplicas,
    maxReplicas,
    scaleTarget: `${scaleTarget.kind} ${scaleTarget.name}`,
    now,
  };
  const conditions = (status?.conditions ?? []).map(c => {
    const view: HpaConditionView = {
      type: c.type,
      status: c.status,
      reason: c.reason ?? null,
      message: c.message ?? null,
      lastTransitionTime: isoOrNull(c.lastTransitionTime),
      explanation: '',
      problem: false,
    };
    return { ...view, ...explainCondition(view, context) };
  });
  const metrics = (spec?.metrics ?? []).map(m =>
    metricView(m, status?.currentMetrics ?? []),
  );
  const limited = conditions.find(c => c.type === 'ScalingLimited');
  const pinned = pinnedOf(
    minReplicas,
    maxReplicas,
    currentReplicas,
    desiredReplicas,
    limited,
    lastScaleTime,
  );
  const statusMissing = !status || conditions.length === 0;

  const summary = conditions.filter(c => c.problem).map(c => c.explanation);
  if (
    pinned?.at === 'max' &&
    !(limited?.problem && limited.reason === 'TooManyReplicas')
  ) {
    const since = pinned.since
      ? ` for ${humanDuration(now.getTime() - Date.parse(pinned.since))}`
      : '';
    summary.push(
      `At maxReplicas=${maxReplicas}${since}: raise maxReplicas or reduce load`,
    );
  }
  if (statusMissing) {
    summary.push(
      'The HPA controller has written no status yet: the HPA is new, or no controller manages it',
    );
  }
  for (const m of metrics) {
    if (!m.known)
      summary.push(
        `Metric type '${m.type}' is unknown to the portal and shown as unknown`,
      );
  }
  return {
    cluster,
    namespace: hpa.metadata?.namespace ?? '',
    name: hpa.metadata?.name ?? '',
    scaleTarget,
    minReplicas,
    maxReplicas,
    currentReplicas,
    desiredReplicas,
    lastScaleTime,
    pinned,
    metrics,
    conditions,
    behavior: spec?.behavior
      ? {
          scaleUp: rulesView(spec.behavior.scaleUp),
          scaleDown: rulesView(spec.behavior.scaleDown),
        }
      : null,
    scaledObject: scaledObjectOf(hpa),
    statusMissing,
    summary,
  };
}
