import type {
  V2HorizontalPodAutoscaler,
  V2HPAScalingRules,
  V2MetricSpec,
  V2MetricStatus,
  V2MetricTarget,
  V2MetricValueStatus,
} from '@kubernetes/client-node';
import {
  HpaConditionView,
  HpaMetricView,
  HpaPinned,
  HpaScalingRulesView,
  HpaStatusView,
} from '@internal/plugin-mlops-common';
import { explainCondition, humanDuration } from './explain';
import { QuantityUnit, quantityView } from './quantity';

/** The label KEDA puts on the HPAs it creates for its ScaledObjects. */
export const KEDA_SCALED_OBJECT_LABEL = 'scaledobject.keda.sh/name';

const KNOWN_TYPES = [
  'Resource',
  'ContainerResource',
  'Pods',
  'Object',
  'External',
];

/** Dates come as Date from client-node and as strings from JSON. */
function iso(value: Date | string | undefined | null): string | null {
  if (!value) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function selectorText(selector?: {
  matchLabels?: Record<string, string>;
}): string | undefined {
  const labels = Object.entries(selector?.matchLabels ?? {});
  return labels.length
    ? labels.map(([k, v]) => `${k}=${v}`).join(',')
    : undefined;
}

/** What identifies a metric, so that its status can be matched to its spec. */
interface MetricKey {
  name: string | null;
  container?: string;
  describedObject?: string;
  selector?: string;
}

type Source = {
  name?: string;
  container?: string;
  metric?: {
    name?: string;
    selector?: { matchLabels?: Record<string, string> };
  };
  describedObject?: { kind?: string; name?: string };
};

function sourceOf(m: V2MetricSpec | V2MetricStatus): Source | undefined {
  const field = `${m.type.charAt(0).toLowerCase()}${m.type.slice(1)}`;
  return (m as unknown as Record<string, Source | undefined>)[field];
}

function keyOf(source: Source | undefined): MetricKey {
  const object = source?.describedObject;
  return {
    name: source?.metric?.name ?? source?.name ?? null,
    container: source?.container,
    describedObject: object ? `${object.kind}/${object.name}` : undefined,
    selector: selectorText(source?.metric?.selector),
  };
}

function sameKey(a: MetricKey, b: MetricKey): boolean {
  return (
    a.name === b.name &&
    a.container === b.container &&
    a.describedObject === b.describedObject &&
    a.selector === b.selector
  );
}

function unitOf(
  type: string,
  name: string | null,
  targetType: string | null,
): QuantityUnit {
  if (targetType === 'Utilization') return 'percent';
  if (type === 'Resource' || type === 'ContainerResource') {
    return name === 'cpu' ? 'cores' : 'bytes';
  }
  return 'count';
}

function targetValue(target: V2MetricTarget | undefined) {
  switch (target?.type) {
    case 'Utilization':
      return target.averageUtilization;
    case 'AverageValue':
      return target.averageValue;
    case 'Value':
      return target.value;
    default:
      return undefined;
  }
}

function currentValue(
  targetType: string | null,
  current: V2MetricValueStatus | undefined,
) {
  if (!current) return undefined;
  if (targetType === 'Utilization') return current.averageUtilization;
  if (targetType === 'Value') return current.value;
  return current.averageValue;
}

function metricView(
  spec: V2MetricSpec,
  statuses: V2MetricStatus[],
): HpaMetricView {
  const type = String(spec.type ?? 'unknown');
  if (!KNOWN_TYPES.includes(type)) {
    return {
      type,
      known: false,
      name: null,
      targetType: null,
      target: null,
      current: null,
      ratio: null,
    };
  }
  const source = sourceOf(spec) as
    | (Source & { target?: V2MetricTarget })
    | undefined;
  const key = keyOf(source);
  const targetType = source?.target?.type ?? null;
  const unit = unitOf(type, key.name, targetType);
  const status = statuses.find(
    s => s.type === type && sameKey(keyOf(sourceOf(s)), key),
  );
  const statusSource = status
    ? (sourceOf(status) as { current?: V2MetricValueStatus })
    : undefined;
  const target = quantityView(targetValue(source?.target), unit);
  const current = quantityView(
    currentValue(targetType, statusSource?.current),
    unit,
  );
  const ratio =
    target?.value && current?.value !== null && current?.value !== undefined
      ? current.value / target.value
      : null;
  return {
    type,
    known: true,
    name: key.name,
    ...(key.container ? { container: key.container } : {}),
    ...(key.describedObject ? { describedObject: key.describedObject } : {}),
    ...(key.selector ? { selector: key.selector } : {}),
    targetType,
    target,
    current,
    ratio,
  };
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
  const lastScaleTime = iso(status?.lastScaleTime);
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
      lastTransitionTime: iso(c.lastTransitionTime),
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
