/* How new versions of a model service reach production: its Argo Rollouts
 * Rollouts, their revisions and AnalysisRuns, and which registered model
 * version each revision serves. */

import { CompoundEntityRef } from '@backstage/catalog-model';
import { EntityNotConfigured, SourceReport } from './answers';
import {
  ModelRegistryError,
  ModelVersionSummary,
  RegisteredModelSummary,
} from './modelRegistry';
import { ContainerImage } from './serving';

/** Path (below the plugin's base URL) of an entity's delivery view. @public */
export function deliveryPath(ref: CompoundEntityRef): string {
  const parts = [ref.kind, ref.namespace, ref.name].map(part =>
    encodeURIComponent(part.toLocaleLowerCase('en-US')),
  );
  return `/entities/${parts.join('/')}/delivery`;
}

/**
 * Pod template annotation (set by the model-service chart from
 * `model.registeredVersion`) naming the registered model version the pods
 * serve. @public
 */
export const ANNOTATION_MODEL_VERSION = 'mlops-portal.io/model-version';

/** The SLO figures of one revision's pods, over the analysis window. @public */
export interface RevisionSlo {
  /** Requests per second of the revision's pods together. */
  requestsPerSecond: number | null;
  /** 5xx share of requests (0..1). */
  errorRatio: number | null;
  latencyP95Seconds: number | null;
  /** LLM services: share of requests whose first token missed the TTFT objective (0..1). */
  ttftSlowShare?: number | null;
  /** The window the figures are over, e.g. `5m`. */
  window: string;
}

/** Which part a revision plays in its rollout. @public */
export type RevisionRole =
  /** Serves production: the Rollout's `stableRS`, a Deployment's current revision. */
  | 'stable'
  /** The new version being judged (canary, or blue-green's preview). */
  | 'canary'
  /** An older revision kept for rollback (scaled down). */
  | 'old';

/** One revision (ReplicaSet) of a Rollout or Deployment. @public */
export interface RevisionView {
  /** `rollouts-pod-template-hash` (Rollouts) or `pod-template-hash` (Deployments). */
  podTemplateHash: string;
  replicaSet: string;
  /** `rollout.argoproj.io/revision` or `deployment.kubernetes.io/revision`. */
  revision: string | null;
  role: RevisionRole;
  images: ContainerImage[];
  /** From the pod template's `mlops-portal.io/model-version` annotation. */
  modelVersion: string | null;
  desiredReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  createdAt: string | null;
  /** Null when Prometheus gave nothing for these pods (or was not asked: no pods). */
  slo: RevisionSlo | null;
}

/** One step of a canary's plan, in words. @public */
export interface RolloutStepView {
  /** 0-based, as `status.currentStepIndex`. */
  index: number;
  kind: 'setWeight' | 'pause' | 'analysis' | 'other';
  /** e.g. "10 % of pods", "pause 30s", "pause until promoted", "analysis fraud-scorer-slo". */
  text: string;
  /** Done, the one the rollout is at, or still to come. */
  state: 'done' | 'current' | 'pending';
}

