/**
 * A KEDA ScaledObject and what KEDA v2.20's operator makes of it: the HPA
 * `keda-hpa-<name>` (controllers/keda/hpa.go) and the ScaledObject's status
 * (conditions, health, paused replicas). No KEDA operator runs in the
 * sandbox; the simulator writes both as the operator would. Pure.
 */
import type {
  V2HorizontalPodAutoscaler,
  V2MetricSpec,
} from '@kubernetes/client-node';
import type {
  Condition,
  HorizontalPodAutoscaler,
  ObjectMeta,
} from './kubeTypes';
import type { ModelService } from './fleet';
import { serviceKey } from './chart';
import { KubeManifest, LABEL_MANAGED } from './workloads';

export const KEDA_API_VERSION = 'keda.sh/v1alpha1';
export const SCALED_OBJECT_LABEL = 'scaledobject.keda.sh/name';
export const PAUSED_ANNOTATION = 'autoscaling.keda.sh/paused';
export const PAUSED_REPLICAS_ANNOTATION = 'autoscaling.keda.sh/paused-replicas';
/** The version KEDA's operator writes into its HPAs' labels. */
const KEDA_VERSION = '2.20.0';
/** KEDA skips the HPA health check for a minute after creating the HPA. */
const HPA_HEALTH_GRACE_MS = 60_000;

/** The example fleet's service scaled by a ScaledObject instead of the chart's HPA. */
const KEDA_SERVICES = new Set(['reco-candidate-retrieval']);

export const isKedaService = (service: ModelService): boolean =>
  KEDA_SERVICES.has(service.name);

/** The chart's objects, less the HPA of a KEDA service: its ScaledObject's HPA replaces it. */
export function withoutChartHpaOfKedaServices(
  rendered: ReadonlyMap<string, readonly KubeManifest[]>,
  services: readonly ModelService[],
): Map<string, readonly KubeManifest[]> {
  const result = new Map(rendered);
  for (const service of services.filter(isKedaService)) {
    const key = serviceKey(service);
    result.set(
      key,
      (rendered.get(key) ?? []).filter(
        m => m.kind !== 'HorizontalPodAutoscaler',
      ),
    );
  }
  return result;
}

export interface ScaleTrigger {
  type: string;
  name?: string;
  metricType?: string;
  metadata: Record<string, string>;
  authenticationRef?: { name: string; kind?: string };
}

export interface ScaledObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: {
    scaleTargetRef: { apiVersion?: string; kind?: string; name: string };
    pollingInterval?: number;
    cooldownPeriod?: number;
    minReplicaCount?: number;
    maxReplicaCount?: number;
    fallback?: { failureThreshold: number; replicas: number };
    advanced?: {
      horizontalPodAutoscalerConfig?: { name?: string; behavior?: object };
    };
    triggers: ScaleTrigger[];
  };
  status?: ScaledObjectStatus;
}

export interface ScaledObjectStatus {
  scaleTargetKind?: string;
  scaleTargetGVKR?: {
    group: string;
    version: string;
    kind: string;
    resource: string;
  };
  originalReplicaCount?: number;
  lastActiveTime?: string;
  externalMetricNames?: string[];
  resourceMetricNames?: string[];
  conditions?: Condition[];
  health?: Record<string, { numberOfFailures: number; status: string }>;
  pausedReplicaCount?: number | null;
  hpaName?: string;
  triggersTypes?: string;
}

/** Requests per second of the whole service, as the sandbox Prometheus has them. */
export function requestRateQuery(service: ModelService): string {
  return `sum(rate(model_server_requests_total{cluster="${service.cluster}",namespace="${service.namespace}",service="${service.name}"}[1m]))`;
}

/** The ScaledObject a team would write for the service (the chart's HPA targets, as triggers). */
export function scaledObjectManifest(
  service: ModelService,
  prometheusUrl: string,
): ScaledObject & KubeManifest {
  return {
    apiVersion: KEDA_API_VERSION,
    kind: 'ScaledObject',
    metadata: {
      name: service.name,
      namespace: service.namespace,
      labels: {
        'backstage.io/kubernetes-id': service.name,
        'app.kubernetes.io/name': service.name,
        'app.kubernetes.io/part-of': service.system,
        [LABEL_MANAGED]: 'true',
        // KEDA's operator adds it to every ScaledObject (ensureScaledObjectLabel).
        [SCALED_OBJECT_LABEL]: service.name,
      },
    },
    spec: {
      scaleTargetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: service.name,
      },
      pollingInterval: 15,
      cooldownPeriod: 300,
      minReplicaCount: service.minReplicas,
      maxReplicaCount: service.maxReplicas,
      fallback: { failureThreshold: 3, replicas: service.maxReplicas },
      advanced: {
        horizontalPodAutoscalerConfig: {
          behavior: { scaleDown: { stabilizationWindowSeconds: 60 } },
        },
      },
      triggers: [
        {
          type: 'prometheus',
          metadata: {
            serverAddress: prometheusUrl,
            query: requestRateQuery(service),
            threshold: '50',
            activationThreshold: '1',
          },
        },
        { type: 'cpu', metricType: 'Utilization', metadata: { value: '70' } },
      ],
    },
  };
}

