import { AlertSilence } from '@internal/plugin-mlops-common';
import { z } from 'zod';
import { SourceAlert } from '../../alerts/entityAlerts';

/* The parts of Alertmanager's API v2 answers the portal reads. */
const gettableAlert = z.object({
  labels: z.record(z.string(), z.string()).default({}),
  annotations: z.record(z.string(), z.string()).default({}),
  startsAt: z.string().optional(),
  fingerprint: z.string().optional(),
  status: z
    .object({
      silencedBy: z.array(z.string()).nullish(),
      inhibitedBy: z.array(z.string()).nullish(),
    })
    .optional(),
});
const gettableAlerts = z.array(gettableAlert);
const gettableSilence = z.object({
  id: z.string(),
  createdBy: z.string().optional(),
  endsAt: z.string().optional(),
  comment: z.string().optional(),
});

export type GettableAlert = z.infer<typeof gettableAlert>;

/** `GET /api/v2/alerts`, or undefined when the body is not a list of alerts. */
export function parseAlerts(body: unknown): GettableAlert[] | undefined {
  const parsed = gettableAlerts.safeParse(body);
  return parsed.success ? parsed.data : undefined;
}

/** The silences of `GET /api/v2/silences` by id; an entry that is not a silence is skipped. */
export function parseSilences(body: unknown): Map<string, AlertSilence> {
  const silences = new Map<string, AlertSilence>();
  for (const item of Array.isArray(body) ? body : []) {
    const parsed = gettableSilence.safeParse(item);
    if (!parsed.success) continue;
    const { id, createdBy, endsAt, comment } = parsed.data;
    silences.set(id, { id, createdBy, endsAt, comment });
  }
  return silences;
}

/** The ids of the silences that hold back any of these alerts. */
export function silenceIds(alerts: GettableAlert[]): string[] {
  return [...new Set(alerts.flatMap(a => a.status?.silencedBy ?? []))];
}

/**
 * The alerts with what holds each back: its silences (just the id when
 * `silences` lacks it) and the alerts that inhibit it, named when they are
 * in the same answer.
 */
export function toSourceAlerts(
  alerts: GettableAlert[],
  silences: Map<string, AlertSilence>,
): SourceAlert[] {
  const names = new Map(
    alerts.flatMap(a =>
      a.fingerprint && a.labels.alertname
        ? [[a.fingerprint, a.labels.alertname] as const]
        : [],
    ),
  );
  return alerts.map(a => {
    const silencedBy = (a.status?.silencedBy ?? []).map(
      id => silences.get(id) ?? { id },
    );
    const inhibitedBy = (a.status?.inhibitedBy ?? []).map(fingerprint => {
      const name = names.get(fingerprint);
      return name ? { fingerprint, name } : { fingerprint };
    });
    return {
      labels: a.labels,
      annotations: a.annotations,
      state: 'firing',
      activeAt: a.startsAt ?? null,
      ...(silencedBy.length + inhibitedBy.length > 0
        ? { suppressed: { silencedBy, inhibitedBy } }
        : {}),
    };
  });
}
