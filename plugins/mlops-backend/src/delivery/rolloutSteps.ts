import { RolloutStepView } from '@internal/plugin-mlops-common';
import {
  ArgoCanaryStep,
  ArgoRollout,
} from '../upstream/kubernetes/argoRolloutsTypes';

/** The templates an analysis runs, by name. */
export function templateNames(analysis: {
  templates?: Array<{ templateName?: string }>;
}): string {
  return (analysis.templates ?? [])
    .map(t => t.templateName)
    .filter(Boolean)
    .join(', ');
}

function stepOf(
  step: ArgoCanaryStep,
  trafficRouted: boolean,
): Pick<RolloutStepView, 'kind' | 'text'> {
  if (step.setWeight !== undefined) {
    // Without a traffic router, the weight is the new version's share of pods.
    const of = trafficRouted ? 'traffic' : 'pods';
    return { kind: 'setWeight', text: `${step.setWeight} % of ${of}` };
  }
  if (step.pause) {
    const { duration } = step.pause;
    if (duration === undefined || duration === '') {
      return { kind: 'pause', text: 'pause until promoted' };
    }
    const text = typeof duration === 'number' ? `${duration}s` : duration;
    return { kind: 'pause', text: `pause ${text}` };
  }
  if (step.analysis) {
    const names = templateNames(step.analysis);
    return { kind: 'analysis', text: names ? `analysis ${names}` : 'analysis' };
  }
  const name =
    step.plugin?.name ??
    Object.keys(step).find(k => (step as Record<string, unknown>)[k]);
  return { kind: 'other', text: name ?? 'unknown step' };
}

/**
 * The canary's steps, each done, current or pending as of `atIndex` (the
 * controller's `currentStepIndex`, or the step an abort happened at: the
 * controller sets the index back to 0 when it aborts).
 */
export function stepsOf(
  rollout: ArgoRollout,
  atIndex: number | null,
): RolloutStepView[] {
  const canary = rollout.spec?.strategy?.canary;
  const steps = canary?.steps ?? [];
  const routed = !!canary?.trafficRouting;
  return steps.map((step, index) => {
    let state: RolloutStepView['state'] = 'pending';
    if (atIndex !== null && index < atIndex) state = 'done';
    else if (atIndex === index) state = 'current';
    return { index, ...stepOf(step, routed), state };
  });
}

/**
 * The share of pods (percent) meant to run the new version: 0 when aborted,
 * 100 when the newest revision is the stable one, else the last `setWeight`
 * at or before the current step (blue-green: 100 once the active Service
 * points at the new pods); null when unknown.
 */
export function canaryWeightOf(rollout: ArgoRollout): number | null {
  const status = rollout.status ?? {};
  const strategy = rollout.spec?.strategy ?? {};
  if (status.abort) return 0;
  const current = status.currentPodHash;
  if (!current) return null;
  if (current === status.stableRS) return 100;
  if (strategy.blueGreen) {
    return status.blueGreen?.activeSelector === current ? 100 : 0;
  }
  const steps = strategy.canary?.steps ?? [];
  const index = status.currentStepIndex;
  if (index === undefined || index === null) return null;
  for (let i = Math.min(index, steps.length - 1); i >= 0; i--) {
    const weight = steps[i].setWeight;
    if (weight !== undefined) return weight;
  }
  return 0;
}

/** What is wrong with how the Rollout judges a new version. */
export function setupProblemsOf(rollout: ArgoRollout): string[] {
  const { canary, blueGreen } = rollout.spec?.strategy ?? {};
  if (canary) {
    const stepAnalysis = (canary.steps ?? []).some(s => s.analysis);
    if (!stepAnalysis && !canary.analysis) {
      return [
        'no analysis: canary steps go on without checking the new version',
      ];
    }
  }
  if (
    blueGreen &&
    !blueGreen.prePromotionAnalysis &&
    !blueGreen.postPromotionAnalysis
  ) {
    return [
      'no analysis: blue-green promotes the preview without checking the new version',
    ];
  }
  return [];
}
