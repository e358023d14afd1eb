/**
 * The parts of Argo Rollouts' `argoproj.io/v1alpha1` Rollout and AnalysisRun
 * the portal reads; field names as in Argo Rollouts v1.8's
 * pkg/apis/rollouts/v1alpha1/types.go and analysis_types.go. The
 * CustomObjectsApi hands them over as plain JSON: times are strings, and
 * IntOrString fields may be either.
 */

import type { V1ObjectMeta, V1PodTemplateSpec } from '@kubernetes/client-node';

export const ARGO_ROLLOUTS_GROUP = 'argoproj.io';
export const ARGO_ROLLOUTS_VERSION = 'v1alpha1';

/** Label of the ReplicaSets and pods a Rollout makes, and of its AnalysisRuns. */
export const ROLLOUT_HASH_LABEL = 'rollouts-pod-template-hash';
/** Revision annotation of Rollouts, their ReplicaSets and AnalysisRuns. */
export const ROLLOUT_REVISION_ANNOTATION = 'rollout.argoproj.io/revision';

type IntOrString = number | string;

/** One entry of `spec.templates` and `args` of a step's or strategy's analysis. */
export interface ArgoRolloutAnalysis {
  templates?: Array<{ templateName?: string; clusterScope?: boolean }>;
  args?: Array<{ name?: string; value?: string }>;
}

export interface ArgoCanaryStep {
  setWeight?: number;
  pause?: { duration?: IntOrString };
  analysis?: ArgoRolloutAnalysis;
  experiment?: object;
  setCanaryScale?: object;
  setHeaderRoute?: object;
  setMirrorRoute?: object;
  plugin?: { name?: string };
}

export interface ArgoAnalysisRunStatusRef {
  name?: string;
  status?: string;
  message?: string;
}

export interface ArgoRollout {
  apiVersion?: string;
  kind?: string;
  metadata?: V1ObjectMeta;
  spec?: {
    replicas?: number;
    paused?: boolean;
    selector?: { matchLabels?: Record<string, string> };
    template?: V1PodTemplateSpec;
    workloadRef?: { apiVersion?: string; kind?: string; name?: string };
    strategy?: {
      canary?: {
        steps?: ArgoCanaryStep[];
        analysis?: ArgoRolloutAnalysis & { startingStep?: number };
        trafficRouting?: object;
      };
      blueGreen?: {
        activeService?: string;
        previewService?: string;
        autoPromotionEnabled?: boolean;
        prePromotionAnalysis?: ArgoRolloutAnalysis;
        postPromotionAnalysis?: ArgoRolloutAnalysis;
      };
    };
  };
  status?: {
    phase?: string;
    message?: string;
    abort?: boolean;
    abortedAt?: string;
    pauseConditions?: Array<{ reason?: string; startTime?: string }>;
    controllerPause?: boolean;
    currentStepIndex?: number;
    currentPodHash?: string;
    stableRS?: string;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    canary?: {
      currentStepAnalysisRunStatus?: ArgoAnalysisRunStatusRef;
      currentBackgroundAnalysisRunStatus?: ArgoAnalysisRunStatusRef;
    };
    blueGreen?: {
      activeSelector?: string;
      previewSelector?: string;
      prePromotionAnalysisRunStatus?: ArgoAnalysisRunStatusRef;
      postPromotionAnalysisRunStatus?: ArgoAnalysisRunStatusRef;
    };
  };
}

export interface ArgoMeasurement {
  phase?: string;
  value?: string;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
}

export interface ArgoAnalysisRun {
  apiVersion?: string;
  kind?: string;
  metadata?: V1ObjectMeta;
  spec?: {
    metrics?: Array<{
      name?: string;
      interval?: string;
      count?: IntOrString;
      failureLimit?: IntOrString;
      inconclusiveLimit?: IntOrString;
      successCondition?: string;
      failureCondition?: string;
      provider?: Record<string, { address?: string; query?: string } | object>;
    }>;
  };
  status?: {
    phase?: string;
    message?: string;
    startedAt?: string;
    metricResults?: Array<{
      name?: string;
      phase?: string;
      message?: string;
      count?: number;
      successful?: number;
      failed?: number;
      inconclusive?: number;
      error?: number;
      measurements?: ArgoMeasurement[];
    }>;
  };
}