export function hpaNameOf(so: ScaledObject): string {
  return (
    so.spec.advanced?.horizontalPodAutoscalerConfig?.name ||
    `keda-hpa-${so.metadata.name}`
  );
}

/** KEDA's names for the External metrics of its scalers: `s<index>-<scaler>`. */
export function externalMetricNames(so: ScaledObject): string[] {
  return so.spec.triggers.flatMap((t, i) =>
    t.type === 'prometheus' ? [`s${i}-prometheus`] : [],
  );
}

const RESOURCE_TRIGGERS = new Set(['cpu', 'memory']);

/** The paused state the annotations ask for; `invalid` when the count is not an integer. */
export function pauseOf(
  so: ScaledObject,
): { paused: false } | { paused: true; replicas?: number; invalid?: boolean } {
  const annotations = so.metadata.annotations ?? {};
  const count = annotations[PAUSED_REPLICAS_ANNOTATION];
  if (count !== undefined) {
    return /^-?\d+$/.test(count.trim())
      ? { paused: true, replicas: Number(count.trim()) }
      : { paused: true, invalid: true };
  }
  return annotations[PAUSED_ANNOTATION]?.toLowerCase() === 'true'
    ? { paused: true }
    : { paused: false };
}

/** The HPA KEDA's operator writes for the ScaledObject (newHPAForScaledObject). */
export function kedaHpaManifest(so: ScaledObject): V2HorizontalPodAutoscaler {
  const name = hpaNameOf(so);
  const selector = { matchLabels: { [SCALED_OBJECT_LABEL]: so.metadata.name } };
  const metrics = so.spec.triggers.flatMap((t, i): V2MetricSpec[] => {
    if (t.type === 'prometheus') {
      return [
        {
          type: 'External',
          external: {
            metric: { name: `s${i}-prometheus`, selector },
            target: {
              type: 'AverageValue',
              averageValue: t.metadata.threshold,
            },
          },
        },
      ];
    }
    if (RESOURCE_TRIGGERS.has(t.type)) {
      const utilization = (t.metricType ?? 'Utilization') === 'Utilization';
      return [
        {
          type: 'Resource',
          resource: {
            name: t.type,
            target: utilization
              ? {
                  type: 'Utilization',
                  averageUtilization: Number(t.metadata.value),
                }
              : { type: 'AverageValue', averageValue: t.metadata.value },
          },
        },
      ];
    }
    return [];
  });
  // KEDA sorts the metrics by type so that its reconcile loop sees a stable spec.
  metrics.sort((a, b) => a.type.localeCompare(b.type));
  const min = so.spec.minReplicaCount;
  const behavior = so.spec.advanced?.horizontalPodAutoscalerConfig?.behavior;
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: {
      name,
      namespace: so.metadata.namespace,
      labels: {
        'app.kubernetes.io/name': name.slice(0, 63),
        'app.kubernetes.io/version': KEDA_VERSION,
        'app.kubernetes.io/part-of': so.metadata.name,
        'app.kubernetes.io/managed-by': 'keda-operator',
        ...so.metadata.labels,
      },
      annotations: so.metadata.annotations,
      ownerReferences: [
        {
          apiVersion: KEDA_API_VERSION,
          kind: 'ScaledObject',
          name: so.metadata.name,
          uid: so.metadata.uid!,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      minReplicas: min !== undefined && min > 0 ? min : 1,
      maxReplicas: so.spec.maxReplicaCount ?? 100,
      scaleTargetRef: {
        apiVersion: so.spec.scaleTargetRef.apiVersion ?? 'apps/v1',
        kind: so.spec.scaleTargetRef.kind ?? 'Deployment',
        name: so.spec.scaleTargetRef.name,
      },
      metrics,
      ...(behavior ? { behavior } : {}),
    },
  };
}

/** What the scaler's last polls of its query gave (KEDA's scale loop). */
export interface ScalerPoll {
  /** Consecutive failed polls. */
  failures: number;
  /** The query's value at the last successful poll. */
  value?: number;
  lastActiveTime?: string;
}

export function nextPoll(
  previous: ScalerPoll | undefined,
  result: { ok: true; value: number } | { ok: false },
  activationThreshold: number,
  nowIso: string,
): ScalerPoll {
  if (!result.ok) {
    return { ...previous, failures: (previous?.failures ?? 0) + 1 };
  }
  return {
    failures: 0,
    value: result.value,
    lastActiveTime:
      result.value > activationThreshold ? nowIso : previous?.lastActiveTime,
  };
}

const condition = (
  type: string,
  status: string,
  reason?: string,
  message?: string,
): Condition => ({ type, status, reason, message });

/** The ScaledObject's status as KEDA's operator and scale loop write it. */
export function scaledObjectStatus(input: {
  so: ScaledObject;
  /** The HPA KEDA made, as the cluster has it now. */
  hpa: HorizontalPodAutoscaler | undefined;
  deploymentReplicas: number | undefined;
  poll: ScalerPoll | undefined;
  nowMs: number;
}): ScaledObjectStatus {
  const { so, hpa, poll, nowMs } = input;
  const before = so.status;
  const pause = pauseOf(so);
  const wasPaused =
    before?.conditions?.find(c => c.type === 'Paused')?.status === 'True';
  const external = externalMetricNames(so);
  const failing = (poll?.failures ?? 0) > 0;
  const threshold = so.spec.fallback?.failureThreshold;
  const fallbackActive =
    threshold !== undefined && (poll?.failures ?? 0) > threshold;
  const activation = Number(
    so.spec.triggers.find(t => t.type === 'prometheus')?.metadata
      .activationThreshold ?? 0,
  );
  const active = !failing && (poll?.value ?? 0) > activation;

  let ready: Condition;
  if (pause.paused && pause.invalid) {
    ready = condition(
      'Ready',
      'False',
      'ScaledObjectCheckFailed',
      'failed to scale target to paused replica count',
    );
  } else if (pause.paused) {
    ready = condition(
      'Ready',
      'True',
      'ScaledObjectReady',
      'ScaledObject is paused',
    );
  } else {
    ready = condition(
      'Ready',
      'True',
      'ScaledObjectReady',
      'ScaledObject is defined correctly and is ready for scaling',
    );
    const scalingActive = hpa?.status?.conditions?.find(
      c => c.type === 'ScalingActive',
    );
    const created = Date.parse(hpa?.metadata.creationTimestamp ?? '');
    if (
      scalingActive &&
      scalingActive.status !== 'True' &&
      scalingActive.reason !== 'ScalingDisabled' &&
      nowMs - created >= HPA_HEALTH_GRACE_MS
    ) {
      ready = condition(
        'Ready',
        'False',
        'HPAMetricsUnavailable',
        `ScaledObject is configured correctly but HPA is not healthy: ${scalingActive.reason}`,
      );
    }
  }
  let paused: Condition;
  if (pause.paused) {
    paused = condition(
      'Paused',
      'True',
      'ScaledObjectPaused',
      'ScaledObject is paused',
    );
  } else if (wasPaused) {
    paused = condition(
      'Paused',
      'False',
      'ScaledObjectUnpaused',
      'pause annotation removed for ScaledObject',
    );
  } else {
    paused =
      before?.conditions?.find(c => c.type === 'Paused') ??
      condition('Paused', 'False');
  }
  const conditions = [
    ready,
    active
      ? condition(
          'Active',
          'True',
          'ScalerActive',
          'Scaling is performed because triggers are active',
        )
      : condition(
          'Active',
          'False',
          'ScalerNotActive',
          'Scaling is not performed because triggers are not active',
        ),
    fallbackActive
      ? condition(
          'Fallback',
          'True',
          'FallbackExists',
          'At least one trigger is falling back on this scaled object',
        )
      : condition(
          'Fallback',
          'False',
          'NoFallbackFound',
          'No fallbacks are active on this scaled object',
        ),
    paused,
  ];
  const target = so.spec.scaleTargetRef;
  const [group, version] = (target.apiVersion ?? 'apps/v1').split('/');
  return {
    scaleTargetKind: `${target.apiVersion ?? 'apps/v1'}.${
      target.kind ?? 'Deployment'
    }`,
    scaleTargetGVKR: {
      group,
      version,
      kind: target.kind ?? 'Deployment',
      resource: `${(target.kind ?? 'Deployment').toLowerCase()}s`,
    },
    originalReplicaCount:
      before?.originalReplicaCount ?? input.deploymentReplicas,
    lastActiveTime: poll?.lastActiveTime ?? before?.lastActiveTime,
    externalMetricNames: external,
    resourceMetricNames: so.spec.triggers
      .filter(t => RESOURCE_TRIGGERS.has(t.type))
      .map(t => t.type),
    conditions,
    health: Object.fromEntries(
      external.map(name => [
        name,
        {
          numberOfFailures: poll?.failures ?? 0,
          status: failing ? 'Failing' : 'Happy',
        },
      ]),
    ),
    pausedReplicaCount:
      pause.paused && pause.replicas !== undefined ? pause.replicas : null,
    hpaName: hpaNameOf(so),
    triggersTypes: so.spec.triggers.map(t => t.type).join(','),
  };
}
