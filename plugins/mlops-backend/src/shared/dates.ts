/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;

/** ISO 8601 of a time read from Kubernetes; null when absent or unreadable. */
export function isoOrNull(
  value: Date | string | number | undefined | null,
): string | null {
  if (value === undefined || value === null || value === '') return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** ISO 8601 of a time the database stored (SQLite may hand back numbers). */
export function isoOf(value: Date | string | number): string {
  return new Date(value).toISOString();
}

/**
 * `at` rounded down to a multiple of `stepSeconds`, so that every viewer in
 * the same step asks upstream the same question.
 */
export function alignedDown(at: Date | number, stepSeconds: number): Date {
  const ms = at instanceof Date ? at.getTime() : at;
  const stepMs = stepSeconds * 1000;
  return new Date(Math.floor(ms / stepMs) * stepMs);
}

/** Seconds from `from` to `to` (or to `now` while running); never negative. */
export function secondsBetween(
  from: string | null,
  to: string | null,
  now: Date,
): number | null {
  if (!from) return null;
  const end = to ? new Date(to).getTime() : now.getTime();
  return Math.max(0, (end - new Date(from).getTime()) / 1000);
}