/** One measurement of an AnalysisRun's metric. @public */
export interface AnalysisMeasurementView {
  /** `Successful`, `Failed`, `Inconclusive`, `Error`, `Running`. */
  phase: string;
  /** As the controller recorded it, e.g. `[0.061]`; null when it has none (Error). */
  value: string | null;
  /** The first number of `value`, when there is one. */
  number: number | null;
  message: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

/** One metric of an AnalysisRun: its query, conditions and measurements. @public */
export interface AnalysisMetricView {
  name: string;
  /** `prometheus`, `web`, `job`, ... (the provider's key in the spec). */
  provider: string;
  /** The provider's query, when it has one (Prometheus). */
  query: string | null;
  successCondition: string | null;
  failureCondition: string | null;
  /** The number a condition compares with, when it is a plain comparison of `result[0]`. */
  threshold: number | null;
  interval: string | null;
  count: number | null;
  failureLimit: number | null;
  inconclusiveLimit: number | null;
  /** Null while the metric has no result yet. */
  phase: string | null;
  message: string | null;
  successful: number;
  failed: number;
  inconclusive: number;
  error: number;
  /** Oldest first, as the controller keeps them (it keeps the last ten). */
  measurements: AnalysisMeasurementView[];
}

/** An AnalysisRun of a Rollout. @public */
export interface AnalysisRunView {
  name: string;
  /** `Pending`, `Running`, `Successful`, `Failed`, `Error`, `Inconclusive`. */
  phase: string;
  message: string | null;
  /**
   * The `rollout-type` label: `Step`, `Background`, `PrePromotion` or
   * `PostPromotion` (as Argo Rollouts v1.8 writes them).
   */
  type: string | null;
  /** 0-based step index of a step's analysis. */
  stepIndex: number | null;
  /** The revision it judged (`rollouts-pod-template-hash`). */
  podTemplateHash: string | null;
  revision: string | null;
  startedAt: string | null;
  metrics: AnalysisMetricView[];
}

/** One Argo Rollouts Rollout of the entity, in one cluster. @public */
export interface RolloutView {
  cluster: string;
  namespace: string;
  name: string;
  strategy: 'canary' | 'blueGreen' | 'unknown';
  /** `Healthy`, `Progressing`, `Paused`, `Degraded`, or null before the controller wrote a status. */
  phase: string | null;
  message: string | null;
  aborted: boolean;
  abortedAt: string | null;
  paused: boolean;
  /** Null for blue-green and before the first step. */
  currentStepIndex: number | null;
  steps: RolloutStepView[];
  /** Share of pods (percent) meant to run the new version now; 100 when promoted. */
  canaryWeight: number | null;
  desiredReplicas: number | null;
  readyReplicas: number;
  updatedReplicas: number;
  availableReplicas: number;
  stableHash: string | null;
  /** The newest revision's hash; equal to `stableHash` when nothing is rolling out. */
  currentHash: string | null;
  /** Where the pod template comes from: `Deployment/<name>` (workloadRef) or null (inline). */
  workloadRef: string | null;
  /** Newest first. */
  revisions: RevisionView[];
  /** Newest first. */
  analysisRuns: AnalysisRunView[];
  /** What happened, in words a person on call can act on; the abort explanation first. */
  summary: string[];
  /** What is wrong with the Rollout's setup, e.g. no analysis in its steps. */
  problems: string[];
}

/** A plain Deployment of the entity (rolling update), with its revisions. @public */
export interface DeploymentDeliveryView {
  cluster: string;
  namespace: string;
  name: string;
  /** Newest first; the current one is `stable`. */
  revisions: RevisionView[];
}

/** The registered model of the entity, and which versions its revisions serve. @public */
export interface DeliveryModelRegistry {
  /** The registry's configured name. */
  registry: string;
  /** The registered model, from the annotation or the entity's name. */
  model: string;
  /** The model's page in the registry's UI. */
  url: string;
  /** Null when the registry did not answer (see `error`). */
  registeredModel: RegisteredModelSummary | null;
  /** The versions a revision serves, with the roles it plays (`stable`, `canary`). */
  served: Array<{
    version: string;
    roles: RevisionRole[];
    /** The version's page in the registry's UI. */
    url: string;
    /** Null when the registry does not hold this version. */
    details: ModelVersionSummary | null;
  }>;
  error?: ModelRegistryError;
}

/** The delivery view of an entity. @public */
export interface EntityDelivery {
  state: 'ok';
  entityRef: string;
  /** When the answer was computed (ISO 8601); always set by the backend. */
  evaluatedAt?: string;
  rollouts: RolloutView[];
  /** Deployments not driven by a Rollout (`workloadRef`). */
  deployments: DeploymentDeliveryView[];
  /** Null when no model registry is configured. */
  modelRegistry: DeliveryModelRegistry | null;
  sources: SourceReport[];
  /**
   * True when this answer came from the cache (its sources then report no
   * requests); always set by the backend.
   */
  cached?: boolean;
}

/** @public */
export type DeliveryResponse = EntityDelivery | EntityNotConfigured;
