import {
  RevisionRole,
  RevisionSlo,
  RolloutView,
} from '@internal/plugin-mlops-common';
import type { V1ReplicaSet } from '@kubernetes/client-node';
import { isoOrNull } from '../shared/dates';
import {
  ArgoAnalysisRun,
  ArgoRollout,
} from '../upstream/kubernetes/argoRolloutsTypes';
import { analysisRunView, newestRunsFirst } from './analysisRunView';
import {
  hashOfReplicaSet,
  isOwnedBy,
  newestRevisionsFirst,
  revisionView,
} from './revisions';
import { canaryWeightOf, setupProblemsOf, stepsOf } from './rolloutSteps';
import { decidingRun, RolloutFacts, rolloutSummary } from './rolloutSummary';

/** The SLO figures of a revision's pods in a cluster, when Prometheus gave some. */
export type SloOf = (cluster: string, hash: string) => RevisionSlo | null;

/** A Rollout's revision: `stableRS` is stable, a newer current one the canary. */
export function rolloutRoleOf(
  rollout: ArgoRollout,
  hash: string,
): RevisionRole {
  const { stableRS, currentPodHash } = rollout.status ?? {};
  if (hash && hash === stableRS) return 'stable';
  if (hash && hash === currentPodHash) return 'canary';
  return 'old';
}

function strategyOf(rollout: ArgoRollout): RolloutView['strategy'] {
  const strategy = rollout.spec?.strategy;
  if (strategy?.canary) return 'canary';
  if (strategy?.blueGreen) return 'blueGreen';
  return 'unknown';
}

/**
 * One Rollout as the page shows it, from the ReplicaSets and AnalysisRuns
 * of its namespace (those it owns are kept) and the figures of its pods.
 */
export function rolloutView(input: {
  cluster: string;
  rollout: ArgoRollout;
  replicaSets: V1ReplicaSet[];
  analysisRuns: ArgoAnalysisRun[];
  sloOf: SloOf;
}): RolloutView {
  const { cluster, rollout, sloOf } = input;
  const status = rollout.status ?? {};
  const strategy = strategyOf(rollout);
  const revisions = input.replicaSets
    .filter(rs => isOwnedBy(rs, 'Rollout', rollout))
    .map(rs => {
      const hash = hashOfReplicaSet(rs, 'Rollout');
      return revisionView(
        rs,
        'Rollout',
        rolloutRoleOf(rollout, hash),
        sloOf(cluster, hash),
      );
    })
    .sort(newestRevisionsFirst);
  const analysisRuns = input.analysisRuns
    .filter(run => isOwnedBy(run, 'Rollout', rollout))
    .map(analysisRunView)
    .sort(newestRunsFirst);
  const ref = rollout.spec?.workloadRef;
  const currentStepIndex =
    strategy === 'canary' ? status.currentStepIndex ?? null : null;
  const facts: RolloutFacts = {
    cluster,
    namespace: rollout.metadata?.namespace ?? '',
    name: rollout.metadata?.name ?? '',
    strategy,
    phase: status.phase || null,
    message: status.message || null,
    aborted: !!status.abort,
    abortedAt: isoOrNull(status.abortedAt),
    paused: (status.pauseConditions ?? []).length > 0 || !!rollout.spec?.paused,
    currentStepIndex,
    steps: [],
    canaryWeight: canaryWeightOf(rollout),
    desiredReplicas: rollout.spec?.replicas ?? null,
    readyReplicas: status.readyReplicas ?? 0,
    updatedReplicas: status.updatedReplicas ?? 0,
    availableReplicas: status.availableReplicas ?? 0,
    stableHash: status.stableRS || null,
    currentHash: status.currentPodHash || null,
    workloadRef: ref?.kind && ref.name ? `${ref.kind}/${ref.name}` : null,
    revisions,
    analysisRuns,
  };
  // An abort sets the index back to 0: the steps show where it happened.
  const abortedAt = facts.aborted ? decidingRun(facts)?.stepIndex : undefined;
  facts.steps = stepsOf(rollout, abortedAt ?? currentStepIndex);
  const pauseReasons = (status.pauseConditions ?? []).map(p => p.reason ?? '');
  return {
    ...facts,
    summary: rolloutSummary(facts, pauseReasons),
    problems: setupProblemsOf(rollout),
  };
}
