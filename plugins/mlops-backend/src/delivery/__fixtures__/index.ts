/*
 * A namespace's objects as the apiserver lists them, shaped as Argo Rollouts
 * v1.8.5's controller writes them (field names, labels `rollout-type`,
 * `step-index`, `rollouts-pod-template-hash`, the revision annotations,
 * names `<rollout>-<hash>-<revision>-<step>`, status messages) for the
 * model-service chart's Rollout: a workloadRef to its Deployment and the
 * steps setWeight 10, analysis, setWeight 50, analysis, pause.
 */
import type { V1Deployment, V1ReplicaSet } from '@kubernetes/client-node';
import type {
  ArgoAnalysisRun,
  ArgoRollout,
} from '../../upstream/kubernetes/argoRolloutsTypes';
import analysisProviderError from './analysisProviderError.json';
import blueGreen from './blueGreen.json';
import canaryAborted from './canaryAborted.json';
import canaryInProgress from './canaryInProgress.json';
import canaryWithoutAnalysis from './canaryWithoutAnalysis.json';
import deploymentOnly from './deploymentOnly.json';

/** What the four lists of one namespace answer. */
export interface NamespaceObjects {
  rollouts: ArgoRollout[];
  replicaSets: V1ReplicaSet[];
  analysisRuns: ArgoAnalysisRun[];
  deployments: V1Deployment[];
}

/** A fresh copy, so that a test may change it. */
const copy = (value: unknown) =>
  JSON.parse(JSON.stringify(value)) as NamespaceObjects;

export const STABLE_HASH = '7c9d5f8b44';
export const CANARY_HASH = '6d8f7b9c57';

export const fixtures = {
  /** At step 2 (index 1, analysis) of 5, 10 % of pods new, its AnalysisRun running. */
  canaryInProgress: () => copy(canaryInProgress),
  /** Aborted at step 4: error-ratio [0.0008] then [0.061] twice, failureLimit 1. */
  canaryAborted: () => copy(canaryAborted),
  /** setWeight and pause steps only, fully promoted, template inline. */
  canaryWithoutAnalysis: () => copy(canaryWithoutAnalysis),
  /** Aborted at step 2: the analysis' Prometheus refused five times. */
  analysisProviderError: () => copy(analysisProviderError),
  /** The preview is up and waits to be promoted; post-promotion analysis. */
  blueGreen: () => copy(blueGreen),
  /** A rolling Deployment: revision 3 with 2 pods, revision 2 scaled down. */
  deploymentOnly: () => copy(deploymentOnly),
};
