import { RolloutStepView } from '@internal/plugin-mlops-common';
import {
  canaryWeightText,
  roleLabel,
  rolloutPhaseBadge,
  stepStateText,
  stepTitle,
  summaryIsFailure,
} from './rolloutStatus';

describe('rolloutPhaseBadge', () => {
  it.each`
    phase            | aborted  | label              | tone
    ${'Healthy'}     | ${false} | ${'Healthy'}       | ${'ok'}
    ${'Progressing'} | ${false} | ${'Progressing'}   | ${'progress'}
    ${'Paused'}      | ${false} | ${'Paused'}        | ${'paused'}
    ${'Degraded'}    | ${false} | ${'Degraded'}      | ${'error'}
    ${'Degraded'}    | ${true}  | ${'Aborted'}       | ${'error'}
    ${'Paused'}      | ${true}  | ${'Aborted'}       | ${'error'}
    ${null}          | ${false} | ${'No status yet'} | ${'unknown'}
    ${'Mystery'}     | ${false} | ${'Mystery'}       | ${'unknown'}
  `('$phase, aborted $aborted → $label', ({ phase, aborted, label, tone }) => {
    expect(rolloutPhaseBadge({ phase, aborted })).toEqual({ label, tone });
  });
});

describe('summaryIsFailure', () => {
  it.each`
    phase            | aborted  | failure
    ${'Progressing'} | ${false} | ${false}
    ${'Paused'}      | ${false} | ${false}
    ${'Healthy'}     | ${false} | ${false}
    ${null}          | ${false} | ${false}
    ${'Degraded'}    | ${false} | ${true}
    ${'Paused'}      | ${true}  | ${true}
  `('$phase, aborted $aborted → $failure', ({ phase, aborted, failure }) => {
    expect(summaryIsFailure({ phase, aborted })).toBe(failure);
  });
});

describe('steps', () => {
  const step = (state: RolloutStepView['state']): RolloutStepView => ({
    index: 3,
    kind: 'analysis',
    text: 'analysis fraud-scorer-slo',
    state,
  });

  it('numbers steps from 1', () => {
    expect(stepTitle(step('current'))).toBe('4. analysis fraud-scorer-slo');
  });

  it.each`
    state        | aborted  | paused   | text
    ${'done'}    | ${true}  | ${false} | ${'done'}
    ${'pending'} | ${false} | ${true}  | ${'to come'}
    ${'current'} | ${false} | ${false} | ${'in progress'}
    ${'current'} | ${false} | ${true}  | ${'paused here'}
    ${'current'} | ${true}  | ${true}  | ${'aborted here'}
  `(
    '$state step, aborted $aborted, paused $paused → $text',
    ({ state, aborted, paused, text }) => {
      expect(stepStateText(step(state), { aborted, paused })).toBe(text);
    },
  );
});

describe('labels', () => {
  it('calls the canary of a blue-green rollout its preview', () => {
    expect(roleLabel('canary', 'blueGreen')).toBe('preview');
    expect(roleLabel('canary', 'canary')).toBe('canary');
    expect(roleLabel('old', 'rolling')).toBe('old');
  });

  it('says the canary weight in pods, or nothing without one', () => {
    expect(canaryWeightText(10)).toBe('canary 10 % of pods');
    expect(canaryWeightText(null)).toBeNull();
  });
});
