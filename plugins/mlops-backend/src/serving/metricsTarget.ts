import { MetricsTarget } from '@internal/plugin-mlops-common';
import { selector } from '../upstream/prometheus/promql';
import { MetricsScope, scopeMatchers } from './profiles/queries';
import { MetricProfile } from './profiles/types';

/** What is read, from where, before anything is known to be found. */
export function metricsTargetOf(
  profile: MetricProfile,
  detected: boolean,
  prometheus: string | null,
  scope: MetricsScope,
): MetricsTarget {
  return {
    profileId: profile.id,
    profileTitle: profile.title,
    profileDetected: detected,
    prometheus,
    selector: selector(
      profile.requests[0].metric,
      scopeMatchers(profile, scope),
    ),
    found: false,
  };
}

/** Without an annotation, series found for the profile confirm it as detected. */
export function withSeriesFound(
  target: MetricsTarget,
  profileAnnotated: boolean,
  found: boolean,
): MetricsTarget {
  return {
    ...target,
    profileDetected: target.profileDetected || (!profileAnnotated && found),
    found,
  };
}
