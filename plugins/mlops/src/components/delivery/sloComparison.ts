import { AnalysisRunView, RevisionSlo } from '@internal/plugin-mlops-common';
import { formatMs, formatPercent, formatRate } from '../shared/format';

type Figure =
  | 'requestsPerSecond'
  | 'errorRatio'
  | 'latencyP95Seconds'
  | 'ttftSlowShare';

/** One line of the stable-against-canary table. */
export interface SloComparisonRow {
  figure: Figure;
  label: string;
  stable: string;
  canary: string;
  /** The analysis' threshold for the figure, when a metric of the analysis states one. */
  threshold: string | null;
  /** The canary is worse than the stable, and over the threshold when one is known. */
  canaryWorse: boolean;
}

/* The chart's AnalysisTemplate names its metrics error-ratio, latency-p95 and
 * ttft-slow-share, in the same units as RevisionSlo (ratio, seconds, ratio). */
const ANALYSIS_METRIC: Partial<Record<Figure, RegExp>> = {
  errorRatio: /error/i,
  latencyP95Seconds: /latency|p95/i,
  ttftSlowShare: /ttft/i,
};

/** The newest threshold each SLO figure is judged by in the analysis runs (newest first). */
export function analysisThresholds(
  runs: AnalysisRunView[],
): Partial<Record<Figure, number>> {
  const found: Partial<Record<Figure, number>> = {};
  for (const [figure, pattern] of Object.entries(ANALYSIS_METRIC) as Array<
    [Figure, RegExp]
  >) {
    for (const run of runs) {
      const metric = run.metrics.find(
        m => m.threshold !== null && pattern.test(m.name),
      );
      if (metric?.threshold !== null && metric?.threshold !== undefined) {
        found[figure] = metric.threshold;
        break;
      }
    }
  }
  return found;
}

const FIGURES: Array<{
  figure: Figure;
  label: string;
  format: (value: number | null | undefined) => string;
  /** Only rates have no "worse" side. */
  higherIsWorse: boolean;
}> = [
  {
    figure: 'requestsPerSecond',
    label: 'Requests/s',
    format: formatRate,
    higherIsWorse: false,
  },
  {
    figure: 'errorRatio',
    label: 'Error ratio',
    format: formatPercent,
    higherIsWorse: true,
  },
  {
    figure: 'latencyP95Seconds',
    label: 'Latency p95',
    format: s => formatMs(s === null || s === undefined ? s : s * 1000),
    higherIsWorse: true,
  },
  {
    figure: 'ttftSlowShare',
    label: 'TTFT slow share',
    format: formatPercent,
    higherIsWorse: true,
  },
];

function canaryWorse(
  stable: number | null,
  canary: number | null,
  threshold: number | undefined,
): boolean {
  if (canary === null) return false;
  const worseThanStable = stable === null || canary > stable;
  if (threshold !== undefined) return worseThanStable && canary > threshold;
  return stable !== null && canary > stable;
}

/**
 * The stable and the canary revision's SLO figures side by side; the TTFT
 * line only for services that report it or whose analysis judges it.
 */
export function compareSlo(
  stable: RevisionSlo | null,
  canary: RevisionSlo | null,
  runs: AnalysisRunView[],
): SloComparisonRow[] {
  const thresholds = analysisThresholds(runs);
  const value = (slo: RevisionSlo | null, figure: Figure) =>
    slo?.[figure] ?? null;
  return FIGURES.filter(
    f =>
      f.figure !== 'ttftSlowShare' ||
      value(stable, f.figure) !== null ||
      value(canary, f.figure) !== null ||
      thresholds[f.figure] !== undefined,
  ).map(f => {
    const threshold = thresholds[f.figure];
    const s = value(stable, f.figure);
    const c = value(canary, f.figure);
    return {
      figure: f.figure,
      label: f.label,
      stable: f.format(s),
      canary: f.format(c),
      threshold: threshold === undefined ? null : f.format(threshold),
      canaryWorse: f.higherIsWorse && canaryWorse(s, c, threshold),
    };
  });
}
