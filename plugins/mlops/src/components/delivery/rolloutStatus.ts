import {
  RevisionRole,
  RolloutStepView,
  RolloutView,
} from '@internal/plugin-mlops-common';

/** How a rollout's phase reads at a glance. */
export type RolloutTone = 'ok' | 'progress' | 'paused' | 'error' | 'unknown';

const PHASE_TONES: Record<string, RolloutTone> = {
  Healthy: 'ok',
  Progressing: 'progress',
  Paused: 'paused',
  Degraded: 'error',
};

/** The chip of a rollout: "Aborted" wins over the phase the controller wrote. */
export function rolloutPhaseBadge(
  rollout: Pick<RolloutView, 'phase' | 'aborted'>,
): { label: string; tone: RolloutTone } {
  if (rollout.aborted) return { label: 'Aborted', tone: 'error' };
  if (!rollout.phase) return { label: 'No status yet', tone: 'unknown' };
  return {
    label: rollout.phase,
    tone: PHASE_TONES[rollout.phase] ?? 'unknown',
  };
}

/** Whether the summary reports a failure (an error panel) or just the state (plain text). */
export function summaryIsFailure(
  rollout: Pick<RolloutView, 'phase' | 'aborted'>,
): boolean {
  return rollout.aborted || rollout.phase === 'Degraded';
}

export function strategyLabel(strategy: RolloutView['strategy']): string {
  if (strategy === 'blueGreen') return 'blue-green';
  return strategy === 'canary' ? 'canary' : 'unknown strategy';
}

/** What the revision playing `role` is called under `strategy`. */
export function roleLabel(
  role: RevisionRole,
  strategy: RolloutView['strategy'] | 'rolling',
): string {
  if (role === 'canary' && strategy === 'blueGreen') return 'preview';
  return role;
}

/** "canary 10 % of pods", or null when no weight applies (blue-green, not started). */
export function canaryWeightText(weight: number | null): string | null {
  return weight === null ? null : `canary ${weight} % of pods`;
}

/** A step as people count them: "4. analysis fraud-scorer-slo". */
export function stepTitle(step: RolloutStepView): string {
  return `${step.index + 1}. ${step.text}`;
}

/** Where the rollout is with a step, in words. */
export function stepStateText(
  step: RolloutStepView,
  rollout: Pick<RolloutView, 'aborted' | 'paused'>,
): string {
  if (step.state === 'done') return 'done';
  if (step.state === 'pending') return 'to come';
  if (rollout.aborted) return 'aborted here';
  return rollout.paused ? 'paused here' : 'in progress';
}
