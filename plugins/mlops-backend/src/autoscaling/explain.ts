import { HpaConditionView } from '@internal/plugin-mlops-common';

/** "42 minutes", "3 hours 5 minutes", "2 days 4 hours". */
export function humanDuration(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const plural = (n: number, unit: string) =>
    `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (minutes < 1) return 'less than a minute';
  if (minutes < 60) return plural(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    const rest = minutes % 60;
    return rest
      ? `${plural(hours, 'hour')} ${plural(rest, 'minute')}`
      : plural(hours, 'hour');
  }
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  return rest
    ? `${plural(days, 'day')} ${plural(rest, 'hour')}`
    : plural(days, 'day');
}

/** What the explanation of a condition needs to know about its HPA. */
export interface ConditionContext {
  minReplicas: number;
  maxReplicas: number;
  scaleTarget: string;
  now: Date;
}

type Explained = Pick<HpaConditionView, 'explanation' | 'problem'>;

function since(time: string | null, now: Date): string {
  if (!time) return '';
  const ms = now.getTime() - new Date(time).getTime();
  return Number.isFinite(ms) ? ` for ${humanDuration(ms)}` : '';
}

const METRIC_API: Record<string, string> = {
  FailedGetResourceMetric: 'the resource metrics API (metrics.k8s.io)',
  FailedGetContainerResourceMetric: 'the resource metrics API (metrics.k8s.io)',
  FailedGetPodsMetric: 'the custom metrics API (custom.metrics.k8s.io)',
  FailedGetObjectMetric: 'the custom metrics API (custom.metrics.k8s.io)',
  FailedGetExternalMetric: 'the external metrics API (external.metrics.k8s.io)',
};

function ableToScale(c: HpaConditionView, ctx: ConditionContext): Explained {
  if (c.status === 'True') {
    if (c.reason === 'ScaleDownStabilized') {
      return {
        explanation:
          'Scale-down held back: a higher recommendation within the scale-down stabilisation window still applies',
        problem: false,
      };
    }
    if (c.reason === 'ScaleUpStabilized') {
      return {
        explanation:
          'Scale-up held back: a lower recommendation within the scale-up stabilisation window still applies',
        problem: false,
      };
    }
    return {
      explanation: `Can change the replicas of ${ctx.scaleTarget}`,
      problem: false,
    };
  }
  if (c.reason?.startsWith('Backoff')) {
    return {
      explanation:
        'Waiting: it rescaled moments ago and lets the new replicas settle first',
      problem: false,
    };
  }
  return {
    explanation: `Cannot change the replicas of ${ctx.scaleTarget}: check that it exists and that the controller may update its scale subresource`,
    problem: true,
  };
}

function scalingActive(c: HpaConditionView): Explained {
  if (c.status === 'True') {
    return {
      explanation: 'Computes the replicas from its metrics',
      problem: false,
    };
  }
  const api = c.reason ? METRIC_API[c.reason] : undefined;
  if (api) {
    return {
      explanation: `Cannot read its metrics from ${api}, so it does not scale: check that the metrics adapter runs and serves them`,
      problem: true,
    };
  }
  if (c.reason === 'ScalingDisabled') {
    return {
      explanation: 'Scaling is off: the target is scaled to 0 replicas',
      problem: true,
    };
  }
  return {
    explanation:
      'Does not compute replicas, so it does not scale: read the message for the cause',
    problem: true,
  };
}

function scalingLimited(c: HpaConditionView, ctx: ConditionContext): Explained {
  if (c.status !== 'True') {
    return {
      explanation: `The desired replicas lie between minReplicas=${ctx.minReplicas} and maxReplicas=${ctx.maxReplicas}`,
      problem: false,
    };
  }
  const duration = since(c.lastTransitionTime, ctx.now);
  switch (c.reason) {
    case 'TooManyReplicas':
      return {
        explanation: `Capped at maxReplicas=${ctx.maxReplicas}${duration}: raise maxReplicas or reduce load`,
        problem: true,
      };
    case 'TooFewReplicas':
      return {
        explanation: `Held at minReplicas=${ctx.minReplicas}${duration}: the metrics ask for fewer; lower minReplicas to free capacity`,
        problem: false,
      };
    case 'ScaleUpLimit':
      return {
        explanation: `Scale-up slowed by the scale-up policies${duration}: it wants more replicas than the policies allow per period`,
        problem: true,
      };
    case 'ScaleDownLimit':
      return {
        explanation: `Scale-down slowed by the scale-down policies${duration}`,
        problem: false,
      };
    default:
      return {
        explanation: `The desired replicas were limited${duration}`,
        problem: true,
      };
  }
}

/** A condition in plain words, and whether it explains a scaling problem. */
export function explainCondition(
  c: HpaConditionView,
  ctx: ConditionContext,
): Explained {
  switch (c.type) {
    case 'AbleToScale':
      return ableToScale(c, ctx);
    case 'ScalingActive':
      return scalingActive(c);
    case 'ScalingLimited':
      return scalingLimited(c, ctx);
    default:
      return {
        explanation: `${c.type} is ${c.status}${
          c.reason ? ` (${c.reason})` : ''
        }`,
        problem: false,
      };
  }
}
