import {
  KedaConditionView,
  KedaScaledObjectView,
  KedaTriggerView,
} from '@internal/plugin-mlops-common';
import {
  KEDA_PAUSED_ANNOTATION,
  KEDA_PAUSED_REPLICAS_ANNOTATION,
  KedaScaledObject,
} from '../upstream/kubernetes/kedaTypes';

/** Metadata keys whose values may be credentials: shown by key only. */
const SECRET_KEY =
  /pass|secret|token|key|credential|connection|auth|cert|private|cookie/i;

const text = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value : null;

const count = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

/** A URL's user and password are replaced; anything else is kept as it is. */
function withoutUserInfo(value: string): string {
  try {
    const url = new URL(value);
    if (!url.username && !url.password) return value;
    url.username = 'redacted';
    url.password = '';
    return url.toString();
  } catch {
    return value;
  }
}

function metadataView(
  metadata: unknown,
): Array<{ key: string; value: string | null }> {
  if (!metadata || typeof metadata !== 'object' || Array.isArray(metadata)) {
    return [];
  }
  return Object.entries(metadata as Record<string, unknown>)
    .filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v))
    .map(([key, v]) => ({
      key,
      value: SECRET_KEY.test(key) ? null : withoutUserInfo(String(v)),
    }));
}

function pausedReplicasOf(so: KedaScaledObject): number | null {
  const annotation =
    so.metadata?.annotations?.[KEDA_PAUSED_REPLICAS_ANNOTATION]?.trim();
  if (annotation !== undefined && /^-?\d+$/.test(annotation)) {
    return Number(annotation);
  }
  return count(so.status?.pausedReplicaCount);
}

/** As KEDA decides it (NeedToBePausedByAnnotation): paused-replicas present, or paused "true". */
function isPaused(so: KedaScaledObject): boolean {
  const annotations = so.metadata?.annotations ?? {};
  return (
    annotations[KEDA_PAUSED_REPLICAS_ANNOTATION] !== undefined ||
    annotations[KEDA_PAUSED_ANNOTATION]?.toLowerCase() === 'true'
  );
}

/**
 * The view of one ScaledObject: triggers without secrets, replica bounds,
 * the paused state, the fallback and whether it is active, the conditions.
 * Tolerates any shape: a field of the wrong type is shown as unknown.
 */
export function scaledObjectView(
  cluster: string,
  so: KedaScaledObject,
): KedaScaledObjectView {
  const spec = so.spec ?? {};
  const status = so.status ?? {};
  const name = so.metadata?.name ?? '';
  const health = status.health ?? {};
  const externalNames = Array.isArray(status.externalMetricNames)
    ? status.externalMetricNames
    : [];
  const conditions: KedaConditionView[] = (
    Array.isArray(status.conditions) ? status.conditions : []
  ).map(c => ({
    type: text(c?.type) ?? 'unknown',
    status: text(c?.status) ?? 'Unknown',
    reason: text(c?.reason),
    message: text(c?.message),
  }));
  const triggers: KedaTriggerView[] = (
    Array.isArray(spec.triggers) ? spec.triggers : []
  ).map((t, i) => {
    const type = text(t?.type) ?? 'unknown';
    // KEDA names a scaler's External metric s<index>-<scaler>[-<suffix>].
    const metricName = externalNames.find(n => n.startsWith(`s${i}-`)) ?? null;
    const record = metricName ? health[metricName] : undefined;
    const auth = t?.authenticationRef;
    return {
      type,
      name: text(t?.name),
      metricType: text(t?.metricType),
      metadata: metadataView(t?.metadata),
      authenticationRef: text(auth?.name)
        ? {
            kind: text(auth?.kind) ?? 'TriggerAuthentication',
            name: auth!.name!,
          }
        : null,
      metricName,
      health: record
        ? {
            status: text(record.status) ?? 'unknown',
            numberOfFailures: count(record.numberOfFailures),
          }
        : null,
    };
  });
  const threshold = count(spec.fallback?.failureThreshold);
  const fallbackActive =
    conditions.some(c => c.type === 'Fallback' && c.status === 'True') ||
    (threshold !== null &&
      triggers.some(t => (t.health?.numberOfFailures ?? 0) > threshold));
  const fallback = spec.fallback
    ? {
        failureThreshold: threshold,
        replicas: count(spec.fallback.replicas),
        active: fallbackActive,
      }
    : null;
  const paused = isPaused(so);
  const pausedReplicas = paused ? pausedReplicasOf(so) : null;

  const summary: string[] = [];
  if (paused) {
    summary.push(
      pausedReplicas !== null
        ? `Paused by ${KEDA_PAUSED_REPLICAS_ANNOTATION}: KEDA holds ${name} at ${pausedReplicas} replicas and has removed its HPA`
        : `Paused by ${KEDA_PAUSED_ANNOTATION}: the replicas stay where they are and KEDA has removed its HPA`,
    );
  }
  if (fallback?.active) {
    summary.push(
      `Fallback active: a trigger failed more than ${
        threshold ?? '?'
      } times in a row, so KEDA feeds the HPA ${
        fallback.replicas ?? '?'
      } replicas`,
    );
  }
  const ready = conditions.find(c => c.type === 'Ready');
  if (ready?.status === 'False') {
    summary.push(
      `Not ready (${ready.reason ?? 'no reason'}): ${
        ready.message ?? ''
      }`.trim(),
    );
  }
  for (const t of triggers) {
    if (t.health?.status === 'Failing' && !fallback?.active) {
      summary.push(
        `The ${t.type} trigger is failing (${
          t.health.numberOfFailures ?? '?'
        } failures in a row${
          threshold !== null ? `; fallback after ${threshold}` : ''
        })`,
      );
    }
  }

  return {
    cluster,
    namespace: so.metadata?.namespace ?? '',
    name,
    scaleTarget: {
      kind: text(spec.scaleTargetRef?.kind) ?? 'Deployment',
      name: text(spec.scaleTargetRef?.name) ?? 'unknown',
    },
    hpaName:
      text(status.hpaName) ??
      text(spec.advanced?.horizontalPodAutoscalerConfig?.name) ??
      `keda-hpa-${name}`,
    minReplicaCount: count(spec.minReplicaCount),
    maxReplicaCount: count(spec.maxReplicaCount),
    pollingIntervalSeconds: count(spec.pollingInterval),
    cooldownPeriodSeconds: count(spec.cooldownPeriod),
    paused,
    pausedReplicas,
    fallback,
    triggers,
    conditions,
    summary,
  };
}
