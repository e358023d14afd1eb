import {
  ServingTimePoint,
  ServingTimeRange,
} from '@internal/plugin-mlops-common';
import { alignedDown } from '../shared/dates';
import { SignalSeries } from '../upstream/prometheus/PrometheusClient';
import { llmPointOf } from './llmFigures';

const RANGES: Record<ServingTimeRange, { seconds: number; points: number }> = {
  '1h': { seconds: 3600, points: 120 },
  '6h': { seconds: 6 * 3600, points: 120 },
  '24h': { seconds: 24 * 3600, points: 120 },
};

function stepOf(range: ServingTimeRange): number {
  return RANGES[range].seconds / RANGES[range].points;
}

/** How long a chart is kept: the answer TTL, or half a step when that is longer. */
export function seriesTtlMs(
  range: ServingTimeRange,
  answerTtlMs: number,
): number {
  return Math.max(answerTtlMs, (stepOf(range) * 1000) / 2);
}

/** The window a chart of `range` shows at `now`, and the rate window of its points. */
export interface SeriesWindow {
  start: Date;
  end: Date;
  stepSeconds: number;
  rateWindow: string;
}

/** Aligned to the step, so that every viewer asks Prometheus the same question. */
export function seriesWindow(
  range: ServingTimeRange,
  now: number,
): SeriesWindow {
  const stepSeconds = stepOf(range);
  const end = alignedDown(now, stepSeconds);
  return {
    start: new Date(end.getTime() - RANGES[range].seconds * 1000),
    end,
    stepSeconds,
    rateWindow: `${Math.max(300, stepSeconds)}s`,
  };
}

/** Whether any series has a point. */
export function seriesFound(series: SignalSeries | undefined): boolean {
  return [...(series?.values() ?? [])].some(s => s.length > 0);
}

/**
 * One point per step from `start` to `end`, each signal's value at that
 * time or null; none at all when the query failed.
 */
export function pointsOf(
  series: SignalSeries | undefined,
  { start, end, stepSeconds }: SeriesWindow,
  llm = false,
): ServingTimePoint[] {
  if (!series) return [];
  const byTime = new Map<number, Record<string, number | null>>();
  for (let t = start.getTime(); t <= end.getTime(); t += stepSeconds * 1000) {
    byTime.set(t, {});
  }
  for (const [name, values] of series) {
    for (const [t, value] of values) {
      const row = byTime.get(t);
      if (row) row[name] = value;
    }
  }
  return [...byTime.entries()].map(([t, row]) => ({
    t,
    requestsPerSecond: row.rps ?? null,
    errorRatio: row.error_ratio ?? null,
    p50Ms: row.p50 ?? null,
    p95Ms: row.p95 ?? null,
    p99Ms: row.p99 ?? null,
    meanMs: row.mean ?? null,
    ...(llm ? llmPointOf(row) : {}),
  }));
}
