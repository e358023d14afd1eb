import { DateTime } from 'luxon';

/** Requests per second, with as many decimals as are meaningful. */
export function formatRate(rps: number | null | undefined): string {
  if (rps === null || rps === undefined) return '–';
  if (rps >= 100) return rps.toFixed(0);
  if (rps >= 10) return rps.toFixed(1);
  return rps.toFixed(2);
}

/** A ratio (0..1) as a percentage. */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined) return '–';
  const pct = ratio * 100;
  if (pct === 0) return '0 %';
  if (Math.abs(pct) >= 10) return `${pct.toFixed(0)} %`;
  if (Math.abs(pct) >= 1) return `${pct.toFixed(1)} %`;
  if (Math.abs(pct) >= 0.1) return `${pct.toFixed(2)} %`;
  return `${pct.toFixed(3)} %`;
}

/** Availability (0..1) with the decimals objectives like 99.95 % need. */
export function formatAvailability(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined) return '–';
  return `${(Math.floor(ratio * 100_000) / 1000).toFixed(3)} %`;
}

/** Milliseconds, switching to seconds above 10 s. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '–';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 10) return `${Math.round(ms)} ms`;
  return `${ms.toFixed(1)} ms`;
}

/** "3 minutes ago" for an ISO time. */
export function formatAgo(
  iso: string | null | undefined,
  now: DateTime = DateTime.now(),
): string {
  if (!iso) return '–';
  const time = DateTime.fromISO(iso);
  return time.isValid ? time.toRelative({ base: now }) ?? '–' : '–';
}

/** "04 Dec 21:30" (local time) for an ISO time. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '–';
  const time = DateTime.fromISO(iso);
  return time.isValid ? time.toFormat('dd LLL HH:mm') : '–';
}

/** Axis label of a chart timestamp: time for short ranges, day and time otherwise. */
export function formatTick(ms: number, rangeHours: number): string {
  const time = DateTime.fromMillis(ms);
  return rangeHours > 12
    ? time.toFormat('dd LLL HH:mm')
    : time.toFormat('HH:mm');
}

/** An amount of money in the configured currency, e.g. "USD 1,234.50". */
export function formatCost(amount: number | null, currency: string): string {
  if (amount === null) return '–';
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    maximumFractionDigits: amount >= 100 ? 0 : 2,
  }).format(amount);
}
