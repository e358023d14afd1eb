import { CompoundEntityRef } from '@backstage/catalog-model';
import { EntityNotConfigured, SourceReport } from './answers';

/** Path (below the plugin's base URL) of an entity's autoscaling. @public */
export function autoscalingPath(ref: CompoundEntityRef): string {
  const parts = [ref.kind, ref.namespace, ref.name].map(part =>
    encodeURIComponent(part.toLocaleLowerCase('en-US')),
  );
  return `/entities/${parts.join('/')}/autoscaling`;
}

/**
 * A number read from a Kubernetes quantity (`500m`, `1.5Gi`, `2k`) or a
 * utilisation percentage, with the text a person reads. `value` is null and
 * `display` says "unknown" when the text is not a quantity. @public
 */
export interface HpaQuantity {
  /** As the HPA holds it, e.g. `500m` or `80` (percent). */
  raw: string;
  value: number | null;
  /** In human units, e.g. `0.5 cores`, `1.5 GiB`, `80 %`, `1.2k`. */
  display: string;
}

/** One metric of an HPA: what it measures, its target and the current value. @public */
export interface HpaMetricView {
  /** `Resource`, `ContainerResource`, `Pods`, `Object`, `External`, or whatever the spec says. */
  type: string;
  /** False for a metric type this portal does not know; shown as unknown. */
  known: boolean;
  /** The metric or resource name, e.g. `cpu`, `requests_per_second`. */
  name: string | null;
  /** The container of a ContainerResource metric. */
  container?: string;
  /** `Kind/name` of the object of an Object metric. */
  describedObject?: string;
  /** The metric's label selector, as `key=value` terms. */
  selector?: string;
  /** `Utilization`, `AverageValue` or `Value`. */
  targetType: string | null;
  target: HpaQuantity | null;
  /** Null when the controller reports no value (metrics missing). */
  current: HpaQuantity | null;
  /** current / target, when both are numbers and the target is not 0. */
  ratio: number | null;
}

/** A condition of an HPA, with what it means in plain words. @public */
export interface HpaConditionView {
  type: string;
  status: string;
  reason: string | null;
  message: string | null;
  lastTransitionTime: string | null;
  /** What the condition means and, where one exists, what to do. */
  explanation: string;
  /** True when the condition explains why the HPA does not scale as expected. */
  problem: boolean;
}

/** One policy of a scaling direction. @public */
export interface HpaScalingPolicyView {
  type: string;
  value: number;
  periodSeconds: number;
}

/** The `behavior` of one direction. @public */
export interface HpaScalingRulesView {
  stabilizationWindowSeconds: number | null;
  selectPolicy: string | null;
  policies: HpaScalingPolicyView[];
}

/** `spec.behavior`; null directions use Kubernetes' defaults. @public */
export interface HpaBehaviorView {
  scaleUp: HpaScalingRulesView | null;
  scaleDown: HpaScalingRulesView | null;
}

/** An HPA pinned at one of its limits, and since when. @public */
export interface HpaPinned {
  at: 'max' | 'min';
  replicas: number;
  /** When it got there (ScalingLimited's transition, else the last scale), or null when unknown. */
  since: string | null;
}

/** One HorizontalPodAutoscaler (autoscaling/v2) of an entity. @public */
export interface HpaStatusView {
  cluster: string;
  namespace: string;
  name: string;
  scaleTarget: { kind: string; name: string };
  minReplicas: number;
  maxReplicas: number;
  /** Null when the HPA has no status yet. */
  currentReplicas: number | null;
  desiredReplicas: number | null;
  lastScaleTime: string | null;
  pinned: HpaPinned | null;
  metrics: HpaMetricView[];
  conditions: HpaConditionView[];
  behavior: HpaBehaviorView | null;
  /** The KEDA ScaledObject that owns this HPA, when it is KEDA's. */
  scaledObject: string | null;
  /** The controller has written no status (or no conditions) yet. */
  statusMissing: boolean;
  /** The findings, most important first, in words a person on call can act on. */
  summary: string[];
}

