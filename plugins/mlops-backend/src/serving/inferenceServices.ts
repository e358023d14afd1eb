import {
  ANNOTATION_KSERVE_INFERENCE_SERVICE,
  InferenceServiceComponent,
  InferenceServiceCondition,
  InferenceServiceSummary,
  StatusReason,
} from '@internal/plugin-mlops-common';
import type { V1Pod } from '@kubernetes/client-node';
import type { KServeInferenceService } from '../upstream/kubernetes/kserveTypes';

export type { KServeInferenceService };

const CONDITION_TITLES: Record<string, string> = {
  Ready: 'Ready to serve',
  PredictorReady: 'Predictor ready',
  TransformerReady: 'Transformer ready',
  ExplainerReady: 'Explainer ready',
  IngressReady: 'Ingress configured',
  RoutesReady: 'Routes ready',
  LatestDeploymentReady: 'Latest deployment ready',
  PredictorRouteReady: 'Predictor route ready',
  TransformerRouteReady: 'Transformer route ready',
  ExplainerRoutesReady: 'Explainer routes ready',
  PredictorConfigurationReady: 'Predictor configuration ready',
  TransformerConfigurationReady: 'Transformer configuration ready',
  ExplainerConfigurationReady: 'Explainer configuration ready',
  Stopped: 'Stopped',
};

/** A condition type in words: the known ones by name, others split at capitals. */
export function conditionTitle(type: string): string {
  const known = CONDITION_TITLES[type];
  if (known) return known;
  const words = type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

// KServe's order: the aggregate first, then its dependents, then the rest.
const CONDITION_ORDER = ['Ready', 'PredictorReady', 'IngressReady'];
const COMPONENT_ORDER = ['predictor', 'transformer', 'explainer'];

const rank = (order: string[], value: string) => {
  const i = order.indexOf(value);
  return i < 0 ? order.length : i;
};

const text = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value : null;

function conditionStatus(value: unknown): InferenceServiceCondition['status'] {
  return value === 'True' || value === 'False' ? value : 'Unknown';
}

function componentsOf(
  isvc: KServeInferenceService,
): InferenceServiceComponent[] {
  const components = isvc.status?.components ?? {};
  return Object.entries(components)
    .sort(
      ([a], [b]) =>
        rank(COMPONENT_ORDER, a) - rank(COMPONENT_ORDER, b) ||
        a.localeCompare(b),
    )
    .map(([component, c]) => {
      const canary = isvc.spec?.[component]?.canaryTrafficPercent;
      return {
        component,
        latestCreatedRevision: text(c?.latestCreatedRevision),
        latestReadyRevision: text(c?.latestReadyRevision),
        latestRolledoutRevision: text(c?.latestRolledoutRevision),
        previousRolledoutRevision: text(c?.previousRolledoutRevision),
        traffic: (c?.traffic ?? []).map(t => ({
          revision: text(t.revisionName),
          percent: typeof t.percent === 'number' ? t.percent : 0,
          tag: text(t.tag),
          latestRevision: t.latestRevision === true,
          url: text(t.url),
        })),
        canaryTrafficPercent: typeof canary === 'number' ? canary : null,
        url: text(c?.url),
      };
    });
}

/** One InferenceService as the serving-health answer shows it. */
export function summariseInferenceService(
  cluster: string,
  isvc: KServeInferenceService,
): InferenceServiceSummary {
  const status = isvc.status ?? {};
  const conditions = (status.conditions ?? [])
    .filter(c => typeof c.type === 'string' && c.type)
    .map(c => ({
      type: c.type!,
      title: conditionTitle(c.type!),
      status: conditionStatus(c.status),
      reason: text(c.reason),
      message: text(c.message),
      since: text(c.lastTransitionTime),
      severity: text(c.severity),
    }))
    .sort(
      (a, b) =>
        rank(CONDITION_ORDER, a.type) - rank(CONDITION_ORDER, b.type) ||
        a.type.localeCompare(b.type),
    );
  const ready = conditions.find(c => c.type === 'Ready');
  const model = status.modelStatus;
  const failure = model?.lastFailureInfo;
  return {
    cluster,
    namespace: isvc.metadata?.namespace ?? '',
    name: isvc.metadata?.name ?? '',
    url: text(status.url),
    address: text(status.address?.url),
    ready: ready ? ready.status === 'True' : null,
    deploymentMode: text(status.deploymentMode),
    conditions,
    components: componentsOf(isvc),
    model: model
      ? {
          transitionStatus: text(model.transitionStatus),
          activeModelState: text(model.states?.activeModelState),
          targetModelState: text(model.states?.targetModelState),
          lastFailure: failure
            ? {
                reason: text(failure.reason),
                message: text(failure.message),
                revision: text(failure.modelRevisionName),
                time: text(failure.time),
              }
            : null,
        }
      : null,
  };
}

/**
 * The InferenceServices behind the entity: the annotated one and those its
 * pods name with KServe's `serving.kserve.io/inferenceservice` label.
 */
export function inferenceServiceNames(
  annotated: string | undefined,
  pods: readonly V1Pod[],
): string[] {
  const names = new Set<string>(annotated ? [annotated] : []);
  for (const pod of pods) {
    const name = pod.metadata?.labels?.[ANNOTATION_KSERVE_INFERENCE_SERVICE];
    if (name) names.add(name);
  }
  return [...names].sort();
}

/** What a read of the InferenceServices gave: per cluster, found ones or why not. */
export interface InferenceServiceReads {
  summaries: InferenceServiceSummary[];
  /** Names looked for, in the namespace. */
  wanted: string[];
  namespace: string;
  /** Clusters whose list failed, and why. */
  failed: Array<{ cluster: string; message: string }>;
  /** Whether some cluster answered the list (KServe served or not). */
  answered: boolean;
}

/**
 * The findings of the InferenceServices: one not Ready is down, with
 * KServe's reason and message; an annotated one that no answering cluster
 * has, or a list that failed, leaves its state unknown.
 */
export function inferenceServiceFindings(
  reads: InferenceServiceReads,
): StatusReason[] {
  const reasons: StatusReason[] = [];
  for (const isvc of reads.summaries) {
    if (isvc.ready === true) continue;
    const ready = isvc.conditions.find(c => c.type === 'Ready');
    const why = [ready?.reason, ready?.message].filter(Boolean).join(': ');
    const state = ready
      ? `is not Ready (${ready.status})`
      : 'has no Ready condition yet';
    reasons.push({
      code: 'inferenceservice-not-ready',
      severity: 'down',
      message: `InferenceService ${isvc.name} in ${isvc.namespace} on cluster ${
        isvc.cluster
      } ${state}${why ? `: ${why}` : ''}`,
    });
  }
  for (const f of reads.failed) {
    reasons.push({
      code: 'inferenceservice-not-ready',
      severity: 'unknown',
      message: `The InferenceServices in ${reads.namespace} on cluster ${f.cluster} could not be read: ${f.message}`,
    });
  }
  // A name missing from every answering cluster may be on one that failed.
  if (reads.answered && reads.failed.length === 0) {
    const found = new Set(reads.summaries.map(s => s.name));
    for (const name of reads.wanted.filter(n => !found.has(n))) {
      reasons.push({
        code: 'inferenceservice-not-ready',
        severity: 'unknown',
        message: `InferenceService ${name} was not found in ${reads.namespace} on any cluster that answered; check the annotation ${ANNOTATION_KSERVE_INFERENCE_SERVICE}`,
      });
    }
  }
  return reasons;
}
