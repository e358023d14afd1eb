import { AlertSuppression, FiringAlert } from '@internal/plugin-mlops-common';
import { runbookOf } from './runbookLinks';

/** An alert as Prometheus or Alertmanager lists it, before it is matched. */
export interface SourceAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'firing' | 'pending';
  activeAt: string | null;
  /** Alertmanager's silences and inhibitions of it. */
  suppressed?: AlertSuppression;
}

const SEVERITY_ORDER = ['critical', 'error', 'warning', 'info'];
const MAX_TEXT = 1000;

function severityRank(severity: string): number {
  const rank = SEVERITY_ORDER.indexOf(severity);
  return rank === -1 ? SEVERITY_ORDER.length : rank;
}

function text(value: string | undefined): string | undefined {
  return value === undefined ? undefined : value.slice(0, MAX_TEXT);
}

/** The alerts that carry every label of `matchers`, in {@link compareAlerts} order. */
export function selectEntityAlerts(
  alerts: readonly SourceAlert[],
  matchers: Record<string, string>,
  source: string,
  portalBaseUrls: readonly string[],
): FiringAlert[] {
  const wanted = Object.entries(matchers);
  return alerts
    .filter(a => wanted.every(([label, value]) => a.labels[label] === value))
    .map(a => ({
      name: a.labels.alertname ?? 'unnamed',
      state: a.state,
      severity: a.labels.severity ?? 'none',
      activeAt: a.activeAt,
      summary: text(a.annotations.summary),
      description: text(a.annotations.description),
      runbook: runbookOf(a.annotations.runbook_url, portalBaseUrls),
      labels: a.labels,
      source,
      ...(a.suppressed ? { suppressed: a.suppressed } : {}),
    }))
    .sort(compareAlerts);
}

/* Firing, then pending, then held back by Alertmanager. */
function stateRank(alert: FiringAlert): number {
  if (alert.suppressed) return 2;
  return alert.state === 'firing' ? 0 : 1;
}

/** Firing before pending before silenced or inhibited, then most severe, then oldest first. */
export function compareAlerts(a: FiringAlert, b: FiringAlert): number {
  return (
    stateRank(a) - stateRank(b) ||
    severityRank(a.severity) - severityRank(b.severity) ||
    (a.activeAt ?? '').localeCompare(b.activeAt ?? '') ||
    a.name.localeCompare(b.name)
  );
}