/** One trigger of a KEDA ScaledObject, shown without secrets. @public */
export interface KedaTriggerView {
  /** The scaler, e.g. `prometheus`, `cpu`, `kafka`. */
  type: string;
  name: string | null;
  metricType: string | null;
  /**
   * The trigger's metadata; the value of a key that may hold a credential
   * (password, token, connection string, ...) is withheld (`value: null`).
   */
  metadata: Array<{ key: string; value: string | null }>;
  /** The TriggerAuthentication it uses, by name only. */
  authenticationRef: { kind: string; name: string } | null;
  /** The External metric KEDA's HPA reads for it (`s0-prometheus`); null for cpu and memory. */
  metricName: string | null;
  /** KEDA's record of the scaler's recent queries, when it keeps one. */
  health: { status: string; numberOfFailures: number | null } | null;
}

/** A condition of a ScaledObject (KEDA writes no transition times). @public */
export interface KedaConditionView {
  type: string;
  status: string;
  reason: string | null;
  message: string | null;
}

/** A KEDA ScaledObject (keda.sh/v1alpha1) of an entity. @public */
export interface KedaScaledObjectView {
  cluster: string;
  namespace: string;
  name: string;
  scaleTarget: { kind: string; name: string };
  /** The HPA KEDA keeps for it; none while it is paused. */
  hpaName: string;
  minReplicaCount: number | null;
  maxReplicaCount: number | null;
  pollingIntervalSeconds: number | null;
  cooldownPeriodSeconds: number | null;
  /** Paused by `autoscaling.keda.sh/paused` or `/paused-replicas`: KEDA removed its HPA. */
  paused: boolean;
  /** The replicas the target is held at while paused, when the annotation names them. */
  pausedReplicas: number | null;
  fallback: {
    failureThreshold: number | null;
    replicas: number | null;
    /** A trigger has failed more than failureThreshold times: the HPA is fed `replicas`. */
    active: boolean;
  } | null;
  triggers: KedaTriggerView[];
  conditions: KedaConditionView[];
  /** The findings, most important first. */
  summary: string[];
}

/** Where a scaling event was learnt from. @public */
export type ScalingEventSource = 'kubernetes-event' | 'observed-change';

/** A scaling decision or failure of an HPA, kept in the portal's database. @public */
export interface ScalingEvent {
  cluster: string;
  namespace: string;
  hpa: string;
  source: ScalingEventSource;
  /** `Normal` or `Warning` for Kubernetes Events, null for observed changes. */
  type: string | null;
  /** e.g. `SuccessfulRescale`, `FailedGetPodsMetric`, `DesiredReplicasChanged`. */
  reason: string;
  message: string;
  fromReplicas: number | null;
  toReplicas: number | null;
  /** How often Kubernetes saw it (its Event's count). */
  count: number;
  occurredAt: string;
}

/** One step of the replicas chart. @public */
export interface HpaReplicasPoint {
  /** Milliseconds since the epoch. */
  t: number;
  current: number | null;
  desired: number | null;
  min: number | null;
  max: number | null;
}

/** Replicas over time of one HPA. @public */
export interface HpaReplicasSeries {
  cluster: string;
  namespace: string;
  hpa: string;
  /** kube-state-metrics in Prometheus, or the portal's history of desired-replica changes. */
  source: 'prometheus' | 'history';
  points: HpaReplicasPoint[];
}

/** The autoscaling of one entity. @public */
export interface EntityAutoscaling {
  state: 'ok';
  entityRef: string;
  evaluatedAt: string;
  hpas: HpaStatusView[];
  /** KEDA ScaledObjects with the entity's labels; their HPAs are among `hpas` unless paused. */
  scaledObjects: KedaScaledObjectView[];
  /** Newest first. */
  events: ScalingEvent[];
  series: HpaReplicasSeries[];
  /** Start and end of the chart's range (ISO). */
  seriesStart: string;
  seriesEnd: string;
  clusters: string[];
  sources: SourceReport[];
  cached: boolean;
}

/** Answer of the autoscaling endpoint. @public */
export type AutoscalingResponse = EntityAutoscaling | EntityNotConfigured;
