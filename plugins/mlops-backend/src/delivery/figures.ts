/*
 * Analysis figures in the words of the summary: ratios and shares as
 * percent, latencies (which the chart's queries give in seconds) in ms.
 */

/** How an analysis metric's values read, by its name. */
export type FigureUnit = 'percent' | 'ms' | 'number';

export function unitOfMetric(name: string): FigureUnit {
  if (/(^|-)(error-ratio|ratio|share)$/.test(name)) return 'percent';
  if (/latency|ttft|tpot/.test(name)) return 'ms';
  return 'number';
}

/** At most three significant digits, without trailing zeros: 6.1, 0.04, 412. */
export function roundedText(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return String(Math.round(value));
  return String(Number(value.toPrecision(3)));
}

/** `0.061` → `6.1 %`; `0.412` (seconds) → `412 ms`; others as numbers. */
export function figureText(value: number, unit: FigureUnit): string {
  if (unit === 'percent') return `${roundedText(value * 100)} %`;
  if (unit === 'ms') return `${roundedText(value * 1000)} ms`;
  return roundedText(value);
}

/** The first number of a measurement's value, e.g. 0.061 of `[0.061]`; null for `[]` or `[NaN]`. */
export function firstNumberOf(value: string | null | undefined): number | null {
  if (!value) return null;
  const match = /-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(value);
  if (!match) return null;
  const number = Number(match[0]);
  return Number.isFinite(number) ? number : null;
}
