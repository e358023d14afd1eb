import { BurnRateAlert, BurnRateWindow } from '@internal/plugin-mlops-common';

/**
 * The multi-window, multi-burn-rate rules of the model-service template's
 * alerts (chart/files/alerts.yaml, after the Google SRE workbook): a rule
 * fires when both its long and its short window burn faster than the factor.
 */
export const BURN_RATE_RULES: ReadonlyArray<{
  severity: 'page' | 'ticket';
  longWindow: string;
  shortWindow: string;
  threshold: number;
}> = [
  { severity: 'page', longWindow: '1h', shortWindow: '5m', threshold: 14.4 },
  { severity: 'page', longWindow: '6h', shortWindow: '30m', threshold: 6 },
  { severity: 'ticket', longWindow: '1d', shortWindow: '2h', threshold: 3 },
  { severity: 'ticket', longWindow: '3d', shortWindow: '6h', threshold: 1 },
];

/** The share of requests the objective allows to fail, e.g. 0.001 for 99.9 %. */
export function errorBudget(availabilityObjectivePercent: number): number {
  return 1 - availabilityObjectivePercent / 100;
}

/** How many times faster than sustainable the budget is spent; 1 = exactly on budget. */
export function burnRate(
  errorRatio: number | null,
  availabilityObjectivePercent: number,
): number | null {
  if (errorRatio === null) return null;
  const budget = errorBudget(availabilityObjectivePercent);
  return budget > 0 ? errorRatio / budget : null;
}

/** 1 = untouched, 0 = spent, negative = overspent, from the availability over the SLO window. */
export function errorBudgetRemaining(
  availability: number | null,
  availabilityObjectivePercent: number,
): number | null {
  if (availability === null) return null;
  const budget = errorBudget(availabilityObjectivePercent);
  return budget > 0 ? 1 - (1 - availability) / budget : null;
}

export function burnRateWindows(
  errorRatios: Record<string, number | null>,
  availabilityObjectivePercent: number,
): BurnRateWindow[] {
  return Object.entries(errorRatios).map(([window, errorRatio]) => ({
    window,
    errorRatio,
    burnRate: burnRate(errorRatio, availabilityObjectivePercent),
  }));
}

/**
 * Evaluates every rule as the alert expressions do (`ratio > factor *
 * budget` on both windows); `firing` is null when a window has no data and
 * the other does not settle it.
 */
export function burnRateAlerts(
  windows: BurnRateWindow[],
  availabilityObjectivePercent: number,
): BurnRateAlert[] {
  const budget = errorBudget(availabilityObjectivePercent);
  const over = (window: string, threshold: number): boolean | null => {
    const ratio = windows.find(w => w.window === window)?.errorRatio ?? null;
    return ratio === null ? null : ratio > threshold * budget;
  };
  return BURN_RATE_RULES.map(rule => {
    const long = over(rule.longWindow, rule.threshold);
    const short = over(rule.shortWindow, rule.threshold);
    let firing: boolean | null = null;
    if (long === false || short === false) firing = false;
    else if (long && short) firing = true;
    return { ...rule, firing };
  });
}
