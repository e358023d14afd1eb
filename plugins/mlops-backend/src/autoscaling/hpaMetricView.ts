import type {
  V2MetricSpec,
  V2MetricStatus,
  V2MetricTarget,
  V2MetricValueStatus,
} from '@kubernetes/client-node';
import { HpaMetricView } from '@internal/plugin-mlops-common';
import { QuantityUnit, quantityView } from './quantity';

const KNOWN_TYPES = [
  'Resource',
  'ContainerResource',
  'Pods',
  'Object',
  'External',
];

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

/** One metric of an HPA's spec against its status, in human units. */
export function metricView(
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
