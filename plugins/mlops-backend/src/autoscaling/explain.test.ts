import { HpaConditionView } from '@internal/plugin-mlops-common';
import { explainCondition, humanDuration } from './explain';

const context = {
  minReplicas: 2,
  maxReplicas: 10,
  scaleTarget: 'Deployment fraud-scorer',
  now: new Date('2026-11-29T14:00:00Z'),
};

function condition(
  type: string,
  status: string,
  reason: string | null,
): HpaConditionView {
  return {
    type,
    status,
    reason,
    message: null,
    lastTransitionTime: '2026-11-29T11:55:00Z',
    explanation: '',
    problem: false,
  };
}

describe('explainCondition', () => {
  it.each([
    [
      'AbleToScale',
      'True',
      'ReadyForNewScale',
      false,
      'Can change the replicas of Deployment fraud-scorer',
    ],
    [
      'AbleToScale',
      'True',
      'ScaleUpStabilized',
      false,
      'Scale-up held back: a lower recommendation within the scale-up stabilisation window still applies',
    ],
    [
      'AbleToScale',
      'False',
      'BackoffBoth',
      false,
      'Waiting: it rescaled moments ago and lets the new replicas settle first',
    ],
    [
      'AbleToScale',
      'False',
      'FailedGetScale',
      true,
      'Cannot change the replicas of Deployment fraud-scorer: check that it exists and that the controller may update its scale subresource',
    ],
    [
      'ScalingActive',
      'False',
      'FailedGetResourceMetric',
      true,
      'Cannot read its metrics from the resource metrics API (metrics.k8s.io), so it does not scale: check that the metrics adapter runs and serves them',
    ],
    [
      'ScalingActive',
      'False',
      'FailedGetObjectMetric',
      true,
      'Cannot read its metrics from the custom metrics API (custom.metrics.k8s.io), so it does not scale: check that the metrics adapter runs and serves them',
    ],
    [
      'ScalingActive',
      'False',
      'ScalingDisabled',
      true,
      'Scaling is off: the target is scaled to 0 replicas',
    ],
    [
      'ScalingActive',
      'False',
      'InvalidSelector',
      true,
      'Does not compute replicas, so it does not scale: read the message for the cause',
    ],
    [
      'ScalingLimited',
      'False',
      'DesiredWithinRange',
      false,
      'The desired replicas lie between minReplicas=2 and maxReplicas=10',
    ],
    [
      'ScalingLimited',
      'True',
      'TooManyReplicas',
      true,
      'Capped at maxReplicas=10 for 2 hours 5 minutes: raise maxReplicas or reduce load',
    ],
    [
      'ScalingLimited',
      'True',
      'ScaleUpLimit',
      true,
      'Scale-up slowed by the scale-up policies for 2 hours 5 minutes: it wants more replicas than the policies allow per period',
    ],
    [
      'ScalingLimited',
      'True',
      'ScaleDownLimit',
      false,
      'Scale-down slowed by the scale-down policies for 2 hours 5 minutes',
    ],
    [
      'ScalingLimited',
      'True',
      null,
      true,
      'The desired replicas were limited for 2 hours 5 minutes',
    ],
    [
      'SomethingNew',
      'Unknown',
      'Whatever',
      false,
      'SomethingNew is Unknown (Whatever)',
    ],
  ])('%s %s %s', (type, status, reason, problem, explanation) => {
    expect(explainCondition(condition(type, status, reason), context)).toEqual({
      explanation,
      problem,
    });
  });
});

describe('humanDuration', () => {
  it.each([
    [20_000, 'less than a minute'],
    [60_000, '1 minute'],
    [42 * 60_000, '42 minutes'],
    [3 * 3600_000, '3 hours'],
    [(26 * 60 + 1) * 60_000, '1 day 2 hours'],
    [-5000, 'less than a minute'],
  ])('%d ms is %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});
