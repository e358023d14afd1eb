import {
  PrometheusAnswer,
  SignalValues,
} from '../upstream/prometheus/PrometheusClient';
import { MetricProfile } from './profiles/types';

/** A profile id whose series exist, '-' when none do, null when Prometheus did not answer. */
export type ProfileDetection = string | null;

const DETECTION_TTL_MS = 10 * 60_000;
const NEGATIVE_DETECTION_TTL_MS = 30_000;

/** The first profile with series for the entity, from a batched detection query. */
export function detectionOf(
  profiles: MetricProfile[],
  answer: PrometheusAnswer<SignalValues>,
): ProfileDetection {
  if (!answer.ok) return null;
  return profiles.find(p => (answer.value.get(p.id) ?? 0) > 0)?.id ?? '-';
}

/** How long a detection is kept: a failed one not at all, a negative one briefly. */
export function detectionTtlMs(detection: ProfileDetection): number {
  if (detection === null) return 0;
  return detection === '-' ? NEGATIVE_DETECTION_TTL_MS : DETECTION_TTL_MS;
}

/** The annotated profile, else the detected one, else the default. */
export function chosenProfile(
  profiles: MetricProfile[],
  defaultProfileId: string,
  annotated: string | undefined,
  detection: ProfileDetection | undefined,
): { profile: MetricProfile; detected: boolean } {
  const byId = (id: string) => profiles.find(p => p.id === id)!;
  if (annotated) return { profile: byId(annotated), detected: false };
  if (!detection || detection === '-') {
    return { profile: byId(defaultProfileId), detected: false };
  }
  return { profile: byId(detection), detected: true };
}
